"""Opening an input as its maker saved it: rows of cells from CSV/TSV text (any delimiter, UTF-8, GB18030 or
UTF-16), JSON, Excel (.xlsx, .xlsm, .xls), OpenDocument (.ods), or a pandas DataFrame.

A :class:`Sheet` is one table: a name for messages (``file.xlsx[办件]``), and its rows, each a row number as the
file shows it (the line of a CSV record, the row of a spreadsheet, the item of a JSON list) and its cells. A
spreadsheet cell keeps what a reader must know beyond its value: where it is (``B7``), whether it is formatted
as a percentage, and whether it is a formula whose result the file does not hold.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from bizenv.errors import InputError
from bizenv.i18n import Message
from bizenv.textfile import decode

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
SUFFIXES = (*TEXT_SUFFIXES, ".json", *SPREADSHEET_SUFFIXES)
_DELIMITERS = (",", "\t", ";", "|")


@attrs.frozen(slots=True)
class Cell:
    """One spreadsheet cell: its value, its reference (``B7``), a percent number format, an uncached formula."""

    value: Any
    ref: str | None = None
    percent: bool = False
    uncached_formula: bool = False


Row = tuple[int, Sequence[Any]]


@attrs.define
class Sheet:
    """One table of an input: its name for messages, how it was read, and its rows (number, cells)."""

    name: str
    rows: Iterable[Row]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    #: Sheets passed over, with why (a cover sheet without the header, a hidden sheet).
    passed_over: list[Message] = attrs.field(factory=list)
    #: True for JSON and DataFrames, whose first row is the column names, never a title.
    keyed: bool = False


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(row: int, column: int) -> str:
    """``B7`` for row 7 (1-based) and column 1 (0-based)."""
    return f"{_column_letters(column)}{row}"


# -- text files -------------------------------------------------------------------------------------------


def _sniff_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", -1.0
    for delimiter in _DELIMITERS:
        widths = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        wide = [w for w in widths if w > 1]
        if not wide:
            continue
        # The delimiter that splits most lines into the same number of columns (a title line may differ).
        common = max(set(wide), key=wide.count)
        score = wide.count(common) + common / 100
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_rows(text: str, delimiter: str) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"the text is not a well-formed table near line {reader.line_num}: {exc}") from None


def open_text(path: Path, *, encoding: str | None = None, delimiter: str | None = None) -> Sheet:
    """A CSV/TSV file: encoding decided (or named), delimiter sniffed (or named); rows numbered by their line."""
    text, chosen_encoding = decode(path.read_bytes(), str(path), encoding)
    sep = delimiter or _sniff_delimiter(text)
    return Sheet(str(path), _wrap(_csv_rows(text, sep), str(path)), chosen_encoding, sep)


def _wrap(rows: Iterator[Row], name: str) -> Iterator[Row]:
    try:
        yield from rows
    except InputError as exc:
        if exc.source is None:
            raise InputError(exc.message, source=name) from None
        raise


# -- JSON -------------------------------------------------------------------------------------------------


def open_json(path: Path, *, encoding: str | None = None) -> Sheet:
    """A JSON list of objects (or ``{"records": [...]}``): the union of the keys is the header; rows are items."""
    text, chosen_encoding = decode(path.read_bytes(), str(path), encoding)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc}", source=str(path)) from None
    if isinstance(data, dict):
        data = data.get("records", data.get("rows"))
    if not isinstance(data, list):
        raise InputError('expected a list of objects (or {"records": [...]})', source=str(path))
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise InputError(f"item {number} is not an object", source=str(path))
    return Sheet(str(path), _keyed_rows(data), chosen_encoding, keyed=True)


def _keyed_rows(items: Sequence[Mapping[str, Any]]) -> Iterator[Row]:
    keys: list[str] = []
    for item in items:
        keys += [k for k in item if k not in keys]
    yield 0, keys
    for number, item in enumerate(items, start=1):
        yield number, [item.get(k) for k in keys]


# -- DataFrames -------------------------------------------------------------------------------------------


def open_frame(frame: Any, name: str = "<DataFrame>") -> Sheet:
    """A pandas DataFrame (or a pyarrow Table): its columns are the header; rows are numbered from 1."""
    if hasattr(frame, "to_pandas") and not hasattr(frame, "itertuples"):
        frame = frame.to_pandas()
    columns = [str(c) for c in frame.columns]

    def rows() -> Iterator[Row]:
        yield 0, columns
        for number, values in enumerate(frame.itertuples(index=False, name=None), start=1):
            yield number, [_plain(v) for v in values]

    return Sheet(name, rows(), keyed=True)


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp (NaT is missing)
        return None if value != value else value.to_pydatetime()
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):  # numpy scalars
        return value.item()
    return value


# -- spreadsheets -----------------------------------------------------------------------------------------

_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _xlsx_merges(path: Path, worksheet_path: str) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column) of each merged range, rows 1-based, columns 0-based."""
    with zipfile.ZipFile(path) as archive, archive.open(worksheet_path) as handle:
        data = handle.read()
    return [
        (int(r1), _column_index(c1.decode()), int(r2), _column_index(c2.decode()))
        for c1, r1, c2, r2 in _MERGE.findall(data)
    ]


