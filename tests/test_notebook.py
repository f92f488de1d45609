"""What a notebook shows: every public result and model object has a short text repr and an HTML view, ranking and
trend objects draw a chart, and the analyst's notebook (examples/notebooks/analyst.ipynb) runs and saves small."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import bizenv
from bizenv.evaluate import (
    CategoryComparison,
    IndicatorValue,
    Origin,
    compare_category,
    score_indicators,
    specs_from_values,
    track_deadlines,
)
from bizenv.report import synthetic_report
from bizenv.tables import SvgChart

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "notebooks" / "analyst.ipynb"
#: The most a text repr may take: a few lines (it is saved beside the HTML view of every shown result).
REPR_LIMIT = 2048


def _shown_objects() -> list[object]:
    objects: list[object] = []
    for profile in bizenv.profiles():
        report = synthetic_report(profile)
        objects += [profile, profile.region, *profile.documents, *profile.units, *profile.areas]
        objects += [*profile.measures, *(t for m in profile.measures for t in m.targets), *profile.region.sub_units]
        objects += [report, report.deadlines, *report.deadlines.items[:20], *report.deadlines.by_unit[:5]]
        assert report.cases is not None and report.scores is not None
        objects += [report.cases, *report.cases.summaries[:20], *report.cases.results[:20], report.scores]
        objects += [*report.thresholds[:20]]
    objects.append(compare_category(bizenv.profiles(), "starting_a_business"))
    return objects


def test_every_object_has_a_short_repr_and_an_html_view() -> None:
    for shown in _shown_objects():
        text = repr(shown)
        assert len(text) < REPR_LIMIT and text.count("\n") <= 12, (type(shown).__name__, len(text))
        html = shown._repr_html_()  # type: ignore[attr-defined]
        assert html.startswith("<div") and "</" in html, type(shown).__name__


def test_a_profile_shows_its_region_documents_counts_and_measures() -> None:
    profile = bizenv.profile("yiwu")
    text = repr(profile)
    assert text.startswith("<RegionProfile yiwu:") and "伊吾县" in text
    assert f"{len(profile.measures)} measures" in text and all(d.id in text for d in profile.documents)
    html = profile._repr_html_()
    assert "伊吾县" in html and all(d.title in html for d in profile.documents)
    assert html.count("<tr>") >= len(profile.measures) + len(profile.documents)
    assert all(f"<td>{m.id}</td>" in html for m in profile.measures[:10])


def test_compare_category_is_a_table_with_a_frame() -> None:
    profiles = bizenv.profiles()
    comparison = compare_category(profiles, "starting_a_business")
    assert isinstance(comparison, CategoryComparison) and isinstance(comparison, list)
    assert comparison.code == "starting_a_business" and len(comparison) > 4
    frame = comparison.to_frame()
    assert list(frame["target_id"]) == [r.target_id for r in comparison]
    assert set(frame["region"]) == {r.region for r in comparison} and len(set(frame["region"])) >= 3
    first = comparison[0]
    assert frame["working_days"].iloc[0] == first.working_days or first.working_days is None
    html = comparison._repr_html_()
    assert html.count("<tr>") == len(comparison) + 1 and "starting_a_business" in html


def test_a_ranking_draws_the_reports_chart_or_a_matplotlib_figure() -> None:
    values = [
        IndicatorValue(s, "days", v, Origin("v.csv", i + 2), direction="lower")
        for i, (s, v) in enumerate([("a", 2.0), ("b", 5.0), ("c", 9.0)])
    ]
    board = score_indicators(values, specs_from_values(values), bottom_n=1)
    chart = board.chart()
    assert isinstance(chart, SvgChart) and chart._repr_svg_().startswith("<svg")
    assert chart.count("<rect ") == 3 and chart.count('fill="#c0392b"') == 1  # the last place is red
    assert repr(chart) == "<SvgChart 'Composite score': 3 bars>"
    figure = board.chart("matplotlib", indicator="days")
    (axes,) = figure.axes
    assert [t.get_text() for t in axes.get_yticklabels()] == ["a", "b", "c"]
    assert [p.get_width() for p in axes.patches] == pytest.approx([r.score for r in board.indicators[0].ranking])
    with pytest.raises(bizenv.NotFoundError, match="no indicator 'nope'"):
        board.chart(indicator="nope")


def test_a_deadline_report_repr_counts_what_matters() -> None:
    profile = bizenv.profile("yiwu")
    report = track_deadlines(profile, [], dt.date(2024, 7, 1))
    text = repr(report)
    assert f"overdue {len(report.overdue('measure'))}" in text
    assert f"{len(report.measures)} measures" in text and f"{len(report.overdue())} in all" in text


def test_the_analysts_notebook_runs_and_saves_small() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": NOTEBOOK.parent}}
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert [o for o in outputs if o.output_type == "error"] == []
    shown = [o.data for o in outputs if o.output_type in ("execute_result", "display_data")]
    assert len(shown) >= 14
    assert all(len(data["text/plain"]) < REPR_LIMIT for data in shown)
    kinds = [set(data) for data in shown]
    assert sum("text/html" in k for k in kinds) >= 10
    assert any("image/svg+xml" in k for k in kinds) and any("image/png" in k for k in kinds)
    # The notebook's last cell measures the text reprs of what it showed.
    lengths = eval(shown[-1]["text/plain"])
    assert lengths and max(lengths) < REPR_LIMIT
    saved = len(nbformat.writes(notebook).encode("utf-8"))
    assert saved < 600_000, saved  # 1.98 MB when every result printed itself whole
