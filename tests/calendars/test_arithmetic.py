"""Working-day and office-hour arithmetic: properties, workalendar equivalence, scenarios, batch = scalar."""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from workalendar.core import Calendar as WorkalendarCalendar

from bizenv.calendars import (
    NaiveDatetimeError,
    NoOfficeHoursError,
    ProvisionalDataError,
    WorkingCalendar,
    batch,
    get_calendar,
)

BJ = ZoneInfo("Asia/Shanghai")
XJ_TIME = ZoneInfo("Asia/Urumqi")
D = dt.date


@cache
def xj() -> WorkingCalendar:
    # Official Xinjiang years only, so no provisional warning is involved; built once for the module.
    return get_calendar("CN-XJ")


# Up to 30 December, so that the next midnight stays in an official Xinjiang year too.
official_days = st.sampled_from([2022, 2023, 2025]).flatmap(
    lambda y: st.dates(min_value=D(y, 1, 1), max_value=D(y, 12, 30))
)
national_days = st.dates(min_value=D(2018, 1, 1), max_value=D(2026, 12, 31))
instants = st.builds(
    lambda day, minute: dt.datetime.combine(day, dt.time(), BJ) + dt.timedelta(minutes=minute),
    # Ends mid-December: adding up to a working week of office time must not reach provisional 2026.
    st.dates(min_value=D(2025, 1, 1), max_value=D(2025, 12, 15)),
    st.integers(0, 24 * 60 - 1),
)


@given(st.dates(min_value=D(2018, 1, 1), max_value=D(2026, 3, 1)), st.integers(0, 200))
def test_adding_n_working_days_then_measuring_gives_n(day: dt.date, n: int) -> None:
    cn = get_calendar("CN")
    later = cn.add_working_days(day, n)
    assert cn.get_working_days_delta(day, later) == n
    assert cn.working_days_between(day, later) == n
    if cn.is_working_day(day):
        assert cn.sub_working_days(later, n) == day


@given(national_days, national_days, national_days)
def test_deltas_are_additive_over_adjacent_intervals(a: dt.date, b: dt.date, c: dt.date) -> None:
    cn = get_calendar("CN")
    assert cn.working_days_between(a, c) == cn.working_days_between(a, b) + cn.working_days_between(b, c)


@settings(max_examples=60)
@given(national_days, national_days, st.booleans())
def test_fast_paths_equal_workalendar_generic_algorithm(a: dt.date, b: dt.date, include_start: bool) -> None:
    cn = get_calendar("CN")
    if abs((b - a).days) > 400:
        b = a + dt.timedelta(days=(b - a).days % 400)
        if b.year > 2026:
            return
    assert cn.get_working_days_delta(a, b, include_start) == WorkalendarCalendar.get_working_days_delta(
        cn, a, b, include_start
    )
    n = abs((b - a).days) % 40
    try:
        expected = WorkalendarCalendar.add_working_days(cn, a, n)
    except Exception:
        return
    assert cn.add_working_days(a, n) == expected


@given(instants, instants)
def test_office_time_never_exceeds_clock_time_and_is_antisymmetric(a: dt.datetime, b: dt.datetime) -> None:
    cal = xj()
    seconds = cal.office_seconds_between(a, b)
    assert abs(seconds) <= abs((b - a).total_seconds())
    assert cal.office_seconds_between(b, a) == -seconds


@given(instants, st.integers(0, 60 * 8 * 5))
def test_adding_office_hours_then_measuring_round_trips(start: dt.datetime, minutes: int) -> None:
    cal = xj()
    end = cal.add_office_hours(start, minutes / 60)
    assert cal.office_seconds_between(start, end) == minutes * 60
    assert end >= start


@given(official_days)
def test_no_office_time_across_a_closed_day(day: dt.date) -> None:
    cal = xj()
    start = dt.datetime.combine(day, dt.time(), BJ)
    hours = cal.office_hours_between(start, start + dt.timedelta(days=1))
    assert hours == (8.0 if cal.is_working_day(day) else 0.0)


