"""docs/profile-schema.json is generated from the model, and accepts and refuses what the loader does."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bizenv
from bizenv.io.profile_file import ProfileFileError, profile_from_dict, profile_schema, profile_to_dict

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "profile-schema.json").read_text(encoding="utf-8"))
PROFILES = [
    ROOT / "examples/bizenv-example-region/src/bizenv_example_region/profile.toml",
    ROOT / "tests/data/test_region.toml",
    *sorted(ROOT.glob("plugins/bizenv-*/src/bizenv_*/profile.json")),
]


def test_the_published_schema_is_the_one_the_model_generates() -> None:
    assert profile_schema() == SCHEMA, "docs/profile-schema.json is stale: regenerate it with `bizenv schema profile`"


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.parent.name if p.suffix == ".json" else p.name)
def test_exports_and_shipped_files_fit_the_schema(path: Path) -> None:
    profile = bizenv.load_profile(path)
    jsonschema.validate(profile_to_dict(profile), SCHEMA)
    if path.suffix == ".json":
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), SCHEMA)


def test_the_schema_rejects_what_the_loader_rejects() -> None:
    data = profile_to_dict(bizenv.load_profile(PROFILES[0]))
    data["measures"][0]["targets"][0]["unit"] = "days"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)
    data = profile_to_dict(bizenv.load_profile(PROFILES[0]))
    data["measures"][0]["categories"] = []
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            out += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value[:2]):
            out += _paths(child, (*prefix, index))
    return out


BASE = profile_to_dict(bizenv.load_profile(PROFILES[0]))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
MUTATIONS: list[Any] = ["x", "", 1, 1.5, True, None, [], {}, ["x"], {"x": 1}]


@settings(max_examples=300, deadline=None)
@given(path=st.sampled_from(_paths(BASE)), replacement=st.sampled_from(MUTATIONS), drop=st.booleans())
def test_loader_and_schema_agree_on_mutated_files(path: tuple[Any, ...], replacement: Any, drop: bool) -> None:
    data = copy.deepcopy(BASE)
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if drop and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    try:
        profile = profile_from_dict(data)
    except ProfileFileError:
        loads = False
    else:
        loads = not bizenv.validate_profile(profile) or all(p.level == "note" for p in bizenv.validate_profile(profile))
    try:
        VALIDATOR.validate(data)
        fits = True
    except jsonschema.ValidationError:
        fits = False
    # The schema checks form, not cross-references: whatever fits and loads is a profile; whatever the loader
    # refuses for its form, the schema refuses too.
    if not fits:
        assert not loads, f"the schema refuses but the loader accepts a change at {path}"
    if fits and not loads:
        assert _is_reference_problem(data), f"the loader refuses a change at {path} that the schema accepts"


def _is_reference_problem(data: dict[str, Any]) -> bool:
    try:
        profile = profile_from_dict(data)
    except ProfileFileError as exc:
        # Rules a JSON Schema cannot state: a range's order, a percent's bounds, a deadline text that reads as no date.
        return any(word in str(exc) for word in ("range", "percent", "needs a value", "deadline", "data note"))
    return bool(bizenv.validate_profile(profile))
