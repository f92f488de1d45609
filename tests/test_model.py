from __future__ import annotations

import pytest

from bizenv.model import Names, Region, Target, UnitRef
from bizenv.taxonomy import CATEGORIES, category, find_category


def test_target_rejects_units_outside_the_vocabulary() -> None:
    with pytest.raises(ValueError, match="unit 'days' is not one of"):
        Target(metric="m", comparator="<=", unit="days", value=3, raw="3天")


def test_range_targets_need_both_bounds_in_order() -> None:
    target = Target(metric="m", comparator="range", unit="working_day", low=30, high=60, raw="30-60个工作日")
    # Lower is better: a ceiling at 60 that depends on the project type; a permit in 13 days meets it.
    assert target.is_met_by(13, "lower") and target.is_met_by(60, "lower") and not target.is_met_by(61, "lower")
    # Higher is better (培育2—4个): a floor at the low end; more than the high end meets it too.
    assert target.is_met_by(61, "higher") and target.is_met_by(30, "higher") and not target.is_met_by(29, "higher")
    with pytest.raises(ValueError, match="judged by its metric's direction"):
        target.is_met_by(45)
    with pytest.raises(ValueError, match="needs low and high"):
        Target(metric="m", comparator="range", unit="working_day", value=30, raw="x")
    with pytest.raises(ValueError, match="above high"):
        Target(metric="m", comparator="range", unit="working_day", low=60, high=30, raw="x")


def test_percent_targets_stay_within_0_to_100() -> None:
    with pytest.raises(ValueError, match="outside 0-100"):
        Target(metric="m", comparator=">=", unit="percent", value=120, raw="120%")


@pytest.mark.parametrize(
    ("comparator", "observed", "met"),
    [("<=", 2, True), ("<=", 2.5, False), ("<", 2, False), (">=", 2, True), (">", 2, False), ("==", 2, True)],
)
def test_comparators(comparator: str, observed: float, met: bool) -> None:
    target = Target(metric="m", comparator=comparator, unit="count", value=2, raw="2")
    assert target.is_met_by(observed) is met


def test_region_ids_are_plain_ascii() -> None:
    with pytest.raises(ValueError, match="region id"):
        Region(id="巴州", names=Names("巴州", "Bazhou"), parent=Names("新疆", "Xinjiang"))


def test_unit_refs_keep_raw_and_normalised_names() -> None:
    ref = UnitRef(raw="公安局", name="州公安局")
    assert (ref.raw, ref.name, ref.group) == ("公安局", "州公安局", False)


def test_taxonomy_has_the_eighteen_national_indicators_with_unique_codes() -> None:
    national = [c for c in CATEGORIES if c.national]
    assert len(national) == 18
    assert len({c.code for c in CATEGORIES}) == len(CATEGORIES)
    assert category("getting_electricity").zh == "获得电力"
    found = find_category("获得用水")
    assert found is not None and found.code == "getting_water_and_gas"
    assert find_category("知识产权 创造、保 护和运用") is not None
    with pytest.raises(KeyError, match="unknown indicator category"):
        category("nope")
