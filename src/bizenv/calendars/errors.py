"""What a calendar says when it does not know, or only estimates."""

from __future__ import annotations


class CalendarCoverageError(LookupError):
    """A date in a year the calendar has no data for. The message says how to load the year."""

    def __init__(self, calendar_id: str, year: int, detail: str = "") -> None:
        self.calendar_id = calendar_id
        self.year = year
        super().__init__(
            f"calendar {calendar_id} has no data for {year}{detail}. Load the year's official notice: "
            f"`bizenv calendar import NOTICE.txt --out {year}.toml`, then pass the file with --calendar-data "
            f"(or the BIZENV_CALENDAR_FILES environment variable, or get_calendar(..., data_files=[...])), "
            f"or ship it in a plugin's bizenv_calendar_files hook; or accept an explicit, flagged "
            f"weekends-only assumption (--assume-weekends, or get_calendar(..., unknown_years='weekends'))."
        )


class ProvisionalDataWarning(UserWarning):
    """A computation used days that are estimated, not announced. Filter it, or make it an error."""


class AssumedScheduleWarning(ProvisionalDataWarning):
    """A computation used a year for which only weekends are assumed (unknown_years='weekends')."""


class ProvisionalDataError(LookupError):
    """Raised instead of a warning when a calendar is built with provisional='error'."""


class NaiveDatetimeError(ValueError):
    """A datetime without a time zone: ambiguous in Xinjiang (Beijing time vs Xinjiang time)."""


class NoOfficeHoursError(LookupError):
    """Office-hour arithmetic on a calendar that defines no office hours."""
