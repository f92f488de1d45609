"""Measures (具体措施) and the areas (领域/工作目标) that group them."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from bizenv.model._validators import non_empty, str_tuple
from bizenv.model.deadline import Deadline
from bizenv.model.provenance import DataNote, Provenance
from bizenv.model.responsibility import Responsibility, UnitRef
from bizenv.model.target import Target


def _units(value: Iterable[UnitRef]) -> tuple[UnitRef, ...]:
    return tuple(value)


def _targets(value: Iterable[Target]) -> tuple[Target, ...]:
    return tuple(value)


def _notes(value: Iterable[DataNote]) -> tuple[DataNote, ...]:
    return tuple(value)


@attrs.frozen(slots=True)
class Area:
    """A heading that groups measures, with the unit that leads it where the source names one."""

    id: str = attrs.field(validator=non_empty)
    document: str = attrs.field(validator=non_empty)
    title: str = attrs.field(validator=non_empty)
    lead_units: tuple[UnitRef, ...] = attrs.field(default=(), converter=_units)
    provenance: Provenance | None = None
    #: The parent area id, for sources with two levels of headings.
    parent: str | None = None


@attrs.frozen(slots=True)
class Measure:
    """One measure, task or indicator row of a source document.

    ``id`` is the number the source gives it ("22.1", "(19)", "14"); it is unique
    within a region's profile. ``text`` is the source text with PDF line-break
    damage repaired and nothing else changed; it may be empty when the source cell
    is empty, in which case ``notes`` says so.
    """

    id: str = attrs.field(validator=non_empty)
    document: str = attrs.field(validator=non_empty)
    title: str
    text: str
    provenance: Provenance
    area: str | None = None
    categories: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    responsibility: Responsibility = attrs.field(factory=Responsibility)
    deadline: Deadline | None = None
    targets: tuple[Target, ...] = attrs.field(default=(), converter=_targets)
    #: Enumerated items of the measure (e.g. the "重点清理整治" list), in source order.
    items: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    notes: tuple[DataNote, ...] = attrs.field(default=(), converter=_notes)

    @property
    def lead_units(self) -> tuple[UnitRef, ...]:
        return self.responsibility.lead_units

    @property
    def responsible_units(self) -> tuple[UnitRef, ...]:
        return self.responsibility.responsible_units

    @property
    def cooperating_units(self) -> tuple[UnitRef, ...]:
        return self.responsibility.cooperating_units

    def target_id(self, index: int) -> str:
        """Stable id of the measure's ``index``-th target, e.g. ``"2#1"``."""
        return f"{self.id}#{index + 1}"
