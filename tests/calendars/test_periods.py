"""Legal due times and elapsed time, in each unit, on the Xinjiang calendar."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bizenv.calendars import get_calendar
from bizenv.calendars.periods import due, elapsed

BJ = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BJ)  # type: ignore[misc]


def test_working_day_deadline_does_not_count_the_start_day_and_ends_at_close() -> None:
    cal = get_calendar("CN-XJ")
    # Submitted Thursday 5 June 2025; 6-10 June is the 古尔邦节 break (Xinjiang only).
    assert due(cal, at(2025, 6, 5, 11, 0), 1, "working_day") == at(2025, 6, 11, 20, 0)
    assert due(get_calendar("CN"), at(2025, 6, 5, 11, 0), 1, "working_day") == at(
        2025, 6, 7, 0, 0
    )  # CN: 6 June, midnight


def test_same_day_service_is_due_at_close_of_the_working_day() -> None:
    cal = get_calendar("CN-XJ")
    assert due(cal, at(2025, 3, 3, 11, 0), 0, "working_day") == at(2025, 3, 3, 19, 30)
    # Submitted online on a Saturday: due at the close of Monday.
    assert due(cal, at(2025, 3, 8, 11, 0), 0, "working_day") == at(2025, 3, 10, 19, 30)


def test_calendar_day_period_ending_on_a_holiday_moves_to_the_next_working_day() -> None:
    cal = get_calendar("CN-XJ")
    # 20 days from 11 September 2025 ends on 1 October (National Day): moves to 9 October.
    assert due(cal, at(2025, 9, 11, 12, 0), 20, "calendar_day") == at(2025, 10, 9, 19, 30)
    # 7 days from Monday 3 March ends on Monday 10 March, a working day.
    assert due(cal, at(2025, 3, 3, 12, 0), 7, "calendar_day") == at(2025, 3, 10, 19, 30)


def test_office_hour_and_clock_hour_deadlines() -> None:
    cal = get_calendar("CN-XJ")
    start = at(2025, 3, 3, 13, 0)
    assert due(cal, start, 4, "office_hour") == at(2025, 3, 3, 18, 30)  # 13-14, then 15:30-18:30
    assert due(cal, start, 24, "clock_hour") == at(2025, 3, 4, 13, 0)
    assert due(cal, start, 30, "minute") == at(2025, 3, 3, 13, 30)


def test_month_periods_end_on_the_corresponding_day_or_the_month_end() -> None:
    cal = get_calendar("CN-XJ")
    # 31 Jan + 1 month: there is no 31 Feb, so 28 Feb 2025, a working Friday.
    assert due(cal, at(2025, 1, 31, 12, 0), 1, "month") == at(2025, 2, 28, 19, 30)
    # 1 Sep + 1 month = 1 Oct, National Day: moves to the first working day after the break.
    assert due(cal, at(2025, 9, 1, 12, 0), 1, "month") == at(2025, 10, 9, 19, 30)


def test_elapsed_time_in_each_unit() -> None:
    cal = get_calendar("CN-XJ")
    start, end = at(2025, 6, 5, 19, 0), at(2025, 6, 11, 11, 0)
    assert elapsed(cal, start, end, "working_day") == 1  # the break in between does not count
    assert elapsed(cal, start, end, "office_hour") == 2  # 19-20 on 5 June, 10-11 on 11 June
    assert elapsed(cal, start, end, "calendar_day") == 6
    assert elapsed(cal, start, end, "clock_hour") == pytest.approx(136)


def test_units_that_are_not_time_are_refused() -> None:
    with pytest.raises(ValueError, match="not a unit of time"):
        due(get_calendar("CN-XJ"), at(2025, 3, 3, 12, 0), 3, "yuan")
    with pytest.raises(ValueError, match="whole"):
        due(get_calendar("CN-XJ"), at(2025, 3, 3, 12, 0), 1.5, "working_day")
