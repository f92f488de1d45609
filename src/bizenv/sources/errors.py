"""The error a profile build raises when the sources and the curated data do not fit together."""

from __future__ import annotations

from bizenv.errors import BizenvError


class BuildError(BizenvError, ValueError):
    """The source text, the curated file or the layout module do not fit together; the message says where.

    A build that raises it writes nothing: a profile is never built from data the build could not check.
    """


__all__ = ["BuildError"]
