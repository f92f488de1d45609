"""What the 营商办 sends each unit: the measures and dated targets it holds a role in, with its roles, the due
date (and where it comes from) and the days left at the date the list is sent.

A unit's list holds the items in which it has a role of its own (lead, the area's lead inherited, responsible,
cooperating). A heading whose units are only its sub-measures' is left to them: each sub-measure is on the list of
its own units, and the heading follows them.
"""

from __future__ import annotations

import datetime as dt

import attrs

from bizenv.evaluate import DeadlineReport, TrackedItem, track_deadlines
from bizenv.evaluate.deadlines import ItemKind
from bizenv.model import UNIT_ROLES, Due, RegionProfile, UnitRole


@attrs.frozen(slots=True)
class UnitTask:
    """One line of a unit's task list: the item, the unit's roles in it, when it is due and how many days are
    left at the date the list is made (negative: days past due)."""

    id: str
    kind: ItemKind
    measure_id: str
    #: What to do, in the source's words: the measure's text (its title when it has no text), the target's phrase.
    text: str
    roles: tuple[UnitRole, ...]
    due: Due | None
    days_left: int | None
    #: A heading: its status follows its sub-measures when its own line is left blank.
    heading: bool
    area: str | None

    @property
    def chased(self) -> bool:
        """Whether the unit answers for the item (lead, area lead or responsible), not only helps."""
        return any(r != "cooperating" for r in self.roles)


def _text(item: TrackedItem) -> str:
    if item.target is not None:
        return item.target.raw
    return item.measure.text or item.measure.title


def _roles(item: TrackedItem, unit: str) -> tuple[UnitRole, ...]:
    held = {o.role for o in item.owners if o.unit.name == unit and not o.derived}
    return tuple(r for r in UNIT_ROLES if r in held)


def items_of_unit(report: DeadlineReport, profile: RegionProfile, unit: str) -> tuple[TrackedItem, ...]:
    """The tracked items in which ``unit`` (any of its names) holds a role of its own: what its task list has."""
    name = profile.resolve_unit(unit)
    return tuple(i for i in report.items if _roles(i, name))


def task_units(profile: RegionProfile) -> tuple[str, ...]:
    """Every unit with a role of its own in a measure or dated target, in the order of the region's unit table."""
    seen: dict[str, None] = {}
    for measure in profile.measures:
        for owner in profile.owners(measure):
            if not owner.derived:
                seen.setdefault(owner.unit.name)
    order = {u.name: i for i, u in enumerate(profile.units)}
    return tuple(sorted(seen, key=lambda name: (order.get(name, len(order)), name)))


def unit_tasks(profile: RegionProfile, unit: str, as_of: dt.date) -> tuple[UnitTask, ...]:
    """The task list of one unit (any of its names) at ``as_of``, in source order."""
    name = profile.resolve_unit(unit)
    return task_lists(profile, as_of, (name,))[name]


def task_lists(
    profile: RegionProfile, as_of: dt.date, units: tuple[str, ...] | None = None
) -> dict[str, tuple[UnitTask, ...]]:
    """The task lists of ``units`` (normalised names; default: :func:`task_units`), each in source order."""
    wanted = task_units(profile) if units is None else units
    lists: dict[str, list[UnitTask]] = {name: [] for name in wanted}
    for item in track_deadlines(profile, (), as_of, ledger_given=False).items:
        for name, tasks in lists.items():
            held = _roles(item, name)
            if held:
                tasks.append(_task(profile, item, held, as_of))
    return {name: tuple(tasks) for name, tasks in lists.items()}


def _task(profile: RegionProfile, item: TrackedItem, held: tuple[UnitRole, ...], as_of: dt.date) -> UnitTask:
    return UnitTask(
        id=item.id,
        kind=item.kind,
        measure_id=item.measure_id,
        text=_text(item),
        roles=held,
        due=item.due,
        days_left=(item.due.date - as_of).days if item.due else None,
        heading=item.kind == "measure" and profile.is_heading(item.id),
        area=item.measure.area,
    )


__all__ = ["UnitTask", "items_of_unit", "task_lists", "task_units", "unit_tasks"]
