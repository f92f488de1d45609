"""The example plugin is tested installed, as any third-party plugin is.

In this repository the example stands for a plugin published elsewhere and is not installed in the
development environment. When its entry point is missing, these tests install it (as pip does) into a
temporary directory and take it off the path again afterwards, so that no other test sees the region.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path

import pytest

PLUGIN = Path(__file__).resolve().parents[1]
PACKAGE = "bizenv_example_region"


@pytest.fixture(scope="module", autouse=True)
def installed_example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    if entry_points(group="bizenv", name="example"):
        yield
        return
    site = tmp_path_factory.mktemp("example-site")
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation"]
    subprocess.run([*command, "--target", str(site), str(PLUGIN)], check=True)
    sys.path.insert(0, str(site))
    importlib.invalidate_caches()
    try:
        yield
    finally:
        sys.path.remove(str(site))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]
        importlib.invalidate_caches()
