"""Where a piece of data came from, and what was interpreted on the way."""

from __future__ import annotations

import attrs

from bizenv.model._validators import non_empty


@attrs.frozen(slots=True)
class Provenance:
    """A place in a source document: the document id and the clause as the source numbers it."""

    document: str = attrs.field(validator=non_empty)
    clause: str = attrs.field(validator=non_empty)
    #: 1-based line in the bundled copy of the source text, where known.
    line: int | None = None


@attrs.frozen(slots=True)
class DataNote:
    """A record of an interpretation: the field, the raw text, what was made of it and why.

    Notes exist so that nothing read from a damaged source is silently "fixed":
    a reader can always see the raw text next to the reading that was chosen.
    """

    field: str = attrs.field(validator=non_empty)
    raw: str
    reading: str
    reason: str = attrs.field(validator=non_empty)
