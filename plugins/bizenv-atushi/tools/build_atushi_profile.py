"""Build the Atushi profile (profile.json) from the bundled source text and the curated data.

The source, 阿图什市优化营商环境25条措施 (阿政办发〔2022〕22号), is prose. Under 二、主要措施 it has
three areas headed （一）（二）（三） and 25 measures numbered "1." … "25." (one "16、"); each
measure is one paragraph followed by a 牵头单位 line and a 配合单位 line. This tool reads the
areas, measure ids, titles, texts, unit cells and line numbers from that text, and takes the
rest (region, unit table, categories, targets, notes) from atushi_curated.toml next to it.

    python tools/build_atushi_profile.py           # write src/bizenv_atushi/profile.json
    python tools/build_atushi_profile.py --check   # exit 1 if profile.json is not what a build gives
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bizenv

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent / "src" / "bizenv_atushi"
CURATED = HERE / "atushi_curated.toml"
PROFILE = PACKAGE / "profile.json"
SCHEMA = "bizenv-profile/1"

SECTION_START = "二、主要措施"
SECTION_END = re.compile(r"^[一二三四五六七八九十]+、")
AREA = re.compile(r"^（([一二三四五六七八九十]+)）(.+)$")
MEASURE = re.compile(r"^(\d{1,2})([.、])(.+)$")
UNIT_CELL = re.compile(r"^(牵头单位|配合单位)：(.*)$")
DOC_NUMBER = re.compile(r"^\S+〔\d{4}〕\d+号$")
DOC_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
ROLES = {"牵头单位": "lead", "配合单位": "cooperating"}
ROLE_FIELDS = {"lead": "lead_units", "cooperating": "cooperating_units"}
# Characters between which whitespace is PDF damage, not a word boundary.
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]"
_SPACE_IN_CJK = re.compile(rf"(?<={_CJK})\s+|\s+(?={_CJK})")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


class BuildError(ValueError):
    """The source text or the curated data is not what the build expects."""


@dataclass
class ParsedArea:
    id: str
    title: str
    line: int


@dataclass
class ParsedMeasure:
    id: str
    separator: str
    area: str
    title: str
    text: str
    line: int
    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class ParsedSource:
    number: str
    date: dt.date
    title_line: int
    areas: list[ParsedArea]
    measures: list[ParsedMeasure]


def repair(text: str) -> str:
    """Source text with PDF damage removed: <p> remnants and whitespace inside Chinese text."""
    text = re.sub(r"</?p>", "", text)
    return _SPACE_IN_CJK.sub("", text).strip()


def parse_source(text: str, title: str) -> ParsedSource:
    lines = text.splitlines()
    number = lines[0].strip()
    if not DOC_NUMBER.match(number):
        raise BuildError(f"line 1 is not a document number: {number!r}")
    date: dt.date | None = None
    title_line = 0
    for index, raw in enumerate(lines, start=1):
        line = raw.strip()
        if date is None and (m := DOC_DATE.match(line)):
            date = dt.date(int(m[1]), int(m[2]), int(m[3]))
        if not title_line and line == title:
            title_line = index
    if date is None or not title_line:
        raise BuildError("the source has no issue date line or no title line")
    try:
        start = next(i for i, raw in enumerate(lines) if raw.strip() == SECTION_START) + 1
    except StopIteration:
        raise BuildError(f"no {SECTION_START!r} heading") from None
    areas: list[ParsedArea] = []
    measures: list[ParsedMeasure] = []
    for index in range(start, len(lines)):
        line = repair(lines[index])
        lineno = index + 1
        if not line:
            continue
        if SECTION_END.match(line):
            break
        if m := AREA.match(line):
            areas.append(ParsedArea(id=f"（{m[1]}）", title=m[2], line=lineno))
        elif m := MEASURE.match(line):
            if not areas:
                raise BuildError(f"line {lineno}: measure before the first area")
            body = m[3]
            heading, stop, _rest = body.partition("。")
            if not stop:
                raise BuildError(f"line {lineno}: measure {m[1]} has no heading sentence")
            measures.append(
                ParsedMeasure(id=m[1], separator=m[2], area=areas[-1].id, title=heading, text=body, line=lineno)
            )
        elif m := UNIT_CELL.match(line):
            if not measures:
                raise BuildError(f"line {lineno}: unit cell before the first measure")
            role = ROLES[m[1]]
            if role in measures[-1].cells:
                raise BuildError(f"line {lineno}: measure {measures[-1].id} has two {m[1]} lines")
            measures[-1].cells[role] = m[2].strip()
        else:
            raise BuildError(f"line {lineno}: unexpected text {line[:30]!r}")
    return ParsedSource(number=number, date=date, title_line=title_line, areas=areas, measures=measures)


def split_units(cell: str) -> list[str]:
    """The unit names of a cell, split at 、 and ， outside “quotes”."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in cell:
        if char == "“":
            depth += 1
        elif char == "”":
            depth -= 1
        if char in "、，," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    if any(not p for p in parts):
        raise BuildError(f"empty unit name in cell {cell!r}")
    return parts


