"""How a figure is shown, in the locale's format, alike in the report and the bulletin: numbers with no
trailing zeros, shares that never show 100% unless all (99.97%, not 100.0%), counts with their share."""

from __future__ import annotations

from babel.numbers import format_decimal, format_percent

from bizenv.i18n import babel_locale

#: The most decimals a number is ever shown with.
MAX_DIGITS = 6


def number(value: float | None, digits: int = MAX_DIGITS) -> str:
    """``value`` in the locale's format with up to ``digits`` decimals and no trailing zeros: 0.4157 stays
    0.4157, 2.87 stays 2.87, 5 stays 5. Numbers from the sources are shown as the source gives them."""
    if value is None:
        return "–"
    pattern = "#,##0" if digits == 0 else "#,##0." + "#" * digits
    return format_decimal(value, format=pattern, locale=babel_locale())


def percent(share: float | None) -> str:
    """``share`` as a fraction (0.873 → 87.3%); never 100% unless it is all, nor 0% unless it is none."""
    if share is None:
        return "–"
    digits = 1
    while digits < 4 and share not in (0.0, 1.0) and round(share * 100, digits) in (0.0, 100.0):
        digits += 1
    return format_percent(share, format="#,##0." + "0" * digits + "%", locale=babel_locale())


def count_of(part: int, whole: int) -> str:
    """ "11/12 (91.7%)": the counts, and the share they make."""
    if not whole:
        return "–"
    return f"{number(part, 0)}/{number(whole, 0)} ({percent(part / whole)})"


__all__ = ["MAX_DIGITS", "count_of", "number", "percent"]
