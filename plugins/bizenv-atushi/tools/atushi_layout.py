"""How 阿图什市优化营商环境25条措施 (阿政办发〔2022〕22号) is laid out, for ``bizenv build-profile``.

The source is prose. Its first line is the document number and an early line the issue date; under
二、主要措施 it has three areas headed （一）（二）（三） and 25 measures numbered "1." … "25." (one
"16、"); each measure is one paragraph followed by a 牵头单位 line and a 配合单位 line. Under 三、组织保障
come three safeguards, each one paragraph "（一）加强组织领导。…" up to the 抄送 line; they have no unit lines
and name their units as the subjects of their clauses ("各部门要…", "市发改委作为…牵头部门"), which
:data:`SAFEGUARD_UNITS` reads, every such clause accounted for.
"""

from __future__ import annotations

import datetime as dt
import re

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

SECTION_START = "二、主要措施"
SECTION_END = re.compile(rf"^{CN_NUMERAL}、")
AREA = re.compile(rf"^（({CN_NUMERAL})）(.+)$")
MEASURE = re.compile(r"^(\d{1,2})([.、])(.+)$")
UNIT_CELL = re.compile(r"^(牵头单位|配合单位)：(.*)$")
DOC_NUMBER = re.compile(r"^\S+〔\d{4}〕\d+号$")
DOC_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
ROLES: dict[str, Role] = {"牵头单位": "lead", "配合单位": "cooperating"}
SAFEGUARDS_START = "三、组织保障"
SAFEGUARD = re.compile(rf"^（({CN_NUMERAL})）(.+)$")
SAFEGUARDS_END = "抄送："
#: A clause (between ，。；) that opens with a unit of the table and 要 or 作为 names who does the duty.
SUBJECT_VERBS = ("要", "作为")

_NO_UNIT_LINES = "三、组织保障 has no 牵头单位 or 配合单位 lines; its safeguards name their units in their clauses"
#: The units of each safeguard of 三、组织保障: (role, the unit as written, the clause that names it, why the
#: clause gives that role). Every clause of a safeguard that opens with a unit and 要/作为 is listed here, in
#: order; the build fails when the text has one more or one less.
SAFEGUARD_UNITS: dict[str, tuple[tuple[Role, str, str, str], ...]] = {
    "一": (
        (
            "responsible",
            "各部门",
            "各部门要高度重视优化营商环境对推动经济社会高质量发展的重要意义",
            f"{_NO_UNIT_LINES}: 各部门 is the subject of the safeguard's first duty (进一步加强组织领导)",
        ),
        (
            "lead",
            "市发改委",
            "市发改委作为全市优化营商环境工作牵头部门",
            f"{_NO_UNIT_LINES}: 市发改委 is named the lead department of the city's business-environment work, "
            "whose duties here are 协调推进、跟踪进度、督促落实; read as the safeguard's lead (the same clause gives "
            "the document's programme lead)",
        ),
        (
            "cooperating",
            "市直各部门",
            "市直各部门要结合各自措施任务",
            f"{_NO_UNIT_LINES}: 市直各部门 are told to 强化协同配合 (work together) on their own measures' tasks; "
            "read as cooperating units of the safeguard",
        ),
    ),
    "二": (
        (
            "responsible",
            "各部门",
            "各部门要主动接受社会各界和各族群众关于优化营商环境的监督",
            f"{_NO_UNIT_LINES}: 各部门 is the subject of the safeguard's duties",
        ),
    ),
    "三": (
        (
            "responsible",
            "各部门",
            "各部门要多渠道、多形式、多层次宣传推介全市优化营商环境的各项政策措施",
            f"{_NO_UNIT_LINES}: 各部门 is the subject of the safeguard's duties",
        ),
    ),
}


def _check_document(source: list[str], document: dict[str, object]) -> None:
    """The curated number and date are the ones the source prints."""
    number = source[0].strip()
    if not DOC_NUMBER.match(number) or number != document.get("number"):
        raise BuildError(f"line 1 {number!r} is not the curated document number {document.get('number')!r}")
    date = next((m for line in source if (m := DOC_DATE.match(line.strip()))), None)
    if date is None or dt.date(int(date[1]), int(date[2]), int(date[3])).isoformat() != document.get("date"):
        raise BuildError(f"the source's issue date is not the curated date {document.get('date')!r}")
    if not any(line.strip() == document.get("title") for line in source):
        raise BuildError(f"the source has no title line {document.get('title')!r}")


