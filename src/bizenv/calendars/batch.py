"""Array versions of the calendar arithmetic, for millions of records at once (NumPy).

Dates are ``datetime64[D]`` arrays. Instants are either zone-aware (a pandas ``DatetimeIndex`` or
``Series`` with a zone, a pyarrow timestamp array with a zone, or a sequence of aware ``datetime``
objects) or naive ``datetime64`` values together with ``zone=``, the zone they were written in
("UTC" for a database export in UTC, "Asia/Shanghai" for a Beijing-time export). Naive values without
a zone are refused, as the scalar API refuses them: an export in Beijing time read as UTC is eight
hours off.

Every year a computation passes through (from the earliest to the latest date of both arrays) is
checked against the calendar's coverage and provisional policy, as in the scalar API.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import numpy.typing as npt

from bizenv.calendars.calendar import DAY, WorkingCalendar
from bizenv.calendars.errors import NaiveDatetimeError

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def _as_days(days: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Days since 1970-01-01."""
    return np.atleast_1d(np.asarray(days, dtype="datetime64[D]")).astype(np.int64)


def _check_span(calendar: WorkingCalendar, *day_arrays: npt.NDArray[np.int64]) -> None:
    present = [a for a in day_arrays if a.size]
    if not present:
        return
    first = min(int(a.min()) for a in present)
    last = max(int(a.max()) for a in present)
    calendar.check_years(
        dt.date.fromordinal(first + _EPOCH_ORDINAL).year, dt.date.fromordinal(last + _EPOCH_ORDINAL).year
    )


def _to_indexes(calendar: WorkingCalendar, days: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    return days + (_EPOCH_ORDINAL - calendar.first_day.toordinal())


def is_working(calendar: WorkingCalendar, days: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """Working-day flags for an array of dates."""
    values = _as_days(days)
    _check_span(calendar, values)
    return calendar.working_array[_to_indexes(calendar, values)]


def working_days_between(
    calendar: WorkingCalendar, starts: npt.ArrayLike, ends: npt.ArrayLike
) -> npt.NDArray[np.int64]:
    """Signed working days after each start up to and including each end (as ``working_days_between``)."""
    a, b = _as_days(starts), _as_days(ends)
    _check_span(calendar, a, b)
    cum = calendar.cum_array
    result: npt.NDArray[np.int64] = cum[_to_indexes(calendar, b) + 1] - cum[_to_indexes(calendar, a) + 1]
    return result


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}; use an IANA name such as Asia/Shanghai or UTC") from None


def _fixed_offset_seconds(zone: dt.tzinfo, first_year: int, last_year: int) -> int:
    offsets = {
        zone.utcoffset(dt.datetime(year, month, 1)) for year in range(first_year, last_year + 1) for month in (1, 7)
    }
    if len(offsets) != 1:
        raise ValueError(f"zone {zone} changes its UTC offset in {first_year}-{last_year}; use the scalar API")
    (offset,) = offsets
    assert offset is not None
    return int(offset.total_seconds())


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
        raise TypeError("instants must be datetime64 values, aware datetimes, or a zone-aware pandas/pyarrow array")
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
    result: npt.NDArray[np.int64] = seconds - _fixed_offset_seconds(tz, first - 1, last + 1)
    return result


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


def _office_positions(calendar: WorkingCalendar, seconds: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    first = dt.datetime.fromtimestamp(int(seconds.min()), dt.UTC).year
    last = dt.datetime.fromtimestamp(int(seconds.max()), dt.UTC).year
    local = seconds + _fixed_offset_seconds(calendar.timezone, first - 1, last + 1)
    days = local // DAY
    within = local - days * DAY
    index = _to_indexes(calendar, days)
    starts = calendar.period_starts[index]
    lengths = calendar.period_ends[index] - starts
    inside = np.clip(within[:, None] - starts, 0, lengths).sum(axis=1)
    result: npt.NDArray[np.int64] = calendar.office_cum_array[index] + inside
    return result


def _local_days(calendar: WorkingCalendar, seconds: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    if not seconds.size:
        return seconds
    first = dt.datetime.fromtimestamp(int(seconds.min()), dt.UTC).year
    last = dt.datetime.fromtimestamp(int(seconds.max()), dt.UTC).year
    days: npt.NDArray[np.int64] = (seconds + _fixed_offset_seconds(calendar.timezone, first - 1, last + 1)) // DAY
    return days


def office_seconds_between(
    calendar: WorkingCalendar, starts: Any, ends: Any, *, zone: str | None = None
) -> npt.NDArray[np.int64]:
    """Signed office seconds between instants, pairwise (``zone``: the zone of naive values)."""
    calendar.require_office_hours()
    a, b = utc_seconds(starts, zone), utc_seconds(ends, zone)
    if a.shape != b.shape:
        raise ValueError(f"starts and ends differ in length ({a.size} and {b.size})")
    if not a.size:
        return a
    _check_span(calendar, _local_days(calendar, a), _local_days(calendar, b))
    result: npt.NDArray[np.int64] = _office_positions(calendar, b) - _office_positions(calendar, a)
    return result


def office_hours_between(
    calendar: WorkingCalendar, starts: Any, ends: Any, *, zone: str | None = None
) -> npt.NDArray[np.float64]:
    """Signed office hours between instants, pairwise (``zone``: the zone of naive values)."""
    return office_seconds_between(calendar, starts, ends, zone=zone) / 3600.0
