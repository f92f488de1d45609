from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

import bizenv
from bizenv.profile_file import profile_from_dict, profile_to_dict
from bizenv.validate import errors, validate_profile


def _mutated(profile: bizenv.RegionProfile, change: Any) -> list[str]:
    data = copy.deepcopy(profile_to_dict(profile))
    change(data)
    return [f"{p.where}: {p.message}" for p in errors(validate_profile(profile_from_dict(data)))]


def test_the_example_profile_is_valid(example_profile: bizenv.RegionProfile) -> None:
    assert errors(validate_profile(example_profile)) == []


def test_cross_references_must_resolve(example_profile: bizenv.RegionProfile) -> None:
    def bad_refs(d: dict[str, Any]) -> None:
        m = d["measures"][0]
        m["document"] = "nope"
        m["area"] = "9"
        m["categories"] = ["not_a_category"]
        m["responsibility"]["responsible_units"].append({"raw": "某某局", "name": "某某局"})

    found = _mutated(example_profile, bad_refs)
    assert "measure 1.1: unknown document 'nope'" in found
    assert "measure 1.1: unknown area '9'" in found
    assert "measure 1.1: unknown indicator category 'not_a_category'" in found
    assert any("'某某局'" in f and "unit table" in f for f in found)


def test_duplicate_ids_and_missing_categories_are_errors(example_profile: bizenv.RegionProfile) -> None:
    def dup(d: dict[str, Any]) -> None:
        d["measures"].append(copy.deepcopy(d["measures"][0]))
        d["measures"][1]["categories"] = []

    found = _mutated(example_profile, dup)
    assert "measure 1.1: measure id '1.1' is used 2 times" in found
    assert "measure 1.1: no indicator category" in found


def test_a_deadline_reading_that_differs_from_its_text_needs_a_note(example_profile: bizenv.RegionProfile) -> None:
    def typo(d: dict[str, Any]) -> None:
        d["measures"][0]["deadline"] = {"raw": "20235年12月", "date": "2025-12-31"}

    assert any("deadline" in f and "data note" in f for f in _mutated(example_profile, typo))

    def noted(d: dict[str, Any]) -> None:
        typo(d)
        d["measures"][0]["notes"] = [
            {
                "field": "deadline",
                "raw": "20235年12月",
                "reading": "2025-12-31",
                "reason": "a digit too many; the plan runs to 2025",
            }
        ]

    assert _mutated(example_profile, noted) == []
    data = copy.deepcopy(profile_to_dict(example_profile))
    noted(data)
    notes = [p for p in validate_profile(profile_from_dict(data)) if p.level == "note"]
    assert len(notes) == 1 and "20235年12月" in notes[0].message


def test_empty_text_needs_a_note(example_profile: bizenv.RegionProfile) -> None:
    def empty(d: dict[str, Any]) -> None:
        d["measures"][0]["text"] = ""

    assert any("empty text" in f for f in _mutated(example_profile, empty))


# -- targets are judged by their metric ---------------------------------------------------------------------

TEST_REGION = Path(__file__).resolve().parent / "data" / "test_region.toml"


def _target(d: dict[str, Any]) -> dict[str, Any]:
    target: dict[str, Any] = d["measures"][0]["targets"][0]
    return target


def test_every_shipped_profile_is_valid() -> None:
    assert errors(validate_profile(bizenv.load_profile(TEST_REGION))) == []
    for region in bizenv.region_ids():
        assert errors(validate_profile(bizenv.profile(region))) == [], region


def test_a_targets_metric_must_exist(example_profile: bizenv.RegionProfile) -> None:
    def unknown(d: dict[str, Any]) -> None:
        _target(d)["metric"] = "opening_speed"

    assert _mutated(example_profile, unknown) == [
        "measure 1.1 target #1: metric 'opening_speed' is neither in bizenv's registry nor in the profile's metrics"
    ]

    def own(d: dict[str, Any]) -> None:
        unknown(d)
        names = {"zh": "开办速度", "en": "Opening speed"}
        d["metrics"] = [
            {
                "code": "opening_speed",
                "names": names,
                "kind": "case_time_limit",
                "direction": "lower",
                "units": ["working_day"],
            }
        ]

    assert _mutated(example_profile, own) == []


def test_a_profile_may_not_redefine_a_registry_metric(example_profile: bizenv.RegionProfile) -> None:
    def redefine(d: dict[str, Any]) -> None:
        names = {"zh": "开办时间", "en": "Opening time"}
        d["metrics"] = [
            {
                "code": "business_opening_time",
                "names": names,
                "kind": "count",
                "direction": "higher",
                "units": ["count"],
            }
        ]

    assert "metric business_opening_time: redefines a metric of bizenv's registry; use it as it is" in _mutated(
        example_profile, redefine
    )


