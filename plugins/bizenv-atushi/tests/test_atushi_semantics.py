"""What Atushi's targets mean when they are judged (docs/domain.md, "What a target means when it is judged")."""

from __future__ import annotations

import pytest

import bizenv
from bizenv.metrics import metric
from bizenv.sources.targets import is_quoted


@pytest.fixture(scope="module")
def profile() -> bizenv.RegionProfile:
    return bizenv.profile("atushi")


def target(profile: bizenv.RegionProfile, target_id: str) -> bizenv.Target:
    return profile.target(target_id)[1]


def test_a_permit_in_13_working_days_meets_the_30_to_60_range(profile: bizenv.RegionProfile) -> None:
    # 9. "力争到2022年底将审批时限压缩至30-60个工作日内": a ceiling by project type, never a band.
    t = target(profile, "9#1")
    direction = metric(t.metric).direction
    assert direction == "lower" and (t.low, t.high) == (30, 60)
    assert t.is_met_by(13, direction) and t.is_met_by(60, direction) and not t.is_met_by(61, direction)
    assert t.commitment == "strive"


def test_zero_investment_is_for_businesses_of_at_most_160_kw(profile: bizenv.RegionProfile) -> None:
    # 6. "实现160千瓦及以下的小微企业用电报装“零投资”": a condition of the zero-cost target, read as Changji's.
    t = target(profile, "6#1")
    assert (t.metric, t.comparator, t.value, t.unit) == ("electricity_connection_cost", "<=", 0, "yuan")
    (capacity,) = t.conditions
    assert (capacity.metric, capacity.comparator, capacity.value, capacity.unit) == (
        "electricity_connection_capacity",
        "<=",
        160,
        "kw",
    )
    assert capacity.holds_for(160) and not capacity.holds_for(200)
    assert metric(capacity.metric).kind == "eligibility"


def test_the_raised_connection_capacity_bounds_the_small_business_steps(profile: bizenv.RegionProfile) -> None:
    # 6. "将小微企业接电容量由100千伏安提升至160千伏安": who connects with two steps, never a target of its own.
    t = target(profile, "6#2")
    assert (t.metric, t.value, t.baseline, t.scope) == ("electricity_connection_steps", 2, 3, "小微企业")
    (capacity,) = t.conditions
    assert (capacity.metric, capacity.value, capacity.unit) == ("electricity_connection_capacity", 160, "kva")
    assert [tid for tid, _, x in profile.targets() if metric(x.metric).kind == "eligibility"] == []


def test_the_loan_ceiling_says_which_loans_count(profile: bizenv.RegionProfile) -> None:
    # 3. "贷款额度最高20万元" bounds the subsidised loans of "支持新增发放创业担保贷款500万元".
    t = target(profile, "3#1")
    assert (t.metric, t.comparator, t.value, metric(t.metric).kind) == (
        "startup_guarantee_loans_issued",
        ">=",
        500,
        "measured_quantity",
    )
    (loan,) = t.conditions
    assert (loan.metric, loan.comparator, loan.value, loan.unit) == (
        "startup_loan_amount",
        "<=",
        20,
        "ten_thousand_yuan",
    )


def test_annual_tax_time_is_the_measured_quantity_yiwu_measures(profile: bizenv.RegionProfile) -> None:
    # 7. "将纳税缴费时间压减至100小时以内" and Yiwu's "年平均纳税时间缩短至77个小时以内": one quantity, one mean.
    t = target(profile, "7#1")
    assert (t.metric, t.aggregation, t.unit) == ("annual_tax_compliance_time", "mean", "clock_hour")
    assert metric(t.metric).kind == "measured_quantity" and not metric(t.metric).takes_cases
    yiwu = bizenv.profile("yiwu").target("85#1")[1]
    assert (yiwu.metric, yiwu.aggregation, yiwu.unit) == (t.metric, t.aggregation, t.unit)


def test_free_tax_keys_are_a_zero_fee(profile: bizenv.RegionProfile) -> None:
    # 13. "为更多市场主体免费发放税务U盾", as Bazhou's 免费为更多市场主体发放税务UKey.
    t = target(profile, "13#1")
    assert (t.metric, t.comparator, t.value, t.unit) == ("tax_ukey_fee", "<=", 0, "yuan")
    assert bizenv.profile("bazhou").target("(2)#1")[1].metric == t.metric


def test_scopes_are_quoted(profile: bizenv.RegionProfile) -> None:
    for tid, m, t in profile.targets():
        assert t.scope is None or is_quoted(t.scope, m.text), (tid, t.scope)
    assert target(profile, "6#5").scope == "小、…工商用户"  # 小、中型工商用户: 小(型) with 7 working days


def test_only_the_source_s_average_is_a_mean_of_cases(profile: bizenv.RegionProfile) -> None:
    # 25. "将正常出口退税业务平均办理时间压缩至7个工作日以内"
    t = target(profile, "25#1")
    assert (t.metric, t.aggregation) == ("export_tax_refund_time", "mean")
    case_means = [
        tid for tid, _, x in profile.targets() if x.aggregation == "mean" and metric(x.metric).kind == "case_time_limit"
    ]
    assert case_means == ["25#1"]
