"""How the public API types from the user's seat: checked by ``mypy --strict`` in the test command (never run).

Each ``assert_type`` fails the check when a public signature loses its type (becomes ``Any``); each
``type: ignore`` with a code fails it (``warn_unused_ignores``) when a mistake stops being caught.
"""

from __future__ import annotations

import datetime as dt
from typing import assert_type

import bizenv
from bizenv.calendars import DayInfo, WorkingCalendar
from bizenv.evaluate import (
    CaseEvaluation,
    DeadlineReport,
    TargetSummary,
    ThresholdResults,
    evaluate_cases,
    evaluate_observations,
    track_deadlines,
)
from bizenv.evaluate.table import TableEvaluation, evaluate_records, evaluate_table
from bizenv.model import Due, RegionProfile
from bizenv.records import CaseRecord, Observation, Rejection, RejectionCode


def calendars() -> None:
    cal = bizenv.calendar_of("yiwu")
    assert_type(cal, WorkingCalendar)
    assert_type(cal.add_working_days(dt.date(2025, 3, 27), 2), dt.date)
    assert_type(cal.sub_working_days(dt.date(2025, 4, 1), 2), dt.date)
    assert_type(cal.is_working_day(dt.date(2025, 3, 31)), bool)
    assert_type(cal.get_working_days_delta(dt.date(2025, 3, 1), dt.date(2025, 4, 1)), int)
    assert_type(cal.day_info(dt.date(2025, 3, 31)), DayInfo)
    assert_type(
        cal.office_hours_between(dt.datetime(2025, 3, 3, 10), dt.datetime(2025, 3, 3, 12), "Asia/Shanghai"), float
    )
    cal.no_such_method()  # type: ignore[attr-defined]
    cal.add_working_days(dt.date(2025, 3, 27), "2")  # type: ignore[arg-type]


def profiles() -> None:
    yiwu = bizenv.profile("yiwu")
    assert_type(yiwu, RegionProfile)
    assert_type(yiwu.due_of_target("5.3#1"), Due | None)
    assert_type(yiwu.working_calendar(), WorkingCalendar)
    evaluate_cases("yiwu", [])  # type: ignore[arg-type]


def evaluations(profile: RegionProfile, records: list[CaseRecord]) -> None:
    evaluation = evaluate_cases(profile, records, as_of=dt.datetime(2025, 7, 1, tzinfo=dt.UTC))
    assert_type(evaluation, CaseEvaluation)
    assert_type(evaluate_records(profile, records), CaseEvaluation)
    table = evaluate_table(profile, records)
    assert_type(table, TableEvaluation)
    assert_type(table.summaries, tuple[TargetSummary, ...])
    assert_type(table.summary("2#1"), TargetSummary)
    first: Rejection = evaluation.rejections[0]
    assert_type(first.code, RejectionCode)
    report = track_deadlines(profile, [], dt.date(2024, 7, 1))
    assert_type(report, DeadlineReport)
    results, rejected = evaluate_observations(profile, [Observation("2#1", 99.0)])
    assert_type(results, ThresholdResults)
    assert_type(rejected, list[Rejection])


def shapes_and_rules(profile: RegionProfile, summary: TargetSummary) -> None:
    from bizenv.evaluate.results import CaseRow
    from bizenv.evaluate.rules import ceiling, period
    from bizenv.model import TimeUnit

    assert_type(summary.unit, TimeUnit)
    fields = ("c1", "2#1", "2", None, None)
    row: CaseRow = CaseRow(*fields, "pass", 1.0, "working_day", 0.0, None, False, "f.csv", 2)
    row2 = CaseRow(*fields, "passed", 1.0, "working_day", 0.0, None, False, "f", 2)  # type: ignore[arg-type]
    measure, target = profile.target("2#1")
    assert_type(ceiling(target, bizenv.metrics.metric(target.metric, profile)), float | None)
    assert_type(target.is_met_by(3.0, "lower"), bool)
    del row, row2, measure, period


def views() -> None:
    from bizenv.views import Section, Table, html_section

    section = Section("s", "标题", ("说明",), Table(("a",), (("1",),)))
    assert_type(html_section(section), str)
    Section("s", "标题", "说明")  # type: ignore[arg-type]