def test_the_unit_must_be_one_of_the_metrics(example_profile: bizenv.RegionProfile) -> None:
    def in_yuan(d: dict[str, Any]) -> None:
        _target(d)["unit"] = "calendar_day"

    assert _mutated(example_profile, in_yuan) == [
        "measure 1.1 target #1: unit 'calendar_day' is not one of the units of 'business_opening_time': "
        "working_day, office_hour"
    ]


@pytest.mark.parametrize(
    ("metric", "unit", "comparator", "allowed"),
    [
        ("business_opening_time", "working_day", "<=", True),
        ("business_opening_time", "working_day", "<", True),
        ("business_opening_time", "working_day", ">=", False),  # lower is better: never a floor
        ("business_opening_time", "working_day", "==", False),  # a time limit is not set exactly
        ("online_processing_rate", "percent", ">=", True),
        ("online_processing_rate", "percent", "<=", False),  # higher is better: never a ceiling
        ("online_processing_rate", "percent", "==", False),  # 100% linked is at least 100, not exactly
        ("property_registration_fee", "yuan", "==", False),  # a fee is a ceiling (每件80元)
        ("electricity_price", "yuan_per_kwh", "==", False),  # a price is a ceiling (不超过政府核定标准)
        ("business_opening_steps", "count", "==", True),  # a count may be exact
        ("land_use_transition_period", "year", "==", True),  # so may a measured quantity
    ],
)
def test_the_comparator_agrees_with_the_direction(
    example_profile: bizenv.RegionProfile, metric: str, unit: str, comparator: str, allowed: bool
) -> None:
    def judged(d: dict[str, Any]) -> None:
        _target(d).update(metric=metric, unit=unit, comparator=comparator, value=1, baseline=None)

    found = _mutated(example_profile, judged)
    assert (found == []) is allowed, found


def test_a_range_is_allowed_either_way(example_profile: bizenv.RegionProfile) -> None:
    for metric, unit in (
        ("construction_permit_time", "working_day"),
        ("industry_education_integration_enterprises", "count"),
    ):

        def ranged(d: dict[str, Any], metric: str = metric, unit: str = unit) -> None:
            _target(d).update(metric=metric, unit=unit, comparator="range", value=None, low=2, high=4, baseline=None)

        assert _mutated(example_profile, ranged) == []


def test_eligibility_is_a_condition_never_a_target(example_profile: bizenv.RegionProfile) -> None:
    def capacity_target(d: dict[str, Any]) -> None:
        _target(d).update(
            metric="electricity_connection_capacity", unit="kw", comparator="<=", value=160, baseline=None
        )

    assert _mutated(example_profile, capacity_target) == [
        "measure 1.1 target #1: metric 'electricity_connection_capacity' is an eligibility (who qualifies); "
        "make it a condition of the target it bounds"
    ]

    def capacity_condition(d: dict[str, Any]) -> None:
        bound = {
            "metric": "electricity_connection_capacity",
            "comparator": "<=",
            "value": 160,
            "unit": "kw",
            "raw": "x",
        }
        _target(d)["conditions"] = [bound]

    assert _mutated(example_profile, capacity_condition) == []

    def wrong_conditions(d: dict[str, Any]) -> None:
        _target(d)["conditions"] = [
            {"metric": "business_opening_time", "comparator": "<=", "value": 1, "unit": "working_day", "raw": "x"},
            {"metric": "electricity_connection_capacity", "comparator": "<=", "value": 160, "unit": "yuan", "raw": "x"},
            {"metric": "no_such_bound", "comparator": "<=", "value": 1, "unit": "count", "raw": "x"},
        ]

    assert _mutated(example_profile, wrong_conditions) == [
        "measure 1.1 target #1: condition #1: metric 'business_opening_time' is a case time limit; "
        "a condition bounds an eligibility",
        "measure 1.1 target #1: condition #2: unit 'yuan' is not one of the units of "
        "'electricity_connection_capacity': kw, kva",
        "measure 1.1 target #1: condition #3: metric 'no_such_bound' is neither in bizenv's registry nor in the "
        "profile's metrics",
    ]


def test_a_stage_points_at_another_target_of_its_measure(example_profile: bizenv.RegionProfile) -> None:
    def staged(stage_of: int) -> Any:
        def change(d: dict[str, Any]) -> None:
            stage = copy.deepcopy(_target(d))
            stage.update(stage_of=stage_of, value=0.5, baseline=None)
            d["measures"][0]["targets"].append(stage)

        return change

    assert _mutated(example_profile, staged(1)) == []
    for wrong in (2, 3):
        assert _mutated(example_profile, staged(wrong)) == [
            f"measure 1.1 target #2: stage_of {wrong} is not another target of measure 1.1 (it has 2)"
        ]


