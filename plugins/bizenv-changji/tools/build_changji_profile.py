"""Build the Changji profile (src/bizenv_changji/profile.json) from the bundled source text.

The source is 昌吉州实施营商环境优化提升三年行动方案（2023—2025年） (昌州党办发〔2023〕17号), bundled
byte-identical in src/bizenv_changji/sources/. This tool reads from it everything the text itself
carries: the areas of section 二、主要任务 with their lead units, every numbered measure with its
text, title, 责任单位 cell and line number. The knowledge that needs a reader (region metadata,
the unit table, categories, targets, data notes) lives in tools/changji_curated.toml.

    python tools/build_changji_profile.py           # write profile.json
    python tools/build_changji_profile.py --check   # exit 1 if profile.json is stale
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PLUGIN = Path(__file__).resolve().parent.parent
PACKAGE = PLUGIN / "src" / "bizenv_changji"
SEED_NAME = "003_0571abc50a7b2424.txt"
SEED = PACKAGE / "sources" / SEED_NAME
CURATED = Path(__file__).resolve().parent / "changji_curated.toml"
OUTPUT = PACKAGE / "profile.json"
SCHEMA = "bizenv-profile/1"

# Section 二、主要任务 holds the areas and measures; 三、保障措施 ends it.
SECTION_START = re.compile(r"^#*\s*二、主要任务\s*$")
SECTION_END = re.compile(r"^#*\s*\**三、保障措施\**\s*$")
# "### （一）提高开办企业便利度（牵头单位：州市场监督管理局）"; some headings have no "#" and ASCII brackets.
AREA_HEADING = re.compile(
    r"^(?:#+\s*)?[（(](?P<num>[一二三四五六七八九十]+)[）)]\s*(?P<title>.+?)\s*"
    r"[（(]牵头单位[:：](?P<lead>[^（）()]+)[）)]\s*$"
)
# "1.提升企业开办服务水平。…", "43. 监督指导…"
MEASURE_START = re.compile(r"^(?P<num>\d+)\.\s*")
# The measure's unit cell closes it: "（责任单位：…）", "(责任单位:…)", or mixed brackets.
UNIT_CELL = re.compile(r"[（(]责任单位[:：](?P<cell>[^（）()]+)[）)]$")
CHAIN_SEPARATOR = re.compile(r"[，,]")
ITEM_SEPARATOR = "、"
ASCII_WORD = re.compile(r"[0-9A-Za-z]")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
TARGET_KEYS = ("metric", "comparator", "value", "low", "high", "unit", "baseline", "aggregation", "scope", "due", "raw")


class BuildError(Exception):
    """The source or the curated data do not fit together; the message says where."""


@dataclass
class ParsedArea:
    num: str
    title: str
    lead_cell: str
    line: int

    @property
    def id(self) -> str:
        return f"（{self.num}）"


@dataclass
class ParsedMeasure:
    id: str
    area: str
    line: int
    lines: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        """The measure as printed, joined across line and page breaks, number prefix removed."""
        joined = repair("".join(line.strip() for line in self.lines))
        return MEASURE_START.sub("", joined, count=1)


def repair(text: str) -> str:
    """Remove the spaces PDF extraction left inside Chinese text; keep a space between two ASCII word characters."""
    out: list[str] = []
    for index, char in enumerate(text):
        if char.isspace():
            before = out[-1] if out else ""
            after = next((c for c in text[index + 1 :] if not c.isspace()), "")
            if ASCII_WORD.fullmatch(before) and ASCII_WORD.fullmatch(after):
                out.append(" ")
            continue
        out.append(char)
    return "".join(out)


def parse_source(text: str) -> tuple[list[ParsedArea], list[ParsedMeasure]]:
    """Areas and measures of section 二, in source order, with 1-based line numbers."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if SECTION_START.match(line)), None)
    end = next((i for i, line in enumerate(lines) if SECTION_END.match(line)), None)
    if start is None or end is None or end <= start:
        raise BuildError("cannot find section 二、主要任务 … 三、保障措施 in the source")
    areas: list[ParsedArea] = []
    measures: list[ParsedMeasure] = []
    current: ParsedMeasure | None = None
    for index in range(start + 1, end):
        line = lines[index].strip()
        number = index + 1
        if not line:
            continue
        if heading := AREA_HEADING.match(line):
            areas.append(ParsedArea(heading["num"], heading["title"], heading["lead"].strip(), number))
            current = None
        elif start_match := MEASURE_START.match(line):
            if not areas:
                raise BuildError(f"line {number}: measure before the first area heading")
            current = ParsedMeasure(start_match["num"], areas[-1].id, number, [line])
            measures.append(current)
        elif current is not None:
            current.lines.append(line)
        else:
            raise BuildError(f"line {number}: text outside any measure: {line[:30]!r}")
    return areas, measures


