"""Profile validation: the cross-references and data rules a single attrs class cannot check."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Literal

import attrs

from bizenv.errors import DeadlineError
from bizenv.model import Deadline, Measure, RegionProfile, UnitRef, parse_deadline_date
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


def validate_profile(profile: RegionProfile) -> list[Problem]:
    """Every error and data note of a profile; an empty error list means it may be used."""
    return list(_problems(profile))


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

    for kind, ids in (
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
        for note in m.notes:
            yield Problem(
                "note", rid, f"{where} {note.field}", f"raw {note.raw!r} read as {note.reading!r}: {note.reason}"
            )
