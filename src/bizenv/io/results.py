"""Results as plain data: nested dicts for JSON, flat rows for CSV and DataFrames."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from bizenv.evaluate import CaseEvaluation, DeadlineReport, Rejection, ScoreBoard, ThresholdResult


def plain(value: Any) -> Any:
    """attrs objects, tuples, dates and dicts as JSON-ready data (dates in ISO 8601)."""
    if attrs.has(type(value)):
        return {f.name: plain(getattr(value, f.name)) for f in attrs.fields(type(value)) if not f.name.startswith("_")}
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def rejection_rows(rejections: Iterable[Rejection]) -> list[dict[str, Any]]:
    return [{"source": r.origin.source, "row": r.origin.row, "id": r.record_id, "reason": r.reason} for r in rejections]


def case_rows(evaluation: CaseEvaluation) -> list[dict[str, Any]]:
    return [
        {
            "case_id": r.case.case_id,
            "target_id": r.case.target_id,
            "measure_id": r.measure_id,
            "sub_unit": r.case.sub_unit,
            "status": r.status,
            "duration": r.duration,
            "unit": r.unit,
            "excluded": r.excluded,
            "due": r.due.isoformat() if r.due else None,
            "provisional": r.provisional,
            "source": str(r.case.origin),
        }
        for r in evaluation.results
    ]


def summary_rows(evaluation: CaseEvaluation) -> list[dict[str, Any]]:
    return [plain(s) for s in evaluation.summaries]


def deadline_rows(report: DeadlineReport) -> list[dict[str, Any]]:
    """One row per tracked measure and dated target. Leads are only leads: the item's own 牵头单位, else its
    area's (``lead_from`` says which); responsible units are listed apart."""
    rows = []
    for item in report.items:
        own = item.units(("lead",))
        rows.append(
            {
                "id": item.id,
                "kind": item.kind,
                "measure_id": item.measure_id,
                "title": item.title,
                "area": item.measure.area,
                "status": item.status,
                "due": item.due.date.isoformat() if item.due else None,
                "due_from": item.due.source if item.due else None,
                "due_text": item.due.deadline.raw if item.due and item.due.deadline else None,
                "uncertain": item.uncertain,
                "other_readings": [f"{d.isoformat()}: {status}" for d, status in item.other_readings],
                "completed_on": item.completed_on.isoformat() if item.completed_on else None,
                "days": item.days,
                "rolled_up": item.rolled_up,
                "lead_units": list(own or item.units(("area_lead",))),
                "lead_from": "measure" if own else ("area" if item.units(("area_lead",)) else None),
                "responsible_units": list(item.units(("responsible",))),
            }
        )
    return rows


def threshold_rows(results: Iterable[ThresholdResult]) -> list[dict[str, Any]]:
    return [
        {
            "target_id": r.observation.target_id,
            "measure_id": r.measure_id,
            "subject": r.observation.subject,
            "value": r.observation.value,
            "comparator": r.target.comparator,
            "target": r.target.value if r.target.value is not None else f"{r.target.low}-{r.target.high}",
            "unit": r.target.unit,
            "met": r.met,
            "margin": r.margin,
            "progress": r.progress,
            "due": r.due.isoformat() if r.due else None,
            "after_due": r.after_due,
        }
        for r in results
    ]


def score_rows(board: ScoreBoard) -> list[dict[str, Any]]:
    rows = []
    for ind in board.indicators:
        for ranked in ind.ranking:
            rows.append(
                {
                    "indicator": ind.indicator.name,
                    "subject": ranked.subject,
                    "value": ind.values[ranked.subject],
                    "score": ranked.score,
                    "rank": ranked.rank,
                    "bottom": ranked.bottom,
                }
            )
    for ranked in board.overall:
        rows.append(
            {
                "indicator": "overall",
                "subject": ranked.subject,
                "value": None,
                "score": ranked.score,
                "rank": ranked.rank,
                "bottom": ranked.bottom,
            }
        )
    return rows


def to_dataframe(rows: list[dict[str, Any]]) -> Any:
    """A pandas DataFrame of flat rows (needs the ``pandas`` extra)."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("DataFrames need pandas: pip install 'bizenv[pandas]'") from None
    return pd.DataFrame(rows)
