"""Case records as Arrow batches: the columnar form the chunk-wise readers produce and the evaluator takes.

A *case batch* is a ``pyarrow.Table`` with the columns of :data:`CASE_SCHEMA`: the values the reader read,
typed. Times are instants (UTC microseconds) with the offset they were written in, so that a record rebuilt
from a batch (:func:`records_from_batch`) equals the one the row reader makes, down to how it prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from bizenv.records import CaseRecord, Interval, Origin

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_US = dt.timedelta(microseconds=1)
INSTANT = pa.timestamp("us", tz="UTC")
INTERVAL = pa.struct(
    [
        ("start", INSTANT),
        ("start_offset", pa.int32()),
        ("end", INSTANT),
        ("end_offset", pa.int32()),
        ("reason", pa.string()),
    ]
)
#: The columns of a case batch. ``*_offset`` is the UTC offset (seconds) the time was written in; ``row`` the
#: row as the file shows it (null when there is none).
CASE_SCHEMA = pa.schema(
    [
        ("case_id", pa.string()),
        ("target_id", pa.string()),
        ("submitted_at", INSTANT),
        ("submitted_offset", pa.int32()),
        ("completed_at", INSTANT),
        ("completed_offset", pa.int32()),
        ("sub_unit", pa.string()),
        ("excluded", pa.list_(INTERVAL)),
        ("row", pa.int64()),
    ]
)


def instant_parts(moment: dt.datetime) -> tuple[int, int]:
    """An aware datetime as (UTC microseconds, offset seconds)."""
    offset = moment.utcoffset()
    assert offset is not None
    return (moment - _EPOCH) // _US, int(offset.total_seconds())


def instant(us: int, offset: int) -> dt.datetime:
    """The aware datetime of (UTC microseconds, offset seconds), in a fixed-offset zone."""
    zone = dt.UTC if offset == 0 else dt.timezone(dt.timedelta(seconds=offset))
    return (_EPOCH + dt.timedelta(microseconds=us)).astimezone(zone)


def records_to_batch(records: Sequence[CaseRecord]) -> pa.Table:
    """A case batch of aware records (their origins' rows kept; the source is the batch's business)."""
    starts = [instant_parts(r.submitted_at) for r in records]
    ends = [instant_parts(r.completed_at) if r.completed_at is not None else None for r in records]
    excluded = [
        [
            dict(
                zip(
                    ("start", "start_offset", "end", "end_offset", "reason"),
                    (*instant_parts(i.start), *instant_parts(i.end), i.reason),
                    strict=True,
                )
            )
            for i in r.excluded
        ]
        for r in records
    ]
    columns: dict[str, Any] = {
        "case_id": pa.array([r.case_id for r in records], pa.string()),
        "target_id": pa.array([r.target_id for r in records], pa.string()),
        "submitted_at": pa.array([s[0] for s in starts], pa.int64()).cast(INSTANT),
        "submitted_offset": pa.array([s[1] for s in starts], pa.int32()),
        "completed_at": pa.array([e[0] if e else None for e in ends], pa.int64()).cast(INSTANT),
        "completed_offset": pa.array([e[1] if e else None for e in ends], pa.int32()),
        "sub_unit": pa.array([r.sub_unit for r in records], pa.string()),
        "excluded": pa.array(excluded, pa.list_(INTERVAL)),
        "row": pa.array([r.origin.row for r in records], pa.int64()),
    }
    return pa.table(columns, schema=CASE_SCHEMA)


def _ints(column: Any) -> npt.NDArray[np.int64]:
    return np.asarray(column.cast(pa.int64()).fill_null(0).to_numpy(), dtype=np.int64)


def records_from_batch(batch: pa.Table, source: str) -> list[CaseRecord]:
    """The records of a case batch, as the row reader makes them (origins in ``source``)."""
    ids = batch.column("case_id").to_pylist()
    targets = batch.column("target_id").to_pylist()
    subs = batch.column("sub_unit").to_pylist()
    rows = batch.column("row").to_pylist()
    starts, start_offsets = _ints(batch.column("submitted_at")), _ints(batch.column("submitted_offset"))
    ends_valid = batch.column("completed_at").is_valid().to_numpy(zero_copy_only=False)
    ends, end_offsets = _ints(batch.column("completed_at")), _ints(batch.column("completed_offset"))
    excluded = batch.column("excluded").to_pylist()
    records = []
    for i in range(batch.num_rows):
        intervals = tuple(
            Interval(
                instant(_as_us(iv["start"]), iv["start_offset"]),
                instant(_as_us(iv["end"]), iv["end_offset"]),
                iv["reason"],
            )
            for iv in excluded[i] or ()
        )
        records.append(
            CaseRecord(
                case_id=ids[i],
                target_id=targets[i],
                submitted_at=instant(int(starts[i]), int(start_offsets[i])),
                completed_at=instant(int(ends[i]), int(end_offsets[i])) if ends_valid[i] else None,
                sub_unit=subs[i],
                excluded=intervals,
                origin=Origin(source, rows[i]),
            )
        )
    return records


def _as_us(moment: dt.datetime) -> int:
    return (moment - _EPOCH) // _US


__all__ = ["CASE_SCHEMA", "INSTANT", "instant", "instant_parts", "records_from_batch", "records_to_batch"]
