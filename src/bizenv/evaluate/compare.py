"""Every region's targets for one national indicator category, side by side."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from bizenv.model import RegionProfile, Target
from bizenv.tables import Column, fields_html, frame, html_table, short_repr
from bizenv.taxonomy import category


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
    return CategoryComparison(
        code, sorted(rows, key=lambda r: (r.target.metric, r.target.scope or "", r.region, r.target_id))
    )


def _asks(target: Target) -> tuple[object, ...]:
    return (target.comparator, target.value, target.low, target.high, target.unit, target.aggregation)
