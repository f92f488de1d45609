"""Every region's targets for one national indicator category, side by side."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from bizenv.model import RegionProfile, Target
from bizenv.taxonomy import category


@attrs.frozen(slots=True)
class ComparedTarget:
    """One region's target in a cross-region comparison, with its due date and its value in working days."""

    region: str
    measure_id: str
    target_id: str
    target: Target
    due: dt.date | None
    #: The value in working days where the unit converts exactly (office hours at 8 a working day).
    working_days: float | None
    #: Where the due date comes from (own, measure, programme), or None without one.
    due_from: str | None = None
    #: Targets of the same region for the same metric and scope that ask for something else (another value, unit
    #: or aggregation): two documents, or two places of one, that disagree.
    disagrees_with: tuple[str, ...] = ()


def _in_working_days(target: Target, hours_per_day: float) -> float | None:
    # For a range the ceiling is what matters for a time limit (lower is better).
    value = target.high if target.comparator == "range" else target.value
    if value is None:
        return None
    if target.unit == "working_day":
        return value
    if target.unit == "office_hour":
        return value / hours_per_day
    if target.unit == "office_minute":
        return value / 60 / hours_per_day
    return None


def compare_category(
    profiles: Iterable[RegionProfile], code: str, *, hours_per_day: float = 8.0
) -> list[ComparedTarget]:
    """Targets of every measure in category ``code`` across regions, sorted by metric, scope and region."""
    category(code)  # an unknown code is an error, not an empty table
    rows = []
    for profile in profiles:
        claims: dict[tuple[str, str], list[tuple[str, Target]]] = {}
        for target_id, _measure, target in profile.targets():
            claims.setdefault((target.metric, target.scope or ""), []).append((target_id, target))
        for target_id, measure, target in profile.targets():
            if code not in measure.categories:
                continue
            due = profile.due_of_target(target_id)
            others = tuple(
                other_id
                for other_id, other in claims[(target.metric, target.scope or "")]
                if other_id != target_id and _asks(other) != _asks(target)
            )
            rows.append(
                ComparedTarget(
                    profile.id,
                    measure.id,
                    target_id,
                    target,
                    due.date if due else None,
                    _in_working_days(target, hours_per_day),
                    due.source if due else None,
                    others,
                )
            )
    return sorted(rows, key=lambda r: (r.target.metric, r.target.scope or "", r.region, r.target_id))


def _asks(target: Target) -> tuple[object, ...]:
    return (target.comparator, target.value, target.low, target.high, target.unit, target.aggregation)
