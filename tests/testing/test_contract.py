"""The region contract fails for real faults, naming what is at fault, and passes a sound region.

Each test builds a region with one fault (from the Atushi profile, whose 25 measures are quick to check),
runs the contract method that should catch it on a subclass pointing at the broken data, and asserts it
fails with the measure, target, unit or document named.
"""

from __future__ import annotations

import copy
import hashlib
import re
import shutil
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

import pytest

import bizenv
import bizenv_atushi
from bizenv import RegionProfile, profile_from_dict, profile_to_dict
from bizenv.plugins.registry import Registry
from bizenv.sources.build import write_profile
from bizenv.testing import CHECKSUMS, ENV_SEEDS, RegionContract
from bizenv.testing.contract import _data_path, _first_difference

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "plugins" / "bizenv-atushi"
SOURCES = Path(bizenv_atushi.__file__).parent / "sources"
SEED = "002_0175c453951e7bcd.txt"
DOCUMENT = "atushi-25-measures"
CC_LINE = "named only in the 抄送 line"


@cache
def _atushi() -> dict[str, Any]:
    return profile_to_dict(bizenv.load_registry(only={"atushi"}).profile("atushi"))


def atushi() -> dict[str, Any]:
    """The Atushi profile as plain data, a fresh copy to break."""
    return copy.deepcopy(_atushi())


def measure(data: dict[str, Any], measure_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(m for m in data["measures"] if m["id"] == measure_id)
    return found


class Serves:
    """A plugin object serving one profile, as an installed plugin's module does."""

    def __init__(self, profile: RegionProfile) -> None:
        self.profile = profile

    @bizenv.hookimpl
    def bizenv_profiles(self) -> Iterable[RegionProfile]:
        return [self.profile]


def contract(data: Mapping[str, Any] | None = None, plugin: object = None, **attributes: Any) -> RegionContract:
    """A contract checking ``data`` (the Atushi profile by default) served by ``plugin``, with ``attributes`` set."""
    profile = profile_from_dict(atushi() if data is None else data, "broken")
    served = Serves(profile) if plugin is None else plugin

    class Broken(RegionContract):
        region = "atushi"
        plugin_dir = PLUGIN
        sources_dir = SOURCES
        unreferenced_units: ClassVar[Mapping[str, str]] = dict.fromkeys(
            ("市委办", "市人大办", "市政协办", "市纪委办"), CC_LINE
        )

        def load_plugin(self) -> object:
            return served

        def load_registry(self) -> Registry:
            return bizenv.load_registry(use_entry_points=False, plugins=[("atushi", served)])

        def load_profile(self) -> RegionProfile:
            # The profile itself, not the registry's: a registry refuses a profile with validation errors.
            return profile

    for name, value in attributes.items():
        setattr(Broken, name, value)
    return Broken()


def fails(check: Callable[[], None], *named: str) -> str:
    """Run a contract method that must fail; every string of ``named`` is in its message."""
    with pytest.raises(AssertionError) as info:
        check()
    message = str(info.value)
    for name in named:
        assert name in message, f"{name!r} is not named in: {message}"
    return message


def _checks() -> list[str]:
    return sorted(name for name in dir(RegionContract) if name.startswith("test_"))


@pytest.fixture(autouse=True)
def _no_seeds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_SEEDS, raising=False)


# -- a sound region passes ---------------------------------------------------------------------------


@pytest.mark.parametrize("check", _checks())
def test_a_sound_region_passes_every_check(check: str) -> None:
    try:
        getattr(contract(), check)()
    except pytest.skip.Exception as skipped:
        assert check == "test_bundled_sources_are_the_seeds" and ENV_SEEDS in str(skipped)


def test_every_check_is_documented() -> None:
    for check in _checks():
        doc = getattr(RegionContract, check).__doc__
        assert doc and len(doc) > 40, check


# -- loading -------------------------------------------------------------------------------------------


def test_a_raising_plugin_fails_loading() -> None:
    class Raises:
        @bizenv.hookimpl
        def bizenv_profiles(self) -> Iterable[RegionProfile]:
            raise RuntimeError("no data file")

    check = contract(plugin=Raises())
    fails(check.test_loads_through_its_entry_point, "plugin 'atushi'", "no data file")


