"""Month over month: what became overdue, what was resolved, what is still overdue (and for how many recorded months
in a row), per unit and per area, and the ranking of units by what is overdue, with each unit's movement.

The ranking: a unit answers for the items it leads, whose area it leads, or is responsible for (cooperating units
help; they are not ranked for it). Units are ranked best first by the number of their overdue items, then by the
overdue share of their items that have fallen due (due date on or before the as-of date). Every unit that answers for
an item is ranked, those with nothing fallen due yet too (with nothing overdue), so that the ranks of two months
compare: a unit whose first item falls due does not push the others down. Equal units share a rank
(1, 2, 2, 4). The last ``bottom`` ranks are flagged for a talk (约谈), ties included, but never a unit with nothing
overdue. Movement is the rank last month minus the rank now: positive moved up, negative moved down.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import attrs

from bizenv.cycle.store import Snapshot, SnapshotItem
from bizenv.evaluate.deadlines import STATUSES, DeadlineStatus, ItemKind
from bizenv.tables import Bar, ChartKind, Column, bar_chart, fields_html, frame, html_table, short_repr

ChangeKind = Literal["newly_overdue", "resolved", "still_overdue"]
RankBy = Literal["count", "share"]


@attrs.frozen(slots=True)
class ItemChange:
    """An item that became overdue, was resolved, or is still overdue this month."""

    _repr_html_ = fields_html

    change: ChangeKind
    id: str
    kind: ItemKind
    measure_id: str
    title: str
    area: str | None
    #: The units that answer for it (lead, area lead, responsible).
    units: tuple[str, ...]
    due: dt.date | None
    #: Its status this month; None when the item is no longer tracked.
    status: DeadlineStatus | None
    status_before: DeadlineStatus | None
    #: Days past due this month (overdue items), or days it was done late.
    days: int | None
    completed_on: dt.date | None
    #: Recorded months in a row the item has been overdue, up to this month (resolved: up to last month).
    months_overdue: int


@attrs.frozen(slots=True)
class GroupChange:
    """One unit's or area's month: items, items fallen due, overdue now and last month, and what changed."""

    name: str
    items: int
    fallen_due: int
    overdue: int
    overdue_before: int | None
    newly_overdue: int
    resolved: int
    still_overdue: int

    @property
    def share(self) -> float | None:
        """Overdue items as a share (0-1) of the items fallen due; None when none has."""
        return self.overdue / self.fallen_due if self.fallen_due else None


@attrs.frozen(slots=True)
class UnitRank:
    """A unit's place in the month's ranking, its place last month and the movement, and whether it is flagged."""

    _repr_html_ = fields_html

    unit: str
    rank: int
    overdue: int
    fallen_due: int
    items: int
    previous_rank: int | None
    #: Previous rank minus rank: positive moved up, negative moved down; None for a unit not ranked last month.
    movement: int | None
    #: Among the last ranks with something overdue: for a talk (约谈) and a deadline to put it right (限期整改).
    bottom: bool
    #: Whether the unit's return was read (None: not known, a return named no unit). A unit that owed a return
    #: and sent none is ranked below every unit that reported.
    reported: bool | None = None

    @property
    def share(self) -> float | None:
        """Overdue items as a share (0-1) of the items fallen due; None when none has."""
        return self.overdue / self.fallen_due if self.fallen_due else None


@attrs.frozen(slots=True)
class Headline:
    """The month's figures against last month's (None where there is no last month)."""

    items: int
    overdue: int
    overdue_before: int | None
    done: int
    done_before: int | None
    newly_overdue: int
    resolved: int
    still_overdue: int
    units_with_overdue: int
    units_with_overdue_before: int | None
    rejected: int
    #: Items whose answers disagree (待核实), and units that owed a return and sent none (未报送; None: not known).
    disputed: int = 0
    unreported: int | None = None
    #: Items done this month (completion date in the month).
    completed: int = 0


@attrs.frozen(slots=True)
class MonthChanges:
    """The changes between a month and the month recorded before it (see the module's description)."""

    region: str
    month: str
    as_of: dt.date
    previous_month: str | None
    previous_as_of: dt.date | None
    headline: Headline
    newly_overdue: tuple[ItemChange, ...]
    resolved: tuple[ItemChange, ...]
    still_overdue: tuple[ItemChange, ...]
    by_unit: tuple[GroupChange, ...]
    by_area: tuple[GroupChange, ...]
    ranking: tuple[UnitRank, ...]
    rank_by: RankBy = "count"

    @property
    def overdue(self) -> tuple[ItemChange, ...]:
        """Every item overdue this month: newly, then still overdue."""
        return self.newly_overdue + self.still_overdue

    @property
    def bottom(self) -> tuple[UnitRank, ...]:
        """The units flagged for a talk (约谈), worst last."""
        return tuple(r for r in self.ranking if r.bottom)

    def table(
        self, which: Literal["items", "units", "areas", "ranking"] = "items"
    ) -> tuple[Sequence[Column], list[list[object]]]:
        """The columns and rows of :meth:`to_frame`."""
        rows: list[list[object]]
        if which == "items":
            rows = [
                [c.change, c.id, c.kind, c.title, c.area, c.units, c.due, c.status, c.status_before, c.days,
                 c.completed_on, c.months_overdue]
                for c in (*self.newly_overdue, *self.still_overdue, *self.resolved)
            ]  # fmt: skip
            return CHANGE_COLUMNS, rows
        if which == "ranking":
            rows = [
                [
                    r.unit,
                    r.rank,
                    r.overdue,
                    r.fallen_due,
                    r.share,
                    r.items,
                    r.previous_rank,
                    r.movement,
                    r.bottom,
                    r.reported,
                ]
                for r in self.ranking
            ]
            return RANK_COLUMNS, rows
        groups = self.by_unit if which == "units" else self.by_area
        rows = [
            [g.name, g.items, g.fallen_due, g.overdue, g.overdue_before, g.newly_overdue, g.resolved, g.still_overdue,
             g.share]
            for g in groups
        ]  # fmt: skip
        return [Column("unit" if which == "units" else "area", "text"), *GROUP_COLUMNS], rows

    def to_frame(self, which: Literal["items", "units", "areas", "ranking"] = "items") -> Any:
        """A pandas DataFrame: the changed items (``items``), the per-unit or per-area counts, or the ranking."""
        columns, rows = self.table(which)
        return frame(columns, rows)

    def _repr_html_(self) -> str:
        columns, rows = self.table("ranking")
        return html_table(columns, rows, f"MonthChanges {self.region} {self.previous_month} → {self.month}")

    def __repr__(self) -> str:
        h = self.headline
        before = "" if h.overdue_before is None else f" (last month {h.overdue_before})"
        lines = [
            f"{h.items} items: overdue {h.overdue}{before}, done {h.done}",
            f"newly overdue {h.newly_overdue}, resolved {h.resolved}, still overdue {h.still_overdue}",
            f"{len(self.ranking)} units ranked by {self.rank_by}; bottom: "
            + (", ".join(r.unit for r in self.bottom) or "none"),
        ]
        return short_repr("MonthChanges", f"{self.region} {self.previous_month or '–'} → {self.month}", lines)

    def chart(self, kind: ChartKind = "svg") -> Any:
        """Overdue items per unit in the month's ranking order, the units flagged for a talk red (▲/▼ and the
        places moved since last month in the label). ``kind="svg"`` draws as the report does; ``"matplotlib"``
        gives a Figure."""
        bars = [
            Bar(
                r.unit + ("" if not r.movement else f" {'▲' if r.movement > 0 else '▼'}{abs(r.movement)}"),
                r.overdue,
                str(r.overdue),
                r.bottom,
            )
            for r in self.ranking
        ]
        scale = max((r.overdue for r in self.ranking), default=1) or 1
        return bar_chart(f"Overdue items per unit, {self.month}", bars, scale, kind)


CHANGE_COLUMNS = (
    Column("change", "category", ("newly_overdue", "still_overdue", "resolved")),
    Column("id", "text"),
    Column("kind", "category", ("measure", "target", "milestone")),
    Column("title", "text"),
    Column("area", "text"),
    Column("units", "list"),
    Column("due", "date"),
    Column("status", "category", STATUSES),
    Column("status_before", "category", STATUSES),
    Column("days", "int"),
    Column("completed_on", "date"),
    Column("months_overdue", "int"),
)
GROUP_COLUMNS = (
    Column("items", "int"),
    Column("fallen_due", "int"),
    Column("overdue", "int"),
    Column("overdue_before", "int"),
    Column("newly_overdue", "int"),
    Column("resolved", "int"),
    Column("still_overdue", "int"),
    Column("share", "float"),
)
RANK_COLUMNS = (
    Column("unit", "text"),
    Column("rank", "int"),
    Column("overdue", "int"),
    Column("fallen_due", "int"),
    Column("share", "float"),
    Column("items", "int"),
    Column("previous_rank", "int"),
    Column("movement", "int"),
    Column("bottom", "bool"),
    Column("reported", "bool"),
)


def _fallen_due(item: SnapshotItem, as_of: dt.date) -> bool:
    return item.due is not None and item.due <= as_of


def _groups(snapshot: Snapshot, key: str) -> dict[str, list[SnapshotItem]]:
    groups: dict[str, list[SnapshotItem]] = defaultdict(list)
    for item in snapshot.items:
        if key == "unit":
            # A collective name (各乡镇) is not a unit to rank or call in: its items are listed under it apart.
            for unit in item.units():
                if unit not in item.groups:
                    groups[unit].append(item)
        elif item.area_label is not None:
            groups[item.area_label].append(item)
    return groups


def rank_units(snapshot: Snapshot, *, bottom: int = 1, rank_by: RankBy = "count") -> tuple[UnitRank, ...]:
    """The units of a month ranked best first (see the module's description), without movement."""
    rows = []
    unreported = set(snapshot.unreported)
    known = not snapshot.info.consolidated
    for unit, items in _groups(snapshot, "unit").items():
        overdue = sum(i.status == "overdue" for i in items)
        fallen = sum(_fallen_due(i, snapshot.as_of) for i in items)
        rows.append((unit, overdue, fallen, len(items)))

    def badness(row: tuple[str, int, int, int]) -> tuple[int, float, float]:
        share = row[1] / row[2] if row[2] else 0.0
        silent = int(row[0] in unreported)  # a unit that did not report is never ranked above one that did
        return (silent, row[1], share) if rank_by == "count" else (silent, share, row[1])

    rows.sort(key=lambda r: (badness(r), r[0]))
    ranked: list[UnitRank] = []
    for position, row in enumerate(rows, start=1):
        rank = ranked[-1].rank if ranked and badness(rows[position - 2]) == badness(row) else position
        reported = (row[0] not in unreported) if known else None
        ranked.append(UnitRank(row[0], rank, row[1], row[2], row[3], None, None, False, reported))
    if bottom > 0 and ranked:
        # The last `bottom` places, ties included: every unit as bad as the one at that place.
        cutoff = badness(rows[max(len(rows) - bottom, 0)])
        ranked = [
            attrs.evolve(r, bottom=r.overdue > 0 and badness(row) >= cutoff)
            for r, row in zip(ranked, rows, strict=True)
        ]
    return tuple(ranked)


def _months_overdue(item_id: str, history: Sequence[Snapshot]) -> int:
    months = 0
    for snapshot in reversed(history):
        try:
            item = snapshot.item(item_id)
        except KeyError:
            break
        if item.status != "overdue":
            break
        months += 1
    return months


def _change(change: ChangeKind, now: SnapshotItem | None, before: SnapshotItem | None, months: int) -> ItemChange:
    shown = now or before
    assert shown is not None
    return ItemChange(
        change=change,
        id=shown.id,
        kind=shown.kind,
        measure_id=shown.measure_id,
        title=shown.title,
        area=shown.area_label,
        units=shown.units(),
        due=shown.due,
        status=now.status if now else None,
        status_before=before.status if before else None,
        days=now.days if now and now.status in ("overdue", "done_late") else None,
        completed_on=now.completed_on if now else None,
        months_overdue=months,
    )


def _group_changes(
    current: Snapshot, previous: Snapshot | None, key: str, changes: Iterable[ItemChange]
) -> tuple[GroupChange, ...]:
    now = _groups(current, key)
    before = _groups(previous, key) if previous is not None else {}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in changes:
        names = c.units if key == "unit" else ((c.area,) if c.area else ())
        for name in names:
            counts[name][c.change] += 1
    out = []
    for name, items in now.items():
        out.append(
            GroupChange(
                name=name,
                items=len(items),
                fallen_due=sum(_fallen_due(i, current.as_of) for i in items),
                overdue=sum(i.status == "overdue" for i in items),
                overdue_before=None if previous is None else sum(i.status == "overdue" for i in before.get(name, ())),
                newly_overdue=counts[name]["newly_overdue"],
                resolved=counts[name]["resolved"],
                still_overdue=counts[name]["still_overdue"],
            )
        )
    if key == "unit":
        out.sort(key=lambda g: (-g.overdue, g.name))
    return tuple(out)


def completed_in_month(snapshot: Snapshot) -> tuple[SnapshotItem, ...]:
    """The items done in the snapshot's month: done, with a completion date in the month of its as-of date."""
    first = snapshot.as_of.replace(day=1)
    return tuple(
        i
        for i in snapshot.items
        if i.status.startswith("done") and i.completed_on is not None and first <= i.completed_on <= snapshot.as_of
    )


def compare_months(
    current: Snapshot,
    previous: Snapshot | None = None,
    history: Sequence[Snapshot] = (),
    *,
    bottom: int = 1,
    rank_by: RankBy = "count",
) -> MonthChanges:
    """What changed from ``previous`` (the month recorded before, or None for the first month) to ``current``.

    ``history`` is every recorded month up to ``current`` (oldest first), for how many months in a row an item has
    been overdue; without it, the two months given are all that is known.
    """
    known = [s for s in history if s.month < current.month]
    if previous is not None and all(s.month != previous.month for s in known):
        known.append(previous)
    known.sort(key=lambda s: s.month)
    before = {i.id: i for i in previous.items} if previous is not None else {}
    newly: list[ItemChange] = []
    still: list[ItemChange] = []
    resolved: list[ItemChange] = []
    for item in current.items:
        if item.status != "overdue":
            continue
        was = before.get(item.id)
        months = _months_overdue(item.id, [*known, current])
        if was is not None and was.status == "overdue":
            still.append(_change("still_overdue", item, was, months))
        else:
            newly.append(_change("newly_overdue", item, was, months))
    now = {i.id: i for i in current.items}
    for was in previous.items if previous is not None else ():
        if was.status == "overdue" and (was.id not in now or now[was.id].status != "overdue"):
            resolved.append(_change("resolved", now.get(was.id), was, _months_overdue(was.id, known)))
    still.sort(key=lambda c: (-c.months_overdue, -(c.days or 0), c.id))
    changes = [*newly, *still, *resolved]
    ranking = rank_units(current, bottom=bottom, rank_by=rank_by)
    if previous is not None:
        earlier = {r.unit: r.rank for r in rank_units(previous, bottom=bottom, rank_by=rank_by)}
        ranking = tuple(
            attrs.evolve(r, previous_rank=earlier.get(r.unit),
                         movement=earlier[r.unit] - r.rank if r.unit in earlier else None)
            for r in ranking
        )  # fmt: skip
    by_unit = _group_changes(current, previous, "unit", changes)
    units_before = None
    if previous is not None:
        units_before = sum(
            1 for items in _groups(previous, "unit").values() if any(i.status == "overdue" for i in items)
        )
    headline = Headline(
        items=len(current.items),
        overdue=len(newly) + len(still),
        overdue_before=sum(i.status == "overdue" for i in previous.items) if previous is not None else None,
        done=sum(i.status.startswith("done") for i in current.items),
        done_before=sum(i.status.startswith("done") for i in previous.items) if previous is not None else None,
        newly_overdue=len(newly),
        resolved=len(resolved),
        still_overdue=len(still),
        units_with_overdue=sum(1 for g in by_unit if g.overdue),
        units_with_overdue_before=units_before,
        rejected=len(current.rejections),
        disputed=sum(i.status == "disputed" for i in current.items),
        unreported=None if current.info.consolidated else len(current.unreported),
        completed=len(completed_in_month(current)),
    )
    return MonthChanges(
        region=current.info.region,
        month=current.month,
        as_of=current.as_of,
        previous_month=previous.month if previous is not None else None,
        previous_as_of=previous.as_of if previous is not None else None,
        headline=headline,
        newly_overdue=tuple(newly),
        resolved=tuple(resolved),
        still_overdue=tuple(still),
        by_unit=by_unit,
        by_area=_group_changes(current, previous, "area", changes),
        ranking=ranking,
        rank_by=rank_by,
    )


__all__ = [
    "ChangeKind",
    "GroupChange",
    "Headline",
    "ItemChange",
    "MonthChanges",
    "RankBy",
    "UnitRank",
    "compare_months",
    "completed_in_month",
    "rank_units",
]
