"""Quantified targets: what is measured, how it is compared, in which unit."""

from __future__ import annotations

from typing import overload

import attrs
import numpy as np
import numpy.typing as npt

from bizenv.errors import ProfileError
from bizenv.model._validators import as_tuple, meta, non_empty, one_of
from bizenv.model.deadline import Deadline
from bizenv.model.vocabulary import Aggregation, Commitment, Comparator, Direction, Every, UnitCode
from bizenv.tables import fields_html


@attrs.frozen(slots=True)
class Quantity:
    """A number with a unit from :data:`bizenv.model.vocabulary.UNITS`."""

    value: float
    unit: UnitCode = attrs.field(validator=one_of(UnitCode, "unit"))


@attrs.frozen(slots=True)
class Condition:
    """Who or what a target applies to, as a bound on a metric: "160kW及以下小微企业" is the condition
    connection capacity ≤ 160 kW. A condition says who qualifies; it is never judged as a target."""

    metric: str = attrs.field(
        validator=non_empty, metadata=meta("the metric bounded, e.g. connection_capacity", minLength=1)
    )
    comparator: Comparator = attrs.field(
        validator=one_of(Comparator, "comparator"), metadata=meta("how the bound applies (<= for 及以下)")
    )
    value: float = attrs.field(metadata=meta("the bound"))
    unit: UnitCode = attrs.field(validator=one_of(UnitCode, "unit"), metadata=meta("the unit of the bound"))
    raw: str = attrs.field(validator=non_empty, metadata=meta("the phrase of the source, quoted", minLength=1))

    def holds_for(self, observed: float) -> bool:
        """Whether a case or subject with this value qualifies."""
        return bool(_compare(self.comparator, observed, self.value))


@attrs.frozen(slots=True)
class Recurrence:
    """A duty that recurs (每月, 每季度1次, 每年): how often, how many times each period, and the raw text."""

    every: Every = attrs.field(validator=one_of(Every, "every"), metadata=meta("the period"))
    raw: str = attrs.field(validator=non_empty, metadata=meta("the phrase of the source, quoted", minLength=1))
    times: int = attrs.field(default=1, metadata=meta("how many times in each period", minimum=1))


#: What a comparison is made on: one value, or an array of them (the columnar evaluator judges arrays by the same
#: rule, element by element).
_Observed = float | npt.NDArray[np.float64]


def _compare(comparator: str, observed: _Observed, value: float) -> bool | npt.NDArray[np.bool_]:
    match comparator:
        case "<=":
            return observed <= value
        case "<":
            return observed < value
        case ">=":
            return observed >= value
        case ">":
            return observed > value
        case _:
            return observed == value


