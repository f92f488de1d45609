"""Locale-aware formatting of report values with Babel: numbers, percentages, money, dates, names."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from bizenv import taxonomy
from bizenv.i18n import N_, _, babel_locale, get_locale
from bizenv.model import Names, Target

#: Display names of the unit vocabulary, translated through the catalogs.
UNIT_NAMES = {
    "working_day": N_("working days"),
    "office_hour": N_("office hours"),
    "calendar_day": N_("calendar days"),
    "clock_hour": N_("hours"),
    "minute": N_("minutes"),
    "month": N_("months"),
    "year": N_("years"),
    "percent": N_("%"),
    "yuan": N_("yuan"),
    "ten_thousand_yuan": N_("10,000 yuan"),
    "yuan_per_kwh": N_("yuan/kWh"),
    "yuan_per_ton": N_("yuan/ton"),
    "kva": N_("kVA"),
    "kw": N_("kW"),
    "count": N_("count"),
}


AGGREGATION_NAMES = {
    "each": N_("every case"),
    "mean": N_("mean"),
    "median": N_("median"),
    "p90": N_("90th percentile"),
    "rate": N_("rate"),
    "total": N_("total"),
}


def aggregation(code: str) -> str:
    return _(AGGREGATION_NAMES.get(code, code))


def number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    pattern = "#,##0" if digits == 0 else "#,##0." + "#" * digits
    return format_decimal(value, format=pattern, locale=babel_locale())


def percent(share: float | None) -> str:
    """``share`` as a fraction (0.873 → 87.3%)."""
    return "–" if share is None else format_percent(share, format="#,##0.0%", locale=babel_locale())


def money(yuan: float) -> str:
    return format_currency(yuan, "CNY", locale=babel_locale())


def date(day: dt.date | None) -> str:
    return "–" if day is None else format_date(day, format="medium", locale=babel_locale())


def unit(code: str) -> str:
    return _(UNIT_NAMES.get(code, code))


def measured(value: float | None, unit_code: str) -> str:
    if value is None:
        return "–"
    if unit_code == "percent":
        return percent(value / 100)
    if unit_code == "yuan":
        return money(value)
    return f"{number(value)} {unit(unit_code)}"


def comparator(symbol: str) -> str:
    return {"<=": "≤", ">=": "≥", "==": "="}.get(symbol, symbol)


def limit(target: Target) -> str:
    """ "≤ 5 working days", "30–60 working days": what a target asks, in the current locale."""
    if target.comparator == "range":
        return f"{number(target.low)}–{measured(target.high, target.unit)}"
    return f"{comparator(target.comparator)} {measured(target.value, target.unit)}"


def yes_no(flag: bool | None) -> str:
    return "–" if flag is None else _("yes") if flag else _("no")


def names(value: Names) -> str:
    """A region's or sub-unit's name in the current locale (Chinese when none is given for it)."""
    return value.get(get_locale())


def category(code: str) -> str:
    try:
        found = taxonomy.category(code)
    except KeyError:
        return code
    return found.zh if get_locale() == "zh_Hans" else _(found.en)
