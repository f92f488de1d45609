"""The bizenv command as a user runs it: formats, exit codes, rejections on stderr."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bizenv import profile as installed_profile

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
    cases = tmp_path / "cases.csv"
    cases.write_text("case_id,target_id,submitted_at,completed_at\na,1#1,2025-06-05 11:00,\n", "utf-8")
    one_line = {
        "missing file": (["evaluate", "testland", "--cases", str(tmp_path / "nope.csv")], "no such file"),
        "a folder": (["evaluate", "testland", "--cases", str(tmp_path)], "is a folder, not a file"),
        "unknown region": (["show", "atlantis"], "no region 'atlantis'"),
        "bad date": (["deadlines", "testland", "--as-of", "July"], "'July' is not a date"),
        "naive as-of": (
            ["evaluate", "testland", "--cases", str(cases), "--as-of", "2025-07-01T00:00"],
            "has no time zone",
        ),
        "unknown zone": (
            ["evaluate", "testland", "--cases", str(cases), "--zone", "Asia/Beijing"],
            "unknown time zone",
        ),
        "naive times, no zone": (
            ["evaluate", "testland", "--cases", str(cases)],
            "pass the zone the file's times are in",
        ),
        "unwritable out": (["report", "testland", "--out", str(tmp_path / "no" / "r.html")], "does not exist"),
        "out is a folder": (["report", "testland", "--out", str(tmp_path)], "is a folder"),
    }
    for what, (args, says) in one_line.items():
        done = bizenv(*args)
        assert done.returncode == 2, what
        assert done.stderr.count("\n") == 1 and says in done.stderr, (what, done.stderr)
        assert done.stdout == "", what


def test_deadlines_by_unit_and_fail_on_overdue(bizenv: Run) -> None:
    result = bizenv(
        "deadlines", "testland", "--as-of", "2024-07-01", "--by", "unit", "--format", "json", "--fail-on", "overdue"
    )
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["counts"]["overdue"] == 4  # measures 1, 2, 4.1 and 6 (its uncertain date's first reading)
    assert {g["name"]: g["overdue"] for g in data["by_unit"]}["州供电公司"] == ["2", "2#4", "4.1"]


def test_the_deadlines_csv_reads_back_as_a_ledger_and_gives_the_same_answers(bizenv: Run, tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("措施编号,状态,完成日期\n1,已完成,2024-06-20\n2#4,已完成,2024-08-01\n3,推进中,\n", "utf-8")
    first = bizenv("deadlines", "testland", "--as-of", "2024-09-01", "--ledger", str(ledger), "--format", "csv")
    exported = tmp_path / "deadlines.csv"
    exported.write_text(first.stdout, "utf-8")
    again = bizenv("deadlines", "testland", "--as-of", "2024-09-01", "--ledger", str(exported), "--format", "csv")
    # Every line is read (targets by their own id, not their measure's), and every item keeps its status.
    assert "rejected" not in again.stderr and "columns id→measure_id" in again.stderr
    statuses = [{r["id"]: (r["status"], r["completed_on"]) for r in csv.DictReader(io.StringIO(run.stdout))}
                for run in (first, again)]  # fmt: skip
    assert statuses[0] == statuses[1] and statuses[0]["2#4"] == ("done_late", "2024-08-01")


def test_markdown_compare_and_show(bizenv: Run) -> None:
    compare = bizenv("compare", "starting_a_business", "--format", "markdown")
    assert compare.returncode == 0 and compare.stdout.startswith("| metric |")
    assert "| seal_engraving_time |" in compare.stdout
    show = bizenv("show", "testland", "--unit", "州市场监管局", "--format", "json")
    # Its own measure 1, measure 4.2 it answers for, and the heading 4 that rolls 4.2 up.
    assert [m["id"] for m in json.loads(show.stdout)] == ["1", "4", "4.2"]


def test_show_names_cooperating_units_and_the_other_reading_of_an_uncertain_date(cli: Run) -> None:
    env: dict[str, str | None] = {"BIZENV_PLUGINS": "yiwu,atushi", "BIZENV_LOCALE": "en"}
    yiwu = {m["id"]: m for m in json.loads(cli("show", "yiwu", "--format", "json", env=env).stdout)}
    # 完成时限：20235年12月 is read as 2023-12-31; 2025-12-31 is the other reading.
    assert (yiwu["107"]["deadline"], yiwu["107"]["other_readings"]) == ("2023-12-31", "2025-12-31")
    atushi = installed_profile("atushi")
    cooperating = [m for m in atushi.measures if m.cooperating_units]
    shown = {m["id"]: m for m in json.loads(cli("show", "atushi", "--format", "json", env=env).stdout)}
    assert cooperating and all(
        shown[m.id]["cooperating_units"] == "、".join(dict.fromkeys(u.name for u in m.cooperating_units))
        for m in cooperating
    )
    table = cli("show", "atushi", env=env).stdout
    assert "cooperating units" in table.splitlines()[0]
    # A target whose aggregation is not the stated rule (纳税缴费时间…100小时: a mean without 平均) shows its reading.
    assert shown["7"]["aggregation_readings"].startswith("7#1 mean: a measured quantity")
    assert all(not m["aggregation_readings"] for i, m in shown.items() if i != "7")


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


def test_a_run_that_judged_nothing_exits_2_and_counts_rejections_even_with_json(bizenv: Run, tmp_path: Path) -> None:
    cases = tmp_path / "cases.csv"
    cases.write_text("case_id,target_id,submitted_at,completed_at\na,9#1,2025-06-05T11:00+08:00,\n", "utf-8")
    done = bizenv("evaluate", "testland", "--cases", str(cases), "--format", "json")
    assert done.returncode == 2
    assert json.loads(done.stdout)["rejections"][0]["id"] == "a"
    assert "1 record(s) rejected" in done.stderr and "no row of the case file could be judged" in done.stderr


def test_json_never_holds_nan_and_csv_keeps_negative_numbers(bizenv: Run, tmp_path: Path) -> None:
    values = tmp_path / "values.csv"
    values.write_text(
        "subject,indicator,value,direction\nnorth,growth,-40,higher\nsouth,growth,12.5,higher\n=cmd,growth,1,higher\n",
        "utf-8",
    )
    as_json = bizenv("score", "--values", str(values), "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    assert "NaN" not in as_json.stdout and "Infinity" not in as_json.stdout
    json.loads(as_json.stdout)  # strict JSON
    as_csv = bizenv("score", "--values", str(values), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert {r["subject"]: r["value"] for r in rows if r["indicator"] == "growth"} == {
        "north": "-40.0",
        "south": "12.5",
        "'=cmd": "1.0",
    }


def test_a_columns_entry_that_names_no_field_or_no_column_stops_every_command(bizenv: Run, cases: Path) -> None:
    ledger = cases.parent / "ledger.csv"
    ledger.write_text("措施编号,进度,完成日期\n1,已完成,2024-06-30\n", "utf-8")
    refused = {
        "mistyped field": (
            ["evaluate", "testland", "--cases", str(cases), "--columns", "收件编号=case_id,结案时间=complete_at"],
            "did you mean 'completed_at'",
        ),
        "field of another file": (
            ["evaluate", "testland", "--cases", str(cases), "--columns", "进度=status"],
            "not a field of the cases file",
        ),
        "header the file lacks": (
            ["evaluate", "testland", "--cases", str(cases), "--columns", "结案时间=completed_at"],
            "the header has no column '结案时间'",
        ),
        "ledger, mistyped": (
            ["deadlines", "testland", "--ledger", str(ledger), "--columns", "进度=stauts"],
            "did you mean 'status'",
        ),
    }
    for what, (args, says) in refused.items():
        done = bizenv(*args)
        assert done.returncode == 2, (what, done.stderr)
        assert says in done.stderr, (what, done.stderr)
    # The entry that names the file's column is read: the ledger's 进度 is its status.
    args = ("deadlines", "testland", "--ledger", str(ledger), "--columns", "进度=status", "--as-of", "2024-07-01")
    done = bizenv(*args, "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    assert "rejected" not in done.stderr


def test_an_output_never_replaces_an_input_nor_an_existing_file_without_force(bizenv: Run, cases: Path) -> None:
    before = cases.read_text("utf-8")
    renamed = cases.with_suffix(".parquet")
    renamed.write_bytes(b"")
    refused = {
        "the case file": (
            ["evaluate", "testland", "--cases", str(cases), "--out", str(cases)],
            "is the command's input",
        ),
        "an existing file": (
            ["deadlines", "testland", "--format", "json", "--out", str(cases.with_suffix(".parquet"))],
            "exists; pass --force",
        ),
        "the wrong extension": (
            ["deadlines", "testland", "--format", "json", "--out", str(cases.parent / "d.csv")],
            "written to a file named *.json",
        ),
        "a text report as .html": (
            ["report", "testland", "--out", str(cases.parent / "r.html")],
            "written to a file named *.txt",
        ),
    }
    for what, (args, says) in refused.items():
        done = bizenv(*args)
        assert done.returncode == 2, (what, done.stderr)
        assert says in done.stderr, (what, done.stderr)
    assert cases.read_text("utf-8") == before
    out = cases.parent / "d.json"
    assert bizenv("deadlines", "testland", "--format", "json", "--out", str(out)).returncode in (0, 1)
    assert bizenv("deadlines", "testland", "--format", "json", "--out", str(out)).returncode == 2
    assert bizenv("deadlines", "testland", "--format", "json", "--out", str(out), "--force").returncode in (0, 1)
