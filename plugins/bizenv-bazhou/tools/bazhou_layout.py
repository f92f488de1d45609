"""How Bazhou's two documents are laid out, for ``bizenv build-profile``.

000, 自治州优化营商环境评价指标体系责任分解: a table, one row per line, cells separated by tabs:
序号, 工作目标 (the first-level indicator, only on its first row), 二级指标, 具体措施, 牵头领导, 牵头单位,
责任单位. The PDF extraction lost cells: a row may lack the 工作目标 or the 具体措施 column, or have the
two indicator columns swapped; the leader cell (known names) anchors the columns.

001, 2022年度巴州优化营商环境工作方案: under 二、 the groups (一)…(四), numbered headings "1." … "19."
and tasks "(1)" … "(42)", each one line: a heading sentence, the text and "(牵头单位:…;配合单位:…)".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from bizenv.model import DataNote, Role
from bizenv.sources import (
    CN_NUMERAL,
    BuildError,
    Curated,
    ParsedArea,
    ParsedMeasure,
    Reading,
    SourceSet,
    SourceText,
    repair,
)

INDICATOR_DOC = "bazhou-indicator-system"
PLAN_DOC = "bazhou-2022-plan"
INDICATOR_TITLE = "自治州优化营商环境评价指标体系责任分解"
# The 牵头领导 of the indicator table: they find the leader column and split cells such as
# "谢少迪 刘凤进 张道良" (spaces are separators or line-wrap remnants, "陈 亮").
LEADERS = ("陈亮", "谢少迪", "徐凯", "阿依先木·吉力力", "王成", "张道良", "刘凤进", "贾平", "王贵勇")
# Curated area ids of the plan ("1", "(一)"); the others are the first-level indicators of the table.
PLAN_AREA_ID = re.compile(rf"\d+|\({CN_NUMERAL}\)")

_ROW = re.compile(r"^(\d+)\t")
_SPACE = re.compile(r"\s+")
_PART = re.compile(rf"^({CN_NUMERAL})、(.+)$")
_PARENT = re.compile(rf"^\(({CN_NUMERAL})\)(.+)$")
_HEADING = re.compile(r"^(\d+)\.\s*(.+)$")
_TASK = re.compile(r"^\((\d+)\)(.+)$")
_UNITS = re.compile(r"\(牵头单位:(?P<lead>[^;()]*)(?:;配合单位:(?P<coop>[^()]*))?\)。?$")


def read(sources: SourceSet, curated: Curated) -> Reading:
    indicators = [a for a in curated.areas if not PLAN_AREA_ID.fullmatch(a)]
    table_areas, table_measures = read_indicator_table(sources[INDICATOR_DOC], indicators)
    plan_areas, plan_measures = read_plan(sources[PLAN_DOC])
    return Reading((*table_areas, *plan_areas), (*table_measures, *plan_measures))


def split_leaders(cell: str, known: Sequence[str] = LEADERS) -> list[str] | None:
    """The leader names of a 牵头领导 cell, or None if the cell is not made of known names."""
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


def _note(field: str, raw: str, reading: str, reason: str) -> DataNote:
    return DataNote(field=field, raw=raw, reading=reading, reason=reason)


def read_indicator_table(source: SourceText, indicators: Sequence[str]) -> tuple[list[ParsedArea], list[ParsedMeasure]]:
    """The first-level indicators (areas) and rows (measures) of the table, in source order."""
    areas: list[ParsedArea] = []
    measures: list[ParsedMeasure] = []
    current: str | None = None
    for number, line in source.numbered():
        if not line.strip() or line.strip() == INDICATOR_TITLE or line.startswith("序号\t"):
            continue
        if not _ROW.match(line):
            raise BuildError(f"{source.name}:{number}: unexpected line {line[:40]!r}")
        cells = line.split("\t")
        seq = cells[0]
        leader_at = next((i for i in range(2, len(cells)) if split_leaders(cells[i])), None)
        if leader_at is None:
            raise BuildError(f"{source.name}:{number}: row {seq} has no 牵头领导 cell")
        before, after = cells[1:leader_at], cells[leader_at + 1 :]
        notes: list[DataNote] = []
        area_cell: str | None
        text_cell: str | None
        if len(before) == 3:
            area_cell, title_cell, text_cell = before
        elif len(before) == 2 and (repair(before[0]) in indicators or not before[0].strip()):
            (area_cell, title_cell), text_cell = before, None
            reason = f"the 具体措施 cell of row {seq} is empty in the source; nothing is filled in"
            notes.append(_note("text", "", "", reason))
        elif len(before) == 2:
            area_cell, (title_cell, text_cell) = None, before
        else:
            raise BuildError(f"{source.name}:{number}: row {seq} has {len(before)} cells before the leader")
        area_text = repair(area_cell) if area_cell is not None else ""
        title = repair(title_cell)
        if area_cell is None:
            if current is None:
                raise BuildError(f"row {seq}: no 工作目标 column and no indicator above it")
            area = current
            reason = (
                f"row {seq} has no 工作目标 column (the row has one cell fewer and its first cell is the "
                f"二级指标); it is kept under the indicator above it, {area}"
            )
            notes.append(_note("area", "", area, reason))
        elif area_text in indicators or not area_text:
            area = area_text or (current or "")
        else:
            # The 工作目标 column holds the row's second-level indicator name.
            reason = f"the 二级指标 name of row {seq} stands in the 工作目标 column of the source"
            notes.append(_note("title", area_cell.strip(), area_text, reason))
            if title in indicators:
                area = title
                reason = (
                    f"row {seq} has the first-level indicator {area} in the 二级指标 column; "
                    "the two columns are swapped in the source"
                )
                notes.append(_note("area", title_cell.strip(), area, reason))
            elif not title and current is not None:
                area = current
            else:
                raise BuildError(f"row {seq}: cannot tell the indicator from {area_cell!r} / {title_cell!r}")
            title = area_text
        if not area or not title:
            raise BuildError(f"row {seq}: empty indicator or title")
        current = area
        provenance = source.provenance(f"row {seq}", number)
        if not any(a.id == area for a in areas):
            areas.append(ParsedArea(area, provenance, title=area))
        responsible = after[1] if len(after) > 1 else None
        if responsible is None or not responsible.strip():
            state = "missing" if responsible is None else "empty"
            reason = f"the 责任单位 cell of row {seq} is {state} in the source; no responsible unit is filled in"
            notes.append(_note("responsible_units", responsible or "", "none", reason))
        unit_cells: dict[Role, str] = {"lead": after[0] if after else ""}
        if responsible is not None:
            unit_cells["responsible"] = responsible
        measures.append(
            ParsedMeasure(
                id=seq,
                area=area,
                title=title,
                text=repair(text_cell) if text_cell is not None else "",
                provenance=provenance,
                cells=unit_cells,
                leaders=tuple(split_leaders(cells[leader_at]) or ()),
                notes=tuple(notes),
            )
        )
    return areas, measures


@attrs.frozen
class _Heading:
    id: str
    clause: str


def read_plan(source: SourceText) -> tuple[list[ParsedArea], list[ParsedMeasure]]:
    """The headings (areas, two levels) and tasks (measures) of part 二 of the plan, in source order."""
    areas: list[ParsedArea] = []
    measures: list[ParsedMeasure] = []
    part = ""
    parent: _Heading | None = None
    heading: _Heading | None = None
    for number, raw_line in source.numbered():
        line = raw_line.strip()
        if m := _PART.match(line):
            part = m[1]
            continue
        if part != "二":
            if part == "三" and _TASK.match(line):
                raise BuildError(f"{source.name}:{number}: a numbered task under 三、组织保障")
            continue
        if m := _PARENT.match(line):
            parent = _Heading(f"({m[1]})", f"二、({m[1]})")
            areas.append(ParsedArea(parent.id, source.provenance(parent.clause, number), title=repair(m[2])))
        elif m := _HEADING.match(line):
            if parent is None:
                raise BuildError(f"{source.name}:{number}: heading before any (一) group")
            heading = _Heading(m[1], f"{parent.clause}{m[1]}.")
            provenance = source.provenance(heading.clause, number)
            areas.append(ParsedArea(heading.id, provenance, title=repair(m[2]), parent=parent.id))
        elif m := _TASK.match(line):
            if heading is None:
                raise BuildError(f"{source.name}:{number}: task before any numbered heading")
            title, stop, text = repair(m[2]).partition("。")
            units = _UNITS.search(text)
            if not stop or units is None:
                raise BuildError(f"{source.name}:{number}: task ({m[1]}) has no heading sentence or unit parenthesis")
            cells: dict[Role, str] = {"lead": units["lead"]}
            if units["coop"] is not None:
                cells["cooperating"] = units["coop"]
            measures.append(
                ParsedMeasure(
                    id=f"({m[1]})",
                    area=heading.id,
                    title=title,
                    text=text,
                    provenance=source.provenance(f"{heading.clause}({m[1]})", number),
                    cells=cells,
                )
            )
        elif line:
            raise BuildError(f"{source.name}:{number}: unexpected line {line[:40]!r}")
    return areas, measures
