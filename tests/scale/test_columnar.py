"""The columnar core judges as the per-case path does, case for case and summary for summary; its summaries
merge exactly; evaluate_table reads a table by the rules of the readers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bizenv
from bizenv.calendars import get_calendar
from bizenv.errors import ArgumentError, InputError
from bizenv.evaluate import evaluate_cases, evaluate_table
from bizenv.evaluate.cases import evaluate_cases_per_case
from bizenv.evaluate.summary import SummaryState, distribution, exact_mean, median_of, percentile_of
from bizenv.evaluate.table import Evaluator, columns_from_batch
from bizenv.inputs.batches import records_to_batch
from bizenv.records import CaseRecord, Interval, Origin

PROFILE = bizenv.load_profile(Path(__file__).resolve().parents[1] / "data" / "scale_region.toml")
CALENDAR = get_calendar(PROFILE.region.calendar, provisional="allow")
BJ = ZoneInfo("Asia/Shanghai")
TARGETS = [f"1#{k}" for k in range(1, 14)] + ["1#99", "9#1"]
ZONES = [BJ, ZoneInfo("Asia/Urumqi"), dt.UTC, dt.timezone(dt.timedelta(hours=8)), None]
SUB_UNITS = [None, "", "north", "北", "North County", "south", "nowhere"]
AS_OF = [None, dt.datetime(2025, 7, 1, tzinfo=BJ), dt.datetime(2026, 3, 1, 12)]


@st.composite
def records(draw: st.DrawFn) -> list[CaseRecord]:
    """Cases over 2017-2027 (years the calendar knows, estimates and does not know), every target kind, open and
    backwards cases, naive times, excluded intervals inside, outside and overlapping, repeated ids."""
    n = draw(st.integers(0, 40))
    out = []
    for i in range(n):
        zone = draw(st.sampled_from(ZONES)) if draw(st.booleans()) else BJ
        start = dt.datetime(draw(st.integers(2017, 2027)), 1, 1) + dt.timedelta(
            seconds=draw(st.integers(0, 365 * 86400 - 1)), microseconds=draw(st.sampled_from([0, 0, 250000]))
        )
        if draw(st.integers(0, 9)) == 0:  # exactly on an opening or closing time
            start = start.replace(hour=draw(st.sampled_from([10, 14, 16, 20])), minute=0, second=0, microsecond=0)
        length = draw(st.one_of(st.integers(-3600, 40 * 86400), st.sampled_from([0, 1, 3600, 86400])))
        end = None if draw(st.integers(0, 6)) == 0 else start + dt.timedelta(seconds=length)
        top = end if end is not None else start + dt.timedelta(days=5)
        span = max(int((top - start).total_seconds()), 1)
        intervals = []
        for _ in range(draw(st.integers(0, 3))):
            a = start + dt.timedelta(seconds=draw(st.integers(0, span)))
            b = a + dt.timedelta(seconds=draw(st.integers(0, span + 3600)))
            intervals.append((a, b))

        def aware(moment: dt.datetime, zone: dt.tzinfo | None = zone) -> dt.datetime:
            return moment if zone is None else moment.replace(tzinfo=zone)

        case_id = f"c{draw(st.integers(0, n))}" if draw(st.integers(0, 7)) == 0 else f"c{i}"
        out.append(
            CaseRecord(
                case_id,
                draw(st.sampled_from(TARGETS)),
                aware(start),
                aware(end) if end is not None else None,
                draw(st.sampled_from(SUB_UNITS)),
                tuple(Interval(aware(a), aware(b), "补正") for a, b in intervals),
                Origin("cases.csv", i + 2),
            )
        )
    return out


def assert_same(records_: list[CaseRecord], **options: object) -> None:
    columnar = evaluate_cases(PROFILE, records_, CALENDAR, **options)  # type: ignore[arg-type]
    reference = evaluate_cases_per_case(PROFILE, records_, CALENDAR, **options)  # type: ignore[arg-type]
    assert columnar.rejections == reference.rejections
    assert [r.reason for r in columnar.rejections] == [r.reason for r in reference.rejections]
    assert columnar.results == reference.results
    # Due times to the microsecond and in the same zone, not only the same instant.
    assert [r.due.isoformat() if r.due else None for r in columnar.results] == [
        r.due.isoformat() if r.due else None for r in reference.results
    ]
    assert columnar.summaries == reference.summaries


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(records(), st.sampled_from(["elapsed", "legal"]), st.sampled_from(AS_OF), st.sampled_from([None, "Asia/Urumqi"]))
def test_the_columnar_core_judges_as_the_per_case_path(
    cases: list[CaseRecord], convention: str, as_of: dt.datetime | None, zone: str | None
) -> None:
    if as_of is not None and as_of.tzinfo is None and zone is None:
        # A naive as-of time with no zone to read it in is refused by both engines, before any case.
        for engine in (evaluate_cases, evaluate_cases_per_case):
            with pytest.raises(ArgumentError, match="as_of"):
                engine(PROFILE, cases, CALENDAR, convention=convention, as_of=as_of)  # type: ignore[arg-type]
        return
    assert_same(cases, convention=convention, as_of=as_of, zone=zone)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(records(), st.integers(1, 7))
def test_chunks_merge_to_the_summaries_of_one_table(cases: list[CaseRecord], size: int) -> None:
    aware = [c for c in cases if c.submitted_at.tzinfo is not None]
    as_of = dt.datetime(2026, 1, 1, tzinfo=BJ)
    whole = evaluate_cases(PROFILE, aware, CALENDAR, as_of=as_of)
    evaluator = Evaluator(PROFILE, CALENDAR, as_of=as_of)
    rejected = []
    for lo in range(0, len(aware), size):
        chunk = evaluator.evaluate(columns_from_batch(records_to_batch(aware[lo : lo + size]), "cases.csv"))
        rejected += [r.reason for r in chunk.rejections]
    assert evaluator.summaries() == whole.summaries
    assert rejected == [r.reason for r in whole.rejections]


@given(st.lists(st.one_of(st.integers(0, 30).map(float), st.floats(-1e6, 1e6, allow_nan=False)), min_size=1))
def test_statistics_of_a_distribution_are_numpys_and_the_exact_mean(values: list[float]) -> None:
    from fractions import Fraction

    unique, counts = distribution(values)
    assert median_of(unique, counts) == np.median(values)
    assert percentile_of(unique, counts, 90) == np.percentile(values, 90)
    assert exact_mean(unique, counts) == float(sum(Fraction(v) for v in values) / len(values))


def test_states_merge_in_any_order() -> None:
    rng = np.random.default_rng(7)
    states = []
    for _ in range(5):
        n = 50
        state = SummaryState()
        state.add_cases(
            {0: "1#1"},
            np.zeros(n, np.int64),
            {0: "north"},
            rng.integers(-1, 1, n),
            rng.integers(0, 4, n).astype(np.int8),
            rng.random(n).round(2),
            rng.random(n) < 0.2,
        )
        states.append(state)
    forward = SummaryState.combine(states)
    backward = SummaryState.combine(reversed(states))
    for key, group in forward.groups.items():
        other = backward.groups[key]
        assert (group.cases, group.passed, group.open) == (other.cases, other.passed, other.open)
        assert group.values.tolist() == other.values.tolist() and group.counts.tolist() == other.counts.tolist()


# -- evaluate_table ---------------------------------------------------------------------------------------


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "办件编号": ["a", "b", "c", "c", "d", "e"],
            "目标编号": ["1#1", "1#1", "1#3", "1#3", "1#99", "1#1"],
            "县市": ["北县", "south", None, None, "north", "nowhere"],
            "受理时间": [
                "2025-06-05 11:00",
                "2025-03-03 11:00",
                "2025-03-03 13:00",
                "2025-03-03 13:00",
                "x",
                "2025-03-03 11:00",
            ],
            "办结时间": ["2025-06-11 11:00", "2025-03-05 11:00", "2025-03-04 11:00", None, None, None],
        }
    )


def test_evaluate_table_reads_a_dataframe_by_the_readers_rules() -> None:
    result = evaluate_table(PROFILE, frame(), zone="Asia/Shanghai", as_of=dt.datetime(2025, 7, 1, tzinfo=BJ))
    assert result.results.column("case_id").to_pylist() == ["a", "b", "c"]
    assert result.results.column("sub_unit").to_pylist() == ["north", "south", None]
    assert result.results.column("status").to_pylist() == ["pass", "pass", "fail"]
    assert result.results.column("duration").to_pylist() == [1.0, 2.0, 6.0]
    reasons = {(r.origin.row, r.field): r.reason for r in result.rejections}
    assert reasons[(5, "受理时间")].startswith("'x' is not a date")  # the reader's rejection, naming the column
    assert "case 'c' appears twice" in reasons[(4, None)]
    assert "is not a sub-unit" in reasons[(6, None)]
    assert result.summary("1#1").cases == 2


def test_evaluate_table_equals_evaluate_cases_on_the_records_a_reader_makes() -> None:
    from bizenv.inputs import read_cases

    as_of = dt.datetime(2025, 7, 1, tzinfo=BJ)
    read = read_cases(frame(), zone="Asia/Shanghai")
    expected = evaluate_cases(PROFILE, read.records, rejections=read.rejections, as_of=as_of)
    for table in (frame(), pa.Table.from_pandas(frame(), preserve_index=False)):
        got = evaluate_table(PROFILE, table, zone="Asia/Shanghai", as_of=as_of)
        assert got.summaries == expected.summaries and got.rejections == expected.rejections
        assert got.results.column("due").to_pylist() == [r.due for r in expected.results]


def test_evaluate_table_takes_typed_times_and_refuses_naive_ones_without_a_zone() -> None:
    typed = pd.DataFrame(
        {
            "case_id": ["a", "b"],
            "target_id": ["1#3", "1#3"],
            "submitted_at": pd.to_datetime(["2025-03-03 13:00", "2025-03-03 13:00"]).tz_localize("Asia/Shanghai"),
            "completed_at": pd.to_datetime(["2025-03-04 11:00", "2025-03-03 14:00"]).tz_localize("Asia/Shanghai"),
        }
    )
    result = evaluate_table(PROFILE, typed)
    assert result.results.column("duration").to_pylist() == [6.0, 1.0]
    naive = typed.assign(submitted_at=typed["submitted_at"].dt.tz_localize(None))
    with pytest.raises(InputError, match="pass the zone the file's times are in"):
        evaluate_table(PROFILE, naive)
    assert evaluate_table(PROFILE, naive, zone="Asia/Shanghai").results.num_rows == 2


def test_a_fingerprint_does_not_depend_on_the_strings_beside_it() -> None:
    from bizenv.evaluate.table import fingerprints

    alone = fingerprints(pa.array(["XJ0"]))
    beside = fingerprints(pa.array(["XJ0", "a much longer case number, 办件 2025-0001"]))
    assert (alone[0][0], alone[1][0]) == (beside[0][0], beside[1][0])


def test_a_duplicate_in_a_later_chunk_is_found_whatever_the_ids_beside_it() -> None:
    at = dt.datetime(2025, 3, 3, 11, tzinfo=BJ)
    first = [CaseRecord("A1", "1#1", at, at)]
    second = [CaseRecord("A1", "1#1", at, at), CaseRecord("a-far-longer-case-number-0001", "1#1", at, at)]
    evaluator = Evaluator(PROFILE, CALENDAR)
    evaluator.evaluate(columns_from_batch(records_to_batch(first), "cases.csv"))
    chunk = evaluator.evaluate(columns_from_batch(records_to_batch(second), "cases.csv"))
    assert [r.reason for r in chunk.rejections] == ["case 'A1' appears twice"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 3)), max_size=30), min_size=1, max_size=8),
    st.sampled_from([4, 16, 1 << 21]),
    st.sampled_from([7, 27]),
)
def test_the_ids_seen_are_found_and_no_others(
    monkeypatch: pytest.MonkeyPatch, chunks: list[list[tuple[int, int]]], run: int, filter_bits: int
) -> None:
    from bizenv.evaluate.table import SeenIds

    # Few distinct first words (many ties), small runs (many merges), a small filter (many false positives).
    monkeypatch.setattr(SeenIds, "RUN", run)
    monkeypatch.setattr(SeenIds, "FILTER_BITS", filter_bits)
    seen = SeenIds()
    added: set[tuple[int, int]] = set()
    every = [(a * 0x9E3779B97F4A7C15 % (1 << 64), b) for chunk in chunks for a, b in chunk]
    for chunk in chunks:
        words = [(a * 0x9E3779B97F4A7C15 % (1 << 64), b) for a, b in chunk]
        hi = np.array([w[0] for w in words], np.uint64)
        lo = np.array([w[1] for w in words], np.uint64)
        assert seen.contains(hi, lo).tolist() == [w in added for w in words]
        fresh = sorted(set(words) - added)
        seen.add(np.array([w[0] for w in fresh], np.uint64), np.array([w[1] for w in fresh], np.uint64))
        added |= set(fresh)
    hi = np.array([w[0] for w in every], np.uint64)
    lo = np.array([w[1] for w in every], np.uint64)
    assert seen.contains(hi, lo).all() and len(seen) == len(added)
    for run_hi, _run_lo in seen._runs:
        assert (run_hi[1:] >= run_hi[:-1]).all()
