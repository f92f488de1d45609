"""Which office-hour season applies on a date."""

from __future__ import annotations

import datetime as dt

from bizenv.calendars.schedule import OfficeSeason


def season_on(seasons: tuple[OfficeSeason, ...], day: dt.date) -> OfficeSeason | None:
    """The season in force on ``day``: the latest one started this year, else the last of the year before."""
    if not seasons:
        return None
    ordered = sorted(seasons, key=lambda s: s.starts)
    current = ordered[-1]  # wraps around the new year: winter from 1 October runs into April
    for season in ordered:
        if (day.month, day.day) >= season.starts:
            current = season
    return current
