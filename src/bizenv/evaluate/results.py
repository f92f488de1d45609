"""What a case evaluation gives: the result classes, and the shapes derived from them.

Both engines, the per-case reference (:mod:`bizenv.evaluate.cases`) and the columnar core
(:mod:`bizenv.evaluate.table`), return these classes, and every table shape of a result is derived from a class
here, not written out again: the DataFrame columns of :meth:`CaseEvaluation.to_frame` and
:meth:`TableEvaluation.to_pandas`, the Arrow schema of the per-case results (:func:`result_schema`), and the JSON and
CSV rows of the documents (:class:`CaseRow`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import attrs
import pyarrow as pa

from bizenv.evaluate.summary import CaseStatus, find_summary
from bizenv.model import Aggregation, Comparator, TimeUnit
from bizenv.records import CaseRecord, Rejection
from bizenv.tables import CATEGORIES, Column, arrow_frame, columns_of, fields_html, frame, html_table, short_repr

Convention = Literal["elapsed", "legal"]
#: The statuses as a table orders them: the worst first.
WORST_FIRST: tuple[CaseStatus, ...] = ("open_overdue", "fail", "open", "pass")


@attrs.frozen(slots=True)
class CaseResult:
    """One case judged against its target: status, duration, excluded time, legal due time."""

    _repr_html_ = fields_html

    case: CaseRecord
    measure_id: str
    unit: TimeUnit
    status: CaseStatus
    #: Time from submission to completion (or to ``as_of`` for open cases), excluded time removed.
    duration: float
    #: Excluded time, in the target's unit.
    excluded: float
    #: Legal due time, for targets that set a ceiling (``<=``, ``<``, ``==``, range).
    due: dt.datetime | None
    #: True when the calendar years involved are estimated, not announced.
    provisional: bool
    #: The sub-unit's id, resolved from the name, alias or id the record gives.
    sub_unit: str | None = None


@attrs.frozen(slots=True)
class TargetSummary:
    """The cases of one target, in one sub-unit (``sub_unit``) or all together (null), and the verdict: ``met``
    is null when nothing can be judged yet; ``basis`` says what it was judged on."""

    _repr_html_ = fields_html

    target_id: str
    measure_id: str
    #: None for all sub-units together.
    sub_unit: str | None
    unit: TimeUnit
    aggregation: Aggregation
    comparator: Comparator
    value: float | None
    cases: int
    completed: int
    passed: int
    failed: int
    open: int
    open_overdue: int
    mean: float | None
    median: float | None
    p90: float | None
    #: Share of completed cases that passed, in percent.
    pass_rate: float | None
    #: Whether the target is met under its aggregation; None when there is nothing to judge yet.
    met: bool | None
    basis: str
    provisional_cases: int


@attrs.frozen(slots=True)
class CaseRow:
    """One case judged against its time limit, as a flat row. ``duration`` and ``excluded`` are in ``unit``; ``due``
    is the legal due time in the calendar's zone, for a target that sets a ceiling."""

    case_id: str
    target_id: str
    measure_id: str
    #: The sub-unit's id, and the name the record gave for it.
    sub_unit: str | None
    sub_unit_as_written: str | None
    status: CaseStatus = attrs.field(metadata={CATEGORIES: WORST_FIRST})
    duration: float
    unit: TimeUnit
    excluded: float
    due: dt.datetime | None
    provisional: bool
    source: str
    row: int | None


def case_row(result: CaseResult) -> CaseRow:
    """A case's result as a flat row."""
    return CaseRow(
        case_id=result.case.case_id,
        target_id=result.case.target_id,
        measure_id=result.measure_id,
        sub_unit=result.sub_unit,
        sub_unit_as_written=result.case.sub_unit,
        status=result.status,
        duration=result.duration,
        unit=result.unit,
        excluded=result.excluded,
        due=result.due,
        provisional=result.provisional,
        source=result.case.origin.source,
        row=result.case.origin.row,
    )


#: The columns of :meth:`CaseEvaluation.to_frame` (summaries): the fields of :class:`TargetSummary`.
SUMMARY_COLUMNS = columns_of(TargetSummary)
#: The columns of every case row (:class:`CaseRow`).
ROW_COLUMNS = columns_of(CaseRow)
#: The columns of :meth:`CaseEvaluation.to_frame` with ``what="cases"``: a case row without the name as written.
CASE_COLUMNS = tuple(c for c in ROW_COLUMNS if c.name != "sub_unit_as_written")
#: The record's own times, which the Arrow results carry after the sub-unit (they are in every record already).
_TIMES = (Column("submitted_at", "datetime"), Column("completed_at", "datetime"))
_TIMES_AFTER = "sub_unit_as_written"


def _arrow_type(column: Column, zone: str) -> pa.DataType:
    match column.kind:
        case "text":
            return pa.string()
        case "int":
            return pa.int64()
        case "float":
            return pa.float64()
        case "bool":
            return pa.bool_()
        case "category":
            return pa.dictionary(pa.int8(), pa.string())
        case "datetime":
            return pa.timestamp("us", tz=zone)
        case _:
            raise TypeError(f"column {column.name!r}: no Arrow type for {column.kind}")


