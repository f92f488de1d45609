"""The JSON documents the commands write for programs: versioned, one type per field, lists as lists.

Each document is an attrs class; its JSON is the class as plain data (:mod:`bizenv.plaindata`) plus a
``schema`` key naming the document and its version (``bizenv-deadlines/2``), and its JSON Schema is generated
from the same class (:func:`document_schema`, ``bizenv schema NAME``, docs/schemas/). A platform validates what
it receives against the schema of the version it was written for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from typing import Any, Literal

import attrs

from bizenv.evaluate import (
    CaseEvaluation,
    ComparedTarget,
    DeadlineReport,
    Rejection,
    ScoreBoard,
    TargetSummary,
    ThresholdResult,
)
from bizenv.evaluate.deadlines import DeadlineStatus, ItemKind
from bizenv.evaluate.results import CaseRow, Convention, case_row
from bizenv.metrics import is_metric, metric
from bizenv.model import Direction, DueSource, RegionProfile
from bizenv.plaindata import JSON_SCHEMA_DIALECT, converter, json_schema
from bizenv.records import RejectionCode

SCHEMA_BASE = "https://bizenv.readthedocs.io/schemas/"
_CONVERTER = converter()


@attrs.frozen(slots=True)
class RejectionRow:
    """A rejected input record: where it is, which record and column, and why (``reason`` in English; ``code``
    the kind of problem, from a closed vocabulary that is stable across languages and versions)."""

    source: str
    row: int | None
    cell: str | None
    id: str | None
    field: str | None
    reason: str
    code: RejectionCode


def rejection_row(rejection: Rejection) -> RejectionRow:
    """A rejection as a document row."""
    return RejectionRow(
        rejection.origin.source,
        rejection.origin.row,
        rejection.cell,
        rejection.record_id,
        rejection.field,
        rejection.reason,
        rejection.code,
    )


# -- cases ------------------------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class CasesDocument:
    """Case records judged against a region's time limits (``bizenv evaluate --format json``)."""

    region: str
    convention: Convention
    as_of: dt.datetime | None
    #: A target's summary is the :class:`~bizenv.evaluate.TargetSummary` itself: one class, one shape.
    summaries: tuple[TargetSummary, ...]
    cases: tuple[CaseRow, ...]
    rejections: tuple[RejectionRow, ...]


def cases_document(
    region: str,
    convention: Convention,
    as_of: dt.datetime | None,
    summaries: Iterable[TargetSummary],
    cases: Iterable[CaseRow],
    rejections: Iterable[Rejection],
) -> CasesDocument:
    """The document of a case evaluation, from its parts (the command streams: the cases come as rows of the
    results table, never as a whole :class:`CaseEvaluation`)."""
    return CasesDocument(
        region,
        convention,
        as_of,
        tuple(summaries),
        tuple(cases),
        tuple(rejection_row(r) for r in rejections),
    )


def evaluation_document(evaluation: CaseEvaluation) -> CasesDocument:
    """The document of a :class:`CaseEvaluation`."""
    return cases_document(
        evaluation.region,
        evaluation.convention,
        evaluation.as_of,
        evaluation.summaries,
        (case_row(r) for r in evaluation.results),
        evaluation.rejections,
    )


@attrs.frozen(slots=True)
class CaseLinesHeader:
    """The first line of ``bizenv evaluate --format jsonl`` (``record``: ``header``); the lines after it are
    the cases (``record``: ``case``, the fields of a case of ``bizenv-cases/2``), then the summaries
    (``summary``) and the rejected rows (``rejection``)."""

    region: str
    convention: Convention
    as_of: dt.datetime | None


#: The line types of ``bizenv-case-lines/1``, by their ``record`` value.
CASE_LINES: dict[str, type] = {
    "header": CaseLinesHeader,
    "case": CaseRow,
    "summary": TargetSummary,
    "rejection": RejectionRow,
}


