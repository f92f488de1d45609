"""Chinese numerals and zero in words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bizenv.sources.numerals import ZERO_WORDS, cn_numeral, cn_numeral_value, counts_in_words, numbers_in, zero_in_words


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("九", 9),
        ("十", 10),
        ("十一", 11),
        ("十八", 18),
        ("十九", 19),
        ("二十", 20),
        ("二十三", 23),
        ("九十九", 99),
    ],
)
def test_values(text: str, value: int) -> None:
    assert cn_numeral_value(text) == value
    assert cn_numeral(value) == text


@given(st.integers(min_value=1, max_value=99))
def test_numeral_round_trip(value: int) -> None:
    assert cn_numeral_value(cn_numeral(value)) == value


@pytest.mark.parametrize("text", ["", "零", "一十", "十十", "百", "2", "二十二十"])
def test_not_numerals_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        cn_numeral_value(text)


@pytest.mark.parametrize("value", [0, 100, -1])
def test_values_outside_the_range_are_refused(value: int) -> None:
    with pytest.raises(ValueError):
        cn_numeral(value)


@pytest.mark.parametrize(
    "raw",
    [
        "实现企业开办“零费用”",
        "零成本",
        "电力接入“零投资”",
        "初次申领发票即办件",
        "当日办结",
        "当场受理",
        "一次都不跑",
        "免费发布",
        "全部“清零”",
    ],
)
def test_zero_in_words(raw: str) -> None:
    assert zero_in_words(raw)


def test_one_list_of_zero_words() -> None:
    assert len(ZERO_WORDS) == len(set(ZERO_WORDS))
    assert not zero_in_words("压缩至5个工作日")


def test_numbers_and_counts() -> None:
    assert numbers_in("居民照明：0.49元/千瓦时（政府补贴0.1元）") == [0.49, 0.1]
    assert counts_in_words("每个项目只进行一次公示") == [1]
    assert counts_in_words("提交一套资料，提出两次申请") == [1, 2]
