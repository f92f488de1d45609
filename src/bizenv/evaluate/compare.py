"""Every region's targets for one national indicator category, side by side.

Within a region, two targets of one metric disagree when they speak of the same thing, fall due on the same day
(or either has no known date) and ask for something else: another bound, unit or aggregation. They speak of the
same thing when their scopes are worded alike, or when their measures are linked (``related``) and each is the
only target of that metric in its measure, whatever the scopes' wording (Bazhou row 36's 5 working days per export
tax refund and plan task (18)'s 6-day mean). Targets of one metric and scope due on different days never disagree:
they are stages of one trajectory (88 % by 2023, 91 % by 2024, 94 % by 2025), shown as a ``series``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal

import attrs

from bizenv.model import Measure, RegionProfile, Target
from bizenv.tables import Column, fields_html, frame, html_table, short_repr
from bizenv.taxonomy import category

#: What two targets that disagree differ in: the bound (comparator, value or range), the unit, the aggregation.
Aspect = Literal["value", "unit", "aggregation"]
#: How the other target was found: a scope worded alike, or a link between the two measures.
FoundBy = Literal["scope", "link"]


@attrs.frozen(slots=True)
class Disagreement:
    """Another target of the same region that asks for something else, what differs and how it was found."""

    target_id: str
    differs: tuple[Aspect, ...]
    found_by: FoundBy


@attrs.frozen(slots=True)
class ComparedTarget:
    """One region's target in a cross-region comparison, with its due date and its value in working days."""

    _repr_html_ = fields_html

    region: str
    measure_id: str
    target_id: str
    target: Target
    due: dt.date | None
    #: The value in working days where the unit converts exactly (office hours at 8 a working day).
    working_days: float | None
    #: Where the due date comes from (own, measure, programme), or None without one.
    due_from: str | None = None
    #: Targets of the same region that speak of the same thing and ask for something else (another value, unit
    #: or aggregation): two documents, or two places of one, that disagree.
    disagrees_with: tuple[str, ...] = ()
    #: Each of ``disagrees_with`` with what differs and how it was found.
    disagreements: tuple[Disagreement, ...] = ()
    #: The stages this target is one of (same metric and scope, other due dates), by due date, itself included;
    #: empty when it stands alone.
    series: tuple[str, ...] = ()


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


@attrs.frozen(slots=True)
class _Claim:
    target_id: str
    measure: Measure
    target: Target
    due: dt.date | None


def _linked(a: Measure, b: Measure) -> bool:
    return any(r.measure == b.id for r in a.related) or any(r.measure == a.id for r in b.related)


def _differs(a: Target, b: Target, hours_per_day: float) -> tuple[Aspect, ...]:
    aspects: list[Aspect] = []
    same_bound = (a.comparator, a.value, a.low, a.high) == (b.comparator, b.value, b.low, b.high)
    if a.unit != b.unit:
        # 1 working day and 8 office hours ask for the same time: the unit alone is no disagreement.
        days_a, days_b = _in_working_days(a, hours_per_day), _in_working_days(b, hours_per_day)
        if days_a is None or days_b is None or a.comparator != b.comparator or days_a != days_b:
            aspects += ["value", "unit"] if not same_bound else ["unit"]
    elif not same_bound:
        aspects.append("value")
    if a.aggregation != b.aggregation:
        aspects.append("aggregation")
    return tuple(aspects)


def _disagreements(claim: _Claim, claims: list[_Claim], hours_per_day: float) -> tuple[Disagreement, ...]:
    found = []
    only_of_metric = sum(1 for c in claims if c.measure.id == claim.measure.id) == 1
    for other in claims:
        if other.target_id == claim.target_id:
            continue
        if claim.due is not None and other.due is not None and claim.due != other.due:
            continue  # stages of a trajectory, not a conflict
        found_by: FoundBy
        if (other.target.scope or "") == (claim.target.scope or ""):
            found_by = "scope"
        elif (
            only_of_metric
            and _linked(claim.measure, other.measure)
            and sum(1 for c in claims if c.measure.id == other.measure.id) == 1
        ):
            found_by = "link"
        else:
            continue
        if differs := _differs(claim.target, other.target, hours_per_day):
            found.append(Disagreement(other.target_id, differs, found_by))
    return tuple(found)


