"""Case evaluation on Dask, for logs that outgrow one machine (``pip install 'bizenv[dask]'``).

:func:`evaluate_cases` judges a Dask DataFrame of cases partition by partition with the columnar core
(:class:`bizenv.evaluate.table.Evaluator`), on whatever scheduler is active: threads, processes, or a
``dask.distributed`` cluster. Each partition sends back only what the summaries need (counts and the
distribution of durations, which merge exactly) and its rejections; per-case results, when asked for, are
written by the workers to Parquet (``out=``), never gathered.

Duplicate case ids across partitions are found without gathering the ids: each partition fingerprints its
ids (16 bytes a case) and splits them into buckets by fingerprint; each bucket, a task of its own, finds the
ids a partition has after an earlier partition accepted them, and only such a partition is judged again,
told which ids came before. The result is that
of judging the partitions one after the other, in order: the same summaries as
:func:`bizenv.evaluate.evaluate_cases` on the whole table. Rows are numbered within their partition
(``<DataFrame> partition 3``, row 17). See docs/scale.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from bizenv.calendars import WorkingCalendar
from bizenv.errors import InputError
from bizenv.evaluate.cases import TargetSummary
from bizenv.evaluate.summary import SummaryState, find_summary
from bizenv.evaluate.table import TABLE_CHUNK, Convention, Evaluator, columns_from_batch, fingerprints, summaries_of
from bizenv.inputs.chunks import case_batches
from bizenv.model import RegionProfile
from bizenv.records import Rejection

#: A partition number no partition has: "not accepted here".
_NEVER = np.int64(1) << 62
_Pair = tuple[np.ndarray[Any, np.dtype[np.uint64]], np.ndarray[Any, np.dtype[np.uint64]]]
#: Rows of Parquet judged in one task at most (row groups are grouped up to it).
PIECE_ROWS = 1_000_000


@attrs.frozen(slots=True)
class DaskEvaluation:
    """What :func:`evaluate_cases` returns: the summaries (the fields of the in-process call's), the rejected
    rows, the number of partitions and cases, and where the per-case results were written (if they were)."""

    region: str
    convention: Convention
    as_of: dt.datetime | None
    rejections: tuple[Rejection, ...]
    summaries: tuple[TargetSummary, ...]
    partitions: int
    rows: int
    results_path: Path | None = None

    def summary(self, target_id: str, sub_unit: str | None = None) -> TargetSummary:
        """The summary of one target, for all sub-units (None) or one."""
        return find_summary(self.summaries, target_id, sub_unit)


@attrs.define
class _Partition:
    """What one partition sends back."""

    index: int
    state: SummaryState
    rejections: list[Rejection]
    rows: int
    #: Fingerprints of the distinct case ids it judged, and whether it accepted a case of each.
    hi: np.ndarray[Any, np.dtype[np.uint64]]
    lo: np.ndarray[Any, np.dtype[np.uint64]]
    accepted: np.ndarray[Any, np.dtype[np.bool_]]


@attrs.frozen(slots=True)
class _Shared:
    """What every partition is judged with: sent to each worker once (scattered on a cluster, one task's result
    on a local scheduler), not pickled into every task."""

    profile: RegionProfile
    calendar: WorkingCalendar
    convention: Convention
    as_of: dt.datetime | None
    zone: str | None
    columns: dict[str, str] | None
    out: str | None


@attrs.frozen(slots=True)
class _Piece:
    """Row groups of one Parquet file, read by pyarrow on the worker that judges them (no pandas on the way)."""

    path: str
    row_groups: tuple[int, ...]
    #: Rows of the file before the first of these row groups: rows are numbered within the file.
    first_row: int


def _open_parquet(path: str) -> Any:
    import pyarrow.parquet as pq

    if "://" in path:
        from pyarrow import fs

        filesystem, inner = fs.FileSystem.from_uri(path)
        return pq.ParquetFile(filesystem.open_input_file(inner))
    return pq.ParquetFile(path)


def _read_piece(piece: _Piece) -> pa.Table:
    return _open_parquet(piece.path).read_row_groups(list(piece.row_groups))


_ALLOCATION_TUNED = False


def _tune_allocation() -> None:
    """Undo, in this worker process, what ``MALLOC_TRIM_THRESHOLD_`` does to NumPy-heavy work (Dask's nanny sets
    it to 65536 for its workers): with it glibc maps every array above 128 KiB afresh and returns it at once, so
    each temporary array of a chunk costs page faults; judging a partition took twice as long. Arrays up to
    64 MiB then come from the heap again, and up to 128 MiB of freed memory stays with the process."""
    global _ALLOCATION_TUNED
    if _ALLOCATION_TUNED:
        return
    _ALLOCATION_TUNED = True
    import os
    import sys

    if "MALLOC_TRIM_THRESHOLD_" not in os.environ or not sys.platform.startswith("linux"):
        return
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt): nothing to undo
        return
    m_trim_threshold, m_mmap_threshold = -1, -3
    mallopt(m_mmap_threshold, 64 << 20)
    mallopt(m_trim_threshold, 128 << 20)


def _evaluate_partition(frame: Any, index: int, shared: _Shared, before: _Pair | None) -> _Partition:
    _tune_allocation()
    first_row = 0
    if isinstance(frame, _Piece):
        source, first_row = frame.path, frame.first_row
        frame = _read_piece(frame)
    else:
        source = f"<DataFrame> partition {index}"
    # The partition is in memory already: judged in one chunk (its ids fingerprinted once, below).
    reading = case_batches(frame, zone=shared.zone, columns=shared.columns, chunk_rows=TABLE_CHUNK)
    evaluator = Evaluator(
        shared.profile, shared.calendar, convention=shared.convention, as_of=shared.as_of, zone=shared.zone
    )
    if before is not None:
        evaluator.seen.add(*before)
    tables = []
    judged: list[Rejection] = []
    prints: list[_Pair] = []
    taken: list[np.ndarray[Any, np.dtype[np.bool_]]] = []
    for batch in reading:
        if first_row:
            batch = batch.set_column(batch.schema.get_field_index("row"), "row", pc.add(batch.column("row"), first_row))
        chunk = evaluator.evaluate(columns_from_batch(batch, source))
        judged += chunk.rejections
        tables.append(chunk.results)
        prints.append(chunk.id_prints or fingerprints(_plain(batch.column("case_id"))))
        accepted = np.zeros(batch.num_rows, bool)
        accepted[chunk.accepted] = True
        taken.append(accepted)
    rejections = [
        attrs.evolve(r, origin=attrs.evolve(r.origin, source=source, row=_shifted(r.origin.row, first_row)))
        for r in reading.rejections
    ]
    if shared.out is not None:
        import pyarrow.parquet as pq

        table = pa.concat_tables(tables) if tables else evaluator.empty_results()
        pq.write_table(table, Path(shared.out) / f"part-{index:05d}.parquet")
    hi, lo, was_accepted = _distinct(prints, taken)
    return _Partition(index, evaluator.state, [*rejections, *judged], reading.info.rows, hi, lo, was_accepted)


def _shifted(row: int | None, by: int) -> int | None:
    return row + by if row is not None else None


def _plain(column: Any) -> pa.Array:
    if isinstance(column, pa.ChunkedArray):
        return column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    return column


def _distinct(
    prints: Sequence[_Pair], taken: Sequence[np.ndarray[Any, np.dtype[np.bool_]]]
) -> tuple[np.ndarray[Any, np.dtype[np.uint64]], np.ndarray[Any, np.dtype[np.uint64]], np.ndarray[Any, Any]]:
    """The distinct fingerprints of a partition's ids, and whether a case of each was accepted (on arrays: the
    ids' text is hashed once, never looked up again)."""
    if not prints:
        empty = np.empty(0, np.uint64)
        return empty, empty, np.empty(0, bool)
    hi = np.concatenate([p[0] for p in prints])
    lo = np.concatenate([p[1] for p in prints])
    accepted = np.concatenate(taken)
    if not hi.size:
        return hi, lo, accepted
    order = _fingerprint_order(hi, lo)
    hi, lo, accepted = hi[order], lo[order], accepted[order]
    starts = np.flatnonzero(np.concatenate(([True], (hi[1:] != hi[:-1]) | (lo[1:] != lo[:-1]))))
    return hi[starts], lo[starts], np.logical_or.reduceat(accepted, starts)


def _fingerprint_order(hi: np.ndarray[Any, Any], lo: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """An order of fingerprints that puts equal ones side by side: by the first word (a plain sort), by both
    words only when first words repeat (a repeated id, or one pair in 2**64)."""
    order = np.argsort(hi)
    ordered = hi[order]
    if not (ordered[1:] == ordered[:-1]).any():
        return order
    return np.lexsort((lo, hi))


_Prints = tuple[
    np.ndarray[Any, np.dtype[np.uint64]],
    np.ndarray[Any, np.dtype[np.uint64]],
    np.ndarray[Any, np.dtype[np.int64]],
    np.ndarray[Any, np.dtype[np.int64]],
]


def _split(part: _Partition, buckets: int) -> list[_Prints] | _Prints:
    """A partition's fingerprints (with its number, and where it accepted the id) split into buckets."""
    accepted_in = np.where(part.accepted, part.index, _NEVER)
    number = np.full(part.hi.size, part.index, np.int64)
    if buckets == 1:
        return part.hi, part.lo, number, accepted_in
    # One stable sort by bucket (a radix sort of small numbers), then slices: not one pass per bucket.
    which = (part.hi % np.uint64(buckets)).astype(np.uint8)
    order = np.argsort(which, kind="stable")
    bounds = np.cumsum(np.bincount(which, minlength=buckets))[:-1]
    his, los, numbers, accepted = (np.split(a[order], bounds) for a in (part.hi, part.lo, number, accepted_in))
    return list(zip(his, los, numbers, accepted, strict=True))


def _later_copies(pieces: Sequence[_Prints]) -> tuple[Any, Any, Any]:
    """The (fingerprint, partition) pairs of one bucket whose id an earlier partition accepted."""
    hi = np.concatenate([p[0] for p in pieces])
    lo = np.concatenate([p[1] for p in pieces])
    number = np.concatenate([p[2] for p in pieces])
    accepted_in = np.concatenate([p[3] for p in pieces])
    if not hi.size:
        return hi, lo, number
    order = _fingerprint_order(hi, lo)
    hi, lo, number, accepted_in = hi[order], lo[order], number[order], accepted_in[order]
    new_group = np.concatenate(([True], (hi[1:] != hi[:-1]) | (lo[1:] != lo[:-1])))
    starts = np.flatnonzero(new_group)
    first = np.minimum.reduceat(accepted_in, starts)
    group = np.cumsum(new_group) - 1
    later = number > first[group]
    return hi[later], lo[later], number[later]


def _pieces(source: Any) -> list[_Piece] | None:
    """Parquet files (a path, a folder of ``*.parquet``, a glob pattern, or a list of them) as pieces of row
    groups of up to :data:`PIECE_ROWS` rows; None when ``source`` is a Dask DataFrame."""
    import glob
    import os

    if isinstance(source, str | os.PathLike):
        listed: list[Any] = [source]
    elif isinstance(source, list | tuple) and all(isinstance(p, str | os.PathLike) for p in source):
        listed = list(source)
    else:
        return None
    paths: list[str] = []
    for item in listed:
        text = os.fspath(item)
        if "://" in text:
            paths.append(text)
        elif os.path.isdir(text):
            paths += sorted(glob.glob(os.path.join(text, "*.parquet")))
        elif any(mark in text for mark in "*?["):
            paths += sorted(glob.glob(text))
        else:
            paths.append(text)
    if not paths:
        raise InputError("no Parquet file (*.parquet) found", source=", ".join(os.fspath(p) for p in listed))
    pieces = []
    for path in paths:
        metadata = _open_parquet(path).metadata
        group: list[int] = []
        rows = first = 0
        for k in range(metadata.num_row_groups):
            size = metadata.row_group(k).num_rows
            if group and rows + size > PIECE_ROWS:
                pieces.append(_Piece(path, tuple(group), first))
                first += rows
                group, rows = [], 0
            group.append(k)
            rows += size
        if group or not pieces or pieces[-1].path != path:
            pieces.append(_Piece(path, tuple(group), first))
    return pieces


def _client() -> Any:
    try:
        from distributed import get_client

        return get_client()
    except (ImportError, ValueError):
        return None


def evaluate_cases(
    profile: RegionProfile,
    ddf: Any,
    calendar: WorkingCalendar | None = None,
    *,
    convention: Convention = "elapsed",
    as_of: dt.datetime | None = None,
    zone: str | None = None,
    columns: dict[str, str] | None = None,
    out: str | Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DaskEvaluation:
    """Judge a Dask DataFrame of cases (the columns and rules of :func:`bizenv.evaluate.evaluate_table`)
    partition by partition; the summaries merged exactly, as for the whole table at once.

    ``ddf`` may also be Parquet files (a path, a folder of ``*.parquet``, a glob pattern, or a list of paths;
    ``s3://`` and other URIs pyarrow knows): each worker then reads its row groups with pyarrow and judges them
    as they are (no pandas DataFrame on the way); rows are numbered within their file.
    ``out`` is a folder for the per-case results, one Parquet file per partition (written by the workers).
    ``progress(done, total)`` is called as partitions finish.
    """
    import uuid

    import dask

    cal = calendar if calendar is not None else profile.working_calendar(provisional="allow")
    if convention not in ("elapsed", "legal"):
        raise ValueError(f"convention must be 'elapsed' or 'legal', not {convention!r}")
    folder = None
    if out is not None:
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
    pieces_of_files = _pieces(ddf)
    parts: Sequence[Any] = pieces_of_files if pieces_of_files is not None else ddf.to_delayed()
    run = dask.delayed(_evaluate_partition, pure=True)
    shared = _Shared(profile, cal, convention, as_of, zone, columns, str(folder) if folder else None)
    client = _client()
    # The profile and the calendar go to each worker once, not with every task.
    shared_ref: Any = (
        client.scatter(shared, broadcast=True, hash=False)
        if client is not None
        else dask.delayed(shared, name=f"bizenv-shared-{uuid.uuid4().hex}")
    )
    evaluated = [run(p, k, shared_ref, None) for k, p in enumerate(parts)]
    # Duplicates across partitions: each partition's fingerprints go, split by their first word, to a few
    # buckets; each bucket finds the ids a partition has after an earlier partition accepted them. Only those
    # come back (usually none), never the ids themselves.
    buckets = max(1, min(len(parts), 32))
    split = dask.delayed(_split, nout=buckets, pure=True)
    pieces = [split(e, buckets) for e in evaluated]
    found = dask.delayed(_later_copies, pure=True)
    later_tasks = [found([piece[b] for piece in pieces] if buckets > 1 else pieces) for b in range(buckets)]
    lights = [dask.delayed(_light)(e) for e in evaluated]
    # One computation: every partition is judged once, for its summary and for the duplicate check alike.
    results, later = _compute(lights, later_tasks, progress)
    later_hi = np.concatenate([x[0] for x in later]) if later else np.empty(0, np.uint64)
    if later_hi.size:
        results = _judge_again(results, later, parts, shared_ref)
    state = SummaryState.combine(r.state for r in results)
    rejections = tuple(rej for r in results for rej in r.rejections)
    return DaskEvaluation(
        profile.id,
        convention,
        as_of,
        rejections,
        summaries_of(profile, state),
        len(parts),
        sum(r.rows for r in results),
        folder,
    )


def _light(part: _Partition) -> _Partition:
    """The partition's result without its fingerprints (which stay with the workers)."""
    empty = np.empty(0, np.uint64)
    return attrs.evolve(part, hi=empty, lo=empty, accepted=np.empty(0, bool))


def _compute(
    tasks: Sequence[Any], extra: Sequence[Any], progress: Callable[[int, int], None] | None
) -> tuple[list[_Partition], list[Any]]:
    """Compute partition tasks and one more collection together, reporting partitions as they finish (on a
    distributed cluster, or on a local scheduler)."""
    import dask

    total = len(tasks)
    client = _client()
    if client is not None and progress is not None:
        from distributed import as_completed

        futures = client.compute([*tasks, *extra])
        for finished, _future in enumerate(as_completed(futures[: len(tasks)]), 1):
            progress(finished, total)
        gathered = client.gather(futures)
        return list(gathered[: len(tasks)]), list(gathered[len(tasks) :])
    if progress is None:
        computed = dask.compute(*tasks, *extra)
        return list(computed[: len(tasks)]), list(computed[len(tasks) :])
    from dask.callbacks import Callback

    done = [0]
    keys = {t.key for t in tasks}
    report = progress

    class _Count(Callback):  # type: ignore[misc]
        def _posttask(self, key: Any, result: Any, dsk: Any, state: Any, id: Any) -> None:
            if key in keys:
                done[0] += 1
                report(done[0], total)

    with _Count():
        computed = dask.compute(*tasks, *extra)
    return list(computed[: len(tasks)]), list(computed[len(tasks) :])


def _judge_again(results: list[_Partition], later: Any, parts: Sequence[Any], shared: Any) -> list[_Partition]:
    """Judge again each partition that has an id an earlier partition accepted, telling it those ids."""
    import dask

    hi = np.concatenate([x[0] for x in later])
    lo = np.concatenate([x[1] for x in later])
    number = np.concatenate([x[2] for x in later])
    run = dask.delayed(_evaluate_partition, pure=True)
    tasks = []
    for index in np.unique(number).tolist():
        mine = number == index
        tasks.append(run(parts[int(index)], int(index), shared, (hi[mine], lo[mine])))
    redone = [_light(p) for p in dask.compute(*tasks)]
    by_index = {p.index: p for p in redone}
    return [by_index.get(p.index, p) for p in results]


__all__ = ["DaskEvaluation", "evaluate_cases"]
