"""Cell values as offices write them, read strictly: text, numbers, percentages, dates, date-times, ids.

Each parser takes the raw cell (a string from a CSV or JSON file, or the typed value a spreadsheet
stores) and returns the value or raises :class:`ValueProblem` with the reason; the readers turn that
into a rejected row naming the file, row (or cell) and column. Nothing is guessed: ``2024-06-301`` is
not a date, a date without a time of day is not a case time, NaN and infinity are not numbers.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from bizenv.errors import InputError
from bizenv.i18n import Message

#: Text that means "no value" in Chinese office tables (a dash in an empty cell, 无).
_EMPTY_WORDS = frozenset({"", "-", "—", "–", "--", "——", "/", "无", "n/a", "na", "null", "none"})
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
#: Excel serial day numbers read as dates: 1954-10-03 .. 2119-01-09 (anything else is no serial an office writes).
_SERIAL_RANGE = (20000.0, 80000.0)

_SEP = r"[-/.]"
_DATE_FORMS = (
    re.compile(r"(?P<y>\d{4})(?P<s>" + _SEP + r")(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日?"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"),
)
_TIME = re.compile(r"(?P<H>\d{1,2})(?::|时)(?P<M>\d{2})分?(?::?(?P<S>\d{2})(?:\.(?P<f>\d{1,6}))?秒?)?")
_OFFSET = re.compile(r"(?P<z>Z|[+-]\d{2}:?\d{2})$")
#: The earliest year read: a year 0 or 1 (an empty date some programs write) is no date of a case or measure.
MIN_YEAR = 1900
#: The widest offset a zone has (UTC-12 .. UTC+14): anything wider is a typing error, not a zone.
MAX_OFFSET_MINUTES = 14 * 60
#: Days from 1899-12-30 (day 0 of Excel's 1900 date system) to 1904-01-01 (day 0 of the 1904 system).
DAYS_1904 = 1462


class ValueProblem(InputError):
    """A cell that does not hold a value of the expected kind; ``message`` says why (translatable)."""

    def __init__(self, template: str, **params: object) -> None:
        self.template_message: Message = Message(template, params)
        super().__init__(self.template_message)


@attrs.frozen(slots=True)
class Number:
    """A number read from a cell; ``percent`` when it was written as a percentage (95%, or a cell formatted
    as percent), in which case ``value`` is in percent points (95.0)."""

    value: float
    percent: bool = False


def is_empty(raw: Any) -> bool:
    """Whether a cell holds nothing (None, blank text, or a dash / 无 standing for no value)."""
    if raw is None:
        return True
    if isinstance(raw, float) and math.isnan(raw):
        return True
    return isinstance(raw, str) and normalise(raw).lower() in _EMPTY_WORDS


def normalise(text: str) -> str:
    """Full-width digits, letters and punctuation as ASCII (NFKC), spaces at the ends removed."""
    return unicodedata.normalize("NFKC", text).strip()


def zone_info(name: str) -> ZoneInfo:
    """The IANA time zone ``name``; :class:`ValueProblem` for an unknown one."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueProblem(
            "unknown time zone {zone}; use an IANA name such as Asia/Shanghai (Beijing time) or Asia/Urumqi",
            zone=repr(name),
        ) from None


def text(raw: Any) -> str:
    """A cell as text: numbers that Excel stored for whole ids ("48.0") lose their ".0"."""
    if isinstance(raw, bool):
        raise ValueProblem("{value} is a true/false cell, not text", value=repr(raw))
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise ValueProblem("{value} is not a value", value=repr(raw))
        if raw.is_integer():
            return str(int(raw))
    if isinstance(raw, dt.datetime | dt.date):
        return raw.isoformat()
    return normalise(str(raw)) if isinstance(raw, str) else str(raw)


def id_candidates(raw: Any) -> tuple[str, ...]:
    """For an id that a spreadsheet stored as a number with a fraction (48.1), every id it may have been
    typed as (48.1, 48.10, 48.100): Excel keeps no trailing zeros. Empty for ids stored as text."""
    if isinstance(raw, float) and math.isfinite(raw) and not raw.is_integer():
        shortest = repr(raw)
        if "e" in shortest:
            return ()
        decimals = len(shortest.split(".")[1])
        return tuple(f"{raw:.{n}f}" for n in range(decimals, max(decimals, 3) + 1))
    return ()


