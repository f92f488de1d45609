from __future__ import annotations

from pathlib import Path

import pytest

import bizenv

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_PLUGIN = ROOT / "examples" / "bizenv-example-region"
EXAMPLE_PROFILE = EXAMPLE_PLUGIN / "src" / "bizenv_example_region" / "profile.toml"


@pytest.fixture
def example_profile() -> bizenv.RegionProfile:
    return bizenv.load_profile(EXAMPLE_PROFILE)
