"""Who answers for a measure: leaders and units, normalised, with the raw text kept."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import attrs

from bizenv.errors import ProfileError
from bizenv.model._validators import meta, non_empty, str_tuple
from bizenv.tables import fields_html

Role = Literal["lead", "responsible", "cooperating"]
ROLES: tuple[Role, ...] = ("lead", "responsible", "cooperating")


@attrs.frozen(slots=True)
class UnitRef:
    """A unit as the source names it (``raw``) and its normalised name (``name``).

    ``group`` marks collective names such as "各县市人民政府" that stand for many
    units; they are kept as they are, never expanded by guesswork.
    """

    raw: str = attrs.field(validator=non_empty, metadata=meta("the unit as the source names it", minLength=1))
    name: str = attrs.field(
        validator=non_empty,
        metadata=meta("the normalised name: an entry (or alias) of the region's unit table", minLength=1),
    )
    group: bool = attrs.field(default=False, metadata=meta("true for a collective name that stands for many units"))


def _unit_tuple(value: Iterable[UnitRef]) -> tuple[UnitRef, ...]:
    items = tuple(value)
    for item in items:
        if not isinstance(item, UnitRef):
            raise ProfileError(f"expected UnitRef, got {item!r}")
    return items


@attrs.frozen(slots=True)
class Responsibility:
    """Lead leaders (牵头领导), lead units (牵头单位), responsible (责任单位) and cooperating (配合单位) units.

    ``raw`` keeps each source cell as written, keyed by role, so the split into units
    can always be checked against the source.
    """

    _repr_html_ = fields_html

    lead_leaders: tuple[str, ...] = attrs.field(
        default=(), converter=str_tuple, metadata=meta("leaders (牵头领导) by name, as the source gives them")
    )
    lead_units: tuple[UnitRef, ...] = attrs.field(
        default=(), converter=_unit_tuple, metadata=meta("the measure's own lead units (牵头单位)")
    )
    responsible_units: tuple[UnitRef, ...] = attrs.field(
        default=(), converter=_unit_tuple, metadata=meta("responsible units (责任单位)")
    )
    cooperating_units: tuple[UnitRef, ...] = attrs.field(
        default=(), converter=_unit_tuple, metadata=meta("cooperating units (配合单位)")
    )
    raw: dict[str, str] = attrs.field(
        factory=dict, eq=False, hash=False, metadata=meta("each source cell as written, keyed by role")
    )

    def all_units(self) -> tuple[UnitRef, ...]:
        """Every unit reference, leads first."""
        return self.lead_units + self.responsible_units + self.cooperating_units

    def units_in(self, role: Role) -> tuple[UnitRef, ...]:
        """The units holding ``role``."""
        return {"lead": self.lead_units, "responsible": self.responsible_units, "cooperating": self.cooperating_units}[
            role
        ]

    def roles_of(self, unit_name: str) -> tuple[Role, ...]:
        """The roles ("lead", "responsible", "cooperating") a normalised unit name holds here."""
        return tuple(role for role in ROLES if any(u.name == unit_name for u in self.units_in(role)))