def test_a_region_under_another_id_fails() -> None:
    data = atushi()
    data["region"]["id"] = "artux"
    check = contract(data)
    fails(check.test_region_id_matches_entry_point, "'atushi'", "['artux']")
    fails(check.test_loads_through_its_entry_point, "serves no region 'atushi'", "artux")


def test_an_uninstalled_entry_point_is_named() -> None:
    class NotInstalled(RegionContract):
        region = "nowhere"

    fails(NotInstalled().test_loads_through_its_entry_point, "no entry point 'nowhere'")


def test_misspelt_and_unmarked_hooks_fail() -> None:
    profile = profile_from_dict(atushi())

    class Misspelt:
        @bizenv.hookimpl
        def bizenv_profile(self) -> Iterable[RegionProfile]:
            return [profile]

        def bizenv_calendar_files(self) -> Iterable[Path]:
            return []

    message = fails(contract(plugin=Misspelt()).test_hooks_are_bizenv_hooks, "did you mean bizenv_profiles?")
    assert "bizenv_calendar_files is not marked" in message
    assert "no bizenv_profiles hook" in message


# -- validation ----------------------------------------------------------------------------------------


def test_a_due_date_its_text_does_not_give_fails() -> None:
    data = atushi()
    measure(data, "9")["targets"][0]["due"]["date"] = "2023-12-31"
    check = contract(data)
    fails(check.test_deadlines_read_as_their_dates, "measure 9 target #1 due", "2022-12-31")
    fails(check.test_validates_without_errors, "measure 9 target #1 due")


# -- build and sources ----------------------------------------------------------------------------------


@pytest.fixture
def plugin_copy(tmp_path: Path) -> Path:
    """A copy of the Atushi plugin (build configuration, curated file, layout, sources, profile.json)."""
    copied = tmp_path / "bizenv-atushi"
    shutil.copytree(PLUGIN, copied, ignore=shutil.ignore_patterns("tests", "__pycache__", "*.egg-info"))
    return copied


def test_a_stale_profile_json_fails(plugin_copy: Path) -> None:
    shipped = plugin_copy / "src" / "bizenv_atushi" / "profile.json"
    shipped.write_text(shipped.read_text(encoding="utf-8").replace("优化企业开办服务水平", "优化企业开办服务"), "utf-8")
    check = contract(plugin_dir=plugin_copy)
    fails(check.test_profile_json_is_current, "profile.json is stale", "bizenv build-profile")


def test_a_build_that_fails_is_named(plugin_copy: Path) -> None:
    curated = plugin_copy / "tools" / "atushi_curated.toml"
    text = curated.read_text(encoding="utf-8")
    curated.write_text(text.replace('raw = "实现企业开办时间由3', 'raw = "实现企业开办时限由3', 1), "utf-8")
    fails(contract(plugin_dir=plugin_copy).test_profile_json_is_current, "does not build", "measure 1")


def test_a_missing_plugin_dir_asks_for_one() -> None:
    fails(contract(plugin_dir=None).test_profile_json_is_current, "sets no plugin_dir")


@pytest.fixture
def sources_copy(tmp_path: Path) -> Path:
    copied = tmp_path / "sources"
    shutil.copytree(SOURCES, copied)
    return copied


def test_an_edited_source_fails_its_checksum(sources_copy: Path) -> None:
    seed = sources_copy / SEED
    seed.write_bytes(seed.read_bytes().replace("20日".encode(), "21日".encode(), 1))
    check = contract(sources_dir=sources_copy)
    fails(check.test_bundled_sources_match_their_checksums, f"document {DOCUMENT}", SEED, "never edited")


def test_checksums_must_be_recorded_for_every_seed(sources_copy: Path) -> None:
    listing = sources_copy / CHECKSUMS
    listing.write_text(f"{'0' * 64}  other.txt\nnot a checksum\n", encoding="utf-8")
    message = fails(
        contract(sources_dir=sources_copy).test_bundled_sources_match_their_checksums,
        f"records no checksum of {SEED}",
        "lists other.txt, which no document names",
    )
    assert "line 2" in message
    listing.unlink()
    fails(contract(sources_dir=sources_copy).test_bundled_sources_match_their_checksums, f"has no {CHECKSUMS}")


