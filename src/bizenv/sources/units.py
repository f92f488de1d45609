"""Reading unit cells (牵头单位, 责任单位, 配合单位) into references to the region's unit table.

A cell lists units separated by 、，, or spaces. The rules, the same for every region:

- a separator inside brackets or quotation marks is part of a name
  ("市市场监管领域部门联合“双随机、一公开”监管工作联席会议成员单位" is one unit);
- a name of the unit table (or an alias) is that unit;
- a trailing 等, 等部门, 等单位, 等相关部门 or 等有关部门 is a reference to a group unit the table
  names with it (the other units concerned);
- a fragment written without the prefix of the unit before it is read with that prefix:
  "州税务局、公安局" gives 州公安局, "州党委组织部、宣传部" gives 州党委宣传部 (the region's
  prefixes are declared in its curated file, longest first);
- a fragment no rule reads is an error, unless the curated file gives its reading (a :class:`Fragment`),
  which is recorded as a data note on the measure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

import attrs

from bizenv.model import DataNote, Role, UnitRef
from bizenv.sources.curated import Fragment, UnitEntry
from bizenv.sources.errors import BuildError

_OPENING: Final = "（(〈《“‘[【"
_CLOSING: Final = "）)〉》”’]】"
_SEPARATORS: Final = "、，,"
_ETC = re.compile(r"(.+?)(等(?:相关|有关)?(?:部门|单位)?)")


def split_cell(cell: str) -> list[str]:
    """The fragments of a unit cell: split at 、，, and whitespace outside brackets and quotation marks.

    >>> split_cell("州税务局、公安局，各银行")
    ['州税务局', '公安局', '各银行']
    >>> split_cell("市市场监管领域部门联合“双随机、一公开”监管工作联席会议成员单位")
    ['市市场监管领域部门联合“双随机、一公开”监管工作联席会议成员单位']
    """
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in cell:
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            # An unbalanced closing bracket ("各乡镇(街道）" closes with the other width) ends at depth 0.
            depth = max(depth - 1, 0)
        if depth == 0 and (char in _SEPARATORS or char.isspace()):
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part for part in parts if part]


@attrs.frozen(slots=True)
class CellReading:
    """The unit references of a cell and the data notes made while reading it."""

    refs: tuple[UnitRef, ...]
    notes: tuple[DataNote, ...]


class UnitTable:
    """The unit table of a region with its cell-reading rules and curated fragments.

    It records which units and fragments the cells used, so that the build can refuse curated fragments
    that never apply.
    """

    def __init__(self, units: Sequence[UnitEntry], prefixes: Sequence[str] = (), fragments: Sequence[Fragment] = ()):
        self._units: dict[str, UnitEntry] = {}
        for unit in units:
            for name in (unit.name, *unit.aliases):
                if name in self._units:
                    raise BuildError(f"unit table: {name!r} is given twice")
                self._units[name] = unit
        self.prefixes = tuple(sorted(prefixes, key=len, reverse=True))
        self.fragments = tuple(fragments)
        self.used_fragments: set[int] = set()
        self.used_units: set[str] = set()

    def unit(self, name: str) -> UnitEntry | None:
        """The unit a name or alias stands for, or None."""
        return self._units.get(name)

    def ref(self, raw: str, name: str | None = None) -> UnitRef:
        """A reference to the unit named ``name`` (default ``raw``), written ``raw`` in the source."""
        unit = self._units.get(name or raw)
        if unit is None:
            raise BuildError(f"unit {name or raw!r} is not in the unit table")
        self.used_units.add(unit.name)
        return UnitRef(raw=raw, name=unit.name, group=unit.group)

    def _fragment(self, raw: str, measure: str | None, role: Role) -> tuple[int, Fragment] | None:
        found = [
            (i, f)
            for i, f in enumerate(self.fragments)
            if f.raw == raw and f.measure in (None, measure) and f.role in (None, role)
        ]
        if len(found) > 1:
            raise BuildError(f"fragment {raw!r} of measure {measure}: {len(found)} curated fragments apply")
        return found[0] if found else None

    def read_cell(self, cell: str, *, role: Role, measure: str | None = None, where: str = "") -> CellReading:
        """The references of a cell of ``role`` (of ``measure``, None for an area heading) and the notes made.

        A curated fragment gives a data note on field ``<role>_units[i]`` (the reference it became) or
        ``<role>_units`` (where it became none or several).
        """
        refs: list[UnitRef] = []
        notes: list[DataNote] = []
        carried: tuple[str, ...] = ()
        for piece in split_cell(cell):
            if found := self._fragment(piece, measure, role):
                index, fragment = found
                self.used_fragments.add(index)
                field = f"{role}_units"
                if len(fragment.refs) == 1:
                    field += f"[{len(refs)}]"
                refs.extend(self.ref(r.raw, r.name) for r in fragment.refs)
                notes.append(DataNote(field=field, raw=piece, reading=fragment.reading, reason=fragment.reason))
                continue
            head, tail = piece, None
            if piece not in self._units and (etc := _ETC.fullmatch(piece)):
                head, tail = etc[1], etc[2]
            refs.append(self._read(head, carried, cell, where))
            if tail is not None:
                group = self.unit(tail)
                if group is None or not group.group:
                    raise BuildError(f"{where}: {piece!r} ends with {tail!r}, which is no group unit of the table")
                refs.append(self.ref(tail))
            if own := tuple(p for p in self.prefixes if head.startswith(p)):
                carried = own
        return CellReading(tuple(refs), tuple(notes))

    def _read(self, head: str, carried: Sequence[str], cell: str, where: str) -> UnitRef:
        if head in self._units:
            return self.ref(head)
        for prefix in carried:
            if prefix + head in self._units:
                return self.ref(head, prefix + head)
        raise BuildError(f"{where}: unit {head!r} (cell {cell!r}) is not in the unit table")


__all__ = ["CellReading", "UnitTable", "split_cell"]
