"""Reasons for refusing a case record that both case evaluators give, word for word (the columnar core is tested
against the per-case path on its rejection texts)."""

from __future__ import annotations

from bizenv.calendars import CalendarCoverageError, NaiveDatetimeError
from bizenv.errors import UnknownMetricError, UnknownSubUnitError, UnknownTargetError
from bizenv.i18n import N_, Message
from bizenv.model import Metric
from bizenv.records import RejectionCode

_CODE_OF_ERROR: tuple[tuple[type[Exception], RejectionCode], ...] = (
    (UnknownTargetError, "unknown_target"),
    (UnknownMetricError, "unknown_metric"),
    (UnknownSubUnitError, "unknown_sub_unit"),
    (CalendarCoverageError, "year_not_covered"),
    (NaiveDatetimeError, "no_time_zone"),
)


def reason_of(error: Exception) -> Message:
    """An error's text as a rejection's reason, with the code of its kind (an unknown target, a year the
    calendar does not know …), so that a program can tell such rejections apart."""
    code = next((c for kind, c in _CODE_OF_ERROR if isinstance(error, kind)), None)
    return Message("{reason}", {"reason": str(error)}, code=code)


#: Why a target takes no case records, by the kind of its metric: one whole sentence each, so a translation never
#: has to fit an English kind name into its own grammar.
_NOT_A_CASE_LIMIT = {
    "measured_quantity": N_(
        "target {target} ({metric}) is a measured quantity, not a time limit on cases; judge it with observed values"
    ),
    "price_standard": N_(
        "target {target} ({metric}) is a price or fee standard, not a time limit on cases; judge it with observed "
        "values"
    ),
    "rate": N_("target {target} ({metric}) is a rate, not a time limit on cases; judge it with observed values"),
    "count": N_("target {target} ({metric}) is a count, not a time limit on cases; judge it with observed values"),
    "eligibility": N_(
        "target {target} ({metric}) says who a policy applies to; it is not a time limit on cases and is not judged"
    ),
}
_NOT_IN_TIME = N_("target {target} ({metric}) is not counted in time ({unit}); it takes no case records")


def not_a_case_limit(target_id: str, metric: Metric, unit: str) -> Message:
    """Why case records of ``target_id`` are refused: its metric is not a time limit on cases, or its unit is not
    a unit of time."""
    template = _NOT_A_CASE_LIMIT.get(metric.kind, _NOT_IN_TIME)
    return Message(template, {"target": target_id, "metric": metric.code, "unit": unit}, code="not_a_case_target")
