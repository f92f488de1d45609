"""Calendar data: a year's holiday arrangement and office hours, as read from data files.

File format ``bizenv-calendar/1`` (TOML; what ``bizenv calendar import`` writes)::

    schema = "bizenv-calendar/1"

    [[years]]
    calendar = "CN"            # "CN" for the national schedule, "CN-XJ" for the Xinjiang overlay
    year = 2025
    status = "official"        # or "provisional"
    source = "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）"

    [[years.breaks]]
    name = "春节"
    en = "Spring Festival"
    from = 2025-01-28           # first and last day off; weekend days inside count as the notice counts them
    to = 2025-02-04
    workdays = [2025-01-26, 2025-02-08]   # weekend make-up working days (调休上班)
    festival = 2025-01-29       # optional: the festival day itself

    [[office_hours]]            # optional, standing rule from a date of the year on
    calendar = "CN-XJ"
    season = "summer"
    name = "夏季作息时间"
    starts = "05-01"
    periods = ["10:00-14:00", "16:00-20:00"]
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import attrs

from bizenv.calendars.errors import CalendarDataError
from bizenv.textfile import TextFileError, decode_text


class _RuleError(CalendarDataError):
    """A rule of the calendar data classes broken (a break that ends before it starts); the loader names the
    file entry it came from."""


SCHEMA = "bizenv-calendar/1"
STATUSES = ("official", "provisional")


@attrs.frozen(slots=True)
class Break:
    """A named run of days off, with the weekend make-up working days attached to it."""

    name: str
    first: dt.date
    last: dt.date
    en: str | None = None
    workdays: tuple[dt.date, ...] = ()
    festival: dt.date | None = None
    source: str | None = None

    @property
    def days_key(self) -> tuple[object, ...]:
        """What the break says about days, without its labels: two notices agree when these are equal."""
        return (self.name, self.first, self.last, self.workdays, self.festival)

    def __attrs_post_init__(self) -> None:
        if self.last < self.first:
            raise _RuleError(f"break {self.name!r} ends ({self.last}) before it starts ({self.first})")

    def days_off(self) -> Iterator[dt.date]:
        """Every day from the first to the last day off."""
        day = self.first
        while day <= self.last:
            yield day
            day += dt.timedelta(days=1)


@attrs.frozen(slots=True)
class YearSchedule:
    """One calendar's arrangement for one year, from one notice (or an estimate)."""

    calendar: str
    year: int
    status: str
    source: str
    breaks: tuple[Break, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.status not in STATUSES:
            raise _RuleError(f"status {self.status!r} is not one of {STATUSES}")

    @property
    def provisional(self) -> bool:
        """Whether the year is estimated rather than announced."""
        return self.status != "official"


_PERIOD = re.compile(r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})")


@attrs.frozen(slots=True)
class OfficeSeason:
    """Office hours that apply from ``starts`` (month, day) each year until the next season starts."""

    calendar: str
    season: str
    starts: tuple[int, int]
    #: (start, end) in seconds after midnight, sorted, not overlapping.
    periods: tuple[tuple[int, int], ...]
    name: str | None = None
    source: str | None = None
    #: First year the hours apply ("自2027年5月1日起"); None for standing hours. A later year's season of the
    #: same name replaces an earlier one from that year on.
    since_year: int | None = None

    def __attrs_post_init__(self) -> None:
        previous_end = 0
        for start, end in self.periods:
            if not previous_end <= start < end <= 86400:
                shown = ", ".join(format_period(p) for p in self.periods)
                raise _RuleError(f"office periods {shown} of season {self.season!r} overlap or are out of order")
            previous_end = end

    @property
    def seconds_per_day(self) -> int:
        """Office seconds in one working day of the season."""
        return sum(end - start for start, end in self.periods)


