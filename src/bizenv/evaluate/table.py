"""The columnar evaluation core: case records judged as arrays, a chunk at a time.

:func:`evaluate_table` judges a pandas DataFrame or a pyarrow Table of cases (the columns and rules of the
readers, docs/your-files.md) and returns the per-case results as an Arrow table with the summaries and
rejections :func:`~bizenv.evaluate.evaluate_cases` gives. The judging is that of the per-case path
(:mod:`bizenv.evaluate.cases`), in the same order of checks, each computed for all rows at once with the
batch calendar (:mod:`bizenv.calendars.batch`): sub-unit resolution, the union of excluded intervals, open
cases after the as-of time rejected, the metric-kind check, ranges judged by the metric's direction,
elapsed time and legal due times in every unit.

An :class:`Evaluator` keeps what crosses chunks: the case ids already judged (a duplicate in a later chunk
is rejected as in one list) and the :class:`~bizenv.evaluate.summary.SummaryState` the summaries are made
from, which merges exactly. The streaming command, :func:`evaluate_table` and the Dask and Spark recipes of
docs/scale.md all run it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from bizenv.calendars import NaiveDatetimeError, WorkingCalendar
from bizenv.calendars import batch as cb
from bizenv.errors import ArgumentError, UnknownMetricError, UnknownSubUnitError, UnknownTargetError
from bizenv.evaluate import _arguments as arguments
from bizenv.evaluate import rules
from bizenv.evaluate._reasons import not_a_case_limit, reason_of
from bizenv.evaluate.results import (
    CaseEvaluation,
    CaseResult,
    Convention,
    TableEvaluation,
    TargetSummary,
    result_schema,
)
from bizenv.evaluate.summary import (
    FAIL,
    OPEN,
    OPEN_OVERDUE,
    PASS,
    STATUSES,
    SummaryState,
    duration_stats,
)
from bizenv.i18n import Message
from bizenv.inputs.batches import CASE_SCHEMA
from bizenv.inputs.chunks import case_batches
from bizenv.metrics import metric as metric_of
from bizenv.model import TIME_UNITS, Measure, Metric, RegionProfile, Target
from bizenv.records import CaseRecord, Origin, Rejection

IntArray = npt.NDArray[np.int64]
Words = npt.NDArray[np.uint64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
#: Rows :func:`evaluate_table` judges at once.
TABLE_CHUNK = 2_000_000
_EPOCH_UTC = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_EPOCH_NAIVE = dt.datetime(1970, 1, 1)
_US = dt.timedelta(microseconds=1)


@attrs.define
class CaseColumns:
    """Case records as arrays (what the evaluator works on): ids as Arrow strings, times as UTC microseconds,
    excluded intervals flat (``iv_row`` says whose), and where each row came from."""

    case_id: pa.Array
    target_id: pa.Array
    sub_unit: pa.Array
    start_utc: IntArray
    end_utc: IntArray
    open: BoolArray
    #: Rows with a time that has no zone, read without one: rejected as the per-case path rejects them.
    naive: BoolArray
    iv_row: IntArray
    iv_start_utc: IntArray
    iv_end_utc: IntArray
    source: str
    rows: IntArray
    origins: Sequence[Origin] | None = None

    @property
    def size(self) -> int:
        """The number of cases."""
        return len(self.case_id)

    def origin(self, i: int) -> Origin:
        """Where row ``i`` came from."""
        if self.origins is not None:
            return self.origins[i]
        row = int(self.rows[i])
        return Origin(self.source, row if row >= 0 else None)


def _int_column(column: Any) -> IntArray:
    return np.asarray(pc.fill_null(column.cast(pa.int64()), 0).to_numpy(), dtype=np.int64)


def _plain_array(column: Any) -> pa.Array:
    if isinstance(column, pa.ChunkedArray):
        return column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    return column


def columns_from_batch(batch: pa.Table, source: str) -> CaseColumns:
    """The arrays of a case batch (:data:`~bizenv.inputs.batches.CASE_SCHEMA`)."""
    excluded = _plain_array(batch.column("excluded"))
    lengths = np.asarray(pc.fill_null(pc.list_value_length(excluded), 0).to_numpy(), dtype=np.int64)
    flat = pc.list_flatten(excluded)
    iv_row = np.repeat(np.arange(batch.num_rows, dtype=np.int64), lengths)
    if len(flat):
        iv_start, iv_end = _int_column(flat.field("start")), _int_column(flat.field("end"))
    else:
        iv_start = iv_end = np.empty(0, np.int64)
    completed = batch.column("completed_at")
    return CaseColumns(
        case_id=_plain_array(batch.column("case_id")),
        target_id=_plain_array(batch.column("target_id")),
        sub_unit=_plain_array(batch.column("sub_unit")),
        start_utc=_int_column(batch.column("submitted_at")),
        end_utc=_int_column(completed),
        open=np.asarray(completed.is_null().to_numpy(zero_copy_only=False), dtype=bool),
        naive=np.zeros(batch.num_rows, dtype=bool),
        iv_row=iv_row,
        iv_start_utc=iv_start,
        iv_end_utc=iv_end,
        source=source,
        rows=np.asarray(pc.fill_null(batch.column("row"), -1).to_numpy(), dtype=np.int64),
    )


def _utc_us(moment: dt.datetime, zone: ZoneInfo | None) -> int | None:
    """UTC microseconds of a record's time as ``to_local`` reads it; None for a naive time without a zone."""
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        if zone is None:
            return None
        moment = moment.replace(tzinfo=zone)
    return (moment - _EPOCH_UTC) // _US


