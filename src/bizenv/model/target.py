"""Quantified targets: what is measured, how it is compared, in which unit."""

from __future__ import annotations

from typing import Any

import attrs

from bizenv.model._validators import non_empty
from bizenv.model.deadline import Deadline
from bizenv.model.vocabulary import AGGREGATIONS, COMPARATORS, UNITS


def _in(vocabulary: Any, what: str) -> Any:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
        if value not in vocabulary:
            allowed = ", ".join(sorted(vocabulary))
            raise ValueError(f"{what} {value!r} is not one of: {allowed}")

    return check


@attrs.frozen(slots=True)
class Quantity:
    """A number with a unit from :data:`bizenv.model.vocabulary.UNITS`."""

    value: float
    unit: str = attrs.field(validator=_in(UNITS, "unit"))


@attrs.frozen(slots=True)
class Target:
    """One quantified statement of a measure.

    ``value`` is the target for comparators ``<=``, ``<``, ``>=``, ``>``, ``==``;
    ``low``/``high`` bound it for ``range``. ``baseline`` is the starting value of a
    "由3个工作日压减至2个工作日" pair. ``raw`` is the phrase of the source it was read from.
    """

    metric: str = attrs.field(validator=non_empty)
    comparator: str = attrs.field(validator=_in(COMPARATORS, "comparator"))
    unit: str = attrs.field(validator=_in(UNITS, "unit"))
    raw: str = attrs.field(validator=non_empty)
    value: float | None = None
    low: float | None = None
    high: float | None = None
    baseline: float | None = None
    aggregation: str = attrs.field(default="each", validator=_in(AGGREGATIONS, "aggregation"))
    scope: str | None = None
    due: Deadline | None = None
    #: Position of this target in its measure's list, used to build its id.
    label: str | None = None

    def __attrs_post_init__(self) -> None:
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
