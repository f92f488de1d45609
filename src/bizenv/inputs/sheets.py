"""Opening an input as its maker saved it: rows of cells from CSV/TSV text (any delimiter, UTF-8, GB18030 or
UTF-16), JSON, Excel (.xlsx, .xlsm, .xls), OpenDocument (.ods), or a pandas DataFrame.

A :class:`Sheet` is one table: a name for messages (``file.xlsx[办件]``), and its rows, each a row number as the
file shows it (the line of a CSV record, the row of a spreadsheet, the item of a JSON list) and its cells. A
spreadsheet cell keeps what a reader must know beyond its value: where it is (``B7``), whether it is formatted
as a percentage, and whether it is a formula whose result the file does not hold.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import math
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.parsers import expat

import attrs

from bizenv.errors import InputError
from bizenv.i18n import Message, message
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
    #: A date cell whose format shows the day only (its time of day, 00:00, was never written).
    date_only: bool = False
    #: A number in a workbook of the 1904 date system: as a day number it counts from 1904-01-01.
    date1904: bool = False


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
        try:
            widths = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue  # a field too long, or a quote out of place: the reader names the line
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
        raise InputError(table_error(reader.line_num, exc)) from None


def table_error(line: int, exc: csv.Error) -> Message:
    """Why the ``csv`` module stopped at ``line``, as a message."""
    if "field larger than field limit" in str(exc):
        return message(
            "line {line} has a cell of more than {limit} characters: no value of a table is that long (a quote "
            "left open, or a document pasted into a cell); not read",
            line=line,
            limit=csv.field_size_limit(),
        )
    return message("the text is not a well-formed table near line {line}: {error}", line=line, error=str(exc))


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
            raise InputError(exc.template_message or exc.message, source=name) from None
        raise


# -- JSON -------------------------------------------------------------------------------------------------


def open_json(path: Path, *, encoding: str | None = None) -> Sheet:
    """A JSON list of objects (or ``{"records": [...]}``): the union of the keys is the header; rows are items."""
    text, chosen_encoding = decode(path.read_bytes(), str(path), encoding)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(message("not valid JSON: {error}", error=str(exc)), source=str(path)) from None
    except RecursionError:
        raise InputError(
            message("the JSON is nested too deep to be a table (a list of objects); not read"), source=str(path)
        ) from None
    if isinstance(data, dict):
        data = data.get("records", data.get("rows"))
    if not isinstance(data, list):
        raise InputError(message('expected a list of objects (or {{"records": [...]}})'), source=str(path))
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise InputError(message("item {number} is not an object", number=number), source=str(path))
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

#: The namespaces of SpreadsheetML (transitional, as Excel writes it, and strict).
_SHEET_NAMESPACES = frozenset(
    {"http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main"}
)
_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})")
#: Bytes of a sheet's XML parsed at once when its merged ranges are looked for (memory stays bounded).
_XML_BLOCK = 1 << 20
Merge = tuple[int, int, int, int]


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


class _UnsafeXML(Exception):
    pass


def _merge_range(ref: str, source: str) -> Merge:
    parts = ref.strip().split(":")
    found = [_REF.fullmatch(p) for p in parts]
    if len(parts) not in (1, 2) or not all(found):
        raise InputError(
            message("the merged range {ref} is not a range of cells (A1:C3)", ref=repr(ref)), source=source
        )
    cells = [(int(m[2]), _column_index(m[1])) for m in found if m]
    if any(row < 1 for row, _c in cells):
        raise InputError(message("the merged range {ref} names row 0", ref=repr(ref)), source=source)
    (r1, c1), (r2, c2) = cells[0], cells[-1]
    # A range written backwards (A3:A1) covers the same cells: normalised.
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def _xlsx_merges(path: Path, worksheet_path: str, source: str) -> tuple[list[Merge], int]:
    """(first row, first column, last row, last column) of each merged range, rows 1-based, columns 0-based.

    The sheet's XML is parsed as XML (any namespace prefix, either quote, any attribute order; a range inside
    a comment is no range), streamed block by block so that a large sheet is never held whole; a sheet that
    declares a DTD (entities, external or expanding) is refused before anything of it is used. Also the
    number of the sheet's last row (what openpyxl must reach)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    merges: list[Merge] = []
    last_row = [0]

    def start(name: str, attributes: dict[str, str]) -> None:
        namespace, _sep, local = name.rpartition(" ")
        if namespace not in _SHEET_NAMESPACES:
            return
        if local == "row":
            written = attributes.get("r", "")
            last_row[0] = int(written) if written.isdigit() else last_row[0] + 1
        elif local == "mergeCell" and "ref" in attributes:
            merges.append(_merge_range(attributes["ref"], source))

    def refuse(*_args: object) -> None:
        raise _UnsafeXML

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        with zipfile.ZipFile(path) as archive, archive.open(worksheet_path) as handle:
            while block := handle.read(_XML_BLOCK):
                parser.Parse(block, False)
            parser.Parse(b"", True)
    except _UnsafeXML:
        raise InputError(
            message("the sheet's XML declares a DTD or entities, which no spreadsheet program writes; not read"),
            source=source,
        ) from None
    except expat.ExpatError as exc:
        raise InputError(
            message("the sheet's XML is damaged (line {line}): {error}", line=exc.lineno,
                    error=expat.ErrorString(exc.code)),
            source=source,
        ) from None  # fmt: skip
    except (OSError, zipfile.BadZipFile, KeyError, EOFError, zlib.error) as exc:
        raise InputError(message("the sheet cannot be unpacked: {error}", error=str(exc)), source=source) from None
    return merges, last_row[0]


