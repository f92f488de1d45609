"""Which office-hour season applies on a date."""

from __future__ import annotations

import datetime as dt

from bizenv.calendars.schedule import OfficeSeason


def seasons_in_force(seasons: tuple[OfficeSeason, ...], year: int) -> list[OfficeSeason]:
    """Per season name, the one with the latest ``since_year`` not after ``year`` (standing ones count as earliest)."""

    def since(season: OfficeSeason) -> int:
        return season.since_year if season.since_year is not None else -1

    chosen: dict[str, OfficeSeason] = {}
    for season in sorted((s for s in seasons if since(s) <= year), key=since):
        chosen[season.season] = season  # later since_year wins
    return sorted(chosen.values(), key=lambda s: s.starts)


def season_on(seasons: tuple[OfficeSeason, ...], day: dt.date) -> OfficeSeason | None:
    """The season in force on ``day``: the latest one started this year, else the last of the year before."""
    ordered = seasons_in_force(seasons, day.year)
    started = [s for s in ordered if (day.month, day.day) >= s.starts]
    if started:
        return started[-1]
    before = seasons_in_force(seasons, day.year - 1)  # winter from 1 October runs into the new year
    return before[-1] if before else None
