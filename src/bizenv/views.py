"""What people read, as one view model with one set of renderers: the report and the bulletin alike.

A document for people (the report, the monthly 通报) is sections of translated, formatted text: paragraphs, a table
of cells, a bar chart, notes. The report (:mod:`bizenv.report`) and the bulletin (:mod:`bizenv.cycle.bulletin`)
each build their head (title, masthead, figures …) and their :class:`Section` objects, and each block is rendered
here, once per format: HTML (cells isolated for bidi by :func:`bizenv.layout.isolated`, so a figure reads the same
in a right-to-left Uyghur page), markdown (text escaped by :func:`bizenv.layout.markdown_text`) and text. The
numbers in the cells come formatted from :mod:`bizenv.formats`. Word documents are drawn from the same sections
(:mod:`bizenv.cycle.word`).
"""

from __future__ import annotations

from html import escape

import attrs

from bizenv.i18n import _
from bizenv.layout import display_width, isolated, markdown_table, markdown_text, text_table
from bizenv.tables import Bar, svg_bars

#: Tables a text or markdown document shows in full up to this many rows; HTML folds longer foldable tables.
FOLD_ROWS = 40


@attrs.frozen(slots=True)
class Chart:
    """A horizontal bar chart."""

    title: str
    bars: tuple[Bar, ...]
    #: The largest value a bar can have (100 for percentages and scores).
    scale: float


@attrs.frozen(slots=True)
class Table:
    """A table of formatted cells. ``flagged`` rows need attention (shaded, or bold in markdown); ``widths`` are
    the columns' shares of the page width (a printed page sets them); ``numeric`` columns are right-aligned;
    ``group`` marks the first column as a group name shown once per group; a ``foldable`` table longer than
    :data:`FOLD_ROWS` is folded in HTML (every row is there, the reader opens it), never cut."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()
    flagged: frozenset[int] = frozenset()
    group: bool = False
    numeric: frozenset[int] = frozenset()
    foldable: bool = False

    @property
    def long(self) -> bool:
        """Whether the table is long enough for HTML to fold it (it is never cut)."""
        return len(self.rows) > FOLD_ROWS


@attrs.frozen(slots=True)
class Section:
    """A titled part of a document: paragraphs, a chart, a table, and notes under it."""

    key: str
    title: str
    paragraphs: tuple[str, ...] = ()
    table: Table | None = None
    notes: tuple[str, ...] = ()
    chart: Chart | None = None


@attrs.frozen(slots=True)
class Figure:
    """A headline figure."""

    label: str
    value: str
    flagged: bool = False


def _word_width(word: str, em: float) -> float:
    # CJK text breaks between any two characters: one em is all it needs; other words are not broken. Arabic-script
    # letters (Uyghur) are wider than Latin letters and digits.
    if any(ord(ch) > 0x2E7F for ch in word):
        return em
    return sum(0.7 if "\u0600" <= ch <= "\u06ff" else 0.55 for ch in word) * em


def fitted_widths(table: Table, page: float, em: float) -> tuple[float, ...]:
    """The widths of the table's columns on a page ``page`` wide (any unit; ``em``, in the same unit, is the
    width of a CJK character of the table's text): the table's shares, each column widened to hold the longest
    word of its header and cells (a Uyghur or English word is not broken inside a column), the room taken from
    the columns that have more than they need, in proportion to what they have over."""
    count = len(table.headers)
    shares = table.widths or tuple(1 / count for _ in range(count))
    widths = [page * share for share in shares]
    padding = em * 1.2  # the cell's margins
    needs = []
    for j, header in enumerate(table.headers):
        words = [*header.split(), *(w for row in table.rows for w in row[j].split())]
        needs.append(min(max((_word_width(w, em) for w in words), default=0.0) + padding, page * 0.4))
    short = sum(max(0.0, need - width) for need, width in zip(needs, widths, strict=True))
    spare = sum(max(0.0, width - need) for need, width in zip(needs, widths, strict=True))
    if not short or not spare:
        return tuple(widths)
    given = min(short, spare)
    return tuple(
        width + (need - width) * given / short if need > width else width - (width - need) * given / spare
        for need, width in zip(needs, widths, strict=True)
    )


# -- HTML ---------------------------------------------------------------------------------------------------


def html_chart(chart: Chart) -> str:
    """The chart as inline SVG (:func:`bizenv.tables.svg_bars`: what a notebook's ``chart()`` draws too)."""
    return svg_bars(chart.title, chart.bars, chart.scale)


def html_table(table: Table) -> str:
    """The table as HTML: each cell isolated for bidi; widths, right-aligned numbers and flagged rows marked."""
    cols = "".join(f'<col style="width:{w * 100:.0f}%">' for w in table.widths)
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    body = []
    for i, row in enumerate(table.rows):
        flag = ' class="flag"' if i in table.flagged else ""
        cells = "".join(
            f'<td class="n">{isolated(c)}</td>' if j in table.numeric else f"<td>{isolated(c)}</td>"
            for j, c in enumerate(row)
        )
        body.append(f"<tr{flag}>{cells}</tr>")
    colgroup = f"<colgroup>{cols}</colgroup>" if cols else ""
    html = f"<table>{colgroup}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    if not (table.foldable and table.long):
        return html
    summary = _("Show all {count} rows").format(count=len(table.rows))
    return f"<details><summary>{escape(summary)}</summary>{html}</details>"


def html_section(section: Section) -> str:
    """The section as an HTML ``<section>``: its title, paragraphs, chart, table and notes."""
    out = [f'<section id="{escape(section.key)}"><h2>{escape(section.title)}</h2>']
    out += [f"<p>{escape(p)}</p>" for p in section.paragraphs]
    if section.chart is not None and section.chart.bars:
        out.append(html_chart(section.chart))
    if section.table is not None:
        out.append(html_table(section.table))
    out += [f'<p class="note">{escape(n)}</p>' for n in section.notes]
    out.append("</section>")
    return "\n".join(out)


# -- markdown and text ----------------------------------------------------------------------------------------


def markdown_lines(table: Table) -> list[str]:
    """The table as markdown lines, flagged rows in bold."""
    rows = [[f"**{c}**" if c and i in table.flagged else c for c in row] for i, row in enumerate(table.rows)]
    return markdown_table(table.headers, rows)


def markdown_section(section: Section) -> list[str]:
    """The section as markdown lines: a level-2 heading, paragraphs, the table, notes in italics."""
    out = [f"## {markdown_text(section.title)}", ""]
    for paragraph in section.paragraphs:
        out += [markdown_text(paragraph), ""]
    if section.table is not None:
        out += [*markdown_lines(section.table), ""]
    for note in section.notes:
        out += [f"_{markdown_text(note)}_", ""]
    return out


def text_section(section: Section) -> list[str]:
    """The section for a terminal: an underlined title, paragraphs, the table (flagged rows marked ``!``)."""
    out = [section.title, "=" * display_width(section.title), *section.paragraphs]
    if section.table is not None:
        marks = [" !" if i in section.table.flagged else "" for i in range(len(section.table.rows))]
        out += ["", *text_table(section.table.headers, section.table.rows, marks)]
    out += section.notes
    return out


__all__ = [
    "FOLD_ROWS",
    "Chart",
    "Figure",
    "Section",
    "Table",
    "fitted_widths",
    "html_chart",
    "html_section",
    "html_table",
    "markdown_lines",
    "markdown_section",
    "text_section",
]