def result_columns() -> tuple[Column, ...]:
    """The columns of the per-case results table: :class:`CaseRow`'s, and the record's times (UTC)."""
    at = [c.name for c in ROW_COLUMNS].index(_TIMES_AFTER) + 1
    return (*ROW_COLUMNS[:at], *_TIMES, *ROW_COLUMNS[at:])


def result_schema(zone: str) -> pa.Schema:
    """The Arrow schema of the per-case results (``due`` in the calendar's zone ``zone``, the record's times in
    UTC), derived from :class:`CaseRow`."""
    return pa.schema(
        [(c.name, _arrow_type(c, "UTC" if c in _TIMES else zone)) for c in result_columns()],
    )


@attrs.frozen(slots=True)
class CaseEvaluation:
    """Every case's result, the rejected records, and a summary per target and sub-unit."""

    region: str
    convention: Convention
    as_of: dt.datetime | None
    results: tuple[CaseResult, ...]
    rejections: tuple[Rejection, ...]
    summaries: tuple[TargetSummary, ...]

    def summary(self, target_id: str, sub_unit: str | None = None) -> TargetSummary:
        """The summary of one target, for all sub-units (None) or one."""
        return find_summary(self.summaries, target_id, sub_unit)

    def table(self, what: Literal["summaries", "cases"] = "summaries") -> tuple[list[Column], list[list[object]]]:
        """The columns and rows of :meth:`to_frame`."""
        if what == "cases":
            rows = [case_row(r) for r in self.results]
            return list(CASE_COLUMNS), [[getattr(row, c.name) for c in CASE_COLUMNS] for row in rows]
        return list(SUMMARY_COLUMNS), [[getattr(s, c.name) for c in SUMMARY_COLUMNS] for s in self.summaries]

    def to_frame(self, what: Literal["summaries", "cases"] = "summaries") -> Any:
        """A pandas DataFrame: the summary of each target, all sub-units together (``sub_unit`` missing) and per
        sub-unit; or (``what="cases"``) one row per case, ``status`` an ordered categorical (worst first), the
        legal ``due`` time in Beijing time (needs ``bizenv[pandas]``)."""
        columns, rows = self.table(what)
        return frame(columns, rows)

    def _repr_html_(self) -> str:
        columns, rows = self.table()
        caption = f"CaseEvaluation {self.region}: {len(self.results)} cases, {len(self.rejections)} rejected"
        return html_table(columns, rows, caption)

    def __repr__(self) -> str:
        statuses: dict[str, int] = {}
        for r in self.results:
            statuses[r.status] = statuses.get(r.status, 0) + 1
        overall = [s for s in self.summaries if s.sub_unit is None]
        unmet = [s.target_id for s in overall if s.met is False]
        lines = [
            f"{len(self.results)} cases: {', '.join(f'{k} {v}' for k, v in sorted(statuses.items())) or 'none'}",
            f"{len(overall)} targets, not met: {' '.join(unmet[:12]) or 'none'}"
            + (f" … ({len(unmet)} in all)" if len(unmet) > 12 else ""),
            f"{len(self.summaries) - len(overall)} sub-unit summaries; rejected records: {len(self.rejections)}",
            f"convention {self.convention}" + (f", as of {self.as_of.isoformat()}" if self.as_of else ""),
        ]
        return short_repr("CaseEvaluation", self.region, lines)


@attrs.frozen(slots=True)
class TableEvaluation:
    """What :func:`~bizenv.evaluate.evaluate_table` returns: per-case results as an Arrow table (columns of
    :func:`result_schema`), the rejected records, and a summary per target and sub-unit."""

    region: str
    convention: Convention
    as_of: dt.datetime | None
    results: pa.Table
    rejections: tuple[Rejection, ...]
    summaries: tuple[TargetSummary, ...]

    def summary(self, target_id: str, sub_unit: str | None = None) -> TargetSummary:
        """The summary of one target, for all sub-units (None) or one."""
        return find_summary(self.summaries, target_id, sub_unit)

    def to_pandas(self) -> Any:
        """The per-case results as a pandas DataFrame, with the dtypes of :meth:`CaseEvaluation.to_frame`
        (``what="cases"``) for the columns they share (needs ``bizenv[pandas]``)."""
        return arrow_frame(self.results, result_columns())

    def to_frame(self, what: Literal["summaries", "cases"] = "summaries") -> Any:
        """The summaries, or the cases (``what="cases"``), as :meth:`CaseEvaluation.to_frame` gives them."""
        if what == "cases":
            return arrow_frame(self.results, CASE_COLUMNS)
        return frame(SUMMARY_COLUMNS, [[getattr(s, c.name) for c in SUMMARY_COLUMNS] for s in self.summaries])


__all__ = [
    "CASE_COLUMNS",
    "ROW_COLUMNS",
    "SUMMARY_COLUMNS",
    "CaseEvaluation",
    "CaseResult",
    "CaseRow",
    "CaseStatus",
    "Convention",
    "TableEvaluation",
    "TargetSummary",
    "case_row",
    "result_columns",
    "result_schema",
]