def test_a_seed_file_not_bundled_fails() -> None:
    data = atushi()
    data["documents"][0]["seed_file"] = "missing.txt"
    fails(contract(data).test_seed_files_are_bundled, f"document {DOCUMENT}", "'missing.txt'")
    data["documents"][0]["seed_file"] = None
    fails(contract(data).test_seed_files_are_bundled, f"document {DOCUMENT}: names no seed_file")


def test_without_seeds_the_comparison_is_skipped_with_the_reason() -> None:
    with pytest.raises(pytest.skip.Exception, match=ENV_SEEDS):
        contract().test_bundled_sources_are_the_seeds()


def test_a_source_that_is_not_the_seed_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / SEED).write_bytes((SOURCES / SEED).read_bytes())
    contract(seeds_dir=seeds).test_bundled_sources_are_the_seeds()
    (seeds / SEED).write_bytes((SOURCES / SEED).read_bytes() + b"\n")
    fails(contract(seeds_dir=seeds).test_bundled_sources_are_the_seeds, f"document {DOCUMENT}", "differs")
    # The environment variable gives the seeds too, and wins over the attribute.
    monkeypatch.setenv(ENV_SEEDS, str(tmp_path / "elsewhere"))
    fails(contract(seeds_dir=seeds).test_bundled_sources_are_the_seeds, "elsewhere does not exist")
    (tmp_path / "elsewhere").mkdir()
    fails(contract(seeds_dir=seeds).test_bundled_sources_are_the_seeds, f"the seed {SEED} is not in")


# -- raw text kept ---------------------------------------------------------------------------------------


def test_a_text_not_in_the_source_fails() -> None:
    data = atushi()
    measure(data, "1")["text"] = measure(data, "1")["text"].replace("一窗进", "一窗办")
    measure(data, "2")["responsibility"]["raw"]["cooperating"] += "、市外事办"
    message = fails(contract(data).test_texts_and_cells_occur_in_their_source, "measure 1: its text", SEED)
    assert "measure 2: its cooperating cell" in message


def test_a_target_raw_not_in_its_text_fails() -> None:
    data = atushi()
    measure(data, "1")["targets"][1]["raw"] = "企业开办时间压减至2个工作日"
    check = contract(data)
    fails(check.test_target_raws_occur_in_their_text, "target 1#2 of measure 1", "企业开办时间压减至2个工作日")


def test_a_due_not_in_its_text_fails_unless_noted() -> None:
    data = atushi()
    target = measure(data, "9")["targets"][0]
    target["due"] = {"raw": "到2023年底", "date": "2023-12-31"}
    fails(contract(data).test_target_raws_occur_in_their_text, "target 9#1 of measure 9", "due '到2023年底'")


def test_a_target_number_not_in_its_raw_fails_unless_a_note_quotes_it() -> None:
    data = atushi()
    measure(data, "1")["targets"][1]["baseline"] = 5
    fails(contract(data).test_target_numbers_occur_in_their_raw, "target 1#2 of measure 1", "baseline 5")
    note = {"field": "targets[1].baseline", "raw": "由3个工作日内", "reading": "5", "reason": "a reading"}
    measure(data, "1")["notes"] = [note]
    contract(data).test_target_numbers_occur_in_their_raw()
    # A note must quote the phrase it explains, and be on the field.
    note["raw"] = "别处的文字"
    fails(contract(data).test_target_numbers_occur_in_their_raw, "target 1#2 of measure 1")
    note.update(raw="由3个工作日内", field="targets[1].value")
    fails(contract(data).test_target_numbers_occur_in_their_raw, "target 1#2 of measure 1")


def test_numbers_in_words_are_read() -> None:
    data = atushi()
    target = measure(data, "1")["targets"][1]
    target.update(raw="对公章、营业执照等物料发放，采取窗口领取或邮寄等方式一次性服务", value=1, baseline=None)
    contract(data).test_target_numbers_occur_in_their_raw()