def _case_lines_schema(schema_id: str, version: str, title: str) -> dict[str, Any]:
    """One schema for every line: each line is one of :data:`CASE_LINES`, told apart by ``record``."""
    lines = []
    defs: dict[str, Any] = {}
    for record, cls in CASE_LINES.items():
        part = json_schema(cls, schema_id=schema_id, title=title, version_key=("record", record))
        defs.update(part.pop("$defs"))
        if record == "header":
            part["properties"] = {
                "record": part["properties"]["record"],
                "schema": {"const": version, "description": "the format and its version"},
                **{k: v for k, v in part["properties"].items() if k != "record"},
            }
            part["required"] = ["record", "schema", *part["required"][1:]]
        lines.append({k: v for k, v in part.items() if k not in ("$schema", "$id", "title")})
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": schema_id,
        "title": title,
        "description": "One line of bizenv evaluate --format jsonl: the header first, then the cases, the "
        "summaries and the rejected rows, told apart by their record key.",
        "oneOf": lines,
        "$defs": dict(sorted(defs.items())),
    }


# -- deadlines --------------------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class OtherReading:
    """The status under another reading of an uncertain source date."""

    due: dt.date
    status: DeadlineStatus


@attrs.frozen(slots=True)
class DeadlineRow:
    """A tracked measure or dated target."""

    id: str
    kind: ItemKind
    measure_id: str
    title: str
    area: str | None
    status: DeadlineStatus
    due: dt.date | None
    due_from: DueSource | None
    due_text: str | None
    uncertain: bool
    other_readings: tuple[OtherReading, ...]
    completed_on: dt.date | None
    days: int | None
    rolled_up: bool
    lead_units: tuple[str, ...]
    lead_from: Literal["measure", "area"] | None
    responsible_units: tuple[str, ...]


@attrs.frozen(slots=True)
class GroupRow:
    """A unit's or area's counts per status and its overdue items."""

    name: str
    counts: dict[str, int]
    items: int
    overdue: tuple[str, ...]
    overdue_share: float


@attrs.frozen(slots=True)
class DeadlinesDocument:
    """What ``bizenv deadlines --format json`` writes."""

    region: str
    as_of: dt.date
    ledger_given: bool
    counts: dict[str, int]
    target_counts: dict[str, int]
    items: tuple[DeadlineRow, ...]
    by_unit: tuple[GroupRow, ...]
    by_area: tuple[GroupRow, ...]
    rejections: tuple[RejectionRow, ...]


def deadlines_document(report: DeadlineReport) -> DeadlinesDocument:
    """The document of a deadline report."""
    rows = []
    for item in report.items:
        own = item.units(("lead",))
        area = item.units(("area_lead",))
        lead_from: Literal["measure", "area"] | None = "measure" if own else ("area" if area else None)
        rows.append(
            DeadlineRow(
                id=item.id,
                kind=item.kind,
                measure_id=item.measure_id,
                title=item.title,
                area=item.measure.area,
                status=item.status,
                due=item.due.date if item.due else None,
                due_from=item.due.source if item.due else None,
                due_text=item.due.deadline.raw if item.due and item.due.deadline else None,
                uncertain=item.uncertain,
                other_readings=tuple(OtherReading(d, s) for d, s in item.other_readings),
                completed_on=item.completed_on,
                days=item.days,
                rolled_up=item.rolled_up,
                lead_units=own or area,
                lead_from=lead_from,
                responsible_units=item.units(("responsible",)),
            )
        )

    def groups(found: Iterable[Any]) -> tuple[GroupRow, ...]:
        return tuple(GroupRow(g.name, dict(g.counts), g.items, g.overdue, g.overdue_share) for g in found)

    return DeadlinesDocument(
        region=report.region,
        as_of=report.as_of,
        ledger_given=report.ledger_given,
        counts=report.counts("measure"),
        target_counts=report.counts("target"),
        items=tuple(rows),
        by_unit=groups(report.by_unit),
        by_area=groups(report.by_area),
        rejections=tuple(rejection_row(r) for r in report.rejections),
    )


