"""Judge case records against time-limit targets, on the region's calendar, under a named convention.

- ``convention="elapsed"``: a case passes when the working time between submission and completion
  (excluded intervals removed) meets the target (e.g. <= 5 working days). Evaluations of average
  processing time work this way.
- ``convention="legal"``: a case passes when it is completed by its legal due time (start day not
  counted, due at the close of the Nth working day; excluded time extends the period).

Targets aggregated as ``mean``, ``median`` or ``p90`` are judged on that statistic of the elapsed
durations of completed cases; ``each`` (and any other aggregation) needs every case to pass and no
open case to be overdue. The mean is exact (rounded once), the median and p90 NumPy's: statistics that
merge exactly across chunks (:mod:`bizenv.evaluate.summary`).

:func:`evaluate_cases` runs on the columnar core (:mod:`bizenv.evaluate.table`). The per-case path of this
module, :func:`evaluate_cases_per_case`, judges one record at a time with the scalar calendar API: it is the
reference the columnar core is tested against, case by case.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Literal

import attrs
import numpy as np

from bizenv.calendars import CalendarCoverageError, NaiveDatetimeError, WorkingCalendar
from bizenv.calendars.periods import due, elapsed
from bizenv.errors import ArgumentError, UnknownMetricError, UnknownSubUnitError, UnknownTargetError
from bizenv.evaluate import _arguments as arguments
from bizenv.evaluate._reasons import not_a_case_limit, reason_of
from bizenv.evaluate.summary import distribution, duration_stats, find_summary
from bizenv.i18n import Message, message
from bizenv.metrics import metric as metric_of
from bizenv.model import TIME_UNITS, Measure, Metric, RegionProfile, Target
from bizenv.records import CaseRecord, Rejection
from bizenv.tables import Column, fields_html, frame, html_table, short_repr

Convention = Literal["elapsed", "legal"]
CaseStatus = Literal["pass", "fail", "open", "open_overdue"]


@attrs.frozen(slots=True)
class CaseResult:
    """One case judged against its target: status, duration, excluded time, legal due time."""

    _repr_html_ = fields_html

    case: CaseRecord
    measure_id: str
    unit: str
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
    """The cases of one target (in one sub-unit, or all together) and whether the target is met."""

    _repr_html_ = fields_html

    target_id: str
    measure_id: str
    #: None for all sub-units together.
    sub_unit: str | None
    unit: str
    aggregation: str
    comparator: str
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
            return list(CASE_COLUMNS), [_case_row(r) for r in self.results]
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


#: The columns of :meth:`CaseEvaluation.to_frame` (summaries), the fields of :class:`TargetSummary`.
SUMMARY_COLUMNS = (
    Column("target_id", "text"),
    Column("measure_id", "text"),
    Column("sub_unit", "text"),
    Column("unit", "text"),
    Column("aggregation", "text"),
    Column("comparator", "text"),
    Column("value", "float"),
    Column("cases", "int"),
    Column("completed", "int"),
    Column("passed", "int"),
    Column("failed", "int"),
    Column("open", "int"),
    Column("open_overdue", "int"),
    Column("mean", "float"),
    Column("median", "float"),
    Column("p90", "float"),
    Column("pass_rate", "float"),
    Column("met", "bool"),
    Column("basis", "text"),
    Column("provisional_cases", "int"),
)
#: The columns of :meth:`CaseEvaluation.to_frame` with ``what="cases"``.
CASE_COLUMNS = (
    Column("case_id", "text"),
    Column("target_id", "text"),
    Column("measure_id", "text"),
    Column("sub_unit", "text"),
    Column("status", "category", ("open_overdue", "fail", "open", "pass")),
    Column("duration", "float"),
    Column("unit", "text"),
    Column("excluded", "float"),
    Column("due", "datetime"),
    Column("provisional", "bool"),
    Column("source", "text"),
    Column("row", "int"),
)


def _case_row(result: CaseResult) -> list[object]:
    case = result.case
    return [
        case.case_id,
        case.target_id,
        result.measure_id,
        result.sub_unit,
        result.status,
        result.duration,
        result.unit,
        result.excluded,
        result.due,
        result.provisional,
        case.origin.source,
        case.origin.row,
    ]


class _Reject(Exception):
    def __init__(self, template: str | Message, **params: object) -> None:
        self.message = template if isinstance(template, Message) else Message(template, params)
        super().__init__(str(self.message))


def _ceiling(target: Target, metric: Metric) -> float | None:
    """The time limit a legal due time is counted to: the target's value, or a range's high end (a ceiling that
    depends on the case's type); None for a floor."""
    if metric.direction != "lower" or target.comparator in (">=", ">"):
        return None
    return target.bound("lower")


def _years(*moments: dt.datetime) -> range:
    return range(min(m.year for m in moments), max(m.year for m in moments) + 1)


def merge_intervals(intervals: Iterable[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    """The union of intervals, as disjoint intervals in order: time listed twice, or in two overlapping
    intervals, is excluded once."""
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for a, b in sorted(intervals):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _judge(
    record: CaseRecord,
    measure: Measure,
    target: Target,
    metric: Metric,
    cal: WorkingCalendar,
    convention: Convention,
    as_of: dt.datetime | None,
    zone: str | None,
) -> CaseResult:
    unit = target.unit
    if not metric.takes_cases or unit not in TIME_UNITS:
        reason = not_a_case_limit(record.target_id, metric, unit)
        raise _Reject(reason)
    try:
        start = cal.to_local(record.submitted_at, zone)
        end = cal.to_local(record.completed_at, zone) if record.completed_at is not None else None
        now = cal.to_local(as_of, zone) if as_of is not None else None
        intervals = [(cal.to_local(i.start, zone), cal.to_local(i.end, zone)) for i in record.excluded]
    except NaiveDatetimeError:
        raise _Reject("a time has no time zone: give the zone of the file's times") from None
    if end is not None and end < start:
        raise _Reject("completed {end} before it was submitted {start}", end=end.isoformat(), start=start.isoformat())
    if end is None and now is None:
        raise _Reject("the case is open (no completion time) and no as-of time was given")
    # The as-of time is when the cases are judged: a case submitted later did not exist then, done or open.
    if now is not None and start > now:
        raise _Reject(
            "the case was submitted {start}, after the as-of time {as_of}",
            start=start.isoformat(),
            as_of=now.isoformat(),
        )
    stop = end if end is not None else now
    assert stop is not None
    for a, b in intervals:
        if not start <= a <= b <= stop:
            raise _Reject(
                "excluded time {first}..{last} is not inside the case's time {start}..{stop}",
                first=a.isoformat(),
                last=b.isoformat(),
                start=start.isoformat(),
                stop=stop.isoformat(),
            )
    try:
        excluded = sum(elapsed(cal, a, b, unit) for a, b in merge_intervals(intervals))
        duration = elapsed(cal, start, stop, unit) - excluded
        limit = _ceiling(target, metric)
        due_at = None
        if limit is not None:
            amount = limit + excluded
            if unit in ("working_day", "calendar_day", "month") and amount != int(amount):
                amount = int(amount) + 1  # a part-day exclusion cannot shorten a whole-day period
            due_at = due(cal, start, amount, unit)
    except CalendarCoverageError as exc:
        raise _Reject(reason_of(exc)) from None
    provisional = any(cal.year_status(y) != "official" for y in _years(start, stop))
    if end is None:
        assert now is not None
        late = (
            (now > due_at)
            if convention == "legal" and due_at is not None
            else not target.is_met_by(duration, metric.direction)
        )
        status: CaseStatus = "open_overdue" if late else "open"
    elif convention == "legal" and due_at is not None:
        status = "pass" if end <= due_at else "fail"
    else:
        status = "pass" if target.is_met_by(duration, metric.direction) else "fail"
    return CaseResult(record, measure.id, unit, status, duration, excluded, due_at, provisional)


def _sub_unit(profile: RegionProfile, record: CaseRecord) -> str | None:
    if not record.sub_unit:
        return None
    try:
        return profile.sub_unit(record.sub_unit).id
    except UnknownSubUnitError:
        known = ", ".join(s.names.zh for s in profile.region.sub_units) or "none"
        raise _Reject(
            "{name} is not a sub-unit of the region (its sub-units: {known})", name=repr(record.sub_unit), known=known
        ) from None


def _summarise(
    target_id: str, measure: Measure, target: Target, metric: Metric, sub_unit: str | None, results: list[CaseResult]
) -> TargetSummary:
    completed = [r for r in results if r.status in ("pass", "fail")]
    durations = np.array([r.duration for r in completed], dtype=float)
    stats = duration_stats(*distribution(durations))
    passed = sum(r.status == "pass" for r in completed)
    overdue = sum(r.status == "open_overdue" for r in results)
    met: bool | None
    if target.aggregation in ("mean", "median", "p90"):
        statistic = stats[target.aggregation]
        met = None if statistic is None else target.is_met_by(statistic, metric.direction)
        basis = f"{target.aggregation} of elapsed {target.unit} over completed cases"
    else:
        met = None if not completed and not overdue else (passed == len(completed) and overdue == 0)
        basis = "every case passes and no open case is overdue"
    return TargetSummary(
        target_id=target_id,
        measure_id=measure.id,
        sub_unit=sub_unit,
        unit=target.unit,
        aggregation=target.aggregation,
        comparator=target.comparator,
        value=target.bound(metric.direction),
        cases=len(results),
        completed=len(completed),
        passed=passed,
        failed=len(completed) - passed,
        open=sum(r.status == "open" for r in results),
        open_overdue=overdue,
        mean=stats["mean"],
        median=stats["median"],
        p90=stats["p90"],
        pass_rate=100.0 * passed / len(completed) if completed else None,
        met=met,
        basis=basis,
        provisional_cases=sum(r.provisional for r in results),
    )


def evaluate_cases(
    profile: RegionProfile,
    records: Iterable[CaseRecord],
    calendar: WorkingCalendar | None = None,
    *,
    convention: Convention = "elapsed",
    as_of: dt.datetime | None = None,
    zone: str | None = None,
    rejections: Iterable[Rejection] = (),
) -> CaseEvaluation:
    """Judge every record against its target; aggregate per target and per sub-unit.

    ``zone`` names the zone of naive timestamps (e.g. "Asia/Shanghai"); without it they are rejected.
    ``rejections`` from reading the input are carried into the result, so nothing is lost. The records are
    judged as arrays by the columnar core (:func:`bizenv.evaluate.table.evaluate_records`).
    """
    from bizenv.evaluate.table import evaluate_records

    evaluation: CaseEvaluation = evaluate_records(
        profile, records, calendar, convention=convention, as_of=as_of, zone=zone, rejections=rejections
    )
    return evaluation


def evaluate_cases_per_case(
    profile: RegionProfile,
    records: Iterable[CaseRecord],
    calendar: WorkingCalendar | None = None,
    *,
    convention: Convention = "elapsed",
    as_of: dt.datetime | None = None,
    zone: str | None = None,
    rejections: Iterable[Rejection] = (),
) -> CaseEvaluation:
    """:func:`evaluate_cases` one record at a time with the scalar calendar API: the reference the columnar
    core is tested against (same arguments, same result)."""
    arguments.profile(profile)
    arguments.calendar(calendar)
    arguments.moment(as_of, zone)
    if convention not in ("elapsed", "legal"):
        raise ArgumentError(f"convention must be 'elapsed' or 'legal', not {convention!r}")
    records = arguments.items(records, CaseRecord, "records")
    cal = calendar if calendar is not None else profile.working_calendar(provisional="allow")
    results: list[CaseResult] = []
    rejected = list(rejections)
    seen: set[str] = set()
    for record in records:
        if record.case_id in seen:
            rejected.append(
                Rejection.of(
                    record.origin, message("case {case} appears twice", case=repr(record.case_id)), record.case_id
                )
            )
            continue
        try:
            measure, target = profile.target(record.target_id)
            sub_unit = _sub_unit(profile, record)
            result = _judge(record, measure, target, metric_of(target.metric, profile), cal, convention, as_of, zone)
            results.append(attrs.evolve(result, sub_unit=sub_unit))
            seen.add(record.case_id)
        except (UnknownTargetError, UnknownMetricError) as exc:
            rejected.append(Rejection.of(record.origin, reason_of(exc), record.case_id))
        except _Reject as exc:
            rejected.append(Rejection.of(record.origin, exc.message, record.case_id))
    groups: dict[tuple[str, str | None], list[CaseResult]] = defaultdict(list)
    for result in results:
        groups[(result.case.target_id, None)].append(result)
        if result.sub_unit:
            groups[(result.case.target_id, result.sub_unit)].append(result)
    summaries = []
    for (target_id, sub_unit), members in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        measure, target = profile.target(target_id)
        summaries.append(_summarise(target_id, measure, target, metric_of(target.metric, profile), sub_unit, members))
    return CaseEvaluation(profile.id, convention, as_of, tuple(results), tuple(rejected), tuple(summaries))
