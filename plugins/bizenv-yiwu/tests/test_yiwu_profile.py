"""Behaviour tests of the Yiwu profile against its bundled source text.

Counts are derived here from the source text with patterns of their own, not from the build tool. What
every region passes (loading, freshness of the build, texts and targets quoted from the source,
provenance, units) is the contract of bizenv.testing, run by test_yiwu_contract.py.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from functools import cache
from importlib.resources import files

import pytest

import bizenv
import bizenv_yiwu
from bizenv import Measure, RegionProfile

SEED_NAME = "004_a1616a89b6850fbe.txt"
DOC = "yiwu-2023-2025-plan"


@cache
def source_text() -> str:
    return (files(bizenv_yiwu) / "sources" / SEED_NAME).read_text(encoding="utf-8")


@cache
def source_lines() -> tuple[str, ...]:
    return tuple(line.strip() for line in source_text().split("\n"))


def nonempty(lines: tuple[str, ...]) -> list[str]:
    return [line for line in lines if line]


def section(name: str) -> list[str]:
    """Non-empty lines of section 二 (everything before 三、保障措施) or section 三."""
    lines = nonempty(source_lines())
    split = lines.index("三、保障措施")
    return lines[1:split] if name == "二" else lines[split + 1 :]


@cache
def yiwu() -> RegionProfile:
    registry = bizenv.load_registry(only={"yiwu"})
    assert not registry.failures, registry.failures
    return registry.profile("yiwu")


def m(measure_id: str) -> Measure:
    return yiwu().measure(measure_id)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# -- counts, from the source text -------------------------------------------------------------------

NUMBERED_HEADING = re.compile(r"^\d+\.(?!\d)")
SUB_MEASURE = re.compile(r"^\d+\.\d+")
AREA_HEADING = re.compile(r"^（[一二三四五六七八九十]+）[^。]*（牵头单位")
SAFEGUARD = re.compile(r"^（[一二三四五六七八九十]+）.+责任单位")


def source_counts() -> dict[str, int]:
    two = section("二")
    # The first line of section 二 is a heading whose "N." is missing (measure 2, followed by 2.1).
    implicit = 1 if not re.match(r"^[\d（]", two[0]) and two[1].startswith("2.1") else 0
    numbered = sum(1 for line in two if NUMBERED_HEADING.match(line))
    subs = sum(1 for line in two if SUB_MEASURE.match(line))
    bodies = sum(1 for line in two if "责任单位" in line and not re.match(r"^[\d（(]", line))
    heading_only = implicit + sum(
        1 for a, b in itertools.pairwise(two) if NUMBERED_HEADING.match(a) and SUB_MEASURE.match(b)
    )
    safeguards = sum(1 for line in section("三") if SAFEGUARD.match(line))
    areas = sum(1 for line in two if AREA_HEADING.match(line))
    return {
        "top": numbered + implicit,
        "sub": subs,
        "body": bodies,
        "heading_only": heading_only,
        "safeguards": safeguards,
        "area_headings": areas,
        # Measures 2–9 come before the first heading （二）: the heading of area （一） is missing.
        "areas": areas + (1 if not AREA_HEADING.match(two[0]) else 0),
    }


def profile_counts() -> dict[str, int]:
    ms = [x for x in yiwu().measures if x.document == DOC]
    top = [x for x in ms if re.fullmatch(r"\d+", x.id)]
    return {
        "top": len(top),
        "sub": sum(1 for x in ms if re.fullmatch(r"\d+\.\d+", x.id)),
        "body": sum(1 for x in top if x.text != x.title),
        "heading_only": sum(1 for x in top if x.text == x.title),
        "safeguards": sum(1 for x in ms if x.id.startswith("保障措施")),
        "area_headings": sum(1 for a in yiwu().areas if a.provenance and a.id != "（一）"),
        "areas": len([a for a in yiwu().areas if a.document == DOC]),
    }


def test_counts_derived_from_the_source_match_the_profile() -> None:
    assert profile_counts() == source_counts()


@pytest.mark.parametrize("kind", ["top", "sub", "body", "heading_only", "safeguards", "areas"])
def test_each_count_separately(kind: str) -> None:
    assert profile_counts()[kind] == source_counts()[kind]


def test_counts_as_stated() -> None:
    counts = source_counts()
    # The plan's areas run （一）…（十七） (the numbering of section 二; see README).
    assert counts["areas"] == 17
    # Counted by hand from the source, as the README explains: measures 2–140 (measure 1 is absent),
    # 104 of them with their own paragraph and 35 with sub-measures; 134 sub-measures; 8 safeguards.
    assert counts["top"] == 139
    assert counts["body"] == 104
    assert counts["heading_only"] == 35
    assert counts["sub"] == 134
    assert counts["safeguards"] == 8
    assert len(yiwu().measures) == 139 + 134 + 8 == 281


def test_measures_follow_the_source_numbering_in_order() -> None:
    two = section("二")
    numbers = ["2"]
    for line in two:
        if sm := re.match(r"^(\d+\.\d+)", line):
            numbers.append(sm[1])
        elif tm := re.match(r"^(\d+)\.(?!\d)", line):
            numbers.append(tm[1])
    numbers += [f"保障措施（{n}）" for n in "一二三四五六七八"]
    assert [x.id for x in yiwu().measures] == numbers


def test_every_deadline_of_the_source_is_encoded() -> None:
    source = re.findall(r"完成时限[：:]([^）)]+)[）)]", source_text())
    encoded = [x.deadline.raw for x in yiwu().measures if x.deadline is not None]
    assert encoded == source
    assert len(encoded) == 238


# -- text fidelity ------------------------------------------------------------------------------------


def test_no_text_is_empty() -> None:
    # Every measure of this source has text of its own: a heading at least.
    for x in yiwu().measures:
        assert x.text, x.id


def test_responsible_cells_are_quoted_from_the_text() -> None:
    for x in yiwu().measures:
        cell = x.responsibility.raw.get("responsible")
        if cell is not None:
            assert f"责任单位：{cell}" in x.text, x.id


def test_items_are_in_order() -> None:
    assert len(m("10").items) == 6
    assert m("10").items[0] == "不依法发布信息的行为"
    assert len(m("12").items) == 10
    assert m("12").items[-1] == "违反法律法规相关规定的其他妨碍公平竞争的规定和做法"
    source = squash(source_text())
    for x in yiwu().measures:
        for n, item in enumerate(x.items, start=1):
            assert f"（{n}）{squash(item)}" in source


# -- targets --------------------------------------------------------------------------------------------


def test_target_count() -> None:
    # 48 quantified statements, less three that are no goal of the county's (6, 57, 76.6: notes on targets).
    assert sum(len(x.targets) for x in yiwu().measures) == 45


def test_spot_check_simplified_deregistration_notice() -> None:
    (t,) = m("5.3").targets
    assert (t.metric, t.comparator, t.value, t.baseline, t.unit) == (
        "simplified_deregistration_notice_period",
        "<=",
        20,
        45,
        "calendar_day",
    )


def test_spot_check_electricity_low_voltage_non_residential() -> None:
    t = m("31.1").targets[-1]
    assert (t.metric, t.value, t.unit, t.aggregation) == ("electricity_connection_time", 15, "working_day", "each")
    assert t.scope is not None and "低压非居民" in t.scope


def test_spot_check_construction_permit_times() -> None:
    ts = m("71").targets
    assert [t.value for t in ts] == [60, 50, 35, 30, 15]
    assert {t.unit for t in ts} == {"working_day"}
    assert ts[4].scope == "除重大工程建设项目外，…装饰装修项目"


def test_spot_check_tax_time_is_a_mean_of_clock_hours() -> None:
    ts = m("85").targets
    assert [t.value for t in ts] == [77, 75, 72]
    assert {(t.unit, t.aggregation) for t in ts} == {("clock_hour", "mean")}
    assert [t.due.date for t in ts if t.due] == [dt.date(2023, 12, 31), dt.date(2024, 12, 31), dt.date(2025, 12, 31)]


def test_spot_check_online_processing_rates() -> None:
    ts = m("55").targets
    assert [(t.value, t.aggregation, t.due.date if t.due else None) for t in ts] == [
        (88, "rate", dt.date(2023, 12, 31)),
        (91, "rate", dt.date(2024, 12, 31)),
        (94, "rate", dt.date(2025, 12, 31)),
    ]


def test_spot_check_parcel_locker_coverage() -> None:
    ts = m("44.2").targets
    assert [(t.value, t.unit, t.due.raw if t.due else None) for t in ts] == [
        (70, "percent", "到2023年底"),
        (80, "percent", "到2024年"),
        (90, "percent", "到2025年"),
    ]


def test_spot_check_ranges() -> None:
    (t,) = m("38.2").targets
    assert (t.comparator, t.low, t.high, t.unit) == ("range", 2, 4, "count")
    t = m("44.3").targets[0]
    assert (t.comparator, t.low, t.high) == ("range", 1, 2)


def test_spot_check_report_within_24_clock_hours() -> None:
    (t,) = m("18").targets
    assert (t.value, t.unit) == (24, "clock_hour")


def test_spot_check_immediate_service_is_zero_working_days() -> None:
    (t,) = m("5.4").targets
    assert (t.comparator, t.value, t.unit) == ("<=", 0, "working_day")


def test_spot_check_land_approval_months() -> None:
    assert [(t.value, t.unit) for t in m("68.3").targets] == [(6, "month"), (12, "month")]


def test_spot_check_satisfaction() -> None:
    assert [t.value for t in m("62").targets] == [98, 99]


# -- deadlines ------------------------------------------------------------------------------------------


def test_spot_check_deadlines() -> None:
    d = m("2.1").deadline
    assert d == bizenv.parse_deadline("2024年6月")
    assert d is not None and d.date == dt.date(2024, 6, 30)
    d = m("39.3").deadline
    assert d is not None and (d.raw, d.date) == ("2025年12月底前", dt.date(2025, 12, 31))
    assert m("2").deadline is None
    assert all(m(f"保障措施（{n}）").deadline is None for n in "一二三四五六七八")


def test_typo_deadline_keeps_raw_text_with_a_note() -> None:
    x = m("107")
    assert x.deadline is not None
    assert (x.deadline.raw, x.deadline.date) == ("20235年12月", dt.date(2023, 12, 31))
    assert any(n.field == "deadline" and "20235" in n.raw for n in x.notes)


def test_no_deadline_is_invented() -> None:
    for x in yiwu().measures:
        if x.deadline is not None:
            assert f"完成时限：{x.deadline.raw}" in x.text, x.id


# -- ids and notes ------------------------------------------------------------------------------------


def test_measures_whose_number_is_inferred_carry_an_id_note() -> None:
    for x in yiwu().measures:
        has_note = any(n.field == "id" for n in x.notes)
        inferred = x.id == "2" or (re.fullmatch(r"\d+", x.id) is not None and x.text != x.title)
        assert has_note == inferred, x.id
    note = next(n for n in m("15").notes if n.field == "id")
    assert note.raw == "15.提高政府采购质疑投诉处理水平"


# -- units ----------------------------------------------------------------------------------------------


def test_alias_resolution() -> None:
    p = yiwu()
    assert p.resolve_unit("发展改革委") == "县发展和改革委员会"
    assert p.resolve_unit("伊吾县发展改革委") == "县发展和改革委员会"
    assert p.resolve_unit("政府办") == "县人民政府办公室"
    assert p.resolve_unit("市场监督管理局") == "县市场监督管理局"
    assert p.resolve_unit("住房和城乡建设局（交通运输局）") == "县住房和城乡建设局（交通运输局）"
    assert p.resolve_unit("卫健委") == "县卫生健康委员会"
    assert p.resolve_unit("国家税务总局伊吾县税务局") == "国家税务总局伊吾县税务局"


def test_unbalanced_lead_unit_is_kept_raw_and_normalised() -> None:
    area = next(a for a in yiwu().areas if a.id == "（九）")
    (ref,) = area.lead_units
    assert ref.raw == "住房和城乡建设局（交通运输局"
    assert ref.name == "县住房和城乡建设局（交通运输局）"


def test_groups() -> None:
    refs = m("保障措施（二）").responsible_units
    assert [(r.name, r.group) for r in refs] == [("18个营商环境指标各牵头单位", True)]
    refs = m("保障措施（五）").responsible_units
    assert refs[-1].raw == "等有关部门" and refs[-1].name == "各有关部门" and refs[-1].group


def test_unit_share_counted_from_the_source() -> None:
    cells = re.findall(r"[（(]责任单位[：:](.*?)(?:[；;，,]完成时限|[）)]。?$)", source_text(), re.M)
    assert len(cells) == 246
    expected = sum(1 for c in cells if "市场监督管理局" in c)
    profile = yiwu()
    named = [
        m
        for m in profile.measures_of_unit("市场监督管理局", ("responsible",))
        if any(o.role == "responsible" and not o.derived and "市场监督管理局" in o.unit.name for o in profile.owners(m))
    ]
    assert len(named) == expected
    # A heading answers for what its sub-measures answer for (derived, not from its own cell).
    assert len(profile.measures_of_unit("市场监督管理局", ("responsible",))) > expected


# -- region and document -----------------------------------------------------------------------------


def test_region_names() -> None:
    p = bizenv.profile("yiwu")
    assert p.region.names.zh == "伊吾县"
    assert p.region.parent.zh == "哈密市"


def test_document_names_its_bundled_source() -> None:
    (doc,) = yiwu().documents
    assert (doc.id, doc.seed_file, doc.number, doc.date) == (DOC, SEED_NAME, None, None)
    assert source_lines()[0].startswith(f"《{doc.title}》")
