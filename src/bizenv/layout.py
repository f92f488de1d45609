"""Plain-text and markdown tables, with column widths that count CJK characters as two terminal columns; which
cells read left to right in a right-to-left page."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from typing import Any

#: A cell that starts with one of these holds a quantity, a date or an id (≤ 0 个, −18, +33, ¥80.00, 95%, 2024-07-31,
#: 121.2, (4)#1).
_QUANTITY_START = re.compile(r"^[-+−≤≥<>=≠~\d¥$€£(]")


def reads_left_to_right(text: str) -> bool:
    """Whether a cell holds a quantity, a date or an id, which stay left to right in a right-to-left page: in a
    right-to-left run ≤ is drawn as ≥ and −18 as 18−."""
    return bool(_QUANTITY_START.match(text))


def isolated(text: str) -> str:
    """``text`` escaped for HTML and set apart from the direction around it: in a right-to-left page a measure id
    such as (4)#1, a figure such as 10/12 (83.3%) or a Chinese name keeps its own order instead of being reordered
    with the Uyghur text (<bdi> takes the direction of its first strong letter; a quantity is always left to
    right, so that ≤ and ≥ are never shown mirrored)."""
    direction = ' dir="ltr"' if reads_left_to_right(text) else ""
    return f"<bdi{direction}>{escape(text)}</bdi>"


def display_width(text: str) -> int:
    # CJK characters take two terminal columns.
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def text_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], marks: Sequence[str] = ()) -> list[str]:
    """Aligned columns under a dashed rule; ``marks[i]``, if given, is appended to row ``i``."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(pad(v, w) for v, w in zip(values, widths, strict=True)).rstrip()

    lines = [line(headers), line(["-" * w for w in widths])]
    lines += [line(row) + (marks[i] if i < len(marks) else "") for i, row in enumerate(cells)]
    return lines


def markdown_text(value: Any) -> str:
    """Text as markdown shows it, never as markup: ``<``, ``>`` and ``&`` are entities (a case id or a file name
    such as ``<script>`` stays text in a viewer that renders HTML in markdown)."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _markdown_cell(value: Any) -> str:
    return markdown_text(_cell(value)).replace("|", "\\|").replace("\n", " ")


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(_markdown_cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_markdown_cell(v) for v in row) + " |" for row in rows]
    return lines
