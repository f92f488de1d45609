"""Cells of the table and markdown outputs as people read them: codes as their names in the locale (``overdue`` →
逾期, ``working_day`` → 工作日, ``starting_a_business`` → 开办企业, a sub-unit's id → its name), flags as yes or
no, computed numbers rounded. JSON and CSV keep the codes and full numbers (stable values for programs)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from bizenv.cycle import vocabulary
from bizenv.evaluate.deadlines import DUE_SOURCE_NAMES, STATUS_NAMES
from bizenv.i18n import N_, _, get_locale
from bizenv.metrics import is_metric, metric
from bizenv.model import RegionProfile
from bizenv.report import fmt
from bizenv.taxonomy import is_category

#: What an item, a unit-table entry or a problem is, as people read it.
KIND_NAMES = {
    "measure": N_("measure"),
    "target": N_("target"),
    "milestone": N_("milestone"),
    "group": N_("group of units"),
    "unit": N_("unit"),
}
LEVEL_NAMES = {"error": N_("error"), "note": N_("note")}
DAY_KINDS = {
    "workday": N_("working day"),
    "weekend": N_("weekend"),
    "holiday": N_("holiday"),
    "makeup_workday": N_("make-up working day"),
}
YEAR_STATUSES = {
    "official": N_("official"),
    "provisional": N_("provisional"),
    "assumed": N_("assumed (weekends only)"),
    "unknown": N_("unknown"),
}
DIRECTIONS = {"lower": N_("lower is better"), "higher": N_("higher is better")}
YES_NO = {"yes": N_("yes"), "no": N_("no")}
#: How a case target is judged (TargetSummary.basis), as the evaluators write it.
_MEAN_BASIS = re.compile(r"(\w+) of elapsed (\w+) over completed cases")
EVERY_CASE = N_("every case passes and no open case is overdue")
CASE_STATUS_NAMES = {
    "pass": N_("within the limit"),
    "fail": N_("over the limit"),
    "open": N_("open"),
    "open_overdue": N_("open, overdue"),
}
#: What two targets that disagree differ in, and how the other was found (compare's ``disagreements``).
DISAGREEMENT_WORDS = {
    "value": N_("value"),
    "unit": N_("unit of measure"),
    "aggregation": N_("aggregation"),
    "scope": N_("same scope"),
    "link": N_("linked measures"),
}


def _disagreements(value: Any) -> Any:
    # "14#2: value/aggregation: link; …" as flat_rows writes it: the target id kept, the words named.
    if not isinstance(value, str) or not value:
        return value
    shown = []
    for item in value.split("; "):
        target, _sep, rest = item.partition(": ")
        differs, _sep, found = rest.partition(": ")
        words = "、".join(_(DISAGREEMENT_WORDS.get(w, w)) for w in differs.split("/") if w)
        shown.append(f"{target}: {words}（{_(DISAGREEMENT_WORDS.get(found, found))}）" if found else item)
    return "; ".join(shown)


#: Numbers bizenv computes (scores, shares, statistics, margins): shown with two decimals in a table. Numbers
#: from the sources and the inputs (a target's value, an observed value) are shown as they are.
COMPUTED = frozenset(
    {"score", "mean", "median", "p90", "pass_rate", "share", "margin", "progress", "working_days", "duration"}
)


def _named(names: Mapping[str, str]) -> Callable[[Any], Any]:
    def show(value: Any) -> Any:
        return _(names[value]) if isinstance(value, str) and value in names else value

    return show


def _category(value: Any) -> Any:
    if isinstance(value, str) and value:
        codes = [c.strip() for c in value.replace("、", ",").split(",")]
        if all(is_category(c) for c in codes):
            return "、".join(fmt.category(c) for c in codes)
    return value


def _unit_of_measure(value: Any) -> Any:
    return fmt.unit(value) if isinstance(value, str) and value in fmt.UNIT_NAMES else value


_BY_KEY: dict[str, Callable[[Any], Any]] = {
    "status": lambda v: _(STATUS_NAMES[v]) if v in STATUS_NAMES else _(CASE_STATUS_NAMES.get(v, v)) if v else v,
    "status_before": _named(STATUS_NAMES),
    "due_from": _named(DUE_SOURCE_NAMES),
    "lead_from": _named(DUE_SOURCE_NAMES),
    "kind": _named({**KIND_NAMES, **DAY_KINDS}),
    "working": _named(YES_NO),
    "provisional": _named(YES_NO),
    "direction": _named(DIRECTIONS),
    "comparator": _named({"range": N_("range")}),
    "basis": lambda v: _basis(v) if isinstance(v, str) else v,
    "indicator": lambda v: _("overall") if v == "overall" else v,
    "level": _named(LEVEL_NAMES),
    "role": lambda v: "、".join(vocabulary.role(r) for r in v.split("/")) if isinstance(v, str) and v else v,
    "category": _category,
    "categories": _category,
    "unit": _unit_of_measure,
    "aggregation": lambda v: fmt.aggregation(v) if isinstance(v, str) and v in fmt.AGGREGATION_NAMES else v,
    "disagreements": _disagreements,
}


def cell(key: str, value: Any, profile: RegionProfile | None = None) -> Any:
    """The value of column ``key`` as a table shows it in the current locale."""
    if isinstance(value, bool):
        return fmt.yes_no(value)
    if isinstance(value, float):
        return fmt.number(round(value, 2), 2) if key in COMPUTED else fmt.number(value)
    if isinstance(value, int):
        return fmt.number(value, 0) if key not in ("year", "row", "rank") else str(value)
    if key == "status" and isinstance(value, str) and value in YEAR_STATUSES:
        return _(YEAR_STATUSES[value])
    if profile is not None and isinstance(value, str):
        if key in ("sub_unit", "subject"):
            return _sub_unit_name(profile, value)
        if key == "members" and value:
            return "、".join(_sub_unit_name(profile, v) for v in value.split("、"))
        if key == "metric" and is_metric(value, profile):
            return metric(value, profile).names.get(get_locale())
    show = _BY_KEY.get(key)
    return show(value) if show is not None else value


def _basis(text: str) -> str:
    if text == EVERY_CASE:
        return _(EVERY_CASE)
    found = _MEAN_BASIS.fullmatch(text)
    if found is None:
        return text
    return _("the {statistic} of the working time of completed cases, in {unit}").format(
        statistic=fmt.aggregation(found[1]), unit=fmt.unit(found[2])
    )


def _sub_unit_name(profile: RegionProfile, value: str) -> str:
    for sub in profile.region.sub_units:
        if sub.id == value:
            return fmt.names(sub.names)
    return value


def cells(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], profile: RegionProfile | None = None
) -> list[list[Any]]:
    """Every row's cells as a table shows them (see :func:`cell`)."""
    return [[cell(h, v, profile) for h, v in zip(headers, row, strict=True)] for row in rows]