def test_scenario_spring_festival_2025_with_make_up_days() -> None:
    cal = xj()
    # Friday 24 January; Sunday 26 January is a make-up working day; 28 Jan - 4 Feb off.
    assert cal.add_working_days(D(2025, 1, 24), 1) == D(2025, 1, 26)
    assert cal.add_working_days(D(2025, 1, 24), 2) == D(2025, 1, 27)
    assert cal.add_working_days(D(2025, 1, 24), 3) == D(2025, 2, 5)
    assert cal.get_working_days_delta(D(2025, 1, 24), D(2025, 2, 8)) == 6  # 26, 27 Jan; 5, 6, 7, Sat 8 Feb


def test_scenario_guerbang_2025_and_the_office_hour_switches() -> None:
    cal = xj()
    friday_before = dt.datetime(2025, 6, 5, 18, 0, tzinfo=BJ)  # summer: 16:00-20:00 afternoon
    assert cal.add_office_hours(friday_before, 4) == dt.datetime(2025, 6, 11, 12, 0, tzinfo=BJ)
    # 30 April is winter (afternoon 15:30-19:30), 6 May summer (16:00-20:00); 1-5 May off.
    assert (
        cal.office_hours_between(dt.datetime(2025, 4, 30, 15, 0, tzinfo=BJ), dt.datetime(2025, 5, 6, 17, 0, tzinfo=BJ))
        == 9
    )
    # 30 September is summer; 1-8 October off; 9 October winter.
    assert cal.office_periods(D(2025, 9, 30))[1][0].time() == dt.time(16, 0)
    assert cal.office_periods(D(2025, 10, 9))[1][0].time() == dt.time(15, 30)
    assert cal.office_periods(D(2025, 10, 11))[1][1].time() == dt.time(19, 30)  # make-up Saturday
    assert cal.office_periods(D(2025, 10, 12)) == []
    assert cal.next_opening(dt.datetime(2025, 9, 30, 20, 0, tzinfo=BJ)) == dt.datetime(2025, 10, 9, 10, 0, tzinfo=BJ)
    assert cal.next_opening(dt.datetime(2025, 10, 9, 14, 30, tzinfo=BJ)) == dt.datetime(2025, 10, 9, 15, 30, tzinfo=BJ)


def test_scenario_year_end_2022_to_2023() -> None:
    cal = xj()
    # 31 Dec 2022 - 2 Jan 2023 off (the 2023 notice); 30 Dec 2022 a Friday.
    assert cal.add_working_days(D(2022, 12, 30), 1) == D(2023, 1, 3)
    assert cal.add_office_hours(dt.datetime(2022, 12, 30, 19, 0, tzinfo=BJ), 1) == dt.datetime(
        2023, 1, 3, 10, 30, tzinfo=BJ
    )


def test_time_zones_are_converted_and_naive_times_refused() -> None:
    cal = xj()
    with pytest.raises(NaiveDatetimeError, match="Asia/Urumqi"):
        cal.office_hours_between(dt.datetime(2025, 3, 3, 10), dt.datetime(2025, 3, 3, 12))
    # 08:00 Xinjiang time is 10:00 Beijing time: offices just open.
    start = dt.datetime(2025, 3, 3, 8, 0, tzinfo=XJ_TIME)
    assert cal.office_hours_between(start, dt.datetime(2025, 3, 3, 12, 0, tzinfo=BJ)) == 2
    assert cal.office_hours_between(dt.datetime(2025, 3, 3, 8), dt.datetime(2025, 3, 3, 10), zone="Asia/Urumqi") == 2


def test_national_calendar_has_no_office_hours() -> None:
    with pytest.raises(NoOfficeHoursError, match="CN-XJ"):
        get_calendar("CN").office_hours_between(
            dt.datetime(2025, 3, 3, 10, tzinfo=BJ), dt.datetime(2025, 3, 4, tzinfo=BJ)
        )


