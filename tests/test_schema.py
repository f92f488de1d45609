"""docs/profile-schema.json describes what `bizenv export` writes and what plugins ship."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import bizenv
from bizenv.io.profile_file import profile_to_dict

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "profile-schema.json").read_text(encoding="utf-8"))
PROFILES = [
    ROOT / "examples/bizenv-example-region/src/bizenv_example_region/profile.toml",
    ROOT / "tests/data/test_region.toml",
    *sorted(ROOT.glob("plugins/bizenv-*/src/bizenv_*/profile.json")),
]


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
