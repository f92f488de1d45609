"""Evaluators: take a validated profile, observations and a calendar; return typed results."""

from bizenv.evaluate.cases import CaseEvaluation, CaseResult, TargetSummary, evaluate_cases
from bizenv.evaluate.compare import CategoryComparison, ComparedTarget, compare_category
from bizenv.evaluate.deadlines import DeadlineReport, GroupDeadlines, MeasureDeadline, TrackedItem, track_deadlines
from bizenv.evaluate.scoring import (
    IndicatorSpec,
    Ranked,
    ScoreBoard,
    dtf_score,
    rank,
    score_indicators,
    specs_from_values,
)
from bizenv.evaluate.table import TableEvaluation, evaluate_table
from bizenv.evaluate.thresholds import ThresholdResult, ThresholdResults, evaluate_observations
from bizenv.records import (
    CaseRecord,
    IndicatorValue,
    Interval,
    LedgerRow,
    Observation,
    Origin,
    Rejection,
)

__all__ = [
    "CaseEvaluation",
    "CaseRecord",
    "CaseResult",
    "CategoryComparison",
    "ComparedTarget",
    "DeadlineReport",
    "GroupDeadlines",
    "IndicatorSpec",
    "IndicatorValue",
    "Interval",
    "LedgerRow",
    "MeasureDeadline",
    "Observation",
    "Origin",
    "Ranked",
    "Rejection",
    "ScoreBoard",
    "TableEvaluation",
    "TargetSummary",
    "ThresholdResult",
    "ThresholdResults",
    "TrackedItem",
    "compare_category",
    "dtf_score",
    "evaluate_cases",
    "evaluate_observations",
    "evaluate_table",
    "rank",
    "score_indicators",
    "specs_from_values",
    "track_deadlines",
]
