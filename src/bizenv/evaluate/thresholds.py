"""Judge observed quantities (rates, prices, reliability, outage hours) against their targets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from bizenv.model import RegionProfile, Target
from bizenv.records import Observation, Rejection


@attrs.frozen(slots=True)
class ThresholdResult:
    """An observed value judged against a quantity target: met, margin, progress from the baseline."""

    observation: Observation
    measure_id: str
    target: Target
    met: bool
    #: How far the observation is on the good side of the target (negative: short of it), in the target's unit.
    margin: float
    #: For baseline→target pairs: share of the way from baseline to target covered (1.0 = reached).
    progress: float | None
    #: The target's due date, and whether the observation was made after it.
    due: dt.date | None
    after_due: bool | None


def _margin(target: Target, observed: float) -> float:
    if target.comparator == "range":
        assert target.low is not None and target.high is not None
        return min(observed - target.low, target.high - observed)
    assert target.value is not None
    if target.comparator in ("<=", "<"):
        return target.value - observed
    if target.comparator in (">=", ">"):
        return observed - target.value
    return -abs(observed - target.value)


def _progress(target: Target, observed: float) -> float | None:
    if target.baseline is None or target.value is None or target.baseline == target.value:
        return None
    return (target.baseline - observed) / (target.baseline - target.value)


def evaluate_observations(
    profile: RegionProfile, observations: Iterable[Observation]
) -> tuple[list[ThresholdResult], list[Rejection]]:
    """Met or not, margin, and progress from the baseline, for each observation."""
    results: list[ThresholdResult] = []
    rejections: list[Rejection] = []
    for obs in observations:
        try:
            measure, target = profile.target(obs.target_id)
        except KeyError as exc:
            rejections.append(Rejection(obs.origin, str(exc.args[0]), obs.target_id))
            continue
        if target.unit == "percent" and not 0 <= obs.value <= 100:
            rejections.append(Rejection(obs.origin, f"{obs.value} is not a percentage (0-100)", obs.target_id))
            continue
        due_date = target.due.date if target.due else None
        after = None if due_date is None or obs.observed_on is None else obs.observed_on > due_date
        results.append(
            ThresholdResult(
                obs,
                measure.id,
                target,
                target.is_met_by(obs.value),
                _margin(target, obs.value),
                _progress(target, obs.value),
                due_date,
                after,
            )
        )
    return results, rejections