def _series(claim: _Claim, claims: list[_Claim]) -> tuple[str, ...]:
    stages = [c for c in claims if (c.target.scope or "") == (claim.target.scope or "") and c.due is not None]
    if claim.due is None or len({c.due for c in stages}) < 2:
        return ()
    return tuple(c.target_id for c in sorted(stages, key=lambda c: (c.due or dt.date.min, c.target_id)))


#: The columns of :meth:`CategoryComparison.to_frame`.
COMPARISON_COLUMNS = (
    Column("metric", "text"),
    Column("scope", "text"),
    Column("region", "text"),
    Column("target_id", "text"),
    Column("comparator", "text"),
    Column("value", "float"),
    Column("low", "float"),
    Column("high", "float"),
    Column("unit", "text"),
    Column("aggregation", "text"),
    Column("working_days", "float"),
    Column("due", "date"),
    Column("due_from", "text"),
    Column("disagrees_with", "list"),
    Column("raw", "text"),
)


class CategoryComparison(list[ComparedTarget]):
    """What :func:`compare_category` gives: the compared targets (a list, sorted by metric, scope and region), shown
    as a table in a notebook, with :meth:`to_frame` for the cross-region question."""

    def __init__(self, code: str, rows: Iterable[ComparedTarget] = ()) -> None:
        super().__init__(rows)
        #: The indicator category compared.
        self.code = code

    def rows(self) -> list[list[object]]:
        """One row per compared target, in the columns of :data:`COMPARISON_COLUMNS`."""
        return [
            [
                r.target.metric,
                r.target.scope,
                r.region,
                r.target_id,
                r.target.comparator,
                r.target.value,
                r.target.low,
                r.target.high,
                r.target.unit,
                r.target.aggregation,
                r.working_days,
                r.due,
                r.due_from,
                r.disagrees_with,
                r.target.raw,
            ]
            for r in self
        ]

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per region's target (needs ``bizenv[pandas]``)."""
        return frame(COMPARISON_COLUMNS, self.rows())

    def _repr_html_(self) -> str:
        regions = sorted({r.region for r in self})
        caption = f"compare_category {self.code}: {len(self)} targets of {len(regions)} regions"
        return html_table(COMPARISON_COLUMNS, self.rows(), caption)

    def __repr__(self) -> str:
        regions = sorted({r.region for r in self})
        metrics = sorted({r.target.metric for r in self})
        return short_repr(
            "CategoryComparison",
            self.code,
            [
                f"{len(self)} targets of {len(regions)} regions ({', '.join(regions)})",
                f"{len(metrics)} metrics: {', '.join(metrics)}",
                f"disagreeing within a region: {sum(bool(r.disagrees_with) for r in self)}",
            ],
        )


def compare_category(profiles: Iterable[RegionProfile], code: str, *, hours_per_day: float = 8.0) -> CategoryComparison:
    """Targets of every measure in category ``code`` across regions, sorted by metric, scope and region: a list
    with a table view in a notebook and :meth:`~CategoryComparison.to_frame`."""
    category(code)  # an unknown code is an error, not an empty table
    rows = []
    for profile in profiles:
        by_metric: dict[str, list[_Claim]] = {}
        for target_id, measure, target in profile.targets():
            due = profile.due_of_target(target_id)
            by_metric.setdefault(target.metric, []).append(
                _Claim(target_id, measure, target, due.date if due else None)
            )
        for target_id, measure, target in profile.targets():
            if code not in measure.categories:
                continue
            claims = by_metric[target.metric]
            claim = next(c for c in claims if c.target_id == target_id)
            due = profile.due_of_target(target_id)
            disagreements = _disagreements(claim, claims, hours_per_day)
            rows.append(
                ComparedTarget(
                    profile.id,
                    measure.id,
                    target_id,
                    target,
                    due.date if due else None,
                    _in_working_days(target, hours_per_day),
                    due.source if due else None,
                    tuple(d.target_id for d in disagreements),
                    disagreements,
                    _series(claim, claims),
                )
            )
    return CategoryComparison(
        code, sorted(rows, key=lambda r: (r.target.metric, r.target.scope or "", r.region, r.target_id))
    )
