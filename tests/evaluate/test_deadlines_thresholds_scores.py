from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bizenv
from bizenv.evaluate import (
    IndicatorSpec,
    IndicatorValue,
    LedgerRow,
    Observation,
    compare_category,
    dtf_score,
    evaluate_observations,
    rank,
    score_indicators,
    track_deadlines,
)

D = dt.date


def test_deadline_statuses_and_groups(region: bizenv.RegionProfile) -> None:
    ledger = [
        LedgerRow("1", "已完成", D(2024, 7, 1)),  # due 2024-06-30: a day late
        LedgerRow("2", "推进中"),  # due 2023-12-31: overdue at the as-of date
        LedgerRow("99", "已完成"),
        LedgerRow("2", "已完成"),
        LedgerRow("3", "maybe"),
    ]
    report = track_deadlines(region, ledger, D(2024, 7, 1))
    by_id = {m.measure.id: m for m in report.measures}
    assert (by_id["1"].status, by_id["1"].days) == ("done_late", 1)
    assert (by_id["2"].status, by_id["2"].days) == ("overdue", 183)
    assert by_id["3"].status == "no_deadline"
    reasons = [r.reason for r in report.rejections]
    assert any("no measure or target '99'" in r for r in reasons)
    assert any("appears twice" in r for r in reasons)
    assert any("not understood" in r for r in reasons)
    assert len(reasons) == 3
    power = next(g for g in report.by_unit if g.name == "州供电公司")
    # Measure 2 and its target dated 到2023年底 (2#4) are both overdue; the target is tracked in its own right.
    # 4.1 (due 2024-03) is the unit's too; its heading 4 is not yet overdue (4.2 is due 2024-09).
    assert power.overdue == ("2", "2#4", "4.1")
    assert report.by_unit[0].name == "州政务服务中心"  # most overdue first (it leads area （一）)
    assert report.counts()["overdue"] == 3 and report.counts("target")["overdue"] == 1  # measures 2, 4.1, 6


def test_deadline_windows(region: bizenv.RegionProfile) -> None:
    soon = track_deadlines(region, [], D(2024, 6, 10), due_soon_days=30)
    assert {m.measure.id: m.status for m in soon.measures}["1"] == "due_soon"
    later = track_deadlines(region, [], D(2024, 6, 10), due_soon_days=10)
    assert {m.measure.id: m.status for m in later.measures}["1"] == "not_yet_due"
    on_time = track_deadlines(region, [LedgerRow("1", "done", D(2024, 6, 30))], D(2024, 7, 1))
    assert on_time.measures[0].status == "done_on_time"


def test_threshold_targets_margin_and_progress(region: bizenv.RegionProfile) -> None:
    results, rejected = evaluate_observations(
        region,
        [
            Observation("2#1", 99.2),
            Observation("2#2", 7, subject="north"),
            Observation("2#3", 80),
            Observation("2#4", 96, observed_on=D(2024, 1, 15)),
            Observation("2#1", 120),
            Observation("7#1", 1),
        ],
    )
    reliability, connection, fee, online = results
    assert reliability.met and reliability.margin == pytest.approx(0.2)
    assert not connection.met and connection.progress == pytest.approx(0.6)  # 10 -> 7 of 10 -> 5
    assert not fee.met and fee.margin == -7
    assert online.met and online.after_due is True and online.due == D(2023, 12, 31)
    assert [r.record_id for r in rejected] == ["2#1", "7#1"]


@given(st.floats(0, 1000), st.floats(0, 1000), st.floats(0, 1000))
def test_dtf_scores_stay_in_range_and_are_monotone(a: float, b: float, x: float) -> None:
    frontier, worst = min(a, b), max(a, b)  # lower is better
    score = dtf_score(x, frontier, worst)
    assert 0 <= score <= 100
    assert dtf_score(x + 1, frontier, worst) <= score


def test_ranking_shares_ranks_and_flags_ties_at_the_bottom() -> None:
    ranked = rank({"a": 90, "b": 70, "c": 70, "d": 95}, bottom_n=1)
    assert [(r.subject, r.rank, r.bottom) for r in ranked] == [
        ("d", 1, False),
        ("a", 2, False),
        ("b", 3, True),
        ("c", 3, True),
    ]


def test_score_board_composite_and_missing_values() -> None:
    values = [
        IndicatorValue("north", "electricity_days", 5),
        IndicatorValue("south", "electricity_days", 15),
        IndicatorValue("east", "electricity_days", 10),
        IndicatorValue("north", "online_rate", 90),
        IndicatorValue("south", "online_rate", 98),
        IndicatorValue("north", "unknown", 1),
        IndicatorValue("north", "online_rate", 91),
    ]
    specs = [
        IndicatorSpec("electricity_days", lower_is_better=True),
        IndicatorSpec("online_rate", lower_is_better=False, frontier=100, worst=80),
    ]
    board = score_indicators(values, specs)
    electricity = board.indicators[0]
    assert {r.subject: r.score for r in electricity.ranking} == {"north": 100, "east": 50, "south": 0}
    online = board.indicators[1]
    assert {r.subject: r.score for r in online.ranking} == {"north": pytest.approx(50), "south": pytest.approx(90)}
    overall = {r.subject: (round(r.score, 6), r.rank, r.bottom) for r in board.overall}
    assert overall == {"north": (75, 1, False), "east": (50, 2, False), "south": (45, 3, True)}
    assert board.missing == {"east": ("online_rate",)}
    assert len(board.rejections) == 2