# -- thresholds -------------------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class ThresholdRow:
    """An observed value judged against a quantity target."""

    target_id: str
    measure_id: str
    metric: str
    subject: str | None
    observed_on: dt.date | None
    value: float
    written_as_percent: bool
    comparator: str
    target_value: float | None
    target_low: float | None
    target_high: float | None
    #: The value judged against: the target value, or a range's wall on the side that matters.
    judged_against: float
    direction: Direction
    unit: str
    met: bool
    margin: float
    progress: float | None
    due: dt.date | None
    after_due: bool | None
    #: Where the due date comes from: the target's own date, its measure's 完成时限, or the programme's end.
    due_from: DueSource | None


@attrs.frozen(slots=True)
class ThresholdsDocument:
    """What ``bizenv thresholds --format json`` writes."""

    region: str
    results: tuple[ThresholdRow, ...]
    rejections: tuple[RejectionRow, ...]


def thresholds_document(
    profile: RegionProfile, results: Iterable[ThresholdResult], rejections: Iterable[Rejection]
) -> ThresholdsDocument:
    """The document of threshold results."""
    rows = []
    for r in results:
        direction: Direction = metric(r.target.metric, profile).direction
        rows.append(
            ThresholdRow(
                target_id=r.observation.target_id,
                measure_id=r.measure_id,
                metric=r.target.metric,
                subject=r.observation.subject,
                observed_on=r.observation.observed_on,
                value=r.observation.value,
                written_as_percent=r.observation.percent,
                comparator=r.target.comparator,
                target_value=r.target.value,
                target_low=r.target.low,
                target_high=r.target.high,
                judged_against=r.target.bound(direction),
                direction=direction,
                unit=r.target.unit,
                met=r.met,
                margin=r.margin,
                progress=r.progress,
                due=r.due,
                after_due=r.after_due,
                due_from=r.due_from,
            )
        )
    return ThresholdsDocument(profile.id, tuple(rows), tuple(rejection_row(r) for r in rejections))


# -- scores -----------------------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class ScoreRow:
    """A subject's score on one indicator, or overall (``indicator`` "overall", no ``value``)."""

    indicator: str
    subject: str
    value: float | None
    score: float
    rank: int
    bottom: bool


@attrs.frozen(slots=True)
class ScoresDocument:
    """What ``bizenv score --format json`` writes."""

    scores: tuple[ScoreRow, ...]
    #: Subject → the indicators it has no value for (its overall score is over the others).
    missing: dict[str, tuple[str, ...]]
    rejections: tuple[RejectionRow, ...]


def scores_document(board: ScoreBoard) -> ScoresDocument:
    """The document of a score board."""
    rows = [
        ScoreRow(ind.indicator.name, r.subject, ind.values[r.subject], r.score, r.rank, r.bottom)
        for ind in board.indicators
        for r in ind.ranking
    ]
    rows += [ScoreRow("overall", r.subject, None, r.score, r.rank, r.bottom) for r in board.overall]
    return ScoresDocument(tuple(rows), dict(board.missing), tuple(rejection_row(r) for r in board.rejections))


# -- comparison -------------------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class DisagreementRow:
    """Another target of the same region that asks for something else: what differs (value, unit,
    aggregation) and how it was found (scope: scopes worded alike; link: the measures are linked)."""

    target_id: str
    differs: tuple[Literal["value", "unit", "aggregation"], ...]
    found_by: Literal["scope", "link"]


@attrs.frozen(slots=True)
class ComparisonRow:
    """One region's target in a comparison across regions."""

    metric: str
    metric_name: str
    scope: str | None
    region: str
    target_id: str
    comparator: str
    value: float | None
    low: float | None
    high: float | None
    unit: str
    baseline: float | None
    aggregation: str
    working_days: float | None
    due: dt.date | None
    due_from: str | None
    raw: str
    disagrees_with: tuple[str, ...]
    #: Why each of ``disagrees_with`` disagrees.
    disagreements: tuple[DisagreementRow, ...] = ()
    #: The stages of one trajectory this target is one of (other due dates), by due date, itself included.
    series: tuple[str, ...] = ()


@attrs.frozen(slots=True)
class ComparisonDocument:
    """What ``bizenv compare --format json`` writes."""

    category: str
    targets: tuple[ComparisonRow, ...]