class _Filler:
    """Gives every cell of a merged range the value of its top-left cell, row by row (only the ranges that
    cover the current row are held: a range over a million rows costs one entry, not a million)."""

    def __init__(self, merges: list[Merge]) -> None:
        self.waiting = sorted(merges, reverse=True)
        self.active: list[Merge] = []
        self.top_left: dict[tuple[int, int], Cell] = {}

    def fill(self, row: int, cells: list[Cell]) -> list[Cell]:
        while self.waiting and self.waiting[-1][0] <= row:
            self.active.append(self.waiting.pop())
        if self.active:
            self.active = [m for m in self.active if m[2] >= row]
        for first_row, first_col, last_row, last_col in self.active:
            if first_row == last_row and first_col == last_col:
                continue
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


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def refuse_disguised(path: Path) -> None:
    """Refuse, saying what it is, a file that is not the workbook its name says: a password-protected workbook
    (Excel encrypts an .xlsx into an OLE2 container), an old .xls named .xlsx, a web page (HTML table) saved
    with an .xls name, a text file named as a workbook."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    suffix = path.suffix.lower()
    if head.startswith(_OLE2):
        with path.open("rb") as handle:
            whole = handle.read(1 << 22)
        # The stream names of an OLE2 directory are UTF-16: an encrypted OOXML package has "EncryptionInfo".
        if "EncryptionInfo".encode("utf-16-le") in whole or "EncryptedPackage".encode("utf-16-le") in whole:
            raise InputError(
                message(
                    "the workbook is password-protected (encrypted): remove the password in Excel or WPS (File → "
                    "Info → Protect Workbook → Encrypt with Password, empty), save it, and read it again"
                ),
                source=str(path),
            )
        if suffix in (".xlsx", ".xlsm"):
            raise InputError(
                message("the file is an old Excel workbook (.xls) with an .xlsx name: rename it to .xls"),
                source=str(path),
            )
        return
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<html", b"<!doctype html", b"<table", b"<meta", b"<?xml")) or b"<table" in text[:2048]:
        if text.startswith(b"<?xml") and b"<html" not in text and b"<table" not in text:
            what = message(
                "the file is an XML file (an Excel 2003 XML spreadsheet or another program's export), not an Excel "
                "workbook: open it in Excel or WPS and save it as .xlsx, or save the table as CSV"
            )
        else:
            what = message(
                "the file is a web page (an HTML table) saved with a spreadsheet name, not an Excel workbook: open "
                "it in Excel or WPS and save it as .xlsx, or save the table as CSV"
            )
        raise InputError(what, source=str(path))
    if suffix in (".xlsx", ".xlsm", ".ods") and not head.startswith(b"PK"):
        raise InputError(
            message("the file is not a {suffix} workbook (it is not a zip archive); it may be text or damaged",
                    suffix=suffix),
            source=str(path),
        )  # fmt: skip


def _xlsx_sheets(path: Path) -> list[tuple[str, bool, Iterable[Row]]]:
    try:
        from openpyxl import load_workbook
    except ImportError:
        raise InputError(
            message("reading .xlsx needs openpyxl: pip install 'bizenv[excel]'"), source=str(path)
        ) from None
    refuse_disguised(path)
    try:
        values = load_workbook(path, read_only=True, data_only=True)
        formulas = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged archive
        if _forbidden_xml(exc):
            raise InputError(
                message("the sheet's XML declares a DTD or entities, which no spreadsheet program writes; not read"),
                source=str(path),
            ) from None
        if type(exc).__name__ == "ParseError":
            raise InputError(
                message("the workbook's XML is damaged (cut short, or not XML): {error}", error=str(exc)),
                source=str(path),
            ) from None
        raise InputError(
            message("not a readable Excel workbook: {error}", error=_error_text(exc)), source=str(path)
        ) from None
    # The 1904 date system (old Mac Excel): a day number counts from 1904-01-01, 1462 days after 1899-12-30.
    date1904 = getattr(values, "epoch", None) is not None and values.epoch.year == 1904
    out: list[tuple[str, bool, Iterable[Row]]] = []
    for ws_values, ws_formulas in zip(values.worksheets, formulas.worksheets, strict=True):
        rows = _Rows(functools.partial(_xlsx_rows, path, ws_values, ws_formulas, date1904))
        out.append((ws_values.title, ws_values.sheet_state == "visible", rows))
    return out


def _forbidden_xml(exc: BaseException | None) -> bool:
    """Whether openpyxl's XML parser (defusedxml) refused a DTD or an entity somewhere behind ``exc``."""
    seen = 0
    while exc is not None and seen < 10:
        if type(exc).__name__ in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


