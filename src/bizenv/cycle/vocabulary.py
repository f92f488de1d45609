"""The words of the monthly cycle, translated where they are shown: roles, statuses, where a due date comes from,
the status words a unit picks in its ledger, and the dates and numbers of a bulletin in the locale's format."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_skeleton

from bizenv import formats
from bizenv.evaluate.deadlines import DUE_SOURCE_NAMES, STATUS_NAMES
from bizenv.i18n import N_, _, babel_locale, get_locale

#: A unit's part in an item (:data:`bizenv.model.UnitRole`), as a ledger template and a calendar event say it.
ROLE_NAMES: dict[str, str] = {
    "lead": N_("lead"),
    "area_lead": N_("area lead (inherited)"),
    "responsible": N_("responsible"),
    "cooperating": N_("cooperating"),
}
#: The status words a ledger template offers in its drop-down list: words the deadline tracker reads (done, in
#: progress, not started). The tracker reads Chinese and English words, so the Uyghur template offers the Chinese.
TEMPLATE_STATUSES: dict[str, tuple[str, str, str]] = {
    "zh_Hans": ("已完成", "推进中", "未开始"),
    "en": ("done", "in progress", "not started"),
    "ug": ("已完成", "推进中", "未开始"),
}


def role(code: str) -> str:
    """A role's name in the current locale."""
    return _(ROLE_NAMES[code]) if code in ROLE_NAMES else code


def roles(codes: tuple[str, ...]) -> str:
    """Several roles, joined as the locale joins a list."""
    return "、".join(role(c) for c in codes) if get_locale() == "zh_Hans" else ", ".join(role(c) for c in codes)


def status(code: str) -> str:
    """A deadline status in the current locale."""
    return _(STATUS_NAMES.get(code, code))


def due_source(code: str) -> str:
    """Where a due date comes from, in the current locale."""
    return _(DUE_SOURCE_NAMES.get(code, code))


def template_statuses() -> tuple[str, str, str]:
    """The drop-down words of a ledger template in the current locale: done, in progress, not started."""
    return TEMPLATE_STATUSES.get(get_locale(), TEMPLATE_STATUSES["zh_Hans"])


def date(day: dt.date | None) -> str:
    """A day in the locale's long form (2024年7月31日, Jul 31, 2024); – for none."""
    return "–" if day is None else format_date(day, format="medium", locale=babel_locale())


def month(key: str) -> str:
    """A month key YYYY-MM in the locale's words (2024年7月, July 2024)."""
    year, number = (int(p) for p in key.split("-"))
    return format_skeleton("yMMMM", dt.date(year, number, 1), locale=babel_locale())


def number(value: float | int) -> str:
    """A count or a number of days in the locale's format, as the report shows it."""
    return formats.number(value, 1)


def percent(share: float | None) -> str:
    """A share (0-1) as the report shows it: one decimal, more where it would read 100% or 0% and is not (99.97%,
    not 100.0%); – for none."""
    return formats.percent(share)


def count_of(part: int, whole: int) -> str:
    """ "10/12 (83.3%)", as the report shows it."""
    return formats.count_of(part, whole)


def signed(change: int) -> str:
    """A change from last month: +3, −2, ±0."""
    if change > 0:
        return f"+{number(change)}"
    if change < 0:
        return f"−{number(-change)}"
    return "±0"


__all__ = [
    "ROLE_NAMES",
    "TEMPLATE_STATUSES",
    "count_of",
    "date",
    "due_source",
    "month",
    "number",
    "percent",
    "role",
    "roles",
    "signed",
    "status",
    "template_statuses",
]
