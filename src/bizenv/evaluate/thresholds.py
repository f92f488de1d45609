"""Judge observed quantities (rates, prices, reliability, outage hours) against their targets."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any, get_args

import attrs

from bizenv.errors import UnknownMetricError, UnknownTargetError
from bizenv.evaluate import _arguments as arguments
from bizenv.evaluate._reasons import reason_of
from bizenv.i18n import Message, message
from bizenv.metrics import metric as metric_of
from bizenv.model import Direction, DueSource, Measure, Metric, RegionProfile, Target
from bizenv.records import Observation, Rejection
from bizenv.tables import Column, fields_html, frame, html_table, short_repr


@attrs.frozen(slots=True)
class ThresholdResult:
    """An observed value judged against a quantity target: met, margin, progress from the baseline."""

    _repr_html_ = fields_html

    observation: Observation
    measure_id: str
    target: Target
    met: bool
    #: How far the observation is on the good side of the target (negative: short of it), in the target's unit.
    margin: float
    #: For baseline→target pairs: share of the way from baseline to target covered (1.0 = reached).
    progress: float | None
    #: The target's due date as every part of bizenv gives it (:meth:`RegionProfile.due_of_target`: its own date,
    #: else its measure's 完成时限, else the programme's end), and whether the observation was made after it.
    due: dt.date | None
    after_due: bool | None
    #: Where the due date comes from (``own``, ``measure``, ``programme``); None without a due date.
    due_from: DueSource | None = None


#: The columns of :meth:`ThresholdResults.to_frame`.
THRESHOLD_COLUMNS = (
    Column("target_id", "text"),
    Column("measure_id", "text"),
    Column("subject", "text"),
    Column("observed_on", "date"),
    Column("value", "float"),
    Column("comparator", "text"),
    Column("target_value", "float"),
    Column("target_low", "float"),
    Column("target_high", "float"),
    Column("unit", "text"),
    Column("met", "bool"),
    Column("margin", "float"),
    Column("progress", "float"),
    Column("due", "date"),
    Column("after_due", "bool"),
    Column("due_from", "category", get_args(DueSource)),
)


class ThresholdResults(list[ThresholdResult]):
    """The results of :func:`evaluate_observations`: a list, shown as a table in a notebook, with
    :meth:`to_frame`."""

    def rows(self) -> list[list[object]]:
        """One row per result, in the columns of :data:`THRESHOLD_COLUMNS`."""
        return [
            [
                r.observation.target_id,
                r.measure_id,
                r.observation.subject,
                r.observation.observed_on,
                r.observation.value,
                r.target.comparator,
                r.target.value,
                r.target.low,
                r.target.high,
                r.target.unit,
                r.met,
                r.margin,
                r.progress,
                r.due,
                r.after_due,
                r.due_from,
            ]
            for r in self
        ]

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per result (needs ``bizenv[pandas]``)."""
        return frame(THRESHOLD_COLUMNS, self.rows())

    def _repr_html_(self) -> str:
        return html_table(THRESHOLD_COLUMNS, self.rows(), "ThresholdResults")

    def __repr__(self) -> str:
        unmet = [r.observation.target_id for r in self if not r.met]
        lines = [
            f"met {len(self) - len(unmet)}, not met {len(unmet)}",
            f"not met: {' '.join(unmet[:12]) or 'none'}" + (f" … ({len(unmet)} in all)" if len(unmet) > 12 else ""),
        ]
        return short_repr("ThresholdResults", f"{len(self)} results", lines)


def _margin(target: Target, observed: float, direction: Direction) -> float:
    """How far the observation is on the good side of what is judged (a range: its wall on the side that
    matters), in the target's unit; negative when it falls short."""
    if target.comparator == "==":
        assert target.value is not None
        return -abs(observed - target.value)
    bound = target.bound(direction)
    if target.comparator in ("<=", "<") or (target.comparator == "range" and direction == "lower"):
        return bound - observed
    return observed - bound


def _progress(target: Target, observed: float) -> float | None:
    if target.baseline is None or target.value is None or target.baseline == target.value:
        return None
    return (target.baseline - observed) / (target.baseline - target.value)


def _value_problem(target: Target, obs: Observation) -> Message | None:
    """Why an observed value cannot be judged against the target, or None."""
    if not math.isfinite(obs.value):
        return message("{value} is not a finite number", value=repr(obs.value))
    if obs.value < 0:
        return message(
            "{value} is negative; a {unit} cannot be negative", value=format(obs.value, "g"), unit=target.unit
        )
    if target.unit != "percent":
        if obs.percent:
            return message(
                "written as a percentage ({value}%), but the target is in {unit}",
                value=format(obs.value, "g"),
                unit=target.unit,
            )
        return None
    if obs.value > 100:
        return message("{value} is not a percentage (0-100)", value=format(obs.value, "g"))
    bound = max(b for b in (target.value, target.low, target.high) if b is not None)
    if not obs.percent and 0 < obs.value <= 1 < bound:
        # 0.95 against a 95% target is a share, not 0.95%: say so rather than judge it.
        return message(
            "{value} looks like a share (0-1), not percent points: write {percent} or {percent}%",
            value=format(obs.value, "g"),
            percent=format(obs.value * 100, "g"),
        )
    return None


