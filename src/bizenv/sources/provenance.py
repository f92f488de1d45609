"""Where things are in a bundled source text: 1-based lines, clauses as the source numbers them."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

import attrs

from bizenv.model import Provenance
from bizenv.sources.errors import BuildError
from bizenv.sources.text import squash


@attrs.frozen
class SourceText:
    """A bundled source document: its id in the profile, the file name and the text, split into lines.

    Lines are split at "\\n" only and numbered from 1, as an editor shows them; a measure's provenance
    line is the line it starts on.
    """

    document: str
    name: str
    text: str

    @cached_property
    def lines(self) -> tuple[str, ...]:
        """The lines of the text (without their line ends)."""
        return tuple(self.text.split("\n"))

    def numbered(self, start: int = 1) -> Iterator[tuple[int, str]]:
        """(line number, line) from line ``start`` on."""
        for number in range(start, len(self.lines) + 1):
            yield number, self.lines[number - 1]

    def line(self, number: int) -> str:
        """Line ``number`` (1-based)."""
        if not 1 <= number <= len(self.lines):
            raise BuildError(f"{self.name}: no line {number} (the text has {len(self.lines)})")
        return self.lines[number - 1]

    def line_of(self, needle: str, start: int = 1) -> int:
        """The first line from ``start`` on that contains ``needle``, whitespace ignored on both sides."""
        wanted = squash(needle)
        for number, line in self.numbered(start):
            if wanted in squash(line):
                return number
        raise BuildError(f"{self.name}: {needle[:30]!r} is on no line from line {start} on")

    def provenance(self, clause: str, line: int | None) -> Provenance:
        """The provenance of something at ``clause`` starting on ``line`` of this document."""
        if line is not None:
            self.line(line)
        return provenance(self.document, clause, line)


def provenance(document: str, clause: str, line: int | None = None) -> Provenance:
    """A :class:`~bizenv.model.Provenance`: document id, clause as the source numbers it, 1-based line."""
    return Provenance(document=document, clause=clause, line=line)


__all__ = ["SourceText", "provenance"]
