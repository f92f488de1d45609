"""Build the Yiwu profile (src/bizenv_yiwu/profile.json) from the bundled source text and the curated data.

The parser reads from the source text: areas (headings （一）…（十七） of section 二, with their 牵头单位),
measures ("N." headings with their paragraph, sub-measures "N.M", and the safeguards （一）…（八） of
section 三), their text, 责任单位 cells, 完成时限 and enumerated items, with line numbers. The hand-made
knowledge (unit table, categories, targets, data notes, deadline readings) is in tools/yiwu_curated.toml.

    python tools/build_yiwu_profile.py          # write profile.json
    python tools/build_yiwu_profile.py --check  # exit 1 if profile.json is not what a fresh build gives
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bizenv import parse_deadline, profile_from_dict, profile_to_dict
from bizenv.errors import DeadlineError

PLUGIN = Path(__file__).resolve().parents[1]
PACKAGE = PLUGIN / "src" / "bizenv_yiwu"
SEED_NAME = "004_a1616a89b6850fbe.txt"
SEED = PACKAGE / "sources" / SEED_NAME
CURATED = PLUGIN / "tools" / "yiwu_curated.toml"
OUTPUT = PACKAGE / "profile.json"
SCHEMA = "bizenv-profile/1"

CN_NUMERAL = "一二三四五六七八九十"
AREA_RE = re.compile(rf"^（([{CN_NUMERAL}]+)）(?P<title>.+?)（牵头单位[：:](?P<lead>.+)$")
SAFEGUARD_RE = re.compile(rf"^（(?P<num>[{CN_NUMERAL}]+)）(?P<rest>.+)$")
SECTION_RE = re.compile(rf"^([{CN_NUMERAL}]+)、(.+)$")
TOP_RE = re.compile(r"^(?P<num>\d+)\.(?!\d)(?P<rest>.*)$")
SUB_RE = re.compile(r"^(?P<top>\d+)\.(?P<sub>\d+)(?P<rest>.*)$")
ITEM_RE = re.compile(r"^（(?P<num>\d+)）(?P<rest>.+)$")
ITEMS_LABEL_RE = re.compile(r"^[^（(]{2,12}[：:]$")
RESP_START_RE = re.compile(r"[（(]责任单位[：:]")
RESP_RE = re.compile(r"^[（(]责任单位[：:](?P<units>.+?)(?:[；;，,]完成时限[：:](?P<deadline>.+?))?[）)]。?$")
ITEM_END = "；;。"


class BuildError(ValueError):
    """The source text or the curated data does not fit what the build expects."""


@dataclass
class Parsed:
    """A measure as the source text gives it."""

    id: str
    kind: str  # "top" (N.), "sub" (N.M) or "safeguard" (三、（N）)
    area: str | None
    clause: str
    line: int
    title: str
    text: str = ""
    units_cell: str | None = None
    deadline: str | None = None
    items: list[str] = field(default_factory=list)
    items_label: str | None = None
    body_line: int | None = None
    number_line: str | None = None  # the heading line, for a measure whose text has no number of its own
    implicit_number: bool = False


@dataclass
class ParsedArea:
    id: str
    title: str
    lead_cell: str | None
    line: int | None


@dataclass
class ParsedSource:
    title: str
    areas: list[ParsedArea]
    measures: list[Parsed]


def split_responsibility(paragraph: str, where: str) -> tuple[str, str | None, str | None]:
    """(paragraph, units cell, deadline raw); the paragraph keeps its 责任单位 parenthesis."""
    starts = list(RESP_START_RE.finditer(paragraph))
    if not starts:
        return paragraph, None, None
    tail = paragraph[starts[-1].start() :]
    m = RESP_RE.match(tail)
    if not m:
        raise BuildError(f"{where}: cannot read the 责任单位/完成时限 parenthesis {tail!r}")
    return paragraph, m["units"].strip(), (m["deadline"].strip() if m["deadline"] else None)


def lead_cell(raw: str) -> str:
    """The 牵头单位 cell of an area heading: the text up to the heading's closing bracket.

    Where the heading's bracket is not closed (（九）, line 373: "…（牵头单位：住房和城乡建设局（交通运输局）"),
    the last bracket is read as the heading's and the cell keeps the unbalanced text as written.
    """
    raw = raw.strip()
    if raw[-1:] in "）)":
        raw = raw[:-1]
    return raw.strip()


def parse_source(text: str) -> ParsedSource:
    lines = text.split("\n")
    numbered = [(i + 1, line.strip()) for i, line in enumerate(lines) if line.strip()]
    if not numbered:
        raise BuildError("empty source")
    title = numbered[0][1]
    areas: list[ParsedArea] = [ParsedArea("（一）", "", None, None)]
    measures: list[Parsed] = []
    section = "二"
    area = "（一）"
    current_top: Parsed | None = None
    last: Parsed | None = None

    def next_line(pos: int) -> str:
        return numbered[pos + 1][1] if pos + 1 < len(numbered) else ""

    for pos, (lineno, line) in enumerate(numbered[1:], start=1):
        where = f"line {lineno}"
        if m := SECTION_RE.match(line):
            section = m[1]
            current_top = last = None
            continue
        if section == "三":
            m = SAFEGUARD_RE.match(line)
            if not m:
                raise BuildError(f"{where}: unexpected line in section 三: {line[:30]!r}")
            rest, cell, deadline = split_responsibility(m["rest"], where)
            if cell is None:
                raise BuildError(f"{where}: safeguard without 责任单位")
            num = m["num"]
            measures.append(
                Parsed(
                    id=f"保障措施（{num}）",
                    kind="safeguard",
                    area=None,
                    clause=f"三、（{num}）",
                    line=lineno,
                    title=rest.split("。", 1)[0],
                    text=rest,
                    units_cell=cell,
                    deadline=deadline,
                )
            )
            continue
        if m := AREA_RE.match(line):
            area = f"（{m[1]}）"
            areas.append(ParsedArea(area, m["title"].strip(), lead_cell(m["lead"]), lineno))
            current_top = last = None
            continue
        if m := SUB_RE.match(line):
            if current_top is None or current_top.id != m["top"] or current_top.body_line is not None:
                raise BuildError(f"{where}: sub-measure {m['top']}.{m['sub']} outside measure {m['top']}")
            rest, cell, deadline = split_responsibility(m["rest"].strip(), where)
            last = Parsed(
                id=f"{m['top']}.{m['sub']}",
                kind="sub",
                area=area,
                clause=f"{section}、{area}{m['top']}.{m['sub']}",
                line=lineno,
                title="",
                text=rest,
                units_cell=cell,
                deadline=deadline,
            )
            measures.append(last)
            continue
        if m := TOP_RE.match(line):
            if RESP_START_RE.search(line):
                raise BuildError(f"{where}: numbered heading with a 责任单位 parenthesis: {line[:30]!r}")
            current_top = last = Parsed(
                id=m["num"],
                kind="top",
                area=area,
                clause=f"{section}、{area}{m['num']}",
                line=lineno,
                title=m["rest"].strip(),
                text=m["rest"].strip(),
            )
            measures.append(current_top)
            continue
        if m := ITEM_RE.match(line):
            if last is None or last.items_label is None:
                raise BuildError(f"{where}: enumerated item outside a list: {line[:30]!r}")
            if int(m["num"]) != len(last.items) + 1:
                raise BuildError(f"{where}: item （{m['num']}） out of order")
            last.items.append(m["rest"].strip().rstrip(ITEM_END))
            continue
        if RESP_START_RE.search(line):
            # A paragraph without a number of its own: the text of the "N." heading right before it.
            if current_top is None or last is not current_top or current_top.body_line is not None:
                raise BuildError(f"{where}: paragraph with 责任单位 that follows no heading: {line[:30]!r}")
            rest, cell, deadline = split_responsibility(line, where)
            current_top.text = rest
            current_top.units_cell = cell
            current_top.deadline = deadline
            current_top.body_line = lineno
            current_top.number_line = numbered[pos - 1][1]
            continue
        if ITEMS_LABEL_RE.match(line) and last is not None and last.units_cell is not None:
            last.items_label = line
            continue
        if (s := SUB_RE.match(next_line(pos))) and s["sub"] == "1" and current_top is None:
            # A heading whose "N." is missing: the sub-measures N.1… that follow number it.
            current_top = last = Parsed(
                id=s["top"],
                kind="top",
                area=area,
                clause=f"{section}、{area}{s['top']}",
                line=lineno,
                title=line,
                text=line,
                implicit_number=True,
            )
            measures.append(current_top)
            continue
        raise BuildError(f"{where}: line of unknown kind: {line[:30]!r}")
    return ParsedSource(title, areas, measures)


# -- units ------------------------------------------------------------------------------------------

OPEN, CLOSE = "（(“《", "）)”》"


def split_cell(cell: str) -> list[str]:
    """Split a unit cell at 、，, outside brackets and quotation marks."""
    parts: list[str] = []
    depth = 0
    current = ""
    for ch in cell:
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(depth - 1, 0)
        if depth == 0 and ch in "、，,":
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


class UnitTable:
    def __init__(self, units: Sequence[Mapping[str, Any]], fragments: Mapping[str, Any]) -> None:
        self.known: set[str] = set()
        for unit in units:
            self.known.add(unit["name"])
            self.known.update(unit.get("aliases", []))
        self.fragments = fragments
        self.used_fragments: set[str] = set()

    def refs(self, cell: str, where: str) -> list[Any]:
        out: list[Any] = []
        for fragment in split_cell(cell):
            if fragment in self.fragments:
                self.used_fragments.add(fragment)
                replacement = self.fragments[fragment]
                for ref in replacement:
                    self._check(ref, where)
                    out.append(dict(ref) if isinstance(ref, Mapping) else ref)
            else:
                self._check(fragment, where)
                out.append(fragment)
        return out

    def _check(self, ref: Any, where: str) -> None:
        name = ref.get("name", ref.get("raw")) if isinstance(ref, Mapping) else ref
        if name not in self.known:
            raise BuildError(f"{where}: unit {name!r} is not in the unit table")


# -- assembling -------------------------------------------------------------------------------------

TARGET_FIELDS = ("metric", "comparator", "value", "low", "high", "unit", "baseline", "aggregation", "scope", "due")


def target_dict(data: Mapping[str, Any], text: str, where: str) -> dict[str, Any]:
    extra = set(data) - {*TARGET_FIELDS, "raw", "label"}
    if extra:
        raise BuildError(f"{where}: unknown target fields {sorted(extra)}")
    raw = data["raw"]
    if raw not in text:
        raise BuildError(f"{where}: target raw {raw!r} is not in the measure's text")
    out: dict[str, Any] = {}
    for key in TARGET_FIELDS:
        value = data.get(key)
        if key == "aggregation" and value is None:
            value = "each"
        out[key] = value
    out["raw"] = raw
    if "label" in data:
        out["label"] = data["label"]
    return out


def number_note(p: Parsed) -> dict[str, str]:
    if p.implicit_number:
        return {
            "field": "id",
            "raw": p.title,
            "reading": p.id,
            "reason": (
                f"the heading at line {p.line} carries no number; the sub-measures {p.id}.1… that follow it "
                f"number it {p.id} (the source has no measure 1 and no heading for area （一）)"
            ),
        }
    assert p.number_line is not None
    return {
        "field": "id",
        "raw": p.number_line,
        "reading": p.id,
        "reason": (
            f"the paragraph at line {p.body_line} that carries the 责任单位 and 完成时限 has no number of its "
            f"own; it is the text of heading {p.id} on line {p.line}, whose number it takes"
        ),
    }


def measure_dict(
    p: Parsed, curated: Mapping[str, Any], area_categories: Mapping[str, list[str]], table: UnitTable, doc: str
) -> dict[str, Any]:
    where = f"measure {p.id} (line {p.line})"
    extra = set(curated) - {"categories", "targets", "notes", "deadline"}
    if extra:
        raise BuildError(f"{where}: unknown curated fields {sorted(extra)}")
    if "categories" in curated:
        categories = list(curated["categories"])
    elif p.kind == "safeguard":
        categories = ["general_safeguards"]
    else:
        assert p.area is not None
        categories = list(area_categories[p.area])
    notes: list[dict[str, str]] = []
    if p.implicit_number or p.number_line is not None:
        notes.append(number_note(p))
    deadline: Any = p.deadline
    if "deadline" in curated:
        override = curated["deadline"]
        if override.get("raw") != p.deadline:
            raise BuildError(f"{where}: curated deadline {override.get('raw')!r} is not the source's {p.deadline!r}")
        deadline = {"raw": override["raw"], "date": override.get("date")}
        if not any(n.get("field") == "deadline" for n in curated.get("notes", [])):
            raise BuildError(f"{where}: a deadline read as {override.get('date')} needs a note on field 'deadline'")
    elif p.deadline is not None:
        try:
            parse_deadline(p.deadline)
        except DeadlineError as exc:
            raise BuildError(f"{where}: {exc}; give the reading as deadline = {{raw, date}} with a note") from None
    if p.items_label is not None:
        notes.append(
            {
                "field": "items",
                "raw": p.items_label,
                "reading": f"items （1）…（{len(p.items)}） of this measure",
                "reason": (
                    "the source lists them after the measure's paragraph under this label; the item numbers and "
                    "the trailing ；/。 are not kept"
                ),
            }
        )
    for note in curated.get("notes", []):
        if set(note) != {"field", "raw", "reading", "reason"}:
            raise BuildError(f"{where}: a note needs exactly field, raw, reading, reason")
        notes.append(dict(note))
    targets = [target_dict(t, p.text, f"{where} target #{i + 1}") for i, t in enumerate(curated.get("targets", []))]
    units_raw = {} if p.units_cell is None else {"responsible": p.units_cell}
    responsible = [] if p.units_cell is None else table.refs(p.units_cell, where)
    return {
        "id": p.id,
        "document": doc,
        "area": p.area,
        "title": p.title,
        "text": p.text,
        "categories": categories,
        "responsible_units": responsible,
        "units_raw": units_raw,
        "deadline": deadline,
        "targets": targets,
        "items": list(p.items),
        "provenance": {"clause": p.clause, "line": p.line},
        "notes": notes,
    }


def build(seed_text: str, curated: Mapping[str, Any]) -> dict[str, Any]:
    source = parse_source(seed_text)
    table = UnitTable(curated["units"], curated.get("fragments", {}))
    doc = curated["document"]
    doc_id = doc["id"]
    curated_areas: Mapping[str, Any] = curated.get("areas", {})
    curated_measures: Mapping[str, Any] = curated.get("measures", {})

    areas: list[dict[str, Any]] = []
    area_categories: dict[str, list[str]] = {}
    for a in source.areas:
        info = curated_areas.get(a.id)
        if info is None:
            raise BuildError(f"area {a.id}: no curated entry (categories)")
        title = a.title or info.get("title", "")
        if a.title and "title" in info:
            raise BuildError(f"area {a.id}: the source gives the title; the curated title is not used")
        if not title:
            raise BuildError(f"area {a.id}: no title")
        area_categories[a.id] = list(info["categories"])
        entry: dict[str, Any] = {
            "id": a.id,
            "document": doc_id,
            "title": title,
            "lead_units": [] if a.lead_cell is None else table.refs(a.lead_cell, f"area {a.id}"),
        }
        if a.line is not None:
            entry["provenance"] = {"clause": f"二、{a.id}", "line": a.line}
        else:
            first = next(m for m in source.measures if m.area == a.id)
            entry["provenance"] = {"clause": f"二、{a.id}", "line": first.line}
        areas.append(entry)
    if unknown := set(curated_areas) - {a.id for a in source.areas}:
        raise BuildError(f"curated areas not in the source: {sorted(unknown)}")

    ids = [m.id for m in source.measures]
    if len(set(ids)) != len(ids):
        raise BuildError("duplicate measure ids")
    if unknown := set(curated_measures) - set(ids):
        raise BuildError(f"curated measures not in the source: {sorted(unknown)}")
    measures = [
        measure_dict(p, curated_measures.get(p.id, {}), area_categories, table, doc_id) for p in source.measures
    ]
    if unused := set(table.fragments) - table.used_fragments:
        raise BuildError(f"curated fragments never met in the source: {sorted(unused)}")

    region = dict(curated["region"])
    region.setdefault("sub_units", [])
    return {
        "schema": SCHEMA,
        "region": region,
        "documents": [
            {
                "id": doc_id,
                "title": doc["title"],
                "issuer": doc["issuer"],
                "number": doc.get("number"),
                "date": doc.get("date"),
                "seed_file": SEED_NAME,
            }
        ],
        "units": [
            {
                "name": u["name"],
                "aliases": list(u.get("aliases", [])),
                "group": bool(u.get("group", False)),
                "en": u.get("en"),
            }
            for u in curated["units"]
        ],
        "areas": areas,
        "measures": measures,
    }


def render(profile: Mapping[str, Any]) -> str:
    canonical = profile_to_dict(profile_from_dict(profile, "yiwu (build)"))
    return json.dumps(canonical, ensure_ascii=False, indent=1) + "\n"


def fresh() -> str:
    seed_text = SEED.read_text(encoding="utf-8")
    with CURATED.open("rb") as fh:
        curated = tomllib.load(fh)
    return render(build(seed_text, curated))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if profile.json is stale")
    args = parser.parse_args(argv)
    try:
        text = fresh()
    except BuildError as exc:
        print(f"build_yiwu_profile: {exc}", file=sys.stderr)
        return 2
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is stale: run python tools/build_yiwu_profile.py", file=sys.stderr)
            return 1
        print(f"{OUTPUT.name} is up to date")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
