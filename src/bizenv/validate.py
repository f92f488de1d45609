"""Profile validation: the cross-references and data rules a single attrs class cannot check."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

import attrs

from bizenv.calendars.registry import built_in_data, env_files
from bizenv.calendars.schedule import CalendarData, load_calendar_data
from bizenv.errors import DeadlineError
from bizenv.metrics import registry
from bizenv.model import (
    Condition,
    DataNote,
    Deadline,
    Measure,
    Metric,
    RegionProfile,
    Target,
    UnitRef,
    parse_deadline_date,
)
from bizenv.taxonomy import is_category

Level = Literal["error", "note"]


@attrs.frozen(slots=True)
class Problem:
    """A finding about a profile. ``level`` is "error" (the profile is rejected) or "note"."""

    level: Level
    region: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.region}: {self.where}: {self.message}"


def _has_note(measure: Measure, prefix: str) -> bool:
    return any(
        n.field == prefix or n.field.startswith(prefix + ".") or n.field.startswith(prefix + "[") for n in measure.notes
    )


def _deadline_problem(deadline: Deadline) -> str | None:
    """Why a deadline needs a data note, or None when its raw text reads as its date."""
    try:
        parsed = parse_deadline_date(deadline.raw)
    except DeadlineError as exc:
        return f"{exc}; the reading {deadline.date} needs a data note"
    if deadline.date != parsed:
        return f"raw text {deadline.raw!r} reads as {parsed}, not {deadline.date}; a data note must say why"
    return None


#: The comparators a target may use by its metric's direction: a range is judged by the direction (a ceiling
#: when lower is better, a floor when higher is better), so either may have one.
COMPARATORS_BY_DIRECTION: dict[str, frozenset[str]] = {
    "lower": frozenset({"<=", "<", "range"}),
    "higher": frozenset({">=", ">", "range"}),
}
#: The kinds of metric a target may set exactly (==): a count or a measured quantity, never a fee, price or rate.
EXACT_KINDS = frozenset({"count", "measured_quantity"})


def _metric_problems(target: Target, metrics: dict[str, Metric]) -> list[str]:
    """What is wrong with a target against its metric: unknown, eligibility, unit, comparator, conditions."""
    found = metrics.get(target.metric)
    if found is None:
        return [f"metric {target.metric!r} is neither in bizenv's registry nor in the profile's metrics"]
    problems: list[str] = []
    if found.kind == "eligibility":
        problems.append(
            f"metric {found.code!r} is an eligibility (who qualifies); make it a condition of the target it bounds"
        )
    if target.unit not in found.units:
        problems.append(f"unit {target.unit!r} is not one of the units of {found.code!r}: {', '.join(found.units)}")
    # An eligibility's direction says which way a bound is more generous; it gives a target no side to check.
    if found.kind != "eligibility":
        problems += _comparator_problems(target, found)
    for j, condition in enumerate(target.conditions):
        problems += [f"condition #{j + 1}: {p}" for p in _condition_problems(condition, metrics)]
    return problems


def _comparator_problems(target: Target, found: Metric) -> list[str]:
    if target.comparator == "==":
        if found.kind in EXACT_KINDS:
            return []
        return [f"'==' sets a {found.kind.replace('_', ' ')} ({found.code!r}) exactly; use a bound"]
    if target.comparator in COMPARATORS_BY_DIRECTION[found.direction]:
        return []
    allowed = ", ".join(sorted(COMPARATORS_BY_DIRECTION[found.direction]))
    better = f"{found.direction} is better"
    return [f"comparator {target.comparator!r} goes against {found.code!r}, where {better} (use {allowed})"]


def _condition_problems(condition: Condition, metrics: dict[str, Metric]) -> list[str]:
    found = metrics.get(condition.metric)
    if found is None:
        return [f"metric {condition.metric!r} is neither in bizenv's registry nor in the profile's metrics"]
    problems: list[str] = []
    if found.kind != "eligibility":
        problems.append(f"metric {found.code!r} is a {found.kind.replace('_', ' ')}; a condition bounds an eligibility")
    if condition.unit not in found.units:
        problems.append(f"unit {condition.unit!r} is not one of the units of {found.code!r}: {', '.join(found.units)}")
    if condition.comparator == "range":
        problems.append("a condition is one bound, not a range")
    return problems


def calendar_ids(data: Iterable[CalendarData] = ()) -> frozenset[str]:
    """The calendar ids bizenv knows: the built-in ones, those of ``BIZENV_CALENDAR_FILES`` and of ``data``
    (the calendar files plugins ship)."""
    chunks = [built_in_data(), *(load_calendar_data(Path(p)) for p in env_files()), *data]
    return frozenset(
        {"CN"}
        | {year.calendar for chunk in chunks for year in chunk.years}
        | {season.calendar for chunk in chunks for season in chunk.office_seasons}
    )


def validate_profile(profile: RegionProfile, *, calendar_data: Iterable[CalendarData] = ()) -> list[Problem]:
    """Every error and data note of a profile; an empty error list means it may be used.

    Beyond references and deadlines, every target is checked against its metric (bizenv's registry, or the
    profile's own ``metrics``, which may not redefine one of the registry's): the metric exists and is not an
    eligibility (that is a condition's), the unit is one of the metric's, the comparator agrees with the direction
    (lower is better: ``<=``, ``<``, ``range``; higher: ``>=``, ``>``, ``range``; ``==`` only for a count or a measured
    quantity); every condition bounds an eligibility metric in one of its units; ``stage_of`` names another target
    of the same measure. Scopes are the build's to check against the source (:mod:`bizenv.sources`). The
    structure the monthly 调度 relies on is checked too: parents exist and do not loop, a measure numbered under
    another (22.1 under 22) names it as its parent, a group's members are the region's sub-units, links resolve,
    a period ends after it starts, other readings of a deadline are explained. Names must not be ambiguous: no
    unit's alias is another unit's name, no two sub-units share a name or alias. No bound of a target or
    condition is negative (a limit of −1 working days is no limit). The region's calendar is one bizenv knows
    (built in, from ``BIZENV_CALENDAR_FILES``, or in ``calendar_data``: the calendar files plugins ship).
    """
    return [
        *_problems(profile),
        *_structure_problems(profile),
        *_name_problems(profile),
        *_calendar_problems(profile, calendar_data),
        *_other_notes(profile),
    ]


def _calendar_problems(profile: RegionProfile, calendar_data: Iterable[CalendarData]) -> Iterator[Problem]:
    known = calendar_ids(calendar_data)
    if profile.region.calendar not in known:
        yield Problem(
            "error",
            profile.id,
            "region calendar",
            f"unknown calendar {profile.region.calendar!r}; known: {', '.join(sorted(known))}",
        )


def _name_problems(profile: RegionProfile) -> Iterator[Problem]:
    """Names that would read as two things: a unit's alias that is another unit's name, a sub-unit name or
    alias that another sub-unit has too."""
    names = {u.name for u in profile.units}
    for unit in profile.units:
        for alias in unit.aliases:
            if alias != unit.name and alias in names:
                yield Problem("error", profile.id, f"unit {unit.name}", f"alias {alias!r} is the name of another unit")
    owner: dict[str, str] = {}
    for sub in profile.region.sub_units:
        for name in sub.all_names():
            key = "".join(name.split()).casefold()
            if key in owner and owner[key] != sub.id:
                yield Problem(
                    "error",
                    profile.id,
                    f"sub-unit {sub.id}",
                    f"name or alias {name!r} also belongs to sub-unit {owner[key]!r}",
                )
            owner.setdefault(key, sub.id)


#: Words that state a mean (平均, 户均): the stated rule is mean with one of them, each (every case) without.
MEAN_WORDS = ("平均", "户均")


def _aggregation_problem(target: Target) -> str | None:
    """Why a target's aggregation needs a data note: a mean the phrase does not state, or each where it says 平均."""
    says_mean = any(word in target.raw for word in MEAN_WORDS)
    if target.aggregation == "mean" and not says_mean:
        return "aggregation 'mean' but the phrase says no 平均 or 户均; a data note on its aggregation must say why"
    if target.aggregation == "each" and says_mean:
        return "the phrase says 平均 or 户均 but the aggregation is 'each'; a data note on its aggregation must say why"
    return None


def _negative_bounds(target: Target | Condition) -> list[str]:
    names = ("value", "low", "high", "baseline") if isinstance(target, Target) else ("value",)
    return [
        f"{name} {getattr(target, name):g} {target.unit} is negative; no quantity of bizenv's units is below zero"
        for name in names
        if getattr(target, name) is not None and getattr(target, name) < 0
    ]


def _other_notes(profile: RegionProfile) -> Iterator[Problem]:
    """The data notes on areas, units and documents (a measure's are listed with it)."""
    owners: list[tuple[str, tuple[DataNote, ...]]] = [
        *((f"area {a.id}", a.notes) for a in profile.areas),
        *((f"unit {u.name}", u.notes) for u in profile.units),
        *((f"document {d.id}", d.notes) for d in profile.documents),
    ]
    for where, notes in owners:
        for note in notes:
            yield Problem(
                "note", profile.id, f"{where} {note.field}", f"raw {note.raw!r} read as {note.reading!r}: {note.reason}"
            )


def errors(problems: list[Problem]) -> list[Problem]:
    """The errors among ``problems``."""
    return [p for p in problems if p.level == "error"]


def _problems(profile: RegionProfile) -> Iterator[Problem]:
    rid = profile.id

    def error(where: str, message: str) -> Problem:
        return Problem("error", rid, where, message)

    documents = {d.id for d in profile.documents}
    areas = {a.id for a in profile.areas}
    unit_names: set[str] = set()
    for unit in profile.units:
        unit_names.add(unit.name)
        unit_names.update(unit.aliases)

    metrics = dict(registry())
    for own in profile.metrics:
        if own.code in metrics:
            yield error(f"metric {own.code}", "redefines a metric of bizenv's registry; use it as it is")
        else:
            metrics[own.code] = own

    for kind, ids in (
        ("metric", [m.code for m in profile.metrics]),
        ("document", [d.id for d in profile.documents]),
        ("measure", [m.id for m in profile.measures]),
        ("area", [a.id for a in profile.areas]),
        ("sub-unit", [s.id for s in profile.region.sub_units]),
        ("unit", [u.name for u in profile.units]),
    ):
        for dup, count in Counter(ids).items():
            if count > 1:
                yield error(f"{kind} {dup}", f"{kind} id {dup!r} is used {count} times")
    alias_owner: dict[str, str] = {}
    for unit in profile.units:
        for alias in unit.aliases:
            if alias in alias_owner and alias_owner[alias] != unit.name:
                yield error(f"unit {unit.name}", f"alias {alias!r} also belongs to {alias_owner[alias]!r}")
            alias_owner[alias] = unit.name

    def check_units(where: str, refs: tuple[UnitRef, ...]) -> Iterator[Problem]:
        if not profile.units:
            return
        for ref in refs:
            if ref.name not in unit_names:
                yield error(where, f"unit {ref.name!r} (source: {ref.raw!r}) is not in the region's unit table")

    for area in profile.areas:
        where = f"area {area.id}"
        if area.document not in documents:
            yield error(where, f"unknown document {area.document!r}")
        if area.parent is not None and area.parent not in areas:
            yield error(where, f"unknown parent area {area.parent!r}")
        yield from check_units(where, area.lead_units)

    for m in profile.measures:
        where = f"measure {m.id}"
        if m.document not in documents:
            yield error(where, f"unknown document {m.document!r}")
        if m.provenance.document not in documents:
            yield error(where, f"provenance names unknown document {m.provenance.document!r}")
        if m.area is not None and m.area not in areas:
            yield error(where, f"unknown area {m.area!r}")
        if not m.categories:
            yield error(where, "no indicator category")
        for code in m.categories:
            if not is_category(code):
                yield error(where, f"unknown indicator category {code!r}")
        yield from check_units(where, m.responsibility.all_units())
        if not m.text.strip() and not _has_note(m, "text"):
            yield error(where, "empty text without a data note saying the source cell is empty")
        if m.deadline is not None and (why := _deadline_problem(m.deadline)) and not _has_note(m, "deadline"):
            yield error(f"{where} deadline", why)
        for index, target in enumerate(m.targets):
            due_problem = _deadline_problem(target.due) if target.due is not None else None
            if due_problem and not _has_note(m, f"targets[{index}].due"):
                yield error(f"{where} target #{index + 1} due", due_problem)
            for message in _metric_problems(target, metrics):
                yield error(f"{where} target #{index + 1}", message)
            if (why := _aggregation_problem(target)) and not _has_note(m, f"targets[{index}].aggregation"):
                yield error(f"{where} target #{index + 1}", why)
            for message in _negative_bounds(target):
                yield error(f"{where} target #{index + 1}", message)
            for j, condition in enumerate(target.conditions):
                for message in _negative_bounds(condition):
                    yield error(f"{where} target #{index + 1} condition #{j + 1}", message)
            if target.stage_of is not None and (
                target.stage_of not in range(1, len(m.targets) + 1) or target.stage_of == index + 1
            ):
                yield error(
                    f"{where} target #{index + 1}",
                    f"stage_of {target.stage_of} is not another target of measure {m.id} (it has {len(m.targets)})",
                )
        for index, milestone in enumerate(m.milestones):
            if milestone.due.date is None:
                yield error(f"{where} milestone @{index + 1}", "a milestone needs a date")
            elif (why := _deadline_problem(milestone.due)) and not _has_note(m, f"milestones[{index}].due"):
                yield error(f"{where} milestone @{index + 1} due", why)
            if "".join(milestone.raw.split()) not in "".join(m.text.split()):
                yield error(f"{where} milestone @{index + 1}", f"{milestone.raw!r} is not in the measure's text")
        for note in m.notes:
            yield Problem(
                "note", rid, f"{where} {note.field}", f"raw {note.raw!r} read as {note.reading!r}: {note.reason}"
            )


def _structure_problems(profile: RegionProfile) -> Iterator[Problem]:
    """What the monitoring model needs: a hierarchy that holds, groups of the region's own sub-units, links that
    resolve, periods in order, readings of uncertain dates explained."""
    rid = profile.id

    def error(where: str, message: str) -> Problem:
        return Problem("error", rid, where, message)

    ids = {m.id for m in profile.measures}
    by_id = {m.id: m for m in profile.measures}
    for m in profile.measures:
        where = f"measure {m.id}"
        if m.parent is not None:
            if m.parent not in ids:
                yield error(where, f"parent {m.parent!r} is not a measure of the region")
            elif m.parent == m.id:
                yield error(where, "is its own parent")
            else:
                seen: set[str] = {m.id}
                up: str | None = m.parent
                while up is not None and up in by_id and up not in seen:
                    seen.add(up)
                    up = by_id[up].parent
                if up in seen:
                    yield error(where, f"its parents loop back to {up!r}")
        # "22.1" under a measure "22" of the same document is its child by the source's numbering.
        head, dot, tail = m.id.rpartition(".")
        if dot and tail.isdigit() and head in by_id and by_id[head].document == m.document and m.parent != head:
            yield error(where, f"is numbered under measure {head} but does not name it as its parent")
        for relation in m.related:
            if relation.measure not in ids or relation.measure == m.id:
                yield error(where, f"related measure {relation.measure!r} is not another measure of the region")
        if m.deadline is not None and m.deadline.alternatives and not _has_note(m, "deadline"):
            yield error(f"{where} deadline", "other readings of the deadline need a data note saying why")
    sub_units = {s.id for s in profile.region.sub_units}
    for unit in profile.units:
        for member in unit.members:
            if member not in sub_units:
                yield error(
                    f"unit {unit.name}",
                    f"member {member!r} is not a sub-unit of the region ({', '.join(sorted(sub_units))})",
                )
        if unit.members and not unit.group:
            yield error(f"unit {unit.name}", "has members but is not a group")
    units = {u.name for u in profile.units} | {a for u in profile.units for a in u.aliases}
    documents = {d.id for d in profile.documents}
    for document in profile.documents:
        where = f"document {document.id}"
        period = document.period
        if period is not None and period.start is not None and period.end is not None and period.start > period.end:
            yield error(where, f"period {period.raw!r} ends ({period.end}) before it starts ({period.start})")
        for ref in document.lead_units:
            if profile.units and ref.name not in units:
                yield error(where, f"programme lead {ref.name!r} is not in the region's unit table")
        for rule in document.rules:
            if rule.provenance.document not in documents:
                yield error(where, f"a rule's provenance names unknown document {rule.provenance.document!r}")
