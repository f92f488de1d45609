from __future__ import annotations

from pathlib import Path

import pytest

import bizenv

TEST_REGION = Path(__file__).resolve().parents[1] / "data" / "test_region.toml"


@pytest.fixture
def region() -> bizenv.RegionProfile:
    profile = bizenv.load_profile(TEST_REGION)
    assert [p for p in bizenv.validate_profile(profile) if p.level == "error"] == []
    return profile
