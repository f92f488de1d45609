"""A region's whole profile: region, documents, unit table, areas and measures."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import attrs

from bizenv.model.measure import Area, Measure
from bizenv.model.region import Region, SourceDocument, Unit
from bizenv.model.target import Target


def _documents(value: Iterable[SourceDocument]) -> tuple[SourceDocument, ...]:
    return tuple(value)


def _measures(value: Iterable[Measure]) -> tuple[Measure, ...]:
    return tuple(value)


def _units(value: Iterable[Unit]) -> tuple[Unit, ...]:
    return tuple(value)


def _areas(value: Iterable[Area]) -> tuple[Area, ...]:
    return tuple(value)


class UnknownUnitError(KeyError):
    """A unit name that is neither a normalised name nor an alias in the region's unit table."""


@attrs.frozen(slots=True)
class RegionProfile:
    region: Region
    documents: tuple[SourceDocument, ...] = attrs.field(converter=_documents)
    measures: tuple[Measure, ...] = attrs.field(converter=_measures)
    units: tuple[Unit, ...] = attrs.field(default=(), converter=_units)
    areas: tuple[Area, ...] = attrs.field(default=(), converter=_areas)
    _by_id: dict[str, Measure] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _alias: dict[str, str] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {m.id: m for m in self.measures})
        alias: dict[str, str] = {}
        for unit in self.units:
            alias[unit.name] = unit.name
            for other in unit.aliases:
                alias.setdefault(other, unit.name)
        object.__setattr__(self, "_alias", alias)

    @property
    def id(self) -> str:
        return self.region.id

    def measure(self, measure_id: str) -> Measure:
        try:
            return self._by_id[measure_id]
        except KeyError:
            raise KeyError(f"region {self.id!r} has no measure {measure_id!r}") from None

    def has_measure(self, measure_id: str) -> bool:
        return measure_id in self._by_id

    def document(self, document_id: str) -> SourceDocument:
        for document in self.documents:
            if document.id == document_id:
                return document
        raise KeyError(f"region {self.id!r} has no document {document_id!r}")

    def resolve_unit(self, name: str) -> str:
        """The normalised name of a unit given any of its names (州市场监管局 → 州市场监督管理局)."""
        try:
            return self._alias[name.strip()]
        except KeyError:
            raise UnknownUnitError(f"region {self.id!r} has no unit named {name!r}") from None

    def unit(self, name: str) -> Unit:
        normalised = self.resolve_unit(name)
        return next(u for u in self.units if u.name == normalised)

    def measures_of_unit(
        self, name: str, roles: tuple[str, ...] = ("lead", "responsible", "cooperating")
    ) -> tuple[Measure, ...]:
        """Measures in which a unit (any of its names) holds one of ``roles``: by default any role.

        Roles are "lead" (牵头单位), "responsible" (责任单位) and "cooperating" (配合单位); pass
        ``roles=("lead",)`` for only the measures the unit leads.
        """
        normalised = self.resolve_unit(name)
        return tuple(m for m in self.measures if set(m.responsibility.roles_of(normalised)) & set(roles))

    def measures_in_category(self, code: str) -> tuple[Measure, ...]:
        return tuple(m for m in self.measures if code in m.categories)

    def targets(self) -> Iterator[tuple[str, Measure, Target]]:
        """Every target with its id (``"<measure>#<n>"``) and its measure, in source order."""
        for measure in self.measures:
            for index, target in enumerate(measure.targets):
                yield measure.target_id(index), measure, target

    def target(self, target_id: str) -> tuple[Measure, Target]:
        measure_id, sep, number = target_id.rpartition("#")
        if not sep or not number.isdigit():
            raise KeyError(f"target id {target_id!r} is not of the form '<measure id>#<n>'")
        measure = self.measure(measure_id)
        index = int(number) - 1
        if not 0 <= index < len(measure.targets):
            raise KeyError(f"measure {measure_id!r} of region {self.id!r} has no target #{number}")
        return measure, measure.targets[index]
