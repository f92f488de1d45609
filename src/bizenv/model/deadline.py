"""Deadlines as the sources write them ("2024年6月", "到2023年底") and the dates they mean."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable

import attrs

from bizenv.errors import DeadlineError
from bizenv.model._validators import meta, non_empty
from bizenv.tables import fields_html

_NUM = r"(\d{1,4})"
_FULL_DATE = re.compile(rf"{_NUM}年{_NUM}月{_NUM}日")
_MONTH = re.compile(rf"{_NUM}年{_NUM}月(?:底|末|份)?")
_HALF = re.compile(rf"{_NUM}年(上|下)半年")
_QUARTER = re.compile(rf"{_NUM}年(?:第)?([一二三四1-4])季度")
_YEAR = re.compile(rf"{_NUM}年(?:底|末|年底|年末)?")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# Words around a date that do not change its meaning.
_FILLER = re.compile(r"^(?:完成时限[:：]?|到|于|至|截至|截止)|(?:前|之前|以前|完成|[。；;，,])$")

MIN_YEAR = 1949
MAX_YEAR = 2100


def _dates(value: Iterable[dt.date]) -> tuple[dt.date, ...]:
    return tuple(value)


@attrs.frozen(slots=True)
class Deadline:
    """A due date and the raw text it was read from.

    ``date`` is the last day on which the work counts as on time: "2024年6月" is
    2024-06-30, "到2023年底" is 2023-12-31. ``date`` is None only when the raw text
    names no date (for example "长期坚持"); such a deadline must carry a data note
    on its measure, which profile validation checks.
    """

    _repr_html_ = fields_html

    raw: str = attrs.field(
        validator=non_empty,
        metadata=meta('the deadline as the source writes it, e.g. "2024年6月" or "到2023年底"', minLength=1),
    )
    date: dt.date | None = attrs.field(
        default=None, metadata=meta("the last day on which the work counts as on time; null when the text names none")
    )
    alternatives: tuple[dt.date, ...] = attrs.field(
        default=(),
        converter=_dates,
        metadata=meta("other days the raw text may mean, when it is uncertain (20235年12月: 2023-12 or 2025-12)"),
    )

    @property
    def uncertain(self) -> bool:
        """Whether the source's text allows another reading (listed in ``alternatives``)."""
        return bool(self.alternatives)


def _end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _checked_year(year: int, raw: str) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DeadlineError(f"year {year} in deadline {raw!r} is outside {MIN_YEAR}-{MAX_YEAR}")
    return year


def parse_deadline_date(raw: str) -> dt.date:
    """Read the date a deadline text means, or raise :class:`DeadlineError`.

    The whole text must be a date expression (after dropping filler such as
    "完成时限：", "到", "前"); text with anything else in it is refused rather
    than guessed at.
    """
    text = re.sub(r"\s+", "", raw)
    previous = None
    while previous != text:
        previous, text = text, _FILLER.sub("", text)
    try:
        if m := _FULL_DATE.fullmatch(text):
            return dt.date(_checked_year(int(m[1]), raw), int(m[2]), int(m[3]))
        if m := _MONTH.fullmatch(text):
            month = int(m[2])
            if not 1 <= month <= 12:
                raise DeadlineError(f"month {month} in deadline {raw!r} does not exist")
            return _end_of_month(_checked_year(int(m[1]), raw), month)
        if m := _HALF.fullmatch(text):
            return _end_of_month(_checked_year(int(m[1]), raw), 6 if m[2] == "上" else 12)
        if m := _QUARTER.fullmatch(text):
            return _end_of_month(_checked_year(int(m[1]), raw), 3 * _QUARTERS[m[2]])
        if m := _YEAR.fullmatch(text):
            return dt.date(_checked_year(int(m[1]), raw), 12, 31)
    except ValueError as exc:
        if isinstance(exc, DeadlineError):
            raise
        raise DeadlineError(f"deadline {raw!r} names a date that does not exist: {exc}") from exc
    raise DeadlineError(f"cannot read a date from deadline text {raw!r}")


def parse_deadline(raw: str) -> Deadline:
    """A :class:`Deadline` whose date is read from ``raw``; raises :class:`DeadlineError`."""
    return Deadline(raw=raw, date=parse_deadline_date(raw))