def test_a_unit_not_in_its_cell_fails() -> None:
    data = atushi()
    refs = measure(data, "1")["responsibility"]["cooperating_units"]
    refs[1]["raw"] = "市公安局"
    message = fails(contract(data).test_unit_references_are_in_their_cells, "measure 1: cooperating unit '市公安局'")
    assert "公安局、司法局" in message
    del measure(data, "1")["responsibility"]["raw"]["cooperating"]
    measure(data, "1")["responsibility"]["raw"]["helping"] = "税务局"
    message = fails(contract(data).test_unit_references_are_in_their_cells, "measure 1: it has cooperating units")
    assert "cell 'helping' is not a role" in message


# -- provenance ------------------------------------------------------------------------------------------


def test_a_provenance_line_off_the_measure_fails() -> None:
    data = atushi()
    measure(data, "1")["provenance"]["line"] += 1
    measure(data, "2")["provenance"]["line"] = 10_000
    measure(data, "3")["provenance"]["line"] = None
    data["areas"][0]["provenance"]["line"] += 1
    message = fails(
        contract(data).test_provenance_lines_point_at_the_source, "measure 1: line 24", "优化企业开办服务水平"
    )
    assert "measure 2: provenance line 10000 is past the end" in message
    assert "measure 3: provenance gives no line" in message
    assert "area （一）: line 22" in message


def test_missing_provenance_fails() -> None:
    data = atushi()
    data["areas"][1]["provenance"] = None
    measure(data, "4")["provenance"]["document"] = "another-document"
    message = fails(contract(data).test_provenance_is_present, "area （二）: no provenance")
    assert "measure 4: provenance names unknown document 'another-document'" in message


def test_an_area_without_heading_starts_where_its_first_measure_does() -> None:
    data = atushi()
    check = contract(data, areas_without_heading={"（一）": "a reason", "（九）": "a reason"})
    message = fails(check.test_provenance_lines_point_at_the_source, "area （一）", "measure 1 starts (23), not 21")
    assert "names '（九）', which is no area" in message
    data["areas"][0]["provenance"]["line"] = 23
    contract(data, areas_without_heading={"（一）": "a reason"}).test_provenance_lines_point_at_the_source()


# -- vocabulary and units ----------------------------------------------------------------------------------


def test_unknown_categories_and_metric_codes_fail() -> None:
    data = atushi()
    measure(data, "2")["categories"] = ["starting_a_business", "no_such_category"]
    measure(data, "1")["targets"][0]["metric"] = "Business opening steps"
    fails(contract(data).test_categories_are_known, "measure 2: category 'no_such_category'")
    fails(contract(data).test_targets_have_known_units_and_metric_codes, "target 1#1 of measure 1", "snake_case")


def test_a_unit_reference_the_table_does_not_resolve_fails() -> None:
    data = atushi()
    refs = measure(data, "1")["responsibility"]["cooperating_units"]
    refs[1]["name"] = "市不存在局"
    refs[2]["name"] = "司法局"  # not in the table at all
    measure(data, "2")["responsibility"]["lead_units"][0]["name"] = "市场监督管理局"  # an alias
    measure(data, "3")["responsibility"]["lead_units"][0]["group"] = True
    message = fails(contract(data).test_unit_references_resolve, "measure 1: cooperating unit '市不存在局'")
    assert "measure 2: lead unit '市场监督管理局' is an alias" in message
    assert "measure 3: lead unit" in message and "not a group in the table" in message


def test_a_unit_no_measure_names_fails_unless_the_plugin_says_why() -> None:
    data = atushi()
    data["units"].append({"name": "市新设局", "aliases": [], "group": False, "en": None})
    fails(contract(data).test_every_unit_is_referenced, "unit 市新设局: no measure or area names it")
    reasons = {"市新设局": "a reason", "市委办": CC_LINE, "市人大办": CC_LINE, "市政协办": CC_LINE, "市纪委办": CC_LINE}
    contract(data, unreferenced_units=reasons).test_every_unit_is_referenced()
    stale = {**reasons, "市税务局": "a reason", "市无此局": "a reason", "市新设局": " "}
    message = fails(
        contract(data, unreferenced_units=stale).test_every_unit_is_referenced, "'市税务局', which a measure"
    )
    assert "'市无此局', which is not in the unit table" in message
    assert "no reason for '市新设局'" in message


# -- region and format -------------------------------------------------------------------------------------


def test_an_unknown_calendar_fails() -> None:
    data = atushi()
    data["region"]["calendar"] = "CN-XX"
    fails(contract(data).test_calendar_is_known, "region 'atushi'", "'CN-XX'")


