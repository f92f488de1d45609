"""Progress of long work, for whoever shows it (the command's bar on a terminal).

A reporter is set for the time of a call (:func:`reporting`), so that library functions deep in a call tell
how far they are (:func:`report`) without every function on the way taking a parameter for it. Nothing is
reported when no reporter is set; a reporter is a plain ``(done, total)`` callback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Reporter = Callable[[int, int], None]
_REPORTER: ContextVar[Reporter | None] = ContextVar("bizenv_progress", default=None)


@contextmanager
def reporting(reporter: Reporter | None) -> Iterator[None]:
    """Send what the work inside the ``with`` block reports to ``reporter`` (None: to nobody)."""
    token = _REPORTER.set(reporter)
    try:
        yield
    finally:
        _REPORTER.reset(token)


def report(done: int, total: int) -> None:
    """Say that ``done`` of ``total`` steps are done (to the reporter set, if any)."""
    reporter = _REPORTER.get()
    if reporter is not None:
        reporter(done, total)


__all__ = ["Reporter", "report", "reporting"]
