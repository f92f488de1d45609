from __future__ import annotations

import datetime as dt

import bizenv
from bizenv.evaluate import evaluate_cases, evaluate_observations, track_deadlines
from bizenv.model import TIME_UNITS
from bizenv.synthetic import LABEL, synthetic_inputs


def test_same_seed_same_data_and_labelled(region: bizenv.RegionProfile) -> None:
    first, again = synthetic_inputs(region, seed=7), synthetic_inputs(region, seed=7)
    assert first == again and first.label == LABEL and "SYNTHETIC" in LABEL
    assert synthetic_inputs(region, seed=8).cases != first.cases


def test_every_synthetic_record_is_judgeable_and_exercises_the_calendar(region: bizenv.RegionProfile) -> None:
    data = synthetic_inputs(region)
    evaluation = evaluate_cases(region, data.cases, as_of=data.as_of)
    assert evaluation.rejections == () and len(evaluation.results) == len(data.cases) > 0
    assert {r.status for r in evaluation.results} >= {"pass", "fail"}
    cal = bizenv.get_calendar("CN-XJ", provisional="allow")
    spans = [(r.case.submitted_at.date(), (r.case.completed_at or data.as_of).date()) for r in evaluation.results]
    crosses = {cal.day_info(a + dt.timedelta(days=i)).kind for a, b in spans for i in range((b - a).days + 1)}
    assert {"holiday", "makeup_workday"} <= crosses
    months = {r.case.submitted_at.month for r in evaluation.results}
    assert {4, 5} <= months or {9, 10} <= months  # both sides of an office-hour switch
    deadlines = track_deadlines(region, data.ledger, data.as_of.date())
    assert deadlines.rejections == ()
    results, rejected = evaluate_observations(region, data.observations)
    quantities = [t for _, _, t in region.targets() if t.unit not in TIME_UNITS]
    assert rejected == [] and len(results) == len(quantities) == 4
