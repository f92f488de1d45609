"""The example data files are what the generator makes today, and every command reads them."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import bizenv
from bizenv.synthetic import LABEL

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "examples" / "data"


def test_example_files_are_up_to_date() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "make_synthetic_data.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("region", bizenv.region_ids())
def test_every_example_row_is_labelled_synthetic(region: str) -> None:
    for name in ("cases.csv", "ledger.csv", "observations.csv", "values.csv"):
        with (DATA / region / name).open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert all(row["label"] == LABEL for row in rows), (region, name)


@pytest.mark.parametrize("region", bizenv.region_ids())
def test_report_reads_the_example_files(region: str, cli: Callable[..., Any]) -> None:
    folder = DATA / region
    done = cli(
        "report", region,
        "--cases", str(folder / "cases.csv"),
        "--ledger", str(folder / "ledger.csv"),
        "--observations", str(folder / "observations.csv"),
        "--values", str(folder / "values.csv"),
        "--as-of", "2026-01-15T12:00+08:00",
        "--format", "markdown",
        env={"BIZENV_LOCALE": "en"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "## Case compliance per target and sub-unit" in done.stdout
    assert "## Ranking" in done.stdout