def _where(obs: Observation) -> str:
    return str(obs.origin) if obs.origin.row is not None else repr(obs.value)


def _one_answer_each(observations: list[Observation], rejections: list[Rejection]) -> list[Observation]:
    """One value per target, subject and day: a repeat of the same value is a duplicate (the first is judged);
    values that disagree are all refused, never one of them chosen by its place in the file."""
    groups: dict[tuple[str, str | None, dt.date | None], list[Observation]] = {}
    for obs in observations:
        groups.setdefault((obs.target_id, obs.subject, obs.observed_on), []).append(obs)
    kept: list[Observation] = []
    for obs in observations:
        group = groups[(obs.target_id, obs.subject, obs.observed_on)]
        if len(group) == 1:
            kept.append(obs)
        elif len({(o.value, o.percent) for o in group}) > 1:
            said = "; ".join(f"{format(o.value, 'g')} ({_where(o)})" for o in group)
            rejections.append(
                Rejection.of(
                    obs.origin,
                    attrs.evolve(
                        message(
                            "{target} for {subject} on {day} is given different values: {values}",
                            target=obs.target_id,
                            subject=obs.subject or "-",
                            day=obs.observed_on.isoformat() if obs.observed_on else "-",
                            values=said,
                        ),
                        code="conflicting_lines",
                    ),
                    obs.target_id,
                    field="value",
                )
            )
        elif obs is group[0]:
            kept.append(obs)
        else:
            rejections.append(
                Rejection.of(
                    obs.origin,
                    message(
                        "{target} for {subject} on {day} appears again (first: {first})",
                        target=obs.target_id,
                        subject=obs.subject or "-",
                        day=obs.observed_on.isoformat() if obs.observed_on else "-",
                        first=_where(group[0]),
                    ),
                    obs.target_id,
                )
            )
    return kept


def evaluate_observations(
    profile: RegionProfile, observations: Iterable[Observation]
) -> tuple[ThresholdResults, list[Rejection]]:
    """Met or not, margin, and progress from the baseline, for each observation (a :class:`ThresholdResults`
    list, which a notebook shows as a table). Values that cannot be judged are rejected first; of the rest, one
    value per target, subject and day is judged (values that disagree are all rejected)."""
    arguments.profile(profile)
    results = ThresholdResults()
    rejections: list[Rejection] = []
    judgeable: list[Observation] = []
    facts: dict[int, tuple[Measure, Target, Metric]] = {}
    for obs in arguments.items(observations, Observation, "observations"):
        found = _facts(profile, obs)
        if isinstance(found, Rejection):
            rejections.append(found)
        else:
            facts[id(obs)] = found
            judgeable.append(obs)
    for obs in _one_answer_each(judgeable, rejections):
        measure, target, judged_by = facts[id(obs)]
        due = profile.due_of_target(obs.target_id)
        due_date = due.date if due is not None else None
        after = None if due_date is None or obs.observed_on is None else obs.observed_on > due_date
        results.append(
            ThresholdResult(
                obs,
                measure.id,
                target,
                target.is_met_by(obs.value, judged_by.direction),
                _margin(target, obs.value, judged_by.direction),
                _progress(target, obs.value),
                due_date,
                after,
                due.source if due is not None else None,
            )
        )
    return results, rejections


def _facts(profile: RegionProfile, obs: Observation) -> tuple[Measure, Target, Metric] | Rejection:
    """The measure, target and metric an observation is judged by, or why it cannot be judged."""
    try:
        measure, target = profile.target(obs.target_id)
    except UnknownTargetError as exc:
        return Rejection.of(obs.origin, reason_of(exc), obs.target_id)
    if problem := _value_problem(target, obs):
        return Rejection.of(obs.origin, problem, obs.target_id, field="value")
    try:
        judged_by = metric_of(target.metric, profile)
    except UnknownMetricError as exc:
        return Rejection.of(obs.origin, reason_of(exc), obs.target_id)
    if judged_by.kind == "eligibility":
        return Rejection.of(
            obs.origin,
            message(
                "target {target} ({metric}) says who a policy applies to; it is not judged",
                target=obs.target_id,
                metric=judged_by.code,
            ),
            obs.target_id,
        )
    return measure, target, judged_by