class _Filler:
    """Gives every cell of a merged range the value of its top-left cell, row by row."""

    def __init__(self, merges: list[tuple[int, int, int, int]]) -> None:
        self.by_row: dict[int, list[tuple[int, int, int, int]]] = {}
        for merge in merges:
            for row in range(merge[0], merge[2] + 1):
                self.by_row.setdefault(row, []).append(merge)
        self.top_left: dict[tuple[int, int], Cell] = {}

    def fill(self, row: int, cells: list[Cell]) -> list[Cell]:
        for first_row, first_col, _last_row, last_col in self.by_row.get(row, []):
            while len(cells) <= last_col:
                cells.append(Cell(None, cell_ref(row, len(cells))))
            if row == first_row:
                self.top_left[(first_row, first_col)] = cells[first_col]
            source = self.top_left.get((first_row, first_col))
            if source is None:
                continue
            for col in range(first_col, last_col + 1):
                if (row, col) != (first_row, first_col):
                    cells[col] = attrs.evolve(source, ref=cell_ref(row, col))
        return cells


def _xlsx_sheets(path: Path) -> list[tuple[str, bool, Iterable[Row]]]:
    try:
        from openpyxl import load_workbook
    except ImportError:
        raise InputError("reading .xlsx needs openpyxl: pip install 'bizenv[excel]'", source=str(path)) from None
    try:
        values = load_workbook(path, read_only=True, data_only=True)
        formulas = load_workbook(path, read_only=True, data_only=False)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"not a readable Excel workbook: {exc}", source=str(path)) from None
    out: list[tuple[str, bool, Iterable[Row]]] = []
    for ws_values, ws_formulas in zip(values.worksheets, formulas.worksheets, strict=True):
        rows = _Rows(functools.partial(_xlsx_rows, path, ws_values, ws_formulas))
        out.append((ws_values.title, ws_values.sheet_state == "visible", rows))
    return out


class _Rows:
    """A sheet's rows, read afresh each time they are iterated: a workbook opened once can be searched for its
    header and then read, sheet after sheet (a workbook with a sheet per unit is opened once, not per sheet)."""

    def __init__(self, make: Callable[[], Iterator[Row]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[Row]:
        return self._make()


def _xlsx_rows(path: Path, ws_values: Any, ws_formulas: Any) -> Iterator[Row]:
    # The merged ranges are read when the sheet's rows are: a workbook of many sheets read for one of them
    # parses that sheet only.
    filler = _Filler(_xlsx_merges(path, ws_values._worksheet_path))
    rows_v = ws_values.iter_rows()
    rows_f = ws_formulas.iter_rows()
    for number, (row_v, row_f) in enumerate(zip(rows_v, rows_f, strict=True), start=1):
        cells: list[Cell] = []
        for column, (cv, cf) in enumerate(zip(row_v, row_f, strict=True)):
            value = getattr(cv, "value", None)
            fmt = getattr(cv, "number_format", None) or ""
            uncached = getattr(cf, "data_type", None) == "f" and value is None
            cells.append(Cell(value, cell_ref(number, column), "%" in fmt, uncached))
        yield number, filler.fill(number, cells)


def _calamine_sheets(path: Path) -> list[tuple[str, bool, Iterable[Row]]]:
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        raise InputError(
            f"reading {path.suffix} needs python-calamine: pip install 'bizenv[excel]'", source=str(path)
        ) from None
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # the Rust reader raises its own error types
        raise InputError(f"not a readable spreadsheet: {exc}", source=str(path)) from None
    out: list[tuple[str, bool, Iterable[Row]]] = []
    for meta in book.sheets_metadata:
        sheet = book.get_sheet_by_name(meta.name)
        visible = str(meta.visible).endswith("Visible") and "Hidden" not in str(meta.visible)
        merges = [(r1 + 1, c1, r2 + 1, c2) for (r1, c1), (r2, c2) in (sheet.merged_cell_ranges or [])]
        out.append((meta.name, visible, _Rows(functools.partial(_calamine_rows, sheet, merges))))
    return out


def _calamine_rows(sheet: Any, merges: list[tuple[int, int, int, int]]) -> Iterator[Row]:
    filler = _Filler(merges)
    start_row = (sheet.start or (0, 0))[0]
    for offset, values in enumerate(sheet.iter_rows()):
        number = start_row + offset + 1
        cells = [Cell(None if v == "" else v, cell_ref(number, column)) for column, v in enumerate(values)]
        yield number, filler.fill(number, cells)


def spreadsheet_sheets(path: Path) -> list[tuple[str, bool, Iterable[Row]]]:
    """(name, visible, rows) of each sheet of a workbook, in workbook order."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_sheets(path)
    return _calamine_sheets(path)


def check_path(path: str | Path) -> Path:
    """``path`` as a readable input file of a known type, or :class:`InputError`."""
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", source=str(p))
    if p.is_dir():
        raise InputError("is a folder, not a file", source=str(p))
    if p.suffix.lower() not in (*SUFFIXES, ".parquet"):
        raise InputError(
            f"unsupported file type {p.suffix!r}; use .csv, .tsv, .txt, .json, .xlsx, .xlsm, .xls or .ods",
            source=str(p),
        )
    return p


__all__ = [
    "SPREADSHEET_SUFFIXES",
    "SUFFIXES",
    "Cell",
    "Row",
    "Sheet",
    "cell_ref",
    "check_path",
    "open_frame",
    "open_json",
    "open_text",
    "spreadsheet_sheets",
]
