"""The vectorised date-time parsers of the chunk-wise reader against the row reader's ``values.datetime``, cell
by cell: a cell read on columns has the row reader's instant and offset; a cell the row reader refuses is never
read on columns (it goes to the row reader, which rejects it with its reason)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bizenv.inputs import chunks, values

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _reference(cell: object, zone: str | None) -> tuple[int, int] | None:
    """UTC microseconds and offset seconds as the row reader reads the cell; None when it refuses it."""
    try:
        moment = values.datetime(cell, zone=zone)
    except values.ValueProblem:
        return None
    offset = moment.utcoffset()
    assert offset is not None
    return (moment - _EPOCH) // dt.timedelta(microseconds=1), int(offset.total_seconds())


def _check(cells: list[str], zone: str | None) -> np.ndarray:
    ok, utc, offset = chunks._moments(pa.array(cells, pa.string()), zone)
    for i, cell in enumerate(cells):
        expected = _reference(cell, zone)
        if ok[i]:
            assert expected is not None, f"read on columns, refused by the row reader: {cell!r}"
            assert (int(utc[i]), int(offset[i])) == expected, cell
    return ok


digits = st.integers(0, 99).map(str) | st.integers(0, 9).map(lambda d: f"0{d}") | st.sampled_from(["", "1", "123"])
years = st.integers(1890, 2130).map(str) | st.sampled_from(["0001", "202", "20250"])
days = st.one_of(
    st.tuples(years, st.sampled_from("-/."), digits, st.sampled_from("-/."), digits).map("".join),
    st.tuples(years, st.just("年"), digits, st.just("月"), digits, st.sampled_from(["日", ""])).map("".join),
    st.tuples(years, st.integers(0, 13), st.integers(0, 32)).map(lambda t: f"{t[0]}{t[1]:02d}{t[2]:02d}"),
)
between = st.sampled_from(["", " ", "T", "  ", "T ", "\t", "日", "TT"])
times = st.tuples(
    digits,
    st.sampled_from([":", "时"]),
    digits,
    st.sampled_from(["", "分"]),
    st.sampled_from(["", ":00", ":59", ":60", "30", ":07.5", ":07.123456", ":07.1234567", "30秒", ":30秒"]),
).map("".join)
offsets = st.sampled_from(["", "Z", "+08:00", "-05:30", "+0800", "+14:00", "+14:01", "+08:99", "-1200", "+8:00"])
moments = st.tuples(days, between, times, offsets).map("".join)
serials = st.one_of(
    st.floats(19000, 81000).map(repr),
    st.integers(10000, 99999).map(str),
    st.tuples(st.integers(19990, 80010), st.integers(0, 10**12)).map(lambda t: f"{t[0]}.{t[1]}"),
    st.tuples(st.integers(20000, 80000), st.sampled_from(["0", "00", "5", "50000000001"])).map(
        lambda t: f"{t[0]}.{t[1]}"
    ),
)
cells = moments | serials | st.text(alphabet="0123456789-/.:T 年月日时分秒Z+", max_size=28)


@settings(max_examples=400, deadline=None)
@given(st.lists(cells, min_size=1, max_size=30), st.sampled_from([None, "Asia/Shanghai", "America/New_York"]))
def test_cells_read_on_columns_are_read_as_the_row_reader_reads_them(texts: list[str], zone: str | None) -> None:
    _check(texts, zone)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(allow_nan=True, allow_infinity=True) | st.floats(19990, 80010), min_size=1, max_size=30),
    st.sampled_from([None, "Asia/Shanghai", "Asia/Urumqi"]),
)
def test_excel_day_numbers_in_number_columns_are_read_as_the_row_reader_reads_them(
    numbers: list[float], zone: str | None
) -> None:
    ok, utc, offset = chunks._serial_moments(np.array(numbers, np.float64), zone)
    for i, number in enumerate(numbers):
        expected = _reference(number, zone)
        if ok[i]:
            assert (int(utc[i]), int(offset[i])) == expected, number
        else:
            assert expected is None or zone is None, number


@pytest.mark.parametrize(
    "cell",
    [
        "2024年6月30日 10时00分",
        "2024年6月30日10时00分30秒",
        "2024年6月30日 10:00",
        "20240630 10:00",
        "20240630T10:00:00+08:00",
        "2024-06-30  10:00",
        "2024/6/30 9时05分",
        "45473.4167",
        "2024.6.30T10:00Z",
    ],
)
def test_the_office_forms_are_read_on_columns(cell: str) -> None:
    assert _check([cell], "Asia/Shanghai").all()


def test_a_column_of_excel_day_numbers_is_judged_on_columns_as_the_row_reader_does() -> None:
    from bizenv.inputs import read_cases
    from bizenv.inputs.readers import read_cases_rows

    table = pa.table(
        {
            "case_id": ["a", "b", "c", "d"],
            "target_id": ["1#1"] * 4,
            "submitted_at": [45473.4167, 45473.0, float("nan"), 45474.5],
            "completed_at": [45474.5, 45475.25, 45475.25, None],
        }
    )
    columns, rows = read_cases(table, zone="Asia/Shanghai"), read_cases_rows(table, zone="Asia/Shanghai")
    assert columns.records == rows.records
    assert [r.reason for r in columns.rejections] == [r.reason for r in rows.rejections]
    assert len(columns.records) + len(columns.rejections) == 4


def test_a_cell_that_only_looks_like_a_date_time_is_rejected_not_a_crash() -> None:
    from bizenv.inputs import read_cases
    from bizenv.inputs.readers import read_cases_rows

    # 16 bytes, as "2025-03-03 10:00" is, with other bytes in the places of its digits and marks.
    table = pa.table({"case_id": ["a"], "target_id": ["1#1"], "submitted_at": [":000000分分分"]})
    columns, rows = read_cases(table, zone="Asia/Shanghai"), read_cases_rows(table, zone="Asia/Shanghai")
    assert not columns.records
    assert [r.reason for r in columns.rejections] == [r.reason for r in rows.rejections]
    assert len(columns.rejections) == 1
