"""How 阿图什市优化营商环境25条措施 (阿政办发〔2022〕22号) is laid out, for ``bizenv build-profile``.

The source is prose. Its first line is the document number and an early line the issue date; under
二、主要措施 it has three areas headed （一）（二）（三） and 25 measures numbered "1." … "25." (one
"16、"); each measure is one paragraph followed by a 牵头单位 line and a 配合单位 line.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs

from bizenv.model import Role
from bizenv.sources import CN_NUMERAL, BuildError, Curated, ParsedArea, ParsedMeasure, Reading, SourceSet, repair

SECTION_START = "二、主要措施"
SECTION_END = re.compile(rf"^{CN_NUMERAL}、")
AREA = re.compile(rf"^（({CN_NUMERAL})）(.+)$")
MEASURE = re.compile(r"^(\d{1,2})([.、])(.+)$")
UNIT_CELL = re.compile(r"^(牵头单位|配合单位)：(.*)$")
DOC_NUMBER = re.compile(r"^\S+〔\d{4}〕\d+号$")
DOC_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
ROLES: dict[str, Role] = {"牵头单位": "lead", "配合单位": "cooperating"}


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
    for measure in measures:
        if set(measure.cells) != {"lead", "cooperating"}:
            raise BuildError(f"measure {measure.id} lacks a 牵头单位 or 配合单位 line")
    return Reading(tuple(areas), tuple(measures))