def parse_period(text: str) -> tuple[int, int]:
    """ "10:00-14:00" → (36000, 50400)."""
    m = _PERIOD.fullmatch(text.replace(" ", "").replace("–", "-").replace("至", "-"))
    if not m:
        raise _RuleError(f"office period {text!r} is not of the form HH:MM-HH:MM")
    start = int(m[1]) * 3600 + int(m[2]) * 60
    end = int(m[3]) * 3600 + int(m[4]) * 60
    return start, end


def format_period(period: tuple[int, int]) -> str:
    (a, b) = period
    return f"{a // 3600:02d}:{a % 3600 // 60:02d}-{b // 3600:02d}:{b % 3600 // 60:02d}"


@attrs.frozen(slots=True)
class CalendarData:
    """The contents of one or more calendar data files."""

    years: tuple[YearSchedule, ...] = ()
    office_seasons: tuple[OfficeSeason, ...] = ()
    origin: str = "<data>"

    def __add__(self, other: CalendarData) -> CalendarData:
        return CalendarData(
            self.years + other.years, self.office_seasons + other.office_seasons, f"{self.origin}, {other.origin}"
        )


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise CalendarDataError(f"{where}: expected a date (YYYY-MM-DD), got {value!r}")


@contextmanager
def _entry(where: str) -> Iterator[None]:
    """Turn what building one entry raises into a CalendarDataError that names the entry."""
    try:
        yield
    except _RuleError as exc:  # a rule of the data classes: named with its entry
        raise CalendarDataError(f"{where}: {exc}") from None
    except CalendarDataError:
        raise
    except KeyError as exc:
        raise CalendarDataError(f"{where}: missing field {exc.args[0]!r}") from None
    except (TypeError, ValueError) as exc:
        raise CalendarDataError(f"{where}: {exc}") from None


def _break(data: Any, where: str) -> Break:
    if not isinstance(data, dict):
        raise CalendarDataError(f"{where}: expected a table")
    with _entry(where):
        return Break(
            name=data["name"],
            first=_date(data["from"], f"{where}.from"),
            last=_date(data.get("to", data["from"]), f"{where}.to"),
            en=data.get("en"),
            workdays=tuple(_date(d, f"{where}.workdays") for d in data.get("workdays", [])),
            festival=_date(data["festival"], f"{where}.festival") if "festival" in data else None,
            source=data.get("source"),
        )


def _day(day: dt.date) -> str:
    return f"{day.isoformat()} ({day.strftime('%A')})"


def check_year_schedule(year: YearSchedule, where: str) -> None:
    """The rules a notice follows, checked on data however it was written (the notice importer checks the same):
    a make-up working day falls on a weekend and outside its own break, no day is in two breaks, and every
    day lies near the year."""
    seen: dict[dt.date, str] = {}
    for b in year.breaks:
        for day in (b.first, b.last, *b.workdays):
            if abs(day.year - year.year) > 1:
                raise CalendarDataError(f"{where}: break {b.name!r} has {day}, far from year {year.year}")
        for day in b.workdays:
            if day.weekday() < 5:
                raise CalendarDataError(
                    f"{where}: break {b.name!r}: make-up working day {_day(day)} is a weekday; "
                    f"working on a weekday makes nothing up"
                )
            if b.first <= day <= b.last:
                raise CalendarDataError(
                    f"{where}: break {b.name!r}: make-up working day {_day(day)} lies inside the break"
                )
        for day in [*b.days_off(), *b.workdays]:
            if day in seen:
                raise CalendarDataError(
                    f"{where}: {_day(day)} is in break {b.name!r} and in break {seen[day]!r}: the breaks overlap"
                )
            seen[day] = b.name


