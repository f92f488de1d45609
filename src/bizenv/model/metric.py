"""Metrics: what a target measures, which way is better, and what kind of thing it is."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import get_args

import attrs

from bizenv.errors import ProfileError
from bizenv.model._validators import meta, one_of
from bizenv.model.region import Names
from bizenv.model.vocabulary import Counter, Direction, MetricKind, UnitCode
from bizenv.tables import fields_html

_CODE = re.compile(r"[a-z][a-z0-9_]*")


def _code(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _CODE.fullmatch(value):
        raise ProfileError(f"metric code {value!r} must be snake_case ASCII")


def _units(value: Iterable[UnitCode]) -> tuple[UnitCode, ...]:
    units = tuple(value)
    allowed = get_args(UnitCode)
    for unit in units:
        if unit not in allowed:
            raise ProfileError(f"unit {unit!r} is not one of: {', '.join(sorted(allowed))}")
    return units


@attrs.frozen(slots=True)
class Metric:
    """One thing targets measure, named one way for every region (bizenv's registry: :mod:`bizenv.metrics`).

    ``kind`` decides how targets of the metric are judged: only a ``case_time_limit`` takes case records;
    ``measured_quantity``, ``price_standard``, ``rate`` and ``count`` take observed values; an ``eligibility``
    metric bounds who a policy applies to (a target's condition) and is never judged. ``direction`` decides
    a range (a ceiling when lower is better, a floor when higher is better) and the ranking.
    """

    _repr_html_ = fields_html

    code: str = attrs.field(
        validator=_code, metadata=meta("snake_case code, e.g. business_opening_time", pattern="^[a-z][a-z0-9_]*$")
    )
    names: Names = attrs.field(metadata=meta("the metric's name in Chinese, English and Uyghur"))
    kind: MetricKind = attrs.field(validator=one_of(MetricKind, "kind"), metadata=meta("what kind of thing it is"))
    direction: Direction = attrs.field(validator=one_of(Direction, "direction"), metadata=meta("which way is better"))
    units: tuple[UnitCode, ...] = attrs.field(
        converter=_units, metadata=meta("the units its targets may use", minItems=1)
    )
    category: str | None = attrs.field(default=None, metadata=meta("the indicator category it belongs to, where one"))
    description: str = attrs.field(default="", metadata=meta("what is measured, in a sentence"))
    counter: Counter | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(one_of(Counter, "counter")),
        metadata=meta(
            "for a count: what it is counted in (ci 次, ge 个, xiang 项, jia 家, ren 人, renci 人次, tao 套, fen 份)"
        ),
    )

    def __attrs_post_init__(self) -> None:
        # A count is shown with its classifier (办事跑动次数 ≤ 0 次, not 个): only counts have one.
        if self.counter is not None and "count" not in self.units:
            raise ValueError(
                f"metric {self.code!r}: a counter ({self.counter}) is only for a metric counted in 'count'"
            )

    @property
    def takes_cases(self) -> bool:
        """Whether case records are judged against its targets (only time limits on cases)."""
        return self.kind == "case_time_limit"
