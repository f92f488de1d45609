"""Quantified targets: what is measured, how it is compared, in which unit."""

from __future__ import annotations

import attrs

from bizenv.model._validators import meta, non_empty, one_of
from bizenv.model.deadline import Deadline
from bizenv.model.vocabulary import Aggregation, Comparator, UnitCode


@attrs.frozen(slots=True)
class Quantity:
    """A number with a unit from :data:`bizenv.model.vocabulary.UNITS`."""

    value: float
    unit: UnitCode = attrs.field(validator=one_of(UnitCode, "unit"))


@attrs.frozen(slots=True)
class Target:
    """One quantified statement of a measure.

    ``value`` is the target for comparators ``<=``, ``<``, ``>=``, ``>``, ``==``;
    ``low``/``high`` bound it for ``range``. ``baseline`` is the starting value of a
    "由3个工作日压减至2个工作日" pair. ``raw`` is the phrase of the source it was read from.
    """

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

    def __attrs_post_init__(self) -> None:
        for name in ("value", "low", "high", "baseline"):
            bound = getattr(self, name)
            if bound is not None and (isinstance(bound, bool) or not isinstance(bound, int | float)):
                raise TypeError(f"target {self.raw!r}: {name} must be a number, got {bound!r}")
        if self.comparator == "range":
            if self.low is None or self.high is None or self.value is not None:
                raise ValueError(f"range target {self.raw!r} needs low and high and no value")
            if self.low > self.high:
                raise ValueError(f"range target {self.raw!r} has low {self.low} above high {self.high}")
        elif self.value is None or self.low is not None or self.high is not None:
            raise ValueError(f"target {self.raw!r} with comparator {self.comparator!r} needs a value only")
        if self.unit == "percent":
            for bound in (self.value, self.low, self.high, self.baseline):
                if bound is not None and not 0 <= bound <= 100:
                    raise ValueError(f"percent target {self.raw!r} has {bound}, outside 0-100")

    def is_met_by(self, observed: float) -> bool:
        """Whether an observed value (in this target's unit) meets the target."""
        if self.comparator == "range":
            assert self.low is not None and self.high is not None
            return self.low <= observed <= self.high
        assert self.value is not None
        match self.comparator:
            case "<=":
                return observed <= self.value
            case "<":
                return observed < self.value
            case ">=":
                return observed >= self.value
            case ">":
                return observed > self.value
            case _:
                return observed == self.value
