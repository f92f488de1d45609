"""Build the Bazhou (巴州) region profile from the bundled source texts and the curated data.

Reads ``src/bizenv_bazhou/sources/*.txt`` (the two source documents, byte-identical copies) and
``tools/bazhou_curated.toml`` (targets, categories, unit table, notes), writes
``src/bizenv_bazhou/profile.json``. The output is deterministic: measures and areas in source order.

    python tools/build_bazhou_profile.py            # regenerate profile.json
    python tools/build_bazhou_profile.py --check    # exit 1 if profile.json is stale

What the parser reads from the sources: ids, areas, titles, texts (PDF damage repaired: line breaks
inside words, stray spaces and ``<p>`` remnants removed, nothing else changed), the unit and leader
cells, and the line each measure starts on. Everything else comes from the curated file.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bizenv

PLUGIN = Path(__file__).resolve().parent.parent
PACKAGE = PLUGIN / "src" / "bizenv_bazhou"
SOURCES = PACKAGE / "sources"
CURATED = PLUGIN / "tools" / "bazhou_curated.toml"
OUTPUT = PACKAGE / "profile.json"

INDICATOR_SEED = "000_17edc4f2f24e31d3.txt"
PLAN_SEED = "001_cb3a23dda335a852.txt"
INDICATOR_DOC = "bazhou-indicator-system"
PLAN_DOC = "bazhou-2022-plan"
INDICATOR_TITLE = "自治州优化营商环境评价指标体系责任分解"

Json = dict[str, Any]


class BuildError(Exception):
    """The sources or the curated data do not fit together; the message says where."""


# -- text repair --------------------------------------------------------------------------------

_TAG = re.compile(r"</?p>")
_SPACE = re.compile(r"\s+")


def _ascii_word(char: str) -> bool:
    return char.isascii() and char.isalnum()


def repair(cell: str) -> str:
    """A table cell or line with PDF damage removed: ``<p>`` tags and whitespace breaking the text.

    Whitespace is dropped everywhere except between two ASCII letters or digits (where it
    separates words); Chinese text has no spaces, so a space inside it is a line-wrap remnant.
    """
    text = _TAG.sub("", cell).strip()

    def keep(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        return " " if _ascii_word(before) and _ascii_word(after) else ""

    return _SPACE.sub(keep, text)


# -- curated data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Curated:
    data: Json

    @property
    def indicator_areas(self) -> dict[str, list[str]]:
        return {a["name"]: list(a["categories"]) for a in self.data["indicator_areas"]}

    @property
    def plan_areas(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self.data["plan_areas"].items()}

    @property
    def leaders(self) -> list[str]:
        return list(self.data["leaders"]["names"])

    def measure(self, measure_id: str) -> Json:
        entry: Json = self.data.get("measures", {}).get(measure_id, {})
        return entry

    def fragment(self, measure_id: str, role: str, raw: str) -> Json | None:
        for entry in self.data.get("fragments", []):
            if entry["measure"] == measure_id and entry["role"] == role and entry["raw"] == raw:
                found: Json = entry
                return found
        return None


def load_curated(path: Path = CURATED) -> Curated:
    with path.open("rb") as handle:
        return Curated(tomllib.load(handle))


# -- units --------------------------------------------------------------------------------------

_UNIT_SEPARATOR = re.compile(r"[、，,]|\s+")
_ETC = re.compile(r"(.+?)(等相关部门|等部门|等单位|等)")


@dataclass
class UnitTable:
    """Looks unit names up by name or alias and splits unit cells into references."""

    units: list[Json]
    curated: Curated
    alias: dict[str, Json] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for unit in self.units:
            for name in (unit["name"], *unit.get("aliases", [])):
                if name in self.alias:
                    raise BuildError(f"unit table: {name!r} is given twice")
                self.alias[name] = unit

    def ref(self, raw: str, name: str) -> Json:
        unit = self.alias[name]
        return {"raw": raw, "name": unit["name"], "group": bool(unit.get("group", False))}

    def split(self, cell: str, measure_id: str, role: str) -> tuple[list[Json], list[Json]]:
        """Unit references of a cell and the data notes made while reading it.

        A fragment in a list that follows a 州-prefixed unit ("州税务局、公安局") is read with the
        prefix ("州公安局"); "州党委组织部、宣传部" gives "州党委宣传部". A trailing 等 / 等相关部门
        becomes a reference to the group of other units concerned.
        """
        refs: list[Json] = []
        notes: list[Json] = []
        prefix = ""
        for piece in _UNIT_SEPARATOR.split(cell.strip()):
            if not piece:
                continue
            override = self.curated.fragment(measure_id, role, piece)
            if override is not None:
                notes.append(
                    {
                        "field": f"{role}_units",
                        "raw": piece,
                        "reading": override["reading"],
                        "reason": override["reason"],
                    }
                )
                if not override.get("drop", False):
                    refs.append(self.ref(piece, override["name"]))
                continue
            tail: Json | None = None
            head = piece
            if piece not in self.alias and (etc := _ETC.fullmatch(piece)):
                head = etc[1]
                tail = self.ref(etc[2], etc[2])
            if head in self.alias:
                refs.append(self.ref(head, head))
            elif prefix and prefix + head in self.alias:
                refs.append(self.ref(head, prefix + head))
            else:
                raise BuildError(f"measure {measure_id}: {role} unit {head!r} (cell {cell!r}) is not in the unit table")
            if tail is not None:
                refs.append(tail)
            if head.startswith("州党委"):
                prefix = "州党委"
            elif head.startswith("州"):
                prefix = "州"
        return refs, notes


# -- document 000: the indicator responsibility table --------------------------------------------

_ROW = re.compile(r"^(\d+)\t")


@dataclass
class IndicatorRow:
    seq: str
    line: int
    area: str
    title: str
    text: str | None
    leaders_cell: str
    lead_cell: str
    responsible_cell: str | None
    layout_notes: list[Json]


def split_leaders(cell: str, known: Sequence[str]) -> list[str] | None:
    """The leader names of a 牵头领导 cell, or None if the cell is not made of known names.

    Spaces are line-wrap remnants ("陈 亮") or separators ("谢少迪 刘凤进 张道良"): the cell is
    segmented into known names after removing them.
    """
    names: list[str] = []
    for part in cell.split("、"):
        rest = _SPACE.sub("", part)
        if not rest:
            return None
        while rest:
            match = next((name for name in known if rest.startswith(name)), None)
            if match is None:
                return None
            names.append(match)
            rest = rest[len(match) :]
    return names


def parse_indicator_rows(text: str, curated: Curated) -> list[IndicatorRow]:
    areas = curated.indicator_areas
    leaders = curated.leaders
    rows: list[IndicatorRow] = []
    current_area: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.strip() == INDICATOR_TITLE or line.startswith("序号\t"):
            continue
        if not _ROW.match(line):
            raise BuildError(f"{INDICATOR_SEED}:{number}: unexpected line {line[:40]!r}")
        cells = line.split("\t")
        seq = cells[0]
        leader_at = next((i for i in range(2, len(cells)) if split_leaders(cells[i], leaders)), None)
        if leader_at is None:
            raise BuildError(f"{INDICATOR_SEED}:{number}: row {seq} has no 牵头领导 cell")
        before = cells[1:leader_at]
        after = cells[leader_at + 1 :]
        notes: list[Json] = []
        area_cell: str | None
        text_cell: str | None
        if len(before) == 3:
            area_cell, title_cell, text_cell = before
        elif len(before) == 2 and (repair(before[0]) in areas or not before[0].strip()):
            (area_cell, title_cell), text_cell = before, None
            notes.append(
                {
                    "field": "text",
                    "raw": "",
                    "reading": "",
                    "reason": f"the 具体措施 cell of row {seq} is empty in the source; nothing is filled in",
                }
            )
        elif len(before) == 2:
            area_cell, (title_cell, text_cell) = None, before
        else:
            raise BuildError(f"{INDICATOR_SEED}:{number}: row {seq} has {len(before)} cells before the leader")
        area_text = repair(area_cell) if area_cell is not None else ""
        title = repair(title_cell)
        if area_cell is None:
            if current_area is None:
                raise BuildError(f"row {seq}: no 工作目标 column and no indicator above it")
            area = current_area
            notes.append(
                {
                    "field": "area",
                    "raw": "",
                    "reading": area,
                    "reason": (
                        f"row {seq} has no 工作目标 column (the row has one cell fewer and its first cell is the "
                        f"二级指标); it is kept under the indicator above it, {area}"
                    ),
                }
            )
        elif area_text in areas or not area_text:
            area = area_text or (current_area or "")
        else:
            # The 工作目标 column holds the row's second-level indicator name.
            notes.append(
                {
                    "field": "title",
                    "raw": area_cell.strip(),
                    "reading": area_text,
                    "reason": f"the 二级指标 name of row {seq} stands in the 工作目标 column of the source",
                }
            )
            if title in areas:
                area = title
                notes.append(
                    {
                        "field": "area",
                        "raw": title_cell.strip(),
                        "reading": area,
                        "reason": (
                            f"row {seq} has the first-level indicator {area} in the 二级指标 column; "
                            "the two columns are swapped in the source"
                        ),
                    }
                )
            elif not title:
                if current_area is None:
                    raise BuildError(f"row {seq}: no indicator above it")
                area = current_area
            else:
                raise BuildError(f"row {seq}: cannot tell the indicator from {area_cell!r} / {title_cell!r}")
            title = area_text
        if not area or not title:
            raise BuildError(f"row {seq}: empty indicator or title")
        current_area = area
        responsible_cell: str | None = after[1] if len(after) > 1 else None
        if responsible_cell is None or not responsible_cell.strip():
            notes.append(
                {
                    "field": "responsible_units",
                    "raw": responsible_cell or "",
                    "reading": "none",
                    "reason": f"the 责任单位 cell of row {seq} is {'missing' if responsible_cell is None else 'empty'} "
                    "in the source; no responsible unit is filled in",
                }
            )
        rows.append(
            IndicatorRow(
                seq=seq,
                line=number,
                area=area,
                title=title,
                text=repair(text_cell) if text_cell is not None else None,
                leaders_cell=cells[leader_at],
                lead_cell=after[0] if after else "",
                responsible_cell=responsible_cell,
                layout_notes=notes,
            )
        )
    return rows


# -- document 001: the 2022 work plan ------------------------------------------------------------

_PART = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
_PARENT = re.compile(r"^\(([一二三四五六七八九十]+)\)(.+)$")
_HEADING = re.compile(r"^(\d+)\.\s*(.+)$")
_TASK = re.compile(r"^\((\d+)\)(.+)$")
_UNITS = re.compile(r"\(牵头单位:(?P<lead>[^;()]*)(?:;配合单位:(?P<coop>[^()]*))?\)。?$")


@dataclass
class PlanArea:
    id: str
    title: str
    parent: str | None
    line: int
    clause: str


@dataclass
class PlanTask:
    id: str
    line: int
    area: str
    clause: str
    title: str
    text: str
    lead_cell: str
    cooperating_cell: str | None


def parse_plan(text: str) -> tuple[list[PlanArea], list[PlanTask]]:
    areas: list[PlanArea] = []
    tasks: list[PlanTask] = []
    part = ""
    parent: PlanArea | None = None
    area: PlanArea | None = None
    for number, raw_line in enumerate(text.split("\n"), start=1):
        line = raw_line.strip()
        if m := _PART.match(line):
            part = m[1]
            continue
        if part != "二":
            if part == "三" and _TASK.match(line):
                raise BuildError(f"{PLAN_SEED}:{number}: a numbered task under 三、组织保障")
            continue
        if m := _PARENT.match(line):
            parent = PlanArea(f"({m[1]})", repair(m[2]), None, number, f"二、({m[1]})")
            areas.append(parent)
        elif m := _HEADING.match(line):
            if parent is None:
                raise BuildError(f"{PLAN_SEED}:{number}: heading before any (一) group")
            area = PlanArea(m[1], repair(m[2]), parent.id, number, f"{parent.clause}{m[1]}.")
            areas.append(area)
        elif m := _TASK.match(line):
            if area is None:
                raise BuildError(f"{PLAN_SEED}:{number}: task before any numbered heading")
            body = repair(m[2])
            title, sep, rest = body.partition("。")
            units = _UNITS.search(rest)
            if not sep or units is None:
                raise BuildError(f"{PLAN_SEED}:{number}: task ({m[1]}) has no heading sentence or unit parenthesis")
            tasks.append(
                PlanTask(
                    id=f"({m[1]})",
                    line=number,
                    area=area.id,
                    clause=f"{area.clause}({m[1]})",
                    title=title,
                    text=rest,
                    lead_cell=units["lead"],
                    cooperating_cell=units["coop"],
                )
            )
        elif line:
            raise BuildError(f"{PLAN_SEED}:{number}: unexpected line {line[:40]!r}")
    return areas, tasks


# -- assembling the profile ----------------------------------------------------------------------

_TARGET_DEFAULTS: Json = {
    "value": None,
    "low": None,
    "high": None,
    "baseline": None,
    "aggregation": "each",
    "scope": None,
    "due": None,
    "label": None,
}


def curated_measure_parts(measure_id: str, text: str, curated: Curated) -> Json:
    """Targets, deadline, items, notes and categories a measure gets from the curated data."""
    entry = curated.measure(measure_id)
    known = {"categories", "targets", "deadline", "items", "notes"}
    if extra := set(entry) - known:
        raise BuildError(f"curated measure {measure_id}: unknown fields {sorted(extra)}")
    targets = []
    for index, target in enumerate(entry.get("targets", [])):
        if target["raw"] not in text:
            raise BuildError(f"measure {measure_id} target #{index + 1}: raw {target['raw']!r} is not in its text")
        targets.append({**_TARGET_DEFAULTS, **target})
    for item in entry.get("items", []):
        if item not in text:
            raise BuildError(f"measure {measure_id}: item {item!r} is not in its text")
    return {
        "targets": targets,
        "deadline": entry.get("deadline"),
        "items": list(entry.get("items", [])),
        "notes": [dict(n) for n in entry.get("notes", [])],
        "categories": entry.get("categories"),
    }


def merge_notes(generated: list[Json], curated: list[Json]) -> list[Json]:
    """Generated notes followed by curated ones; a curated note replaces generated notes on its field."""
    fields = {n["field"] for n in curated}
    return [n for n in generated if n["field"] not in fields] + curated


def indicator_measures(text: str, curated: Curated, table: UnitTable) -> tuple[list[Json], list[Json]]:
    areas: list[Json] = []
    measures: list[Json] = []
    categories = curated.indicator_areas
    for row in parse_indicator_rows(text, curated):
        if not any(a["id"] == row.area for a in areas):
            areas.append(
                {
                    "id": row.area,
                    "document": INDICATOR_DOC,
                    "title": row.area,
                    "parent": None,
                    "lead_units": [],
                    "provenance": {"document": INDICATOR_DOC, "clause": f"row {row.seq}", "line": row.line},
                }
            )
        leaders = split_leaders(row.leaders_cell, curated.leaders) or []
        lead, lead_notes = table.split(row.lead_cell, row.seq, "lead")
        responsible, resp_notes = table.split(row.responsible_cell or "", row.seq, "responsible")
        measure_text = row.text or ""
        parts = curated_measure_parts(row.seq, measure_text, curated)
        units_raw = {"lead": row.lead_cell}
        if row.responsible_cell is not None:
            units_raw["responsible"] = row.responsible_cell
        measures.append(
            {
                "id": row.seq,
                "document": INDICATOR_DOC,
                "area": row.area,
                "title": row.title,
                "text": measure_text,
                "categories": parts["categories"] or categories[row.area],
                "lead_leaders": leaders,
                "lead_units": lead,
                "responsible_units": responsible,
                "cooperating_units": [],
                "units_raw": units_raw,
                "deadline": parts["deadline"],
                "targets": parts["targets"],
                "items": parts["items"],
                "provenance": {"document": INDICATOR_DOC, "clause": f"row {row.seq}", "line": row.line},
                "notes": merge_notes(row.layout_notes + lead_notes + resp_notes, parts["notes"]),
            }
        )
    return areas, measures


def plan_measures(text: str, curated: Curated, table: UnitTable) -> tuple[list[Json], list[Json]]:
    plan_areas, tasks = parse_plan(text)
    defaults = curated.plan_areas
    areas: list[Json] = [
        {
            "id": a.id,
            "document": PLAN_DOC,
            "title": a.title,
            "parent": a.parent,
            "lead_units": [],
            "provenance": {"document": PLAN_DOC, "clause": a.clause, "line": a.line},
        }
        for a in plan_areas
    ]
    measures: list[Json] = []
    for task in tasks:
        lead, lead_notes = table.split(task.lead_cell, task.id, "lead")
        cooperating, coop_notes = table.split(task.cooperating_cell or "", task.id, "cooperating")
        parts = curated_measure_parts(task.id, task.text, curated)
        units_raw = {"lead": task.lead_cell}
        if task.cooperating_cell is not None:
            units_raw["cooperating"] = task.cooperating_cell
        measures.append(
            {
                "id": task.id,
                "document": PLAN_DOC,
                "area": task.area,
                "title": task.title,
                "text": task.text,
                "categories": parts["categories"] or defaults[task.area],
                "lead_leaders": [],
                "lead_units": lead,
                "responsible_units": [],
                "cooperating_units": cooperating,
                "units_raw": units_raw,
                "deadline": parts["deadline"],
                "targets": parts["targets"],
                "items": parts["items"],
                "provenance": {"document": PLAN_DOC, "clause": task.clause, "line": task.line},
                "notes": merge_notes(lead_notes + coop_notes, parts["notes"]),
            }
        )
    return areas, measures


def _check_curated_ids(curated: Curated, measures: Sequence[Mapping[str, Any]]) -> Iterator[str]:
    ids = {m["id"] for m in measures}
    for measure_id in curated.data.get("measures", {}):
        if measure_id not in ids:
            yield f"curated measure {measure_id!r} is not in the sources"
    for fragment in curated.data.get("fragments", []):
        if fragment["measure"] not in ids:
            yield f"curated fragment for unknown measure {fragment['measure']!r}"


def build(sources: Path = SOURCES, curated: Curated | None = None) -> Json:
    """The profile as plain data, in the shape ``bizenv export`` writes."""
    curated = curated or load_curated()
    table = UnitTable([dict(u) for u in curated.data["units"]], curated)
    indicator_text = (sources / INDICATOR_SEED).read_text(encoding="utf-8")
    plan_text = (sources / PLAN_SEED).read_text(encoding="utf-8")
    areas_000, measures_000 = indicator_measures(indicator_text, curated, table)
    areas_001, measures_001 = plan_measures(plan_text, curated, table)
    measures = measures_000 + measures_001
    if problems := list(_check_curated_ids(curated, measures)):
        raise BuildError("; ".join(problems))
    documents = [
        {
            "id": d["id"],
            "title": d["title"],
            "issuer": d["issuer"],
            "number": d.get("number"),
            "date": d.get("date"),
            "seed_file": d["seed_file"],
        }
        for d in curated.data["documents"]
    ]
    region: Json = dict(curated.data["region"])
    data: Json = {
        "schema": "bizenv-profile/1",
        "region": region,
        "documents": documents,
        "units": curated.data["units"],
        "areas": areas_000 + areas_001,
        "measures": measures,
    }
    profile = bizenv.profile_from_dict(data, "bazhou (build)")
    errors = [p for p in bizenv.validate_profile(profile) if p.level == "error"]
    if errors:
        raise BuildError("\n".join(f"{p.where}: {p.message}" for p in errors))
    exported: Json = bizenv.profile_to_dict(profile)
    return exported


def render(data: Json) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if profile.json differs from a fresh build")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write (default: the package's file)")
    args = parser.parse_args(argv)
    try:
        fresh = render(build())
    except BuildError as exc:
        print(f"build_bazhou_profile: {exc}", file=sys.stderr)
        return 2
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != fresh:
            print(f"{args.output} is stale: run python tools/build_bazhou_profile.py", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.write_text(fresh, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
