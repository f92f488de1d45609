"""What Changji's targets mean when they are judged (docs/domain.md, "What a target means when it is judged")."""

from __future__ import annotations

import pytest

import bizenv
from bizenv.metrics import metric
from bizenv.model import Condition
from bizenv.sources.targets import is_quoted


@pytest.fixture(scope="module")
def profile() -> bizenv.RegionProfile:
    return bizenv.profile("changji")


def target(profile: bizenv.RegionProfile, target_id: str) -> bizenv.Target:
    return profile.target(target_id)[1]


def bound(condition: Condition) -> tuple[str, str, float, str]:
    return (condition.metric, condition.comparator, condition.value, condition.unit)


def test_three_zero_targets_carry_the_160_kw_condition(profile: bizenv.RegionProfile) -> None:
    # 42. "实现居民用户和160kW及以下小微企业用电报装“三零”（即零上门、零审批、零投资）服务"
    business = [target(profile, f"42#{n}") for n in (2, 4, 6)]
    assert [(t.metric, t.value) for t in business] == [
        ("electricity_connection_visits", 0),
        ("electricity_connection_approvals", 0),
        ("electricity_connection_cost", 0),
    ]
    for t in business:
        assert t.scope == "160kW及以下小微企业"
        assert [bound(c) for c in t.conditions] == [("electricity_connection_capacity", "<=", 160, "kw")]
    # Residents get 三零 with no capacity bound.
    assert [(target(profile, f"42#{n}").scope, target(profile, f"42#{n}").conditions) for n in (1, 3, 5)] == [
        ("居民用户", ())
    ] * 3


def test_the_160_kw_condition_reads_as_atushi_s(profile: bizenv.RegionProfile) -> None:
    (atushi,) = bizenv.profile("atushi").target("6#1")[1].conditions
    (changji,) = target(profile, "42#6").conditions
    assert bound(atushi) == bound(changji)
    assert metric(changji.metric).kind == "eligibility"
    assert [tid for tid, _, t in profile.targets() if metric(t.metric).kind == "eligibility"] == []


def test_the_15_days_of_three_zero_do_not_stretch_to_high_voltage(profile: bizenv.RegionProfile) -> None:
    # "将实行“三零”服务的居民用户…5个工作日内，非居民用户…15个工作日内": the non-residents under 三零.
    t = target(profile, "42#8")
    assert (t.value, t.unit, t.scope) == (15, "working_day", "实行“三零”服务的…非居民用户")
    (capacity,) = t.conditions
    assert capacity.holds_for(100) and not capacity.holds_for(315)  # a 315 kVA high-voltage user gets 三省


def test_procurement_amounts_are_conditions_of_the_reservation(profile: bizenv.RegionProfile) -> None:
    # 21. "对200万元以下的货物、服务和400万元以下的工程，…采购人应当专门面向中小微企业采购"
    reserved = profile.measure("21").targets
    assert [(t.metric, t.comparator, t.value, t.unit) for t in reserved] == [
        ("sme_reserved_procurement_share", ">=", 100, "percent")
    ] * 2
    assert [bound(t.conditions[0]) for t in reserved] == [
        ("procurement_budget", "<=", 200, "ten_thousand_yuan"),
        ("procurement_budget", "<=", 400, "ten_thousand_yuan"),
    ]
    assert metric("procurement_budget").kind == "eligibility"


@pytest.mark.parametrize(("target_id", "comparator", "value"), [("23#1", "<", 2), ("33#1", "<=", 1)])
def test_bond_and_guarantee_rates_bound_every_project(
    profile: bizenv.RegionProfile, target_id: str, comparator: str, value: float
) -> None:
    # "投标保证金收取比例低于2%", "融资担保费率控制在1%以内": no 平均, so each project and each business.
    t = target(profile, target_id)
    assert (t.comparator, t.value, t.unit, t.aggregation) == (comparator, value, "percent", "each")
    assert metric(t.metric).kind == "price_standard"


def test_approval_times_keep_their_exception(profile: bizenv.RegionProfile) -> None:
    # 88. "除重大工程建设项目外，政府投资项目审批时间控制在55个工作日以内；…"
    for t in profile.measure("88").targets:
        assert t.scope is not None and t.scope.startswith("除重大工程建设项目外，")


def test_every_scope_and_clock_start_is_quoted(profile: bizenv.RegionProfile) -> None:
    for tid, m, t in profile.targets():
        for phrase in (t.scope, t.clock_start, t.excludes):
            assert phrase is None or is_quoted(phrase, m.text), (tid, phrase)
    assert target(profile, "164#1").clock_start == "查明后"


def test_free_is_a_zero_fee_as_in_yiwu(profile: bizenv.RegionProfile) -> None:
    # 4. "对新开办企业实行首次申领税务Ukey和电子发票免费…免费发布注销公告", the sentences Yiwu's 6 has.
    fees = {t.metric for t in profile.measure("4").targets if (t.comparator, t.value, t.unit) == ("<=", 0, "yuan")}
    assert fees == {"tax_ukey_fee", "e_invoice_service_fee"}
    # 鼓励市场主体…免费发布注销公告 encourages businesses: a note, as in Yiwu, not a fee the prefecture sets.
    (note,) = [n for n in profile.measure("4").notes if n.field == "targets"]
    assert note.raw == "鼓励市场主体通过国家企业信用信息公示系统免费发布注销公告" and "encouragement" in note.reading
    yiwu = {t.metric for t in bizenv.profile("yiwu").measure("6").targets}
    assert fees <= yiwu
    # 取消…费 is a zero fee too: 91 取消报装费、开口费…等相关费用, 23 取消缴纳投标保证金, 43 清理取消…收费.
    abolished = {
        tid: (t.metric, t.comparator, t.value, t.unit)
        for tid, _, t in profile.targets()
        if "取消" in t.raw and t.value == 0
    }
    assert abolished == {
        "23#3": ("bid_bond_amount", "<=", 0, "ten_thousand_yuan"),
        "43#1": ("power_supply_surcharge", "<=", 0, "yuan"),
        "91#1": ("utility_connection_fee", "<=", 0, "yuan"),
    }
    legal_aid = next(t for t in profile.measure("27").targets if t.metric == "legal_aid_fee")
    assert (legal_aid.comparator, legal_aid.value) == ("<=", 0)  # 提供免费法律援助


def test_notary_offices_with_three_notaries_open_the_channel(profile: bizenv.RegionProfile) -> None:
    # 145. "在有三名以上公证员的公证机构开通“中小微企业绿色通道”，做到当日受理"
    t = target(profile, "145#1")
    assert [bound(c) for c in t.conditions] == [("notaries_in_office", ">=", 3, "count")]


def test_commitment_and_recurrence(profile: bizenv.RegionProfile) -> None:
    assert target(profile, "39#1").commitment == "strive"  # 争取1家企业实现上市
    assert target(profile, "129#2").commitment == "strive"  # 力争到2024年底…100%
    assert target(profile, "129#1").commitment is None
    assert profile.measure("94").commitment == "explore"  # 探索建立建筑师负责制
    check = profile.measure("20").recurrence  # 围绕清单每年对照开展核查
    assert check is not None and check.every == "year"
