"""Results as DataFrames with real dtypes, and as the HTML tables a notebook shows."""

from __future__ import annotations

import datetime as dt

import pandas as pd

import bizenv
from bizenv.evaluate import (
    IndicatorSpec,
    IndicatorValue,
    LedgerRow,
    Observation,
    ThresholdResults,
    evaluate_observations,
    score_indicators,
    track_deadlines,
)
from bizenv.evaluate.deadlines import STATUSES

D = dt.date


def test_a_deadline_report_is_a_frame_with_categorical_statuses_and_zoned_days(region: bizenv.RegionProfile) -> None:
    report = track_deadlines(region, [LedgerRow("1", "已完成", D(2024, 7, 1))], D(2024, 7, 1))
    frame = report.to_frame()
    assert len(frame) == len(report.items) and list(frame["id"]) == [i.id for i in report.items]
    assert isinstance(frame["status"].dtype, pd.CategoricalDtype) and frame["status"].cat.ordered
    assert tuple(frame["status"].cat.categories) == STATUSES
    assert str(frame["due"].dt.tz) == "Asia/Shanghai"
    one = frame.set_index("id").loc["1"]
    assert one["due"] == pd.Timestamp("2024-06-30", tz="Asia/Shanghai")
    assert one["completed_on"] == pd.Timestamp("2024-07-01", tz="Asia/Shanghai")
    assert (one["status"], one["days"]) == ("done_late", 1)
    assert frame["days"].dtype == "Int64" and frame["rolled_up"].dtype == "boolean"
    assert pd.isna(frame.set_index("id").loc["3", "due"])  # no due date: missing, not a made-up day
    units = report.to_frame("unit")
    assert list(units["unit"]) == [g.name for g in report.by_unit]
    assert units["overdue"].sum() == sum(g.counts["overdue"] for g in report.by_unit)


def test_a_deadline_report_shows_as_an_html_table_in_a_notebook(region: bizenv.RegionProfile) -> None:
    report = track_deadlines(region, [], D(2024, 7, 1))
    html = report._repr_html_()
    assert html.count("<tr>") == len(report.items) + 1  # the header and every item
    assert "<th>status</th>" in html and "州供电公司" in html


def test_a_score_board_and_threshold_results_are_frames_too(region: bizenv.RegionProfile) -> None:
    values = [IndicatorValue(s, "days", v) for s, v in (("north", 3.0), ("south", 5.0))]
    board = score_indicators(values, [IndicatorSpec("days", lower_is_better=True)])
    frame = board.to_frame()
    overall = frame[frame["indicator"] == "overall"].set_index("subject")
    assert overall.loc["south", "bottom"] and overall.loc["north", "rank"] == 1
    assert frame["score"].dtype == "Float64" and "south" in board._repr_html_()
    target_id = next(t for t, _m, target in region.targets() if target.unit == "percent")
    results, _rejected = evaluate_observations(region, [Observation(target_id, 99.0, "north", D(2024, 5, 1))])
    assert isinstance(results, ThresholdResults) and isinstance(results, list)
    table = results.to_frame()
    assert table.loc[0, "target_id"] == target_id and table.loc[0, "observed_on"].tzinfo is not None
    assert table["met"].dtype == "boolean" and target_id in results._repr_html_()


def test_a_case_evaluation_is_a_frame_of_summaries_or_of_cases(region: bizenv.RegionProfile) -> None:
    from bizenv.evaluate import CaseRecord, Origin, evaluate_cases

    target_id = next(t for t, _m, target in region.targets() if target.unit == "working_day" and target.value)
    start = dt.datetime(2024, 7, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    records = [
        CaseRecord(f"c{n}", target_id, start, start + dt.timedelta(days=n), origin=Origin("cases.csv", n + 2))
        for n in range(4)
    ]
    evaluation = evaluate_cases(region, records, as_of=start + dt.timedelta(days=30))
    summaries = evaluation.to_frame()
    assert len(summaries) == len(evaluation.summaries)
    overall = summaries[(summaries["target_id"] == target_id) & summaries["sub_unit"].isna()].iloc[0]
    summary = evaluation.summary(target_id)
    assert (overall["cases"], overall["passed"], overall["met"]) == (summary.cases, summary.passed, summary.met)
    assert summaries["cases"].dtype == "Int64" and summaries["met"].dtype == "boolean"
    cases = evaluation.to_frame("cases")
    assert list(cases["case_id"]) == [r.case.case_id for r in evaluation.results]
    assert cases["status"].cat.ordered and str(cases["due"].dt.tz) == "Asia/Shanghai"
    assert list(cases["row"]) == [r.case.origin.row for r in evaluation.results]
    assert "<table" in evaluation._repr_html_() and target_id in evaluation._repr_html_()


def test_the_object_and_the_arrow_evaluation_give_the_same_frames(region: bizenv.RegionProfile) -> None:
    """One shape, derived from the result classes: evaluate_cases and evaluate_table read alike in pandas."""
    from bizenv.evaluate import CaseRecord, Origin, evaluate_cases, evaluate_table

    target_id = next(t for t, _m, target in region.targets() if target.unit == "working_day" and target.value)
    start = dt.datetime(2024, 7, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    records = [
        CaseRecord(f"c{n}", target_id, start, start + dt.timedelta(days=n) if n else None, origin=Origin("x.csv", n))
        for n in range(5)
    ]
    as_of = start + dt.timedelta(days=30)
    by_objects = evaluate_cases(region, records, as_of=as_of)
    table = pd.DataFrame(
        {
            "case_id": [r.case_id for r in records],
            "target_id": [r.target_id for r in records],
            "submitted_at": [r.submitted_at.isoformat() for r in records],
            "completed_at": [r.completed_at.isoformat() if r.completed_at else "" for r in records],
        }
    )
    by_table = evaluate_table(region, table, as_of=as_of)
    for what in ("summaries", "cases"):
        objects, arrow = by_objects.to_frame(what), by_table.to_frame(what)
        assert list(objects.columns) == list(arrow.columns)
        assert list(objects.dtypes.astype(str)) == list(arrow.dtypes.astype(str)), what
    objects, arrow = by_objects.to_frame("cases"), by_table.to_frame("cases")
    shared = ["case_id", "status", "duration", "due", "provisional"]
    pd.testing.assert_frame_equal(objects[shared], arrow[shared])
    # Every column the Arrow results share with the object frame has the object frame's dtype.
    full = by_table.to_pandas()
    assert {c: str(full[c].dtype) for c in objects.columns} == {c: str(objects[c].dtype) for c in objects.columns}
    assert str(full["submitted_at"].dtype) == "datetime64[ns, Asia/Shanghai]"


def test_the_result_shapes_are_derived_from_the_result_classes() -> None:
    import attrs

    from bizenv.evaluate.results import CASE_COLUMNS, SUMMARY_COLUMNS, CaseRow, TargetSummary, result_schema

    assert [c.name for c in SUMMARY_COLUMNS] == [f.name for f in attrs.fields(TargetSummary)]
    row_fields = [f.name for f in attrs.fields(CaseRow)]
    assert [c.name for c in CASE_COLUMNS] == [n for n in row_fields if n != "sub_unit_as_written"]
    schema = result_schema("Asia/Shanghai")
    assert [n for n in schema.names if n not in ("submitted_at", "completed_at")] == row_fields
    kinds = {c.name: c.kind for c in SUMMARY_COLUMNS}
    assert (kinds["cases"], kinds["met"], kinds["mean"], kinds["unit"]) == ("int", "bool", "float", "text")
    assert str(schema.field("due").type) == "timestamp[us, tz=Asia/Shanghai]"
