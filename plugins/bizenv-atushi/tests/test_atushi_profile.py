"""The Atushi profile says what 阿图什市优化营商环境25条措施 says, checked against the bundled source text.

What every region passes (loading, freshness of the build, texts and targets quoted from the source,
provenance, units) is the contract of bizenv.testing, run by test_atushi_contract.py.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib.resources import files

import pytest

import bizenv
import bizenv_atushi
from bizenv.model import Measure, RegionProfile, Target

SEED = "002_0175c453951e7bcd.txt"
DOC = "atushi-25-measures"


@pytest.fixture(scope="module")
def profile() -> RegionProfile:
    registry = bizenv.load_registry(only={"atushi"})
    assert not registry.failures, registry.failures
    return registry.profile("atushi")


@pytest.fixture(scope="module")
def source() -> str:
    return (files(bizenv_atushi) / "sources" / SEED).read_text(encoding="utf-8")


def _section(source: str) -> str:
    """The text of 二、主要措施, up to the next top-level heading."""
    after = source.split("\n二、主要措施\n", 1)[1]
    return re.split(r"\n[一二三四五六七八九十]+、", after, maxsplit=1)[0]


def _numbered(profile: RegionProfile) -> list[Measure]:
    """The 25 numbered measures of 二、主要措施 (the safeguards of 三、组织保障 have no area)."""
    return [m for m in profile.measures if m.document == DOC and m.area is not None]


def _target(profile: RegionProfile, target_id: str) -> Target:
    return profile.target(target_id)[1]


# -- counts -------------------------------------------------------------------------------------


def test_measure_count_is_derived_from_the_source(profile: RegionProfile, source: str) -> None:
    # A measure is a line of 二、主要措施 that starts with its number and "." or "、".
    numbered = re.findall(r"^(\d{1,2})[.、]\S", _section(source), flags=re.M)
    measures = _numbered(profile)
    assert [m.id for m in measures] == numbered
    # The title says 25 measures (阿图什市优化营商环境25条措施).
    assert len(measures) == 25


def test_area_count_is_derived_from_the_source(profile: RegionProfile, source: str) -> None:
    headings = re.findall(r"^（[一二三四五六七八九十]+）着力打造.+$", _section(source), flags=re.M)
    assert [a.title for a in profile.areas] == [h.split("）", 1)[1] for h in headings]
    # 市场化, 法治化 and 国际化 营商环境: three areas.
    assert len(profile.areas) == 3


def test_measures_sit_in_the_area_whose_heading_precedes_them(profile: RegionProfile) -> None:
    by_area: dict[str | None, list[str]] = {}
    for m in profile.measures:
        by_area.setdefault(m.area, []).append(m.id)
    assert by_area == {
        "（一）": [str(i) for i in range(1, 16)],
        "（二）": [str(i) for i in range(16, 24)],
        "（三）": ["24", "25"],
        None: ["保障措施（一）", "保障措施（二）", "保障措施（三）"],
    }


def test_every_measure_has_one_lead_and_one_cooperating_cell(profile: RegionProfile, source: str) -> None:
    section = _section(source)
    assert len(re.findall(r"^牵头单位：", section, flags=re.M)) == len(_numbered(profile))
    assert len(re.findall(r"^配合单位：", section, flags=re.M)) == len(_numbered(profile))
    for m in _numbered(profile):
        assert m.lead_units and m.cooperating_units, m.id
        assert f"牵头单位：{m.responsibility.raw['lead']}" in source
        assert f"配合单位：{m.responsibility.raw['cooperating']}" in source


def test_safeguards_are_measures_without_an_area(profile: RegionProfile, source: str) -> None:
    # 三、组织保障: "（一）加强组织领导。…" … "（三）强化舆论引导。…", up to the 抄送 line; no area heading.
    after = source.split("\n三、组织保障\n", 1)[1].split("\n抄送：", 1)[0]
    headings = re.findall(r"^（([一二三四五六七八九十]+)）([^。]+)。", after, flags=re.M)
    safeguards = [m for m in profile.measures if m.area is None]
    assert [(m.id, m.title) for m in safeguards] == [(f"保障措施（{n}）", t) for n, t in headings]
    assert len(safeguards) == 3
    assert all(m.categories == ("general_safeguards",) for m in safeguards)
    assert not any("组织领导" in a.title for a in profile.areas)


# -- fidelity -----------------------------------------------------------------------------------


def test_every_text_starts_with_its_title(profile: RegionProfile) -> None:
    for m in profile.measures:
        assert m.text, m.id
        assert m.text.startswith(m.title + "。"), m.id


def test_lines_point_at_the_measure(profile: RegionProfile, source: str) -> None:
    lines = source.splitlines()
    for m in profile.measures:
        assert m.provenance.line is not None
        line = lines[m.provenance.line - 1]
        if m.area is None:  # a safeguard of 三、组织保障: 保障措施（一） on the line "（一）…"
            number = m.id.removeprefix("保障措施")
            assert line.startswith(number + m.title), (m.id, line[:10])
            assert m.provenance.clause == f"三、{number}"
            continue
        assert re.match(rf"{re.escape(m.id)}[.、]", line), (m.id, line[:10])
        assert m.provenance.clause == f"二、{m.area}{m.id}"
    for a in profile.areas:
        assert a.provenance is not None and a.provenance.line is not None
        assert lines[a.provenance.line - 1] == f"{a.id}{a.title}"


def test_the_entry_point_serves_the_same_profile(profile: RegionProfile) -> None:
    assert bizenv.profile("atushi") == profile
    assert "atushi" in bizenv.region_ids()


def test_validation_reports_every_data_note(profile: RegionProfile) -> None:
    notes = [p for p in bizenv.validate_profile(profile) if p.level == "note"]
    noted = [
        *(m.notes for m in profile.measures),
        *(u.notes for u in profile.units),
        *(a.notes for a in profile.areas),
        *(d.notes for d in profile.documents),
    ]
    assert len(notes) == sum(len(n) for n in noted)


def test_bundled_source_is_the_seed_named_by_the_document(profile: RegionProfile, source: str) -> None:
    document = profile.document(DOC)
    assert document.seed_file == SEED
    assert document.number == "阿政办发〔2022〕22号" == source.splitlines()[0]
    assert document.date == dt.date(2022, 6, 27)
    assert "2022年6月27日" in source


# -- spot checks against the source wording ------------------------------------------------------


def test_company_opening_three_to_two_working_days(profile: RegionProfile) -> None:
    # 1. "实现企业开办时间由3个工作日内压减至2个工作日内办结"
    t = _target(profile, "1#2")
    assert (t.metric, t.comparator, t.value, t.baseline, t.unit, t.aggregation) == (
        "business_opening_time",
        "<=",
        2,
        3,
        "working_day",
        "each",
    )


def test_gas_connection_one_target_per_user_group(profile: RegionProfile) -> None:
    # 6. "将居民、小、中型工商用户接气时限由20个工作日内压缩至5、7、16个工作日内"
    gas = [t for t in profile.measure("6").targets if t.metric == "gas_connection_time"]
    assert [(t.scope, t.value, t.baseline, t.unit) for t in gas] == [
        ("居民", 5, 20, "working_day"),
        ("小、…工商用户", 7, 20, "working_day"),
        ("中型工商用户", 16, 20, "working_day"),
    ]


def test_water_connection_one_target_per_user_group(profile: RegionProfile) -> None:
    # 6. "将居民、工商用户用水报装时限由20个工作日内压缩至5、14个工作日内"
    water = [t for t in profile.measure("6").targets if t.metric == "water_connection_time"]
    assert [(t.scope, t.value, t.baseline, t.unit) for t in water] == [
        ("居民", 5, 20, "working_day"),
        ("工商用户", 14, 20, "working_day"),
    ]


def test_electricity_capacity_steps_and_zero_investment(profile: RegionProfile) -> None:
    m = profile.measure("6")
    steps = [(t.scope, t.value, t.baseline) for t in m.targets if t.metric == "electricity_connection_steps"]
    assert steps == [("小微企业", 2, 3), ("大中型企业高压接电", 4, 5)]
    cost = next(t for t in m.targets if t.metric == "electricity_connection_cost")
    assert (cost.comparator, cost.value, cost.unit, cost.scope) == ("<=", 0, "yuan", "160千瓦及以下的小微企业")
    # The capacities (100→160千伏安, 160千瓦及以下) say who qualifies: conditions, never targets.
    assert not any(t.unit in ("kw", "kva") for t in m.targets)


def test_simplified_deregistration_notice_is_calendar_days(profile: RegionProfile) -> None:
    # 8. "企业简易注销公示时间由45日缩减至20日" (日 counts every day)
    notice = _target(profile, "8#1")
    assert (notice.metric, notice.value, notice.baseline, notice.unit) == (
        "simplified_deregistration_notice_period",
        20,
        45,
        "calendar_day",
    )
    decision = _target(profile, "8#2")
    assert (decision.value, decision.unit) == (1, "working_day")


def test_construction_approval_range_due_end_of_2022(profile: RegionProfile) -> None:
    # 9. "力争到2022年底将审批时限压缩至30-60个工作日内"
    t = _target(profile, "9#1")
    assert (t.metric, t.comparator, t.low, t.high, t.value, t.unit) == (
        "construction_permit_time",
        "range",
        30,
        60,
        None,
        "working_day",
    )
    assert t.due is not None and t.due.raw == "到2022年底" and t.due.date == dt.date(2022, 12, 31)
    assert profile.measure("9").deadline is None


def test_tax_time_is_hours_as_a_quantity(profile: RegionProfile) -> None:
    # 7. "将纳税缴费时间压减至100小时以内"
    t = _target(profile, "7#1")
    assert (t.metric, t.value, t.unit) == ("annual_tax_compliance_time", 100, "clock_hour")


def test_export_refund_is_a_mean_in_working_days(profile: RegionProfile) -> None:
    # 25. "将正常出口退税业务平均办理时间压缩至7个工作日以内"
    t = _target(profile, "25#1")
    assert (t.metric, t.value, t.unit, t.aggregation, t.scope) == (
        "export_tax_refund_time",
        7,
        "working_day",
        "mean",
        "正常出口退税业务",
    )


def test_startup_guarantee_loans(profile: RegionProfile) -> None:
    # 3. "贷款额度最高20万元" … "支持新增发放创业担保贷款500万元，直接扶持创业人员50人，带动就业100人"
    got = [(t.metric, t.comparator, t.value, t.unit) for t in profile.measure("3").targets]
    assert got == [
        ("startup_guarantee_loans_issued", ">=", 500, "ten_thousand_yuan"),
        ("entrepreneurs_supported", ">=", 50, "count"),
        ("jobs_created", ">=", 100, "count"),
    ]
    assert any(n.field == "targets" and "LPR-150BP" in n.raw for n in profile.measure("3").notes)


def test_target_counts_per_measure(profile: RegionProfile) -> None:
    counts = {m.id: len(m.targets) for m in profile.measures if m.targets}
    assert counts == {"1": 2, "3": 3, "6": 8, "7": 1, "8": 2, "9": 1, "13": 1, "25": 1}


def test_hotline_numbers_and_slogans_are_not_targets(profile: RegionProfile) -> None:
    assert not profile.measure("15").targets  # "12345" is a hotline number
    assert not profile.measure("4").targets  # "最多跑一次" is a principle
    assert not profile.measure("20").targets  # "三项制度" names three systems


def test_measure_16_numbering_typo_is_noted(profile: RegionProfile) -> None:
    assert any(n.field == "id" and n.raw == "16、" for n in profile.measure("16").notes)


# -- units ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("市市场监督管理局", "市市场监督管理局"),
        ("市场监督管理局", "市市场监督管理局"),
        ("市人社局", "市人力资源和社会保障局"),
        ("住建局", "市住房和城乡建设局"),
        ("医保局", "市医疗保障局"),
        ("医疗保障局", "市医疗保障局"),
        ("交通局", "市交通运输局"),
        ("交通运输局", "市交通运输局"),
        ("市发改委", "市发展和改革委员会"),
        ("市政府办公室", "市人民政府办公室"),
        ("工商联", "市工商业联合会"),
        ("各乡镇(街道）", "各乡镇（街道）"),
    ],
)
def test_aliases_resolve(profile: RegionProfile, alias: str, name: str) -> None:
    assert profile.resolve_unit(alias) == name


def _units(m: Measure, role: str) -> list[tuple[str, str]]:
    refs = m.lead_units if role == "lead" else m.cooperating_units
    return [(u.raw, u.name) for u in refs]


def test_list_fragments_take_the_city_prefix(profile: RegionProfile) -> None:
    assert _units(profile.measure("1"), "cooperating") == [
        ("市政务服务和公共资源交易中心", "市政务服务和公共资源交易中心"),
        ("公安局", "市公安局"),
        ("司法局", "市司法局"),
        ("人社局", "市人力资源和社会保障局"),
        ("自然资源局", "市自然资源局"),
        ("税务局", "市税务局"),
    ]
    assert _units(profile.measure("25"), "lead") == [
        ("市税务局", "市税务局"),
        ("商务和工业信息化局", "市商务和工业信息化局"),
    ]


def test_quoted_enumeration_inside_a_unit_name_is_not_split(profile: RegionProfile) -> None:
    (unit,) = profile.measure("21").cooperating_units
    assert unit.raw == "市市场监管领域部门联合“双随机、一公开”监管工作联席会议成员单位"
    assert unit.group


def test_comma_separated_cell_of_measure_23(profile: RegionProfile) -> None:
    names = [u.name for u in profile.measure("23").cooperating_units]
    assert names == ["市工商业联合会", "市发展和改革委员会", "市财政局", "市市场监督管理局", "市税务局"]


def test_collective_names_are_groups(profile: RegionProfile) -> None:
    for name in ("各乡镇（街道）", "市直各有关部门", "市直各相关行业部门", "各乡（镇）人民政府"):
        assert profile.unit(name).group, name
    assert not profile.unit("市市场监督管理局").group


def test_unit_table_covers_every_reference(profile: RegionProfile) -> None:
    for m in profile.measures:
        for ref in m.responsibility.all_units():
            assert profile.resolve_unit(ref.raw) == ref.name, (m.id, ref.raw)


def test_lead_unit_query(profile: RegionProfile) -> None:
    led = [m.id for m in profile.measures_of_unit("市场监督管理局", ("lead",))]
    assert led == ["1", "4", "8", "11", "13", "17", "19", "21"]


def test_region_metadata(profile: RegionProfile) -> None:
    region = profile.region
    assert (region.names.zh, region.names.en, region.calendar) == ("阿图什市", "Atushi City", "CN-XJ")
    assert region.parent.zh == "克孜勒苏柯尔克孜自治州"
    assert (region.code, len(region.sub_units)) == ("653001", 11)