def test_the_hierarchy_must_hold(example_profile: bizenv.RegionProfile) -> None:
    def children_without_parent(d: dict[str, Any]) -> None:
        child = copy.deepcopy(d["measures"][0])
        child["id"] = "1.1.1"
        d["measures"].append(child)
        loop = copy.deepcopy(d["measures"][0])
        loop.update(id="9", parent="9")
        d["measures"].append(loop)
        orphan = copy.deepcopy(d["measures"][0])
        orphan.update(id="10", parent="nowhere")
        d["measures"].append(orphan)

    found = _mutated(example_profile, children_without_parent)
    assert any("measure 1.1.1" in p and "numbered under measure 1.1" in p for p in found)
    assert any("measure 9" in p and "is its own parent" in p for p in found)
    assert any("measure 10" in p and "parent 'nowhere' is not a measure" in p for p in found)


def test_group_members_are_the_regions_own_sub_units(example_profile: bizenv.RegionProfile) -> None:
    def members(d: dict[str, Any]) -> None:
        group = next(u for u in d["units"] if u["group"])
        group["members"] = ["example-park", "yizhou"]
        plain = next(u for u in d["units"] if not u["group"])
        plain["members"] = ["example-park"]

    found = _mutated(example_profile, members)
    assert any("member 'yizhou' is not a sub-unit of the region (example-park)" in p for p in found)
    assert any("has members but is not a group" in p for p in found)
    assert not any("'example-park' is not a sub-unit" in p for p in found)


def test_periods_links_and_uncertain_readings_are_checked(example_profile: bizenv.RegionProfile) -> None:
    def broken(d: dict[str, Any]) -> None:
        d["documents"][0]["period"] = {"raw": "2024年", "start": "2024-12-31", "end": "2024-01-01"}
        d["measures"][0]["related"] = [{"measure": "1.1", "kind": "same_as"}]
        d["measures"][0]["deadline"] = {"raw": "2024年6月", "date": "2024-06-30", "alternatives": ["2025-06-30"]}

    found = _mutated(example_profile, broken)
    assert any("ends (2024-01-01) before it starts (2024-12-31)" in p for p in found)
    assert any("related measure '1.1' is not another measure" in p for p in found)
    assert any("other readings of the deadline need a data note" in p for p in found)


# -- names that read as two things, negative bounds, unknown calendars (issue 25) ----------------------------


def test_a_units_alias_may_not_be_another_units_name(example_profile: bizenv.RegionProfile) -> None:
    def clash(d: dict[str, Any]) -> None:
        d["units"][0]["aliases"].append("县政务服务中心")

    assert "unit 县市场监督管理局: alias '县政务服务中心' is the name of another unit" in _mutated(
        example_profile, clash
    )


def test_two_sub_units_may_not_share_an_alias(example_profile: bizenv.RegionProfile) -> None:
    def twins(d: dict[str, Any]) -> None:
        park = d["region"]["sub_units"][0]
        park["aliases"] = ["园区"]
        d["region"]["sub_units"].append(
            {**copy.deepcopy(park), "id": "other-park", "names": {"zh": "另一园区", "en": "Other Park"}}
        )

    found = _mutated(example_profile, twins)
    assert "sub-unit other-park: name or alias '园区' also belongs to sub-unit 'example-park'" in found


def test_a_negative_time_limit_is_an_error(example_profile: bizenv.RegionProfile) -> None:
    def negative(d: dict[str, Any]) -> None:
        _target(d)["value"] = -1

    found = _mutated(example_profile, negative)
    assert [f for f in found if "negative" in f] == [
        "measure 1.1 target #1: value -1 working_day is negative; no quantity of bizenv's units is below zero"
    ]


def test_an_unknown_calendar_is_an_error(example_profile: bizenv.RegionProfile) -> None:
    def unknown(d: dict[str, Any]) -> None:
        d["region"]["calendar"] = "CN-Xinjiang"

    (found,) = _mutated(example_profile, unknown)
    assert found.startswith("region calendar: unknown calendar 'CN-Xinjiang'; known: ") and "CN-XJ" in found
    assert _mutated(example_profile, lambda d: d["region"].update(calendar="CN")) == []


def test_an_aggregation_other_than_the_stated_rule_needs_a_note(example_profile: bizenv.RegionProfile) -> None:
    def mean(d: dict[str, Any]) -> None:
        _target(d)["aggregation"] = "mean"

    found = _mutated(example_profile, mean)
    assert any("aggregation 'mean' but the phrase says no 平均" in f for f in found)

    def noted(d: dict[str, Any]) -> None:
        mean(d)
        raw = d["measures"][0]["targets"][0]["raw"]
        d["measures"][0]["notes"] = [
            {"field": "targets[0].aggregation", "raw": raw, "reading": "mean", "reason": "a measured quantity"}
        ]

    assert _mutated(example_profile, noted) == []
