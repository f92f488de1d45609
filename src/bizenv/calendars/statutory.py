"""Which days off of a break are statutory holidays (法定节假日), which are in-lieu rest days (调休休息日).

The law (全国年节及纪念日放假办法) names the statutory days: 元旦 1 January; 春节 农历正月初一至初三 (from 2014; from
2025 农历除夕至初三); 清明节 the day of the solar term; 劳动节 1 May (from 2025 1–2 May); 端午节 农历五月初五; 中秋节
农历八月十五; 国庆节 1–3 October. A statutory day that falls on a weekend is made up on a working day (补假), which is
a holiday too. Xinjiang's festivals (肉孜节, 古尔邦节) are the region's: the notice's days off are holidays.

A notice writes the days off and the weekend days worked (调休上班), not which weekday off each worked weekend pays
for. Each make-up working day buys one rest day: bizenv takes the last weekday days off of the break that are not
statutory, as many as the break has make-up working days, as the in-lieu days; the others are holidays (补假, or a
break the State Council extended). Overtime pay differs: 300 % on a statutory holiday, 200 % on a rest day.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Literal

from lunardate import LunarDate  # type: ignore[import-untyped]  # workalendar's own lunar calendar

from bizenv.calendars.schedule import Break

#: How a day off of a break is kept: a statutory holiday (法定节假日, or its 补假), an in-lieu rest day (调休休息日),
#: or a weekend day inside the break.
OffKind = Literal["holiday", "in_lieu", "weekend"]

_DAY = dt.timedelta(days=1)


def _qingming(year: int) -> dt.date:
    # The solar term 清明 (the sun at 15°): 4 or 5 April in this century, by the usual formula.
    yy = year % 100
    return dt.date(year, 4, int(yy * 0.2422 + 4.81) - yy // 4)


@cache
def _lunar(year: int, month: int, day: int) -> dt.date:
    found: dt.date = LunarDate(year, month, day).to_solar_date()
    return found


def _festival_days(name: str, year: int) -> set[dt.date] | None:
    """The statutory days of a festival of ``year`` by the law in force that year; None for a name it does not know."""
    if name == "元旦":
        return {dt.date(year, 1, 1)}
    if name == "春节":
        new_year = _lunar(year, 1, 1)
        first = new_year - _DAY if year >= 2025 or year < 2014 else new_year
        last = new_year + _DAY * (1 if year < 2014 else 2)
        return {first + _DAY * i for i in range((last - first).days + 1)}
    if name == "清明节":
        return {_qingming(year)}
    if name == "劳动节":
        return {dt.date(year, 5, 1), dt.date(year, 5, 2)} if year >= 2025 else {dt.date(year, 5, 1)}
    if name == "端午节":
        return {_lunar(year, 5, 5)}
    if name == "中秋节":
        return {_lunar(year, 8, 15)}
    if name == "国庆节":
        return {dt.date(year, 10, d) for d in (1, 2, 3)}
    return None


def statutory_days(brk: Break) -> set[dt.date] | None:
    """The days of ``brk`` the law names as holidays; None where the break is not a national festival's (a
    regional festival, a name the law does not have)."""
    days: set[dt.date] = set()
    for name in brk.name.split("、"):
        for year in {brk.first.year, brk.last.year}:
            found = _festival_days(name, year)
            if found is None:
                return None
            days |= found
    return {d for d in days if brk.first <= d <= brk.last}


def off_kinds(brk: Break) -> dict[dt.date, OffKind]:
    """How each day off of ``brk`` is kept (see the module's rule). A regional festival's day is its statutory day."""
    statutory = statutory_days(brk)
    if statutory is None:
        statutory = {brk.festival} if brk.festival is not None else set()
    kinds: dict[dt.date, OffKind] = {}
    others: list[dt.date] = []
    for day in brk.days_off():
        if day in statutory:
            kinds[day] = "holiday"
        elif day.weekday() >= 5:
            kinds[day] = "weekend"
        else:
            kinds[day] = "holiday"  # 补假, an extended break, a regional notice's day off
            others.append(day)
    if brk.workdays:
        for day in others[-len(brk.workdays) :]:
            kinds[day] = "in_lieu"
    return kinds


__all__ = ["OffKind", "off_kinds", "statutory_days"]
