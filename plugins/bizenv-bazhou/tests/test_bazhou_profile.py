"""Behaviour tests of the Bazhou (巴州) profile, checked against the bundled source texts.

What every region passes (loading, freshness of the build, texts and targets quoted from the source,
provenance, units) is the contract of bizenv.testing, run by test_bazhou_contract.py.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib.resources import files

import pytest

import bizenv
import bizenv_bazhou

INDICATOR_DOC = "bazhou-indicator-system"
PLAN_DOC = "bazhou-2022-plan"


def _source(name: str) -> str:
    return (files(bizenv_bazhou) / "sources" / name).read_text(encoding="utf-8")


INDICATOR_TEXT = _source("000_17edc4f2f24e31d3.txt")
PLAN_TEXT = _source("001_cb3a23dda335a852.txt")


@pytest.fixture(scope="module")
def profile() -> bizenv.RegionProfile:
    return bizenv.profile("bazhou")


def _measures(profile: bizenv.RegionProfile, document: str) -> list[bizenv.Measure]:
    return [m for m in profile.measures if m.document == document]


def _measure(profile: bizenv.RegionProfile, measure_id: str) -> bizenv.Measure:
    return next(m for m in profile.measures if m.id == measure_id)


def _target(measure: bizenv.Measure, metric: str, scope: str | None = None) -> bizenv.Target:
    found = [t for t in measure.targets if t.metric == metric and (scope is None or t.scope == scope)]
    assert len(found) == 1, (measure.id, metric, scope, found)
    return found[0]


def _plan_section(number: str) -> str:
    """The lines of one part (二、三 …) of the plan."""
    parts = re.split(r"^(?=[一二三四五六七八九十]+、)", PLAN_TEXT, flags=re.M)
    return next(p for p in parts if p.startswith(f"{number}、"))


# -- counts -------------------------------------------------------------------------------------


def test_indicator_table_rows_are_all_measures_in_order(profile: bizenv.RegionProfile) -> None:
    rows = re.findall(r"^(\d+)\t", INDICATOR_TEXT, flags=re.M)
    assert [m.id for m in _measures(profile, INDICATOR_DOC)] == rows
    # The brief and the plan (line 10: "87个二级指标") both give 87 second-level indicators.
    assert len(rows) == 87


def test_indicator_counts_match_what_the_plan_says_of_the_system(profile: bizenv.RegionProfile) -> None:
    stated = re.search(r"(\d+)个一级指标和(\d+)个二级指标", PLAN_TEXT)
    assert stated is not None
    areas = [a for a in profile.areas if a.document == INDICATOR_DOC]
    assert len(areas) == int(stated[1])
    assert len(_measures(profile, INDICATOR_DOC)) == int(stated[2])
    # 18 first-level indicators: the number the brief gives and the plan states.
    assert len(areas) == 18


def test_indicator_areas_are_first_level_cells_of_the_table(profile: bizenv.RegionProfile) -> None:
    cells = {re.sub(r"\s+", "", line.split("\t")[1]) for line in re.findall(r"^\d+\t.*$", INDICATOR_TEXT, flags=re.M)}
    cells |= {re.sub(r"\s+", "", line.split("\t")[2]) for line in re.findall(r"^\d+\t.*$", INDICATOR_TEXT, flags=re.M)}
    for area in (a for a in profile.areas if a.document == INDICATOR_DOC):
        assert area.id in cells
    assert {m.area for m in _measures(profile, INDICATOR_DOC)} == {
        a.id for a in profile.areas if a.document == INDICATOR_DOC
    }


def test_plan_tasks_are_all_measures_in_order(profile: bizenv.RegionProfile) -> None:
    tasks = re.findall(r"^(\(\d+\))", _plan_section("二"), flags=re.M)
    assert [m.id for m in _measures(profile, PLAN_DOC)] == tasks
    assert tasks == [f"({n})" for n in range(1, 43)]
    # 42 numbered tasks: the number the brief gives.
    assert len(tasks) == 42


def test_plan_areas(profile: bizenv.RegionProfile) -> None:
    section = _plan_section("二")
    headings = re.findall(r"^(\d+)\.\s*\S", section, flags=re.M)
    groups = re.findall(r"^(\([一二三四]\))", section, flags=re.M)
    areas = [a for a in profile.areas if a.document == PLAN_DOC]
    assert [a.id for a in areas if a.parent is not None] == headings
    assert [a.id for a in areas if a.parent is None] == groups
    # 19 numbered areas hold the tasks (the brief's count); (一)-(四) group them.
    assert len(headings) == 19
    assert len(groups) == 4
    assert {m.area for m in _measures(profile, PLAN_DOC)} == set(headings)


def test_organisation_section_is_not_encoded(profile: bizenv.RegionProfile) -> None:
    section = _plan_section("三")
    assert not re.search(r"^\(\d+\)", section, flags=re.M)
    assert all("加强组织领导" not in m.text for m in profile.measures)


# -- texts and provenance -----------------------------------------------------------------------


def test_texts_are_repaired(profile: bizenv.RegionProfile) -> None:
    for measure in profile.measures:
        assert "<p>" not in measure.text and " " not in measure.text, measure.id


def test_empty_measure_cells_are_the_rows_without_text(profile: bizenv.RegionProfile) -> None:
    empty = [m.id for m in _measures(profile, INDICATOR_DOC) if m.text == ""]
    assert empty == ["5", "6", "55", "56", "57", "58", "59", "75", "76", "77"]


def test_provenance_lines_point_at_the_measure(profile: bizenv.RegionProfile) -> None:
    sources = {INDICATOR_DOC: INDICATOR_TEXT.split("\n"), PLAN_DOC: PLAN_TEXT.split("\n")}
    for measure in profile.measures:
        line = measure.provenance.line
        assert line is not None
        text = sources[measure.document][line - 1]
        start = f"{measure.id}\t" if measure.document == INDICATOR_DOC else measure.id
        assert text.startswith(start), measure.id
    assert _measure(profile, "(19)").provenance.clause == "二、(二)8.(19)"
    assert _measure(profile, "14").provenance.clause == "row 14"


def test_unit_cells_are_kept_as_written(profile: bizenv.RegionProfile) -> None:
    for measure in _measures(profile, INDICATOR_DOC):
        assert measure.provenance.line is not None
        cells = INDICATOR_TEXT.split("\n")[measure.provenance.line - 1].split("\t")
        for raw in measure.responsibility.raw.values():
            assert raw in cells, measure.id
    for measure in _measures(profile, PLAN_DOC):
        assert f"牵头单位:{measure.responsibility.raw['lead']}" in PLAN_TEXT, measure.id


def test_titles_and_areas_repaired(profile: bizenv.RegionProfile) -> None:
    assert _measure(profile, "77").title == "提升“双随机、一公开”监管覆盖率"
    assert _measure(profile, "72").area == "知识产权创造、保护和运用"
    assert _measure(profile, "35").area == "纳税"
    assert _measure(profile, "33").title == "提高土地管理质量指数"
    assert _measure(profile, "33").area == "登记财产"
    assert _measure(profile, "85").area == "包容普惠创新"
    assert {n.field for n in _measure(profile, "33").notes} == {"title", "area"}


# -- targets ------------------------------------------------------------------------------------


def test_over_a_hundred_targets(profile: bizenv.RegionProfile) -> None:
    assert sum(len(measure.targets) for measure in profile.measures) > 100


def test_electricity_connection_time_by_scope(profile: bizenv.RegionProfile) -> None:
    plan = _measure(profile, "(19)")
    for scope, days in (("低压居民", 5), ("低压非居民", 15), ("高压单电源", 40), ("高压双电源", 55)):
        target = _target(plan, "electricity_connection_time", scope)
        assert (target.comparator, target.value, target.unit, target.aggregation) == ("<=", days, "working_day", "mean")
    table = _measure(profile, "14")
    for scope, days in (("低压居民", 5), ("低压非居民", 6), ("高压单电源", 22), ("高压双电源", 32)):
        target = _target(table, "electricity_connection_time", scope)
        assert (target.value, target.unit, target.aggregation) == (days, "working_day", "each")
    approval = _target(table, "electricity_connection_approval_time", "其他类型接入工程")
    assert (approval.value, approval.unit) == (3, "calendar_day")


def test_business_opening_targets(profile: bizenv.RegionProfile) -> None:
    steps = _target(_measure(profile, "1"), "business_opening_steps")
    assert (steps.value, steps.baseline, steps.unit) == (1, 3, "count")
    row2 = _measure(profile, "2")
    assert (_target(row2, "business_opening_time").value, _target(row2, "business_opening_time").unit) == (
        1,
        "working_day",
    )
    seal = _target(row2, "seal_engraving_time")
    assert (seal.value, seal.unit) == (4, "office_hour")
    invoice = _target(row2, "first_invoice_time")
    assert (invoice.comparator, invoice.value, invoice.unit) == ("<=", 0, "working_day")
    fee = _target(_measure(profile, "3"), "seal_fee")
    assert (fee.comparator, fee.value, fee.unit) == ("<=", 73, "yuan")


def test_construction_permit_ranges_and_due_dates(profile: bizenv.RegionProfile) -> None:
    small = _target(_measure(profile, "10"), "construction_permit_time", "社会小型工程项目")
    assert (small.value, small.unit) == (30, "working_day")
    assert any(n.field == "targets[1]" for n in _measure(profile, "10").notes)
    ranges = [t for t in _measure(profile, "10").targets if t.comparator == "range"]
    assert [(t.low, t.high, t.unit) for t in ranges] == [(30, 60, "working_day")]
    plan = next(t for t in _measure(profile, "(4)").targets if t.comparator == "range")
    assert (plan.low, plan.high) == (30, 60)
    assert plan.due is not None and plan.due.date == dt.date(2022, 12, 31)


def test_dated_water_approval_and_service_deadline(profile: bizenv.RegionProfile) -> None:
    water = _target(_measure(profile, "21"), "water_connection_approval_time", "用水工商业用户小型接入工程")
    assert (water.value, water.unit) == (1, "working_day")
    assert water.due is not None and (water.due.raw, water.due.date) == ("2022年底前", dt.date(2022, 12, 31))
    service = _measure(profile, "70")
    # 到2022年底 dates item 三 (好差评 full coverage) only: a milestone, not the row's deadline.
    assert service.deadline is None
    (milestone,) = service.milestones
    assert milestone.raw.startswith("到2022年底，实现“好差评”线上全覆盖") and milestone.due.date == dt.date(
        2022, 12, 31
    )
    # The satisfaction target (item 一) has no date of its own, and the table states no period.
    assert profile.due_of_target("70#1") is None
    due = profile.due_of_measure("70")
    assert due is not None and (due.date, due.source) == (dt.date(2022, 12, 31), "targets")


def test_court_time_limits_keep_their_units(profile: bizenv.RegionProfile) -> None:
    row = _measure(profile, "50")
    emergency = _target(row, "property_preservation_time", "诉中财产保全…紧急情况")
    assert (emergency.value, emergency.unit) == (48, "clock_hour")
    review = _target(row, "case_filing_review_time")
    assert (review.value, review.unit) == (3, "calendar_day")


def test_reliability_prices_and_ranges(profile: bizenv.RegionProfile) -> None:
    reliability = _target(_measure(profile, "17"), "power_supply_reliability")
    assert (reliability.comparator, reliability.value, reliability.unit) == (">=", 99, "percent")
    outage = _target(_measure(profile, "17"), "outage_time_per_household")
    assert (outage.comparator, outage.value, outage.unit, outage.aggregation) == ("<", 15, "clock_hour", "mean")
    water = _target(_measure(profile, "23"), "water_price")
    assert (water.value, water.unit) == (2.87, "yuan_per_ton")
    correction = _target(_measure(profile, "38"), "tax_return_correction_time")
    assert (correction.comparator, correction.low, correction.high, correction.unit) == (
        "range",
        20,
        60,
        "office_minute",
    )
    refund = _target(_measure(profile, "(18)"), "export_tax_refund_time")
    assert (refund.value, refund.unit, refund.aggregation) == (6, "working_day", "mean")


def test_counts_and_rates_of_the_plan(profile: bizenv.RegionProfile) -> None:
    housing = _target(_measure(profile, "(40)"), "new_public_rental_housing_units")
    assert (housing.value, housing.unit, housing.aggregation) == (4850, "count", "total")
    packages = _target(_measure(profile, "(10)"), "one_thing_once_packages")
    assert (packages.value, packages.baseline) == (100, 50)
    pension = _target(_measure(profile, "(39)"), "pension_insurance_coverage_rate")
    assert (pension.value, pension.unit, pension.aggregation) == (95, "percent", "rate")


# -- units and leaders --------------------------------------------------------------------------


def test_aliases_resolve(profile: bizenv.RegionProfile) -> None:
    assert profile.resolve_unit("州市场监管局") == "州市场监督管理局"
    assert profile.resolve_unit("州发改委") == "州发展和改革委员会"
    assert profile.resolve_unit("人行巴州中心支行") == "中国人民银行巴州中心支行"
    assert profile.resolve_unit("国网新疆巴州供电公司") == "国网巴州供电公司"
    assert profile.resolve_unit("州直各相关部门") == "州直各有关部门"
    assert profile.unit("各县市人民政府").group


def test_list_fragments_take_the_prefix_of_the_list(profile: bizenv.RegionProfile) -> None:
    row1 = _measure(profile, "1")
    assert [(u.raw, u.name) for u in row1.responsible_units] == [
        ("州税务局", "州税务局"),
        ("公安局", "州公安局"),
        ("人社局", "州人力资源和社会保障局"),
        ("住房公积金管理中心", "州住房公积金管理中心"),
        ("各银行", "各银行"),
    ]
    assert row1.responsible_units[-1].group
    row79 = _measure(profile, "79")
    assert ("宣传部", "州党委宣传部") in [(u.raw, u.name) for u in row79.lead_units]
    plan21 = _measure(profile, "(21)")
    assert [u.name for u in plan21.cooperating_units] == ["州水利局", "库尔勒市人民政府", "尉犁县人民政府"]
    row67 = _measure(profile, "67")
    assert all("甘苗良" not in u.raw for u in row67.lead_units)
    assert "甘苗良等" in row67.responsibility.raw["lead"]
    assert [m.id for m in profile.measures_of_unit("州市场监管局")][:3] == ["1", "2", "3"]


def test_leaders(profile: bizenv.RegionProfile) -> None:
    assert _measure(profile, "5").responsibility.lead_leaders == ("陈亮",)
    assert _measure(profile, "80").responsibility.lead_leaders == ("谢少迪", "刘凤进", "张道良")
    assert _measure(profile, "53").responsibility.lead_leaders == ("阿依先木·吉力力",)
    assert all(m.responsibility.lead_leaders for m in _measures(profile, INDICATOR_DOC))


def test_documents_and_region(profile: bizenv.RegionProfile) -> None:
    assert profile.region.calendar == "CN-XJ"
    plan = next(d for d in profile.documents if d.id == PLAN_DOC)
    assert plan.date == dt.date(2022, 2, 17)
    assert "2022年2月17日" in PLAN_TEXT
    assert plan.issuer in PLAN_TEXT
    # The plan carries no document number (no "〔2022〕N号" anywhere in it).
    assert plan.number is None and not re.search(r"〔\d{4}〕\d+号", PLAN_TEXT)
    # The sub-units the texts name (the two parks, and 库尔勒市 and 尉犁县 in task (21)); the other seven
    # county-level divisions come from the code tables (test_bazhou_monitoring.py checks them).
    named = {s.id for s in profile.region.sub_units if s.names.zh in INDICATOR_TEXT + PLAN_TEXT}
    assert named == {"korla", "yuli", "korla-etdz", "shangku-hitech-zone"}
