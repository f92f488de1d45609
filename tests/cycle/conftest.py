from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import bizenv

ROOT = Path(__file__).resolve().parents[2]
TEST_REGION = ROOT / "tests" / "data" / "test_region.toml"
RETURNS = ROOT / "examples" / "data" / "yiwu" / "returns"
Run = Callable[..., Any]


@pytest.fixture
def region() -> bizenv.RegionProfile:
    return bizenv.load_profile(TEST_REGION)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "snapshots.sqlite3"


@pytest.fixture
def testland(cli: Run, db: Path) -> Run:
    """``bizenv`` on the made-up test region, English, with its own snapshot database."""
    env = {"BIZENV_PLUGINS": "", "BIZENV_PROFILE_FILES": str(TEST_REGION), "BIZENV_LOCALE": "en", "BIZENV_DB": str(db)}
    return lambda *args: cli(*args, env=env)


@pytest.fixture
def yiwu(cli: Run, db: Path) -> Run:
    """``bizenv`` with the installed regions, in the default locale, with its own snapshot database."""
    env = {"BIZENV_LOCALE": None, "BIZENV_DB": str(db)}
    return lambda *args: cli(*args, env=env)
