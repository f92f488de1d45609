"""Where a piece of data came from, and what was interpreted on the way."""

from __future__ import annotations

import attrs

from bizenv.model._validators import meta, non_empty


@attrs.frozen(slots=True)
class Provenance:
    """A place in a source document: the document id and the clause as the source numbers it."""

    document: str = attrs.field(
        validator=non_empty, metadata=meta("id of the source document (one of the profile's documents)", minLength=1)
    )
    clause: str = attrs.field(
        validator=non_empty,
        metadata=meta('the clause as the source numbers it, e.g. "二、（三）5." or "row 14"', minLength=1),
    )
    line: int | None = attrs.field(
        default=None, metadata=meta("1-based line in the bundled copy of the source text, where known", minimum=1)
    )


@attrs.frozen(slots=True)
class DataNote:
    """A record of an interpretation: the field, the raw text, what was made of it and why.

    Notes exist so that nothing read from a damaged source is silently "fixed":
    a reader can always see the raw text next to the reading that was chosen.
    """

    field: str = attrs.field(
        validator=non_empty,
        metadata=meta('the field the note is about, e.g. "deadline" or "targets[0].due"', minLength=1),
    )
    raw: str = attrs.field(metadata=meta("the source text as written"))
    reading: str = attrs.field(metadata=meta("what was made of it"))
    reason: str = attrs.field(validator=non_empty, metadata=meta("why", minLength=1))
