from __future__ import annotations

import copy
from collections.abc import Iterable

import bizenv
from bizenv.io.profile_file import profile_from_dict, profile_to_dict


class ProfilePlugin:
    def __init__(self, *profiles: bizenv.RegionProfile) -> None:
        self.profiles = profiles

    @bizenv.hookimpl
    def bizenv_profiles(self) -> Iterable[bizenv.RegionProfile]:
        return self.profiles


class RaisingPlugin:
    @bizenv.hookimpl
    def bizenv_profiles(self) -> Iterable[bizenv.RegionProfile]:
        raise RuntimeError("data file missing")


def _renamed(profile: bizenv.RegionProfile, region_id: str) -> bizenv.RegionProfile:
    data = copy.deepcopy(profile_to_dict(profile))
    data["region"]["id"] = region_id
    return profile_from_dict(data)


def test_a_raising_plugin_is_reported_and_the_others_still_load(example_profile: bizenv.RegionProfile) -> None:
    registry = bizenv.load_registry(
        use_entry_points=False,
        plugins=[("good", ProfilePlugin(example_profile)), ("broken", RaisingPlugin())],
    )
    assert registry.region_ids() == ["example"]
    assert registry.providers == {"example": "good"}
    assert [(f.plugin, "data file missing" in f.reason) for f in registry.failures] == [("broken", True)]


def test_two_plugins_claiming_one_region_is_an_error_naming_both(example_profile: bizenv.RegionProfile) -> None:
    other = _renamed(example_profile, "other")
    registry = bizenv.load_registry(
        use_entry_points=False,
        plugins=[("first", ProfilePlugin(example_profile, other)), ("second", ProfilePlugin(example_profile))],
    )
    assert registry.region_ids() == ["other"]
    messages = [str(f) for f in registry.failures]
    assert len(messages) == 2
    assert all("'first' and 'second'" in m or "'second' and 'first'" in m for m in messages)


def test_an_invalid_profile_is_rejected_with_its_reasons(example_profile: bizenv.RegionProfile) -> None:
    data = copy.deepcopy(profile_to_dict(example_profile))
    data["measures"][0]["categories"] = ["nope"]
    registry = bizenv.load_registry(use_entry_points=False, plugins=[("bad", ProfilePlugin(profile_from_dict(data)))])
    assert registry.region_ids() == []
    (failure,) = registry.failures
    assert failure.plugin == "bad" and "unknown indicator category 'nope'" in failure.reason


def test_a_plugin_returning_the_wrong_type_is_named(example_profile: bizenv.RegionProfile) -> None:
    class WrongType:
        @bizenv.hookimpl
        def bizenv_profiles(self) -> object:
            return ["not a profile"]

    registry = bizenv.load_registry(use_entry_points=False, plugins=[("wrong", WrongType())])
    assert [f.plugin for f in registry.failures] == ["wrong"]
    assert "not RegionProfile" in registry.failures[0].reason


def test_unknown_region_error_lists_what_is_installed(example_profile: bizenv.RegionProfile) -> None:
    registry = bizenv.load_registry(use_entry_points=False, plugins=[("good", ProfilePlugin(example_profile))])
    try:
        registry.profile("nowhere")
    except KeyError as exc:
        assert "installed: example" in str(exc)
    else:
        raise AssertionError("expected KeyError")


def test_bizenv_plugins_variable_restricts_entry_points(monkeypatch: object) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setenv("BIZENV_PLUGINS", "")
    assert bizenv.load_registry().region_ids() == []
