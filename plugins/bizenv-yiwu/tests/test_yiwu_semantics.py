"""What Yiwu's targets mean when they are judged (docs/domain.md, "What a target means when it is judged")."""

from __future__ import annotations

import pytest

import bizenv
from bizenv.metrics import metric
from bizenv.sources.targets import is_quoted


@pytest.fixture(scope="module")
def profile() -> bizenv.RegionProfile:
    return bizenv.profile("yiwu")


def target(profile: bizenv.RegionProfile, target_id: str) -> bizenv.Target:
    return profile.target(target_id)[1]


def met(profile: bizenv.RegionProfile, target_id: str, observed: float) -> bool:
    t = target(profile, target_id)
    return t.is_met_by(observed, metric(t.metric).direction)


def test_the_15_minute_circle_is_a_walking_distance(profile: bizenv.RegionProfile) -> None:
    # 48.6 "加快建设“15分钟社区卫生服务圈”": minutes of walking, a measured quantity, never a case limit.
    t = target(profile, "48.6#1")
    assert (t.metric, t.comparator, t.value, t.unit) == ("health_service_walking_time", "<=", 15, "minute")
    assert metric(t.metric).kind == "measured_quantity" and not metric(t.metric).takes_cases


@pytest.mark.parametrize(
    ("target_id", "more", "fewer"),
    [("38.2#1", 5, 1), ("44.3#1", 3, 0)],  # "培育2—4个" with five enterprises; "新增…1-2处" with three sites
)
def test_a_range_of_counts_is_a_floor(profile: bizenv.RegionProfile, target_id: str, more: float, fewer: float) -> None:
    t = target(profile, target_id)
    assert t.comparator == "range" and metric(t.metric).direction == "higher"
    assert met(profile, target_id, more) and met(profile, target_id, t.low or 0)
    assert not met(profile, target_id, fewer)


def test_annual_tax_time_is_a_measured_mean_as_in_atushi(profile: bizenv.RegionProfile) -> None:
    # 85. "2023年底，力争实现企业年平均纳税时间缩短至77个小时以内" …
    ts = profile.measure("85").targets
    assert {(t.metric, t.aggregation, t.unit, t.commitment) for t in ts} == {
        ("annual_tax_compliance_time", "mean", "clock_hour", "strive")
    }
    assert metric("annual_tax_compliance_time").kind == "measured_quantity"
    atushi = bizenv.profile("atushi").target("7#1")[1]
    assert (atushi.metric, atushi.aggregation) == ("annual_tax_compliance_time", "mean")


def test_the_three_zero_service_uses_the_metrics_of_the_other_regions(profile: bizenv.RegionProfile) -> None:
    # 31.1 "三零（即零上门、零审批、零投资）": the same metrics as Bazhou's 19 and Changji's 42.
    metrics = [t.metric for t in profile.measure("31.1").targets[:3]]
    assert metrics == [
        "electricity_connection_visits",
        "electricity_connection_approvals",
        "electricity_connection_cost",
    ]
    changji = {t.metric for t in bizenv.profile("changji").measure("42").targets}
    assert set(metrics) <= changji


def test_fees_in_words_are_zero_fees(profile: bizenv.RegionProfile) -> None:
    # 6. "…免服务费…免费提供…“零收费”…免费发布注销公告"; 48.3 "夜间免费临时停车"; 83 "免费为纳税人提供电子发票…服务"
    for tid, m, t in profile.targets():
        if (t.comparator, t.value, t.unit) == ("<=", 0, "yuan") and m.id in ("6", "48.3", "83"):
            assert metric(t.metric).kind == "price_standard", tid
    assert len(profile.measure("6").targets) == 6
    # What is not a goal is a note: an encouragement to businesses (6), the region's catalogue the county follows
    # (57), a permission granted to businesses (76.6).
    for measure_id, said in (("6", "encouragement"), ("57", "catalogue"), ("76.6", "permission")):
        (note,) = [n for n in profile.measure(measure_id).notes if n.field == "targets"]
        assert said in note.reading and note.raw in profile.measure(measure_id).text, measure_id
    assert not profile.measure("57").targets and not profile.measure("76.6").targets


def test_approval_times_keep_their_exception(profile: bizenv.RegionProfile) -> None:
    # 71. "全面实现除重大工程建设项目外，政府投资房屋建筑和市政基础设施建设项目…60个工作日内；…"
    for t in profile.measure("71").targets:
        assert t.scope is not None and t.scope.startswith("除重大工程建设项目外，")
    assert met(profile, "71#1", 45) and not met(profile, "71#1", 61)


def test_every_scope_and_clock_start_is_quoted(profile: bizenv.RegionProfile) -> None:
    for tid, m, t in profile.targets():
        for phrase in (t.scope, t.clock_start, t.excludes):
            assert phrase is None or is_quoted(phrase, m.text), (tid, phrase)
    assert target(profile, "68.3#1").clock_start == "批准"  # 批准6个月内完成用地报批手续


def test_no_target_is_an_eligibility_and_no_price_is_exact(profile: bizenv.RegionProfile) -> None:
    for tid, _, t in profile.targets():
        kind = metric(t.metric).kind
        assert kind != "eligibility", tid
        assert t.comparator != "==" or kind in ("count", "measured_quantity"), tid


def test_recurrences_and_commitments(profile: bizenv.RegionProfile) -> None:
    checks = profile.measure("10").recurrence  # 围绕清单每年对照开展核查
    monthly = profile.measure("保障措施（三）").recurrence  # 每月…听取汇报
    assert checks is not None and checks.every == "year"
    assert monthly is not None and monthly.every == "month"
    assert profile.measure("34").commitment == "explore"  # 探索开户申请“一键接入”
    # A 探索 heading carries explore, whose text says it again or not (33, 111: the heading only).
    assert [profile.measure(i).commitment for i in ("33", "34", "111")] == ["explore"] * 3
    # 2023年底前，力争实现共享信息嵌入式集成应用: 力争 covers the dated clause, a milestone, not the measure due 2024.
    (milestone,) = profile.measure("86.1").milestones
    assert (profile.measure("86.1").commitment, milestone.commitment) == (None, "strive")
