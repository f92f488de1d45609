"""Wall-clock and UTC microseconds of many instants at once are those Python's datetime gives one by one, in
years of one offset and years that change it (and in arrays that mix them, as the 1970 placeholder of an open
case beside 2025 times does)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bizenv.calendars import batch

EPOCH_UTC = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
EPOCH = dt.datetime(1970, 1, 1)
US = dt.timedelta(microseconds=1)
ZONES = ["Asia/Shanghai", "Asia/Urumqi", "America/New_York", "Europe/London", "UTC"]
#: 1900–2100 in microseconds, with the placeholder 0 and Shanghai's daylight-saving years (1986–1991) often.
MOMENT = st.one_of(
    st.integers(-2_208_988_800_000_000, 4_102_444_800_000_000),
    st.just(0),
    st.integers(504_921_600_000_000, 694_224_000_000_000),
    st.integers(1_704_067_200_000_000, 1_767_225_600_000_000),
)


def python_wall(zone: ZoneInfo, utc: int) -> int:
    return ((EPOCH_UTC + dt.timedelta(microseconds=utc)).astimezone(zone).replace(tzinfo=None) - EPOCH) // US


def python_utc(zone: ZoneInfo, wall: int) -> int:
    return ((EPOCH + dt.timedelta(microseconds=wall)).replace(tzinfo=zone) - EPOCH_UTC) // US


@settings(max_examples=200, deadline=None)
@given(zone=st.sampled_from(ZONES), values=st.lists(MOMENT, min_size=1, max_size=30))
def test_arrays_of_instants_convert_as_python_converts_each(zone: str, values: list[int]) -> None:
    tz = ZoneInfo(zone)
    array = np.array(values, dtype=np.int64)
    assert batch.utc_to_wall_us(tz, array).tolist() == [python_wall(tz, v) for v in values]
    assert batch.wall_to_utc_us(tz, array).tolist() == [python_utc(tz, v) for v in values]


def test_a_placeholder_of_1970_beside_recent_times_keeps_the_array_path_exact() -> None:
    tz = ZoneInfo("Asia/Shanghai")
    recent = np.arange(1_735_689_600_000_000, 1_735_689_600_000_000 + 10**6 * 3600 * 1000, 10**6 * 3600)
    values = np.concatenate([[0], recent, [0]])
    walls = batch.utc_to_wall_us(tz, values)
    assert walls.tolist() == [python_wall(tz, int(v)) for v in values]
    assert (walls[1:-1] - recent == 8 * 3600 * 10**6).all()
