"""Locale-aware formatting of report values with Babel: numbers, percentages, money, dates, names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from bizenv import taxonomy

# The shared figures (the bulletin shows them alike) live below both, in bizenv.formats.
from bizenv.formats import MAX_DIGITS as MAX_DIGITS
from bizenv.formats import count_of as count_of
from bizenv.formats import number as number
from bizenv.formats import percent as percent
from bizenv.i18n import N_, _, babel_locale, get_locale
from bizenv.model import Names, Target

#: Display names of the unit vocabulary, translated through the catalogs.
UNIT_NAMES = {
    "working_day": N_("working days"),
    "office_hour": N_("office hours"),
    "office_minute": N_("office minutes"),
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
    "kv": N_("kV"),
    "tonne": N_("t"),
    "square_metre": N_("m²"),
    "cubic_metre": N_("m³"),
    "count": N_("count"),
}


#: What a count is counted in (the metric registry's ``counter``), translated: 次, 个, 项, 家 … in Chinese.
#: English shows a count without a word ("≤ 3"), as it does without a counter.
COUNTER_NAMES = {
    "ci": N_("times"),
    "ge": N_("count"),
    "xiang": N_("items (counter)"),
    "jia": N_("enterprises (counter)"),
    "ren": N_("people (counter)"),
    "renci": N_("person-times"),
    "tao": N_("sets (counter)"),
    "fen": N_("copies (counter)"),
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


def versus(value: float, bound: float, digits: int = 2) -> str:
    """A computed value (a mean of durations, a margin) shown against the bound it is judged by: with
    ``digits`` decimals, more where fewer would make it look equal to the bound when it is not (5.004 against 5
    shows as 5.004, not 5)."""
    shown = digits
    while shown < MAX_DIGITS and round(value, shown) == bound and value != bound:
        shown += 1
    return number(round(value, shown), shown)


def column(values: Sequence[float], digits: int = 2) -> list[str]:
    """Computed values compared with one another (scores in a ranking), all with the same number of decimals:
    ``digits``, more where fewer would show two different values as equal (a rank between equal-looking
    scores would look arbitrary)."""
    shown = digits

    def distinct(d: int) -> bool:
        seen: dict[float, float] = {}
        return all(seen.setdefault(round(v, d), v) == v for v in values)

    while shown < MAX_DIGITS and not distinct(shown):
        shown += 1
    pattern = "#,##0." + "0" * shown if shown else "#,##0"
    return [format_decimal(round(v, shown), format=pattern, locale=babel_locale()) for v in values]


def money(yuan: float) -> str:
    return format_currency(yuan, "CNY", locale=babel_locale())


def date(day: dt.date | None) -> str:
    return "–" if day is None else format_date(day, format="medium", locale=babel_locale())


def unit(code: str) -> str:
    return _(UNIT_NAMES.get(code, code))


def measured(value: float | None, unit_code: str, *, against: float | None = None, counter: str | None = None) -> str:
    """A value in its unit (95%, ¥80.00, 5 working days; a count with its ``counter``: 0 次, 3 项). With
    ``against`` (the bound it is judged by) a computed value shows the decimals that tell it from the bound."""
    if value is None:
        return "–"
    if unit_code == "ten_thousand_yuan" and get_locale() != "zh_Hans":
        # 万元 is a unit only in Chinese: elsewhere the amount is shown in yuan (80万元 = ¥800,000).
        value, unit_code = value * 10_000, "yuan"
        against = None if against is None else against * 10_000
    shown = versus(value, against) if against is not None else number(value)
    if unit_code == "percent":
        return f"{shown}%"
    if unit_code == "yuan" and against is None and value == round(value, 2):
        return money(value)
    if unit_code == "count" and get_locale() == "en":
        return shown  # "3", not "3 count"
    if unit_code == "count" and counter is not None:
        return f"{shown} {_(COUNTER_NAMES.get(counter, 'count'))}"
    return f"{shown} {unit(unit_code)}"


def comparator(symbol: str) -> str:
    return {"<=": "≤", ">=": "≥", "==": "="}.get(symbol, symbol)


def limit(target: Target, direction: str | None = None, counter: str | None = None) -> str:
    """ "≤ 5 working days"; a range as the source gives it and how it is judged: "30–60 working days (≤ 60)";
    a count with its ``counter`` ("≤ 0 次"); no working day at all is 即办 (done the day it is asked)."""
    if target.comparator in ("<=", "==") and target.value == 0 and target.unit == "working_day":
        return _("immediately (即办)")
    if target.comparator == "range":
        # An amount shown in another unit than the source's (万元 outside Chinese) is shown in full at both ends.
        rescaled = target.unit == "ten_thousand_yuan" and get_locale() != "zh_Hans"

        def end(value: float | None) -> str:
            return measured(value, target.unit, counter=counter) if rescaled else number(value)

        shown = f"{end(target.low)}–{measured(target.high, target.unit, counter=counter)}"
        if direction in ("lower", "higher"):
            bound = target.high if direction == "lower" else target.low
            shown += f" ({'≤' if direction == 'lower' else '≥'} {end(bound)})"
        return shown
    return f"{comparator(target.comparator)} {measured(target.value, target.unit, counter=counter)}"


def metric_name(code: str, names: Names | None) -> str:
    """A metric's name in the current locale (the code where the registry has none)."""
    return names.get(get_locale()) if names is not None else code


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
