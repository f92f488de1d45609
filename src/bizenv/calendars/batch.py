"""Array versions of the calendar arithmetic, for millions of records at once (NumPy).

Dates are ``datetime64[D]`` arrays. Instants are either zone-aware (a pandas ``DatetimeIndex`` or
``Series`` with a zone, a pyarrow timestamp array with a zone, or a sequence of aware ``datetime``
objects) or naive ``datetime64`` values together with ``zone=``, the zone they were written in
("UTC" for a database export in UTC, "Asia/Shanghai" for a Beijing-time export). Naive values without
a zone are refused, as the scalar API refuses them: an export in Beijing time read as UTC is eight
hours off.

Every year a computation passes through (from the earliest to the latest date of both arrays) is
checked against the calendar's coverage and provisional policy, as in the scalar API.

Besides counting (working days, office time, calendar days), the module computes the other way: adding
working days (:func:`add_working_days`), turning office positions back into instants
(:func:`add_office_seconds`) and legal due times in every unit (:func:`legal_due`). Large arrays are
worked through in blocks, so a call needs little more memory than its result.

The columnar evaluator (:mod:`bizenv.evaluate.table`) uses the row-by-row forms underneath
(:class:`YearChecks` and the functions on local days and local seconds): a year the calendar does not
cover rejects that row only, as the scalar API rejects that case only.
"""

from __future__ import annotations

import datetime as dt
import functools
import weakref
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import numpy.typing as npt

from bizenv.calendars.calendar import DAY, WorkingCalendar
from bizenv.calendars.errors import CalendarCoverageError, NaiveDatetimeError
from bizenv.errors import ArgumentError

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_EPOCH_UTC = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_EPOCH_NAIVE = dt.datetime(1970, 1, 1)
US = 1_000_000
DAY_US = DAY * US
#: Rows worked at once: big enough for NumPy to run at full speed, small enough that temporaries stay small.
BLOCK = 1 << 15
Int64Array = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def _as_days(days: npt.ArrayLike) -> Int64Array:
    """Days since 1970-01-01."""
    return np.atleast_1d(np.asarray(days, dtype="datetime64[D]")).astype(np.int64)


_LUT_FIRST = dt.date(1900, 1, 1).toordinal() - _EPOCH_ORDINAL
_LUT_YEARS = (
    np.arange(_LUT_FIRST, dt.date(2200, 1, 1).toordinal() - _EPOCH_ORDINAL)
    .astype("datetime64[D]")
    .astype("datetime64[Y]")
    .astype(np.int64)
    + 1970
)


def years_of_days(days: Int64Array) -> Int64Array:
    """The (proleptic Gregorian) year of each day, days counted from 1970-01-01."""
    if days.size and days.min() >= _LUT_FIRST and days.max() < _LUT_FIRST + _LUT_YEARS.size:
        # A table lookup: several times faster than NumPy's calendar conversion.
        looked_up: Int64Array = _LUT_YEARS[days - _LUT_FIRST]
        return looked_up
    years: Int64Array = days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    return years


def _check_span(calendar: WorkingCalendar, *day_arrays: Int64Array) -> None:
    present = [a for a in day_arrays if a.size]
    if not present:
        return
    first = min(int(a.min()) for a in present)
    last = max(int(a.max()) for a in present)
    calendar.check_years(
        dt.date.fromordinal(first + _EPOCH_ORDINAL).year, dt.date.fromordinal(last + _EPOCH_ORDINAL).year
    )


def _to_indexes(calendar: WorkingCalendar, days: Int64Array) -> Int64Array:
    return days + (_EPOCH_ORDINAL - calendar.first_day.toordinal())


def _table_days(calendar: WorkingCalendar) -> int:
    return len(calendar.working_array)


def _safe_indexes(calendar: WorkingCalendar, days: Int64Array) -> Int64Array:
    """Table indexes of ``days``, clipped into the table: rows outside it fail a year check and are not used."""
    return np.clip(_to_indexes(calendar, days), 0, _table_days(calendar) - 1)


