"""Read tabular input (CSV, JSON, .xlsx, pandas DataFrames) into records; bad rows become rejections.

Every reader returns ``(records, rejections)``: a row that cannot be read is reported with its file,
row number (the header is row 1, as a spreadsheet shows it) and field, never dropped in silence.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from bizenv.records import CaseRecord, IndicatorValue, Interval, LedgerRow, Observation, Origin, Rejection

T = TypeVar("T")
Row = tuple[Origin, Mapping[str, Any]]


class InputError(ValueError):
    """A whole input file that cannot be read (missing, wrong format, missing columns)."""


def _rows_csv(path: Path) -> Iterator[Row]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            yield Origin(str(path), number), row


def _rows_json(path: Path) -> Iterator[Row]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON: {exc}") from None
    if isinstance(data, dict):
        data = data.get("records", data.get("rows"))
    if not isinstance(data, list):
        raise InputError(f'{path}: expected a list of objects (or {{"records": [...]}})')
    for number, row in enumerate(data, start=1):
        if not isinstance(row, dict):
            raise InputError(f"{path}: item {number} is not an object")
        yield Origin(str(path), number), row


def _rows_xlsx(path: Path) -> Iterator[Row]:
    try:
        from openpyxl import load_workbook
    except ImportError:
        raise InputError(f"{path}: reading .xlsx needs openpyxl: pip install 'bizenv[excel]'") from None
    workbook = load_workbook(path, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return
    names = [str(h).strip() if h is not None else "" for h in header]
    for number, values in enumerate(rows, start=2):
        if all(v is None or v == "" for v in values):
            continue
        yield Origin(f"{path}[{sheet.title}]", number), dict(zip(names, values, strict=False))


def read_rows(path: str | Path) -> Iterator[Row]:
    """Rows of a .csv, .json or .xlsx file, each with its origin."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    suffix = p.suffix.lower()
    if suffix == ".csv":
        return _rows_csv(p)
    if suffix == ".json":
        return _rows_json(p)
    if suffix in (".xlsx", ".xlsm"):
        return _rows_xlsx(p)
    raise InputError(f"{p}: unsupported file type {suffix!r}; use .csv, .json or .xlsx")


def rows_from_dataframe(frame: Any, name: str = "<DataFrame>") -> Iterator[Row]:
    """Rows of a pandas DataFrame (numbered from 1 like JSON items)."""
    for number, row in enumerate(frame.to_dict(orient="records"), start=1):
        yield Origin(name, number), {k: (None if _is_missing(v) else v) for k, v in row.items()}


def _is_missing(value: Any) -> bool:
    try:
        return bool(value != value)  # NaN and NaT
    except (TypeError, ValueError):
        return False


class _RowError(Exception):
    pass


def _text(row: Mapping[str, Any], field: str, required: bool = True) -> str | None:
    value = row.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _RowError(f"field {field!r} is empty or missing")
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _datetime(row: Mapping[str, Any], field: str, required: bool = True) -> dt.datetime | None:
    value = row.get(field)
    if value is None or value == "":
        if required:
            raise _RowError(f"field {field!r} is empty or missing")
        return None
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value
    try:
        return dt.datetime.fromisoformat(str(value).strip().replace(" ", "T", 1))
    except ValueError:
        raise _RowError(f"field {field!r}: {value!r} is not an ISO 8601 date-time") from None


def _date(row: Mapping[str, Any], field: str) -> dt.date | None:
    value = row.get(field)
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise _RowError(f"field {field!r}: {value!r} is not a date (YYYY-MM-DD)") from None


def _number(row: Mapping[str, Any], field: str) -> float:
    value = row.get(field)
    try:
        if isinstance(value, str):
            value = value.strip().rstrip("%")
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise _RowError(f"field {field!r}: {value!r} is not a number") from None


def _intervals(text: str | None) -> tuple[Interval, ...]:
    """ "start/end[/reason]; start/end" in ISO 8601."""
    if not text:
        return ()
    out = []
    for part in text.split(";"):
        pieces = [p.strip() for p in part.strip().split("/")]
        if len(pieces) < 2:
            raise _RowError(f"field 'excluded': {part!r} is not 'start/end[/reason]'")
        try:
            start, end = (dt.datetime.fromisoformat(p.replace(" ", "T", 1)) for p in pieces[:2])
        except ValueError:
            raise _RowError(f"field 'excluded': {part!r} has a time that is not ISO 8601") from None
        out.append(Interval(start, end, "/".join(pieces[2:])))
    return tuple(out)


def _convert(
    rows: Iterable[Row], build: Callable[[Origin, Mapping[str, Any]], T], key: str
) -> tuple[list[T], list[Rejection]]:
    records: list[T] = []
    rejections: list[Rejection] = []
    for origin, row in rows:
        try:
            records.append(build(origin, row))
        except _RowError as exc:
            ident = row.get(key)
            rejections.append(Rejection(origin, str(exc), str(ident) if ident not in (None, "") else None))
    return records, rejections


def case_records(rows: Iterable[Row]) -> tuple[list[CaseRecord], list[Rejection]]:
    """Columns: case_id, target_id, submitted_at, completed_at (empty = open), sub_unit, excluded."""

    def build(origin: Origin, row: Mapping[str, Any]) -> CaseRecord:
        submitted = _datetime(row, "submitted_at")
        assert submitted is not None
        return CaseRecord(
            case_id=_text(row, "case_id") or "",
            target_id=_text(row, "target_id") or "",
            submitted_at=submitted,
            completed_at=_datetime(row, "completed_at", required=False),
            sub_unit=_text(row, "sub_unit", False),
            excluded=_intervals(_text(row, "excluded", False)),
            origin=origin,
        )

    return _convert(rows, build, "case_id")


def ledger_rows(rows: Iterable[Row]) -> tuple[list[LedgerRow], list[Rejection]]:
    """Columns: measure_id, status, completed_on, note."""

    def build(origin: Origin, row: Mapping[str, Any]) -> LedgerRow:
        return LedgerRow(
            measure_id=_text(row, "measure_id") or "",
            status=_text(row, "status") or "",
            completed_on=_date(row, "completed_on"),
            note=_text(row, "note", False) or "",
            origin=origin,
        )

    return _convert(rows, build, "measure_id")


def observations(rows: Iterable[Row]) -> tuple[list[Observation], list[Rejection]]:
    """Columns: target_id, value, subject, observed_on."""

    def build(origin: Origin, row: Mapping[str, Any]) -> Observation:
        return Observation(
            target_id=_text(row, "target_id") or "",
            value=_number(row, "value"),
            subject=_text(row, "subject", False),
            observed_on=_date(row, "observed_on"),
            origin=origin,
        )

    return _convert(rows, build, "target_id")


def indicator_values(rows: Iterable[Row]) -> tuple[list[IndicatorValue], list[Rejection]]:
    """Columns: subject, indicator, value."""

    def build(origin: Origin, row: Mapping[str, Any]) -> IndicatorValue:
        return IndicatorValue(
            subject=_text(row, "subject") or "",
            indicator=_text(row, "indicator") or "",
            value=_number(row, "value"),
            origin=origin,
        )

    return _convert(rows, build, "subject")
