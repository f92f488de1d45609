"""Text repair: PDF damage removed, nothing else changed."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bizenv.sources.text import fold_punctuation, is_ascii_word_char, join_lines, remove_tags, repair, squash

# Chinese, ASCII letters and digits, punctuation of both widths, whitespace of every kind, tag remnants.
_PIECES = st.sampled_from(
    [
        "州",
        "市场",
        "监管局",
        "a",
        "Ukey",
        "150",
        "BP",
        "，",
        "、",
        "（",
        ")",
        ":",
        " ",
        "  ",
        "\n",
        "\t",
        "\u3000",
        "<p>",
        "</p>",
        "%",
        "-",
    ]
)
texts = st.lists(_PIECES, max_size=30).map("".join)


def test_spaces_inside_chinese_are_removed() -> None:
    assert repair("州市场 监管局") == "州市场监管局"
    assert repair("陈 亮") == "陈亮"
    assert repair("“企业开办” 全流程") == "“企业开办”全流程"


def test_a_space_between_ascii_words_is_kept_as_one() -> None:
    assert repair("LPR  150") == "LPR 150"
    assert repair("申领税务 Ukey 和电子发票") == "申领税务Ukey和电子发票"
    assert repair("10 %") == "10%"


def test_tags_and_outer_whitespace_are_removed() -> None:
    assert repair("  <p>开办企业</p>\n") == "开办企业"
    assert remove_tags("<p>a</p>b") == "ab"


def test_line_and_page_breaks_inside_words_are_joined() -> None:
    assert (
        join_lines(["2.优化全流程服务。推动实现“企", "", "业开办”全流程网办"])
        == "2.优化全流程服务。推动实现“企业开办”全流程网办"
    )
    assert join_lines(["version 2", "024"]) == "version 2 024"


@given(texts)
def test_repair_is_idempotent(text: str) -> None:
    assert repair(repair(text)) == repair(text)


@given(texts)
def test_repair_changes_nothing_but_whitespace_and_tags(text: str) -> None:
    assert squash(repair(text)) == squash(remove_tags(text))


@given(texts)
def test_whitespace_is_left_only_as_one_space_between_ascii_words(text: str) -> None:
    repaired = repair(text)
    for match in re.finditer(r"\s+", repaired):
        assert match[0] == " "
        assert is_ascii_word_char(repaired[match.start() - 1]) and is_ascii_word_char(repaired[match.end()])


@given(texts)
def test_folding_keeps_offsets_and_is_idempotent(text: str) -> None:
    folded = fold_punctuation(text)
    assert len(folded) == len(text)
    assert fold_punctuation(folded) == folded
    assert not set("():;,") & set(folded)


def test_folding_gives_the_full_width_forms() -> None:
    assert fold_punctuation("(责任单位:州税务局,公安局)") == "（责任单位：州税务局，公安局）"