def read(sources: SourceSet, curated: Curated) -> Reading:
    source = sources.only()
    _check_document(list(source.lines), dict(curated.document(source.document)))
    start = next((n for n, line in source.numbered() if line.strip() == SECTION_START), None)
    if start is None:
        raise BuildError(f"no {SECTION_START!r} heading")
    areas: list[ParsedArea] = []
    measures: list[ParsedMeasure] = []
    for number, raw_line in source.numbered(start + 1):
        line = repair(raw_line)
        if not line:
            continue
        if SECTION_END.match(line):
            if line != SAFEGUARDS_START:
                raise BuildError(f"line {number}: {line[:20]!r} where {SAFEGUARDS_START!r} was expected")
            measures += _safeguards(source, number, curated)
            break
        if m := AREA.match(line):
            areas.append(ParsedArea(f"（{m[1]}）", source.provenance(f"二、（{m[1]}）", number), title=m[2]))
        elif m := MEASURE.match(line):
            if not areas:
                raise BuildError(f"line {number}: measure before the first area")
            title, stop, _ = m[3].partition("。")
            if not stop:
                raise BuildError(f"line {number}: measure {m[1]} has no heading sentence")
            area = areas[-1].id
            measures.append(
                ParsedMeasure(
                    id=m[1],
                    area=area,
                    title=title,
                    text=m[3],
                    provenance=source.provenance(f"二、{area}{m[1]}", number),
                    # "16、" where the others have "16.": the curated file says how it is read.
                    needs_note=("id",) if m[2] != "." else (),
                )
            )
        elif m := UNIT_CELL.match(line):
            if not measures:
                raise BuildError(f"line {number}: unit cell before the first measure")
            last = measures[-1]
            if ROLES[m[1]] in last.cells:
                raise BuildError(f"line {number}: measure {last.id} has two {m[1]} lines")
            measures[-1] = attrs.evolve(last, cells={**last.cells, ROLES[m[1]]: m[2].strip()})
        else:
            raise BuildError(f"line {number}: unexpected text {line[:30]!r}")
    if not measures or measures[-1].area is not None:
        raise BuildError(f"no safeguards under {SAFEGUARDS_START!r}")
    for measure in measures:
        if measure.area is not None and set(measure.cells) != {"lead", "cooperating"}:
            raise BuildError(f"measure {measure.id} lacks a 牵头单位 or 配合单位 line")
    return Reading(tuple(areas), tuple(measures))


def _subjects(text: str, names: list[str]) -> list[str]:
    """The units (as written) that open a clause of ``text`` with 要 or 作为, in order."""
    found = []
    for clause in re.split(r"[，。；]", text):
        name = next((n for n in names if clause.startswith(n) and clause[len(n) :].startswith(SUBJECT_VERBS)), None)
        if name is not None:
            found.append(name)
    return found


def _safeguards(source: SourceText, heading: int, curated: Curated) -> list[ParsedMeasure]:
    """The safeguards （一）… of 三、组织保障 (its heading on line ``heading``), up to the 抄送 line.

    Ids are 保障措施（一）… as in Yiwu, with no area; units from :data:`SAFEGUARD_UNITS`.
    """
    # Longest first: 市直各部门 before 各部门.
    names = sorted({n for u in curated.units for n in (u.name, *u.aliases)}, key=len, reverse=True)
    out: list[ParsedMeasure] = []
    for number, raw_line in source.numbered(heading + 1):
        line = repair(raw_line)
        if not line:
            continue
        if line.startswith(SAFEGUARDS_END):
            break
        if not (m := SAFEGUARD.match(line)):
            raise BuildError(f"line {number}: unexpected text in {SAFEGUARDS_START}: {line[:30]!r}")
        title, stop, _ = m[2].partition("。")
        if not stop:
            raise BuildError(f"line {number}: safeguard （{m[1]}） has no heading sentence")
        units = SAFEGUARD_UNITS.get(m[1])
        if units is None:
            raise BuildError(f"line {number}: safeguard （{m[1]}） is not in SAFEGUARD_UNITS")
        if (listed := [unit for _, unit, _, _ in units]) != (named := _subjects(m[2], names)):
            raise BuildError(f"line {number}: safeguard （{m[1]}） names {named} in its clauses; listed: {listed}")
        cells: dict[Role, str] = {}
        notes: list[DataNote] = []
        for role, unit, clause, reason in units:
            if role in cells or clause not in m[2] or not clause.startswith(unit):
                raise BuildError(f"line {number}: safeguard （{m[1]}）: {role} {unit!r} is not read from {clause!r}")
            cells[role] = unit
            notes.append(DataNote(field=f"{role}_units", raw=clause, reading=unit, reason=reason))
        out.append(
            ParsedMeasure(
                id=f"保障措施（{m[1]}）",
                area=None,
                title=title,
                text=m[2],
                provenance=source.provenance(f"三、（{m[1]}）", number),
                cells=cells,
                notes=tuple(notes),
            )
        )
    else:
        raise BuildError(f"no {SAFEGUARDS_END!r} line after {SAFEGUARDS_START!r}")
    if len(out) != len(SAFEGUARD_UNITS):
        raise BuildError(f"{SAFEGUARDS_START} has {len(out)} safeguards; SAFEGUARD_UNITS lists {len(SAFEGUARD_UNITS)}")
    return out
