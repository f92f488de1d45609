"""Synthetic, clearly labelled example inputs for any region profile, from a fixed seed.

Used by ``bizenv report REGION`` when no files are given, and by examples/make_synthetic_data.py.
The data is made up: case times are drawn around each time-limit target, across festival breaks,
make-up working days, the May and October office-hour switches and year ends; ledger statuses and
indicator values are drawn per measure and per sub-unit. Nothing here is an observation.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

import attrs

from bizenv.calendars import WorkingCalendar
from bizenv.metrics import metric
from bizenv.model import TIME_UNITS, RegionProfile, Target
from bizenv.records import CaseRecord, IndicatorValue, Interval, LedgerRow, Observation, Origin

LABEL = "SYNTHETIC EXAMPLE DATA (bizenv.synthetic): made up, not observed"
BEIJING = ZoneInfo("Asia/Shanghai")
#: Dates cases are submitted around: festival breaks, make-up days, season switches, year ends (official years).
FOCUS_DATES = (
    dt.date(2025, 1, 24),
    dt.date(2025, 1, 26),
    dt.date(2025, 3, 27),
    dt.date(2025, 4, 29),
    dt.date(2025, 5, 6),
    dt.date(2025, 6, 5),
    dt.date(2025, 9, 26),
    dt.date(2025, 9, 30),
    dt.date(2025, 10, 9),
    dt.date(2025, 10, 11),
    dt.date(2025, 12, 30),
    dt.date(2023, 4, 20),
    dt.date(2023, 6, 27),
    dt.date(2022, 12, 30),
)


@attrs.frozen(slots=True)
class SyntheticInputs:
    label: str
    seed: int
    as_of: dt.datetime
    cases: tuple[CaseRecord, ...]
    ledger: tuple[LedgerRow, ...]
    observations: tuple[Observation, ...]
    indicator_values: tuple[IndicatorValue, ...]
    #: Indicator name → True when lower is better, for scoring the indicator values.
    directions: dict[str, bool]


def _subjects(profile: RegionProfile) -> list[str]:
    """Sub-units to spread cases and values over: the region's own (a region without any gets none)."""
    return [s.id for s in profile.region.sub_units]


def _kind(profile: RegionProfile, target: Target) -> str:
    return metric(target.metric, profile).kind


def _office_start(cal: WorkingCalendar, day: dt.date, rng: random.Random) -> dt.datetime:
    opening = dt.datetime.combine(day, dt.time(9, 0), BEIJING) + dt.timedelta(minutes=rng.randrange(0, 12 * 60))
    return cal.next_opening(opening) if cal.has_office_hours else opening


def _cases(
    profile: RegionProfile, cal: WorkingCalendar, rng: random.Random, as_of: dt.datetime, per_target: int
) -> list[CaseRecord]:
    subjects = _subjects(profile)
    records: list[CaseRecord] = []
    for target_id, _measure, target in profile.targets():
        limit = target.value if target.value is not None else target.high
        if _kind(profile, target) != "case_time_limit" or target.unit not in TIME_UNITS:
            continue
        if limit is None or target.comparator not in ("<=", "<", "range"):
            continue
        for n in range(per_target):
            day = rng.choice(FOCUS_DATES) + dt.timedelta(days=rng.randrange(-2, 3))
            start = _office_start(cal, day, rng)
            # Most cases within the limit, some beyond it, a few still open.
            share = rng.choice((0.2, 0.5, 0.8, 1.0, 1.0, 1.3, 2.0))
            amount = max(limit * share, 0)
            if target.unit == "office_hour":
                end = cal.add_office_hours(start, amount)
            elif target.unit == "working_day":
                end = _office_start(cal, cal.add_working_days(start.date(), round(amount)), rng)
                end = max(end, start + dt.timedelta(minutes=30))
            elif target.unit in ("calendar_day", "month"):
                days = amount * (30 if target.unit == "month" else 1)
                end = start + dt.timedelta(days=round(days), hours=rng.randrange(0, 3))
            else:
                end = start + dt.timedelta(hours=amount if target.unit == "clock_hour" else amount / 60)
            excluded: tuple[Interval, ...] = ()
            if rng.random() < 0.1 and end - start > dt.timedelta(hours=2):
                pause_start = start + (end - start) / 4
                excluded = (Interval(pause_start, pause_start + (end - start) / 8, "补正"),)
            completed = None if rng.random() < 0.05 or end > as_of else end
            records.append(
                CaseRecord(
                    case_id=f"{profile.id}-{target_id.replace('#', '-')}-{n + 1:03d}",
                    target_id=target_id,
                    submitted_at=start,
                    completed_at=completed,
                    sub_unit=rng.choice(subjects) if subjects else None,
                    excluded=excluded if completed is not None else (),
                    origin=Origin("synthetic", len(records) + 2),
                )
            )
    return records


