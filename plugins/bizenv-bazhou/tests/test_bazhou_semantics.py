"""What Bazhou's targets mean when they are judged (docs/domain.md, "What a target means when it is judged").

Each test reads the loaded profile the way an evaluator does: by the target's metric, its direction and kind.
"""

from __future__ import annotations

import pytest

import bizenv
from bizenv.metrics import metric
from bizenv.sources.targets import is_quoted


@pytest.fixture(scope="module")
def profile() -> bizenv.RegionProfile:
    return bizenv.profile("bazhou")


def target(profile: bizenv.RegionProfile, target_id: str) -> bizenv.Target:
    return profile.target(target_id)[1]


def met(profile: bizenv.RegionProfile, target_id: str, observed: float) -> bool:
    t = target(profile, target_id)
    return t.is_met_by(observed, metric(t.metric, profile).direction)


# -- direction decides a range ----------------------------------------------------------------------------------


@pytest.mark.parametrize("target_id", ["10#1", "(4)#1"])
def test_an_approval_range_is_a_ceiling_a_faster_permit_meets(profile: bizenv.RegionProfile, target_id: str) -> None:
    # "审批时限压缩至30-60个工作日内": a ceiling that depends on the project type, never a band.
    t = target(profile, target_id)
    assert (t.comparator, t.low, t.high, t.unit) == ("range", 30, 60, "working_day")
    assert met(profile, target_id, 13)
    assert met(profile, target_id, 60)
    assert not met(profile, target_id, 61)


def test_the_range_is_refined_by_project_type(profile: bizenv.RegionProfile) -> None:
    by_scope = {t.scope: t.value for t in profile.measure("10").targets[1:5]}
    assert by_scope == {
        "社会小型工程项目": 30,
        "带方案出让用地的社会投资项目": 40,
        "一般社会投资项目": 50,
        "政府投资房屋建筑类和城市基础设施工程类项目": 60,
    }


@pytest.mark.parametrize("target_id", ["38#1", "38#2"])
def test_twenty_to_sixty_counter_minutes_a_ten_minute_correction_meets(
    profile: bizenv.RegionProfile, target_id: str
) -> None:
    # "控制在20至60分钟": counter time, judged at 60; a quick correction is better, not out of band.
    t = target(profile, target_id)
    assert (t.comparator, t.low, t.high, t.unit) == ("range", 20, 60, "office_minute")
    assert met(profile, target_id, 10)
    assert not met(profile, target_id, 75)


# -- standards are ceilings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("target_id", "yuan"), [("32#1", 80), ("32#2", 550), ("32#3", 10)])
def test_registration_fees_are_ceilings(profile: bizenv.RegionProfile, target_id: str, yuan: float) -> None:
    # "住宅类收费标准为每件80元", "非住宅…每件550元": a halved or waived fee meets the standard.
    t = target(profile, target_id)
    assert (t.comparator, t.value, t.unit, metric(t.metric).kind) == ("<=", yuan, "yuan", "price_standard")
    assert met(profile, target_id, yuan / 2) and met(profile, target_id, 0)
    assert not met(profile, target_id, yuan + 1)


def test_prices_approved_by_government_are_ceilings(profile: bizenv.RegionProfile) -> None:
    # 18: "电价不超过政府核定标准"; 23: "水价不超过政府核定标准，严格执行2.87元/吨".
    for target_id in ("18#1", "18#2", "18#3", "18#4", "23#1"):
        t = target(profile, target_id)
        assert (t.comparator, metric(t.metric).kind) == ("<=", "price_standard"), target_id
    assert met(profile, "23#1", 2.5) and not met(profile, "23#1", 3)
    # （政府补贴0.1元） explains the 0.49元/千瓦时 price: a note, not a target.
    assert [t.value for t in profile.measure("18").targets] == [0.49, 0.6574, 0.4157, 0.174]
    assert any(n.field == "targets" and "政府补贴0.1元" in n.raw for n in profile.measure("18").notes)
    # 取消…收费 / 取消…费用 are zero fees (15).
    abolished = [(t.metric, t.value, t.scope) for t in profile.measure("15").targets if t.raw.startswith("取消")]
    assert abolished == [
        ("power_supply_surcharge", 0, "变电站间隔占用费、计量装置检验费、电力负荷管理终端设备费等电网中间环节收费"),
        ("electricity_connection_cost", 0, "低压小微企业用户外部接电工程"),
    ]


