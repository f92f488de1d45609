from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bizenv.model import DeadlineError, parse_deadline, parse_deadline_date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024年6月", dt.date(2024, 6, 30)),
        ("2024年2月", dt.date(2024, 2, 29)),
        ("2023年2月", dt.date(2023, 2, 28)),
        ("到2023年底", dt.date(2023, 12, 31)),
        ("2025年", dt.date(2025, 12, 31)),
        ("完成时限：2024年12月", dt.date(2024, 12, 31)),
        ("2023年12月底", dt.date(2023, 12, 31)),
        ("2024年6月30日前", dt.date(2024, 6, 30)),
        ("2024年上半年", dt.date(2024, 6, 30)),
        ("2023年第三季度", dt.date(2023, 9, 30)),
        (" 2024 年 6 月 ", dt.date(2024, 6, 30)),
    ],
)
def test_reads_the_date_a_source_deadline_means(raw: str, expected: dt.date) -> None:
    assert parse_deadline_date(raw) == expected
    assert parse_deadline(raw).raw == raw


@pytest.mark.parametrize("raw", ["20235年12月", "长期坚持", "2024年13月", "2024年2月30日", "6月底", "2024年6月及以后"])
def test_refuses_text_it_cannot_read_without_guessing(raw: str) -> None:
    with pytest.raises(DeadlineError) as info:
        parse_deadline_date(raw)
    assert raw in str(info.value)


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_full_dates_round_trip(day: dt.date) -> None:
    assert parse_deadline_date(f"{day.year}年{day.month}月{day.day}日") == day


@given(st.integers(1950, 2099), st.integers(1, 12))
def test_a_month_means_its_last_day(year: int, month: int) -> None:
    due = parse_deadline_date(f"{year}年{month}月")
    assert (due.year, due.month, due.day) == (year, month, calendar.monthrange(year, month)[1])
    assert (due + dt.timedelta(days=1)).month != month
