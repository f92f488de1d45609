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
from bizenv.report import build_report, fmt, render, synthetic_report, view
from bizenv.report.sections import document_order
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
    assert figure(shown, "Overdue items") == str(len(report.deadlines.overdue()))
    assert report.cases is not None
    judged = [r for r in report.cases.results if r.status in ("pass", "fail")]
    passed = sum(r.status == "pass" for r in judged)
    assert figure(shown, "Cases within the time limit").startswith(f"{passed}/{len(judged)} (")
    unmet = sum(s.met is False for s in report.cases.summaries if s.sub_unit is None)
    assert figure(shown, "Case targets not met") == str(unmet)
    assert report.scores is not None
    bottom = [r.subject for r in report.scores.overall if r.bottom]
    names = {s.id: s.names.en for s in profile.region.sub_units}
    assert figure(shown, "Last in the ranking") == "、".join(names.get(b, b) for b in bottom)
    # What a reader acts on comes first: the ranking, then the overdue items.
    assert [s.key for s in shown.sections][:3] == ["ranking", "overdue_items", "overdue"]


def test_the_synthetic_report_is_the_same_every_time(profile: bizenv.RegionProfile) -> None:
    assert render(synthetic_report(profile), "markdown") == render(synthetic_report(profile), "markdown")


def test_every_overdue_item_is_listed_with_its_owners_and_under_each_of_its_units(
    profile: bizenv.RegionProfile,
) -> None:
    report = synthetic_report(profile)
    sections = {s.key: s for s in view(report).sections}
    items = sections["overdue_items"].table
    assert items is not None
    listed = {row[0]: row for row in items.rows}
    for item in report.deadlines.overdue():
        row = listed[item.id]
        assert row[3] == str(item.days) and ", ".join(item.units(("lead",)) or item.units(("area_lead",))) in row[
            4
        ].replace("、", ", ")
    by_unit = sections["overdue"].table
    assert by_unit is not None
    pairs = {(row[0], m) for row in by_unit.rows for m in row[4].split()}
    for group in report.deadlines.by_unit:
        for item_id in group.overdue:
            assert (group.name, item_id) in pairs


def test_without_a_ledger_the_report_says_progress_is_not_reported(profile: bizenv.RegionProfile) -> None:
    report = build_report(
        profile, as_of=dt.datetime(2025, 7, 1, tzinfo=BJ), inputs="cases.csv", cases=[], ledger_given=False
    )
    text = render(report, "text")
    assert "No progress ledger was given" in text
    assert "Overdue items" not in [f.label for f in view(report).figures]
    assert "Past their due date, progress not reported" in [f.label for f in view(report).figures]


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
    # Ids, figures and Chinese names in cells keep their own order inside the right-to-left page.
    cells = re.findall(r"<td>(.*?)</td>", html)
    assert cells and all(re.fullmatch(r"<bdi( dir=\"ltr\")?>.*</bdi>", c, flags=re.S) for c in cells)
    # A bound such as "≤ 0 دانە" is left to right: in a right-to-left run ≤ would be drawn as ≥.
    bounds = [c for c in cells if re.match(r"<bdi[^>]*>[≤≥]", c)]
    assert bounds and all(c.startswith('<bdi dir="ltr">') for c in bounds)
    figures = re.findall(r'<div class="v">(.*?)</div>', html)
    assert figures and all(f.startswith("<bdi") for f in figures)


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


def test_long_tables_are_complete_and_folded_in_html(profile: bizenv.RegionProfile) -> None:
    from bizenv.evaluate import CaseRecord, Origin

    start = dt.datetime(2025, 6, 5, 11, tzinfo=BJ)
    bad = [CaseRecord(f"x{i}", "9#9", start, None, origin=Origin("c.csv", i + 2)) for i in range(55)]
    report = build_report(profile, as_of=dt.datetime(2025, 7, 1, tzinfo=BJ), inputs="c.csv", cases=bad)
    markdown = render(report, "markdown")
    assert all(f"| c.csv:{i + 2} | x{i} |" in markdown for i in range(55))
    html = render(report, "html")
    assert "<details><summary>Show all 55 rows</summary>" in html and html.count("c.csv:") >= 55


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


NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def _numbers(cell: str) -> list[float]:
    return [float(n.replace(",", "")) for n in NUMBER.findall(cell)]


@pytest.mark.parametrize("locale", ["en", "zh_Hans", "ug"])
def test_printed_numbers_agree_with_printed_verdicts(locale: str) -> None:
    """In every region's report and every language, a 'met' verdict never sits beside a number that fails the
    limit, nor 'not met' beside numbers that all pass it: the numbers are printed with the precision they need."""
    set_locale(locale)
    yes, no = fmt.yes_no(True), fmt.yes_no(False)
    for profile in bizenv.profiles():
        report = synthetic_report(profile)
        shown = {s.key: s for s in view(report).sections}
        compliance = shown["compliance"].table
        assert compliance is not None and report.cases is not None
        order = document_order(profile)
        in_order = sorted(
            report.cases.summaries, key=lambda s: (s.sub_unit is not None, order(s.target_id), s.sub_unit or "")
        )
        for row, summary in zip(compliance.rows, in_order, strict=True):
            statistic, verdict = row[7], row[8]
            if summary.aggregation in ("mean", "median", "p90") and summary.met is not None:
                printed = _numbers(statistic)[-1]
                _measure, target = profile.target(summary.target_id)
                from bizenv.metrics import metric

                direction = metric(target.metric, profile).direction
                assert target.is_met_by(printed, direction) == (verdict == yes), (profile.id, row)
            if summary.aggregation not in ("mean", "median", "p90") and verdict == yes:
                within, total = _numbers(row[5])[:2]
                assert within == total and _numbers(row[6]) == [0.0], (profile.id, row)
        quantities = shown.get("thresholds")
        for row, result in zip(
            quantities.table.rows if quantities and quantities.table else (), report.thresholds, strict=True
        ):
            margin = _numbers(row[6])
            if margin and result.target.comparator != "==":
                assert (margin[0] >= 0) == (row[5] == yes) or (
                    result.target.comparator in ("<", ">") and margin[0] == 0
                )
            assert row[5] in (yes, no)


def test_ids_are_in_the_order_of_the_source_document() -> None:
    """(1) (4) (9) (16), not (1) (16) (4) (9): the case table and each unit's overdue items follow the document."""
    set_locale("en")
    profile = bizenv.profile("bazhou")
    position = {m.id: i for i, m in enumerate(profile.measures)}
    report = synthetic_report(profile)
    shown = {s.key: s for s in view(report).sections}
    compliance = shown["compliance"].table
    assert compliance is not None
    overall = [row[0] for row in compliance.rows if row[2] == "all"]
    measures = [position[t.rpartition("#")[0]] for t in overall]
    assert measures == sorted(measures) and len(set(overall)) == len(overall) > 3
    assert overall != sorted(overall)  # as strings they sort otherwise: the order is the document's, not the text's
    by_unit = shown["overdue"].table
    assert by_unit is not None
    for row in by_unit.rows:
        ids = row[4].split(" ")
        measure_of = [position[re.split("[#@]", i)[0]] for i in ids]
        assert measure_of == sorted(measure_of)


def test_html_prints_whole(profile: bizenv.RegionProfile) -> None:
    """The print stylesheet (scripts/check_report_print.sh prints it with Chromium and checks the paper): folded
    tables open, header rows repeat on each page, rows are not cut, the page is A4."""
    from bizenv.evaluate import CaseRecord, Origin

    start = dt.datetime(2025, 6, 5, 11, tzinfo=BJ)
    bad = [CaseRecord(f"x{i}", "9#9", start, None, origin=Origin("c.csv", i + 2)) for i in range(55)]
    html = render(build_report(profile, as_of=dt.datetime(2025, 7, 1, tzinfo=BJ), inputs="c.csv", cases=bad), "html")
    printed = html[html.index("@media print{") :]
    printed = printed[: printed.index("\n}\n")]
    assert "<details><summary>" in html
    for rule in (
        "@page{size:A4",
        "details::details-content{content-visibility:visible",
        "details>summary{display:none}",
        "thead{display:table-header-group}",
        "tr,th,td,.figure,svg.chart{break-inside:avoid}",
    ):
        assert rule in printed, rule
