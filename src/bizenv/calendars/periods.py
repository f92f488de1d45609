"""Periods in the three units of the sources, under the two conventions of the domain.

- **elapsed**: how much working time passed between two instants (what average-time evaluations
  measure): :func:`elapsed`.
- **legal due time**: when a period that starts at an instant ends, the start day not counted
  (行政许可法 第八十二条 for working days; 民法典 第二百零一条、第二百零三条 for calendar days):
  :func:`due`.
"""

from __future__ import annotations

import calendar as _monthcal
import datetime as dt
from typing import Literal

from bizenv.calendars.calendar import WorkingCalendar
from bizenv.errors import ArgumentError

Convention = Literal["elapsed", "legal"]
PERIOD_UNITS = ("working_day", "office_hour", "office_minute", "calendar_day", "clock_hour", "minute", "month")


def _whole(amount: float, unit: str) -> int:
    if amount != int(amount) or amount < 0:
        raise ArgumentError(f"a period of {amount} {unit} must be a whole, non-negative number")
    return int(amount)


def _roll_to_working_day(cal: WorkingCalendar, day: dt.date) -> dt.date:
    return day if cal.is_working_day(day) else cal.add_working_days(day, 1)


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, _monthcal.monthrange(year, month)[1]))


def due(cal: WorkingCalendar, start: dt.datetime, amount: float, unit: str, *, zone: str | None = None) -> dt.datetime:
    """The instant a period of ``amount`` ``unit`` that starts at ``start`` falls due.

    - ``working_day``: the start day is not counted; due at the close of the Nth working day after it
      (close of office hours, or midnight on a calendar without office hours). ``0`` (即办) is the close of
      the start day if it is a working day, else of the next working day.
    - ``calendar_day``: the start day is not counted; the period ends on day N after it, moved to the next
      working day when that day is not one; due at the close of that day.
    - ``month``: ends on the same day number N months later (the month's last day if it has none), moved
      to the next working day when needed.
    - ``office_hour`` / ``office_minute``: the instant N office hours (minutes) after ``start``.
    - ``clock_hour`` / ``minute``: wall-clock time.
    """
    local = cal.to_local(start, zone)
    if unit == "working_day":
        n = _whole(amount, unit)
        day = _roll_to_working_day(cal, local.date()) if n == 0 else cal.add_working_days(local.date(), n)
        return cal.close_of_day(day)
    if unit == "calendar_day":
        return cal.close_of_day(_roll_to_working_day(cal, local.date() + dt.timedelta(days=_whole(amount, unit))))
    if unit == "month":
        return cal.close_of_day(_roll_to_working_day(cal, _add_months(local.date(), _whole(amount, unit))))
    if unit == "office_hour":
        return cal.add_office_hours(local, amount)
    if unit == "office_minute":
        return cal.add_office_hours(local, amount / 60)
    if unit == "clock_hour":
        return local + dt.timedelta(hours=amount)
    if unit == "minute":
        return local + dt.timedelta(minutes=amount)
    raise ArgumentError(f"{unit!r} is not a unit of time; expected one of {', '.join(PERIOD_UNITS)}")


def elapsed(cal: WorkingCalendar, start: dt.datetime, end: dt.datetime, unit: str, *, zone: str | None = None) -> float:
    """Time from ``start`` to ``end`` in ``unit`` (negative if ``end`` is earlier).

    - ``working_day``: whole working days after the start day up to and including the end day
      (submitted and finished the same day: 0; finished the next working day: 1).
    - ``office_hour`` / ``office_minute``: office time inside the interval, to the second.
    - ``calendar_day``: days after the start day up to and including the end day.
    - ``clock_hour`` / ``minute``: wall-clock time.
    - ``month``: calendar months between the two dates, fractional by days.
    """
    a, b = cal.to_local(start, zone), cal.to_local(end, zone)
    if unit == "working_day":
        return float(cal.working_days_between(a.date(), b.date()))
    if unit == "office_hour":
        return cal.office_hours_between(a, b)
    if unit == "office_minute":
        return cal.office_seconds_between(a, b) / 60
    if unit == "calendar_day":
        return float((b.date() - a.date()).days)
    if unit == "clock_hour":
        return (b - a).total_seconds() / 3600
    if unit == "minute":
        return (b - a).total_seconds() / 60
    if unit == "month":
        months = (b.year - a.year) * 12 + b.month - a.month
        return months + (b.day - a.day) / 30.0
    raise ArgumentError(f"{unit!r} is not a unit of time; expected one of {', '.join(PERIOD_UNITS)}")
