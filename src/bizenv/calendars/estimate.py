"""Provisional estimates of the Xinjiang festival days for years without an official notice.

The festival dates come from the arithmetic Islamic calendar (convertdate), which can be a day off
the announced date; the days off follow the pattern of the official notices. Every estimated year is
marked provisional, and an official notice loaded for the year replaces it.

Measured against the three notices available (2022, 2023, 2025): the festival date is right in 5 of 6
cases (古尔邦节 2025 is estimated a day late) and the days off match in 4 of 6: all three 肉孜节, one
of three 古尔邦节 (tests/calendars/test_xinjiang.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from convertdate import islamic

from bizenv.calendars.schedule import Break, YearSchedule

ESTIMATE_SOURCE = "estimate from the arithmetic Islamic calendar (no official notice loaded for this year)"


def islamic_date(year: int, month: int, day: int) -> dt.date:
    """The Gregorian date in ``year`` of an Islamic (month, day), e.g. (10, 1) for 肉孜节."""
    first = islamic.from_gregorian(year, 1, 1)[0]
    for islamic_year in (first, first + 1):
        y, m, d = islamic.to_gregorian(islamic_year, month, day)
        if y == year:
            return dt.date(y, m, d)
    raise ValueError(f"no Islamic {month}/{day} in {year}")  # pragma: no cover - every year has one


def _nearest_working_day(day: dt.date, is_working: Callable[[dt.date], bool]) -> dt.date:
    for distance in range(0, 15):
        # On a tie the earlier day wins, as in 2023 (肉孜节 on Saturday 04-22, Friday 04-21 off).
        for candidate in (day - dt.timedelta(days=distance), day + dt.timedelta(days=distance)):
            if is_working(candidate):
                return candidate
    raise ValueError(f"no working day within two weeks of {day}")


def _following_working_days(day: dt.date, count: int, is_working: Callable[[dt.date], bool]) -> list[dt.date]:
    days: list[dt.date] = []
    while len(days) < count:
        if is_working(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def estimate_xinjiang_year(year: int, is_national_working_day: Callable[[dt.date], bool]) -> YearSchedule:
    """Estimated 肉孜节 (one working day off) and 古尔邦节 (three working days off) for ``year``."""
    fitr = islamic_date(year, 10, 1)
    adha = islamic_date(year, 12, 10)
    fitr_off = _nearest_working_day(fitr, is_national_working_day)
    adha_off = _following_working_days(adha, 3, is_national_working_day)
    breaks = [
        Break(name="肉孜节", en="Eid al-Fitr", first=fitr_off, last=fitr_off, festival=fitr, source=ESTIMATE_SOURCE)
    ]
    breaks += [
        Break(name="古尔邦节", en="Eid al-Adha", first=d, last=d, festival=adha, source=ESTIMATE_SOURCE)
        for d in adha_off
    ]
    return YearSchedule(calendar="CN-XJ", year=year, status="provisional", source=ESTIMATE_SOURCE, breaks=tuple(breaks))
