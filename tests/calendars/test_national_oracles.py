"""Every day 2018-2026 of the national calendar against two independent references."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import holidays
import pytest

from bizenv.calendars import get_calendar

FIRST, LAST = dt.date(2018, 1, 1), dt.date(2026, 12, 31)


def _days() -> list[dt.date]:
    return [FIRST + dt.timedelta(days=i) for i in range((LAST - FIRST).days + 1)]


def test_cn_agrees_with_the_holidays_package_on_every_day() -> None:
    reference = holidays.China(years=range(2018, 2027))
    make_up = reference.weekend_workdays
    assert len(make_up) > 50  # the reference really knows the make-up days
    cn = get_calendar("CN")
    wrong = [d for d in _days() if cn.is_working_day(d) != ((d.weekday() < 5 and d not in reference) or d in make_up)]
    assert wrong == []


def test_cn_agrees_with_chinese_calendar_on_every_day() -> None:
    cn = get_calendar("CN")
    wrong = [d for d in _days() if cn.is_working_day(d) != chinese_calendar.is_workday(d)]
    assert wrong == []


def test_every_special_day_names_its_notice() -> None:
    cn = get_calendar("CN")
    special = [info for info in cn.days(FIRST, LAST) if info.kind in ("holiday", "makeup_workday")]
    assert len(special) > 250
    assert all(info.source and "国务院办公厅" in info.source and info.name for info in special)
    assert not any(info.provisional for info in cn.days(FIRST, LAST))
    (jan26,) = cn.days(dt.date(2025, 1, 26), dt.date(2025, 1, 26))
    assert (jan26.working, jan26.kind, jan26.name) == (True, "makeup_workday", "春节调休上班")
    assert jan26.source is not None and "国办发明电〔2024〕12号" in jan26.source


def test_cn_xj_keeps_every_national_day_off() -> None:
    cn, xj = get_calendar("CN"), get_calendar("CN-XJ", provisional="allow")
    for day in _days():
        if not cn.is_working_day(day):
            assert not xj.is_working_day(day), day


@pytest.mark.parametrize("year", range(2018, 2027))
def test_holidays_of_a_year_are_the_named_days_off(year: int) -> None:
    cn = get_calendar("CN")
    listed = cn.holidays(year)
    assert listed == sorted(listed)
    assert all(d.year == year and not cn.is_working_day(d) and name for d, name in listed)
    assert any(name == "春节" for _, name in listed)
