"""The bulletin as a Word document (python-docx), laid out as a 通报: A4, the title centred, parts numbered 一、二、,
tables with a header row repeated on every page, rows never split across pages, flagged rows shaded, page numbers
at the foot.

Fonts are the ones Chinese offices have (宋体, 仿宋, 黑体; Microsoft Uighur for Uyghur); a program without them
substitutes its own. The East Asian and complex-script fonts are set apart from the Latin one, because Word picks
a run's font by the script of each character. Uyghur documents are right to left: paragraphs, runs and tables.
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path
from typing import Any

from bizenv.cycle.bulletin import Bulletin, BulletinSection, BulletinTable
from bizenv.errors import BizenvError
from bizenv.i18n import _
from bizenv.layout import display_width, reads_left_to_right
from bizenv.views import fitted_widths

#: The page: A4, margins of a Chinese official document (GB/T 9704: top 37 mm, bottom 35, left 28, right 26).
PAGE_CM = (21.0, 29.7)
MARGINS_CM = {"top": 3.7, "bottom": 3.5, "left": 2.8, "right": 2.6}
TEXT_WIDTH_CM = PAGE_CM[0] - MARGINS_CM["left"] - MARGINS_CM["right"]
#: (East Asian font, Latin font, size in points) of each kind of text.
FONTS = {
    "title": ("宋体", "Times New Roman", 20.0),
    "heading": ("黑体", "Arial", 14.0),
    "masthead": ("方正小标宋简体", "Times New Roman", 30.0),
    "body": ("仿宋", "Times New Roman", 14.0),
    "table": ("宋体", "Times New Roman", 10.0),
    "note": ("仿宋", "Times New Roman", 10.5),
}
UYGHUR_FONT = "Microsoft Uighur"
_AFTER_SZCS = (
    "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em",
    "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_AFTER_BIDI_VISUAL = (
    "w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
)  # fmt: skip
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_HEADER_FILL = "DCE6F1"
_FLAG_FILL = "FDECEA"


class DocxError(BizenvError):
    """The Word document cannot be written (python-docx is missing)."""


def _docx() -> Any:
    try:
        import docx
    except ImportError:
        raise DocxError("Word documents need python-docx: pip install 'bizenv[cycle]'") from None
    return docx


def _element(tag: str, **attributes: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _style_run(run: Any, kind: str, *, bold: bool = False, rtl: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    east_asian, latin, size = FONTS[kind]
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = latin
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:cs"), UYGHUR_FONT if rtl else latin)
    # Word reads an element out of the schema's order as a damaged file: each goes in its place.
    r_pr.insert_element_before(_element("w:szCs", val=str(int(size * 2))), *_AFTER_SZCS)
    if bold:
        r_pr.get_or_add_bCs()
    if rtl:
        r_pr.get_or_add_rtl()


def _paragraph(
    container: Any, text: str, kind: str, *, bold: bool = False, align: str | None = None, rtl: bool = False
) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = container.add_paragraph()
    if rtl:
        _bidi(paragraph)
    if align == "center":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif rtl:
        # In a right-to-left paragraph Word and LibreOffice read left and right as its start and end: "left" sets
        # it at the right margin, where Uyghur text starts ("right" put the headings at the left margin).
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if align == "left" else WD_ALIGN_PARAGRAPH.LEFT
    elif align == "right":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.paragraph_format.space_after = Pt(4 if kind in ("table", "note") else 8)
    paragraph.paragraph_format.space_before = Pt(0)
    if kind == "body":
        # Body paragraphs start two characters in, as Chinese documents do.
        paragraph.paragraph_format.first_line_indent = Pt(FONTS["body"][2] * 2)
    _style_run(paragraph.add_run(isolate_ltr(text) if rtl else text), kind, bold=bold, rtl=rtl)
    return paragraph


#: A run of Chinese (with the digits and punctuation inside a name or a figure) in a right-to-left paragraph.
_LTR_RUN = re.compile(
    r'[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u201c"][\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u201c\u201d"0-9A-Za-z.%/·-]*'
)


def isolate_ltr(text: str) -> str:
    """Chinese names and terms in Uyghur text set apart (Unicode isolates, LRI … PDI), so that the text around them
    keeps its order: (约谈) is not shown as )约谈(, and a list of unit names ends with its full stop where it should."""
    if not any("\u0600" <= c <= "\u06ff" for c in text):
        return text  # nothing right to left around it
    return _LTR_RUN.sub(lambda m: f"\u2066{m.group(0)}\u2069", text)


def _bidi(paragraph: Any) -> None:
    paragraph._p.get_or_add_pPr().insert_element_before(_element("w:bidi"), *_AFTER_BIDI)


def _shade(cell: Any, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(_element("w:shd", val="clear", color="auto", fill=fill))


def _table(document: Any, table: BulletinTable, rtl: bool) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    if rtl:
        grid._tbl.tblPr.insert_element_before(_element("w:bidiVisual"), *_AFTER_BIDI_VISUAL)
    # A word is not broken inside a column: the shares are widened where a header or cell word needs it.
    em_cm = FONTS["table"][2] / 72 * 2.54
    widths_cm = list(fitted_widths(table, TEXT_WIDTH_CM, em_cm))
    widths = [Cm(w) for w in widths_cm]
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width

    def fill(row: Any, values: tuple[str, ...], header: bool) -> None:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(_element("w:cantSplit"))
        if header:
            tr_pr.append(_element("w:tblHeader"))  # repeated at the top of every page
        for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            cell.width = widths[index]
            paragraph = cell.paragraphs[0]
            # In a right-to-left table a number, a date or an id stays left to right: −18 is not shown as 18−.
            cell_rtl = rtl and (header or not reads_left_to_right(value))
            if cell_rtl:
                _bidi(paragraph)
            if header:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif index in table.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if rtl else WD_ALIGN_PARAGRAPH.RIGHT
            elif rtl and not cell_rtl:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT  # with the table's text, on its leading side
            paragraph.paragraph_format.space_after = Pt(0)
            run = paragraph.add_run(isolate_ltr(value) if cell_rtl else value)
            _style_run(run, "table", bold=header, rtl=cell_rtl)
            if not header:
                shrunk = _fitting_size(value, widths_cm[index])
                if shrunk is not None:
                    run.font.size = Pt(shrunk)
            if header and rtl:
                # Uyghur headers are long words: a size smaller, so that a word is not broken inside a column.
                run.font.size = Pt(FONTS["table"][2] - 1.5)
            if header:
                _shade(cell, _HEADER_FILL)

    fill(grid.rows[0], table.headers, True)
    for number, values in enumerate(table.rows):
        row = grid.add_row()
        fill(row, values, False)
        if number in table.flagged:
            for cell in row.cells:
                _shade(cell, _FLAG_FILL)


def _part(document: Any, part: BulletinSection, rtl: bool, *, page_break: bool = False) -> None:
    from docx.shared import Pt

    heading = _paragraph(document, part.title, "heading", bold=True, rtl=rtl)
    heading.paragraph_format.keep_with_next = True
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.page_break_before = page_break
    for text in part.paragraphs:
        _paragraph(document, text, "body", rtl=rtl)
    if part.table is not None:
        _table(document, part.table, rtl)
    for note in part.notes:
        _paragraph(document, note, "note", rtl=rtl)


def _border(paragraph: Any, side: str, color: str, size: int) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    borders = p_pr.find(_qn("w:pBdr"))
    if borders is None:
        borders = _element("w:pBdr")
        p_pr.insert_element_before(borders, *_AFTER_PBDR)
    borders.append(_element(f"w:{side}", val="single", sz=str(size), space="1", color=color))


def _red_rule(paragraph: Any) -> None:
    # The red line under the masthead (版头中的分隔线), the width of the text.
    _border(paragraph, "bottom", "C00000", 18)


def _rule(paragraph: Any, side: str) -> None:
    _border(paragraph, side, "000000", 6)


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(tag))


def _fitting_size(text: str, width_cm: float) -> float | None:
    """A smaller size for a short text (a unit's name) that would just not fit on one line of its cell, so that
    县住房和城乡建设局（交通运输局） is not broken across lines; None when it fits, or is long text that wraps."""
    size = FONTS["table"][2]
    room = width_cm / 2.54 * 72 - 12  # the cell's margins
    needed = display_width(text) * size / 2  # a CJK character is one em, two display columns
    if needed <= room or needed * (7.5 / size) > room:
        return None
    return int(size * room / needed * 2) / 2


def _page_number(section: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    field = _element("w:fldSimple", instr="PAGE")
    run = _element("w:r")
    text = _element("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" —")


def bulletin_docx(bulletin: Bulletin) -> bytes:
    """The bulletin as the bytes of a .docx file."""
    docx = _docx()
    from docx.shared import Cm, Pt, RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(PAGE_CM[0]), Cm(PAGE_CM[1])
    for side, size in MARGINS_CM.items():
        setattr(section, f"{side}_margin", Cm(size))
    properties = document.core_properties
    properties.title = bulletin.title
    properties.language = {"zh_Hans": "zh-CN", "en": "en", "ug": "ug-CN"}.get(bulletin.locale, bulletin.locale)
    properties.author = bulletin.issuer or "bizenv"
    rtl = bulletin.rtl
    if bulletin.masthead:
        # The red masthead (版头): the issuing office in large red type, centred.
        head = _paragraph(document, bulletin.masthead, "masthead", bold=True, align="center", rtl=rtl)
        # As large as one line of the text width holds: an office's long name is not broken over two lines.
        size = min(FONTS["masthead"][2], TEXT_WIDTH_CM / 2.54 * 72 / max(display_width(bulletin.masthead) / 2, 1))
        for run in head.runs:
            run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
            run.font.size = Pt(int(size * 2) / 2)
        head.paragraph_format.space_after = Pt(12)
    if bulletin.number:
        # The document number reads left to right in every locale: 伊营商办〔2024〕8号.
        _paragraph(document, bulletin.number, "body", align="center").paragraph_format.first_line_indent = 0
    if bulletin.masthead:
        _red_rule(_paragraph(document, "", "note", align="center"))
    _paragraph(document, bulletin.title, "title", bold=True, align="center", rtl=rtl)
    for line in (bulletin.period, bulletin.comparison):
        _paragraph(document, line, "note", align="center", rtl=rtl)
    if bulletin.to:
        colon = "：" if bulletin.locale == "zh_Hans" else ":"
        # Addressees are Chinese names: in a Uyghur document they stay a left-to-right line (the colon after them),
        # set at the right margin where the document's lines start.
        arabic = any("\u0600" <= c <= "\u06ff" for c in bulletin.to)
        to = _paragraph(document, bulletin.to + colon, "body", align="right" if rtl else None, rtl=rtl and arabic)
        to.paragraph_format.first_line_indent = 0
        to.paragraph_format.space_before = Pt(12)
    for part in bulletin.sections:
        _part(document, part, rtl)
    if bulletin.issuer or bulletin.issued_on:
        # The signature (落款): the issuing office and the date, at the trailing side of the page.
        side = "left" if rtl else "right"
        for n, line in enumerate(x for x in (bulletin.issuer, bulletin.issued_on) if x):
            signed = _paragraph(document, line, "body", align=side, rtl=rtl)
            signed.paragraph_format.first_line_indent = 0
            if n == 0:
                signed.paragraph_format.space_before = Pt(24)
    for part in bulletin.annexes:
        _part(document, part, rtl, page_break=True)
    if bulletin.cc:
        copies = _paragraph(document, _("Copies to: {units}").format(units=bulletin.cc), "note", rtl=rtl)
        copies.paragraph_format.space_before = Pt(18)
        _rule(copies, "top")
        _rule(copies, "bottom")
    _paragraph(document, bulletin.footer, "note", rtl=rtl).paragraph_format.space_before = Pt(18)
    _page_number(section)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_bulletin_docx(bulletin: Bulletin, path: Path) -> Path:
    """Write the bulletin to ``path`` as a Word document."""
    path.write_bytes(bulletin_docx(bulletin))
    return path


__all__ = ["FONTS", "MARGINS_CM", "DocxError", "bulletin_docx", "write_bulletin_docx"]
