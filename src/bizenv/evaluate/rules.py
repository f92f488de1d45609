"""The rules a case is judged by, stated once.

The per-case reference (:mod:`bizenv.evaluate.cases`), the columnar core (:mod:`bizenv.evaluate.table`) and so
Dask and the streaming command judge by these functions: the limit a legal due time is counted to, how a part-day
exclusion rounds, how a summary's verdict is reached, and what each rejection says. A rule changed here changes in
every engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import numpy as np
import numpy.typing as npt

from bizenv.errors import ArgumentError
from bizenv.evaluate.results import TargetSummary
from bizenv.i18n import Message, message
from bizenv.model import Measure, Metric, RegionProfile, Target, is_time_unit

FloatArray = npt.NDArray[np.float64]
#: Units whose periods are whole: a due time counted in them is a whole number of days or months.
WHOLE_UNITS = ("working_day", "calendar_day", "month")


def ceiling(target: Target, metric: Metric) -> float | None:
    """The time limit a legal due time is counted to: the target's value, or a range's high end (a ceiling that
    depends on the case's type); None for a floor."""
    if metric.direction != "lower" or target.comparator in (">=", ">"):
        return None
    return target.bound("lower")


def period(limit: float, excluded: float | FloatArray, unit: str) -> FloatArray:
    """The period a due time is counted over: the limit plus the excluded time, rounded up to a whole period in
    whole-day and month units (a part-day exclusion cannot shorten a whole-day period)."""
    amount: FloatArray = limit + np.asarray(excluded, dtype=np.float64)
    return np.ceil(amount) if unit in WHOLE_UNITS else amount


def merge_intervals(intervals: Iterable[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    """The union of intervals, as disjoint intervals in order: time listed twice, or in two overlapping
    intervals, is excluded once (the columnar core takes the same union of arrays of wall-clock times)."""
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for a, b in sorted(intervals):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def summary(
    target_id: str,
    measure: Measure,
    target: Target,
    metric: Metric,
    sub_unit: str | None,
    *,
    counts: Mapping[str, int],
    provisional: int,
    stats: Mapping[str, float | None],
) -> TargetSummary:
    """A target's summary from its cases' counts by status and the statistics of the completed cases' durations.

    A ``mean``, ``median`` or ``p90`` target is judged on that statistic; any other needs every completed case
    to pass and no open case to be overdue. Nothing completed and nothing overdue: not judged yet (None)."""
    unit = target.unit
    if not is_time_unit(unit):
        raise ArgumentError(f"target {target_id} is in {unit}, not a unit of time: it has no case summary")
    passed, failed, overdue = counts["pass"], counts["fail"], counts["open_overdue"]
    completed = passed + failed
    met: bool | None
    if target.aggregation in ("mean", "median", "p90"):
        statistic = stats[target.aggregation]
        met = None if statistic is None else target.is_met_by(statistic, metric.direction)
        basis = f"{target.aggregation} of elapsed {target.unit} over completed cases"
    else:
        met = None if not completed and not overdue else (passed == completed and overdue == 0)
        basis = "every case passes and no open case is overdue"
    return TargetSummary(
        target_id=target_id,
        measure_id=measure.id,
        sub_unit=sub_unit,
        unit=unit,
        aggregation=target.aggregation,
        comparator=target.comparator,
        value=target.bound(metric.direction),
        cases=completed + counts["open"] + overdue,
        completed=completed,
        passed=passed,
        failed=failed,
        open=counts["open"],
        open_overdue=overdue,
        mean=stats["mean"],
        median=stats["median"],
        p90=stats["p90"],
        pass_rate=100.0 * passed / completed if completed else None,
        met=met,
        basis=basis,
        provisional_cases=provisional,
    )


# -- what each rejection says: one text, whichever engine finds it ------------------------------------------


def no_zone() -> Message:
    """A time without a zone, and no zone given for the file."""
    return message("a time has no time zone: give the zone of the file's times")


def completed_before(end: str, start: str) -> Message:
    """A case completed before it was submitted."""
    return message("completed {end} before it was submitted {start}", end=end, start=start)


def open_without_as_of() -> Message:
    """An open case, and no as-of time to judge it at."""
    return message("the case is open (no completion time) and no as-of time was given")


def submitted_after(start: str, as_of: str) -> Message:
    """A case submitted after the as-of time: it did not exist then."""
    return message("the case was submitted {start}, after the as-of time {as_of}", start=start, as_of=as_of)


def excluded_outside(first: str, last: str, start: str, stop: str) -> Message:
    """Excluded time outside the case's own time."""
    return message(
        "excluded time {first}..{last} is not inside the case's time {start}..{stop}",
        first=first,
        last=last,
        start=start,
        stop=stop,
    )


def not_a_sub_unit(profile: RegionProfile, name: str) -> Message:
    """A sub-unit the region does not have; the message lists those it has."""
    known = ", ".join(s.names.zh for s in profile.region.sub_units) or "none"
    return message("{name} is not a sub-unit of the region (its sub-units: {known})", name=repr(name), known=known)


def duplicate(case_id: str | None) -> Message:
    """A case id an earlier accepted case has."""
    return message("case {case} appears twice", case=repr(case_id))


__all__ = [
    "WHOLE_UNITS",
    "ceiling",
    "completed_before",
    "duplicate",
    "excluded_outside",
    "merge_intervals",
    "no_zone",
    "not_a_sub_unit",
    "open_without_as_of",
    "period",
    "submitted_after",
    "summary",
]