def columns_from_records(records: Sequence[CaseRecord], zone: str | None) -> CaseColumns:
    """The arrays of case records (naive times read in ``zone``, or marked when there is none)."""
    tz = ZoneInfo(zone) if zone else None
    n = len(records)
    start = np.zeros(n, np.int64)
    end = np.zeros(n, np.int64)
    is_open = np.zeros(n, bool)
    naive = np.zeros(n, bool)
    iv_row: list[int] = []
    iv_start: list[int] = []
    iv_end: list[int] = []
    for i, r in enumerate(records):
        s = _utc_us(r.submitted_at, tz)
        e = _utc_us(r.completed_at, tz) if r.completed_at is not None else 0
        if r.completed_at is None:
            is_open[i] = True
        if s is None or e is None:
            naive[i] = True
        start[i], end[i] = s or 0, e or 0
        for interval in r.excluded:
            a, b = _utc_us(interval.start, tz), _utc_us(interval.end, tz)
            if a is None or b is None:
                naive[i] = True
            iv_row.append(i)
            iv_start.append(a or 0)
            iv_end.append(b or 0)
    return CaseColumns(
        case_id=pa.array([r.case_id for r in records], pa.string()),
        target_id=pa.array([r.target_id for r in records], pa.string()),
        sub_unit=pa.array([r.sub_unit for r in records], pa.string()),
        start_utc=start,
        end_utc=end,
        open=is_open,
        naive=naive,
        iv_row=np.array(iv_row, np.int64),
        iv_start_utc=np.array(iv_start, np.int64),
        iv_end_utc=np.array(iv_end, np.int64),
        source="<python>",
        rows=np.full(n, -1, np.int64),
        origins=[r.origin for r in records],
    )


# -- the targets and sub-units of a profile, looked up once per distinct value ---------------------------


_COMPARATORS = {"<=": 0, "<": 1, ">=": 2, ">": 3}


@attrs.frozen(slots=True)
class _TargetInfo:
    target_id: str
    measure: Measure
    target: Target
    metric: Metric
    #: The time limit a legal due time is counted to, or None (:func:`bizenv.evaluate.rules.ceiling`).
    ceiling: float | None

    def met(self, duration: FloatArray) -> BoolArray:
        """``target.is_met_by(duration, metric.direction)`` for each duration."""
        return self.target.is_met_by(duration, self.metric.direction)


def _encode(array: pa.Array) -> tuple[IntArray, pa.Array]:
    """Codes (-1 for null) and the distinct values of an array."""
    encoded = pc.dictionary_encode(array)
    codes = np.asarray(pc.fill_null(encoded.indices, -1).to_numpy(), dtype=np.int64)
    return codes, encoded.dictionary


# -- duplicate case ids across chunks ---------------------------------------------------------------------

_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)
_OTHER_OFFSET = np.uint64(0x9AE16A3B2F90404F)
_OTHER_PRIME = np.uint64(0x100000001B5)


def _mix(h: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    # splitmix64's finaliser: spreads every input bit over the whole word.
    h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    result: npt.NDArray[np.uint64] = h ^ (h >> np.uint64(31))
    return result


#: The low ``k`` bytes of a word, for k = 0 .. 8.
_BYTE_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [(1 << 64) - 1], dtype=np.uint64)


def fingerprints(values: pa.Array) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """A 128-bit fingerprint (two 64-bit words) of each string: its bytes taken eight at a time into two
    multiply-xor hashes with different constants, each finished with splitmix64 and the string's length."""
    strings = values.cast(pa.large_string())
    n = len(strings)
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int64)[strings.offset : strings.offset + n + 1]
    data_buffer = strings.buffers()[2]
    first = int(offsets[0]) if n else 0
    used = int(offsets[-1]) - first if n else 0
    data = np.frombuffer(data_buffer, dtype=np.uint8)[first : first + used] if data_buffer is not None else None
    # The bytes and eight zero bytes after them: a word can be loaded at any byte of a string.
    padded = np.zeros(used + 8, np.uint8)
    if data is not None:
        padded[:used] = data
    # Every byte position as the start of an unaligned 8-byte word (a strided view, no copy): one gather loads
    # a word of every string at once.
    words = np.ndarray(shape=(used + 1,), dtype=np.uint64, buffer=padded, strides=(1,))
    starts, lengths = offsets[:-1] - first, np.diff(offsets)
    h1 = np.full(n, _FNV_OFFSET, dtype=np.uint64)
    h2 = np.full(n, _OTHER_OFFSET, dtype=np.uint64)
    longest, shortest = int(lengths.max(initial=0)), int(lengths.min(initial=0))
    with np.errstate(over="ignore"):
        for word in range(0, longest, 8):
            # Zero past each string's end; only strings that reach this word are hashed on: a string's fingerprint
            # is its own, whatever the strings beside it.
            if shortest > word:  # every string reaches it (the common case): no selection
                value = words[starts + word] & _BYTE_MASKS[np.minimum(lengths - word, 8)]
                h1 = _mix((h1 ^ value) * _FNV_PRIME)
                h2 = (h2 ^ (value + np.uint64(word))) * _OTHER_PRIME
                continue
            reaches = np.flatnonzero(lengths > word)
            value = words[starts[reaches] + word] & _BYTE_MASKS[np.minimum(lengths[reaches] - word, 8)]
            h1[reaches] = _mix((h1[reaches] ^ value) * _FNV_PRIME)
            h2[reaches] = (h2[reaches] ^ (value + np.uint64(word))) * _OTHER_PRIME
        size = lengths.astype(np.uint64)
        return _mix(h1 ^ size), _mix(h2 + size * np.uint64(0x9E3779B97F4A7C15))


