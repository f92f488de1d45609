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