def _numbers(value: Any) -> list[float]:
    return [float(n) for n in _NUMBER.findall(str(value))]


def _number_in_raw(number: float, raw: str) -> bool:
    if number == 0 and "零" in raw:
        return True
    return number in _numbers(raw)


def build_target(measure_id: str, text: str, data: dict[str, Any]) -> dict[str, Any]:
    raw = str(data["raw"])
    if raw not in text:
        raise BuildError(f"measure {measure_id}: target raw {raw!r} is not in the measure's text")
    for key in ("value", "low", "high", "baseline"):
        if data.get(key) is not None and not _number_in_raw(float(data[key]), raw):
            raise BuildError(f"measure {measure_id}: target {key} {data[key]} does not occur in {raw!r}")
    known = {"metric", "comparator", "value", "low", "high", "unit", "baseline", "aggregation", "scope", "due", "raw"}
    if extra := set(data) - known:
        raise BuildError(f"measure {measure_id}: unknown target fields {sorted(extra)}")
    return {
        "metric": data["metric"],
        "comparator": data["comparator"],
        "value": data.get("value"),
        "low": data.get("low"),
        "high": data.get("high"),
        "unit": data["unit"],
        "baseline": data.get("baseline"),
        "aggregation": data.get("aggregation", "each"),
        "scope": data.get("scope"),
        "due": data.get("due"),
        "raw": raw,
    }


def unit_ref(fragment: str, alias: dict[str, str]) -> str | dict[str, str]:
    try:
        name = alias[fragment]
    except KeyError:
        raise BuildError(f"unit {fragment!r} is not in the curated unit table") from None
    return fragment if fragment == name else {"raw": fragment, "name": name}