def _merge_runs(
    a_hi: npt.NDArray[np.uint64],
    a_lo: npt.NDArray[np.uint64],
    b_hi: npt.NDArray[np.uint64],
    b_lo: npt.NDArray[np.uint64],
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """Two sorted runs as one (``b`` after the equal entries of ``a``): ``b``'s places found by a search, ``a``
    written around them (three times faster than ``np.insert``, which sorts the places again)."""
    places = np.searchsorted(a_hi, b_hi, side="right") + np.arange(b_hi.size)
    size = a_hi.size + b_hi.size
    hi, lo = np.empty(size, np.uint64), np.empty(size, np.uint64)
    rest = np.ones(size, dtype=bool)
    rest[places] = False
    hi[places], lo[places] = b_hi, b_lo
    hi[rest], lo[rest] = a_hi, a_lo
    return hi, lo


class SeenIds:
    """Fingerprints of the case ids judged so far (16 bytes a case), in sorted runs: what a later chunk's
    duplicates are found by. Two different ids share a fingerprint with probability about 2**-128 a pair."""

    #: Bits of the filter: 2**27 (16 MiB), in words of 64 bits.
    FILTER_BITS = 27

    def __init__(self) -> None:
        self._runs: list[tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]] = []
        #: A blocked Bloom filter of the ids seen: an id sets three bits of one 64-bit word (the word from the
        #: first word of its fingerprint, the bits from the second), so that it costs one memory access. An id
        #: with a clear bit was not seen, and is not looked up in the runs: for 10**7 ids seen, about 99 % of
        #: new ids are told at once (one bit an id told 93 %).
        self._filter: npt.NDArray[np.uint64] | None = None

    def __len__(self) -> int:
        return sum(hi.size for hi, _lo in self._runs)

    def _slots(self, hi: npt.NDArray[np.uint64], lo: npt.NDArray[np.uint64]) -> tuple[IntArray, Words]:
        """The filter word of each id and the three bits it sets there."""
        word = (hi >> np.uint64(64 - (self.FILTER_BITS - 6))).astype(np.int64)
        six = np.uint64(63)
        one = np.uint64(1)
        bits = (
            (one << (lo >> np.uint64(58)))
            | (one << ((lo >> np.uint64(52)) & six))
            | (one << ((lo >> np.uint64(46)) & six))
        )
        return word, bits

    def contains(self, hi: npt.NDArray[np.uint64], lo: npt.NDArray[np.uint64]) -> BoolArray:
        """Which fingerprints are among those seen."""
        found = np.zeros(hi.size, dtype=bool)
        if not hi.size or self._filter is None:
            return found
        word, bits = self._slots(hi, lo)
        candidates = np.flatnonzero((self._filter[word] & bits) == bits)
        if not candidates.size:
            return found
        found[candidates] = self._lookup(hi[candidates], lo[candidates])
        return found

    def _lookup(self, hi: npt.NDArray[np.uint64], lo: npt.NDArray[np.uint64]) -> BoolArray:
        found = np.zeros(hi.size, dtype=bool)
        # Sorted queries walk each run in order: far fewer cache misses than random lookups.
        order = np.argsort(hi)
        q_hi, q_lo = hi[order], lo[order]
        hit = np.zeros(hi.size, dtype=bool)
        for run_hi, run_lo in self._runs:
            at = np.searchsorted(run_hi, q_hi, side="left")
            inside = at < run_hi.size
            at_ = np.minimum(at, run_hi.size - 1)
            same_hi = inside & (run_hi[at_] == q_hi)
            hit |= same_hi & (run_lo[at_] == q_lo)
            # Two ids whose first words agree (about one pair in 2**64): look along the run of equal words.
            for k in np.flatnonzero(same_hi & ~hit):
                stop = int(np.searchsorted(run_hi, q_hi[k], side="right"))
                hit[k] = bool((run_lo[at[k] : stop] == q_lo[k]).any())
        found[order] = hit
        return found

    #: Largest run: merging into a run copies it, so its size bounds the memory a merge needs (32 MB).
    RUN = 1 << 21

    def add(self, hi: npt.NDArray[np.uint64], lo: npt.NDArray[np.uint64]) -> None:
        """Remember fingerprints: a sorted run of their own, merged with the runs before it while those are no
        larger (as a binary counter: every fingerprint is copied about log2(n) times, not once per chunk), up to
        :attr:`RUN`; a lookup walks a few runs."""
        if not hi.size:
            return
        if self._filter is None:
            self._filter = np.zeros(1 << (self.FILTER_BITS - 6), np.uint64)
        order = np.argsort(hi, kind="stable")
        run_hi, run_lo = hi[order], lo[order]
        # In the order of the fingerprints, ids that share a filter word are side by side: their bits are
        # put together first, and each word is written once (``np.bitwise_or.at`` is several times slower).
        word, bits = self._slots(run_hi, run_lo)
        first = np.flatnonzero(np.concatenate(([True], word[1:] != word[:-1])))
        words = word[first]
        self._filter[words] |= np.bitwise_or.reduceat(bits, first)
        while self._runs and self._runs[-1][0].size <= run_hi.size and self._runs[-1][0].size + run_hi.size <= self.RUN:
            last_hi, last_lo = self._runs.pop()
            run_hi, run_lo = _merge_runs(last_hi, last_lo, run_hi, run_lo)
        self._runs.append((run_hi, run_lo))

    def merge(self, other: SeenIds) -> None:
        """Remember what ``other`` has seen too."""
        for hi, lo in other._runs:
            self.add(hi, lo)


