"""A third-party plugin installed with pip is found through its entry point, untouched bizenv."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE_PLUGIN = Path(__file__).resolve().parents[1] / "examples" / "bizenv-example-region"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(EXAMPLE_PLUGIN),
        ],
        check=True,
    )
    return target


def _bizenv(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("BIZENV_PLUGINS", None)
    return subprocess.run([sys.executable, "-m", "bizenv", *args], capture_output=True, text=True, env=env)


def test_installed_plugin_region_is_listed(installed: Path) -> None:
    result = _bizenv(installed, "regions", "--format", "json")
    assert result.returncode == 0, result.stderr
    regions = {row["region"]: row for row in json.loads(result.stdout)}
    assert regions["example"]["plugin"] == "example"
    assert regions["example"]["measures"] == 1


def test_installed_plugin_exports_the_documented_fields(installed: Path) -> None:
    result = _bizenv(installed, "export", "example", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["region"]["id"] == "example"
    measure = data["measures"][0]
    for key in ("id", "text", "categories", "responsibility", "deadline", "targets"):
        assert key in measure
    assert set(measure["responsibility"]) == {
        "lead_leaders",
        "lead_units",
        "responsible_units",
        "cooperating_units",
        "raw",
    }
    assert set(measure["targets"][0]) >= {
        "metric",
        "comparator",
        "value",
        "low",
        "high",
        "unit",
        "baseline",
        "aggregation",
        "scope",
        "due",
        "raw",
    }
    assert measure["targets"][0]["baseline"] == 3


def test_a_plugin_that_fails_to_import_is_named_and_others_load(installed: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    dist = broken / "bizenv_broken-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: bizenv-broken\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[bizenv]\nbroken = bizenv_broken_missing_module\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(installed), str(broken)])}
    env.pop("BIZENV_PLUGINS", None)
    result = subprocess.run(
        [sys.executable, "-m", "bizenv", "regions", "--format", "json"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 1  # a failed plugin is an error of the command, named on stderr
    assert "example" in {row["region"] for row in json.loads(result.stdout)}
    assert "plugin 'broken'" in result.stderr and "bizenv_broken_missing_module" in result.stderr
