"""Target phrases and the checks that keep curated targets to the source's numbers."""

from __future__ import annotations

from typing import Any

import pytest

from bizenv.model import DataNote
from bizenv.sources.targets import check_targets, read_phrases


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("实现企业开办时间由3个工作日内压减至2个工作日内办结", [("reduction", (3.0, 2.0), "working_day")]),
        ("企业简易注销公示时间由45日缩减至20日", [("reduction", (45.0, 20.0), "calendar_day")]),
        ("将小微企业接电容量由100千伏安提升至160千伏安", [("reduction", (100.0, 160.0), "kva")]),
        ("审批时限压缩至30-60个工作日内", [("range", (30.0, 60.0), "working_day")]),
        ("控制在20至60分钟之间", [("range", (20.0, 60.0), "office_minute")]),
        ("企业设立登记4个小时内办结", [("within", (4.0,), "office_hour")]),
        ("用水报装压缩至5个工作日以内", [("within", (5.0,), "working_day")]),
        ("社会小型工程项目30至个工作日内", []),
        ("年平均纳税时间缩短至77个小时以内", []),
    ],
)
def test_phrases(raw: str, expected: list[tuple[str, tuple[float, ...], str]]) -> None:
    assert [(p.kind, p.numbers, p.unit) for p in read_phrases(raw)] == expected


TEXT = (
    "实现企业开办时间由3个工作日内压减至2个工作日内办结，实现企业开办“零费用”，每个项目只进行一次公示。"
    "10千伏高压户均停电时间小于15小时/年"
)


def target(**fields: Any) -> dict[str, Any]:
    return {"metric": "m", "comparator": "<=", "unit": "working_day", **fields}


def test_good_targets_pass() -> None:
    targets = [
        target(value=2, baseline=3, raw="由3个工作日内压减至2个工作日内"),
        target(value=0, unit="yuan", raw="实现企业开办“零费用”"),
        target(value=1, unit="count", raw="每个项目只进行一次公示"),
        target(value=15, unit="clock_hour", scope="10千伏高压", raw="10千伏高压户均停电时间小于15小时/年"),
    ]
    assert check_targets(targets, TEXT, []) == []


def test_raw_must_be_in_the_text() -> None:
    assert check_targets([target(value=2, raw="压减至2个工作日办结")], TEXT, []) == [
        "target #1: raw '压减至2个工作日办结' is not in the measure's text"
    ]


def test_a_value_must_occur_in_raw() -> None:
    problems = check_targets([target(value=4, baseline=3, raw="由3个工作日内压减至2个工作日内")], TEXT, [])
    assert problems == [
        "target #1: value 4 does not occur in raw '由3个工作日内压减至2个工作日内'",
        "target #1: the number 2 of raw '由3个工作日内压减至2个工作日内' is not accounted for",
    ]


def test_every_number_of_raw_is_accounted_for() -> None:
    (problem,) = check_targets([target(value=2, raw="由3个工作日内压减至2个工作日内")], TEXT, [])
    assert "the number 3 of raw" in problem


def test_targets_sharing_a_raw_account_for_its_numbers_together() -> None:
    text = "低压、中压正常施工时间分别压缩至10天、30天以内"
    raw = "分别压缩至10天、30天以内"
    targets = [target(value=10, unit="calendar_day", raw=raw), target(value=30, unit="calendar_day", raw=raw)]
    assert check_targets(targets, text, []) == []


def test_a_pattern_phrase_gives_the_unit() -> None:
    (problem,) = check_targets(
        [target(value=2, baseline=3, unit="calendar_day", raw="由3个工作日内压减至2个工作日内")], TEXT, []
    )
    assert "reads as working_day" in problem


def test_a_note_on_the_target_explains_an_exception() -> None:
    note = DataNote(field="targets[0].unit", raw="x", reading="calendar days", reason="why")
    assert (
        check_targets(
            [target(value=2, baseline=3, unit="calendar_day", raw="由3个工作日内压减至2个工作日内")], TEXT, [note]
        )
        == []
    )
    note = DataNote(field="targets[0].value", raw="0.1万人次", reading="1000", reason="0.1万 = 1,000")
    text = "全年开展各类职业技能培训达到0.1万人次"
    assert check_targets([target(value=1000, unit="count", label="0.1万人次", raw=text)], text, [note]) == []


def test_due_must_be_in_the_text() -> None:
    (problem,) = check_targets([target(value=0, unit="yuan", due="到2023年底", raw="实现企业开办“零费用”")], TEXT, [])
    assert "due '到2023年底'" in problem
