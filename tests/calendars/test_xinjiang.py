"""The Xinjiang overlay against the facts of the regional notices (shared/reference/xinjiang-calendar.md)."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest

from bizenv.calendars import (
    AssumedScheduleWarning,
    CalendarCoverageError,
    ProvisionalDataError,
    ProvisionalDataWarning,
    get_calendar,
)
from bizenv.calendars.estimate import estimate_xinjiang_year

D = dt.date
# Regional days off on top of the national schedule, as announced.
OFFICIAL_REGIONAL_DAYS_OFF = {
    2022: [D(2022, 5, 5), D(2022, 7, 11), D(2022, 7, 12), D(2022, 7, 13)],
    2023: [D(2023, 4, 21), D(2023, 6, 28), D(2023, 6, 29), D(2023, 6, 30)],
    2025: [D(2025, 3, 31), D(2025, 6, 6), D(2025, 6, 9), D(2025, 6, 10)],
}


@pytest.mark.parametrize("year", sorted(OFFICIAL_REGIONAL_DAYS_OFF))
def test_official_years_add_exactly_the_announced_days(year: int) -> None:
    cn, xj = get_calendar("CN"), get_calendar("CN-XJ")
    days = [D(year, 1, 1) + dt.timedelta(days=i) for i in range(365)]
    extra = [d for d in days if cn.is_working_day(d) and not xj.is_working_day(d)]
    assert extra == OFFICIAL_REGIONAL_DAYS_OFF[year]
    assert [d for d in days if xj.is_working_day(d) and not cn.is_working_day(d)] == []
    for d in extra:
        info = xj.day_info(d)
        assert info.name in ("肉孜节", "古尔邦节") and not info.provisional
        assert info.source is not None and f"关于{year}年节假日放假安排和冬夏季作息时间的通知" in info.source


def test_festival_break_names_cover_the_weekend_days_the_notice_counts() -> None:
    xj = get_calendar("CN-XJ")
    assert [xj.day_info(D(2025, 3, d)).name for d in (29, 30, 31)] == ["肉孜节"] * 3
    assert [xj.day_info(D(2022, 7, d)).name for d in range(9, 14)] == ["古尔邦节"] * 5


@pytest.mark.parametrize("year", [2018, 2019, 2020, 2021, 2024, 2026])
def test_years_without_a_notice_are_provisional_and_warn(year: int) -> None:
    xj = get_calendar("CN-XJ", provisional="warn")
    xj._warned.discard(year)
    with pytest.warns(ProvisionalDataWarning, match=str(year)):
        xj.is_working_day(D(year, 3, 1))
    estimated = [info for info in xj.days(D(year, 1, 1), D(year, 12, 31)) if info.name in ("肉孜节", "古尔邦节")]
    assert len(estimated) == 4 and all(info.provisional and not info.working for info in estimated)
    assert all(info.source is not None and "estimate" in info.source for info in estimated)


def test_provisional_can_be_an_error_or_allowed() -> None:
    with pytest.raises(ProvisionalDataError, match="2024"):
        get_calendar("CN-XJ", provisional="error").is_working_day(D(2024, 4, 10))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not get_calendar("CN-XJ", provisional="allow").is_working_day(D(2024, 4, 10))
    # Official years never warn.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not get_calendar("CN-XJ", provisional="warn").is_working_day(D(2025, 3, 31))


def test_estimate_accuracy_against_the_official_years() -> None:
    """Measured, not assumed: the estimated days off are right for 4 of the 6 festivals announced."""
    cn = get_calendar("CN")
    hits = 0
    for year, official in OFFICIAL_REGIONAL_DAYS_OFF.items():
        estimate = estimate_xinjiang_year(year, cn.is_working_day)
        fitr = [d for b in estimate.breaks if b.name == "肉孜节" for d in b.days_off()]
        adha = [d for b in estimate.breaks if b.name == "古尔邦节" for d in b.days_off()]
        hits += fitr == official[:1]
        hits += adha == official[1:]
    assert hits == 4


def test_unknown_years_are_an_error_naming_the_year_and_the_remedy() -> None:
    xj = get_calendar("CN-XJ")
    with pytest.raises(CalendarCoverageError) as info:
        xj.is_working_day(D(2027, 1, 4))
    assert "2027" in str(info.value) and "bizenv calendar import" in str(info.value)
    with pytest.raises(CalendarCoverageError):
        xj.add_working_days(D(2026, 12, 30), 5)
    with pytest.raises(CalendarCoverageError):
        xj.get_working_days_delta(D(2017, 12, 1), D(2018, 1, 5))


def test_weekends_only_assumption_is_explicit_and_flagged() -> None:
    xj = get_calendar("CN-XJ", unknown_years="weekends")
    with pytest.warns(AssumedScheduleWarning, match="2027"):
        assert xj.is_working_day(D(2027, 1, 1))  # a Friday: New Year's Day is not assumed
    info = xj.day_info(D(2027, 1, 2))
    assert (info.working, info.assumed, info.provisional) == (False, True, True)
