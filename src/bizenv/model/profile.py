"""A region's whole profile: region, documents, unit table, areas and measures."""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from bizenv.errors import (
    NotFoundError,
    UnknownMeasureError,
    UnknownSubUnitError,
    UnknownTargetError,
    UnknownUnitError,
)
from bizenv.model._validators import as_tuple, meta
from bizenv.model.measure import Area, Measure
from bizenv.model.region import Region, SourceDocument, SubUnit, Unit
from bizenv.model.responsibility import ROLES, Role
from bizenv.model.target import Target


@attrs.frozen(slots=True)
class RegionProfile:
    """A region's whole profile: the region, its source documents, unit table, areas and measures.

    Build one from a data file with :func:`bizenv.load_profile`, or get an installed region's with
    :func:`bizenv.profile`. Lookups by id raise :class:`bizenv.errors.NotFoundError` subclasses that
    name what was asked for.
    """

    region: Region = attrs.field(metadata=meta("the region"))
    documents: tuple[SourceDocument, ...] = attrs.field(
        converter=as_tuple, metadata=meta("the source documents the profile was read from")
    )
    measures: tuple[Measure, ...] = attrs.field(
        converter=as_tuple, metadata=meta("measures, tasks or indicator rows, in source order")
    )
    units: tuple[Unit, ...] = attrs.field(
        default=(), converter=as_tuple, metadata=meta("the unit table: normalised names and their aliases")
    )
    areas: tuple[Area, ...] = attrs.field(
        default=(), converter=as_tuple, metadata=meta("headings that group measures, with their lead units")
    )
    _by_id: dict[str, Measure] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _alias: dict[str, str] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _sub_units: dict[str, SubUnit] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {m.id: m for m in self.measures})
        alias: dict[str, str] = {}
        for unit in self.units:
            alias[unit.name] = unit.name
            for other in unit.aliases:
                alias.setdefault(other, unit.name)
        object.__setattr__(self, "_alias", alias)
        sub_units: dict[str, SubUnit] = {}
        for sub in self.region.sub_units:
            for name in sub.all_names():
                sub_units.setdefault(_sub_unit_key(name), sub)
        object.__setattr__(self, "_sub_units", sub_units)

    @property
    def id(self) -> str:
        """The region id."""
        return self.region.id

    def measure(self, measure_id: str) -> Measure:
        """The measure with this id; :class:`UnknownMeasureError` if there is none."""
        try:
            return self._by_id[measure_id]
        except KeyError:
            raise UnknownMeasureError(f"region {self.id!r} has no measure {measure_id!r}") from None

    def has_measure(self, measure_id: str) -> bool:
        """Whether the region has a measure with this id."""
        return measure_id in self._by_id

    def document(self, document_id: str) -> SourceDocument:
        """The source document with this id."""
        for document in self.documents:
            if document.id == document_id:
                return document
        known = ", ".join(d.id for d in self.documents)
        raise NotFoundError(f"region {self.id!r} has no document {document_id!r} (known: {known})")

    def resolve_unit(self, name: str) -> str:
        """The normalised name of a unit given any of its names (州市场监管局 → 州市场监督管理局)."""
        try:
            return self._alias[name.strip()]
        except KeyError:
            raise UnknownUnitError(f"region {self.id!r} has no unit named {name!r}") from None

    def sub_unit(self, name: str) -> SubUnit:
        """The sub-unit a file names by id, Chinese, English or Uyghur name, alias or division code."""
        found = self._sub_units.get(_sub_unit_key(name))
        if found is None:
            known = ", ".join(s.names.zh for s in self.region.sub_units) or "none declared"
            raise UnknownSubUnitError(f"region {self.id!r} has no sub-unit {name!r} (it has: {known})")
        return found

    def unit(self, name: str) -> Unit:
        """The unit-table entry of a unit, given any of its names."""
        normalised = self.resolve_unit(name)
        return next(u for u in self.units if u.name == normalised)

    def measures_of_unit(self, name: str, roles: tuple[Role, ...] = ROLES) -> tuple[Measure, ...]:
        """Measures in which a unit (any of its names) holds one of ``roles``: by default any role.

        Roles are "lead" (牵头单位), "responsible" (责任单位) and "cooperating" (配合单位); pass
        ``roles=("lead",)`` for only the measures the unit leads.
        """
        normalised = self.resolve_unit(name)
        return tuple(m for m in self.measures if set(m.responsibility.roles_of(normalised)) & set(roles))

    def measures_in_category(self, code: str) -> tuple[Measure, ...]:
        """The measures filed under an indicator category code."""
        return tuple(m for m in self.measures if code in m.categories)

    def targets(self) -> Iterator[tuple[str, Measure, Target]]:
        """Every target with its id (``"<measure>#<n>"``) and its measure, in source order."""
        for measure in self.measures:
            for index, target in enumerate(measure.targets):
                yield measure.target_id(index), measure, target

    def target(self, target_id: str) -> tuple[Measure, Target]:
        """The measure and target of a target id such as ``"2#1"``; :class:`UnknownTargetError` if none."""
        measure_id, sep, number = target_id.rpartition("#")
        if not sep or not number.isdigit():
            raise UnknownTargetError(f"target id {target_id!r} is not of the form '<measure id>#<n>'")
        if not self.has_measure(measure_id):
            raise UnknownTargetError(f"region {self.id!r} has no measure {measure_id!r} (target {target_id!r})")
        measure = self.measure(measure_id)
        index = int(number) - 1
        if not 0 <= index < len(measure.targets):
            raise UnknownTargetError(f"measure {measure_id!r} of region {self.id!r} has no target #{number}")
        return measure, measure.targets[index]


def _sub_unit_key(name: str) -> str:
    # "Korla City", "korla city" and " 库尔勒市 " name the same county.
    return "".join(name.split()).casefold()
