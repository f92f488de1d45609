"""The bizenv command as a user runs it: formats, exit codes, rejections on stderr."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Run = Callable[..., Any]

ROOT = Path(__file__).resolve().parents[1]
TEST_REGION = ROOT / "tests" / "data" / "test_region.toml"
CASES = """case_id,target_id,sub_unit,submitted_at,completed_at
a,1#1,north,2025-06-05T11:00+08:00,2025-06-11T11:00+08:00
b,1#1,south,2025-03-03T11:00+08:00,2025-03-05T11:00+08:00
=cmd|' /C calc'!A0,1#1,south,2025-03-03T11:00+08:00,2025-03-03T12:00+08:00
c,1#9,south,2025-03-03T11:00+08:00,2025-03-05T11:00+08:00
"""


@pytest.fixture
def bizenv(cli: Run) -> Run:
    # English headings, so that the assertions read the documented keys; the default locale is tested in tests/report.
    env: dict[str, str | None] = {"BIZENV_PLUGINS": "", "BIZENV_PROFILE_FILES": str(TEST_REGION), "BIZENV_LOCALE": "en"}
    return lambda *args: cli(*args, env=env)


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    path = tmp_path / "cases.csv"
    path.write_text(CASES, encoding="utf-8")
    return path


def test_evaluate_json_reports_results_and_rejections(bizenv: Run, cases: Path) -> None:
    result = bizenv("evaluate", "testland", "--cases", str(cases), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["region"] == "testland" and data["convention"] == "elapsed"
    overall = next(s for s in data["summaries"] if s["target_id"] == "1#1" and s["sub_unit"] is None)
    assert (overall["cases"], overall["passed"], overall["met"]) == (3, 2, False)
    assert [(r["row"], r["id"]) for r in data["rejections"]] == [(5, "c")]


def test_fail_on_gives_exit_1_and_rejections_go_to_stderr(bizenv: Run, cases: Path) -> None:
    result = bizenv("evaluate", "testland", "--cases", str(cases), "--fail-on", "fail")
    assert result.returncode == 1
    assert "cases.csv:5 (c)" in result.stderr and "1 record(s) rejected" in result.stderr


def test_csv_output_neutralises_formula_cells(bizenv: Run, cases: Path) -> None:
    result = bizenv("evaluate", "testland", "--cases", str(cases), "--show", "cases", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert any(r["case_id"] == "'=cmd|' /C calc'!A0" for r in rows)
    assert not any(v.startswith(("=", "+", "@")) for r in rows for v in r.values())


def test_usage_and_input_errors_exit_2_with_one_line(bizenv: Run, tmp_path: Path) -> None:
    missing = bizenv("evaluate", "testland", "--cases", str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "no such file" in missing.stderr
    unknown = bizenv("show", "atlantis")
    assert unknown.returncode == 2 and "no region 'atlantis'" in unknown.stderr
    bad_date = bizenv("deadlines", "testland", "--as-of", "July")
    assert bad_date.returncode == 2


def test_deadlines_by_unit_and_fail_on_overdue(bizenv: Run) -> None:
    result = bizenv(
        "deadlines", "testland", "--as-of", "2024-07-01", "--by", "unit", "--format", "json", "--fail-on", "overdue"
    )
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["counts"]["overdue"] == 2
    assert {g["name"]: g["overdue"] for g in data["by_unit"]}["州供电公司"] == ["2"]


def test_markdown_compare_and_show(bizenv: Run) -> None:
    compare = bizenv("compare", "starting_a_business", "--format", "markdown")
    assert compare.returncode == 0 and compare.stdout.startswith("| metric |")
    assert "| seal_engraving_time |" in compare.stdout
    show = bizenv("show", "testland", "--unit", "州市场监管局", "--format", "json")
    assert [m["id"] for m in json.loads(show.stdout)] == ["1"]


def test_score_from_a_values_file(bizenv: Run, tmp_path: Path) -> None:
    values = tmp_path / "values.csv"
    values.write_text(
        "subject,indicator,value,direction\nnorth,days,5,lower\nsouth,days,15,lower\n"
        "east,days,10,lower\nwest,days,oops,lower\n",
        encoding="utf-8",
    )
    result = bizenv("score", "--values", str(values), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    overall = {r["subject"]: (r["rank"], r["bottom"]) for r in data["scores"] if r["indicator"] == "overall"}
    assert overall == {"north": (1, False), "east": (2, False), "south": (3, True)}
    assert data["rejections"][0]["row"] == 5