class _Rows:
    """A sheet's rows, read afresh each time they are iterated: a workbook opened once can be searched for its
    header and then read, sheet after sheet (a workbook with a sheet per unit is opened once, not per sheet)."""

    def __init__(self, make: Callable[[], Iterator[Row]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[Row]:
        return self._make()


_TIME_FORMAT = re.compile(r"h|s|am/pm|a/p", re.IGNORECASE)


def _date_only_format(fmt: str) -> bool:
    """Whether a number format shows a day without a time of day (yyyy-mm-dd, 'yyyy年m月d日')."""
    plain = re.sub(r'"[^"]*"|\\.|\[[^]]*\]', "", fmt)
    return bool(re.search(r"[dy]", plain, re.IGNORECASE)) and not _TIME_FORMAT.search(plain)


def _xlsx_rows(path: Path, ws_values: Any, ws_formulas: Any, date1904: bool = False) -> Iterator[Row]:
    source = f"{path}[{ws_values.title}]"
    # The merged ranges are read when the sheet's rows are: a workbook of many sheets read for one of them
    # parses that sheet only.
    merges, last_row = _xlsx_merges(path, ws_values._worksheet_path, source)
    filler = _Filler(merges)
    # The range a sheet stores (<dimension ref="A1:E40">) is often stale (or "A1"): openpyxl's read-only mode
    # would stop at it. Every row of the XML is read, from A1, in both passes alike.
    ws_values.reset_dimensions()
    ws_formulas.reset_dimensions()
    rows_v = ws_values.iter_rows(min_row=1, min_col=1)
    rows_f = ws_formulas.iter_rows(min_row=1, min_col=1)
    done = 0  # the last row handed on whole
    try:
        for row_v, row_f in zip(rows_v, rows_f, strict=True):
            number = done + 1
            cells: list[Cell] = []
            for column, (cv, cf) in enumerate(zip(row_v, row_f, strict=True)):
                value = getattr(cv, "value", None)
                fmt = getattr(cv, "number_format", None) or ""
                uncached = getattr(cf, "data_type", None) == "f" and value is None
                day_only = isinstance(value, dt.datetime) and _date_only_format(fmt)
                serial1904 = date1904 and isinstance(value, int | float) and not isinstance(value, bool)
                cells.append(Cell(value, cell_ref(number, column), "%" in fmt, uncached, day_only, serial1904))
            yield number, filler.fill(number, cells)
            done = number
    except InputError:
        raise
    except Exception as exc:  # openpyxl raises what its parser meets (a bad number, an index past a table)
        if done >= last_row:
            # Past the last row: what openpyxl could not read (merged ranges, extensions) is not data, and the
            # merged ranges were read above.
            return
        raise InputError(
            message("the sheet cannot be read past row {row}: {error}", row=done, error=_error_text(exc)),
            source=source,
            row=done + 1,
        ) from None


def _calamine_sheets(path: Path) -> list[tuple[str, bool, Iterable[Row]]]:
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        raise InputError(
            message("reading {suffix} needs python-calamine: pip install 'bizenv[excel]'", suffix=path.suffix),
            source=str(path),
        ) from None
    refuse_disguised(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # the Rust reader raises its own error types
        raise InputError(message("not a readable spreadsheet: {error}", error=str(exc)), source=str(path)) from None
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
        raise InputError(message("no such file"), source=str(p))
    if p.is_dir():
        raise InputError(message("is a folder, not a file"), source=str(p))
    if p.suffix.lower() not in (*SUFFIXES, ".parquet"):
        raise InputError(
            message(
                "unsupported file type {suffix}; use .csv, .tsv, .txt, .json, .xlsx, .xlsm, .xls, .ods or .parquet",
                suffix=repr(p.suffix),
            ),
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
    "refuse_disguised",
    "spreadsheet_sheets",
    "table_error",
]