def calendar_data_from_dict(data: dict[str, Any], origin: str = "<data>") -> CalendarData:
    if data.get("schema") != SCHEMA:
        raise CalendarDataError(f"{origin}: schema must be {SCHEMA!r}, got {data.get('schema')!r}")
    years = []
    seen_years: dict[tuple[str, int], str] = {}
    for i, entry in enumerate(data.get("years", [])):
        where = f"{origin}: years[{i}]"
        with _entry(where):
            breaks = tuple(_break(b, f"{where}.breaks[{j}]") for j, b in enumerate(entry.get("breaks", [])))
            year = YearSchedule(
                calendar=entry["calendar"],
                year=int(entry["year"]),
                status=entry.get("status", "official"),
                source=entry["source"],
                breaks=breaks,
            )
        check_year_schedule(year, where)
        key = (year.calendar, year.year)
        if key in seen_years:
            raise CalendarDataError(
                f"{where}: {year.calendar} {year.year} is defined twice in the file ({seen_years[key]})"
            )
        seen_years[key] = f"years[{i}]"
        years.append(year)
    seasons = []
    for i, entry in enumerate(data.get("office_hours", [])):
        where = f"{origin}: office_hours[{i}]"
        with _entry(where):
            start_month, start_day = (int(x) for x in str(entry["starts"]).split("-"))
            dt.date(2000, start_month, start_day)
            seasons.append(
                OfficeSeason(
                    calendar=entry["calendar"],
                    season=entry["season"],
                    starts=(start_month, start_day),
                    periods=tuple(parse_period(p) for p in entry["periods"]),
                    name=entry.get("name"),
                    source=entry.get("source"),
                    since_year=int(entry["since"]) if "since" in entry else None,
                )
            )
    return CalendarData(tuple(years), tuple(seasons), origin)


def load_calendar_data(path: str | Path | Traversable) -> CalendarData:
    """Read a calendar data file (TOML, schema ``bizenv-calendar/1``)."""
    name = str(path)
    try:
        raw = Path(path).read_bytes() if isinstance(path, str) else path.read_bytes()
        data = tomllib.loads(decode_text(raw, name))
    except OSError as exc:
        raise CalendarDataError(f"{name}: cannot read: {exc}") from None
    except TextFileError as exc:
        raise CalendarDataError(str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise CalendarDataError(f"{name}: not valid TOML: {exc}") from None
    return calendar_data_from_dict(data, name)


def _toml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dump_calendar_data(years: Iterable[YearSchedule], seasons: Iterable[OfficeSeason] = ()) -> str:
    """The TOML text of a calendar data file; :func:`load_calendar_data` reads it back unchanged."""
    lines = [f"schema = {_toml_str(SCHEMA)}", ""]
    for s in seasons:
        lines += ["[[office_hours]]", f"calendar = {_toml_str(s.calendar)}", f"season = {_toml_str(s.season)}"]
        if s.name:
            lines.append(f"name = {_toml_str(s.name)}")
        if s.since_year is not None:
            lines.append(f"since = {s.since_year}")
        lines.append(f'starts = "{s.starts[0]:02d}-{s.starts[1]:02d}"')
        lines.append("periods = [" + ", ".join(_toml_str(format_period(p)) for p in s.periods) + "]")
        if s.source:
            lines.append(f"source = {_toml_str(s.source)}")
        lines.append("")
    for y in years:
        lines += [
            "[[years]]",
            f"calendar = {_toml_str(y.calendar)}",
            f"year = {y.year}",
            f"status = {_toml_str(y.status)}",
            f"source = {_toml_str(y.source)}",
            "",
        ]
        for b in y.breaks:
            lines += ["[[years.breaks]]", f"name = {_toml_str(b.name)}"]
            if b.en:
                lines.append(f"en = {_toml_str(b.en)}")
            if b.festival:
                lines.append(f"festival = {b.festival.isoformat()}")
            lines += [f"from = {b.first.isoformat()}", f"to = {b.last.isoformat()}"]
            if b.workdays:
                lines.append("workdays = [" + ", ".join(d.isoformat() for d in b.workdays) + "]")
            if b.source:
                lines.append(f"source = {_toml_str(b.source)}")
            lines.append("")
    return "\n".join(lines)