def comparison_document(code: str, rows: Iterable[ComparedTarget], locale: str = "zh_Hans") -> ComparisonDocument:
    """The document of a comparison; metric names in ``locale``."""
    out = []
    for r in rows:
        t = r.target
        name = metric(t.metric).names.get(locale) if is_metric(t.metric) else t.metric
        out.append(
            ComparisonRow(
                t.metric,
                name,
                t.scope,
                r.region,
                r.target_id,
                t.comparator,
                t.value,
                t.low,
                t.high,
                t.unit,
                t.baseline,
                t.aggregation,
                r.working_days,
                r.due,
                r.due_from,
                t.raw,
                r.disagrees_with,
                tuple(DisagreementRow(d.target_id, d.differs, d.found_by) for d in r.disagreements),
                r.series,
            )
        )
    return ComparisonDocument(code, tuple(out))


@attrs.frozen(slots=True)
class HistoryRow:
    """A month recorded: when, its counts, and the files it was read from (by name)."""

    month: str
    as_of: dt.date
    recorded_at: dt.datetime
    items: int
    overdue: int
    done: int
    rejected: int
    #: Items to be verified (待核实): answers that count disagree.
    disputed: int
    #: Units that owed a return and sent none (未报送); null when a return named no unit (not known).
    unreported: int | None
    cases_recorded: bool
    #: How many times the month was recorded again.
    replaced: int
    sources: tuple[str, ...]


@attrs.frozen(slots=True)
class HistoryDocument:
    """What ``bizenv history --format json`` writes: the months recorded for a region, oldest first."""

    region: str
    months: tuple[HistoryRow, ...]


# -- schemas ----------------------------------------------------------------------------------------------

DOCUMENTS: dict[str, tuple[type, str, str]] = {
    "cases": (CasesDocument, "bizenv-cases/2", "bizenv case records judged against time limits"),
    "case-lines": (CaseLinesHeader, "bizenv-case-lines/1", "bizenv case records judged, one JSON line each"),
    "deadlines": (DeadlinesDocument, "bizenv-deadlines/2", "bizenv deadline tracking"),
    "thresholds": (ThresholdsDocument, "bizenv-thresholds/2", "bizenv quantity targets judged"),
    "scores": (ScoresDocument, "bizenv-scores/2", "bizenv distance-to-frontier scores and ranking"),
    "comparison": (ComparisonDocument, "bizenv-comparison/1", "bizenv targets compared across regions"),
    "history": (HistoryDocument, "bizenv-history/1", "bizenv months recorded in the snapshot database"),
}


def to_json_data(document: Any) -> dict[str, Any]:
    """A document as plain data, with its ``schema`` key first."""
    for cls, version, _title in DOCUMENTS.values():
        if isinstance(document, cls):
            body: dict[str, Any] = _CONVERTER.unstructure(document)
            return {"schema": version, **body}
    raise TypeError(f"{type(document).__name__} is not a bizenv document")


@cache
def document_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of a document (``cases``, ``case-lines`` (of one line), ``deadlines``, ``thresholds``,
    ``scores``, ``comparison``)."""
    cls, version, title = DOCUMENTS[name]
    schema_id = f"{SCHEMA_BASE}{version.replace('/', '-')}.json"
    if name == "case-lines":
        return _case_lines_schema(schema_id, version, title)
    return json_schema(cls, schema_id=schema_id, title=title, version_key=("schema", version))


__all__ = [
    "CASE_LINES",
    "DOCUMENTS",
    "CaseLinesHeader",
    "CaseRow",
    "CasesDocument",
    "ComparisonDocument",
    "DeadlinesDocument",
    "HistoryDocument",
    "HistoryRow",
    "RejectionRow",
    "ScoresDocument",
    "ThresholdsDocument",
    "case_row",
    "cases_document",
    "comparison_document",
    "deadlines_document",
    "document_schema",
    "evaluation_document",
    "rejection_row",
    "scores_document",
    "thresholds_document",
    "to_json_data",
]
