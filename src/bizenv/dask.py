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
from bizenv.evaluate.cases import TargetSummary
from bizenv.evaluate.summary import SummaryState, find_summary
from bizenv.evaluate.table import TABLE_CHUNK, Convention, Evaluator, columns_from_batch, fingerprints, summaries_of
from bizenv.inputs.chunks import case_batches
from bizenv.model import RegionProfile
from bizenv.records import Rejection

#: A partition number no partition has: "not accepted here".
_NEVER = np.int64(1) << 62


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


def _evaluate_partition(
    frame: Any,
    index: int,
    profile: RegionProfile,
    calendar: WorkingCalendar | None,
    convention: Convention,
    as_of: dt.datetime | None,
    zone: str | None,
    columns: dict[str, str] | None,
    out: str | None,
    before: tuple[np.ndarray[Any, np.dtype[np.uint64]], np.ndarray[Any, np.dtype[np.uint64]]] | None,
) -> _Partition:
    # The partition is in memory already: judged in one chunk (its ids fingerprinted once, below).
    reading = case_batches(frame, zone=zone, columns=columns, chunk_rows=TABLE_CHUNK)
    evaluator = Evaluator(profile, calendar, convention=convention, as_of=as_of, zone=zone)
    if before is not None:
        evaluator.seen.add(*before)
    source = f"<DataFrame> partition {index}"
    tables = []
    judged: list[Rejection] = []
    accepted = []
    seen = []
    for batch in reading:
        chunk = evaluator.evaluate(columns_from_batch(batch, source))
        judged += chunk.rejections
        tables.append(chunk.results)
        accepted.append(chunk.results.column("case_id"))
        seen.append(batch.column("case_id"))
    rejections = [attrs.evolve(r, origin=attrs.evolve(r.origin, source=source)) for r in reading.rejections]
    if out is not None:
        import pyarrow.parquet as pq

        table = pa.concat_tables(tables) if tables else evaluator.empty_results()
        pq.write_table(table, Path(out) / f"part-{index:05d}.parquet")
    # Columns come as chunked arrays: their chunks, not the columns, make one array (no Python iteration).
    ids = pc.unique(pa.chunked_array([c for column in seen for c in column.chunks], pa.string()))
    taken = pa.chunked_array([c for column in accepted for c in column.chunks], pa.string())
    hi, lo = fingerprints(ids)
    was_accepted = np.asarray(pc.is_in(ids, value_set=taken).to_numpy(zero_copy_only=False), dtype=bool)
    return _Partition(index, evaluator.state, [*rejections, *judged], reading.info.rows, hi, lo, was_accepted)


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
    which = part.hi % np.uint64(buckets)
    return [
        (part.hi[m], part.lo[m], number[m], accepted_in[m]) for m in (which == np.uint64(b) for b in range(buckets))
    ]


def _later_copies(pieces: Sequence[_Prints]) -> tuple[Any, Any, Any]:
    """The (fingerprint, partition) pairs of one bucket whose id an earlier partition accepted."""
    hi = np.concatenate([p[0] for p in pieces])
    lo = np.concatenate([p[1] for p in pieces])
    number = np.concatenate([p[2] for p in pieces])
    accepted_in = np.concatenate([p[3] for p in pieces])
    if not hi.size:
        return hi, lo, number
    order = np.lexsort((lo, hi))
    hi, lo, number, accepted_in = hi[order], lo[order], number[order], accepted_in[order]
    starts = np.flatnonzero(np.concatenate(([True], (hi[1:] != hi[:-1]) | (lo[1:] != lo[:-1]))))
    first = np.minimum.reduceat(accepted_in, starts)
    group = np.cumsum(np.isin(np.arange(hi.size), starts)) - 1
    later = number > first[group]
    return hi[later], lo[later], number[later]


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

    ``out`` is a folder for the per-case results, one Parquet file per partition (written by the workers).
    ``progress(done, total)`` is called as partitions finish.
    """
    import dask

    cal = calendar if calendar is not None else profile.working_calendar(provisional="allow")
    if convention not in ("elapsed", "legal"):
        raise ValueError(f"convention must be 'elapsed' or 'legal', not {convention!r}")
    folder = None
    if out is not None:
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
    parts = ddf.to_delayed()
    run = dask.delayed(_evaluate_partition, pure=True)
    args = (profile, cal, convention, as_of, zone, columns, str(folder) if folder else None)
    evaluated = [run(p, k, *args, None) for k, p in enumerate(parts)]
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
        results = _judge_again(results, later, parts, args)
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
    try:
        from distributed import as_completed, get_client

        client = get_client()
    except (ImportError, ValueError):
        client = None
    if client is not None and progress is not None:
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


def _judge_again(
    results: list[_Partition], later: Any, parts: Sequence[Any], args: tuple[Any, ...]
) -> list[_Partition]:
    """Judge again each partition that has an id an earlier partition accepted, telling it those ids."""
    import dask

    hi = np.concatenate([x[0] for x in later])
    lo = np.concatenate([x[1] for x in later])
    number = np.concatenate([x[2] for x in later])
    run = dask.delayed(_evaluate_partition, pure=True)
    tasks = []
    for index in np.unique(number).tolist():
        mine = number == index
        tasks.append(run(parts[int(index)], int(index), *args, (hi[mine], lo[mine])))
    redone = [_light(p) for p in dask.compute(*tasks)]
    by_index = {p.index: p for p in redone}
    return [by_index.get(p.index, p) for p in results]


__all__ = ["DaskEvaluation", "evaluate_cases"]