def test_no_fee_or_price_is_set_exactly(profile: bizenv.RegionProfile) -> None:
    exact = [tid for tid, _, t in profile.targets() if t.comparator == "=="]
    assert [
        tid for tid in exact if metric(target(profile, tid).metric).kind not in ("count", "measured_quantity")
    ] == []


def test_compensation_at_replacement_price_bounds_each_connection(profile: bizenv.RegionProfile) -> None:
    # "高压接电成本中市政公用设施赔偿费设施重置价为100%": at most the replacement price, in every connection.
    t = target(profile, "15#2")
    assert (t.metric, t.comparator, t.value, t.unit, t.aggregation) == (
        "municipal_facility_compensation_rate",
        "<=",
        100,
        "percent",
        "each",
    )
    assert metric(t.metric).kind == "price_standard"


# -- eligibility is not a target ---------------------------------------------------------------------------------


def test_the_fifty_percent_stake_is_when_the_offer_is_due(profile: bizenv.RegionProfile) -> None:
    # "外部收购方必须在收购公司50%股权时，向全体股东发出收购要约": the stake says when; the offer goes to all.
    t = target(profile, "48#1")
    assert metric(t.metric).kind != "eligibility" and t.aggregation == "each"
    assert (t.comparator, t.value, t.unit) == (">=", 100, "percent")
    (stake,) = t.conditions
    assert (stake.metric, stake.comparator, stake.value, stake.unit) == ("takeover_stake", ">=", 50, "percent")
    assert metric(stake.metric).kind == "eligibility"
    assert stake.holds_for(60) and not stake.holds_for(30)


def test_no_target_is_an_eligibility(profile: bizenv.RegionProfile) -> None:
    assert [tid for tid, _, t in profile.targets() if metric(t.metric).kind == "eligibility"] == []


# -- quantities, counter time and clock time ---------------------------------------------------------------


def test_outage_hours_are_a_measured_mean_per_household(profile: bizenv.RegionProfile) -> None:
    # "10千伏高压户均停电时间小于15小时/年": 户均 is a mean; hours a year are a quantity, not a case limit.
    t = target(profile, "17#2")
    assert (metric(t.metric).kind, t.aggregation, t.unit) == ("measured_quantity", "mean", "clock_hour")
    assert not metric(t.metric).takes_cases


def test_counter_minutes_stop_at_lunch_and_emergencies_run_on_the_clock(profile: bizenv.RegionProfile) -> None:
    assert target(profile, "31#9").unit == "office_minute"  # 一般交易转移登记60分钟出证
    assert target(profile, "50#4").unit == "clock_hour"  # 诉中财产保全时限紧急情况48小时
    assert target(profile, "36#2").unit == "office_hour"  # 1小时内办结


def test_the_counter_time_of_a_filing_is_not_the_annual_tax_time(profile: bizenv.RegionProfile) -> None:
    # "一般性纳税当日即报即办，确保企业申报主税种办理时间在1小时内办结": each case at the tax office.
    for target_id in ("36#1", "36#2"):
        t = target(profile, target_id)
        assert (t.metric, metric(t.metric).kind) == ("tax_filing_processing_time", "case_time_limit")


# -- per case unless 平均 ---------------------------------------------------------------------------------


