"""Readers of the four inputs: case records, progress ledgers, observed values and indicator values.

One path for every source (CSV/TSV text, JSON, Excel, OpenDocument, DataFrames) and for the command and the
Python API alike: open the file as its maker saved it (:mod:`~bizenv.inputs.sheets`), find the header and
name the columns (:mod:`~bizenv.inputs.columns`), read each cell strictly (:mod:`~bizenv.inputs.values`).
A file that cannot be read as meant is refused whole with one :class:`~bizenv.errors.InputError`; a row that
cannot be read is a :class:`~bizenv.records.Rejection` naming the file, row (or cell), column and reason.
Every data row is either a record or a rejection: ``len(records) + len(rejections) == info.rows``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

import attrs

from bizenv.errors import InputError
from bizenv.i18n import N_, Message, _, message
from bizenv.inputs import values
from bizenv.inputs.columns import Field, Header, find_header, is_totals_row, missing_columns_error
from bizenv.inputs.sheets import (
    SPREADSHEET_SUFFIXES,
    Cell,
    Row,
    Sheet,
    check_path,
    open_frame,
    open_json,
    open_text,
    spreadsheet_sheets,
)
from bizenv.records import (
    CaseRecord,
    IndicatorValue,
    Interval,
    LedgerRow,
    Observation,
    Origin,
    Rejection,
    RejectionCode,
    rejection_code,
)

T = TypeVar("T")
Kind = Literal["cases", "ledger", "observations", "values"]
#: What each kind of file is called where a reader is told how it was read.
KIND_NAMES: Mapping[Kind, str] = {
    "cases": N_("case records"),
    "ledger": N_("progress ledger"),
    "observations": N_("observed values"),
    "values": N_("indicator values"),
}
Direction = Literal["lower", "higher"]

FIELDS: dict[Kind, tuple[Field, ...]] = {
    "cases": (
        Field(
            "case_id",
            True,
            ("办件编号", "办件号", "办件流水号", "案件编号", "受理编号", "申请编号", "业务流水号", "流水号"),
            "the case's number, unique in the file",
        ),
        Field("target_id", True, ("目标编号", "目标", "指标编号"), "the target the case is judged against, e.g. 14#1"),
        Field(
            "submitted_at",
            True,
            ("受理时间", "申请时间", "提交时间", "收件时间", "申报时间"),
            "when the case was submitted: date and time",
        ),
        Field("completed_at", False, ("办结时间", "完成时间", "结束时间"), "when it was completed; empty: still open"),
        Field(
            "sub_unit",
            False,
            ("县市", "县（市）", "县市区", "所属县市", "区县", "县区", "所属地区", "地区", "乡镇", "办理地区"),
            "the county, city, township or park, by name, alias or id",
        ),
        Field(
            "excluded",
            False,
            ("不计时段", "暂停时段", "扣除时段", "补正时段", "中止时段"),
            "time that does not count: start/end[/reason]; start/end …",
        ),
    ),
    "ledger": (
        Field(
            "measure_id",
            True,
            ("措施编号", "任务编号", "措施序号", "id", "事项编号"),
            "the measure's number, e.g. 22.1 or (19), or a dated target's (21#2)",
            outranks=("id", "事项编号"),
        ),
        Field(
            "status", False, ("状态", "进展状态", "完成状态", "完成情况"), "done or in progress; empty: not reported"
        ),
        Field("completed_on", False, ("完成日期", "完成时间", "办结日期"), "the day the measure was done"),
        Field("note", False, ("备注", "说明", "进展说明", "进展情况"), "free text"),
    ),
    "observations": (
        Field("target_id", True, ("目标编号", "目标", "指标编号"), "the target the value is judged against"),
        Field(
            "value",
            True,
            ("数值", "实际值", "监测值", "观测值", "完成值", "值"),
            "the observed value, in the target's unit",
        ),
        Field("subject", False, ("对象", "评价对象", "县市", "地区", "单位"), "whose value it is"),
        Field("observed_on", False, ("观测日期", "统计日期", "监测日期", "日期"), "the day it was observed"),
    ),
    "values": (
        Field(
            "subject",
            True,
            ("对象", "评价对象", "被评价单位", "县市", "地区", "单位"),
            "the county, park or unit scored",
        ),
        Field("indicator", True, ("指标", "指标名称", "评价指标"), "the indicator"),
        Field("value", True, ("数值", "指标值", "实际值", "值"), "its value"),
        Field(
            "direction",
            False,
            ("方向", "指标方向", "优劣方向"),
            "lower or higher is better (越低越好/逆向, 越高越好/正向)",
        ),
    ),
}
KEYS: dict[Kind, str] = {"cases": "case_id", "ledger": "measure_id", "observations": "target_id", "values": "subject"}
DIRECTION_WORDS: dict[str, Direction] = {
    "lower": "lower", "越低越好": "lower", "越小越好": "lower", "逆向": "lower", "低": "lower",
    "higher": "higher", "越高越好": "higher", "越大越好": "higher", "正向": "higher", "高": "higher",
}  # fmt: skip


@attrs.frozen(slots=True)
class ReadInfo:
    """How a file was read: for the person who made it to check against the file."""

    source: str
    kind: Kind
    sheet: str | None
    encoding: str | None
    delimiter: str | None
    header_row: int
    #: Field → the header cell as written.
    columns: dict[str, str]
    ignored_columns: tuple[str, ...]
    title_rows: tuple[int, ...]
    totals_rows: tuple[int, ...]
    passed_over: tuple[Message, ...]
    #: Data rows (blank rows, the title, the header and totals rows are not data).
    rows: int
    #: Blank rows (above the header and among the data), not read.
    blank_rows: int = 0
    #: Filled rows of the sheets passed over (a cover sheet, a hidden sheet), not read.
    passed_over_rows: int = 0
    #: A workbook read sheet by sheet (every visible sheet with the header): how each sheet was read (its
    #: ``source`` is ``file.xlsx[sheet]``); the fields above are their sums. Empty for a source of one table.
    sheets: tuple[ReadInfo, ...] = ()

    @property
    def skipped_rows(self) -> int:
        """Filled rows not read as data: title rows, header rows, totals rows, and rows of sheets passed over."""
        parts = self.sheets or (self,)
        own = sum(len(p.title_rows) + (1 if p.header_row else 0) + len(p.totals_rows) for p in parts)
        return own + self.passed_over_rows

    def describe(self) -> str:
        """One paragraph, in the current locale: which sheet and header, the columns, what was passed over."""
        parts = [f"{self.source}: {_(KIND_NAMES[self.kind])}"]
        if not self.sheets:
            return _("; ").join(parts + self._details(columns=True))
        parts.append(_("{count} sheets read").format(count=len(self.sheets)))
        parts.append(_("columns {columns}").format(columns=", ".join(f"{w}→{f}" for f, w in self.columns.items())))
        for sheet in self.sheets:
            details = _(", ").join(sheet._details(columns=False))
            parts.append(f"[{sheet.sheet}: {details}]")
        parts += [m.translated() for m in self.passed_over if all(m not in s.passed_over for s in self.sheets)]
        if self.passed_over_rows:
            parts.append(_("rows of sheets not read: {count}").format(count=self.passed_over_rows))
        parts.append(_("data rows: {count}").format(count=self.rows))
        return _("; ").join(parts)

    def _details(self, *, columns: bool) -> list[str]:
        parts = []
        if self.encoding:
            parts.append(_("encoding {encoding}").format(encoding=self.encoding))
        if self.delimiter and self.delimiter != ",":
            parts.append(_("delimiter {delimiter!r}").format(delimiter=self.delimiter))
        if self.header_row:
            parts.append(_("header on row {row}").format(row=self.header_row))
        else:
            parts.append(_("keys as column names"))
        if self.title_rows:
            parts.append(_("title rows {rows} not read").format(rows=", ".join(map(str, self.title_rows))))
        if columns:
            shown = ", ".join(f"{w}→{f}" for f, w in self.columns.items())
            parts.append(_("columns {columns}").format(columns=shown))
        if self.ignored_columns:
            parts.append(_("not read: {columns}").format(columns=", ".join(self.ignored_columns)))
        if self.totals_rows:
            parts.append(_("totals rows {rows} not read").format(rows=", ".join(map(str, self.totals_rows))))
        parts += [m.translated() for m in self.passed_over]
        if self.blank_rows:
            parts.append(_("blank rows: {count}").format(count=self.blank_rows))
        if self.passed_over_rows:
            parts.append(_("rows of sheets not read: {count}").format(count=self.passed_over_rows))
        parts.append(_("data rows: {count}").format(count=self.rows))
        return parts


@attrs.frozen(slots=True)
class Read(Generic[T]):
    """What a reader made of a file: the records, the rejected rows, and how the file was read."""

    records: tuple[T, ...]
    rejections: tuple[Rejection, ...]
    info: ReadInfo


class _RowProblem(Exception):
    def __init__(self, field: str, cell: Any, message: Message) -> None:
        self.field = field
        self.cell = cell.ref if isinstance(cell, Cell) else None
        self.message = message


class _Cells:
    """The cells of one data row, by field."""

    def __init__(self, row: Sequence[Any], header: Header) -> None:
        self.by_field = {name: (row[i] if i < len(row) else None) for name, (i, _w) in header.columns.items()}

    def raw(self, field: str) -> Any:
        cell = self.by_field.get(field)
        return cell.value if isinstance(cell, Cell) else cell

    def cell(self, field: str) -> Any:
        return self.by_field.get(field)

    def empty(self, field: str) -> bool:
        return values.is_empty(self.raw(field))

    def parse(self, field: str, parser: Callable[[Any], T]) -> T:
        try:
            return parser(self.raw(field))
        except values.NaiveValue:
            raise
        except values.ValueProblem as exc:
            raise _RowProblem(field, self.cell(field), exc.template_message) from None

    def required(self, field: str) -> None:
        if self.empty(field):
            raise _RowProblem(field, self.cell(field), message("is empty"))

    def text(self, field: str) -> str:
        self.required(field)
        return self.parse(field, values.text)

    def optional_text(self, field: str) -> str | None:
        return None if self.empty(field) else self.parse(field, values.text)

    def _dated_raw(self, field: str) -> Any:
        """The raw cell of a date field; a day number of a 1904-system workbook moved to the 1900 system."""
        cell, raw = self.cell(field), self.raw(field)
        if isinstance(cell, Cell) and cell.date1904 and isinstance(raw, int | float) and not isinstance(raw, bool):
            return raw + values.DAYS_1904
        return raw

    def moment(self, field: str, zone: str | None) -> dt.datetime:
        """A case time: a date cell shown as a day only (its 00:00 never written) is a date without a time."""
        cell, raw = self.cell(field), self._dated_raw(field)
        if isinstance(cell, Cell) and cell.date_only and isinstance(raw, dt.datetime) and raw.time() == dt.time():
            raise _RowProblem(
                field,
                cell,
                message(
                    "{value} is a date without a time (the cell shows the day only); a case time needs the time of day",
                    value=raw.date().isoformat(),
                ),
            )
        return self.parse(field, lambda _raw: values.datetime(raw, zone=zone))

    def day(self, field: str) -> dt.date:
        """A day (a day number of a 1904-system workbook counted from 1904)."""
        raw = self._dated_raw(field)
        return self.parse(field, lambda _raw: values.date(raw))

    def number(self, field: str) -> values.Number:
        self.required(field)
        cell = self.cell(field)
        percent = isinstance(cell, Cell) and cell.percent
        return self.parse(field, lambda raw: values.number(raw, percent_format=percent))


@attrs.define
class SheetPart:
    """One table of a source found with its header: the sheet, the header, and the rows after it."""

    sheet: Sheet
    header: Header
    rows: Iterator[Row]


@attrs.define
class Opened:
    """What a source holds for a reader: the tables read (one, or every sheet of a workbook with the header) and,
    for a workbook, the sheets passed over with the number of their filled rows."""

    parts: list[SheetPart]
    source: str
    passed_over: list[Message] = attrs.field(factory=list)
    passed_over_rows: int = 0


def _filled_rows(rows: Iterable[Row]) -> int:
    return sum(1 for _n, cells in rows if not _is_blank(cells))


def _is_blank(cells: Sequence[Any]) -> bool:
    return all(values.is_empty(c.value if isinstance(c, Cell) else c) for c in cells)


def open_source(
    source: Any, kind: Kind, user: Mapping[str, str], sheet: str | None, encoding: str | None, delimiter: str | None
) -> Opened:
    """The tables of ``source`` a reader of ``kind`` reads: a text or JSON file, a DataFrame, the sheet named, or
    every visible sheet of a workbook that has the header (a workbook with a sheet per county or per month
    loses none of them); sheets whose headers name different fields refuse the file, naming them."""
    fields = FIELDS[kind]
    if isinstance(source, Sheet):
        one = _header_of(source, fields, user)  # a sheet of a workbook already open (bizenv.cycle's returns)
        return Opened([SheetPart(*one)], source.name)
    if not isinstance(source, str | Path):
        table = open_frame(source)
        part = SheetPart(*_header_of(table, fields, user))
        check_time_columns(part.header, _column_types(source), table.name)
        return Opened([part], table.name)
    path = check_path(source)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return Opened([SheetPart(*_header_of(open_json(path, encoding=encoding), fields, user))], str(path))
    if suffix not in SPREADSHEET_SUFFIXES:
        if sheet is not None:
            raise InputError(
                message("--sheet {sheet} applies to spreadsheets, not to {suffix} files", sheet=repr(sheet),
                        suffix=suffix),
                source=str(path),
            )  # fmt: skip
        text = open_text(path, encoding=encoding, delimiter=delimiter)
        return Opened([SheetPart(*_header_of(text, fields, user))], str(path))
    sheets = spreadsheet_sheets(path)
    if sheet is not None:
        names = [name for name, _v, _r in sheets]
        if sheet not in names:
            raise InputError(
                message("has no sheet {sheet}; its sheets are {names}", sheet=repr(sheet), names=", ".join(names)),
                source=str(path),
            )
        opened = Opened([], str(path))
        for name, visible, rows in sheets:
            if name != sheet:
                opened.passed_over.append(message("sheet {name!r} not read (--sheet names another)", name=name))
                opened.passed_over_rows += _filled_rows(rows)
                continue
            chosen = Sheet(f"{path}[{name}]", rows, sheet=name)
            if not visible:
                chosen.passed_over.append(message("sheet {name!r} is hidden; read because --sheet names it", name=name))
            opened.parts.append(SheetPart(*_header_of(chosen, fields, user)))
        return opened
    opened = Opened([], str(path))
    hidden_matches: list[str] = []
    for name, visible, rows in sheets:
        candidate = Sheet(f"{path}[{name}]", rows, sheet=name)
        found, rest_or_cells = find_header(candidate, fields, user)
        if not visible or found is None:
            if not visible:
                if found is not None:
                    hidden_matches.append(name)
                opened.passed_over.append(message("hidden sheet {name!r} not read", name=name))
            else:
                opened.passed_over.append(message("sheet {name!r} has no header with the columns; not read", name=name))
            opened.passed_over_rows += _filled_rows(rows)
            continue
        assert not isinstance(rest_or_cells, list)
        opened.parts.append(SheetPart(candidate, found, rest_or_cells))
    if not opened.parts:
        if hidden_matches:
            raise InputError(
                message(
                    "the only sheet with the columns is the hidden sheet {name}, which may hold old data; read it "
                    "on purpose with --sheet {name}",
                    name=repr(hidden_matches[0]),
                ),
                source=str(path),
            )
        raise missing_columns_error(f"{path} (every visible sheet)", fields, user, [])
    fields_of = {p.sheet.sheet: sorted(p.header.columns) for p in opened.parts}
    if len({tuple(f) for f in fields_of.values()}) > 1:
        shown = "; ".join(f"{name!r}: {', '.join(f)}" for name, f in fields_of.items())
        raise InputError(
            message(
                "the sheets with the columns have different columns ({sheets}); read one with --sheet NAME, or "
                "give every sheet the same columns",
                sheets=shown,
            ),
            source=str(path),
        )
    return opened


def _column_types(frame: Any) -> list[tuple[str, bool]]:
    """(type, whether whole numbers) of each column of a DataFrame or Arrow table."""
    schema = getattr(frame, "schema", None)
    if schema is not None and hasattr(schema, "types"):
        return [(str(t), str(t).startswith(("int", "uint"))) for t in schema.types]
    dtypes = getattr(frame, "dtypes", None)
    if dtypes is None:
        return []
    return [(str(d), getattr(d, "kind", "") in ("i", "u")) for d in dtypes]


def check_time_columns(header: Header, types: Sequence[tuple[str, bool]], name: str) -> None:
    """A column of case times stored as whole numbers (epoch seconds or milliseconds, as some exports write) is
    refused whole, naming the column and what it would need: which unit the numbers count is written nowhere."""
    for field in ("submitted_at", "completed_at"):
        if field not in header.columns:
            continue
        index, written = header.columns[field]
        if index < len(types) and types[index][1]:
            raise InputError(
                message(
                    "column {column} holds numbers ({type}), not times: if they count seconds or milliseconds since "
                    "1970, store the column as a timestamp with its zone (pandas.to_datetime(column, unit='s' or "
                    "'ms', utc=True)); bizenv does not guess the unit",
                    column=repr(written),
                    type=types[index][0],
                ),
                source=name,
                field=written,
            )


def _open_sheet(
    source: Any, kind: Kind, user: Mapping[str, str], sheet: str | None, encoding: str | None, delimiter: str | None
) -> tuple[Sheet, Header, Iterator[Row]]:
    """The one table of a source that holds one (a DataFrame, a text file; the first of a workbook's)."""
    part = open_source(source, kind, user, sheet, encoding, delimiter).parts[0]
    return part.sheet, part.header, part.rows


def _header_of(table: Sheet, fields: Sequence[Field], user: Mapping[str, str]) -> tuple[Sheet, Header, Iterator[Row]]:
    found, rest_or_cells = find_header(table, fields, user)
    if found is None:
        assert isinstance(rest_or_cells, list)
        raise missing_columns_error(table.name, fields, user, rest_or_cells)
    assert not isinstance(rest_or_cells, list)
    return table, found, rest_or_cells


def check_columns(user: Mapping[str, str], kinds: Iterable[Kind]) -> None:
    """Every entry of a column mapping (``--columns``) names a field of one of the files read: a mistyped field
    (``stauts``) is an :class:`InputError` with the likely field, never an entry left out."""
    listed = tuple(kinds)
    known = sorted({f.name for kind in listed for f in FIELDS[kind]})
    for written, field in user.items():
        if field not in known:
            close = difflib.get_close_matches(field, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise InputError(
                f"--columns maps {written!r} to {field!r}, which is not a field of the "
                f"{' or '.join(listed)} file{hint} (its fields: {', '.join(known)})"
            )


def _check_mapping(user: Mapping[str, str], kind: Kind) -> None:
    check_columns(user, (kind,))


def _data_rows(
    rows: Iterator[Row], totals: list[int], header: Header | None = None, blanks: list[int] | None = None
) -> Iterator[tuple[int, Sequence[Any]]]:
    """The data rows among ``rows``: blank rows are counted in ``blanks[0]``, rows of totals listed in ``totals``."""
    for number, cells in rows:
        if _is_blank(cells):
            if blanks is not None:
                blanks[0] += 1
            continue
        if is_totals_row(cells, header):
            totals.append(number)
            continue
        yield number, cells


def _width_problem(cells: Sequence[Any], header: Header) -> Message | None:
    if any(isinstance(c, Cell) for c in cells):
        return None  # spreadsheets leave trailing empty cells out; their columns never shift
    filled = len(cells)
    while filled and values.is_empty(cells[filled - 1]):
        filled -= 1
    if filled > header.width:
        return message(
            "the row has {cells} cells but the header has {columns} columns: a value is out of its column",
            cells=filled,
            columns=header.width,
        )
    last_needed = max(i for i, _w in header.columns.values())
    if len(cells) <= last_needed:
        return message(
            "the row has {cells} cells but the header has {columns} columns: the row is cut short",
            cells=len(cells),
            columns=header.width,
        )
    return None


def _uncached(cells: Sequence[Any], header: Header, name: str) -> None:
    used = {i for i, _w in header.columns.values()}
    for index, cell in enumerate(cells):
        if index in used and isinstance(cell, Cell) and cell.uncached_formula:
            raise InputError(
                message(
                    "cell {cell} is a formula whose result the file does not hold (it was saved by a program that "
                    "does not calculate); open the file in Excel or WPS, save it, and read it again",
                    cell=cell.ref,
                ),
                source=name,
            )


def read(
    kind: Kind,
    build: Callable[[_Cells, Origin], T],
    source: Any,
    *,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    name: str | None = None,
) -> Read[T]:
    """Read ``source`` (a path or a DataFrame) as ``kind``, each row built by ``build``; a workbook's every
    visible sheet with the header (or the sheet named)."""
    user = dict(columns or {})
    _check_mapping(user, kind)
    opened = open_source(source, kind, user, sheet, encoding, delimiter)
    records: list[T] = []
    rejections: list[Rejection] = []
    infos: list[ReadInfo] = []
    key = KEYS[kind]
    for part in opened.parts:
        table, header = part.sheet, part.header
        table_name = name if name is not None and len(opened.parts) == 1 else table.name
        totals: list[int] = []
        blanks = [header.blank_rows]
        count = 0
        for number, cells in _data_rows(part.rows, totals, header, blanks):
            _uncached(cells, header, table_name)
            outcome = row_outcome(build, cells, header, Origin(table_name, number), key)
            count += 1
            if isinstance(outcome, Rejection):
                rejections.append(outcome)
            else:
                records.append(outcome)
        infos.append(sheet_info(table_name, kind, table, header, totals, count, blanks[0]))
    return Read(tuple(records), tuple(rejections), combined_info(opened, infos, name))


def sheet_info(
    name: str, kind: Kind, table: Sheet, header: Header, totals: Sequence[int], rows: int, blank_rows: int
) -> ReadInfo:
    """How one table was read."""
    return ReadInfo(
        source=name,
        kind=kind,
        sheet=table.sheet,
        encoding=table.encoding,
        delimiter=table.delimiter,
        header_row=header.row,
        columns={f: w for f, (_i, w) in header.columns.items()},
        ignored_columns=header.ignored,
        title_rows=header.title_rows,
        totals_rows=tuple(totals),
        passed_over=tuple(table.passed_over),
        rows=rows,
        blank_rows=blank_rows,
    )


def combined_info(opened: Opened, infos: Sequence[ReadInfo], name: str | None = None) -> ReadInfo:
    """How a source was read: its one table's reading, or, for a workbook read sheet by sheet, the sum of the
    sheets' (each in :attr:`ReadInfo.sheets`); with the sheets passed over and their rows."""
    extra = tuple(opened.passed_over)
    if len(infos) == 1:
        one = infos[0]
        return attrs.evolve(
            one, passed_over=(*extra, *one.passed_over), passed_over_rows=one.passed_over_rows + opened.passed_over_rows
        )
    first = infos[0]
    return ReadInfo(
        source=name or opened.source,
        kind=first.kind,
        sheet=None,
        encoding=None,
        delimiter=None,
        header_row=first.header_row,
        columns=first.columns,
        ignored_columns=tuple(dict.fromkeys(c for i in infos for c in i.ignored_columns)),
        title_rows=(),
        totals_rows=(),
        passed_over=(*extra, *(m for i in infos for m in i.passed_over)),
        rows=sum(i.rows for i in infos),
        blank_rows=sum(i.blank_rows for i in infos),
        passed_over_rows=opened.passed_over_rows,
        sheets=tuple(infos),
    )


def row_outcome(
    build: Callable[[_Cells, Origin], T], cells: Sequence[Any], header: Header, origin: Origin, key: str
) -> T | Rejection:
    """One data row read by the rules: its record, or its rejection (a time without a zone, read without one,
    is an :class:`InputError` for the whole file)."""
    row = _Cells(cells, header)
    ident = None if row.empty(key) else _safe_text(row.raw(key))
    if problem := _width_problem(cells, header):
        return Rejection.of(origin, problem, ident)
    try:
        return build(row, origin)
    except values.NaiveValue as exc:
        raise InputError(
            message(
                "{value} has no time zone: in Xinjiang it could be Beijing time (Asia/Shanghai) or Xinjiang time "
                "(Asia/Urumqi); pass the zone the file's times are in (--zone Asia/Shanghai for Beijing time)",
                **exc.template_message.params,
            ),
            source=origin.source,
            row=origin.row,
        ) from None
    except _RowProblem as exc:
        written = header.columns[exc.field][1] if exc.field in header.columns else exc.field
        reason = exc.message
        if rejection_code(reason) == "invalid_record":  # a cell's value problem: its code is the column's kind
            reason = attrs.evolve(reason, code=_CODE_OF_FIELD.get(exc.field, "bad_value"))
        return Rejection.of(origin, reason, ident, field=written, cell=exc.cell)


#: The code of a cell that cannot be read, by the kind of its column.
_CODE_OF_FIELD: dict[str, RejectionCode] = {
    "submitted_at": "bad_timestamp",
    "completed_at": "bad_timestamp",
    "excluded": "bad_interval",
    "completed_on": "bad_date",
    "observed_on": "bad_date",
    "value": "bad_number",
}


def _safe_text(raw: Any) -> str | None:
    try:
        return values.text(raw)
    except values.ValueProblem:
        return None


# -- the four kinds ---------------------------------------------------------------------------------------


_MOMENT = re.compile(
    r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:[ T]|\s*)"  # the day
    r"\d{1,2}[:时]\d{2}(?:[:分]\d{2}秒?)?(?:\.\d+)?"  # the time
    r"(?:Z|[+-]\d{2}:?\d{2})?"  # the offset
)


def _intervals(row: _Cells, zone: str | None) -> tuple[Interval, ...]:
    """ "start/end[/reason]; start/end …": two date-times per interval (separated by /, ~ or 至), then a reason."""
    raw = row.optional_text("excluded")
    if not raw:
        return ()
    out = []
    for part in raw.replace("；", ";").split(";"):
        if not part.strip():
            continue
        found = list(_MOMENT.finditer(part))
        if len(found) != 2:
            raise _RowProblem(
                "excluded",
                row.cell("excluded"),
                message("{part} is not 'start/end[/reason]' with two date-times", part=repr(part.strip())),
            )
        try:
            start, end = (values.datetime(m[0], zone=zone) for m in found)
        except values.NaiveValue:
            raise
        except values.ValueProblem as exc:
            raise _RowProblem("excluded", row.cell("excluded"), exc.template_message) from None
        reason = part[found[1].end() :].strip().lstrip("/~至-—").strip()
        out.append(Interval(start, end, reason))
    return tuple(out)


def case_builder(zone: str | None) -> Callable[[_Cells, Origin], CaseRecord]:
    """How a row of a case file becomes a record (times without a zone read in ``zone``)."""

    def build(row: _Cells, origin: Origin) -> CaseRecord:
        row.required("submitted_at")
        return CaseRecord(
            case_id=row.text("case_id"),
            target_id=row.text("target_id"),
            submitted_at=row.moment("submitted_at", zone),
            completed_at=None if row.empty("completed_at") else row.moment("completed_at", zone),
            sub_unit=row.optional_text("sub_unit"),
            excluded=_intervals(row, zone),
            origin=origin,
        )

    return build


def read_cases_rows(
    source: Any,
    *,
    zone: str | None = None,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> Read[CaseRecord]:
    """:func:`~bizenv.inputs.read_cases` one row at a time, the whole file at once: the reference the chunk-wise
    reader (:func:`bizenv.inputs.chunks.read_cases`) is tested against."""
    if zone is not None:
        values.zone_info(zone)
    return read(
        "cases", case_builder(zone), source, columns=columns, sheet=sheet, encoding=encoding, delimiter=delimiter
    )


def read_ledger(
    source: Any,
    *,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> Read[LedgerRow]:
    """Progress-ledger rows (columns: measure_id, status, completed_on, note). An empty status is a line the unit
    left as sent: nothing reported."""

    def build(row: _Cells, origin: Origin) -> LedgerRow:
        raw_id = row.raw("measure_id")
        status = row.optional_text("status") or ""
        completed = None if row.empty("completed_on") else row.day("completed_on")
        if not status and completed is not None:
            raise _RowProblem(
                "status", row.cell("status"), message("a completion date without a status; say whether it is done")
            )
        return LedgerRow(
            measure_id=row.text("measure_id"),
            status=status,
            completed_on=completed,
            note=row.optional_text("note") or "",
            origin=origin,
            id_candidates=values.id_candidates(raw_id),
        )

    return read("ledger", build, source, columns=columns, sheet=sheet, encoding=encoding, delimiter=delimiter)


def read_observations(
    source: Any,
    *,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> Read[Observation]:
    """Observed values of quantity targets (columns: target_id, value, subject, observed_on)."""

    def build(row: _Cells, origin: Origin) -> Observation:
        value = row.number("value")
        return Observation(
            target_id=row.text("target_id"),
            value=value.value,
            subject=row.optional_text("subject"),
            observed_on=None if row.empty("observed_on") else row.day("observed_on"),
            origin=origin,
            percent=value.percent,
        )

    return read("observations", build, source, columns=columns, sheet=sheet, encoding=encoding, delimiter=delimiter)


def read_indicator_values(
    source: Any,
    *,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> Read[IndicatorValue]:
    """Indicator values per subject, for scoring (columns: subject, indicator, value, direction)."""

    def build(row: _Cells, origin: Origin) -> IndicatorValue:
        direction = None
        if not row.empty("direction"):
            word = row.parse("direction", values.text).strip().lower()
            if word not in DIRECTION_WORDS:
                raise _RowProblem(
                    "direction",
                    row.cell("direction"),
                    message("{word} is not a direction: lower (越低越好) or higher (越高越好)", word=repr(word)),
                )
            direction = DIRECTION_WORDS[word]
        value = row.number("value")
        return IndicatorValue(
            subject=row.text("subject"),
            indicator=row.text("indicator"),
            value=value.value,
            origin=origin,
            direction=direction,
            percent=value.percent,
        )

    return read("values", build, source, columns=columns, sheet=sheet, encoding=encoding, delimiter=delimiter)


def parse_column_mapping(text: str) -> dict[str, str]:
    """``"收件编号=case_id, 县区=sub_unit"`` as a mapping (the ``--columns`` option)."""
    mapping: dict[str, str] = {}
    for part in text.replace("，", ",").split(","):
        if not part.strip():
            continue
        written, sep, field = part.partition("=")
        if not sep or not written.strip() or not field.strip():
            raise InputError(f"--columns: {part.strip()!r} is not 'header=field'")
        mapping[written.strip()] = field.strip()
    return mapping


__all__ = [
    "DIRECTION_WORDS",
    "FIELDS",
    "Direction",
    "Kind",
    "Opened",
    "Read",
    "ReadInfo",
    "SheetPart",
    "case_builder",
    "check_columns",
    "check_time_columns",
    "combined_info",
    "open_source",
    "parse_column_mapping",
    "read",
    "read_cases_rows",
    "read_indicator_values",
    "read_ledger",
    "read_observations",
    "row_outcome",
    "sheet_info",
]
