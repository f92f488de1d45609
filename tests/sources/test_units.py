"""Unit cells: one splitting rule, the shared prefix rule, 等 as a group, curated fragments with notes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bizenv.model import DataNote, Role
from bizenv.sources.curated import Fragment, FragmentRef, UnitEntry
from bizenv.sources.errors import BuildError
from bizenv.sources.units import UnitTable, split_cell

UNITS = (
    UnitEntry("州税务局"),
    UnitEntry("州公安局"),
    UnitEntry("州水利局"),
    UnitEntry("州人力资源和社会保障局", aliases=("州人社局",)),
    UnitEntry("州党委组织部"),
    UnitEntry("州党委宣传部"),
    UnitEntry("库尔勒海关"),
    UnitEntry("库尔勒市人民政府"),
    UnitEntry("尉犁县人民政府"),
    UnitEntry("各银行", group=True),
    UnitEntry("其他相关单位", aliases=("等", "等相关部门"), group=True),
    UnitEntry("市公安局"),
    UnitEntry("市市场监督管理局", aliases=("市场监督管理局",)),
)


def table(*fragments: Fragment, prefixes: tuple[str, ...] = ("州", "州党委", "市")) -> UnitTable:
    return UnitTable(UNITS, prefixes, fragments)


def read(
    cell: str, t: UnitTable | None = None, role: Role = "responsible", measure: str = "1"
) -> list[tuple[str, str]]:
    return [(r.raw, r.name) for r in (t or table()).read_cell(cell, role=role, measure=measure).refs]


def test_split_at_separators_outside_brackets_and_quotes() -> None:
    assert split_cell("州税务局、公安局，各银行,库尔勒海关") == ["州税务局", "公安局", "各银行", "库尔勒海关"]
    assert split_cell("住房和城乡建设局（交通运输局），政府办") == ["住房和城乡建设局（交通运输局）", "政府办"]
    assert split_cell("“双随机、一公开”成员单位、公安局") == ["“双随机、一公开”成员单位", "公安局"]
    assert split_cell("各乡镇(街道），政府办") == ["各乡镇(街道）", "政府办"]
    assert split_cell("医保局 甘苗良等") == ["医保局", "甘苗良等"]
    assert split_cell("") == []


@given(st.lists(st.sampled_from(["州税务局", "公安局", "“双随机、一公开”", "（交通运输局）", "各银行"]), min_size=1))
def test_split_undoes_joining(names: list[str]) -> None:
    assert split_cell("、".join(names)) == names
    assert split_cell("，".join(names)) == names


def test_names_and_aliases() -> None:
    assert read("州税务局、州人社局") == [("州税务局", "州税务局"), ("州人社局", "州人力资源和社会保障局")]


def test_the_prefix_of_the_unit_before_is_shared() -> None:
    assert read("州税务局、公安局、人社局，各银行、公安局") == [
        ("州税务局", "州税务局"),
        ("公安局", "州公安局"),
        ("人社局", "州人力资源和社会保障局"),
        ("各银行", "各银行"),
        ("公安局", "州公安局"),
    ]
    assert read("州党委组织部、宣传部") == [("州党委组织部", "州党委组织部"), ("宣传部", "州党委宣传部")]
    # 州党委 first, then the shorter 州: "州党委组织部、公安局" is 州公安局.
    assert read("州党委组织部、公安局")[1] == ("公安局", "州公安局")
    assert read("市市场监督管理局、公安局")[1] == ("公安局", "市公安局")


def test_no_prefix_without_a_prefixed_unit_before() -> None:
    with pytest.raises(BuildError, match="'公安局'"):
        read("库尔勒海关、公安局")


def test_a_trailing_etc_is_a_group_reference() -> None:
    assert read("州税务局、公安局等相关部门") == [
        ("州税务局", "州税务局"),
        ("公安局", "州公安局"),
        ("等相关部门", "其他相关单位"),
    ]
    units = (UnitEntry("州税务局"), UnitEntry("等部门"))
    with pytest.raises(BuildError, match="no group unit"):
        UnitTable(units, ("州",)).read_cell("州税务局等部门", role="lead")


def test_a_curated_fragment_gives_its_units_and_a_note() -> None:
    shared = Fragment(
        raw="库尔勒市",
        refs=(FragmentRef("库尔勒市", "库尔勒市人民政府"),),
        reading="库尔勒市人民政府",
        reason="人民政府 is shared",
        measure="(21)",
        role="cooperating",
    )
    dropped = Fragment(raw="甘苗良等", refs=(), reading="not a unit", reason="a name", measure="67")
    t = table(shared, dropped)
    got = t.read_cell("州水利局、库尔勒市、尉犁县人民政府", role="cooperating", measure="(21)")
    assert [(r.raw, r.name) for r in got.refs][1:] == [
        ("库尔勒市", "库尔勒市人民政府"),
        ("尉犁县人民政府", "尉犁县人民政府"),
    ]
    assert got.notes == (
        DataNote(field="cooperating_units[1]", raw="库尔勒市", reading="库尔勒市人民政府", reason="人民政府 is shared"),
    )
    got = t.read_cell("州税务局 甘苗良等", role="lead", measure="67")
    assert [r.name for r in got.refs] == ["州税务局"]
    assert got.notes[0].field == "lead_units"
    assert t.used_fragments == {0, 1}


def test_a_fragment_applies_only_to_its_measure_and_role() -> None:
    t = table(
        Fragment(
            raw="库尔勒市", refs=(FragmentRef("库尔勒市", "库尔勒市人民政府"),), reading="r", reason="w", measure="2"
        )
    )
    with pytest.raises(BuildError):
        t.read_cell("库尔勒市", role="lead", measure="3")
    assert t.read_cell("库尔勒市", role="lead", measure="2").refs[0].name == "库尔勒市人民政府"


def test_groups_are_marked() -> None:
    (ref,) = table().read_cell("各银行", role="lead").refs
    assert ref.group


def test_a_name_given_twice_is_refused() -> None:
    with pytest.raises(BuildError, match="twice"):
        UnitTable((UnitEntry("州税务局"), UnitEntry("州地税局", aliases=("州税务局",))))
