"""Reports: the same figures as the evaluators, every format, self-contained HTML, rejections shown."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import bizenv
from bizenv.cli._progress import THRESHOLD, progress
from bizenv.i18n import set_locale
from bizenv.report import build_report, render, synthetic_report, view
from bizenv.synthetic import LABEL

Run = Callable[..., Any]

ROOT = Path(__file__).resolve().parents[2]
TEST_REGION = ROOT / "tests" / "data" / "test_region.toml"
BJ = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def profile() -> bizenv.RegionProfile:
    return bizenv.load_profile(TEST_REGION)


@pytest.fixture(autouse=True)
def english() -> None:
    set_locale("en")


def figure(report_view: object, label: str) -> str:
    return next(f.value for f in report_view.figures if f.label == label)  # type: ignore[attr-defined]


def test_headline_figures_are_the_evaluators_results(profile: bizenv.RegionProfile) -> None:
    report = synthetic_report(profile)
    shown = view(report)
    assert report.synthetic and LABEL in report.inputs
    assert figure(shown, "Overdue measures") == str(report.deadlines.counts()["overdue"])
    assert report.cases is not None
    judged = [r for r in report.cases.results if r.status in ("pass", "fail")]
    assert figure(shown, "Cases judged") == str(len(judged))
    unmet = sum(s.met is False for s in report.cases.summaries if s.sub_unit is None)
    assert figure(shown, "Targets not met") == str(unmet)
    assert figure(shown, "Measures") == str(len(profile.measures))


def test_the_synthetic_report_is_the_same_every_time(profile: bizenv.RegionProfile) -> None:
    assert render(synthetic_report(profile), "markdown") == render(synthetic_report(profile), "markdown")


def test_every_overdue_measure_is_listed_under_each_of_its_units(profile: bizenv.RegionProfile) -> None:
    report = synthetic_report(profile)
    (section,) = [s for s in view(report).sections if s.key == "overdue"]
    assert section.table is not None
    listed = {(row[0], m) for row in section.table.rows for m in row[2].split()}
    for group in report.deadlines.by_unit:
        for measure_id in group.overdue:
            assert (group.name, measure_id) in listed


def test_html_is_self_contained_and_flags_what_needs_attention(profile: bizenv.RegionProfile) -> None:
    html = render(synthetic_report(profile), "html")
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html
    # Nothing is fetched: the only URL is the SVG namespace.
    assert set(re.findall(r"https?://[^\s\"']+", html)) == {"http://www.w3.org/2000/svg"}
    assert not re.search(r"<(link|img|iframe)\b", html)
    assert html.count("<svg") >= 3
    assert 'class="flag"' in html
    assert "Synthetic data" in html


def test_uyghur_report_is_right_to_left(profile: bizenv.RegionProfile) -> None:
    set_locale("ug")
    html = render(synthetic_report(profile), "html")
    assert '<html lang="ug" dir="rtl">' in html


def test_report_text_follows_the_locale(profile: bizenv.RegionProfile) -> None:
    report = synthetic_report(profile)
    english = render(report, "text")
    set_locale("zh_Hans")
    chinese = render(report, "text")
    assert "Deadlines" in english
    assert "Deadlines" not in chinese
    # Measure texts and unit names stay in the source language in every locale.
    assert "州市场监督管理局" in english and "州市场监督管理局" in chinese


def test_rejected_rows_are_in_the_report(profile: bizenv.RegionProfile) -> None:
    from bizenv.evaluate import CaseRecord, Origin

    good = CaseRecord(
        "a",
        "1#1",
        dt.datetime(2025, 6, 5, 11, tzinfo=BJ),
        dt.datetime(2025, 6, 6, 11, tzinfo=BJ),
        origin=Origin("c.csv", 2),
    )
    unknown = CaseRecord("b", "9#9", dt.datetime(2025, 6, 5, 11, tzinfo=BJ), None, origin=Origin("c.csv", 3))
    report = build_report(profile, as_of=dt.datetime(2025, 7, 1, tzinfo=BJ), inputs="c.csv", cases=[good, unknown])
    assert [str(r.origin) for r in report.rejections] == ["c.csv:3"]
    text = render(report, "text")
    assert "c.csv:3" in text
    assert figure(view(report), "Rejected input rows") == "1"


def test_long_tables_say_how_many_rows_were_left_out(profile: bizenv.RegionProfile) -> None:
    from bizenv.evaluate import CaseRecord, Origin

    start = dt.datetime(2025, 6, 5, 11, tzinfo=BJ)
    bad = [CaseRecord(f"x{i}", "9#9", start, None, origin=Origin("c.csv", i + 2)) for i in range(55)]
    report = build_report(profile, as_of=dt.datetime(2025, 7, 1, tzinfo=BJ), inputs="c.csv", cases=bad)
    assert "… and 15 more rows" in render(report, "markdown")


def test_progress_bar_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    items = list(range(THRESHOLD))
    tty, pipe = Terminal(), io.StringIO()
    assert list(progress(items, "Evaluating", tty)) == items
    assert list(progress(items, "Evaluating", pipe)) == items
    assert f"{THRESHOLD}/{THRESHOLD}" in tty.getvalue()
    assert pipe.getvalue() == ""
    short = Terminal()
    assert list(progress(items[:10], "Evaluating", short)) == items[:10]
    assert short.getvalue() == ""


@pytest.fixture
def bizenv_cli(cli: Run) -> Run:
    def run(*args: str, locale: str | None = "en") -> Any:
        env = {"BIZENV_PLUGINS": "", "BIZENV_PROFILE_FILES": str(TEST_REGION), "BIZENV_LOCALE": locale}
        return cli(*args, env=env)

    return run


def test_report_command_writes_html(bizenv_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    done = bizenv_cli("report", "testland", "--format", "html", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "<svg" in out.read_text("utf-8")


def test_report_command_on_files_reports_rejections_on_stderr(bizenv_cli: Run, tmp_path: Path) -> None:
    cases = tmp_path / "cases.csv"
    cases.write_text(
        "case_id,target_id,sub_unit,submitted_at,completed_at\n"
        "a,1#1,north,2025-06-05T11:00+08:00,2025-06-06T11:00+08:00\n"
        "b,1#1,north,2025-06-05T11:00+08:00,yesterday\n",
        "utf-8",
    )
    done = bizenv_cli("report", "testland", "--cases", str(cases), "--as-of", "2025-07-01T00:00+08:00")
    assert done.returncode == 0, done.stderr
    assert "cases.csv:3" in done.stdout and "cases.csv:3" in done.stderr
    assert "Synthetic" not in done.stdout


def test_locale_option_on_every_command_and_default_chinese(bizenv_cli: Run) -> None:
    english = bizenv_cli("calendar", "years", "--locale", "en", locale=None)
    chinese = bizenv_cli("calendar", "years", locale=None)
    uyghur = bizenv_cli("calendar", "years", locale="ug")
    assert english.stdout.splitlines()[0].split()[0] == "year"
    assert chinese.stdout.splitlines()[0].split()[0] != "year"
    assert uyghur.stdout.splitlines()[0].split()[0] not in ("year", chinese.stdout.splitlines()[0].split()[0])
    # JSON and CSV keep their documented keys whatever the locale.
    csv_zh = bizenv_cli("calendar", "years", "--format", "csv", locale="zh_Hans")
    assert csv_zh.stdout.splitlines()[0] == "year,status,sources"
    bad = bizenv_cli("regions", "--locale", "fr", locale=None)
    assert bad.returncode == 2 and "bizenv speaks" in bad.stderr
