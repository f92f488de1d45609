"""``get_calendar``: calendars by id, from built-in data and the data files it is given.

This layer knows nothing of plugins: calendar files that plugins ship reach a calendar through
:class:`bizenv.Environment`, which passes them down as data.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from functools import cache
from importlib.abc import Traversable
from importlib.resources import files
from pathlib import Path
from typing import Protocol

from bizenv.calendars.calendar import ProvisionalPolicy, UnknownYears, WorkingCalendar
from bizenv.calendars.errors import CalendarDataError, UnknownCalendarError
from bizenv.calendars.estimate import estimate_xinjiang_year
from bizenv.calendars.schedule import (
    CalendarData,
    OfficeSeason,
    YearSchedule,
    load_calendar_data,
)

#: os.pathsep-separated calendar data files that every get_calendar call loads.
ENV_CALENDAR_FILES = "BIZENV_CALENDAR_FILES"
CALENDAR_IDS = ("CN", "CN-XJ")
_BUILT_IN = ("cn.toml", "xinjiang.toml")


@cache
def built_in_data() -> CalendarData:
    """The calendar data that ships with bizenv (read once; the data is immutable)."""
    data = CalendarData()
    for name in _BUILT_IN:
        data = data + load_calendar_data(files("bizenv.calendars") / "data" / name)
    return data


def env_files() -> list[Path]:
    """The calendar data files named in ``BIZENV_CALENDAR_FILES``."""
    value = os.environ.get(ENV_CALENDAR_FILES, "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


def _days(year: YearSchedule) -> list[tuple[object, ...]]:
    return sorted((b.days_key for b in year.breaks), key=repr)


def merge_years(years: Iterable[YearSchedule]) -> dict[tuple[str, int], YearSchedule]:
    """One schedule per (calendar, year). Official beats provisional; two different versions with the same
    status are an error naming both sources (never one silently dropped)."""
    merged: dict[tuple[str, int], YearSchedule] = {}
    for year in years:
        key = (year.calendar, year.year)
        held = merged.get(key)
        if held is None or (held.provisional and not year.provisional):
            merged[key] = year
        elif held.provisional == year.provisional and _days(held) != _days(year):
            raise CalendarDataError(
                f"{year.calendar} {year.year} is defined twice, differently: by {held.source!r} and by {year.source!r}"
            )
    return merged


def _chain(calendar_id: str) -> list[str]:
    """ "CN-XJ-yiwu" → ["CN", "CN-XJ", "CN-XJ-yiwu"]: each level overlays the one before."""
    parts = calendar_id.split("-")
    return ["-".join(parts[: i + 1]) for i in range(len(parts))]


def build_calendar(
    calendar_id: str,
    data: CalendarData,
    *,
    unknown_years: UnknownYears = "error",
    provisional: ProvisionalPolicy = "warn",
) -> WorkingCalendar:
    """A calendar from explicit data (no files read).

    Ids are hierarchical: ``CN`` is the national schedule; ``CN-XJ`` adds the Xinjiang festival days and
    office hours; a region may define ``CN-XJ-<region>`` in a plugin's calendar file to add its own days
    or override office hours (the most specific level that defines office hours wins).
    """
    chain = _chain(calendar_id)
    if chain[0] != "CN":
        raise UnknownCalendarError(f"unknown calendar {calendar_id!r}; known: {', '.join(CALENDAR_IDS)}")
    merged = merge_years(data.years)
    national = {y: s for (c, y), s in merged.items() if c == "CN"}
    if calendar_id == "CN":
        return WorkingCalendar("CN", list(national.values()), (), unknown_years=unknown_years, provisional=provisional)
    defined = {c for c, _ in merged} | {s.calendar for s in data.office_seasons}
    if calendar_id not in defined:
        raise UnknownCalendarError(f"unknown calendar {calendar_id!r}; known: {', '.join(CALENDAR_IDS)}")
    years: list[YearSchedule] = list(national.values())
    for level in chain[1:]:
        overlay = {y: s for (c, y), s in merged.items() if c == level and y in national}
        if level == "CN-XJ":
            plain = WorkingCalendar("CN", list(national.values()), provisional="allow")
            for year in sorted(national):
                overlay.setdefault(year, estimate_xinjiang_year(year, plain.is_working_day))
        years += overlay.values()
    seasons: list[OfficeSeason] = []
    for level in chain:
        seasons = _unique_seasons(s for s in data.office_seasons if s.calendar == level) or seasons
    return WorkingCalendar(
        calendar_id, years, seasons, unknown_years=unknown_years, provisional=provisional, national_years=national
    )


def _unique_seasons(seasons: Iterable[OfficeSeason]) -> list[OfficeSeason]:
    """Seasons of one level, the same season loaded twice (built in and imported from a notice) kept once."""
    unique: dict[tuple[object, ...], OfficeSeason] = {}
    for s in seasons:
        key = (s.season, s.since_year)
        held = unique.get(key)
        if held is not None and (held.starts, held.periods) != (s.starts, s.periods):
            raise CalendarDataError(
                f"{s.calendar} office hours {s.season!r} (since {s.since_year or 'always'}) are defined twice, "
                f"differently: by {held.source!r} and by {s.source!r}"
            )
        unique.setdefault(key, s)
    return list(unique.values())


def get_calendar(
    calendar_id: str = "CN-XJ",
    *,
    data_files: Sequence[str | Path | Traversable] = (),
    data: Iterable[CalendarData] = (),
    unknown_years: UnknownYears = "error",
    provisional: ProvisionalPolicy = "warn",
) -> WorkingCalendar:
    """The calendar ``calendar_id`` ("CN", "CN-XJ" or a region's "CN-XJ-<region>") from the built-in data,
    the files in ``BIZENV_CALENDAR_FILES``, ``data_files`` and already-read ``data``.

    Each call builds a new calendar (tens of milliseconds); keep it, or use :class:`bizenv.Environment`,
    which keeps one per set of arguments and adds the files that installed plugins ship.
    """
    combined = built_in_data()
    for chunk in data:
        combined = combined + chunk
    for path in [*data_files, *env_files()]:
        combined = combined + load_calendar_data(Path(path) if isinstance(path, str) else path)
    return build_calendar(calendar_id, combined, unknown_years=unknown_years, provisional=provisional)


class CalendarSource(Protocol):
    """Where the calendars of a set of regions come from: an environment (built-in data, its plugins' calendar
    files, its own files, ``BIZENV_CALENDAR_FILES``), kept per set of arguments."""

    def __call__(
        self, calendar_id: str, *, unknown_years: UnknownYears = "error", provisional: ProvisionalPolicy = "warn"
    ) -> WorkingCalendar: ...


def _built_in_source(
    calendar_id: str, *, unknown_years: UnknownYears = "error", provisional: ProvisionalPolicy = "warn"
) -> WorkingCalendar:
    return get_calendar(calendar_id, unknown_years=unknown_years, provisional=provisional)


_default_source: CalendarSource = _built_in_source


def default_calendar_source() -> CalendarSource:
    """The source of calendars for a profile that did not come from an environment (one read from a file):
    the default environment once :mod:`bizenv` is imported, which registers it, else the built-in data."""
    return _default_source


def set_default_calendar_source(source: CalendarSource | None) -> CalendarSource:
    """Make ``source`` the calendars of profiles that came from no environment (None: the built-in data only);
    returns the previous one. :mod:`bizenv.environment` registers the default environment here, so that the
    layers below it ask for a calendar without importing it."""
    global _default_source
    previous, _default_source = _default_source, source or _built_in_source
    return previous
