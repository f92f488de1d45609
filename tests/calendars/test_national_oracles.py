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
    special = [info for info in cn.days(FIRST, LAST) if info.name is not None]  # weekend days of a break too
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


#: Days where chinese-calendar's is_in_lieu and bizenv's reading of the notice differ, and why. A notice names the
#: days off and the weekend days worked, not which weekday off each worked weekend pays for
#: (bizenv.calendars.statutory).
IN_LIEU_DISAGREEMENTS = {
    # 2018 春节 (15–21 Feb off, 11 and 24 Feb worked): two make-up days buy two rest days (20, 21 Feb); 19 Feb makes up
    # 初二 or 初三, which fell on the weekend (补假). chinese-calendar counts three in-lieu days.
    dt.date(2018, 2, 19): "holiday",
    # 2020 春节, extended to 2 Feb by 国办发明电〔2020〕1号: chinese-calendar keeps the in-lieu day of the first notice.
    dt.date(2020, 1, 29): "holiday",
    dt.date(2020, 1, 31): "in_lieu",
    # 2022 春节: the law's days are 初一至初三 (1–3 Feb); chinese-calendar takes 除夕 (31 Jan) for a statutory day and
    # 初三 for an in-lieu one.
    dt.date(2022, 1, 31): "in_lieu",
    dt.date(2022, 2, 3): "holiday",
}


def test_in_lieu_rest_days_are_chinese_calendars_but_for_the_days_explained() -> None:
    cn = get_calendar("CN")
    kinds = {d: cn.day_info(d).kind for d in _days()}
    differ = {d: k for d, k in kinds.items() if (k == "in_lieu") != chinese_calendar.is_in_lieu(d)}
    assert differ == IN_LIEU_DISAGREEMENTS
    assert sum(k == "in_lieu" for k in kinds.values()) > 50


def test_statutory_holidays_are_the_days_the_law_names() -> None:
    cn = get_calendar("CN")
    for day in _days():
        info = cn.day_info(day)
        on_holiday, _ = chinese_calendar.get_holiday_detail(day)
        if info.kind == "holiday" and day not in IN_LIEU_DISAGREEMENTS:
            # A statutory day (or its 补假) is a day off chinese-calendar does not call in lieu.
            assert on_holiday and not chinese_calendar.is_in_lieu(day), day
        if info.kind == "weekend" and info.name is not None:
            assert day.weekday() >= 5 and not info.working, day
    kind = {d: cn.day_info(d).kind for d in (dt.date(2024, 2, 10), dt.date(2024, 2, 9), dt.date(2025, 1, 28))}
    # 2024: 初一 is statutory and 除夕 a working day; from 2025 the law adds 除夕 (全国年节及纪念日放假办法, 2024).
    assert kind == {dt.date(2024, 2, 10): "holiday", dt.date(2024, 2, 9): "workday", dt.date(2025, 1, 28): "holiday"}
    assert cn.day_info(dt.date(2025, 5, 2)).kind == "holiday"  # 劳动节 has two statutory days from 2025
    assert cn.day_info(dt.date(2024, 5, 2)).kind == "in_lieu"
    assert (cn.day_info(dt.date(2025, 1, 26)).kind, cn.day_info(dt.date(2025, 2, 4)).kind) == (
        "makeup_workday",
        "in_lieu",
    )
    # A weekend day inside a break stays a named day off.
    assert cn.is_holiday(dt.date(2024, 10, 5)) and cn.day_info(dt.date(2024, 10, 5)).kind == "weekend"


def test_xinjiang_festival_days_are_the_regions_holidays() -> None:
    xj = get_calendar("CN-XJ", provisional="allow")
    # "5月3日是肉孜节，5月5日放假调休1天": the festival fell in the national break; its day off is the holiday.
    assert xj.day_info(dt.date(2022, 5, 5)).kind == "holiday"
    # "7月10日是古尔邦节，7月9日至13日放假调休，共5天": no weekend is worked for it, so no day is in lieu.
    assert [xj.day_info(dt.date(2022, 7, d)).kind for d in range(9, 14)] == [
        "weekend",
        "holiday",
        "holiday",
        "holiday",
        "holiday",
    ]
