"""A progress bar on stderr for long evaluations, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from typing import TextIO, TypeVar

T = TypeVar("T")
#: Fewer items than this finish before a bar would be worth drawing.
THRESHOLD = 2000
WIDTH = 30


def progress(items: Sequence[T], label: str, stream: TextIO | None = None) -> Iterator[T]:
    """Yield ``items``, drawing a bar on ``stream`` (stderr) if it is a terminal and the job is long."""
    out = stream if stream is not None else sys.stderr
    total = len(items)
    if total < THRESHOLD or not out.isatty():
        yield from items
        return
    step = max(1, total // 200)
    for done, item in enumerate(items, 1):
        yield item
        if done % step == 0 or done == total:
            filled = WIDTH * done // total
            out.write(f"\r{label} [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total}")
            out.flush()
    out.write("\n")


class Bar:
    """A progress bar for work measured in units other than items (bytes of a file read in chunks, partitions
    of a Dask DataFrame): :meth:`update` with the amount done, :meth:`close` at the end. Drawn only on a terminal,
    only when ``shown``, and only for ``total`` at or above ``threshold``."""

    def __init__(
        self, label: str, total: int, stream: TextIO | None = None, *, threshold: int = 0, shown: bool = True
    ) -> None:
        self.out = stream if stream is not None else sys.stderr
        self.label = label
        self.total = max(total, 1)
        self.threshold = threshold
        self.terminal = shown and self.out.isatty()
        self.shown = self.terminal and total >= threshold
        self.drawn = -1

    def update(self, done: int, total: int | None = None) -> None:
        """Show ``done`` of the total (which may be corrected, e.g. once a file's size is known: the bar appears
        then if the total is large enough)."""
        if total is not None:
            self.total = max(total, 1)
            self.shown = self.terminal and total >= self.threshold
        if not self.shown:
            return
        filled = WIDTH * min(done, self.total) // self.total
        if filled != self.drawn:
            self.drawn = filled
            percent = 100 * min(done, self.total) // self.total
            self.out.write(f"\r{self.label} [{'#' * filled}{'.' * (WIDTH - filled)}] {percent}%")
            self.out.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self.shown and self.drawn >= 0:
            self.out.write("\n")
            self.out.flush()
