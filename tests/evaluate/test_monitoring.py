"""The monthly 调度's questions: who owns a heading and when is it due, which dated goals are overdue, what a
heading's children make of it, what an uncertain source date means."""

from __future__ import annotations

import datetime as dt

import bizenv
from bizenv.evaluate import LedgerRow, track_deadlines

D = dt.date


def test_a_heading_rolls_up_its_childrens_owners_and_dates(region: bizenv.RegionProfile) -> None:
    assert [m.id for m in region.children("4")] == ["4.1", "4.2"] and region.is_heading("4")
    owners = {(o.unit.name, o.role, o.derived) for o in region.owners("4")}
    assert owners == {
        ("州政务服务中心", "area_lead", False),  # the area's 牵头单位, inherited
        ("州供电公司", "responsible", True),  # from 4.1
        ("州市场监督管理局", "responsible", True),  # from 4.2
    }
    due = region.due_of_measure("4")
    assert due is not None and (due.date, due.source, due.derived) == (D(2024, 9, 30), "children", True)
    assert due.deadline is not None and due.deadline.raw == "2024年9月"


def test_leads_are_leads_never_responsible_units(region: bizenv.RegionProfile) -> None:
    assert [(o.unit.name, o.role) for o in region.leads("4.1")] == [("州政务服务中心", "area_lead")]
    assert [(o.unit.name, o.role) for o in region.leads("2")] == [("州供电公司", "lead")]
    led = region.measures_of_unit("州政务服务中心", ("lead", "area_lead"))
    assert [m.id for m in led] == ["3", "4", "4.1", "4.2", "5", "6", "7"]
    assert region.roles_of_unit("4.1", "州供电公司") == ("responsible",)


def test_due_dates_cascade_and_say_where_they_come_from(region: bizenv.RegionProfile) -> None:
    assert region.due_of_measure("3") is None  # plan has no stated period: nothing is invented
    programme = region.due_of_measure("7")
    assert programme is not None and (programme.date, programme.source) == (D(2025, 12, 31), "programme")
    targets = region.due_of_measure("5")
    assert targets is not None and (targets.date, targets.source) == (D(2024, 12, 31), "targets")
    own = region.due_of_target("2#4")
    assert own is not None and (own.date, own.source) == (D(2023, 12, 31), "own")
    from_measure = region.due_of_target("2#2")
    assert from_measure is not None and (from_measure.date, from_measure.source) == (D(2023, 12, 31), "measure")


def test_the_tracker_lists_dated_targets_and_rolls_up_headings(region: bizenv.RegionProfile) -> None:
    ledger = [LedgerRow("4.1", "已完成", D(2024, 3, 1)), LedgerRow("5#1", "已完成", D(2024, 9, 30))]
    report = track_deadlines(region, ledger, D(2024, 10, 1))
    by_id = {i.id: i for i in report.items}
    assert by_id["5#1"].kind == "target" and by_id["5#1"].status == "done_on_time"
    heading = by_id["4"]
    assert heading.rolled_up and heading.status == "overdue" and heading.days == 1  # 4.2 not done by 2024-09-30
    assert by_id["7"].status == "not_yet_due" and by_id["7"].due is not None and by_id["7"].due.source == "programme"
    later = track_deadlines(region, [*ledger, LedgerRow("4.2", "已完成", D(2024, 10, 1))], D(2024, 10, 1))
    done = {i.id: i for i in later.items}["4"]
    assert done.rolled_up and (done.status, done.completed_on, done.days) == ("done_late", D(2024, 10, 1), 1)
    # A heading's own line saying done counts when it says why, while its sub-measures are overdue.
    reported = track_deadlines(region, [LedgerRow("4", "已完成", D(2024, 5, 1), "整体验收")], D(2024, 10, 1))
    own_line = {i.id: i for i in reported.items}["4"]
    assert not own_line.rolled_up and own_line.status == "done_on_time"
    # Without a note it is refused, and the heading follows its sub-measures.
    bare = track_deadlines(region, [LedgerRow("4", "已完成", D(2024, 5, 1))], D(2024, 10, 1))
    (refused,) = bare.rejections
    assert "sub-measures 4.1, 4.2 are overdue" in refused.reason and bare.item("4").status == "overdue"


def test_a_heading_line_returned_blank_follows_its_sub_measures(region: bizenv.RegionProfile) -> None:
    # A template line left as sent says nothing, so it must not hide what the sub-measures report.
    done = [LedgerRow("4.1", "已完成", D(2024, 3, 1)), LedgerRow("4.2", "已完成", D(2024, 9, 1))]
    blank = track_deadlines(region, [*done, LedgerRow("4", "")], D(2024, 10, 1))
    heading = {i.id: i for i in blank.items}["4"]
    assert heading.rolled_up and heading.status == "done_on_time" and blank.rejections == ()
    # A heading line that says something is the heading's own word.
    noted = track_deadlines(region, [*done, LedgerRow("4", "推进中")], D(2024, 10, 1))
    assert {i.id: i for i in noted.items}["4"].status == "overdue"


def test_an_uncertain_source_date_is_tracked_with_both_readings(region: bizenv.RegionProfile) -> None:
    report = track_deadlines(region, [], D(2024, 10, 1))
    item = {i.id: i for i in report.items}["6"]
    assert item.uncertain and item.status == "overdue"
    assert item.other_readings == ((D(2025, 6, 30), "not_yet_due"),)


def test_units_are_chased_for_what_they_lead_or_answer_for(region: bizenv.RegionProfile) -> None:
    report = track_deadlines(region, [], D(2024, 10, 1))
    groups = {g.name: g for g in report.by_unit}
    # The area lead answers for every measure of its area; the responsible unit for its own.
    assert set(groups["州政务服务中心"].overdue) >= {"4", "4.1", "4.2", "6"}
    assert groups["州市场监督管理局"].overdue == ("1", "4", "4.2")


def test_looking_up_an_item_or_a_summary_that_is_not_there_is_a_bizenv_not_found_error(
    region: bizenv.RegionProfile,
) -> None:
    import pytest

    from bizenv.errors import NotFoundError, UnknownTargetError
    from bizenv.evaluate import evaluate_cases

    report = track_deadlines(region, [], D(2024, 7, 1))
    with pytest.raises(NotFoundError, match="no tracked measure or target '99'"):
        report.item("99")
    with pytest.raises(UnknownTargetError, match="no cases for target '1#1'"):
        evaluate_cases(region, []).summary("1#1")
    # An item that is there is found.
    assert report.item("4.2").measure.id == "4.2"
