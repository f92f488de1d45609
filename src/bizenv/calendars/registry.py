"""``get_calendar``: calendars by id, from built-in data, plugin files and user files."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from importlib.abc import Traversable
from importlib.resources import files
from pathlib import Path

from bizenv.calendars.calendar import ProvisionalPolicy, UnknownYears, WorkingCalendar
from bizenv.calendars.estimate import estimate_xinjiang_year
from bizenv.calendars.schedule import (
    CalendarData,
    CalendarDataError,
    OfficeSeason,
    YearSchedule,
    load_calendar_data,
)

#: os.pathsep-separated calendar data files that every get_calendar call loads.
ENV_CALENDAR_FILES = "BIZENV_CALENDAR_FILES"
CALENDAR_IDS = ("CN", "CN-XJ")
_BUILT_IN = ("cn.toml", "xinjiang.toml")


def built_in_data() -> CalendarData:
    data = CalendarData()
    for name in _BUILT_IN:
        data = data + load_calendar_data(files("bizenv.calendars") / "data" / name)
    return data


def _env_files() -> list[Path]:
    value = os.environ.get(ENV_CALENDAR_FILES, "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


def _plugin_files() -> list[Traversable | Path]:
    from bizenv.plugins import default_registry

    return [path for _, path in default_registry().calendar_files]


def _days(year: YearSchedule) -> list[tuple[object, ...]]:
    return sorted((b.days_key for b in year.breaks), key=repr)


def merge_years(years: Iterable[YearSchedule]) -> dict[tuple[str, int], YearSchedule]:
    """One schedule per (calendar, year). Official beats provisional; two different official ones are an error."""
    merged: dict[tuple[str, int], YearSchedule] = {}
    for year in years:
        key = (year.calendar, year.year)
        held = merged.get(key)
        if held is None or (held.provisional and not year.provisional):
            merged[key] = year
        elif not held.provisional and not year.provisional and _days(held) != _days(year):
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
        raise KeyError(f"unknown calendar {calendar_id!r}; known: {', '.join(CALENDAR_IDS)}")
    merged = merge_years(data.years)
    national = {y: s for (c, y), s in merged.items() if c == "CN"}
    if calendar_id == "CN":
        return WorkingCalendar("CN", list(national.values()), (), unknown_years=unknown_years, provisional=provisional)
    defined = {c for c, _ in merged} | {s.calendar for s in data.office_seasons}
    if calendar_id not in defined:
        raise KeyError(f"unknown calendar {calendar_id!r}; known: {', '.join(CALENDAR_IDS)}")
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


_cache: dict[tuple[object, ...], WorkingCalendar] = {}


def get_calendar(
    calendar_id: str = "CN-XJ",
    *,
    data_files: Sequence[str | Path] = (),
    unknown_years: UnknownYears = "error",
    provisional: ProvisionalPolicy = "warn",
    use_plugins: bool = True,
) -> WorkingCalendar:
    """The calendar ``calendar_id`` ("CN" or "CN-XJ"): built-in data, plus calendar files from plugins,
    from ``BIZENV_CALENDAR_FILES`` and from ``data_files``. Calendars are cached per arguments."""
    extra = [Path(p) for p in data_files] + _env_files()
    plugin = _plugin_files() if use_plugins else []
    key = (calendar_id, tuple(str(p) for p in extra), tuple(str(p) for p in plugin), unknown_years, provisional)
    if key not in _cache:
        data = built_in_data()
        for path in [*plugin, *extra]:
            data = data + load_calendar_data(path)
        _cache[key] = build_calendar(calendar_id, data, unknown_years=unknown_years, provisional=provisional)
    return _cache[key]