def split_body(measure: ParsedMeasure) -> tuple[str, str]:
    """(title, unit cell) of a measure: the title is its first sentence, the cell its closing 责任单位."""
    body = measure.body
    cell = UNIT_CELL.search(body)
    if cell is None:
        raise BuildError(f"measure {measure.id} (line {measure.line}): no closing 责任单位 cell")
    title, sep, _ = body.partition("。")
    if not sep or len(title) > 60:
        raise BuildError(f"measure {measure.id} (line {measure.line}): no title sentence")
    return title, cell["cell"].strip()


class Units:
    """The curated unit table, resolving unit fragments as the source writes them."""

    def __init__(self, table: list[dict[str, Any]]) -> None:
        self.table = table
        self.alias: dict[str, str] = {}
        for unit in table:
            for name in [unit["name"], *unit.get("aliases", [])]:
                if name in self.alias:
                    raise BuildError(f"unit name {name!r} is listed twice in the unit table")
                self.alias[name] = unit["name"]
        self.used: set[str] = set()

    def refs(self, cell: str, where: str) -> list[Any]:
        """Unit references for a cell such as "州市场监督管理局、人社局，各县市〈园区〉人民政府〈管委会〉".

        Chains are separated by "，"; inside a chain "、" separates units, and a fragment without the
        州 prefix after a 州 head ("州税务局、公安局") means the 州 unit: written in the object form.
        """
        out: list[Any] = []
        unknown: list[str] = []
        for chain in CHAIN_SEPARATOR.split(cell):
            items = [item.strip() for item in chain.split(ITEM_SEPARATOR) if item.strip()]
            head_is_prefecture = bool(items) and items[0].startswith("州")
            for item in items:
                if item in self.alias:
                    out.append(item)
                    self.used.add(self.alias[item])
                elif head_is_prefecture and not item.startswith("州") and "州" + item in self.alias:
                    name = self.alias["州" + item]
                    out.append({"raw": item, "name": name})
                    self.used.add(name)
                else:
                    unknown.append(item)
        if unknown:
            raise BuildError(f"{where}: units not in the unit table: {', '.join(unknown)}")
        return out


def target_dict(data: dict[str, Any], text: str, where: str) -> dict[str, Any]:
    extra = set(data) - set(TARGET_KEYS)
    if extra:
        raise BuildError(f"{where}: unknown target fields {sorted(extra)}")
    raw = data.get("raw", "")
    if not raw or raw not in text:
        raise BuildError(f"{where}: raw {raw!r} is not in the measure's text")
    for key in ("value", "low", "high", "baseline"):
        value = data.get(key)
        if value is None:
            continue
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        # 0 is written in words: 零 (三零: 零上门…) or same-day wording (即办, 当场, 当日).
        zero_in_words = value == 0 and re.search(r"即办|当场|当日|零", raw)
        if not zero_in_words and shown not in NUMBER.findall(raw):
            raise BuildError(f"{where}: {key} {value!r} does not occur in raw {raw!r}")
    due = data.get("due")
    if isinstance(due, str) and due not in text:
        raise BuildError(f"{where}: due {due!r} is not in the measure's text")
    out = {key: data[key] for key in TARGET_KEYS if key in data}
    out.setdefault("aggregation", "each")
    return {key: out[key] for key in TARGET_KEYS if key in out}