# -- the evaluator ----------------------------------------------------------------------------------------


@attrs.define
class ChunkResult:
    """What judging one chunk gives: the results of the accepted rows (Arrow), their row numbers in the chunk,
    the rejections in row order, and the judged values the records path turns into CaseResults."""

    results: pa.Table
    accepted: IntArray
    rejections: list[Rejection]
    status: npt.NDArray[np.int8]
    duration: FloatArray
    excluded: FloatArray
    has_excluded: BoolArray
    due_wall: IntArray
    has_due: BoolArray
    provisional: BoolArray
    #: Per accepted case: its target's code in ``targets`` and its sub-unit's in ``sub_units`` (-1: none).
    target_codes: IntArray
    targets: list[tuple[str, str, str]]
    sub_unit_codes: IntArray
    sub_units: list[str | None]
    #: The 128-bit fingerprint of every row's case id (:func:`fingerprints`), as the duplicate check made them.
    id_prints: tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]] | None = None


class Evaluator:
    """Judges chunks of cases against a profile's targets and keeps what crosses chunks: the case ids judged
    (duplicates are rejected across chunks as within one) and the summary state.

    ``track_ids=False`` leaves the ids of one-chunk evaluations unremembered (nothing follows them). With
    ``track_ids=True`` a chunk's accepted ids are sorted among those seen when the next chunk comes
    (:meth:`seen_ids` does it at once), so a one-chunk evaluation never pays for it.
    """

    def __init__(
        self,
        profile: RegionProfile,
        calendar: WorkingCalendar | None = None,
        *,
        convention: Convention = "elapsed",
        as_of: dt.datetime | None = None,
        zone: str | None = None,
        track_ids: bool = True,
    ) -> None:
        arguments.profile(profile)
        arguments.calendar(calendar)
        arguments.moment(as_of, zone)
        if convention not in ("elapsed", "legal"):
            raise ArgumentError(f"convention must be 'elapsed' or 'legal', not {convention!r}")
        self.profile = profile
        self.calendar = calendar if calendar is not None else profile.working_calendar(provisional="allow")
        self.convention: Convention = convention
        self.as_of = as_of
        self.zone = zone
        self.state = SummaryState()
        self.seen = SeenIds()
        self.track_ids = track_ids
        #: The fingerprints of the last chunk's accepted ids, not yet sorted into :attr:`seen` (a one-chunk
        #: evaluation never sorts them).
        self._pending: tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]] | None = None
        self._targets: dict[str, _TargetInfo | Message | tuple[str, Message]] = {}
        self._sub_units: dict[str, str | Message] = {}
        self.now_utc: int | None = None
        self.now_naive = False
        self.now_text = ""
        if as_of is not None:
            try:
                now = self.calendar.to_local(as_of, zone)
            except NaiveDatetimeError:
                self.now_naive = True
            else:
                self.now_utc = (now - _EPOCH_UTC) // _US
                self.now_text = now.isoformat()

    # -- lookups --

    def _target(self, target_id: str) -> _TargetInfo | Message | tuple[str, Message]:
        """The target's facts; a Message for an unknown target; (stage, Message) for a later rejection."""
        found = self._targets.get(target_id)
        if found is None:
            try:
                measure, target = self.profile.target(target_id)
            except UnknownTargetError as exc:
                found = reason_of(exc)
            else:
                try:
                    metric = metric_of(target.metric, self.profile)
                except UnknownMetricError as exc:
                    found = ("metric", reason_of(exc))
                else:
                    if not metric.takes_cases or target.unit not in TIME_UNITS:
                        found = ("kind", not_a_case_limit(target_id, metric, target.unit))
                    else:
                        found = _TargetInfo(target_id, measure, target, metric, rules.ceiling(target, metric))
            self._targets[target_id] = found
        return found

    def _sub_unit(self, name: str) -> str | Message:
        found = self._sub_units.get(name)
        if found is None:
            try:
                found = self.profile.sub_unit(name).id
            except UnknownSubUnitError:
                found = rules.not_a_sub_unit(self.profile, name)
            self._sub_units[name] = found
        return found

    def _iso(self, utc_us: int) -> str:
        return (_EPOCH_UTC + dt.timedelta(microseconds=utc_us)).astimezone(self.calendar.timezone).isoformat()

    # -- judging --

    def evaluate(self, cols: CaseColumns) -> ChunkResult:
        """Judge one chunk; the summary state and the ids seen grow by its accepted cases."""
        cal = self.calendar
        n = cols.size
        reasons: dict[int, Message] = {}
        alive = np.ones(n, dtype=bool)

        def reject(rows: IntArray, make: Callable[[int], Message]) -> None:
            for i in rows.tolist():
                reasons[i] = make(i)
            alive[rows] = False

        # Targets, sub-units, metrics and kinds, in the per-case order, looked up once per distinct value.
        t_codes, t_dictionary = _encode(cols.target_id)
        t_values: list[str] = t_dictionary.to_pylist()
        facts = [self._target(t) for t in t_values]
        s_codes, s_dictionary = _encode(cols.sub_unit)
        s_values: list[str] = s_dictionary.to_pylist()
        resolved = [self._sub_unit(s) if s else None for s in s_values]
        sub_ids = [r if isinstance(r, str) else None for r in resolved]
        # Rejected for the first of: the target, the sub-unit, the metric, the metric's kind.
        for stage in ("target", "sub_unit", "metric", "kind"):
            bad: dict[int, Message] = {}
            if stage == "sub_unit":
                bad = {k: r for k, r in enumerate(resolved) if isinstance(r, Message)}
                codes = s_codes
            else:
                for k, f in enumerate(facts):
                    if stage == "target" and isinstance(f, Message):
                        bad[k] = f
                    elif isinstance(f, tuple) and f[0] == stage:
                        bad[k] = f[1]
                codes = t_codes
            if bad:
                rows = np.flatnonzero(alive & np.isin(codes, list(bad)))
                reject(rows, _lookup(bad, codes))

        naive_rows = alive & (cols.naive | self.now_naive)
        reject(np.flatnonzero(naive_rows), lambda i: rules.no_zone())

        tz = cal.timezone
        start_w = cb.utc_to_wall_us(tz, cols.start_utc)
        end_w = cb.utc_to_wall_us(tz, cols.end_utc)
        now_w = int(cb.utc_to_wall_us(tz, np.array([self.now_utc]))[0]) if self.now_utc is not None else None

        backwards = np.flatnonzero(alive & ~cols.open & (end_w < start_w))
        reject(
            backwards,
            lambda i: rules.completed_before(self._iso(int(cols.end_utc[i])), self._iso(int(cols.start_utc[i]))),
        )
        if now_w is None:
            reject(
                np.flatnonzero(alive & cols.open),
                lambda i: rules.open_without_as_of(),
            )
            stop_w, stop_utc = end_w, cols.end_utc
        else:
            assert self.now_utc is not None
            reject(
                np.flatnonzero(alive & (start_w > now_w)),  # done or open: the case did not exist at as_of
                lambda i: rules.submitted_after(self._iso(int(cols.start_utc[i])), self.now_text),
            )
            stop_w = np.where(cols.open, now_w, end_w)
            stop_utc = np.where(cols.open, self.now_utc, cols.end_utc)

        # Excluded intervals: the first one (as written) outside the case's time rejects the case.
        iv_a = cb.utc_to_wall_us(tz, cols.iv_start_utc)
        iv_b = cb.utc_to_wall_us(tz, cols.iv_end_utc)
        r = cols.iv_row
        outside = alive[r] & ~((start_w[r] <= iv_a) & (iv_a <= iv_b) & (iv_b <= stop_w[r]))
        if outside.any():
            first: dict[int, int] = {}
            for k in np.flatnonzero(outside).tolist():
                first.setdefault(int(r[k]), k)
            reject(
                np.array(sorted(first), np.int64),
                lambda i: rules.excluded_outside(
                    self._iso(int(cols.iv_start_utc[first[i]])),
                    self._iso(int(cols.iv_end_utc[first[i]])),
                    self._iso(int(cols.start_utc[i])),
                    self._iso(int(stop_utc[i])),
                ),
            )

        # The union of each live case's intervals, in order, numbered within the case.
        keep = alive[r]
        m_row, m_a, m_b = _merge_intervals(r[keep], iv_a[keep], iv_b[keep])
        m_pos = _positions(m_row)

        checks = cb.YearChecks(cal, n)
        duration = np.zeros(n)
        excluded = np.zeros(n)
        due_w = np.zeros(n, np.int64)
        has_due = np.zeros(n, dtype=bool)
        status = np.zeros(n, dtype=np.int8)
        units: list[str] = []
        measure_ids: list[str] = []
        for k, f in enumerate(facts):
            units.append(f.target.unit if isinstance(f, _TargetInfo) else "")
            measure_ids.append(f.measure.id if isinstance(f, _TargetInfo) else "")
            if not isinstance(f, _TargetInfo):
                continue
            rows = np.flatnonzero(alive & (t_codes == k))
            if not rows.size:
                continue
            unit = f.target.unit
            in_group = np.zeros(n, dtype=bool)
            in_group[rows] = True
            sel_all = in_group[m_row]
            for j in range(int(m_pos[sel_all].max()) + 1 if sel_all.any() else 0):
                sel = np.flatnonzero(sel_all & (m_pos == j))
                owners = m_row[sel]
                excluded[owners] += cb.local_elapsed(cal, checks, owners, m_a[sel], m_b[sel], unit)
            main = cb.local_elapsed(cal, checks, rows, start_w[rows], stop_w[rows], unit)
            duration[rows] = main - excluded[rows]
            if f.ceiling is not None:
                amount = rules.period(f.ceiling, excluded[rows], unit)
                due_w[rows] = cb.local_due(cal, checks, rows, start_w[rows], amount, unit)
                has_due[rows] = True
            met = f.met(duration[rows])
            is_open = cols.open[rows]
            if self.convention == "legal" and f.ceiling is not None:
                assert now_w is not None or not is_open.any()
                late = (now_w if now_w is not None else 0) > due_w[rows]
                passed = end_w[rows] <= due_w[rows]
            else:
                late = ~met
                passed = met
            status[rows] = np.where(is_open, np.where(late, OPEN_OVERDUE, OPEN), np.where(passed, PASS, FAIL))

        failed = np.flatnonzero(alive & (checks.failed_year != 0))
        reject(failed, lambda i: reason_of(checks.error(i)))

        provisional = cb.any_unofficial(
            cal, cb.years_of_days(start_w // cb.DAY_US), cb.years_of_days(stop_w // cb.DAY_US)
        )

        # Duplicates: a case whose id an earlier accepted case has (in this chunk or one before). Each id is
        # hashed once (128 bits), for the lookup among earlier chunks and to be remembered; repeats within the
        # chunk are told exactly, by their text, among the rows whose first words agree.
        hi, lo = fingerprints(cols.case_id)
        valid = alive
        self.seen_ids()
        already = self.seen.contains(hi, lo) if self.track_ids and len(self.seen) else np.zeros(n, dtype=bool)
        id_first = _first_rows(cols.case_id, hi)
        if id_first is None:
            duplicate = already  # every id once: nothing repeats within the chunk
        else:
            first_valid = np.full(n, n, dtype=np.int64)
            candidates = np.flatnonzero(valid & ~already)
            # Assigned in reverse, the first candidate of each id is written last and stays.
            first_valid[id_first[candidates][::-1]] = candidates[::-1]
            duplicate = already | (np.arange(n) > first_valid[id_first])
        for i in np.flatnonzero(duplicate).tolist():
            reasons[i] = rules.duplicate(cols.case_id[i].as_py())
        accepted_mask = valid & ~duplicate
        checks.flag(~duplicate)
        accepted = np.flatnonzero(accepted_mask)
        if self.track_ids and accepted.size:
            # Accepted cases have distinct ids: each is the first valid case of its id.
            self._pending = (hi[accepted], lo[accepted])

        # Summaries.
        target_names = {k: t for k, t in enumerate(t_values) if isinstance(facts[k], _TargetInfo)}
        sub_names = {k: s for k, s in enumerate(sub_ids) if s is not None}
        sub_resolved_codes = np.where(s_codes >= 0, s_codes, -1)
        self.state.add_cases(
            target_names,
            t_codes[accepted],
            sub_names,
            sub_resolved_codes[accepted],
            status[accepted],
            duration[accepted],
            provisional[accepted],
        )

        rejections = [Rejection.of(cols.origin(i), reasons[i], _text(cols.case_id, i)) for i in sorted(reasons)]
        results = self._results(
            cols, accepted, t_codes, measure_ids, units, s_codes, sub_ids, status, duration, excluded, due_w, has_due,
            provisional,
        )  # fmt: skip
        has_excluded = np.zeros(n, dtype=bool)
        has_excluded[cols.iv_row] = True
        return ChunkResult(
            results,
            accepted,
            rejections,
            status[accepted],
            duration[accepted],
            excluded[accepted],
            has_excluded[accepted],
            due_w[accepted],
            has_due[accepted],
            provisional[accepted],
            t_codes[accepted],
            list(zip(t_values, measure_ids, units, strict=True)),
            s_codes[accepted],
            sub_ids,
            (hi, lo),
        )

    def judge(self, batches: Iterable[tuple[pa.Table, str]]) -> Iterator[ChunkResult]:
        """Judge case batches (each with its source name) in order, one chunk result each: the one loop over
        chunks that :func:`evaluate_batches`, :func:`~bizenv.evaluate_file` and :mod:`bizenv.dask` share."""
        for batch, source in batches:
            yield self.evaluate(columns_from_batch(batch, source))

    def _results(
        self,
        cols: CaseColumns,
        accepted: IntArray,
        t_codes: IntArray,
        measure_ids: list[str],
        units: list[str],
        s_codes: IntArray,
        sub_ids: list[str | None],
        status: npt.NDArray[np.int8],
        duration: FloatArray,
        excluded: FloatArray,
        due_w: IntArray,
        has_due: BoolArray,
        provisional: BoolArray,
    ) -> pa.Table:
        cal = self.calendar
        zone = getattr(cal.timezone, "key", str(cal.timezone))
        every = accepted.size == cols.size  # nothing rejected: the columns as they are

        def pick(column: pa.Array) -> pa.Array:
            return column if every else column.take(pa.array(accepted, pa.int64()))

        codes = t_codes[accepted]
        sub_codes = s_codes[accepted]
        due_utc = cb.wall_to_utc_us(cal.timezone, due_w[accepted])
        mask_due = ~has_due[accepted]
        end_open = cols.open[accepted]
        if cols.origins is not None:
            sources = pa.array([str(cols.origins[i].source) for i in accepted.tolist()], pa.string())
            rows = pa.array([cols.origins[i].row for i in accepted.tolist()], pa.int64())
        else:
            sources = pa.DictionaryArray.from_arrays(
                pa.array(np.zeros(accepted.size, np.int32)), pa.array([cols.source], pa.string())
            ).cast(pa.string())
            row_values = cols.rows[accepted]
            rows = pa.array(row_values, pa.int64(), mask=row_values < 0)
        columns = [
            pick(cols.case_id),
            pick(cols.target_id),
            pa.array(measure_ids, pa.string()).take(pa.array(codes)),
            pa.array([*sub_ids, None], pa.string()).take(pa.array(np.where(sub_codes >= 0, sub_codes, len(sub_ids)))),
            pick(cols.sub_unit),
            pa.array(cols.start_utc[accepted], pa.int64()).cast(pa.timestamp("us", tz="UTC")),
            pa.array(cols.end_utc[accepted], pa.int64(), mask=end_open).cast(pa.timestamp("us", tz="UTC")),
            pa.DictionaryArray.from_arrays(pa.array(status[accepted], pa.int8()), pa.array(STATUSES)),
            pa.array(duration[accepted], pa.float64()),
            pa.array(units, pa.string()).take(pa.array(codes)),
            pa.array(excluded[accepted], pa.float64()),
            pa.array(due_utc, pa.int64(), mask=mask_due).cast(pa.timestamp("us", tz=zone)),
            pa.array(provisional[accepted], pa.bool_()),
            sources,
            rows,
        ]
        return pa.Table.from_arrays(columns, schema=result_schema(zone))

    def seen_ids(self) -> SeenIds:
        """The fingerprints of every id accepted so far."""
        if self._pending is not None:
            self.seen.add(*self._pending)
            self._pending = None
        return self.seen

    # -- summaries --

    def summaries(self) -> tuple[TargetSummary, ...]:
        """The summary of every target (all sub-units, then each), from the state so far."""
        return summaries_of(self.profile, self.state)

    def empty_results(self) -> pa.Table:
        """A results table without rows (the schema of this evaluator's results)."""
        return result_schema(getattr(self.calendar.timezone, "key", "UTC")).empty_table()

    def due_datetime(self, wall_us: int) -> dt.datetime:
        """A due time (wall-clock microseconds) as the per-case path gives it: aware, in the calendar's zone."""
        return (_EPOCH_NAIVE + dt.timedelta(microseconds=wall_us)).replace(tzinfo=self.calendar.timezone)


def _first_rows(ids: pa.Array, hi: npt.NDArray[np.uint64]) -> IntArray | None:
    """For each row, the first row with the same id (its text); None when every id is there once. Only rows
    whose fingerprint's first word another row shares (a repeat, or one pair in 2**64) are compared as text."""
    n = len(hi)
    # Most chunks repeat no id: a plain sort (a third of an argsort's time) tells so.
    ordered = np.sort(hi)
    if not (ordered[1:] == ordered[:-1]).any():
        return None
    order = np.argsort(hi, kind="stable")
    ordered = hi[order]
    same = ordered[1:] == ordered[:-1]
    shared = np.zeros(n, dtype=bool)
    shared[1:] |= same
    shared[:-1] |= same
    rows = np.sort(order[shared])
    codes, _values = _encode(ids.take(pa.array(rows)))
    first = np.full(int(codes.max()) + 1, n, dtype=np.int64)
    np.minimum.at(first, codes, rows)
    result: IntArray = np.arange(n, dtype=np.int64)
    result[rows] = first[codes]
    return result


def _lookup(messages: dict[int, Message], codes: IntArray) -> Callable[[int], Message]:
    """The message of row ``i``, by its code."""
    return lambda i: messages[int(codes[i])]


def _text(array: pa.Array, i: int) -> str | None:
    value = array[i].as_py()
    return value if isinstance(value, str) else None


def _merge_intervals(rows: IntArray, a: IntArray, b: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """The union of each row's intervals as disjoint intervals in order (``merge_intervals`` for many rows):
    touching or overlapping intervals of a row become one."""
    if not rows.size:
        return rows, a, b
    order = np.lexsort((b, a, rows))
    rows, a, b = rows[order], a[order], b[order]
    # Few cases have more than one interval: the loop runs over those only.
    multi = np.flatnonzero(rows[1:] == rows[:-1]) + 1
    if not multi.size:
        return rows, a, b
    out_rows: list[int] = []
    out_a: list[int] = []
    out_b: list[int] = []
    for i in range(rows.size):
        if out_rows and out_rows[-1] == rows[i] and a[i] <= out_b[-1]:
            out_b[-1] = max(out_b[-1], int(b[i]))
        else:
            out_rows.append(int(rows[i]))
            out_a.append(int(a[i]))
            out_b.append(int(b[i]))
    return np.array(out_rows, np.int64), np.array(out_a, np.int64), np.array(out_b, np.int64)


def _positions(rows: IntArray) -> IntArray:
    """The number of each entry within its row (rows sorted): 0, 1, … for each row."""
    if not rows.size:
        return rows
    starts = np.concatenate(([True], rows[1:] != rows[:-1]))
    first_index = np.maximum.accumulate(np.where(starts, np.arange(rows.size), 0))
    result: IntArray = np.arange(rows.size) - first_index
    return result


def summaries_of(profile: RegionProfile, state: SummaryState) -> tuple[TargetSummary, ...]:
    """The summaries (per target, then per target and sub-unit, sorted) of a summary state."""
    out = []
    for (target_id, sub_unit), group in sorted(state.groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        measure, target = profile.target(target_id)
        counts = {"pass": group.passed, "fail": group.failed, "open": group.open, "open_overdue": group.open_overdue}
        out.append(
            rules.summary(
                target_id,
                measure,
                target,
                metric_of(target.metric, profile),
                sub_unit,
                counts=counts,
                provisional=group.provisional,
                stats=duration_stats(group.values, group.counts),
            )
        )
    return tuple(out)


def evaluate_batches(
    profile: RegionProfile,
    batches: Iterable[tuple[pa.Table, str]],
    calendar: WorkingCalendar | None = None,
    *,
    convention: Convention = "elapsed",
    as_of: dt.datetime | None = None,
    zone: str | None = None,
) -> TableEvaluation:
    """Judge case batches (:data:`~bizenv.inputs.batches.CASE_SCHEMA`, each with its source name) in order."""
    evaluator = Evaluator(profile, calendar, convention=convention, as_of=as_of, zone=zone)
    results = []
    rejections: list[Rejection] = []
    for chunk in evaluator.judge(batches):
        results.append(chunk.results)
        rejections += chunk.rejections
    zone_name = getattr(evaluator.calendar.timezone, "key", "UTC")
    table = pa.concat_tables(results) if results else result_schema(zone_name).empty_table()
    return TableEvaluation(profile.id, convention, as_of, table, tuple(rejections), evaluator.summaries())


def evaluate_table(
    profile: RegionProfile,
    table: Any,
    *,
    calendar: WorkingCalendar | None = None,
    convention: Convention = "elapsed",
    as_of: dt.datetime | None = None,
    zone: str | None = None,
    columns: dict[str, str] | None = None,
) -> TableEvaluation:
    """Judge a pandas DataFrame or pyarrow Table of cases against the profile's time-limit targets.

    The table has the columns of case files (docs/your-files.md: ``case_id``, ``target_id``,
    ``submitted_at``, ``completed_at``, ``sub_unit``, ``excluded``, or their Chinese names; ``columns`` maps
    others) and is read by the rules of the readers: times with their zone (a naive time is read in ``zone``,
    and without ``zone`` the table is refused), strict values, a rejection for each row that cannot be read.
    The result holds the per-case results as an Arrow table, the summaries and the rejections that
    :func:`~bizenv.evaluate.evaluate_cases` gives for the same records.
    """
    arguments.profile(profile)
    arguments.table(table)
    # The table is in memory already: large chunks judge it at full speed; the ids of a chunk are
    # fingerprinted only when another follows (tables beyond TABLE_CHUNK rows).
    reading = case_batches(table, zone=zone, columns=columns, chunk_rows=TABLE_CHUNK)
    batches = ((batch, reading.source) for batch in reading)
    judged = evaluate_batches(profile, batches, calendar, convention=convention, as_of=as_of, zone=zone)
    # The reader's rejections are complete once its batches are judged; they come first, in row order.
    return attrs.evolve(judged, rejections=(*reading.rejections, *judged.rejections))


__all__ = [
    "CASE_SCHEMA",
    "CaseColumns",
    "ChunkResult",
    "Convention",
    "Evaluator",
    "SeenIds",
    "TableEvaluation",
    "case_results",
    "columns_from_batch",
    "columns_from_records",
    "evaluate_batches",
    "evaluate_records",
    "evaluate_table",
    "fingerprints",
    "result_schema",
    "summaries_of",
]


def case_results(evaluator: Evaluator, chunk: ChunkResult, records: Sequence[CaseRecord]) -> tuple[CaseResult, ...]:
    """The :class:`~bizenv.evaluate.CaseResult` of each accepted case of a chunk (``records``: the chunk's rows)."""
    results = []
    target_codes, sub_codes = chunk.target_codes.tolist(), chunk.sub_unit_codes.tolist()
    for k, i in enumerate(chunk.accepted.tolist()):
        _target_id, measure_id, unit = chunk.targets[target_codes[k]]
        results.append(
            CaseResult(
                case=records[i],
                measure_id=measure_id,
                unit=unit,
                status=STATUSES[int(chunk.status[k])],
                duration=float(chunk.duration[k]),
                # No interval: nothing was added up, as sum() of nothing gives 0.
                excluded=float(chunk.excluded[k]) if chunk.has_excluded[k] else 0,
                due=evaluator.due_datetime(int(chunk.due_wall[k])) if chunk.has_due[k] else None,
                provisional=bool(chunk.provisional[k]),
                sub_unit=chunk.sub_units[sub_codes[k]] if sub_codes[k] >= 0 else None,
            )
        )
    return tuple(results)


def evaluate_records(
    profile: RegionProfile,
    records: Iterable[CaseRecord],
    calendar: WorkingCalendar | None = None,
    *,
    convention: Convention = "elapsed",
    as_of: dt.datetime | None = None,
    zone: str | None = None,
    rejections: Iterable[Rejection] = (),
) -> CaseEvaluation:
    """:func:`~bizenv.evaluate.evaluate_cases` on the columnar core: the records as arrays, judged in one chunk,
    the results as :class:`~bizenv.evaluate.CaseResult` objects holding the records."""
    arguments.profile(profile)
    listed = list(arguments.items(records, CaseRecord, "records"))
    evaluator = Evaluator(profile, calendar, convention=convention, as_of=as_of, zone=zone, track_ids=False)
    chunk = evaluator.evaluate(columns_from_records(listed, zone))
    results = case_results(evaluator, chunk, listed)
    return CaseEvaluation(
        profile.id,
        convention,
        as_of,
        results,
        (*rejections, *chunk.rejections),
        evaluator.summaries(),
    )
