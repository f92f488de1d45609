"""Array versions of the calendar arithmetic, for millions of records at once (NumPy).

Dates are ``datetime64[D]`` arrays. Instants are ``datetime64`` arrays in UTC (what a database
export or ``pandas.Series.dt.tz_convert("UTC")`` gives), converted here to the calendar's zone,
which must keep a fixed UTC offset over the years involved (Asia/Shanghai has since 1992).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt

from bizenv.calendars.calendar import DAY, WorkingCalendar

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def _day_indexes(calendar: WorkingCalendar, days: npt.ArrayLike) -> npt.NDArray[np.int64]:
    values = np.asarray(days, dtype="datetime64[D]").astype(np.int64)
    if values.size:
        first = dt.date.fromordinal(int(values.min()) + _EPOCH_ORDINAL)
        last = dt.date.fromordinal(int(values.max()) + _EPOCH_ORDINAL)
        calendar.check_years(first.year, last.year)
    return values + (_EPOCH_ORDINAL - calendar.first_day.toordinal())


def is_working(calendar: WorkingCalendar, days: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """Working-day flags for an array of dates."""
    return calendar.working_array[_day_indexes(calendar, days)]


def working_days_between(
    calendar: WorkingCalendar, starts: npt.ArrayLike, ends: npt.ArrayLike
) -> npt.NDArray[np.int64]:
    """Signed working days after each start up to and including each end (as ``working_days_between``)."""
    i = _day_indexes(calendar, starts)
    j = _day_indexes(calendar, ends)
    cum = calendar.cum_array
    return cum[j + 1] - cum[i + 1]


def _fixed_offset_seconds(calendar: WorkingCalendar, first_year: int, last_year: int) -> int:
    offsets = {
        calendar.timezone.utcoffset(dt.datetime(year, month, 1))
        for year in range(first_year, last_year + 1)
        for month in (1, 7)
    }
    if len(offsets) != 1:
        raise ValueError(
            f"zone {calendar.timezone} changes its UTC offset in {first_year}-{last_year}; use the scalar API"
        )
    (offset,) = offsets
    assert offset is not None
    return int(offset.total_seconds())


def _office_positions(calendar: WorkingCalendar, instants: npt.ArrayLike) -> npt.NDArray[np.int64]:
    seconds = np.asarray(instants, dtype="datetime64[s]").astype(np.int64)
    if seconds.size == 0:
        return seconds
    first = dt.datetime.fromtimestamp(int(seconds.min()), dt.UTC).year
    last = dt.datetime.fromtimestamp(int(seconds.max()), dt.UTC).year
    local = seconds + _fixed_offset_seconds(calendar, first - 1, last + 1)
    days = local // DAY
    within = local - days * DAY
    index = _day_indexes(calendar, days.astype("datetime64[D]"))
    starts = calendar.period_starts[index]
    lengths = calendar.period_ends[index] - starts
    inside = np.clip(within[:, None] - starts, 0, lengths).sum(axis=1)
    result: npt.NDArray[np.int64] = calendar.office_cum_array[index] + inside
    return result


def office_seconds_between(
    calendar: WorkingCalendar, starts: npt.ArrayLike, ends: npt.ArrayLike
) -> npt.NDArray[np.int64]:
    """Signed office seconds between UTC instants, pairwise."""
    if not calendar.has_office_hours:
        calendar._require_office_hours()
    a = _office_positions(calendar, np.atleast_1d(np.asarray(starts)))
    b = _office_positions(calendar, np.atleast_1d(np.asarray(ends)))
    return b - a


def office_hours_between(
    calendar: WorkingCalendar, starts: npt.ArrayLike, ends: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Signed office hours between UTC instants, pairwise."""
    return office_seconds_between(calendar, starts, ends) / 3600.0
