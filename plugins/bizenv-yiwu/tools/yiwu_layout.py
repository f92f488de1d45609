"""How 伊吾县实施营商环境优化提升三年行动方案（2023-2025年） is laid out, for ``bizenv build-profile``.

Section 二 has the areas （二）…（十七）, headed with their 牵头单位 (the heading of （一） is missing: the
text starts with the heading of measure 2), measures "N." with their paragraph, sub-measures "N.M",
and lists of items "（1）…" under a label line ("重点清理整治："). A measure's paragraph ends with
"（责任单位：…；完成时限：…）"; a heading "N." whose paragraph is the next line has no number of its
own. Section 三 has the safeguards （一）…（八）.
"""

from __future__ import annotations

import re

import attrs

from bizenv.model import DataNote
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
    repair,
)

# Matched on punctuation-folded lines: "(" and ":" read as "（" and "：".
AREA_RE = re.compile(rf"^（({CN_NUMERAL})）(?P<title>.+?)（牵头单位：(?P<lead>.+)$")
SAFEGUARD_RE = re.compile(rf"^（(?P<num>{CN_NUMERAL})）(?P<rest>.+)$")
SECTION_RE = re.compile(rf"^({CN_NUMERAL})、(.+)$")
TOP_RE = re.compile(r"^(?P<num>\d+)\.(?!\d)(?P<rest>.*)$")
SUB_RE = re.compile(r"^(?P<top>\d+)\.(?P<sub>\d+)(?P<rest>.*)$")
ITEM_RE = re.compile(r"^（(?P<num>\d+)）(?P<rest>.+)$")
ITEMS_LABEL_RE = re.compile(r"^[^（]{2,12}：$")
RESP_START_RE = re.compile(r"（责任单位：")
RESP_RE = re.compile(r"^（责任单位：(?P<units>.+?)(?:[；，]完成时限：(?P<deadline>.+?))?）。?$")
ITEM_END = "；;。"
FIRST_AREA = "（一）"


@attrs.define
class _Measure:
    """A measure while its lines are read."""

    id: str
    area: str | None
    clause: str
    line: int
    title: str
    text: str = ""
    cell: str | None = None
    deadline: str | None = None
    items: list[str] = attrs.field(factory=list)
    items_label: str | None = None
    body_line: int | None = None
    number_line: str | None = None  # the heading line, for a measure whose paragraph has no number
    implicit_number: bool = False

    def responsibility(self, paragraph: str, where: str) -> None:
        """Take the 责任单位 cell and 完成时限 of a paragraph that ends with them; the text keeps them."""
        self.text = paragraph
        starts = list(RESP_START_RE.finditer(fold_punctuation(paragraph)))
        if not starts:
            return
        tail = paragraph[starts[-1].start() :]
        m = RESP_RE.match(fold_punctuation(tail))
        if not m:
            raise BuildError(f"{where}: cannot read the 责任单位/完成时限 parenthesis {tail!r}")
        self.cell = as_written(tail, m, "units").strip()
        self.deadline = as_written(tail, m, "deadline").strip() if m["deadline"] else None

    def notes(self) -> tuple[DataNote, ...]:
        notes: list[DataNote] = []
        if self.implicit_number:
            notes.append(
                DataNote(
                    field="id",
                    raw=self.title,
                    reading=self.id,
                    reason=(
                        f"the heading at line {self.line} carries no number; the sub-measures {self.id}.1… that "
                        f"follow it number it {self.id} (the source has no measure 1 and no heading for area （一）)"
                    ),
                )
            )
        elif self.number_line is not None:
            notes.append(
                DataNote(
                    field="id",
                    raw=self.number_line,
                    reading=self.id,
                    reason=(
                        f"the paragraph at line {self.body_line} that carries the 责任单位 and 完成时限 has no "
                        f"number of its own; it is the text of heading {self.id} on line {self.line}, whose "
                        "number it takes"
                    ),
                )
            )
        if self.items_label is not None:
            notes.append(
                DataNote(
                    field="items",
                    raw=self.items_label,
                    reading=f"items （1）…（{len(self.items)}） of this measure",
                    reason=(
                        "the source lists them after the measure's paragraph under this label; the item numbers "
                        "and the trailing ；/。 are not kept"
                    ),
                )
            )
        return tuple(notes)

    def parsed(self, source: SourceText) -> ParsedMeasure:
        return ParsedMeasure(
            id=self.id,
            area=self.area,
            title=self.title,
            text=self.text,
            provenance=source.provenance(self.clause, self.line),
            cells={} if self.cell is None else {"responsible": self.cell},
            deadline=self.deadline,
            items=tuple(self.items),
            notes=self.notes(),
            # "22.1" is numbered under heading 22: its parent, whose owners and date it rolls up into.
            parent=self.id.split(".")[0] if "." in self.id else None,
        )