def build(seed_text: str, curated: dict[str, Any]) -> dict[str, Any]:
    areas, measures = parse_source(seed_text)
    units = Units(curated["units"])
    document_id = curated["document"]["id"]
    area_data: dict[str, Any] = curated.get("areas", {})
    measure_data: dict[str, Any] = curated.get("measures", {})

    parsed_area_ids = [a.id for a in areas]
    for key in area_data:
        if key not in parsed_area_ids:
            raise BuildError(f"curated area {key!r} is not in the source")
    parsed_ids = {m.id for m in measures}
    for key in measure_data:
        if key not in parsed_ids:
            raise BuildError(f"curated measure {key!r} is not in the source")

    out_areas = []
    for area in areas:
        if area.id not in area_data:
            raise BuildError(f"area {area.id} has no curated entry (categories)")
        out_areas.append(
            {
                "id": area.id,
                "document": document_id,
                "title": area.title,
                "lead_units": units.refs(area.lead_cell, f"area {area.id}"),
                "provenance": {"clause": f"二、{area.id}", "line": area.line},
            }
        )

    out_measures = []
    for measure in measures:
        where = f"measure {measure.id}"
        text = measure.body
        title, cell = split_body(measure)
        extra: dict[str, Any] = measure_data.get(measure.id, {})
        categories = list(area_data[measure.area]["categories"])
        for code in extra.get("categories", []):
            if code not in categories:
                categories.append(code)
        targets = [target_dict(t, text, f"{where} target #{i + 1}") for i, t in enumerate(extra.get("targets", []))]
        notes = [dict(n) for n in extra.get("notes", [])]
        if reason := extra.get("no_targets"):
            raw = extra.get("no_targets_raw", "")
            if not raw or raw not in text:
                raise BuildError(f"{where}: no_targets_raw {raw!r} is not in the measure's text")
            notes.append({"field": "targets", "raw": raw, "reading": "no target", "reason": reason})
        out_measures.append(
            {
                "id": measure.id,
                "document": document_id,
                "area": measure.area,
                "title": title,
                "text": text,
                "categories": categories,
                "lead_units": [],
                "responsible_units": units.refs(cell, where),
                "cooperating_units": [],
                "units_raw": {"responsible": cell},
                "deadline": None,
                "targets": targets,
                "items": [],
                "provenance": {"clause": f"二、{measure.area}{measure.id}", "line": measure.line},
                "notes": notes,
            }
        )

    unused = [u["name"] for u in curated["units"] if u["name"] not in units.used]
    if unused:
        raise BuildError(f"units in the table that the source never names: {', '.join(unused)}")

    document = dict(curated["document"])
    document["seed_file"] = SEED_NAME
    return {
        "schema": SCHEMA,
        "region": curated["region"],
        "documents": [document],
        "units": [
            {
                "name": u["name"],
                "aliases": list(u.get("aliases", [])),
                "group": bool(u.get("group", False)),
                **({"en": u["en"]} if "en" in u else {}),
            }
            for u in curated["units"]
        ],
        "areas": out_areas,
        "measures": out_measures,
    }


def render(data: dict[str, Any]) -> str:
    import bizenv

    canonical = bizenv.profile_to_dict(bizenv.profile_from_dict(data, "changji (build)"))
    return json.dumps(canonical, ensure_ascii=False, indent=1) + "\n"


def validate(data: dict[str, Any]) -> None:
    """Load the built data through bizenv and refuse it if validation reports errors."""
    import bizenv

    profile = bizenv.profile_from_dict(data, "profile.json")
    errors = [p for p in bizenv.validate_profile(profile) if p.level == "error"]
    if errors:
        raise BuildError("validation errors:\n" + "\n".join(str(e) for e in errors))


def uncovered(data: dict[str, Any]) -> list[str]:
    """Measures whose text (without the unit cell) has a digit but neither a target nor a note on targets."""
    out = []
    for m in data["measures"]:
        body = UNIT_CELL.sub("", m["text"])
        has_note = any(n["field"] == "targets" or n["field"].startswith("targets[") for n in m["notes"])
        if re.search(r"\d", body) and not m["targets"] and not has_note:
            out.append(m["id"])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if profile.json differs from a fresh build")
    args = parser.parse_args(argv)
    try:
        curated = tomllib.loads(CURATED.read_text(encoding="utf-8"))
        data = build(SEED.read_text(encoding="utf-8"), curated)
        validate(data)
    except BuildError as exc:
        print(f"build_changji_profile: {exc}", file=sys.stderr)
        return 2
    for measure_id in uncovered(data):
        print(f"warning: measure {measure_id} has numbers but no target and no note on targets", file=sys.stderr)
    text = render(data)
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT.relative_to(PLUGIN)} is stale: run tools/build_changji_profile.py", file=sys.stderr)
            return 1
        print(f"{OUTPUT.relative_to(PLUGIN)} is up to date")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(PLUGIN)}: {len(data['areas'])} areas, {len(data['measures'])} measures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