def test_only_the_source_s_averages_are_means(profile: bizenv.RegionProfile) -> None:
    means = {tid for tid, _, t in profile.targets() if t.aggregation == "mean"}
    assert means == {"17#2", "(18)#1", "(19)#1", "(19)#2", "(19)#3", "(19)#4"}
    assert all("均" in target(profile, tid).raw for tid in means)  # 平均, 户均
    assert target(profile, "37#1").aggregation == "each"  # 总税费率 bounds every business


# -- scopes quoted ------------------------------------------------------------------------------------------


def test_every_scope_clock_start_and_exclusion_is_quoted(profile: bizenv.RegionProfile) -> None:
    for tid, m, t in profile.targets():
        for phrase in (t.scope, t.clock_start, t.excludes):
            assert phrase is None or is_quoted(phrase, m.text), (tid, phrase)


# -- fees in words ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target_id", "code"),
    [
        ("3#1", "business_opening_fee"),  # 零费用
        ("7#1", "deregistration_fee"),  # 无费用注销
        ("11#1", "construction_intermediary_service_fee"),  # 免费中介服务
        ("12#1", "building_code_access_fee"),  # 建筑规范实现免费网上获取
        ("19#4", "electricity_appointment_service_fee"),  # 免费预约服务
        ("32#4", "property_registration_fee"),  # 小微企业免缴登记费
        ("32#5", "property_mailing_fee"),  # 免缴…邮寄费
        ("32#6", "cadastral_survey_fee"),  # 免缴…不动产权籍调查费
        ("(2)#1", "tax_ukey_fee"),  # 免费为更多市场主体发放税务UKey
    ],
)
def test_a_fee_in_words_is_a_zero_fee(profile: bizenv.RegionProfile, target_id: str, code: str) -> None:
    t = target(profile, target_id)
    assert (t.metric, t.comparator, t.value, t.unit) == (code, "<=", 0, "yuan")
    assert metric(code).kind == "price_standard"


# -- commitment, clock start, excluded time, stages, recurrence ---------------------------------------------


@pytest.mark.parametrize(
    ("target_id", "commitment"),
    [("36#2", "firm"), ("37#1", "firm"), ("38#4", "explore"), ("39#2", "strive"), ("(4)#1", "strive"), ("36#1", None)],
)
def test_commitment_follows_the_sentence(profile: bizenv.RegionProfile, target_id: str, commitment: str | None) -> None:
    assert target(profile, target_id).commitment == commitment


def test_clock_starts_and_excluded_time(profile: bizenv.RegionProfile) -> None:
    assert target(profile, "65#1").clock_start == "自提交保证金退付资料起"
    assert target(profile, "61#1").clock_start == "中标通知书发出之日起"
    assert target(profile, "51#1").clock_start == "退费手续齐备后"
    assert target(profile, "38#4").clock_start == "自发起退税申请"
    assert target(profile, "21#1").excludes == "不含供水企业外的审批时间"


def test_row_31_stages_belong_to_the_second_hand_housing_limit(profile: bizenv.RegionProfile) -> None:
    overall = target(profile, "31#5")
    assert (overall.value, overall.unit, overall.stage_of) == (2, "office_hour", None)
    stages = [(t.scope, t.value, t.unit, t.stage_of) for t in profile.measure("31").targets[5:8]]
    assert stages == [
        ("窗口受理", 2, "working_day", 5),
        ("房屋交易、税务、不动产登记并联审核", 2, "office_hour", 5),
        ("登簿、缮证", 1, "working_day", 5),
    ]


def test_payments_and_filings_recur(profile: bizenv.RegionProfile) -> None:
    for target_id, every in (("35#2", "quarter"), ("35#3", "quarter"), ("35#4", "month")):
        t = target(profile, target_id)
        assert t.recurrence is not None and (t.recurrence.every, t.recurrence.times) == (every, 1)
        assert (t.comparator, t.value) == ("<=", 1)
    audit = profile.measure("49").recurrence  # 每年对单位财务核算和合法合规性进行审计
    assert audit is not None and (audit.every, audit.raw) == ("year", "每年")
