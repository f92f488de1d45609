"""Who answers for a measure: leaders and units, normalised, with the raw text kept."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from bizenv.model._validators import non_empty, str_tuple


@attrs.frozen(slots=True)
class UnitRef:
    """A unit as the source names it (``raw``) and its normalised name (``name``).

    ``group`` marks collective names such as "各县市人民政府" that stand for many
    units; they are kept as they are, never expanded by guesswork.
    """

    raw: str = attrs.field(validator=non_empty)
    name: str = attrs.field(validator=non_empty)
    group: bool = False


def _unit_tuple(value: Iterable[UnitRef]) -> tuple[UnitRef, ...]:
    items = tuple(value)
    for item in items:
        if not isinstance(item, UnitRef):
            raise TypeError(f"expected UnitRef, got {item!r}")
    return items


@attrs.frozen(slots=True)
class Responsibility:
    """Lead leaders (牵头领导), lead units (牵头单位), responsible (责任单位) and cooperating (配合单位) units.

    ``raw`` keeps each source cell as written, keyed by role, so the split into units
    can always be checked against the source.
    """

    lead_leaders: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    lead_units: tuple[UnitRef, ...] = attrs.field(default=(), converter=_unit_tuple)
    responsible_units: tuple[UnitRef, ...] = attrs.field(default=(), converter=_unit_tuple)
    cooperating_units: tuple[UnitRef, ...] = attrs.field(default=(), converter=_unit_tuple)
    raw: dict[str, str] = attrs.field(factory=dict, eq=False, hash=False)

    def all_units(self) -> tuple[UnitRef, ...]:
        return self.lead_units + self.responsible_units + self.cooperating_units

    def roles_of(self, unit_name: str) -> tuple[str, ...]:
        """The roles ("lead", "responsible", "cooperating") a normalised unit name holds here."""
        roles = []
        for role, units in (
            ("lead", self.lead_units),
            ("responsible", self.responsible_units),
            ("cooperating", self.cooperating_units),
        ):
            if any(u.name == unit_name for u in units):
                roles.append(role)
        return tuple(roles)