def test_round_trip_and_schema_failures_name_the_place() -> None:
    data = atushi()
    check = contract(data)
    check.test_round_trips_through_plain_data()
    check.test_fits_the_profile_schema()
    # What the checks report when the writer and the schema disagree with the data: the measure by its id.
    changed = copy.deepcopy(data)
    measure(changed, "6")["targets"][2]["scope"] = "别的"
    where = _first_difference(data, changed)
    assert where is not None and _data_path(data, where) == "measure 6: targets.2.scope"
    assert _first_difference(data, copy.deepcopy(data)) is None


# -- switches ----------------------------------------------------------------------------------------------


def test_a_switched_off_check_is_skipped_with_its_reason() -> None:
    check = contract(without_sources="a made-up county", hand_written="written by hand")
    for method in (check.test_seed_files_are_bundled, check.test_provenance_lines_point_at_the_source):
        with pytest.raises(pytest.skip.Exception, match="without_sources: a made-up county"):
            method()
    with pytest.raises(pytest.skip.Exception, match="hand_written: written by hand"):
        check.test_profile_json_is_current()
    fails(contract(without_sources=" ").test_seed_files_are_bundled, "must be the reason")


# -- layering ----------------------------------------------------------------------------------------------


def test_nothing_in_bizenv_imports_the_testing_module() -> None:
    src = ROOT / "src" / "bizenv"
    importing = [
        str(path.relative_to(src))
        for path in src.rglob("*.py")
        if "testing" not in path.relative_to(src).parts
        and re.search(r"^\s*(from|import)\s+bizenv\.testing\b", path.read_text(encoding="utf-8"), re.M)
    ]
    assert importing == []


def test_data_outside_the_schema_fails_naming_the_measure() -> None:
    data = atushi()
    measure(data, "1")["provenance"]["line"] = 0  # lines count from 1
    try:
        check = contract(data)
    except bizenv.ProfileFileError:
        return  # the model refuses it itself: no profile can carry it
    fails(check.test_fits_the_profile_schema, "measure 1: provenance.line", "minimum")


# -- the walk-through of docs/plugins.md ---------------------------------------------------------------------

BLOCK = re.compile(r"<!-- file: (?P<path>\S+) -->\n```\w+\n(?P<body>.*?)```", re.S)


@pytest.fixture(scope="module")
def walk_through(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plugin docs/plugins.md walks through, written from its blocks, built, its checksum recorded."""
    root = tmp_path_factory.mktemp("walk-through") / "bizenv-myregion"
    for match in BLOCK.finditer((ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")):
        (root / match["path"]).parent.mkdir(parents=True, exist_ok=True)
        (root / match["path"]).write_text(match["body"], encoding="utf-8")
    write_profile(root)
    sources = root / "src" / "bizenv_myregion" / "sources"
    digest = hashlib.sha256((sources / "myregion.txt").read_bytes()).hexdigest()
    (sources / CHECKSUMS).write_text(f"{digest}  myregion.txt\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("check", _checks())
def test_the_docs_walk_through_passes_the_contract(walk_through: Path, check: str) -> None:
    built = bizenv.load_profile(walk_through / "src" / "bizenv_myregion" / "profile.json")
    plugin = Serves(built)

    class WalkThrough(RegionContract):
        region = "myregion"
        plugin_dir = walk_through
        sources_dir = walk_through / "src" / "bizenv_myregion" / "sources"

        # Not installed: the plugin object stands in for its entry point.
        def load_plugin(self) -> object:
            return plugin

        def load_registry(self) -> Registry:
            return bizenv.load_registry(use_entry_points=False, plugins=[("myregion", plugin)])

    try:
        getattr(WalkThrough(), check)()
    except pytest.skip.Exception as skipped:
        assert check == "test_bundled_sources_are_the_seeds" and ENV_SEEDS in str(skipped)


def test_a_plugin_that_declares_no_build_is_told_what_to_do(plugin_copy: Path) -> None:
    pyproject = plugin_copy / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").split("[tool.bizenv.build]")[0], encoding="utf-8")
    fails(contract(plugin_dir=plugin_copy).test_profile_json_is_current, "no [tool.bizenv.build]", "hand_written")
