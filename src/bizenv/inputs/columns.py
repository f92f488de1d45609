"""Finding the header and naming the columns: the documented English names, the Chinese names offices use,
and a user's own mapping; title rows above the header and totals rows below it recognised.

The check happens once per file, before any row is read: every required column present (else one error
listing what is missing and what was found), no column twice, header cells trimmed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import attrs

from bizenv.errors import InputError
from bizenv.i18n import message
from bizenv.inputs.sheets import Cell, Row, Sheet
from bizenv.inputs.values import is_empty, normalise

#: Rows searched for the header: a title and a few notes may stand above it.
HEADER_SEARCH_ROWS = 20
#: First cells that mark a row of totals (合计, 总计, 小计, 平均 …), which is not a record.
TOTAL_WORDS = frozenset(
    {"合计", "总计", "小计", "共计", "平均", "平均值", "总数", "total", "totals", "sum", "subtotal"}
)


@attrs.frozen(slots=True)
class Field:
    """A column a reader takes: its name, whether it is required, the other names it goes by, what it holds."""

    name: str
    required: bool
    aliases: tuple[str, ...]
    doc: str
    #: Headers that take the field over its other names when a file has both (the tracker's own output has ``id``,
    #: a measure's or a dated target's, beside ``measure_id``): the other column is then not read.
    outranks: tuple[str, ...] = ()


def header_key(text: str) -> str:
    """A header cell as compared: full-width folded, spaces and a leading * or trailing colon removed, lower-case."""
    key = normalise(text).lower()
    key = re.sub(r"\s+", "", key)
    return key.lstrip("*").rstrip(":")


def _without_note(key: str) -> str:
    # "受理时间(北京时间)" and "受理时间【必填】" name the column 受理时间.
    return re.sub(r"[(\[【].*[)\]】]$", "", key)


@attrs.frozen(slots=True)
class Header:
    """Where the header is and which column holds which field."""

    row: int
    #: Field name → (column index, the header cell as written).
    columns: dict[str, tuple[int, str]]
    #: Header cells of columns that no field takes, as written.
    ignored: tuple[str, ...]
    width: int
    #: Rows above the header (a title, notes), by number.
    title_rows: tuple[int, ...]
    #: Blank rows above the header.
    blank_rows: int = 0
    #: The required fields: a row with each of them filled is data, even when its first cell says "Total".
    required: tuple[str, ...] = ()


def _cell_value(cell: Any) -> Any:
    return cell.value if isinstance(cell, Cell) else cell


def _lookup(fields: Sequence[Field], user: Mapping[str, str]) -> dict[str, str]:
    table: dict[str, str] = {}
    for field in fields:
        for name in (field.name, *field.aliases):
            table.setdefault(header_key(name), field.name)
    for written, field_name in user.items():
        table[header_key(written)] = field_name
    return table


def match_header(
    cells: Sequence[Any],
    fields: Sequence[Field],
    user: Mapping[str, str],
    source: str,
    row: int,
    *,
    strict: bool = True,
) -> tuple[dict[str, tuple[int, str]], list[str]]:
    """Field → (column, header as written) for a header row, and the headers no field takes. Two columns for one
    field, or one header written twice, is an :class:`InputError` when ``strict`` (a title row merged across the
    columns repeats its text in each, and is no header)."""
    lookup = _lookup(fields, user)
    columns: dict[str, tuple[int, str]] = {}
    ignored: list[str] = []
    seen: dict[str, int] = {}
    for index, cell in enumerate(cells):
        value = _cell_value(cell)
        if is_empty(value):
            continue
        written = normalise(str(value))
        key = header_key(written)
        if key in seen:
            if not strict:
                continue
            raise InputError(
                message(
                    "column {column} appears twice (columns {first} and {second}); a reader cannot tell which one "
                    "is meant",
                    column=repr(written),
                    first=seen[key] + 1,
                    second=index + 1,
                ),
                source=source,
                row=row,
            )
        seen[key] = index
        name = lookup.get(key) or lookup.get(_without_note(key))
        if name is None:
            ignored.append(written)
            continue
        if name in columns:
            first = columns[name][1]
            preferred = {header_key(h) for f in fields if f.name == name for h in f.outranks}
            if key in preferred and header_key(first) not in preferred:
                ignored.append(first)
                columns[name] = (index, written)
                continue
            if header_key(first) in preferred and key not in preferred:
                ignored.append(written)
                continue
            if not strict:
                continue
            raise InputError(
                message(
                    "columns {first} and {second} both name the field {field}; keep one, or map them with --columns",
                    first=repr(first),
                    second=repr(written),
                    field=repr(name),
                ),
                source=source,
                row=row,
            )
        columns[name] = (index, written)
    return columns, ignored


def _is_blank(cells: Sequence[Any]) -> bool:
    return all(is_empty(_cell_value(c)) for c in cells)


def _mapped_headers_present(
    cells: Sequence[Any], fields: Sequence[Field], user: Mapping[str, str], source: str, row: int
) -> None:
    """A ``--columns`` entry for this kind of file names a column the header has: a mapping that matches nothing
    would leave its field empty in every row without a word."""
    present = {header_key(normalise(str(_cell_value(c)))) for c in cells if not is_empty(_cell_value(c))}
    names = {f.name for f in fields}
    for written, field in user.items():
        if field in names and header_key(normalise(written)) not in present:
            shown = ", ".join(normalise(str(_cell_value(c))) for c in cells if not is_empty(_cell_value(c)))
            raise InputError(
                f"--columns maps {written!r} to {field!r}, but the header has no column {written!r} "
                f"(its columns: {shown})",
                source=source,
                row=row,
            )


def find_header(
    sheet: Sheet, fields: Sequence[Field], user: Mapping[str, str]
) -> tuple[Header, Iterator[Row]] | tuple[None, list[str]]:
    """The header of ``sheet`` and the rows after it; or (None, what the likeliest header row had) when no row
    among the first ones holds every required field."""
    rows = iter(sheet.rows)
    required = [f.name for f in fields if f.required]
    searched: list[Row] = []
    best: tuple[int, list[str]] = (-1, [])
    blanks = 0
    for number, cells in rows:
        if _is_blank(cells):
            blanks += 1
            continue
        searched.append((number, cells))
        columns, ignored = match_header(cells, fields, user, sheet.name, number, strict=False)
        if all(name in columns for name in required):
            columns, ignored = match_header(cells, fields, user, sheet.name, number)
            _mapped_headers_present(cells, fields, user, sheet.name, number)
            title = tuple(n for n, _ in searched[:-1])
            header = Header(number, columns, tuple(ignored), len(cells), title, blanks, tuple(required))
            return header, rows
        found = [normalise(str(_cell_value(c))) for c in cells if not is_empty(_cell_value(c))]
        if len(columns) > best[0]:
            best = (len(columns), found)
        if sheet.keyed or len(searched) >= HEADER_SEARCH_ROWS:
            break
    return None, best[1]


def missing_columns_error(
    sheet_name: str, fields: Sequence[Field], user: Mapping[str, str], found: Sequence[str]
) -> InputError:
    """The one error for a file without the required columns: what is missing and what was found."""
    lookup = _lookup(fields, user)
    present = {lookup.get(header_key(h)) or lookup.get(_without_note(header_key(h))) for h in found}
    missing = [f for f in fields if f.required and f.name not in present]
    names = "; ".join(f"{f.name} ({'/'.join(f.aliases[:3])})" if f.aliases else f.name for f in missing)
    shown = ", ".join(repr(h) for h in found[:12]) or "nothing"
    return InputError(
        message(
            "no header row with the required columns in the first {rows} rows; missing: {missing}; the likeliest "
            "header has: {found}. Name the columns as docs/your-files.md says, or map yours with --columns "
            "'yours=field,...'",
            rows=HEADER_SEARCH_ROWS,
            missing=names,
            found=shown,
        ),
        source=sheet_name,
    )


def is_totals_row(cells: Sequence[Any], header: Header | None = None) -> str | None:
    """The word that marks a row of totals (合计 …) when its first filled cell is one, else None. With the
    ``header``, the row must also lack a required field beyond that cell: a row with every required field
    filled is a record (a real case id "Total"), never taken for totals on one cell."""
    for index, cell in enumerate(cells):
        value = _cell_value(cell)
        if is_empty(value):
            continue
        word = header_key(str(value)).rstrip("：:")
        if word not in TOTAL_WORDS:
            return None
        if header is not None and header.required:
            others = [header.columns[f][0] for f in header.required if f in header.columns]
            others = [i for i in others if i != index]
            if others and all(i < len(cells) and not is_empty(_cell_value(cells[i])) for i in others):
                return None
        return str(value).strip()
    return None


__all__ = [
    "HEADER_SEARCH_ROWS",
    "TOTAL_WORDS",
    "Field",
    "Header",
    "find_header",
    "header_key",
    "is_totals_row",
    "match_header",
    "missing_columns_error",
]