def _ledger(profile: RegionProfile, rng: random.Random, as_of: dt.date) -> list[LedgerRow]:
    rows: list[LedgerRow] = []
    for measure in profile.measures:
        # Headings follow their sub-measures; some measures have no line yet, as in a real ledger.
        if profile.is_heading(measure) or rng.random() < 0.15:
            continue
        due_of = profile.due_of_measure(measure)
        # A measure with no date of its own is reported on all the same (完成（无时限）or 推进中).
        due = due_of.date if due_of is not None else as_of - dt.timedelta(days=rng.randrange(0, 365))
        if (due < as_of and rng.random() < 0.75) or (due >= as_of and rng.random() < 0.3):
            finished = min(due + dt.timedelta(days=rng.randrange(-60, 30)), as_of)
            rows.append(LedgerRow(measure.id, "已完成", finished, "synthetic", Origin("synthetic", len(rows) + 2)))
        else:
            rows.append(LedgerRow(measure.id, "推进中", None, "synthetic", Origin("synthetic", len(rows) + 2)))
    return rows


def _observations(profile: RegionProfile, rng: random.Random) -> list[Observation]:
    out: list[Observation] = []
    for target_id, _measure, target in profile.targets():
        if _kind(profile, target) in ("case_time_limit", "eligibility") or target.value is None:
            continue
        if target.comparator == "range":
            continue
        scale = target.value if target.value else 1.0
        if target.unit == "count":
            # Counts are whole: a step of about a tenth of the target, at least one.
            value = target.value + rng.choice((-1, 0, 0, 1)) * max(1, round(abs(scale) * 0.1))
        else:
            value = target.value + rng.choice((-0.1, -0.02, 0.0, 0.03, 0.1)) * scale
        # Quantities are never negative (a zero-fee target gives 0, not -0.1); a rate stays within 0-100.
        value = min(max(value, 0.0), 100.0) if target.unit == "percent" else max(value, 0.0)
        out.append(Observation(target_id, round(value, 2), None, None, Origin("synthetic", len(out) + 2)))
    return out


def synthetic_inputs(
    profile: RegionProfile, *, seed: int = 2025, per_target: int = 12, as_of: dt.datetime | None = None
) -> SyntheticInputs:
    """Made-up inputs for every evaluator, reproducible from ``seed``."""
    rng = random.Random(f"{profile.id}:{seed}")
    cal = profile.working_calendar(provisional="allow")
    moment = as_of or dt.datetime(2026, 1, 15, 12, 0, tzinfo=BEIJING)
    cases = _cases(profile, cal, rng, moment, per_target)
    subjects = _subjects(profile)
    directions = {"business_opening_days": True, "electricity_connection_days": True, "online_service_rate": False}
    values: list[IndicatorValue] = []
    for name, lower in directions.items():
        for subject in subjects or ["unit-a", "unit-b", "unit-c"]:
            base = rng.uniform(1, 10) if lower else rng.uniform(80, 100)
            values.append(IndicatorValue(subject, name, round(base, 1), Origin("synthetic", len(values) + 2)))
    return SyntheticInputs(
        LABEL,
        seed,
        moment,
        tuple(cases),
        tuple(_ledger(profile, rng, moment.date())),
        tuple(_observations(profile, rng)),
        tuple(values),
        directions,
    )
