"""How 昌吉州实施营商环境优化提升三年行动方案（2023—2025年） is laid out, for ``bizenv build-profile``.

Section 二、主要任务 (up to 三、保障措施) holds the areas, headed "（一）…（牵头单位：…）" (some with "#"
and ASCII brackets), and the numbered measures "1." … "172.", each a paragraph that may run over line
and page breaks and ends with its unit cell "（责任单位：…）". A measure's title is its first sentence.
"""

from __future__ import annotations

import re

from bizenv.sources import (
    CN_NUMERAL,
    BuildError,
    Curated,
    ParsedArea,
    ParsedMeasure,
    Reading,
    SourceSet,
    SourceText,
    as_written,
    fold_punctuation,
    join_lines,
)

# Matched on punctuation-folded lines: "(" and ":" read as "（" and "：".
SECTION_START = re.compile(r"^#*\s*二、主要任务\s*$")
SECTION_END = re.compile(r"^#*\s*\**三、保障措施\**\s*$")
AREA_HEADING = re.compile(
    rf"^(?:#+\s*)?（(?P<num>{CN_NUMERAL})）\s*(?P<title>.+?)\s*（牵头单位：(?P<lead>[^（）]+)）\s*$"
)
MEASURE_START = re.compile(r"^(?P<num>\d+)\.\s*")
UNIT_CELL = re.compile(r"（责任单位：(?P<cell>[^（）]+)）$")
TITLE_MAX = 60

# The unit table lists only the units the source names.
EVERY_UNIT_NAMED = True


def read(sources: SourceSet, curated: Curated) -> Reading:
    source = sources.only()
    folded = [fold_punctuation(line) for line in source.lines]
    start = next((i for i, line in enumerate(folded) if SECTION_START.match(line)), None)
    end = next((i for i, line in enumerate(folded) if SECTION_END.match(line)), None)
    if start is None or end is None or end <= start:
        raise BuildError("cannot find section 二、主要任务 … 三、保障措施 in the source")
    areas: list[ParsedArea] = []
    # (id, area, first line, lines) of each measure
    blocks: list[tuple[str, str, int, list[str]]] = []
    for index in range(start + 1, end):
        line, number = source.lines[index].strip(), index + 1
        if not line:
            continue
        if heading := AREA_HEADING.match(fold_punctuation(line)):
            area_id = f"（{heading['num']}）"
            title, lead = as_written(line, heading, "title"), as_written(line, heading, "lead").strip()
            areas.append(ParsedArea(area_id, source.provenance(f"二、{area_id}", number), title=title, lead_cell=lead))
            blocks.append(("", "", 0, []))  # a heading ends the measure before it
        elif start_match := MEASURE_START.match(line):
            if not areas:
                raise BuildError(f"line {number}: measure before the first area heading")
            blocks.append((start_match["num"], areas[-1].id, number, [line]))
        elif blocks and blocks[-1][0]:
            blocks[-1][3].append(line)
        else:
            raise BuildError(f"line {number}: text outside any measure: {line[:30]!r}")
    measures = [_measure(source, *block) for block in blocks if block[0]]
    return Reading(tuple(areas), tuple(measures))


def _measure(source: SourceText, measure_id: str, area: str, line: int, lines: list[str]) -> ParsedMeasure:
    # The measure as printed, joined across line and page breaks, its number removed.
    text = MEASURE_START.sub("", join_lines(lines), count=1)
    cell = UNIT_CELL.search(fold_punctuation(text))
    if cell is None:
        raise BuildError(f"measure {measure_id} (line {line}): no closing 责任单位 cell")
    title, stop, _ = text.partition("。")
    if not stop or len(title) > TITLE_MAX:
        raise BuildError(f"measure {measure_id} (line {line}): no title sentence")
    return ParsedMeasure(
        id=measure_id,
        area=area,
        title=title,
        text=text,
        provenance=source.provenance(f"二、{area}{measure_id}", line),
        cells={"responsible": as_written(text, cell, "cell").strip()},
    )