_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


def number(raw: Any, *, percent_format: bool = False) -> Number:
    """A finite number: a numeric cell, or text such as "1,234", "１２", "95%", "95 %". ``percent_format``
    says the spreadsheet cell is formatted as a percentage (it stores 0.95 and shows 95%)."""
    if isinstance(raw, bool):
        raise ValueProblem("{value} is a true/false cell, not a number", value=repr(raw))
    if isinstance(raw, int | float):
        value = float(raw)
        if not math.isfinite(value):
            raise ValueProblem("{value} is not a finite number", value=repr(raw))
        return Number(value * 100, True) if percent_format else Number(value)
    if not isinstance(raw, str):
        raise ValueProblem("{value} is not a number", value=repr(raw))
    written = normalise(raw).replace(" ", "")
    percent = written.endswith("%")
    body = written.rstrip("%")
    if "," in body:
        # A comma groups thousands (1,234.5), never marks decimals: "1,5" and "7,3" are refused, not read as 15 and 73.
        if not _THOUSANDS.fullmatch(body):
            raise ValueProblem(
                "{value} is not a number: a comma groups thousands (1,234.5); write decimals with a point",
                value=repr(raw),
            )
        body = body.replace(",", "")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", body):
        raise ValueProblem("{value} is not a number", value=repr(raw))
    value = float(body)
    return Number(value, percent)


def _tz(name: str | None) -> dt.tzinfo | None:
    return zone_info(name) if name else None


def _parse_date(text_value: str) -> tuple[dt.date, str]:
    """The date at the start of ``text_value`` and the rest of the text."""
    for form in _DATE_FORMS:
        m = form.match(text_value)
        if m:
            rest = text_value[m.end() :]
            if form is _DATE_FORMS[2] and rest[:1].isdigit():
                continue
            if int(m["y"]) < MIN_YEAR:
                raise ValueProblem(
                    "{value} is dated in the year {year}, before 1900: no case or measure is; write the real date",
                    value=repr(text_value),
                    year=int(m["y"]),
                )
            try:
                return dt.date(int(m["y"]), int(m["m"]), int(m["d"])), rest
            except ValueError:
                raise ValueProblem("{value} names a day that does not exist", value=repr(text_value)) from None
    raise ValueProblem(
        "{value} is not a date (2024-06-30, 2024/6/30, 2024年6月30日, 2024.6.30)", value=repr(text_value)
    )


def _serial(value: float) -> dt.datetime:
    if not _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
        raise ValueProblem(
            "{value} is not a date (as an Excel day number it would be outside 1954-2119)", value=repr(value)
        )
    # A day number stores a time as a fraction of a day; its float error is below a second.
    return _EXCEL_EPOCH + dt.timedelta(seconds=round(value * 86400))


def _check_year(value: dt.date) -> None:
    if value.year < MIN_YEAR:
        raise ValueProblem(
            "{value} is dated in the year {year}, before 1900: no case or measure is; write the real date",
            value=value.isoformat(),
            year=value.year,
        )


def date(raw: Any) -> dt.date:
    """A day: a date cell, an Excel day number, or text in the forms offices write. Strict: the whole text
    must be the date (a time of day after it is allowed and dropped only when it is midnight)."""
    if isinstance(raw, dt.date):
        _check_year(raw)
    if isinstance(raw, dt.datetime):
        if raw.time() != dt.time():
            raise ValueProblem("{value} is a date and time; this column holds days", value=raw.isoformat())
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        moment = _serial(float(raw))
        if moment.time() != dt.time():
            raise ValueProblem(
                "{value} is a date and time (an Excel day number with a fraction); expected a day", value=repr(raw)
            )
        return moment.date()
    if not isinstance(raw, str):
        raise ValueProblem("{value} is not a date", value=repr(raw))
    written = normalise(raw)
    if re.fullmatch(r"\d{5}(\.0+)?", written):
        return date(float(written))
    day, rest = _parse_date(written)
    rest = rest.strip()
    if rest and not re.fullmatch(r"(T|\s)?0{1,2}:00(:00)?", rest):
        raise ValueProblem("{value} is not a date: {rest} follows the day", value=repr(raw), rest=repr(rest))
    return day


