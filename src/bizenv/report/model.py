"""The report of one region: the evaluators' results on one set of inputs, gathered; no formatting here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

import attrs

from bizenv.calendars import WorkingCalendar
from bizenv.evaluate import (
    CaseEvaluation,
    CaseRecord,
    DeadlineReport,
    IndicatorSpec,
    IndicatorValue,
    LedgerRow,
    Observation,
    Rejection,
    ScoreBoard,
    ThresholdResult,
    evaluate_cases,
    evaluate_observations,
    score_indicators,
    track_deadlines,
)
from bizenv.evaluate.cases import Convention
from bizenv.model import RegionProfile
from bizenv.synthetic import synthetic_inputs
from bizenv.tables import html_facts, short_repr


@attrs.frozen(slots=True)
class Report:
    """One region's report: the evaluators' results on one set of inputs, before any formatting."""

    profile: RegionProfile
    as_of: dt.datetime
    #: Where the inputs came from, e.g. file names, or the synthetic-data label.
    inputs: str
    synthetic: bool
    deadlines: DeadlineReport
    cases: CaseEvaluation | None
    thresholds: tuple[ThresholdResult, ...]
    scores: ScoreBoard | None
    #: Rejected input rows of every kind, in input order per kind.
    rejections: tuple[Rejection, ...]
    #: Whether a progress ledger was given (without one no measure is known to be done).
    ledger_given: bool = True

    def _facts(self) -> list[tuple[str, str]]:
        cases = "–" if self.cases is None else str(len(self.cases.results))
        ranking = "–" if self.scores is None else f"{len(self.scores.overall)} subjects"
        return [
            ("inputs", self.inputs + (" (synthetic)" if self.synthetic else "")),
            ("deadlines", f"{len(self.deadlines.items)} items, {len(self.deadlines.overdue())} overdue"),
            ("cases", cases),
            ("quantity targets", str(len(self.thresholds))),
            ("ranking", ranking),
            ("rejected input rows", str(len(self.rejections))),
        ]

    def __repr__(self) -> str:
        facts = [f"{name}: {value}" for name, value in self._facts()]
        # The counts of results on one line, as before: the repr stays short.
        lines = [*facts[:2], "; ".join(facts[2:5]), facts[5]]
        return short_repr("Report", f"{self.profile.id} as of {self.as_of.isoformat()}", lines)

    def _repr_html_(self) -> str:
        # What the report holds, as its repr says it; render(report, "html") is the whole report, in the locale.
        return html_facts(f"{self.profile.region.names.zh} · {self.as_of.isoformat()}", self._facts())


def build_report(
    profile: RegionProfile,
    *,
    as_of: dt.datetime,
    inputs: str,
    cases: Iterable[CaseRecord] | None = None,
    ledger: Iterable[LedgerRow] = (),
    observations: Iterable[Observation] = (),
    indicator_values: Sequence[IndicatorValue] = (),
    directions: dict[str, bool] | None = None,
    bottom_n: int = 1,
    calendar: WorkingCalendar | None = None,
    convention: Convention = "elapsed",
    ledger_given: bool = True,
    synthetic: bool = False,
    rejections: Iterable[Rejection] = (),
    progress: Callable[[Iterable[CaseRecord]], Iterable[CaseRecord]] | None = None,
) -> Report:
    """Run every evaluator the inputs allow. ``directions`` maps an indicator to True when lower is better;
    ``ledger_given`` says whether a ledger was read at all (without one, nothing is known to be done)."""
    calendar = calendar if calendar is not None else profile.working_calendar(provisional="allow")
    earlier = list(rejections)
    evaluation = None
    if cases is not None:
        records = progress(cases) if progress else cases
        evaluation = evaluate_cases(profile, records, calendar, as_of=as_of, convention=convention)
    deadlines = track_deadlines(profile, ledger, as_of.date(), ledger_given=ledger_given)
    thresholds, threshold_rejections = evaluate_observations(profile, observations)
    board = None
    if indicator_values:
        specs = [IndicatorSpec(name, lower_is_better=lower) for name, lower in sorted((directions or {}).items())]
        board = score_indicators(indicator_values, specs, bottom_n=bottom_n, profile=profile)
    rejected = [
        *earlier,
        *(evaluation.rejections if evaluation else ()),
        *deadlines.rejections,
        *threshold_rejections,
        *(board.rejections if board else ()),
    ]
    return Report(
        profile,
        as_of,
        inputs,
        synthetic,
        deadlines,
        evaluation,
        tuple(thresholds),
        board,
        tuple(rejected),
        ledger_given,
    )


def synthetic_report(
    profile: RegionProfile,
    *,
    seed: int = 2025,
    as_of: dt.datetime | None = None,
    calendar: WorkingCalendar | None = None,
    convention: Convention = "elapsed",
) -> Report:
    """The report on made-up, labelled inputs (bizenv.synthetic): what ``bizenv report REGION`` shows by default."""
    data = synthetic_inputs(profile, seed=seed, as_of=as_of)
    return build_report(
        profile,
        as_of=data.as_of,
        inputs=f"{data.label}, seed {data.seed}",
        cases=data.cases,
        ledger=data.ledger,
        observations=data.observations,
        indicator_values=data.indicator_values,
        directions=data.directions,
        calendar=calendar,
        convention=convention,
        synthetic=True,
    )