def build(source_text: str, curated: dict[str, Any]) -> dict[str, Any]:
    document: dict[str, Any] = curated["document"]
    parsed = parse_source(source_text, document["title"])
    if parsed.number != document["number"]:
        raise BuildError(f"source number {parsed.number!r} differs from curated {document['number']!r}")
    if parsed.date.isoformat() != document["date"]:
        raise BuildError(f"source date {parsed.date} differs from curated {document['date']!r}")
    doc_id = str(document["id"])

    units: list[dict[str, Any]] = curated["units"]
    alias: dict[str, str] = {}
    for unit in units:
        for name in (unit["name"], *unit.get("aliases", [])):
            if name in alias:
                raise BuildError(f"unit name {name!r} appears twice in the unit table")
            alias[name] = unit["name"]

    curated_measures: dict[str, dict[str, Any]] = curated["measures"]
    parsed_ids = [m.id for m in parsed.measures]
    if len(set(parsed_ids)) != len(parsed_ids):
        raise BuildError(f"duplicate measure ids in the source: {parsed_ids}")
    if set(parsed_ids) != set(curated_measures):
        only_source = sorted(set(parsed_ids) - set(curated_measures))
        only_curated = sorted(set(curated_measures) - set(parsed_ids))
        raise BuildError(f"measures only in the source: {only_source}; only in the curated data: {only_curated}")

    measures: list[dict[str, Any]] = []
    for pm in parsed.measures:
        extra = curated_measures[pm.id]
        roles: dict[str, list[str | dict[str, str]]] = {"lead": [], "cooperating": []}
        fragments: dict[str, list[str]] = {}
        for role in ("lead", "cooperating"):
            if role not in pm.cells:
                raise BuildError(f"measure {pm.id} has no {role} unit cell")
            fragments[role] = split_units(pm.cells[role])
            roles[role] = [unit_ref(f, alias) for f in fragments[role]]
        notes: list[dict[str, str]] = [dict(n) for n in extra.get("notes", [])]
        for fragment, reason in extra.get("unit_notes", {}).items():
            hits = [(role, i) for role in fragments for i, f in enumerate(fragments[role]) if f == fragment]
            if len(hits) != 1:
                raise BuildError(f"measure {pm.id}: unit note for {fragment!r} matches {len(hits)} unit names")
            role, index = hits[0]
            notes.append(
                {
                    "field": f"{ROLE_FIELDS[role]}[{index}]",
                    "raw": fragment,
                    "reading": alias[fragment],
                    "reason": reason,
                }
            )
        area_clause = f"二、{pm.area}{pm.id}"
        measures.append(
            {
                "id": pm.id,
                "document": doc_id,
                "area": pm.area,
                "title": pm.title,
                "text": pm.text,
                "categories": list(extra["categories"]),
                "lead_leaders": [],
                "lead_units": roles["lead"],
                "responsible_units": [],
                "cooperating_units": roles["cooperating"],
                "units_raw": {"lead": pm.cells["lead"], "cooperating": pm.cells["cooperating"]},
                "deadline": None,
                "targets": [build_target(pm.id, pm.text, t) for t in extra.get("targets", [])],
                "items": [],
                "provenance": {"clause": area_clause, "line": pm.line},
                "notes": notes,
            }
        )
        if pm.separator != "." and not any(n["field"] == "id" for n in notes):
            raise BuildError(f"measure {pm.id} is numbered with {pm.separator!r}; the curated data needs a note")

    region: dict[str, Any] = curated["region"]
    return {
        "schema": SCHEMA,
        "region": {
            "id": region["id"],
            "names": region["names"],
            "parent": region["parent"],
            "calendar": region.get("calendar", "CN-XJ"),
            "sub_units": region.get("sub_units", []),
        },
        "documents": [
            {
                "id": doc_id,
                "title": document["title"],
                "issuer": document["issuer"],
                "number": document["number"],
                "date": document["date"],
                "seed_file": document["seed_file"],
            }
        ],
        "units": [
            {
                "name": u["name"],
                "aliases": list(u.get("aliases", [])),
                "group": bool(u.get("group", False)),
                "en": u.get("en"),
            }
            for u in units
        ],
        "areas": [
            {
                "id": a.id,
                "document": doc_id,
                "title": a.title,
                "parent": None,
                "lead_units": [],
                "provenance": {"clause": f"二、{a.id}", "line": a.line},
            }
            for a in parsed.areas
        ],
        "measures": measures,
    }


def render() -> str:
    curated = tomllib.loads(CURATED.read_text(encoding="utf-8"))
    seed = PACKAGE / "sources" / str(curated["document"]["seed_file"])
    profile = build(seed.read_text(encoding="utf-8"), curated)
    canonical = bizenv.profile_to_dict(bizenv.profile_from_dict(profile, "atushi (build)"))
    return json.dumps(canonical, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if profile.json is stale")
    args = parser.parse_args(argv)
    try:
        text = render()
    except BuildError as exc:
        print(f"build_atushi_profile: {exc}", file=sys.stderr)
        return 2
    if args.check:
        current = PROFILE.read_text(encoding="utf-8") if PROFILE.exists() else ""
        if current != text:
            print(f"{PROFILE} is stale; run {Path(__file__).name} to rebuild it", file=sys.stderr)
            return 1
        print(f"{PROFILE.name} is up to date")
        return 0
    PROFILE.write_text(text, encoding="utf-8")
    print(f"wrote {PROFILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