def lead_cell(raw: str) -> str:
    """The 牵头单位 cell of an area heading: the text up to the heading's closing bracket.

    Where the heading's bracket is not closed (（九）, line 373: "…（牵头单位：住房和城乡建设局（交通运输局）"),
    the last bracket is read as the heading's and the cell keeps the unbalanced text as written.
    """
    raw = raw.strip()
    if raw[-1:] in "）)":
        raw = raw[:-1]
    return raw.strip()


def read(sources: SourceSet, curated: Curated) -> Reading:
    source = sources.only()
    numbered = [(n, repair(line)) for n, line in source.numbered() if repair(line)]
    if not numbered:
        raise BuildError("empty source")
    areas: list[tuple[str, str | None, str | None, int | None]] = [(FIRST_AREA, None, None, None)]
    measures: list[_Measure] = []
    section, area = "二", FIRST_AREA
    top: _Measure | None = None
    last: _Measure | None = None
    for pos, (number, line) in enumerate(numbered[1:], start=1):
        where = f"line {number}"
        folded = fold_punctuation(line)
        following = numbered[pos + 1][1] if pos + 1 < len(numbered) else ""
        if m := SECTION_RE.match(line):
            section, top, last = m[1], None, None
        elif section == "三":
            if not (m := SAFEGUARD_RE.match(line)):
                raise BuildError(f"{where}: unexpected line in section 三: {line[:30]!r}")
            safeguard = _Measure(f"保障措施（{m['num']}）", None, f"三、（{m['num']}）", number, "")
            safeguard.responsibility(m["rest"], where)
            if safeguard.cell is None:
                raise BuildError(f"{where}: safeguard without 责任单位")
            safeguard.title = m["rest"].split("。", 1)[0]
            measures.append(safeguard)
        elif m := AREA_RE.match(folded):
            area = f"（{m[1]}）"
            title = as_written(line, m, "title").strip()
            areas.append((area, title, lead_cell(line[m.start("lead") :]), number))
            top = last = None
        elif m := SUB_RE.match(line):
            if top is None or top.id != m["top"] or top.body_line is not None:
                raise BuildError(f"{where}: sub-measure {m['top']}.{m['sub']} outside measure {m['top']}")
            sub_id = f"{m['top']}.{m['sub']}"
            last = _Measure(sub_id, area, f"{section}、{area}{sub_id}", number, "")
            last.responsibility(m["rest"].strip(), where)
            measures.append(last)
        elif m := TOP_RE.match(line):
            if RESP_START_RE.search(folded):
                raise BuildError(f"{where}: numbered heading with a 责任单位 parenthesis: {line[:30]!r}")
            rest = m["rest"].strip()
            top = last = _Measure(m["num"], area, f"{section}、{area}{m['num']}", number, rest, rest)
            measures.append(top)
        elif m := ITEM_RE.match(line):
            if last is None or last.items_label is None:
                raise BuildError(f"{where}: enumerated item outside a list: {line[:30]!r}")
            if int(m["num"]) != len(last.items) + 1:
                raise BuildError(f"{where}: item （{m['num']}） out of order")
            last.items.append(m["rest"].strip().rstrip(ITEM_END))
        elif RESP_START_RE.search(folded):
            # A paragraph without a number of its own: the text of the "N." heading right before it.
            if top is None or last is not top or top.body_line is not None:
                raise BuildError(f"{where}: paragraph with 责任单位 that follows no heading: {line[:30]!r}")
            top.responsibility(line, where)
            top.body_line, top.number_line = number, numbered[pos - 1][1]
        elif ITEMS_LABEL_RE.match(folded) and last is not None and last.cell is not None:
            last.items_label = line
        elif (s := SUB_RE.match(following)) and s["sub"] == "1" and top is None:
            # A heading whose "N." is missing: the sub-measures N.1… that follow number it.
            top = last = _Measure(s["top"], area, f"{section}、{area}{s['top']}", number, line, line)
            top.implicit_number = True
            measures.append(top)
        else:
            raise BuildError(f"{where}: line of unknown kind: {line[:30]!r}")
    parsed = tuple(m.parsed(source) for m in measures)
    return Reading(tuple(_area(source, parsed, *a) for a in areas), parsed)


def _area(
    source: SourceText,
    measures: tuple[ParsedMeasure, ...],
    area: str,
    title: str | None,
    lead: str | None,
    line: int | None,
) -> ParsedArea:
    if line is None:
        # No heading in the source: the area starts where its first measure does.
        line = next(m.provenance.line for m in measures if m.area == area)
    return ParsedArea(area, source.provenance(f"二、{area}", line), title=title, lead_cell=lead)
