"""What a region's layout module gives the build: the areas and measures it read from the source texts.

A layout module knows how one region's documents are laid out (which lines are headings, where the
unit cell of a measure is, how measures are numbered) and nothing else: units, categories, targets and
readings come from the curated file and are applied by the build (:mod:`bizenv.sources.build`). It is a
Python module with one function::

    def read(sources: SourceSet, curated: Curated) -> Reading: ...

and, optionally, ``EVERY_UNIT_NAMED = True`` where the unit table lists only units the source names
(the build then refuses a unit no cell uses).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import attrs

from bizenv.model import DataNote, Provenance, Role
from bizenv.sources.curated import Curated
from bizenv.sources.errors import BuildError
from bizenv.sources.provenance import SourceText


@attrs.frozen
class SourceSet:
    """The bundled source texts of a profile, by document id."""

    texts: Mapping[str, SourceText]

    def __getitem__(self, document: str) -> SourceText:
        try:
            return self.texts[document]
        except KeyError:
            raise BuildError(f"no source text for document {document!r}") from None

    def only(self) -> SourceText:
        """The one source text of a single-document profile."""
        if len(self.texts) != 1:
            raise BuildError(f"expected one source document, have {len(self.texts)}")
        return next(iter(self.texts.values()))


@attrs.frozen
class ParsedArea:
    """An area heading as the source gives it.

    ``title`` None: the source has no heading; the curated file gives the title. ``lead_cell`` is the
    heading's 牵头单位 cell as written, where it has one.
    """

    id: str
    provenance: Provenance
    title: str | None = None
    parent: str | None = None
    lead_cell: str | None = None


@attrs.frozen
class ParsedMeasure:
    """A measure as the source gives it.

    ``text`` is the source text repaired (:func:`bizenv.sources.text.repair`); ``cells`` the unit cells
    as written, by role; ``deadline`` the source's own deadline field (完成时限) as written. ``notes``
    record what the layout interpreted; ``needs_note`` names fields whose reading the curated file must
    explain with a data note (an irregularity the layout found but cannot explain).
    """

    id: str
    area: str | None
    title: str
    text: str
    provenance: Provenance
    cells: Mapping[Role, str] = attrs.field(factory=dict)
    leaders: tuple[str, ...] = ()
    deadline: str | None = None
    items: tuple[str, ...] = ()
    notes: tuple[DataNote, ...] = ()
    needs_note: tuple[str, ...] = ()
    #: The heading measure this one is numbered under (22 for 22.1), where the layout shows it.
    parent: str | None = None


@attrs.frozen
class Reading:
    """Everything a layout module read: areas and measures in source order."""

    areas: tuple[ParsedArea, ...]
    measures: tuple[ParsedMeasure, ...]


class Layout(Protocol):
    """The interface of a layout module."""

    def read(self, sources: SourceSet, curated: Curated) -> Reading:
        """The areas and measures of the sources, as laid out, with the cells and deadlines as written."""
        ...


__all__ = ["Layout", "ParsedArea", "ParsedMeasure", "Reading", "SourceSet"]
