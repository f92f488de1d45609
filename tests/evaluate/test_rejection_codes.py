"""Rejections carry a code from a closed vocabulary: programs tell failures apart by it, in every language, and
both case engines give the same codes."""

from __future__ import annotations

import datetime as dt
import typing
from pathlib import Path

import bizenv
from bizenv.evaluate import evaluate_cases, evaluate_observations, track_deadlines
from bizenv.evaluate.table import evaluate_records
from bizenv.i18n import using_locale
from bizenv.inputs import read_cases, read_ledger, read_observations
from bizenv.records import REJECTION_CODES, CaseRecord, LedgerRow, Observation, RejectionCode

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "inputs"
BJ = dt.timezone(dt.timedelta(hours=8))


def _case(case_id: str, target_id: str, start: dt.datetime, end: dt.datetime | None = None) -> CaseRecord:
    return CaseRecord(case_id, target_id, start, end)


def test_the_vocabulary_is_documented_and_published() -> None:
    assert set(REJECTION_CODES) == set(typing.get_args(RejectionCode))
    guide = (ROOT / "docs" / "for-programs.md").read_text(encoding="utf-8")
    assert [code for code in REJECTION_CODES if f"`{code}`" not in guide] == []
    from bizenv.io.documents import document_schema

    rejection = document_schema("cases")["$defs"]["RejectionRow"]["properties"]["code"]
    assert rejection["enum"] == list(typing.get_args(RejectionCode))


def test_an_unknown_target_and_a_year_the_calendar_does_not_know_have_codes_of_their_own() -> None:
    bazhou = bizenv.profile("bazhou")
    working_day = next(t for t, _m, target in bazhou.targets() if target.unit == "working_day")
    rate = next(t for t, _m, target in bazhou.targets() if target.unit == "percent")
    cases = [
        _case("a", "99#9", dt.datetime(2025, 3, 3, 10, tzinfo=BJ), dt.datetime(2025, 3, 4, 10, tzinfo=BJ)),
        _case("b", working_day, dt.datetime(2031, 3, 3, 10, tzinfo=BJ), dt.datetime(2031, 3, 4, 10, tzinfo=BJ)),
        _case("c", working_day, dt.datetime(2025, 3, 4, 10, tzinfo=BJ), dt.datetime(2025, 3, 3, 10, tzinfo=BJ)),
        _case("d", rate, dt.datetime(2025, 3, 3, 10, tzinfo=BJ), dt.datetime(2025, 3, 4, 10, tzinfo=BJ)),
        _case("e", working_day, dt.datetime(2025, 3, 3, 10, tzinfo=BJ)),
        _case("f", working_day, dt.datetime(2025, 3, 3, 10, tzinfo=BJ), dt.datetime(2025, 3, 4, 10, tzinfo=BJ)),
        _case("f", working_day, dt.datetime(2025, 3, 3, 10, tzinfo=BJ), dt.datetime(2025, 3, 4, 10, tzinfo=BJ)),
    ]
    expected = {
        "a": "unknown_target",
        "b": "year_not_covered",
        "c": "completed_before_submitted",
        "d": "not_a_case_target",
        "e": "open_without_as_of",
    }
    per_case = evaluate_cases(bazhou, cases)
    columnar = evaluate_records(bazhou, cases)
    for evaluation in (per_case, columnar):
        codes = [(r.record_id, r.code) for r in evaluation.rejections]
        assert codes[:5] == list(expected.items())
        assert codes[5:] == [("f", "duplicate")]
    # The code does not follow the language the reason is shown in.
    with using_locale("zh_Hans"):
        assert [r.code for r in per_case.rejections][:2] == ["unknown_target", "year_not_covered"]


def test_every_rejection_of_the_corpus_has_a_code_of_its_kind() -> None:
    region = bizenv.load_profile(ROOT / "tests" / "data" / "test_region.toml")
    found: dict[str, set[str]] = {}
    for name in ("bad-dates.csv", "short-row.csv", "long-row.csv", "excluded-outside.csv", "excluded-slashes.csv"):
        read = read_cases(CORPUS / name, zone="Asia/Shanghai")
        evaluation = evaluate_cases(region, read.records, rejections=read.rejections)
        for r in evaluation.rejections:
            found.setdefault(name, set()).add(r.code)
    assert found["bad-dates.csv"] <= {"bad_timestamp", "missing_value"} and "bad_timestamp" in found["bad-dates.csv"]
    assert found["short-row.csv"] == {"row_shape"} and found["long-row.csv"] == {"row_shape"}
    assert found["excluded-outside.csv"] == {"bad_interval"}
    ledger = read_ledger(CORPUS / "ledger-bad.csv")
    report = track_deadlines(region, ledger.records, dt.date(2024, 7, 1), rejections=ledger.rejections)
    assert "invalid_record" not in {r.code for r in report.rejections}
    observations = read_observations(CORPUS / "observations.csv")
    _results, rejected = evaluate_observations(region, observations.records)
    assert "invalid_record" not in {r.code for r in [*observations.rejections, *rejected]}
    lines = [LedgerRow("99", "已完成", dt.date(2024, 1, 1)), LedgerRow("1", "maybe")]
    codes = [r.code for r in track_deadlines(region, lines, dt.date(2024, 7, 1)).rejections]
    assert codes == ["unknown_item", "unknown_status"]
    _r, bad = evaluate_observations(region, [Observation("nope#1", 1.0), Observation("2#1", float("nan"))])
    assert [r.code for r in bad] == ["unknown_target", "bad_number"]


def test_a_case_submitted_after_the_as_of_time_is_refused_done_or_open() -> None:
    bazhou = bizenv.profile("bazhou")
    working_day = next(t for t, _m, target in bazhou.targets() if target.unit == "working_day")
    as_of = dt.datetime(2025, 3, 1, 12, tzinfo=BJ)
    later = dt.datetime(2025, 3, 3, 10, tzinfo=BJ)
    cases = [_case("open", working_day, later), _case("done", working_day, later, later + dt.timedelta(hours=2))]
    from bizenv.evaluate.cases import evaluate_cases_per_case

    for engine in (evaluate_cases, evaluate_cases_per_case):
        evaluation = engine(bazhou, cases, as_of=as_of)
        assert evaluation.results == ()
        assert [(r.record_id, r.code) for r in evaluation.rejections] == [
            ("open", "submitted_after_as_of"),
            ("done", "submitted_after_as_of"),
        ]
