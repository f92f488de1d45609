"""Summaries of judged cases that merge exactly: what a target's summary needs, kept per target and sub-unit.

A :class:`SummaryState` holds, for each (target, sub-unit) group, the counts of cases by status and the
distribution of the completed cases' durations as (value, count) pairs. Two states merge by adding counts
and distributions, so a summary computed chunk by chunk, partition by partition or all at once is the same
to the last bit:

- ``mean`` is the exact mean of the durations, rounded once (the durations' exact sum, held as an integer
  multiple of a power of two, divided by their number). It does not depend on the order the cases come in,
  which a floating-point running sum would.
- ``median`` and ``p90`` are NumPy's ``median`` and ``percentile(…, 90)`` (linear interpolation between the
  two order statistics around the rank), read from the distribution.

The distribution grows with the number of *distinct* durations, not with the number of cases: whole working
days or calendar days take a few hundred values at most, office time one value per distinct second count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Literal, Protocol, TypeVar, get_args

import attrs
import numpy as np
import numpy.typing as npt

from bizenv.errors import UnknownTargetError

#: What became of a case: done within its limit, done late, still open, open past its limit.
CaseStatus = Literal["pass", "fail", "open", "open_overdue"]
#: The statuses in the order of the columnar results' status codes.
STATUSES: tuple[CaseStatus, ...] = get_args(CaseStatus)
PASS, FAIL, OPEN, OPEN_OVERDUE = (STATUSES.index(s) for s in ("pass", "fail", "open", "open_overdue"))

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
GroupKey = tuple[str, str | None]


def distribution(values: npt.ArrayLike) -> tuple[FloatArray, IntArray]:
    """The distinct values of ``values`` in ascending order, and how often each occurs."""
    array = np.asarray(values, dtype=np.float64)
    if not array.size:
        return np.empty(0, np.float64), np.empty(0, np.int64)
    unique, counts = np.unique(array, return_counts=True)
    return unique, counts.astype(np.int64)


def merge_distributions(parts: Iterable[tuple[FloatArray, IntArray]]) -> tuple[FloatArray, IntArray]:
    """One distribution of several: the counts of equal values added."""
    chunks = [p for p in parts if p[0].size]
    if not chunks:
        return np.empty(0, np.float64), np.empty(0, np.int64)
    if len(chunks) == 1:
        return chunks[0]
    values = np.concatenate([v for v, _ in chunks])
    counts = np.concatenate([c for _, c in chunks])
    unique, inverse = np.unique(values, return_inverse=True)
    # Counts below 2**53 add exactly as floats.
    summed = np.bincount(inverse.ravel(), weights=counts.astype(np.float64), minlength=unique.size)
    return unique, summed.astype(np.int64)


def exact_mean(values: FloatArray, counts: IntArray) -> float:
    """The mean of a distribution, computed exactly and rounded once."""
    total_count = int(counts.sum())
    if total_count == 0:
        raise ValueError("the mean of no values")
    mantissas, exponents = np.frexp(values)
    # Each value is an integer (53 bits) times a power of two: the sum of those is exact in Python integers.
    integers = np.ldexp(mantissas, 53).astype(np.int64).tolist()
    powers = (exponents.astype(np.int64) - 53).tolist()
    lowest = min(powers)
    total = 0
    for integer, count, power in zip(integers, counts.tolist(), powers, strict=True):
        total += (integer * count) << (power - lowest)
    exact = Fraction(total, total_count) * (Fraction(2) ** lowest)
    return float(exact)


def _order_statistic(cumulative: IntArray, values: FloatArray, rank: int) -> float:
    """The value at 0-based ``rank`` of the sorted durations."""
    return float(values[int(np.searchsorted(cumulative, rank, side="right"))])


def median_of(values: FloatArray, counts: IntArray) -> float:
    """``numpy.median`` of the durations the distribution holds."""
    n = int(counts.sum())
    cumulative = np.cumsum(counts)
    if n % 2:
        return _order_statistic(cumulative, values, n // 2)
    low = np.float64(_order_statistic(cumulative, values, n // 2 - 1))
    high = np.float64(_order_statistic(cumulative, values, n // 2))
    return float((low + high) / np.float64(2.0))


def percentile_of(values: FloatArray, counts: IntArray, q: float) -> float:
    """``numpy.percentile(durations, q)`` (linear method) of the durations the distribution holds."""
    n = int(counts.sum())
    cumulative = np.cumsum(counts)
    virtual = np.float64(n - 1) * np.true_divide(q, 100)
    if virtual >= n - 1:
        return _order_statistic(cumulative, values, n - 1)
    previous = int(np.floor(virtual))
    a = np.float64(_order_statistic(cumulative, values, previous))
    b = np.float64(_order_statistic(cumulative, values, previous + 1))
    gamma = virtual - np.float64(previous)
    # NumPy's interpolation: from the lower value below the midpoint, from the upper one above it.
    diff = b - a
    if gamma >= 0.5:
        return float(b - diff * (np.float64(1.0) - gamma))
    return float(a + diff * gamma)


def duration_stats(values: FloatArray, counts: IntArray) -> dict[str, float | None]:
    """``mean``, ``median`` and ``p90`` of a distribution of durations (None when it is empty)."""
    if not values.size or int(counts.sum()) == 0:
        return {"mean": None, "median": None, "p90": None}
    return {
        "mean": exact_mean(values, counts),
        "median": median_of(values, counts),
        "p90": percentile_of(values, counts, 90),
    }


@attrs.define
class GroupState:
    """The cases of one target in one sub-unit (or in all): counts by status, and the completed durations."""

    cases: int = 0
    passed: int = 0
    failed: int = 0
    open: int = 0
    open_overdue: int = 0
    provisional: int = 0
    values: FloatArray = attrs.field(factory=lambda: np.empty(0, np.float64))
    counts: IntArray = attrs.field(factory=lambda: np.empty(0, np.int64))

    def add(self, other: GroupState) -> None:
        """Add the cases of ``other`` to these."""
        self.cases += other.cases
        self.passed += other.passed
        self.failed += other.failed
        self.open += other.open
        self.open_overdue += other.open_overdue
        self.provisional += other.provisional
        self.values, self.counts = merge_distributions([(self.values, self.counts), (other.values, other.counts)])


@attrs.define
class SummaryState:
    """What the summaries of an evaluation need, per (target id, sub-unit id or None); merges exactly."""

    groups: dict[GroupKey, GroupState] = attrs.field(factory=dict)

    def merge(self, other: SummaryState) -> SummaryState:
        """Add ``other``'s cases to these (in place) and return self."""
        for key, state in other.groups.items():
            mine = self.groups.get(key)
            if mine is None:
                self.groups[key] = GroupState(
                    state.cases,
                    state.passed,
                    state.failed,
                    state.open,
                    state.open_overdue,
                    state.provisional,
                    state.values,
                    state.counts,
                )
            else:
                mine.add(state)
        return self

    @classmethod
    def combine(cls, states: Iterable[SummaryState]) -> SummaryState:
        """One state holding the cases of all ``states``."""
        total = cls()
        for state in states:
            total.merge(state)
        return total

    def add_cases(
        self,
        targets: Mapping[int, str],
        target_codes: IntArray,
        sub_units: Mapping[int, str],
        sub_unit_codes: IntArray,
        status: npt.NDArray[np.int8],
        duration: FloatArray,
        provisional: npt.NDArray[np.bool_],
    ) -> None:
        """Count judged cases: ``target_codes`` index ``targets``, ``sub_unit_codes`` index ``sub_units`` (-1: none)."""
        if not status.size:
            return
        width = int(sub_unit_codes.max(initial=-1)) + 2
        # One pass over the cases sorted by (target, sub-unit); a target's own group is the union of its runs.
        combined = target_codes * width + (sub_unit_codes + 1)
        if combined.max() < np.iinfo(np.int16).max:
            combined = combined.astype(np.int16)  # sorted by radix: a fraction of a comparison sort's time
        order = np.argsort(combined, kind="stable")
        keys, starts = np.unique(combined[order], return_index=True)
        bounds = [*starts.tolist(), combined.size]
        by_target: dict[int, list[IntArray]] = {}
        for index, key in enumerate(keys.tolist()):
            members = order[bounds[index] : bounds[index + 1]]
            target_code, sub_code = divmod(key, width)
            by_target.setdefault(target_code, []).append(members)
            sub_id = sub_units.get(sub_code - 1) if sub_code else None
            if sub_id is not None:
                self._add((targets[target_code], sub_id), members, status, duration, provisional)
        for target_code, parts in by_target.items():
            members = np.sort(np.concatenate(parts)) if len(parts) > 1 else parts[0]
            self._add((targets[target_code], None), members, status, duration, provisional)

    def _add(
        self,
        key: GroupKey,
        members: IntArray,
        status: npt.NDArray[np.int8],
        duration: FloatArray,
        provisional: npt.NDArray[np.bool_],
    ) -> None:
        s = status[members]
        tally = np.bincount(s, minlength=4)
        completed = s <= FAIL
        values, counts = distribution(duration[members][completed])
        state = GroupState(
            cases=int(s.size),
            passed=int(tally[PASS]),
            failed=int(tally[FAIL]),
            open=int(tally[OPEN]),
            open_overdue=int(tally[OPEN_OVERDUE]),
            provisional=int(np.count_nonzero(provisional[members])),
            values=values,
            counts=counts,
        )
        self.merge(SummaryState({key: state}))


class _Keyed(Protocol):
    @property
    def target_id(self) -> str: ...

    @property
    def sub_unit(self) -> str | None: ...


KeyedSummary = TypeVar("KeyedSummary", bound=_Keyed)


def find_summary(summaries: Iterable[KeyedSummary], target_id: str, sub_unit: str | None = None) -> KeyedSummary:
    """The summary of one target, for all sub-units (None) or one: the lookup of every evaluation's
    ``summary()``; :class:`~bizenv.errors.UnknownTargetError` (a KeyError) when there is none."""
    for s in summaries:
        if s.target_id == target_id and s.sub_unit == sub_unit:
            return s
    raise UnknownTargetError(f"no cases for target {target_id!r}" + (f" in {sub_unit!r}" if sub_unit else ""))


__all__ = [
    "STATUSES",
    "CaseStatus",
    "GroupState",
    "SummaryState",
    "distribution",
    "duration_stats",
    "exact_mean",
    "find_summary",
    "median_of",
    "merge_distributions",
    "percentile_of",
]
