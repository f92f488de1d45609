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
from bizenv.profile_file import ProfileFileError, profile_from_dict, profile_schema, profile_to_dict

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "profile-schema.json").read_text(encoding="utf-8"))
PROFILES = [
    ROOT / "examples/bizenv-example-region/src/bizenv_example_region/profile.toml",
    ROOT / "tests/data/test_region.toml",
    *sorted(ROOT.glob("plugins/bizenv-*/src/bizenv_*/profile.json")),
]


def test_the_published_schema_is_the_one_the_model_generates() -> None:
    assert profile_schema() == SCHEMA, "docs/profile-schema.json is stale: python scripts/update_generated_docs.py"


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


DOCUMENT_NAMES = ("cases", "case-lines", "deadlines", "thresholds", "scores", "comparison", "history")


@pytest.mark.parametrize("name", DOCUMENT_NAMES)
def test_published_document_schemas_are_the_generated_ones(name: str) -> None:
    from bizenv.io.documents import document_schema

    committed = json.loads((ROOT / "docs" / "schemas" / f"{name}.json").read_text(encoding="utf-8"))
    assert committed == document_schema(name), (
        f"docs/schemas/{name}.json is stale: python scripts/update_generated_docs.py"
    )


def test_every_json_output_fits_its_schema_and_keeps_one_type_per_field(cli: Any, tmp_path: Path) -> None:
    from bizenv.io.documents import document_schema

    values = tmp_path / "values.csv"
    values.write_text("subject,indicator,value,direction\nnorth,days,5,lower\nsouth,days,15,lower\n", "utf-8")
    observed = tmp_path / "obs.csv"
    observed.write_text("target_id,value,subject\n2#1,99.5,north\n2#4,93,south\n2#3,80,north\n", "utf-8")
    cases = tmp_path / "cases.csv"
    cases.write_text(
        "case_id,target_id,sub_unit,submitted_at,completed_at\n"
        "a,1#1,north,2025-03-03T10:00+08:00,2025-03-04T10:00+08:00\n"
        "b,1#1,,2025-03-03T10:00+08:00,\n"
        "c,1#1,north,not a time,\n",
        "utf-8",
    )
    env = {"BIZENV_PLUGINS": "", "BIZENV_PROFILE_FILES": str(PROFILES[1]), "BIZENV_LOCALE": "en"}
    as_of = "2025-03-20T12:00+08:00"
    runs = {
        "cases": ["evaluate", "testland", "--cases", str(cases), "--as-of", as_of, "--format", "json"],
        "deadlines": ["deadlines", "testland", "--as-of", "2024-10-01", "--format", "json"],
        "thresholds": ["thresholds", "testland", "--observations", str(observed), "--format", "json"],
        "scores": ["score", "--values", str(values), "--format", "json"],
        "comparison": ["compare", "getting_water_and_gas", "--format", "json"],
    }
    for name, args in runs.items():
        done = cli(*args, env=env)
        data = json.loads(done.stdout)
        jsonschema.Draft202012Validator(document_schema(name), format_checker=jsonschema.FormatChecker()).validate(data)
        assert data["schema"].startswith(f"bizenv-{name}/")
        for rows in (v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)):
            for key in rows[0]:
                kinds = {type(r[key]).__name__ for r in rows if r[key] is not None}
                assert len(kinds) <= 1 or kinds <= {"int", "float"}, (name, key, kinds)


def test_the_field_reference_of_the_docs_is_the_generated_one() -> None:
    from bizenv.profile_file import field_reference

    page = (ROOT / "docs" / "profile-format.md").read_text(encoding="utf-8")
    assert field_reference() in page, "docs/profile-format.md is stale: python scripts/update_generated_docs.py"