@settings(max_examples=25)
@given(st.lists(st.tuples(instants, instants), min_size=1, max_size=50))
def test_batch_equals_scalar(pairs: list[tuple[dt.datetime, dt.datetime]]) -> None:
    cal = xj()
    starts = np.array([a.astimezone(dt.UTC).replace(tzinfo=None) for a, _ in pairs], dtype="datetime64[s]")
    ends = np.array([b.astimezone(dt.UTC).replace(tzinfo=None) for _, b in pairs], dtype="datetime64[s]")
    expected = [cal.office_seconds_between(a, b) for a, b in pairs]
    assert batch.office_seconds_between(cal, starts, ends, zone="UTC").tolist() == expected
    # The same instants written in Beijing time, and as aware datetimes and a zone-aware pandas column.
    local = np.array([a.replace(tzinfo=None) for a, _ in pairs], dtype="datetime64[s]")
    local_ends = np.array([b.replace(tzinfo=None) for _, b in pairs], dtype="datetime64[s]")
    assert batch.office_seconds_between(cal, local, local_ends, zone="Asia/Shanghai").tolist() == expected
    aware = batch.office_seconds_between(cal, [a for a, _ in pairs], [b for _, b in pairs])
    assert aware.tolist() == expected
    column = pd.Series([a for a, _ in pairs]).dt.tz_convert("Asia/Urumqi")
    assert batch.office_seconds_between(cal, column, pd.Series([b for _, b in pairs])).tolist() == expected
    days_a = np.array([a.date() for a, _ in pairs], dtype="datetime64[D]")
    days_b = np.array([b.date() for _, b in pairs], dtype="datetime64[D]")
    assert batch.working_days_between(cal, days_a, days_b).tolist() == [
        cal.working_days_between(a.date(), b.date()) for a, b in pairs
    ]
    assert batch.is_working(cal, days_a).tolist() == [cal.is_working_day(a.date()) for a, _ in pairs]


def test_batch_refuses_naive_instants_and_checks_every_year_passed_through() -> None:
    cal = xj()
    naive = np.array(["2025-03-03T10:00"], dtype="datetime64[s]")
    with pytest.raises(NaiveDatetimeError):
        batch.office_seconds_between(cal, naive, naive)
    # Beijing-local 10:00-12:00 is 2.0 office hours; the same text read as UTC would be 18:00-20:00 (1.5 in winter).
    ends = np.array(["2025-03-03T12:00"], dtype="datetime64[s]")
    assert batch.office_hours_between(cal, naive, ends, zone="Asia/Shanghai").tolist() == [2.0]
    with pytest.raises(ValueError, match="unknown time zone"):
        batch.office_hours_between(cal, naive, ends, zone="Asia/Beijing")
    strict = get_calendar("CN-XJ", provisional="error")
    # 2023 and 2025 are official; 2024 between them is estimated: a pair spanning it uses the estimate.
    starts = np.array(["2023-06-01"], dtype="datetime64[D]")
    later = np.array(["2025-06-02"], dtype="datetime64[D]")
    with pytest.raises(ProvisionalDataError, match="2024"):
        batch.working_days_between(strict, starts, later)
    with pytest.raises(ProvisionalDataError, match="2024"):
        strict.add_working_days(dt.date(2023, 6, 1), 400)
    with pytest.raises(ProvisionalDataError, match="2024"):
        strict.working_days_between(dt.date(2023, 6, 1), dt.date(2025, 6, 2))


def test_an_aware_moment_is_on_its_day_in_the_calendars_zone_not_its_utc_day() -> None:
    cal = xj()
    # 2025-09-30T20:00Z is 04:00 on 1 October in Beijing: National Day, not the Tuesday before it.
    moment = dt.datetime(2025, 9, 30, 20, tzinfo=dt.UTC)
    assert cal.is_working_day(dt.date(2025, 9, 30)) and not cal.is_working_day(moment)
    assert cal.is_holiday(moment)
    assert cal.is_working_day(dt.datetime(2025, 9, 30, 20))  # a naive moment is taken as written


def test_working_days_are_whole_numbers_and_the_calendar_is_typed_without_workalendar_as_base() -> None:
    from bizenv.errors import ArgumentError

    cal = xj()
    assert not isinstance(cal, WorkalendarCalendar)
    with pytest.raises(ArgumentError, match="whole number"):
        cal.add_working_days(dt.date(2025, 3, 3), 1.5)  # type: ignore[arg-type]
    assert cal.sub_working_days(dt.date(2025, 4, 1), 2) == cal.add_working_days(dt.date(2025, 4, 1), -2)
    assert cal.holidays_set(2025) == {d for d, _n in cal.holidays(2025)}
    assert cal.get_holiday_label(dt.date(2025, 10, 1)) is not None
    assert cal.get_holiday_label(dt.date(2025, 10, 9)) is None
    extra = dt.date(2025, 3, 4)
    assert cal.add_working_days(dt.date(2025, 3, 3), 1, extra_holidays=[extra]) == dt.date(2025, 3, 5)