def is_working(calendar: WorkingCalendar, days: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """Working-day flags for an array of dates."""
    values = _as_days(days)
    _check_span(calendar, values)
    return calendar.working_array[_to_indexes(calendar, values)]


def working_days_between(
    calendar: WorkingCalendar, starts: npt.ArrayLike, ends: npt.ArrayLike
) -> npt.NDArray[np.int64]:
    """Signed working days after each start up to and including each end (as ``working_days_between``)."""
    a = np.atleast_1d(np.asarray(starts, dtype="datetime64[D]"))
    b = np.atleast_1d(np.asarray(ends, dtype="datetime64[D]"))
    if a.shape != b.shape:
        raise ArgumentError(f"starts and ends differ in length ({a.size} and {b.size})")
    if a.size:
        first = min(a.min(), b.min()).astype(np.int64)
        last = max(a.max(), b.max()).astype(np.int64)
        _check_span(calendar, np.array([first, last], dtype=np.int64))
    cum = calendar.cum_array
    shift = _EPOCH_ORDINAL - calendar.first_day.toordinal() + 1
    result = np.empty(a.size, dtype=np.int64)
    # Block by block: the index arrays of one block are all the temporary memory the call needs.
    for lo in range(0, a.size, BLOCK):
        hi = lo + BLOCK
        result[lo:hi] = cum[b[lo:hi].view(np.int64) + shift] - cum[a[lo:hi].view(np.int64) + shift]
    return result


def calendar_days_between(starts: npt.ArrayLike, ends: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Signed calendar days after each start day up to and including each end day (no calendar needed)."""
    a, b = _as_days(starts), _as_days(ends)
    if a.shape != b.shape:
        raise ArgumentError(f"starts and ends differ in length ({a.size} and {b.size})")
    result: Int64Array = b - a
    return result


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ArgumentError(f"unknown time zone {name!r}; use an IANA name such as Asia/Shanghai or UTC") from None


def _offsets_in(zone: dt.tzinfo, first_year: int, last_year: int) -> set[dt.timedelta | None]:
    first_year, last_year = max(first_year, 1), min(last_year, 9999)
    return {
        zone.utcoffset(dt.datetime(year, month, 1)) for year in range(first_year, last_year + 1) for month in (1, 7)
    }


def _fixed_offset_seconds(zone: dt.tzinfo, first_year: int, last_year: int) -> int:
    offsets = _offsets_in(zone, first_year, last_year)
    if len(offsets) != 1:
        raise ArgumentError(f"zone {zone} changes its UTC offset in {first_year}-{last_year}; use the scalar API")
    (offset,) = offsets
    assert offset is not None
    return int(offset.total_seconds())


@functools.lru_cache(maxsize=4096)
def _fixed_offset_or_none(zone: dt.tzinfo, first_year: int, last_year: int) -> int | None:
    offsets = _offsets_in(zone, first_year, last_year)
    if len(offsets) != 1:
        return None
    (offset,) = offsets
    return None if offset is None else int(offset.total_seconds())


def _year_span_us(values: Int64Array) -> tuple[int, int]:
    """The first and last year of microsecond instants (UTC or wall clock: a day either way does not matter,
    the span checked reaches a year beyond each end)."""
    days = np.array([values.min(), values.max()]) // DAY_US
    first, last = years_of_days(days).tolist()
    return int(first), int(last)


def _year_offsets(zone: dt.tzinfo, values: Int64Array) -> tuple[Int64Array, BoolArray]:
    """The fixed UTC offset (microseconds) of each value's year, and whether its year has one: a year whose zone
    keeps one offset from the year before to the year after (values on either clock: a day does not matter)."""
    years = years_of_days(values // DAY_US)
    distinct, where = np.unique(years, return_inverse=True)
    found = [_fixed_offset_or_none(zone, int(y) - 1, int(y) + 1) for y in distinct.tolist()]
    offsets = np.array([0 if f is None else f * US for f in found], dtype=np.int64)
    known = np.array([f is not None for f in found], dtype=bool)
    return offsets[where.ravel()], known[where.ravel()]


def utc_to_wall_us(zone: dt.tzinfo, utc_us: Int64Array) -> Int64Array:
    """The wall-clock time in ``zone`` (microseconds since 1970-01-01 on the wall clock) of UTC instants."""
    if not utc_us.size:
        return utc_us.copy()
    first, last = _year_span_us(utc_us)
    fixed = _fixed_offset_or_none(zone, first - 1, last + 1)
    if fixed is not None:
        result: Int64Array = utc_us + fixed * US
        return result
    # The zone changes its offset somewhere in these years (daylight saving time once, or a placeholder 0 of an
    # open case in 1970): arrays for the years of one offset, each other instant as Python sees it.
    offsets, known = _year_offsets(zone, utc_us)
    out: Int64Array = utc_us + offsets
    rest = np.flatnonzero(~known)
    if rest.size:
        walls = [
            (_EPOCH_UTC + dt.timedelta(microseconds=u)).astimezone(zone).replace(tzinfo=None) - _EPOCH_NAIVE
            for u in utc_us[rest].tolist()
        ]
        out[rest] = np.array([w // dt.timedelta(microseconds=1) for w in walls], dtype=np.int64)
    return out


def wall_to_utc_us(zone: dt.tzinfo, wall_us: Int64Array) -> Int64Array:
    """UTC instants of wall-clock times in ``zone`` (an ambiguous or skipped wall time read as Python reads
    ``datetime(..., tzinfo=zone)``: the first of two, fold 0)."""
    if not wall_us.size:
        return wall_us.copy()
    first, last = _year_span_us(wall_us)
    fixed = _fixed_offset_or_none(zone, first - 1, last + 1)
    if fixed is not None:
        result: Int64Array = wall_us - fixed * US
        return result
    offsets, known = _year_offsets(zone, wall_us)
    out: Int64Array = wall_us - offsets
    rest = np.flatnonzero(~known)
    if rest.size:
        found = []
        for w in wall_us[rest].tolist():
            moment = (_EPOCH_NAIVE + dt.timedelta(microseconds=w)).replace(tzinfo=zone)
            found.append((moment - _EPOCH_UTC) // dt.timedelta(microseconds=1))
        out[rest] = np.array(found, dtype=np.int64)
    return out


def utc_seconds(instants: Any, zone: str | None = None) -> npt.NDArray[np.int64]:
    """Seconds since the epoch (UTC) of an array of instants.

    Zone-aware input (pandas with a zone, pyarrow timestamps with a zone, aware ``datetime`` objects) is
    converted as it is, and ``zone`` must then be None or agree; naive ``datetime64`` values are read in
    ``zone``; naive values without ``zone`` raise :class:`NaiveDatetimeError`.
    """
    aware = _aware_utc_seconds(instants)
    if aware is not None:
        return aware
    values = np.atleast_1d(np.asarray(instants))
    if values.dtype == object:
        raise ArgumentError("instants must be datetime64 values, aware datetimes, or a zone-aware pandas/pyarrow array")
    seconds = values.astype("datetime64[s]").astype(np.int64)
    if zone is None:
        raise NaiveDatetimeError(
            "the instants have no time zone; in Xinjiang they could be Beijing time (Asia/Shanghai) or Xinjiang "
            "time (Asia/Urumqi), and a database export may be UTC: pass zone=... or zone-aware values"
        )
    tz = _zone(zone)
    if seconds.size == 0:
        return seconds
    first = dt.datetime.fromtimestamp(int(seconds.min()), dt.UTC).year
    last = dt.datetime.fromtimestamp(int(seconds.max()), dt.UTC).year
    seconds -= _fixed_offset_seconds(tz, first - 1, last + 1)
    return seconds


def _aware_utc_seconds(instants: Any) -> npt.NDArray[np.int64] | None:
    """UTC seconds of zone-aware input, or None when the input carries no zone."""
    dtype = getattr(instants, "dtype", None)
    if getattr(dtype, "tz", None) is not None:  # pandas Series / DatetimeIndex with a zone
        if hasattr(instants, "dt"):  # a Series
            naive = instants.dt.tz_convert("UTC").dt.tz_localize(None)
        else:  # a DatetimeIndex
            naive = instants.tz_convert("UTC").tz_localize(None)
        return np.atleast_1d(np.asarray(naive, dtype="datetime64[s]")).astype(np.int64)
    arrow_type = getattr(instants, "type", None)
    if arrow_type is not None and getattr(arrow_type, "tz", None):  # pyarrow timestamp with a zone: stored as UTC
        import pyarrow as pa

        values = instants.cast(pa.timestamp("s", tz=arrow_type.tz)).cast(pa.int64())
        return np.asarray(values.to_numpy(zero_copy_only=False), dtype=np.int64)
    if isinstance(instants, list | tuple) and instants and all(isinstance(v, dt.datetime) for v in instants):
        if any(v.tzinfo is None or v.utcoffset() is None for v in instants):
            return None
        return np.array([int(v.timestamp()) for v in instants], dtype=np.int64)
    return None


def local_office_positions(calendar: WorkingCalendar, local_seconds: Int64Array) -> Int64Array:
    """Office seconds from the table's origin to each wall-clock second in the calendar's zone (seconds since
    1970-01-01 on the wall clock; rows outside the table are clipped into it and must be checked by the caller)."""
    result = np.empty(local_seconds.size, dtype=np.int64)
    starts_table, ends_table, cum = calendar.period_starts, calendar.period_ends, calendar.office_cum_array
    first = calendar.first_day.toordinal() - _EPOCH_ORDINAL
    size = _table_days(calendar)
    for lo in range(0, local_seconds.size, BLOCK):
        seconds = local_seconds[lo : lo + BLOCK]
        days = seconds // DAY
        index = np.clip(days - first, 0, size - 1)
        within = seconds - days * DAY
        total = cum[index]
        for k in range(starts_table.shape[1]):
            start = starts_table[index, k]
            total += np.clip(within - start, 0, ends_table[index, k] - start)
        result[lo : lo + BLOCK] = total
    return result


def _local_seconds(calendar: WorkingCalendar, utc: Int64Array) -> Int64Array:
    if not utc.size:
        return utc
    first = dt.datetime.fromtimestamp(int(utc.min()), dt.UTC).year
    last = dt.datetime.fromtimestamp(int(utc.max()), dt.UTC).year
    local: Int64Array = utc + _fixed_offset_seconds(calendar.timezone, first - 1, last + 1)
    return local


def office_seconds_between(
    calendar: WorkingCalendar, starts: Any, ends: Any, *, zone: str | None = None
) -> npt.NDArray[np.int64]:
    """Signed office seconds between instants, pairwise (``zone``: the zone of naive values)."""
    calendar.require_office_hours()
    naive = [np.asarray(x) if isinstance(x, np.ndarray) else None for x in (starts, ends)]
    a_raw, b_raw = naive
    if a_raw is not None and b_raw is not None and a_raw.dtype.kind == b_raw.dtype.kind == "M" and zone is not None:
        return _naive_office_seconds(calendar, np.atleast_1d(a_raw), np.atleast_1d(b_raw), _zone(zone))
    a, b = utc_seconds(starts, zone), utc_seconds(ends, zone)
    if a.shape != b.shape:
        raise ArgumentError(f"starts and ends differ in length ({a.size} and {b.size})")
    if not a.size:
        return a
    a, b = _local_seconds(calendar, a), _local_seconds(calendar, b)
    _check_span(calendar, np.array([min(a.min(), b.min()), max(a.max(), b.max())]) // DAY)
    result = local_office_positions(calendar, b)
    result -= local_office_positions(calendar, a)
    return result


def _naive_office_seconds(
    calendar: WorkingCalendar, a: npt.NDArray[np.datetime64], b: npt.NDArray[np.datetime64], zone: ZoneInfo
) -> Int64Array:
    """Office seconds between naive datetime64 values written in ``zone``, block by block: the result is the
    only array the size of the input that the call makes."""
    if a.shape != b.shape:
        raise ArgumentError(f"starts and ends differ in length ({a.size} and {b.size})")
    result = np.empty(a.size, dtype=np.int64)
    if not a.size:
        return result
    first = min(a.min(), b.min()).astype("datetime64[s]").astype(np.int64)
    last = max(a.max(), b.max()).astype("datetime64[s]").astype(np.int64)
    first_year = dt.datetime.fromtimestamp(int(first), dt.UTC).year
    last_year = dt.datetime.fromtimestamp(int(last), dt.UTC).year
    # Written in one zone, read in the calendar's: one shift between the two wall clocks over these years.
    shift = _fixed_offset_seconds(calendar.timezone, first_year - 1, last_year + 1) - _fixed_offset_seconds(
        zone, first_year - 1, last_year + 1
    )
    _check_span(calendar, np.array([first + shift, last + shift]) // DAY)
    for lo in range(0, a.size, BLOCK):
        hi = lo + BLOCK
        ends = local_office_positions(calendar, b[lo:hi].astype("datetime64[s]").view(np.int64) + shift)
        ends -= local_office_positions(calendar, a[lo:hi].astype("datetime64[s]").view(np.int64) + shift)
        result[lo:hi] = ends
    return result


def office_hours_between(
    calendar: WorkingCalendar, starts: Any, ends: Any, *, zone: str | None = None
) -> npt.NDArray[np.float64]:
    """Signed office hours between instants, pairwise (``zone``: the zone of naive values)."""
    return _in_place_divide(office_seconds_between(calendar, starts, ends, zone=zone), 3600.0)


def _in_place_divide(seconds: Int64Array, by: float) -> npt.NDArray[np.float64]:
    """``seconds / by`` written over ``seconds`` block by block: no second array the size of the input."""
    out = seconds.view(np.float64)
    for lo in range(0, seconds.size, BLOCK):
        out[lo : lo + BLOCK] = seconds[lo : lo + BLOCK] / by
    return out


def office_minutes_between(
    calendar: WorkingCalendar, starts: Any, ends: Any, *, zone: str | None = None
) -> npt.NDArray[np.float64]:
    """Signed office minutes between instants, pairwise (``zone``: the zone of naive values)."""
    return _in_place_divide(office_seconds_between(calendar, starts, ends, zone=zone), 60.0)


# -- year checks, row by row ------------------------------------------------------------------------------


class _YearTable:
    """Per calendar year 0..10000: whether it is covered, the first uncovered year from it on, whether a
    computation through it is flagged (estimated or assumed), and whether its status is not official."""

    def __init__(self, calendar: WorkingCalendar) -> None:
        years = np.arange(10002)
        covered = np.array([calendar._covered(int(y)) if 1 <= y <= 9999 else False for y in years])
        status = [calendar.year_status(int(y)) if covered[y] else "unknown" for y in years]
        self.covered = covered
        # The first uncovered year at or after each year (years run to 10001, which is never covered).
        nxt = np.where(~covered, years, 10001)
        self.next_uncovered: Int64Array = np.minimum.accumulate(nxt[::-1])[::-1].astype(np.int64)
        flagged = np.array([s in ("provisional", "assumed") for s in status])
        if calendar.provisional_policy == "allow":
            flagged[:] = False
        self.flagged_cum: Int64Array = np.concatenate(([0], np.cumsum(flagged))).astype(np.int64)
        unofficial = np.array([s != "official" for s in status])
        self.unofficial_cum: Int64Array = np.concatenate(([0], np.cumsum(unofficial))).astype(np.int64)
        self.work_days: Int64Array = (np.flatnonzero(calendar.working_array) + calendar.first_day.toordinal()) - (
            _EPOCH_ORDINAL
        )


_TABLES: weakref.WeakKeyDictionary[WorkingCalendar, _YearTable] = weakref.WeakKeyDictionary()


def _year_table(calendar: WorkingCalendar) -> _YearTable:
    table = _TABLES.get(calendar)
    if table is None:
        table = _TABLES[calendar] = _YearTable(calendar)
    return table


def _clip_years(years: Int64Array) -> Int64Array:
    return np.clip(years, 0, 10001)


def any_unofficial(calendar: WorkingCalendar, first_years: Int64Array, last_years: Int64Array) -> npt.NDArray[np.bool_]:
    """Whether any year from the first to the last (either order) is not an official year of the calendar."""
    table = _year_table(calendar)
    lo, hi = _clip_years(np.minimum(first_years, last_years)), _clip_years(np.maximum(first_years, last_years))
    result: npt.NDArray[np.bool_] = table.unofficial_cum[hi + 1] - table.unofficial_cum[lo] > 0
    return result


class YearChecks:
    """The years each row's computation passes through, checked in the order the scalar API checks them.

    A row fails at the first year the calendar does not cover (:attr:`failed_year`; 0 while it has not
    failed), and what it does after that is not looked at, as a case whose computation raised is rejected.
    Years that are estimated or assumed are flagged under the calendar's provisional policy once it is
    known which rows count (:meth:`flag`): a warning for each such year, or the scalar API's
    :class:`ProvisionalDataError` for the first row that touches one.
    """

    def __init__(self, calendar: WorkingCalendar, rows: int) -> None:
        self.calendar = calendar
        self.table = _year_table(calendar)
        self.failed_year: Int64Array = np.zeros(rows, dtype=np.int64)
        self._flagging = calendar.provisional_policy != "allow"
        self._flags: list[tuple[Int64Array, Int64Array, Int64Array]] = []
        self._raises: list[tuple[Int64Array, Callable[[], None]]] = []

    def active(self, rows: Int64Array) -> npt.NDArray[np.bool_]:
        """Which of ``rows`` have not failed yet."""
        result: npt.NDArray[np.bool_] = self.failed_year[rows] == 0
        return result

    def years(self, rows: Int64Array, first_years: Int64Array, last_years: Int64Array) -> None:
        """``check_years(first, last)`` for each of ``rows``."""
        if not rows.size:
            return
        lo, hi = np.minimum(first_years, last_years), np.maximum(first_years, last_years)
        active = self.active(rows)
        bad = self.table.next_uncovered[_clip_years(lo)]
        failing = active & (bad <= hi)
        self.failed_year[rows[failing]] = bad[failing]
        if self._flagging:
            ok = active & ~failing
            hit = ok & (self.table.flagged_cum[_clip_years(hi) + 1] - self.table.flagged_cum[_clip_years(lo)] > 0)
            if hit.any():
                self._flags.append((rows[hit], lo[hit], hi[hit]))

    def covered(self, rows: Int64Array, years: Int64Array) -> None:
        """The coverage test alone (``add_working_days`` looks at its start year before counting)."""
        if not rows.size:
            return
        failing = self.active(rows) & ~self.table.covered[_clip_years(years)]
        self.failed_year[rows[failing]] = years[failing]

    def fail(self, rows: Int64Array, year: int) -> None:
        """Fail ``rows`` (those still going) at ``year``: a count that runs off the end of the table."""
        if rows.size:
            self.failed_year[rows[self.active(rows)]] = year

    def raises(self, rows: Int64Array, action: Callable[[], None]) -> None:
        """Rows whose computation, in the scalar API, raises what ``action`` raises (not a rejection)."""
        active = rows[self.active(rows)] if rows.size else rows
        if active.size:
            self._raises.append((active, action))

    def error(self, row: int) -> CalendarCoverageError:
        """The error the scalar API raises for a failed row."""
        calendar = self.calendar
        return CalendarCoverageError(calendar.id, int(self.failed_year[row]), calendar._coverage_text())

    def flag(self, counted: npt.NDArray[np.bool_]) -> None:
        """Raise what the first counted row would raise, or warn for each flagged year the counted rows touch."""
        firsts = [
            (int(rows[counted[rows]].min()), i) for i, (rows, _a) in enumerate(self._raises) if counted[rows].any()
        ]
        flagged_first: tuple[int, int] | None = None
        years: set[int] = set()
        for i, (rows, lo, hi) in enumerate(self._flags):
            keep = counted[rows]
            if not keep.any():
                continue
            first_row = int(rows[keep].min())
            if flagged_first is None or first_row < flagged_first[0]:
                flagged_first = (first_row, i)
            for a, b in set(zip(lo[keep].tolist(), hi[keep].tolist(), strict=True)):
                years.update(range(a, b + 1))
        if firsts:
            row, index = min(firsts)
            if flagged_first is None or row <= flagged_first[0]:
                self._raises[index][1]()
        if flagged_first is None:
            return
        if self.calendar.provisional_policy == "error":
            row, index = flagged_first
            rows, lo, hi = self._flags[index]
            at = int(np.flatnonzero(rows == row)[0])
            self.calendar.check_years(int(lo[at]), int(hi[at]))
        for year in sorted(years):
            self.calendar.check_years(year, year)

    def raise_first(self) -> None:
        """Raise for the first failed row, as the scalar API would for the whole array."""
        failed = np.flatnonzero(self.failed_year)
        if self._raises or self._flags:
            self.flag(np.ones(self.failed_year.size, dtype=bool))
        if failed.size:
            raise self.error(int(failed[0]))


# -- working days forward, office positions back to instants, legal due times -----------------------------


def local_add_working_days(
    calendar: WorkingCalendar, checks: YearChecks, rows: Int64Array, days: Int64Array, n: Int64Array
) -> Int64Array:
    """``add_working_days(day, n)`` for each of ``rows`` (n > 0), with its year checks; days since 1970."""
    table = _year_table(calendar)
    years = years_of_days(days)
    checks.covered(rows, years)
    index = _safe_indexes(calendar, days)
    position = calendar.cum_array[index + 1] + n - 1
    beyond = (position < 0) | (position >= table.work_days.size)
    checks.fail(rows[beyond], calendar.last_day.year + 1)
    result: Int64Array = table.work_days[np.clip(position, 0, max(table.work_days.size - 1, 0))]
    checks.years(rows, years, years_of_days(result))
    return result


def local_roll_to_working_day(
    calendar: WorkingCalendar, checks: YearChecks, rows: Int64Array, days: Int64Array
) -> Int64Array:
    """The day itself if it is a working day, else the next working day (``is_working_day`` then
    ``add_working_days(day, 1)``), with the year checks of both."""
    years = years_of_days(days)
    checks.years(rows, years, years)
    working = calendar.working_array[_safe_indexes(calendar, days)]
    result = days.copy()
    off = ~working
    if off.any():
        result[off] = local_add_working_days(calendar, checks, rows[off], days[off], np.ones(int(off.sum()), np.int64))
    return result


def local_close_of_day(calendar: WorkingCalendar, checks: YearChecks, rows: Int64Array, days: Int64Array) -> Int64Array:
    """The end of the last office period of each day (wall-clock microseconds), or midnight at its end on a
    day without office hours or a calendar without them."""
    midnight_after = (days + 1) * DAY_US
    if not calendar.office_seasons:
        return midnight_after
    years = years_of_days(days)
    checks.years(rows, years, years)
    index = _safe_indexes(calendar, days)
    ends = _closes(calendar)[index]
    result: Int64Array = np.where(ends > 0, days * DAY_US + ends * US, midnight_after)
    return result


_CLOSES: weakref.WeakKeyDictionary[WorkingCalendar, tuple[Any, Int64Array]] = weakref.WeakKeyDictionary()


def _closes(calendar: WorkingCalendar) -> Int64Array:
    """The end of each day's last office period (``period_ends`` by day, its largest), made once per table:
    one lookup a case instead of a row of the table a case."""
    ends = calendar.period_ends
    cached = _CLOSES.get(calendar)
    if cached is None or cached[0] is not ends:
        cached = _CLOSES[calendar] = (ends, np.asarray(ends.max(axis=1), dtype=np.int64))
    return cached[1]


def local_office_instants(
    calendar: WorkingCalendar, checks: YearChecks, rows: Int64Array, positions: Int64Array, since_years: Int64Array
) -> Int64Array:
    """The earliest wall-clock second (since 1970 on the wall clock) at which each office position is reached;
    the years from ``since_years`` to the result's are checked."""
    cum = calendar.office_cum_array
    day_index = np.searchsorted(cum, positions, side="left") - 1
    beyond = (day_index < 0) | (day_index >= _table_days(calendar))
    checks.fail(rows[beyond], calendar.last_day.year + 1)
    day_index = np.clip(day_index, 0, _table_days(calendar) - 1)
    days = day_index + (calendar.first_day.toordinal() - _EPOCH_ORDINAL)
    checks.years(rows, since_years, years_of_days(days))
    remaining = positions - cum[day_index]
    starts, ends = calendar.period_starts[day_index], calendar.period_ends[day_index]
    result = np.zeros(positions.size, dtype=np.int64)
    placed = np.zeros(positions.size, dtype=bool)
    for k in range(starts.shape[1]):
        length = ends[:, k] - starts[:, k]
        here = ~placed & (remaining <= length)
        result[here] = days[here] * DAY + starts[here, k] + remaining[here]
        placed |= here
        remaining = np.where(placed, remaining, remaining - length)
    return result


def _add_months(days: Int64Array, months: Int64Array) -> Int64Array:
    d = days.astype("datetime64[D]")
    month_start = d.astype("datetime64[M]")
    day_of_month = (d - month_start.astype("datetime64[D]")).astype(np.int64)
    target = month_start + months.astype("timedelta64[M]")
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(np.int64)
    result: Int64Array = target.astype("datetime64[D]").astype(np.int64) + np.minimum(day_of_month, length - 1)
    return result


def _whole_days(amounts: npt.NDArray[np.float64], unit: str, active: npt.NDArray[np.bool_]) -> Int64Array:
    bad = active & ((amounts != np.trunc(amounts)) | (amounts < 0))
    if bad.any():
        raise ArgumentError(f"a period of {float(amounts[bad][0])} {unit} must be a whole, non-negative number")
    # Rows that have failed already are not used: give them a harmless count.
    return np.where(active, amounts, 1).astype(np.int64)


def _timedelta_us(amounts: npt.NDArray[np.float64], unit: str) -> Int64Array:
    """``timedelta(hours=amount)`` (or minutes) in microseconds, rounded as ``timedelta`` rounds."""
    unique, inverse = np.unique(amounts, return_inverse=True)
    per = [
        (dt.timedelta(hours=a) if unit == "clock_hour" else dt.timedelta(minutes=a)) // dt.timedelta(microseconds=1)
        for a in unique.tolist()
    ]
    result: Int64Array = np.array(per, dtype=np.int64)[inverse.ravel()]
    return result


OFFICE_UNITS = ("office_hour", "office_minute")
DAY_UNITS = ("working_day", "calendar_day", "month")


def local_due(
    calendar: WorkingCalendar,
    checks: YearChecks,
    rows: Int64Array,
    starts_us: Int64Array,
    amounts: npt.NDArray[np.float64],
    unit: str,
) -> Int64Array:
    """Legal due times (wall-clock microseconds in the calendar's zone) of periods of ``amounts`` ``unit``
    starting at ``starts_us`` (wall clock), as :func:`bizenv.calendars.periods.due` computes them one by one."""
    days = starts_us // DAY_US
    if unit == "working_day":
        n = _whole_days(amounts, unit, checks.active(rows))
        result_days = np.empty(days.size, dtype=np.int64)
        zero = n == 0
        if zero.any():
            result_days[zero] = local_roll_to_working_day(calendar, checks, rows[zero], days[zero])
        if (~zero).any():
            result_days[~zero] = local_add_working_days(calendar, checks, rows[~zero], days[~zero], n[~zero])
        return local_close_of_day(calendar, checks, rows, result_days)
    if unit in ("calendar_day", "month"):
        n = _whole_days(amounts, unit, checks.active(rows))
        moved = days + n if unit == "calendar_day" else _add_months(days, n)
        return local_close_of_day(calendar, checks, rows, local_roll_to_working_day(calendar, checks, rows, moved))
    if unit in OFFICE_UNITS:
        checks.raises(rows, calendar.require_office_hours)
        if not calendar.office_seasons:
            return starts_us.copy()
        hours = amounts if unit == "office_hour" else amounts / 60
        active = checks.active(rows)
        if (active & (hours < 0)).any():
            raise ArgumentError("hours must not be negative")
        hours = np.where(active, hours, 0)
        years = years_of_days(days)
        checks.years(rows, years, years)
        result = starts_us.copy()
        moving = hours != 0
        if moving.any():
            seconds = starts_us[moving] // US
            positions = local_office_positions(calendar, seconds) + np.round(hours[moving] * 3600).astype(np.int64)
            result[moving] = local_office_instants(calendar, checks, rows[moving], positions, years[moving]) * US
        return result
    if unit in ("clock_hour", "minute"):
        result_us: Int64Array = starts_us + _timedelta_us(np.where(checks.active(rows), amounts, 0), unit)
        return result_us
    raise ArgumentError(f"{unit!r} is not a unit of time")


def local_elapsed(
    calendar: WorkingCalendar,
    checks: YearChecks,
    rows: Int64Array,
    a_us: Int64Array,
    b_us: Int64Array,
    unit: str,
) -> npt.NDArray[np.float64]:
    """Time from each ``a`` to each ``b`` (wall-clock microseconds in the calendar's zone) in ``unit``, as
    :func:`bizenv.calendars.periods.elapsed` computes it one by one, with its year checks."""
    if unit == "working_day":
        a_days, b_days = a_us // DAY_US, b_us // DAY_US
        checks.years(rows, years_of_days(a_days), years_of_days(b_days))
        cum = calendar.cum_array
        counted = cum[_safe_indexes(calendar, b_days) + 1] - cum[_safe_indexes(calendar, a_days) + 1]
        return counted.astype(np.float64)
    if unit in OFFICE_UNITS:
        checks.raises(rows, calendar.require_office_hours)
        if not calendar.office_seasons:
            return np.zeros(a_us.size)
        a_s, b_s = a_us // US, b_us // US
        checks.years(rows, years_of_days(a_s // DAY), years_of_days(b_s // DAY))
        seconds = local_office_positions(calendar, b_s) - local_office_positions(calendar, a_s)
        return seconds / (3600.0 if unit == "office_hour" else 60.0)
    if unit == "calendar_day":
        return (b_us // DAY_US - a_us // DAY_US).astype(np.float64)
    if unit in ("clock_hour", "minute"):
        # timedelta.total_seconds() divides microseconds by 10**6, then the unit divides.
        return (b_us - a_us).astype(np.float64) / 1e6 / (3600 if unit == "clock_hour" else 60)
    if unit == "month":
        a_d = (a_us // DAY_US).astype("datetime64[D]")
        b_d = (b_us // DAY_US).astype("datetime64[D]")
        a_m, b_m = a_d.astype("datetime64[M]"), b_d.astype("datetime64[M]")
        months = (b_m - a_m).astype(np.int64)
        a_day = (a_d - a_m.astype("datetime64[D]")).astype(np.int64)
        b_day = (b_d - b_m.astype("datetime64[D]")).astype(np.int64)
        fraction: npt.NDArray[np.float64] = months + (b_day - a_day) / 30.0
        return fraction
    raise ArgumentError(f"{unit!r} is not a unit of time")


# -- the same, for arrays of instants ---------------------------------------------------------------------


def add_working_days(calendar: WorkingCalendar, days: npt.ArrayLike, n: npt.ArrayLike) -> npt.NDArray[np.datetime64]:
    """The date ``n`` working days after each day (``n`` > 0, an array or one number), as ``add_working_days``."""
    values = _as_days(days)
    counts = np.broadcast_to(np.asarray(n, dtype=np.int64), values.shape)
    if (counts <= 0).any():
        raise ArgumentError("n must be positive")
    checks = YearChecks(calendar, values.size)
    result = local_add_working_days(calendar, checks, np.arange(values.size), values, counts)
    checks.raise_first()
    return result.astype("datetime64[D]")


def _wall_us_of(calendar: WorkingCalendar, instants: Any, zone: str | None) -> Int64Array:
    seconds = utc_seconds(instants, zone)
    return utc_to_wall_us(calendar.timezone, seconds * US)


def add_office_seconds(
    calendar: WorkingCalendar, starts: Any, seconds: npt.ArrayLike, *, zone: str | None = None
) -> npt.NDArray[np.datetime64]:
    """The instant (UTC ``datetime64[s]``) at which ``seconds`` office seconds after each start have elapsed:
    office positions back to instants, as ``add_office_hours`` (an end of a period stays that end)."""
    calendar.require_office_hours()
    wall = _wall_us_of(calendar, starts, zone)
    amounts = np.broadcast_to(np.asarray(seconds, dtype=np.float64), wall.shape) / 3600.0
    checks = YearChecks(calendar, wall.size)
    due = local_due(calendar, checks, np.arange(wall.size), wall, amounts, "office_hour")
    checks.raise_first()
    return (wall_to_utc_us(calendar.timezone, due) // US).astype("datetime64[s]")


def legal_due(
    calendar: WorkingCalendar, starts: Any, amounts: npt.ArrayLike, unit: str, *, zone: str | None = None
) -> npt.NDArray[np.datetime64]:
    """Legal due times (UTC ``datetime64[us]``) of periods that start at ``starts`` and last ``amounts``
    ``unit``, as :func:`bizenv.calendars.periods.due` (start day not counted; due at the close of the last
    working day)."""
    wall = _wall_us_of(calendar, starts, zone)
    values = np.broadcast_to(np.asarray(amounts, dtype=np.float64), wall.shape).copy()
    checks = YearChecks(calendar, wall.size)
    due = local_due(calendar, checks, np.arange(wall.size), wall, values, unit)
    checks.raise_first()
    return wall_to_utc_us(calendar.timezone, due).astype("datetime64[us]")
