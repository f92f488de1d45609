from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bizenv
from bizenv.model import UNITS
from bizenv.profile_file import ProfileFileError, profile_from_dict, profile_to_dict


def test_example_profile_resolves_aliases_and_keeps_raw_text(example_profile: bizenv.RegionProfile) -> None:
    measure = example_profile.measure("1.1")
    assert [(u.raw, u.name) for u in measure.responsible_units] == [
        ("县市场监管局", "县市场监督管理局"),
        ("政务服务中心", "县政务服务中心"),
    ]
    assert example_profile.resolve_unit("市场监督管理局") == "县市场监督管理局"
    assert example_profile.unit("各乡镇人民政府").group
    assert measure.deadline is not None and measure.deadline.date is not None
    assert measure.deadline.date.isoformat() == "2024-06-30"
    target = measure.targets[0]
    assert (target.baseline, target.value, target.unit) == (3, 1, "working_day")
    assert example_profile.target("1.1#1") == (measure, target)


def test_export_round_trips_through_json(example_profile: bizenv.RegionProfile) -> None:
    text = json.dumps(profile_to_dict(example_profile), ensure_ascii=False)
    again = profile_from_dict(json.loads(text))
    assert again == example_profile
    assert profile_to_dict(again) == profile_to_dict(example_profile)


def _data(example_profile: bizenv.RegionProfile) -> dict[str, Any]:
    return copy.deepcopy(profile_to_dict(example_profile))


def test_errors_name_the_file_and_the_field(example_profile: bizenv.RegionProfile) -> None:
    data = _data(example_profile)
    data["measures"][0]["targets"][0]["unit"] = "days"
    with pytest.raises(ProfileFileError) as info:
        profile_from_dict(data, "region.json")
    assert str(info.value).startswith("region.json: measures[0].targets[0].unit: 'days' is not one of")


def test_missing_fields_and_bad_dates_are_named(example_profile: bizenv.RegionProfile) -> None:
    data = _data(example_profile)
    del data["measures"][0]["text"]
    with pytest.raises(ProfileFileError, match=r"measures\[0\]: missing field 'text'"):
        profile_from_dict(data, "f.json")
    data = _data(example_profile)
    data["documents"][0]["date"] = "2024/03/01"
    with pytest.raises(ProfileFileError, match=r"documents\[0\]\.date: expected an ISO date"):
        profile_from_dict(data, "f.json")


def test_unreadable_deadline_string_asks_for_a_note(example_profile: bizenv.RegionProfile) -> None:
    data = _data(example_profile)
    data["measures"][0]["deadline"] = "20235年12月"
    with pytest.raises(ProfileFileError, match="data note"):
        profile_from_dict(data, "f.json")


def test_wrong_schema_and_bad_files_are_refused(tmp_path: Path, example_profile: bizenv.RegionProfile) -> None:
    data = _data(example_profile)
    data["schema"] = "other/9"
    with pytest.raises(ProfileFileError, match="schema must be"):
        profile_from_dict(data, "f.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(ProfileFileError, match=r"broken\.json: not valid JSON"):
        bizenv.load_profile(broken)
    with pytest.raises(ProfileFileError, match="cannot read"):
        bizenv.load_profile(tmp_path / "absent.toml")


@given(
    unit=st.sampled_from(sorted(UNITS)),
    comparator=st.sampled_from(["<=", "<", ">=", ">", "=="]),
    value=st.integers(0, 100),
    baseline=st.none() | st.integers(0, 100),
    scope=st.none() | st.text(min_size=1, max_size=5),
)
def test_any_valid_target_round_trips(
    unit: str, comparator: str, value: int, baseline: int | None, scope: str | None
) -> None:
    profile = bizenv.load_profile(
        Path(__file__).parents[1] / "examples/bizenv-example-region/src/bizenv_example_region/profile.toml"
    )
    data = copy.deepcopy(profile_to_dict(profile))
    data["measures"][0]["targets"] = [
        {
            "metric": "m",
            "comparator": comparator,
            "value": value,
            "unit": unit,
            "baseline": baseline,
            "scope": scope,
            "raw": "raw phrase",
            "aggregation": "mean",
        }
    ]
    loaded = profile_from_dict(data)
    assert profile_from_dict(profile_to_dict(loaded)) == loaded
    target = loaded.measures[0].targets[0]
    assert (target.unit, target.comparator, target.value, target.baseline, target.scope) == (
        unit,
        comparator,
        value,
        baseline,
        scope,
    )


def test_unknown_keys_are_errors_naming_the_path(example_profile: bizenv.RegionProfile) -> None:
    data = _data(example_profile)
    data["measures"][0]["dead_line"] = "2024年6月"
    with pytest.raises(
        ProfileFileError, match=r"f\.json: measures\[0\]: unknown field\(s\) dead_line \(known: .*deadline"
    ):
        profile_from_dict(data, "f.json")
    data = _data(example_profile)
    data["measures"][0]["responsibility"]["lead_unit"] = ["县市场监管局"]
    with pytest.raises(ProfileFileError, match=r"measures\[0\]\.responsibility: unknown field\(s\) lead_unit"):
        profile_from_dict(data, "f.json")


def test_wrong_types_are_errors_not_coerced(example_profile: bizenv.RegionProfile) -> None:
    data = _data(example_profile)
    data["measures"][0]["targets"][0]["value"] = "1"
    with pytest.raises(ProfileFileError, match=r"measures\[0\]\.targets\[0\]\.value: .*number"):
        profile_from_dict(data, "f.json")
    data = _data(example_profile)
    data["measures"][0]["id"] = 1.1
    with pytest.raises(ProfileFileError, match=r"measures\[0\]\.id: expected a string"):
        profile_from_dict(data, "f.json")
    data = _data(example_profile)
    data["units"][0]["group"] = "yes"
    with pytest.raises(ProfileFileError, match=r"units\[0\]\.group: expected true or false"):
        profile_from_dict(data, "f.json")


def test_a_version_1_file_is_read_and_written_as_version_2(example_profile: bizenv.RegionProfile) -> None:
    data = _data(example_profile)
    measure = data["measures"][0]
    responsibility = measure.pop("responsibility")
    measure.update({k: v for k, v in responsibility.items() if k != "raw"})
    measure["units_raw"] = responsibility["raw"]
    data["schema"] = "bizenv-profile/1"
    assert profile_from_dict(data) == example_profile
    assert profile_to_dict(profile_from_dict(data))["schema"] == "bizenv-profile/2"
