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

import attrs
import numpy as np

from bizenv.calendars import CalendarCoverageError, NaiveDatetimeError, WorkingCalendar
from bizenv.calendars.periods import due, elapsed
from bizenv.errors import ArgumentError, UnknownMetricError, UnknownSubUnitError, UnknownTargetError
from bizenv.evaluate import _arguments as arguments
from bizenv.evaluate import rules
from bizenv.evaluate._reasons import not_a_case_limit, reason_of
from bizenv.evaluate.results import (
    CASE_COLUMNS,
    SUMMARY_COLUMNS,
    CaseEvaluation,
    CaseResult,
    CaseStatus,
    Convention,
    TargetSummary,
)
from bizenv.evaluate.rules import merge_intervals
from bizenv.evaluate.summary import distribution, duration_stats
from bizenv.evaluate.table import evaluate_records
from bizenv.i18n import Message
from bizenv.metrics import metric as metric_of
from bizenv.model import Measure, Metric, RegionProfile, Target, is_time_unit
from bizenv.records import CaseRecord, Rejection


class _Reject(Exception):
    def __init__(self, reason: Message) -> None:
        self.message = reason
        super().__init__(str(reason))


def _years(*moments: dt.datetime) -> range:
    return range(min(m.year for m in moments), max(m.year for m in moments) + 1)


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
    if not metric.takes_cases or not is_time_unit(unit):
        reason = not_a_case_limit(record.target_id, metric, unit)
        raise _Reject(reason)
    try:
        start = cal.to_local(record.submitted_at, zone)
        end = cal.to_local(record.completed_at, zone) if record.completed_at is not None else None
        now = cal.to_local(as_of, zone) if as_of is not None else None
        intervals = [(cal.to_local(i.start, zone), cal.to_local(i.end, zone)) for i in record.excluded]
    except NaiveDatetimeError:
        raise _Reject(rules.no_zone()) from None
    if end is not None and end < start:
        raise _Reject(rules.completed_before(end.isoformat(), start.isoformat()))
    if end is None and now is None:
        raise _Reject(rules.open_without_as_of())
    # The as-of time is when the cases are judged: a case submitted later did not exist then, done or open.
    if now is not None and start > now:
        raise _Reject(rules.submitted_after(start.isoformat(), now.isoformat()))
    stop = end if end is not None else now
    assert stop is not None
    for a, b in intervals:
        if not start <= a <= b <= stop:
            raise _Reject(rules.excluded_outside(a.isoformat(), b.isoformat(), start.isoformat(), stop.isoformat()))
    try:
        excluded = sum(elapsed(cal, a, b, unit) for a, b in merge_intervals(intervals))
        duration = elapsed(cal, start, stop, unit) - excluded
        limit = rules.ceiling(target, metric)
        due_at = None
        if limit is not None:
            due_at = due(cal, start, float(rules.period(limit, excluded, unit)), unit)
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
        raise _Reject(rules.not_a_sub_unit(profile, record.sub_unit)) from None


def _summarise(
    target_id: str, measure: Measure, target: Target, metric: Metric, sub_unit: str | None, results: list[CaseResult]
) -> TargetSummary:
    durations = np.array([r.duration for r in results if r.status in ("pass", "fail")], dtype=float)
    counts = {status: sum(r.status == status for r in results) for status in ("pass", "fail", "open", "open_overdue")}
    return rules.summary(
        target_id,
        measure,
        target,
        metric,
        sub_unit,
        counts=counts,
        provisional=sum(r.provisional for r in results),
        stats=duration_stats(*distribution(durations)),
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
    return evaluate_records(
        profile, records, calendar, convention=convention, as_of=as_of, zone=zone, rejections=rejections
    )


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
            rejected.append(Rejection.of(record.origin, rules.duplicate(record.case_id), record.case_id))
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


__all__ = [
    "CASE_COLUMNS",
    "SUMMARY_COLUMNS",
    "CaseEvaluation",
    "CaseResult",
    "CaseStatus",
    "Convention",
    "TargetSummary",
    "evaluate_cases",
    "evaluate_cases_per_case",
    "merge_intervals",
]