def test_compare_category_lines_up_regions(region: bizenv.RegionProfile, example_profile: bizenv.RegionProfile) -> None:
    rows = compare_category([region, example_profile], "starting_a_business")
    assert {r.region for r in rows} == {"testland", "example"}
    seal = next(r for r in rows if r.target.metric == "seal_engraving_time")
    assert seal.working_days == pytest.approx(0.5)
    with pytest.raises(KeyError):
        compare_category([region], "no_such_category")


def test_threshold_due_dates_are_the_profiles_answer() -> None:
    # Yiwu 5.3#1 has no date of its own: it is due at its measure's 完成时限 (2023年6月), as the tracker says.
    yiwu = bizenv.profile("yiwu")
    due = yiwu.due_of_target("5.3#1")
    assert due is not None and (due.date, due.source) == (D(2023, 6, 30), "measure")
    (result,), rejected = evaluate_observations(yiwu, [Observation("5.3#1", 15, observed_on=D(2023, 7, 3))])
    assert not rejected
    assert (result.due, result.due_from, result.after_due) == (due.date, "measure", True)
    for target_id, _measure, _target in yiwu.targets():
        expected = yiwu.due_of_target(target_id)
        results, _ = evaluate_observations(yiwu, [Observation(target_id, 1)])
        for r in results:
            assert r.due == (expected.date if expected else None)


def test_nobody_is_last_when_everyone_scores_the_same() -> None:
    assert [r.bottom for r in rank({"a": 100, "b": 100, "c": 100})] == [False, False, False]
    assert [r.bottom for r in rank({"only": 73.0}, bottom_n=2)] == [False]
    assert [(r.subject, r.bottom) for r in rank({"a": 100, "b": 100, "c": 80})] == [
        ("a", False),
        ("b", False),
        ("c", True),
    ]
    with pytest.raises(bizenv.BizenvError, match="bottom_n"):
        rank({"a": 1}, bottom_n=-1)


def test_ranking_subjects_are_the_regions_and_shares_beside_percentages_are_refused() -> None:
    bazhou = bizenv.profile("bazhou")
    korla = bazhou.sub_unit("korla")
    spec = [IndicatorSpec("online_rate", lower_is_better=False)]
    values = [
        IndicatorValue(korla.names.zh, "online_rate", 95, percent=True),
        IndicatorValue(korla.code or korla.id, "online_rate", 96, percent=True),  # the same county by its code
        IndicatorValue("和静县", "online_rate", 0.96),  # a share beside percentages: not 0.96 %
        IndicatorValue("天山区", "online_rate", 99, percent=True),  # Urumqi's district: not Bazhou's
        IndicatorValue("尉犁县", "online_rate", 90, percent=True),
    ]
    board = score_indicators(values, spec, profile=bazhou)
    (scores,) = board.indicators
    assert sorted(scores.values) == sorted([korla.names.zh, "尉犁县"])
    codes = {r.record_id: r.code for r in board.rejections}
    assert codes == {korla.code or korla.id: "duplicate", "和静县": "bad_number", "天山区": "unknown_sub_unit"}
    assert all(r.record_id != "和静县" or "share" in r.reason for r in board.rejections)
    # Without a profile the subjects are taken as written, and a ranking of one county flags nobody.
    alone = score_indicators([IndicatorValue("北", "x", 1)], [IndicatorSpec("x", lower_is_better=True)])
    assert [r.bottom for r in alone.overall] == [False]


def test_a_comma_groups_thousands_and_never_marks_decimals() -> None:
    from bizenv.inputs import values

    assert values.number("1,234.5").value == 1234.5
    for written in ("1,5", "7,3", "1,2345", "12,34"):
        with pytest.raises(values.ValueProblem, match="comma groups thousands"):
            values.number(written)


def test_one_value_per_target_subject_and_day(region: bizenv.RegionProfile) -> None:
    from bizenv.records import Origin

    day = D(2024, 1, 15)
    observations = [
        Observation("2#1", 99.2, subject="north", observed_on=day, origin=Origin("o.csv", 2)),
        Observation("2#1", 98.0, subject="north", observed_on=day, origin=Origin("o.csv", 3)),
        Observation("2#1", 99.5, subject="south", observed_on=day, origin=Origin("o.csv", 4)),
        Observation("2#1", 99.5, subject="south", observed_on=day, origin=Origin("o.csv", 5)),
    ]
    results, rejected = evaluate_observations(region, observations)
    # Disagreeing values are all refused (neither is chosen by its row); a repeated value is judged once.
    assert [(r.observation.subject, r.observation.origin.row) for r in results] == [("south", 4)]
    assert [(r.origin.row, r.code) for r in rejected] == [
        (2, "conflicting_lines"),
        (3, "conflicting_lines"),
        (5, "duplicate"),
    ]
    assert "99.2 (o.csv:2); 98 (o.csv:3)" in rejected[0].reason
    assert len(results) + len(rejected) == len(observations)
