from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

import bizenv
from bizenv.evaluate import CaseRecord, Interval, evaluate_cases

BJ = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BJ)  # type: ignore[misc]


def case(
    case_id: str,
    target: str,
    start: dt.datetime,
    end: dt.datetime | None,
    sub: str | None = None,
    excluded: tuple[Interval, ...] = (),
) -> CaseRecord:
    return CaseRecord(case_id, target, start, end, sub, excluded)


def test_each_target_across_the_guerbang_break(region: bizenv.RegionProfile) -> None:
    records = [
        # Thursday 5 June 2025 -> Wednesday 11 June: one working day on CN-XJ (6-10 June off).
        case("a", "1#1", at(2025, 6, 5, 11, 0), at(2025, 6, 11, 11, 0), "north"),
        # Monday 3 March -> Wednesday 5 March: two working days.
        case("b", "1#1", at(2025, 3, 3, 11, 0), at(2025, 3, 5, 11, 0), "south"),
    ]
    evaluation = evaluate_cases(region, records)
    assert [(r.case.case_id, r.duration, r.status) for r in evaluation.results] == [("a", 1, "pass"), ("b", 2, "fail")]
    overall = evaluation.summary("1#1")
    assert (overall.cases, overall.passed, overall.failed, overall.met) == (2, 1, 1, False)
    assert evaluation.summary("1#1", "north").met is True
    assert evaluation.summary("1#1", "south").pass_rate == 0


def test_legal_convention_counts_to_the_close_of_the_due_day(region: bizenv.RegionProfile) -> None:
    # Submitted Friday 28 Feb 2025 at 19:00; 1 working day, start day not counted: due Monday 3 March 19:30.
    on_time = case("c", "1#1", at(2025, 2, 28, 19, 0), at(2025, 3, 3, 19, 29))
    late = case("d", "1#1", at(2025, 2, 28, 19, 0), at(2025, 3, 4, 10, 1))
    evaluation = evaluate_cases(region, [on_time, late], convention="legal")
    assert [r.status for r in evaluation.results] == ["pass", "fail"]
    assert evaluation.results[0].due == at(2025, 3, 3, 19, 30)


def test_mean_targets_are_judged_on_the_mean(region: bizenv.RegionProfile) -> None:
    records = [
        case(str(i), "1#2", at(2025, 3, 3, 11, 0), at(2025, 3, 3, 11, 0) + dt.timedelta(days=d))
        for i, d in enumerate([1, 2, 7, 8])
    ]  # 1, 2, 5, 6 working days
    summary = evaluate_cases(region, records).summary("1#2")
    assert summary.mean == pytest.approx(3.5) and summary.median == pytest.approx(3.5)
    assert summary.met is True  # the mean meets 5 although one case took 6
    assert (summary.passed, summary.failed) == (3, 1)


def test_office_hour_targets_count_office_hours_only(region: bizenv.RegionProfile) -> None:
    # 13:00 -> next day 11:00 in March (winter): 1h + 4h + 1h = 6 office hours > 4.
    evaluation = evaluate_cases(region, [case("e", "1#3", at(2025, 3, 3, 13, 0), at(2025, 3, 4, 11, 0))])
    assert evaluation.results[0].duration == 6 and evaluation.results[0].status == "fail"


def test_excluded_intervals_do_not_count(region: bizenv.RegionProfile) -> None:
    pause = Interval(at(2025, 3, 3, 13, 30), at(2025, 3, 4, 10, 30), "补正")  # 0.5 + 4 + 0.5 = 5 office hours
    evaluation = evaluate_cases(
        region, [case("f", "1#3", at(2025, 3, 3, 13, 0), at(2025, 3, 4, 11, 0), excluded=(pause,))]
    )
    result = evaluation.results[0]
    assert (result.excluded, result.duration, result.status) == (5, 1, "pass")


def test_open_cases_are_overdue_or_not_at_the_as_of_time(region: bizenv.RegionProfile) -> None:
    records = [case("g", "1#1", at(2025, 3, 3, 11, 0), None), case("h", "1#1", at(2025, 3, 6, 11, 0), None)]
    evaluation = evaluate_cases(region, records, as_of=at(2025, 3, 6, 12, 0), convention="legal")
    assert [r.status for r in evaluation.results] == ["open_overdue", "open"]
    assert evaluation.summary("1#1").met is False


def test_bad_records_are_rejected_with_reasons_never_dropped(region: bizenv.RegionProfile) -> None:
    records = [
        case("ok", "1#1", at(2025, 3, 3, 11, 0), at(2025, 3, 3, 12, 0)),
        case("ok", "1#1", at(2025, 3, 3, 11, 0), at(2025, 3, 3, 12, 0)),
        case("backwards", "1#1", at(2025, 3, 3, 11, 0), at(2025, 3, 2, 12, 0)),
        case("nowhere", "9#1", at(2025, 3, 3, 11, 0), at(2025, 3, 3, 12, 0)),
        case("money", "2#3", at(2025, 3, 3, 11, 0), at(2025, 3, 3, 12, 0)),
        CaseRecord("naive", "1#1", dt.datetime(2025, 3, 3, 11), dt.datetime(2025, 3, 3, 12)),
        case("future", "1#1", at(2027, 3, 3, 11, 0), at(2027, 3, 4, 12, 0)),
        case("open", "1#1", at(2025, 3, 3, 11, 0), None),
    ]
    evaluation = evaluate_cases(region, records)
    reasons = {r.record_id: r.reason for r in evaluation.rejections}
    assert len(evaluation.results) + len(evaluation.rejections) == len(records)
    assert "case 'ok' appears twice" in reasons["ok"]
    assert "before it was submitted" in reasons["backwards"]
    assert "no measure '9'" in reasons["nowhere"]
    assert "not a time limit" in reasons["money"]
    assert "no time zone" in reasons["naive"]
    assert "no data for 2027" in reasons["future"]
    assert "no as-of time was given" in reasons["open"]


def test_naive_times_are_accepted_with_a_named_zone(region: bizenv.RegionProfile) -> None:
    # 09:00 Xinjiang time = 11:00 Beijing time.
    record = CaseRecord("x", "1#3", dt.datetime(2025, 3, 3, 9, 0), dt.datetime(2025, 3, 3, 11, 0))
    evaluation = evaluate_cases(region, [record], zone="Asia/Urumqi")
    assert evaluation.results[0].duration == 2


def test_provisional_years_are_flagged(region: bizenv.RegionProfile) -> None:
    evaluation = evaluate_cases(region, [case("p", "1#1", at(2024, 4, 9, 11, 0), at(2024, 4, 11, 11, 0))])
    result = evaluation.results[0]
    assert result.provisional and result.duration == 1  # 10 April 2024: estimated 肉孜节
    assert evaluation.summary("1#1").provisional_cases == 1
