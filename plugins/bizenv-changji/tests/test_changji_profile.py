"""The Changji profile says what its source says: counts, texts, targets, units, checked against the bundled text.

What every region passes (loading, freshness of the build, texts and targets quoted from the source,
provenance, units, the bundled text being the seed) is the contract of bizenv.testing, run by
test_changji_contract.py.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib.resources import files

import pytest

import bizenv
import bizenv_changji

SEED_NAME = "003_0571abc50a7b2424.txt"
SOURCE = (files(bizenv_changji) / "sources" / SEED_NAME).read_text(encoding="utf-8")
SOURCE_LINES = SOURCE.split("\n")
DOCUMENT = "changji-2023-2025-plan"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def tasks_section() -> str:
    """Section 二、主要任务 of the source, up to 三、保障措施."""
    start = SOURCE.index("二、主要任务")
    end = SOURCE.index("三、保障措施")
    return SOURCE[start:end]


@pytest.fixture(scope="module")
def profile() -> bizenv.RegionProfile:
    return bizenv.profile("changji")


def target(profile: bizenv.RegionProfile, measure_id: str, raw: str) -> bizenv.Target:
    matches = [t for t in profile.measure(measure_id).targets if t.raw == raw]
    assert len(matches) == 1, f"measure {measure_id} has {len(matches)} targets with raw {raw!r}"
    return matches[0]


# -- counts -------------------------------------------------------------------------------------


def test_measure_count_matches_the_numbered_paragraphs_of_the_source(profile: bizenv.RegionProfile) -> None:
    numbers = re.findall(r"(?m)^(\d+)\.", tasks_section())
    assert [m.id for m in profile.measures] == numbers
    assert len(profile.measures) == len(numbers)
    # The plan's own count: 172 numbered measures in section 二 (stated for this document).
    assert len(profile.measures) == 172


def test_area_count_matches_the_headings_with_a_lead_unit(profile: bizenv.RegionProfile) -> None:
    headings = re.findall(r"(?m)^[#\s]*[（(]([一二三四五六七八九十]+)[）)][^\n]*牵头单位", tasks_section())
    assert [a.id for a in profile.areas] == [f"（{n}）" for n in headings]
    # The plan's own count: 18 areas (二、主要任务 （一）…（十八）).
    assert len(profile.areas) == 18


def test_source_numbering_has_no_gap_or_duplicate() -> None:
    numbers = [int(n) for n in re.findall(r"(?m)^(\d+)\.", tasks_section())]
    assert numbers == list(range(1, len(numbers) + 1))


def test_every_measure_belongs_to_the_area_heading_above_it(profile: bizenv.RegionProfile) -> None:
    section = tasks_section()
    for measure in profile.measures:
        position = re.search(rf"(?m)^{measure.id}\.", section)
        assert position is not None
        above = re.findall(r"(?m)^[#\s]*[（(]([一二三四五六七八九十]+)[）)][^\n]*牵头单位", section[: position.start()])
        assert measure.area == f"（{above[-1]}）"


# -- texts and provenance -----------------------------------------------------------------------


def test_every_text_starts_with_its_title(profile: bizenv.RegionProfile) -> None:
    for measure in profile.measures:
        assert measure.text, f"measure {measure.id} has an empty text"
        assert measure.text.startswith(measure.title + "。"), measure.id


def test_page_breaks_inside_words_are_repaired(profile: bizenv.RegionProfile) -> None:
    assert "推动实现“企业开办”全流程网办" in profile.measure("2").text
    assert "（责任单位：州市场监督管理局、税务局，" in profile.measure("12").text
    assert "用水报装压缩至5个工作日内" in profile.measure("46").text
    for measure in profile.measures:
        assert "\n" not in measure.text and "  " not in measure.text


def test_provenance_line_is_where_the_measure_starts(profile: bizenv.RegionProfile) -> None:
    for measure in profile.measures:
        line = measure.provenance.line
        assert line is not None
        assert SOURCE_LINES[line - 1].startswith(f"{measure.id}."), measure.id
        assert measure.provenance.clause == f"二、{measure.area}{measure.id}"
        assert measure.provenance.document == DOCUMENT


def test_every_text_ends_with_its_unit_cell(profile: bizenv.RegionProfile) -> None:
    for measure in profile.measures:
        cell = measure.responsibility.raw["responsible"]
        assert measure.text.endswith(cell + "）") or measure.text.endswith(cell + ")"), measure.id


# -- targets ------------------------------------------------------------------------------------


def test_every_number_in_a_text_is_a_target_or_explained(profile: bizenv.RegionProfile) -> None:
    for measure in profile.measures:
        body = measure.text[: measure.text.rfind("责任单位")]
        explained = any(n.field.startswith("targets") for n in measure.notes)
        if re.search(r"\d|%", body):
            assert measure.targets or measure.milestones or explained, (
                f"measure {measure.id}: numbers, no target, no note"
            )


def test_every_dated_goal_of_the_source_is_a_due_date(profile: bizenv.RegionProfile) -> None:
    dues = {(m.id, t.due.raw) for _, m, t in profile.targets() if t.due is not None}
    dues |= {(m.id, g.due.raw) for _, m, g in profile.milestones()}
    dated = {(m.id, d) for m in profile.measures for d in re.findall(r"到?20\d\d年底", m.text)}
    explained = {m.id for m in profile.measures if any(n.field == "targets" for n in m.notes)}
    for measure_id, raw in dated:
        assert (measure_id, raw) in dues or measure_id in explained, (measure_id, raw)


def test_business_opening_time(profile: bizenv.RegionProfile) -> None:
    t = target(profile, "3", "企业开办时限压缩至3个工作日")
    assert (t.metric, t.comparator, t.value, t.unit, t.aggregation) == (
        "business_opening_time",
        "<=",
        3,
        "working_day",
        "each",
    )


def test_electricity_connection_by_scope(profile: bizenv.RegionProfile) -> None:
    by_scope = {t.scope: t for t in profile.measure("42").targets if t.metric == "electricity_connection_time"}
    assert by_scope["实行“三零”服务的居民用户"].value == 5
    assert by_scope["实行“三零”服务的…非居民用户"].value == 15
    assert all(t.unit == "working_day" for t in by_scope.values())
    # 160kW及以下 says who gets 三零: a condition of the 三零 targets, not a target (semantics tests say more).
    assert not any(t.unit == "kw" for t in profile.measure("42").targets)
    fees = [t for t in profile.measure("42").targets if t.raw == "零投资"]
    assert {(fee.value, fee.unit) for fee in fees} == {(0, "yuan")}


def test_water_and_gas_connection(profile: bizenv.RegionProfile) -> None:
    assert target(profile, "46", "用水报装压缩至5个工作日内").value == 5
    gas = target(profile, "46", "燃气报装压缩至10个工作日内")
    assert (gas.metric, gas.value, gas.unit) == ("gas_connection_time", 10, "working_day")


def test_construction_permit_time_by_project_type(profile: bizenv.RegionProfile) -> None:
    values = {t.scope: t.value for t in profile.measure("88").targets}
    assert values == {
        "除重大工程建设项目外，政府投资项目": 55,
        "除重大工程建设项目外，…一般社会投资项目": 50,
        "除重大工程建设项目外，…带方案出让用地的项目": 40,
        "除重大工程建设项目外，…水气暖投装项目": 15,
    }


def test_land_approval_dates(profile: bizenv.RegionProfile) -> None:
    land = [t for t in profile.measure("111").targets if t.metric == "land_use_approval_time"]
    assert [(t.value, t.due and t.due.date) for t in land] == [(10, dt.date(2023, 12, 31)), (10, dt.date(2025, 12, 31))]
    scopes = {t.scope: t.metric for t in profile.measure("111").targets if t.value == 5}
    assert scopes == {"一般登记": "property_registration_time", "抵押登记": "mortgage_registration_time"}


def test_arrears_repayment_rate(profile: bizenv.RegionProfile) -> None:
    first = target(profile, "129", "台账欠款清偿率达到70%以上")
    second = target(profile, "129", "台账欠款清偿率达到100%")
    assert (first.value, first.unit, first.aggregation, first.comparator) == (70, "percent", "rate", ">=")
    assert first.due is not None and first.due.date == dt.date(2023, 12, 31)
    assert second.value == 100 and second.due is not None and second.due.date == dt.date(2024, 12, 31)


def test_online_processing_rate(profile: bizenv.RegionProfile) -> None:
    t = target(profile, "67", "依申请类事项网上办理比例达95%以上")
    assert (t.metric, t.value, t.aggregation) == ("online_processing_rate", 95, "rate")
    assert t.due is not None and t.due.date == dt.date(2023, 12, 31)
    counts = {t.metric: t.value for t in profile.measure("67").targets if t.unit == "count"}
    assert counts == {"mobile_app_processable_services": 15, "mobile_app_queryable_services": 80}


def test_units_of_time_follow_the_wording(profile: bizenv.RegionProfile) -> None:
    report = target(profile, "27", "重大劳动人事争议事项24小时报告制度")
    assert (report.value, report.unit) == (24, "clock_hour")
    filing = target(profile, "142", "7日内完成网上立案审核")
    assert (filing.metric, filing.value, filing.unit) == ("case_filing_review_time", 7, "calendar_day")
    assert target(profile, "143", "调解期限不超过30日").unit == "calendar_day"
    assert target(profile, "164", "在查明后的3日以内解除查封、扣押、冻结等措施").unit == "calendar_day"
    assert target(profile, "169", "3日内删除失信信息并予以信用修复").value == 3
    same_day = target(profile, "145", "当日受理")
    assert (same_day.comparator, same_day.value, same_day.unit) == ("<=", 0, "working_day")
    assert not any(t.unit == "clock_hour" for t in profile.measure("2").targets)  # 7×24小时 is no target


def test_procurement_bonds_and_thresholds(profile: bizenv.RegionProfile) -> None:
    rate = target(profile, "23", "投标保证金收取比例低于2%")
    assert (rate.comparator, rate.value, rate.unit) == ("<", 2, "percent")
    cap = target(profile, "23", "普通项目单个标段保证金缴纳上限为80万元")
    assert (cap.value, cap.unit) == (80, "ten_thousand_yuan")
    thresholds = {t.conditions[0].raw: t.conditions[0].value for t in profile.measure("21").targets}
    assert thresholds == {"200万元以下": 200, "400万元以下": 400}


# -- units --------------------------------------------------------------------------------------


def test_alias_resolution(profile: bizenv.RegionProfile) -> None:
    assert profile.resolve_unit("州政资局") == "州政务服务和公共资源交易中心"
    assert profile.resolve_unit("州市场监管局") == "州市场监督管理局"
    assert profile.resolve_unit("州发改委") == "州发展和改革委员会"
    assert profile.resolve_unit("人行昌吉州中心支行") == "人民银行昌吉州中心支行"
    assert profile.unit("各县市〈园区〉人民政府〈管委会〉").group
    with pytest.raises(KeyError):
        profile.resolve_unit("公安局")  # a fragment, resolved only in context


def test_fragments_after_a_prefecture_head_mean_prefecture_units(profile: bizenv.RegionProfile) -> None:
    refs = {r.raw: r.name for r in profile.measure("1").responsible_units}
    assert refs["人社局"] == "州人力资源和社会保障局"
    assert refs["公安局"] == "州公安局"
    assert refs["人行昌吉州中心支行"] == "人民银行昌吉州中心支行"
    assert {r.raw: r.name for r in profile.measure("165").responsible_units}["人民检察院"] == "州人民检察院"
    assert profile.measure("2").responsible_units[0].name == "州政务服务和公共资源交易中心"


def test_unit_counts_agree_with_the_source_cells(profile: bizenv.RegionProfile) -> None:
    cells = re.findall(r"[（(]责任单位[:：]([^（）()]+)[）)]", squash(tasks_section()))
    assert len(cells) == len(profile.measures)
    with_centre = sum(1 for c in cells if "政资局" in c or "政务资局" in c)
    assert len(profile.measures_of_unit("州政资局", ("responsible",))) == with_centre
    with_court = sum(1 for c in cells if "中级人民法院" in c)
    assert len(profile.measures_of_unit("州中级人民法院", ("responsible",))) == with_court


def test_area_lead_units(profile: bizenv.RegionProfile) -> None:
    leads = {a.id: [u.name for u in a.lead_units] for a in profile.areas}
    assert leads["（一）"] == ["州市场监督管理局"]
    assert leads["（二）"] == ["州政务服务和公共资源交易中心"]
    assert leads["（七）"] == ["州住房和城乡建设局", "州水利局"]
    assert leads["（八）"] == ["州科学技术局", "州人力资源和社会保障局", "州交通运输局", "州发展和改革委员会"]
    assert leads["（十八）"] == ["州中级人民法院"]


# -- region, document, plugin ------------------------------------------------------------------


def test_region_and_document(profile: bizenv.RegionProfile) -> None:
    assert profile.region.names.zh == "昌吉回族自治州"
    assert profile.region.calendar == "CN-XJ"
    # The two sub-units the text names keep their ids; the other county-level divisions are reference
    # data (test_changji_monitoring.py checks them against the code tables).
    assert {"qitai", "zhundong"} <= {s.id for s in profile.region.sub_units}
    assert "奇台县" in SOURCE and "准东" in SOURCE
    document = profile.document(DOCUMENT)
    assert document.number is not None and document.number in SOURCE
    assert document.date == dt.date(2023, 7, 4) and "2023年7月4日" in SOURCE
    assert document.seed_file == SEED_NAME


def test_areas_share_their_categories(profile: bizenv.RegionProfile) -> None:
    first = {m.area: m.categories[0] for m in profile.measures}
    assert first["（一）"] == "starting_a_business"
    assert first["（十八）"] == "enforcing_contracts"
    assert "closing_a_business" in profile.measure("12").categories
