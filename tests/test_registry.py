from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pytest

import bizenv
from bizenv.profile_file import profile_from_dict, profile_to_dict


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


def test_a_misspelt_hook_fails_its_plugin_with_a_suggestion(example_profile: bizenv.RegionProfile) -> None:
    class Misspelt:
        @bizenv.hookimpl
        def bizenv_profile(self) -> Iterable[bizenv.RegionProfile]:
            return [example_profile]

    registry = bizenv.load_registry(use_entry_points=False, plugins=[("typo", Misspelt())])
    assert registry.region_ids() == []
    (failure,) = registry.failures
    assert failure.plugin == "typo"
    assert "bizenv_profile, which is not a bizenv hook; did you mean bizenv_profiles?" in failure.reason


def test_an_unmarked_hook_is_reported_not_ignored(example_profile: bizenv.RegionProfile) -> None:
    class Unmarked:
        def bizenv_profiles(self) -> Iterable[bizenv.RegionProfile]:
            return [example_profile]

    registry = bizenv.load_registry(use_entry_points=False, plugins=[("plain", Unmarked())])
    assert [(f.plugin, "not marked with @bizenv.hookimpl" in f.reason) for f in registry.failures] == [("plain", True)]


class CalendarFiles:
    def __init__(self, answer: object) -> None:
        self.answer = answer

    @bizenv.hookimpl
    def bizenv_calendar_files(self) -> object:
        return self.answer


def _broken_generator() -> Iterable[Path]:
    raise RuntimeError("disk gone")
    yield Path("never")


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (Path("a-single.toml"), "not a list of files"),
        ("a-single.toml", "not a list of files"),
        ([Path("absent.toml")], "absent.toml: no such file"),
        ([42], "42 is not a path"),
        (_broken_generator(), "disk gone"),
    ],
    ids=["bare path", "bare string", "missing file", "not a path", "raising generator"],
)
def test_a_bad_calendar_hook_answer_fails_that_plugin_only(
    example_profile: bizenv.RegionProfile, answer: object, says: str
) -> None:
    env = bizenv.Environment(
        use_entry_points=False,
        plugins=[("good", ProfilePlugin(example_profile)), ("bad", CalendarFiles(answer))],
    )
    assert env.region_ids() == ["example"]
    assert [f.plugin for f in env.registry.failures] == ["bad"]
    assert says in env.registry.failures[0].reason
    assert env.calendar_of("example").is_working_day(dt.date(2025, 3, 3))


def test_a_plugin_whose_calendar_file_fails_gives_no_regions(
    example_profile: bizenv.RegionProfile, tmp_path: Path
) -> None:
    class Both(ProfilePlugin):
        @bizenv.hookimpl
        def bizenv_calendar_files(self) -> Iterable[Path]:
            return [bad_file]

    bad_file = tmp_path / "bad.toml"
    bad_file.write_text(
        'schema = "bizenv-calendar/1"\n[[years]]\ncalendar = "CN"\nyear = 2027\nsource = "x"\n'
        '[[years.breaks]]\nname = "春节"\nfrom = 2027-02-06\nto = 2027-02-12\nworkdays = [2027-02-10]\n'
    )
    registry = bizenv.load_registry(use_entry_points=False, plugins=[("both", Both(example_profile))])
    assert registry.region_ids() == []
    (failure,) = registry.failures
    assert "make-up working day 2027-02-10 (Wednesday) is a weekday" in failure.reason


def test_unknown_region_is_a_bizenv_error_and_a_key_error(example_profile: bizenv.RegionProfile) -> None:
    registry = bizenv.load_registry(use_entry_points=False, plugins=[("good", ProfilePlugin(example_profile))])
    with pytest.raises(bizenv.UnknownRegionError) as info:
        registry.profile("nowhere")
    assert isinstance(info.value, KeyError) and isinstance(info.value, bizenv.BizenvError)
    assert str(info.value).startswith("no region 'nowhere' is installed (installed: example)")


def test_environments_are_independent(example_profile: bizenv.RegionProfile) -> None:
    one = bizenv.Environment(use_entry_points=False, plugins=[("good", ProfilePlugin(example_profile))])
    two = bizenv.Environment(use_entry_points=False)
    assert one.region_ids() == ["example"] and two.region_ids() == []
    assert one.calendar("CN-XJ") is one.calendar("CN-XJ")
    assert one.calendar("CN-XJ") is not two.calendar("CN-XJ")


_CN_2027 = (
    'schema = "bizenv-calendar/1"\n[[years]]\ncalendar = "CN"\nyear = 2027\nstatus = "official"\nsource = "x"\n'
    '[[years.breaks]]\nname = "元旦"\nfrom = 2027-01-01\nto = 2027-01-03\nworkdays = []\n'
)


def test_a_profile_is_judged_on_the_calendar_of_its_environment(tmp_path: Path) -> None:
    from bizenv.evaluate import evaluate_cases
    from bizenv.evaluate.table import evaluate_records
    from bizenv.records import CaseRecord

    calendar_file = tmp_path / "2027.toml"
    calendar_file.write_text(_CN_2027, encoding="utf-8")
    env = bizenv.Environment(calendar_files=[calendar_file])
    profile = env.profile("bazhou")
    assert profile.working_calendar() is env.calendar_of(profile)
    assert env.profile("bazhou") is profile
    target_id = next(t for t, _m, target in profile.targets() if target.unit == "working_day")
    beijing = dt.timezone(dt.timedelta(hours=8))
    submitted, completed = dt.datetime(2027, 3, 1, 10, tzinfo=beijing), dt.datetime(2027, 3, 2, 11, tzinfo=beijing)
    cases = [CaseRecord("c1", target_id, submitted, completed)]
    # Given no calendar, both engines judge on the environment's calendar, which knows 2027.
    assert [r.case.case_id for r in evaluate_cases(profile, cases).results] == ["c1"]
    assert [r.case.case_id for r in evaluate_records(profile, cases).results] == ["c1"]
    # The default environment has no 2027: the same case is refused there, with the year named.
    (refused,) = evaluate_cases(bizenv.profile("bazhou"), cases).rejections
    assert "2027" in refused.reason
    # A copy sent to another process judges on that process's default environment.
    import pickle

    assert pickle.loads(pickle.dumps(profile)) == profile


def test_a_profile_read_from_a_file_is_judged_on_the_default_environment(tmp_path: Path) -> None:
    calendar_file = tmp_path / "2027.toml"
    calendar_file.write_text(_CN_2027, encoding="utf-8")
    loaded = profile_from_dict(profile_to_dict(bizenv.profile("bazhou")))
    env = bizenv.Environment(calendar_files=[calendar_file])
    previous = bizenv.set_default_environment(env)
    try:
        assert loaded.working_calendar() is env.calendar("CN-XJ")
    finally:
        bizenv.set_default_environment(previous)