@attrs.frozen(slots=True)
class Target:
    """One quantified statement of a measure.

    ``value`` is the target for comparators ``<=``, ``<``, ``>=``, ``>``, ``==``;
    ``low``/``high`` bound it for ``range``. ``baseline`` is the starting value of a
    "由3个工作日压减至2个工作日" pair. ``raw`` is the phrase of the source it was read from.
    """

    _repr_html_ = fields_html

    metric: str = attrs.field(
        validator=non_empty, metadata=meta("what is measured, a code such as business_opening_time", minLength=1)
    )
    comparator: Comparator = attrs.field(
        validator=one_of(Comparator, "comparator"), metadata=meta("how an observed value is compared with the target")
    )
    unit: UnitCode = attrs.field(validator=one_of(UnitCode, "unit"), metadata=meta("the unit of value, low, high"))
    raw: str = attrs.field(
        validator=non_empty,
        metadata=meta(
            "the phrase of the source the target was read from (a substring of the measure's text)", minLength=1
        ),
    )
    value: float | None = attrs.field(default=None, metadata=meta("the target value (not for range)"))
    low: float | None = attrs.field(default=None, metadata=meta("lower bound of a range"))
    high: float | None = attrs.field(default=None, metadata=meta("upper bound of a range"))
    baseline: float | None = attrs.field(default=None, metadata=meta("the starting value of a baseline→target pair"))
    aggregation: Aggregation = attrs.field(
        default="each",
        validator=one_of(Aggregation, "aggregation"),
        metadata=meta("how cases or items are aggregated before comparing"),
    )
    scope: str | None = attrs.field(
        default=None, metadata=meta("who or what the target applies to, quoted from the source (低压居民 …)")
    )
    due: Deadline | None = attrs.field(default=None, metadata=meta("the target's own date (到2023年底), if it has one"))
    label: str | None = attrs.field(
        default=None, metadata=meta("the quantity as the source writes it, where value is a conversion (0.1万人次)")
    )
    conditions: tuple[Condition, ...] = attrs.field(
        default=(), converter=as_tuple, metadata=meta("who or what qualifies (160kW及以下), as bounds on metrics")
    )
    commitment: Commitment | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(one_of(Commitment, "commitment")),
        metadata=meta("how firmly the source commits: firm (确保), strive (力争, 争取), explore (探索)"),
    )
    clock_start: str | None = attrs.field(
        default=None, metadata=meta("the event that starts the clock, quoted (自受理之日起, 中标通知书发出之日起)")
    )
    excludes: str | None = attrs.field(
        default=None, metadata=meta("time the source says is not counted, quoted (不含供水企业外的审批时间)")
    )
    stage_of: int | None = attrs.field(
        default=None,
        metadata=meta(
            "for a stage of an overall limit: the number (1-based) of the overall target in the same measure", minimum=1
        ),
    )
    recurrence: Recurrence | None = attrs.field(
        default=None, metadata=meta("for a count per period (每季度1次): how often it recurs")
    )

    def __attrs_post_init__(self) -> None:
        for name in ("value", "low", "high", "baseline"):
            bound = getattr(self, name)
            if bound is not None and (isinstance(bound, bool) or not isinstance(bound, int | float)):
                raise ProfileError(f"target {self.raw!r}: {name} must be a number, got {bound!r}")
        if self.comparator == "range":
            if self.low is None or self.high is None or self.value is not None:
                raise ProfileError(f"range target {self.raw!r} needs low and high and no value")
            if self.low > self.high:
                raise ProfileError(f"range target {self.raw!r} has low {self.low} above high {self.high}")
        elif self.value is None or self.low is not None or self.high is not None:
            raise ProfileError(f"target {self.raw!r} with comparator {self.comparator!r} needs a value only")
        if self.unit == "percent":
            for bound in (self.value, self.low, self.high, self.baseline):
                if bound is not None and not 0 <= bound <= 100:
                    raise ProfileError(f"percent target {self.raw!r} has {bound}, outside 0-100")

    def bound(self, direction: Direction) -> float:
        """The value an observation is judged against: the target value, or for a range the wall on the side
        that matters: its high end when lower is better (a ceiling that depends on the case's type), its low end
        when higher is better (a floor)."""
        if self.comparator == "range":
            assert self.low is not None and self.high is not None
            return self.high if direction == "lower" else self.low
        assert self.value is not None
        return self.value

    @overload
    def is_met_by(self, observed: float, direction: Direction | None = None) -> bool: ...
    @overload
    def is_met_by(
        self, observed: npt.NDArray[np.float64], direction: Direction | None = None
    ) -> npt.NDArray[np.bool_]: ...
    def is_met_by(self, observed: _Observed, direction: Direction | None = None) -> bool | npt.NDArray[np.bool_]:
        """Whether an observed value (in this target's unit) meets the target. A range is judged by the metric's
        ``direction`` (required for a range): a ceiling at its high end when lower is better, a floor at its low
        end when higher is better; never a band with both walls. Given an array of values, an array of answers
        by the same rule."""
        if self.comparator == "range":
            if direction is None:
                raise ProfileError(f"range target {self.raw!r} is judged by its metric's direction; give direction")
            bound = self.bound(direction)
            return observed <= bound if direction == "lower" else observed >= bound
        assert self.value is not None
        return _compare(self.comparator, observed, self.value)
