"""Properties of the value rules: every written form of a day or time reads as that day or time, nothing else
does; excluded intervals count once however they are listed."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bizenv.evaluate.cases import merge_intervals
from bizenv.inputs import values
from bizenv.inputs.values import ValueProblem

BJ = ZoneInfo("Asia/Shanghai")
days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))
times = st.times().map(lambda t: t.replace(microsecond=0))


def _forms(day: dt.date) -> list[str]:
    y, m, d = day.year, day.month, day.day
    return [
        day.isoformat(),
        f"{y}/{m}/{d}",
        f"{y}/{m:02d}/{d:02d}",
        f"{y}年{m}月{d}日",
        f"{y}.{m}.{d}",
        f"{y}{m:02d}{d:02d}",
        f"  {y}-{m}-{d} ",
        f"{y}/{m}/{d}".translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    ]


@given(days)
def test_every_written_form_of_a_day_reads_as_that_day(day: dt.date) -> None:
    for form in _forms(day):
        assert values.date(form) == day, form


@given(days, st.sampled_from(["1", "0", "x", " 1", "日1", "T25:00"]))
def test_anything_after_a_day_is_refused(day: dt.date, tail: str) -> None:
    with pytest.raises(ValueProblem):
        values.date(day.isoformat() + tail)


@given(st.integers(1990, 2099), st.integers(1, 12), st.integers(29, 35))
def test_days_that_do_not_exist_are_refused(year: int, month: int, day: int) -> None:
    try:
        dt.date(year, month, day)
    except ValueError:
        with pytest.raises(ValueProblem, match="does not exist"):
            values.date(f"{year}-{month:02d}-{day:02d}")


@given(days, times)
def test_every_written_form_of_a_time_reads_as_that_time(day: dt.date, time: dt.time) -> None:
    moment = dt.datetime.combine(day, time)
    y, m, d, hh, mm, ss = day.year, day.month, day.day, time.hour, time.minute, time.second
    forms = [
        f"{day.isoformat()} {hh:02d}:{mm:02d}:{ss:02d}",
        f"{day.isoformat()}T{hh:02d}:{mm:02d}:{ss:02d}",
        f"{y}/{m}/{d} {hh}:{mm:02d}:{ss:02d}",
        f"{y}年{m}月{d}日 {hh}时{mm:02d}分{ss:02d}秒",
        f"{y}.{m}.{d} {hh:02d}:{mm:02d}:{ss:02d}",
    ]
    for form in forms:
        assert values.datetime(form, zone="Asia/Shanghai") == moment.replace(tzinfo=BJ), form
    aware = values.datetime(f"{day.isoformat()}T{hh:02d}:{mm:02d}:{ss:02d}+06:00", zone=None)
    assert aware.utcoffset() == dt.timedelta(hours=6)


@given(days)
def test_a_day_alone_is_no_case_time(day: dt.date) -> None:
    with pytest.raises(ValueProblem, match="no time of day"):
        values.datetime(day.isoformat(), zone="Asia/Shanghai")


@given(st.floats(min_value=20000, max_value=80000, allow_nan=False).filter(lambda f: not f.is_integer()))
def test_excel_day_numbers_are_exact_to_the_second(serial: float) -> None:
    moment = values.datetime(serial, zone="Asia/Shanghai")
    assert moment.microsecond == 0
    back = (moment.replace(tzinfo=None) - dt.datetime(1899, 12, 30)).total_seconds() / 86400
    assert abs(back - serial) < 1 / 86400


@given(st.integers(min_value=20000, max_value=80000), st.booleans())
def test_a_whole_excel_day_number_is_a_date_without_a_time(serial: int, as_text: bool) -> None:
    with pytest.raises(ValueProblem, match="a date without a time"):
        values.datetime(str(serial) if as_text else float(serial), zone="Asia/Shanghai")
    assert values.date(float(serial)) == (dt.datetime(1899, 12, 30) + dt.timedelta(days=serial)).date()


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2025-03-03 10:30+08:99", "no time zone has"),
        ("2025-03-03 10:30+24:00", "no time zone has"),
        ("2025-03-03T10:30-99:00", "no time zone has"),
        ("2025-03-03 10:30+1430", "no time zone has"),
        ("0000-01-01 10:30+08:00", "before 1900"),
        ("0001-01-01 10:30+08:00", "before 1900"),
        ("0001-01-01 10:30", "before 1900"),
    ],
)
def test_offsets_no_zone_has_and_years_before_1900_are_refused(text: str, says: str) -> None:
    with pytest.raises(ValueProblem, match=says):
        values.datetime(text, zone="Asia/Shanghai")
    assert values.datetime("2025-03-03 10:30+14:00", zone=None).utcoffset() == dt.timedelta(hours=14)
    assert values.datetime("2025-03-03 10:30-12:00", zone=None).utcoffset() == dt.timedelta(hours=-12)


def test_a_day_before_1900_is_refused() -> None:
    for raw in ("0001-01-01", dt.date(1, 1, 1), dt.datetime(1, 1, 1)):
        with pytest.raises(ValueProblem, match="before 1900"):
            values.date(raw)


@given(st.sampled_from(["nan", "NaN", "inf", "-inf", "Infinity", "1e999", "1..2", "12a", "--1"]))
def test_things_that_are_not_finite_numbers_are_refused(text: str) -> None:
    with pytest.raises(ValueProblem):
        values.number(text)
    with pytest.raises(ValueProblem):
        values.number(float(text) if text.lower() in ("nan", "inf", "-inf", "infinity") else text)


START = dt.datetime(2025, 3, 3, 8, tzinfo=BJ)
spans = st.tuples(st.integers(0, 600), st.integers(0, 600)).map(
    lambda ab: (START + dt.timedelta(minutes=min(ab)), START + dt.timedelta(minutes=max(ab)))
)


@settings(max_examples=200)
@given(st.lists(spans, max_size=8), st.randoms())
def test_the_union_of_intervals_counts_each_moment_once(
    intervals: list[tuple[dt.datetime, dt.datetime]], rng: object
) -> None:
    merged = merge_intervals(intervals)
    # Disjoint, ordered, and covering exactly the minutes some interval covers.
    assert all(a <= b for a, b in merged)
    assert all(merged[i][1] < merged[i + 1][0] for i in range(len(merged) - 1))
    covered = {m for a, b in intervals for m in range(_minute(a), _minute(b))}
    assert covered == {m for a, b in merged for m in range(_minute(a), _minute(b))}
    # Listing an interval twice, or in another order, changes nothing.
    shuffled = intervals * 2
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert merge_intervals(shuffled) == merged


def _minute(moment: dt.datetime) -> int:
    return int((moment - START).total_seconds() // 60)