def datetime(raw: Any, *, zone: str | None) -> dt.datetime:
    """An instant with its zone: a date-time cell or text (2024-06-30 10:00, 2024/6/30 10:00:00,
    2024年6月30日 10时00分, ISO 8601 with an offset), or an Excel day number with a fraction. A value without a
    zone is read in ``zone``; without ``zone`` it is refused (Beijing time and Xinjiang time differ by two
    hours). A day without a time of day is refused: a case time needs the time."""
    tz = _tz(zone)
    if isinstance(raw, dt.date):
        _check_year(raw)
    if isinstance(raw, dt.datetime):
        moment = raw
    elif isinstance(raw, dt.date):
        raise ValueProblem(
            "{value} has no time of day; a case time needs one (2024-06-30 10:00)", value=raw.isoformat()
        )
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        moment = _day_number_moment(float(raw), raw)
    elif isinstance(raw, str):
        moment = _parse_datetime_text(normalise(raw), raw)
    else:
        raise ValueProblem("{value} is not a date and time", value=repr(raw))
    if moment.tzinfo is None or moment.utcoffset() is None:
        if tz is None:
            raise NaiveValue(
                "{value} has no time zone: in Xinjiang it could be Beijing time (Asia/Shanghai) or Xinjiang time "
                "(Asia/Urumqi)",
                value=moment.isoformat(sep=" "),
            )
        moment = moment.replace(tzinfo=tz)
    return moment


class NaiveValue(ValueProblem):
    """A date-time without a zone, read without a zone to put it in."""


def _day_number_moment(value: float, raw: Any) -> dt.datetime:
    """An Excel day number as a case time: it must carry the time of day (a fraction); a whole day number is a
    date without a time, which is not a case time (read as 00:00 it would move the case)."""
    moment = _serial(value)
    if float(value).is_integer():
        raise ValueProblem(
            "{value} is a date without a time (an Excel day number with no fraction); a case time needs the time "
            "of day",
            value=repr(raw),
        )
    return moment


def _parse_datetime_text(written: str, raw: str) -> dt.datetime:
    if re.fullmatch(r"\d{5}(\.\d+)?", written):
        return _day_number_moment(float(written), raw)
    offset = None
    if m := _OFFSET.search(written):
        offset = m["z"]
        written = written[: m.start()]
    day, rest = _parse_date(written)
    rest = rest.lstrip("T ").strip()
    if not rest:
        raise ValueProblem("{value} has no time of day; a case time needs one (2024-06-30 10:00)", value=repr(raw))
    t = _TIME.fullmatch(rest)
    if t is None:
        raise ValueProblem(
            "{value} is not a date and time: cannot read the time {rest}", value=repr(raw), rest=repr(rest)
        )
    try:
        moment = dt.datetime(
            day.year,
            day.month,
            day.day,
            int(t["H"]),
            int(t["M"]),
            int(t["S"] or 0),
            int((t["f"] or "0").ljust(6, "0")),
        )
    except ValueError:
        raise ValueProblem("{value} names a time that does not exist", value=repr(raw)) from None
    if offset is not None:
        if offset == "Z":
            return moment.replace(tzinfo=dt.UTC)
        sign = 1 if offset[0] == "+" else -1
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:])
        if minutes > 59 or hours * 60 + minutes > MAX_OFFSET_MINUTES:
            raise ValueProblem(
                "{value} has the offset {offset}, which no time zone has (from -12:00 to +14:00, minutes below 60)",
                value=repr(raw),
                offset=offset,
            )
        delta = dt.timedelta(hours=hours, minutes=minutes)
        moment = moment.replace(tzinfo=dt.timezone(sign * delta))
    return moment


__all__ = [
    "DAYS_1904",
    "MAX_OFFSET_MINUTES",
    "MIN_YEAR",
    "NaiveValue",
    "Number",
    "ValueProblem",
    "date",
    "datetime",
    "id_candidates",
    "is_empty",
    "normalise",
    "number",
    "text",
    "zone_info",
]
