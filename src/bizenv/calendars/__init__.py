"""Working-time calendars: the national schedule (CN), the Xinjiang overlay (CN-XJ), office hours,
period arithmetic and a batch API."""

from bizenv.calendars.calendar import DayInfo, WorkingCalendar
from bizenv.calendars.errors import (
    AssumedScheduleWarning,
    CalendarCoverageError,
    CalendarDataError,
    CalendarError,
    NaiveDatetimeError,
    NoOfficeHoursError,
    ProvisionalDataError,
    ProvisionalDataWarning,
)
from bizenv.calendars.registry import (
    CALENDAR_IDS,
    CalendarSource,
    build_calendar,
    built_in_data,
    default_calendar_source,
    get_calendar,
    set_default_calendar_source,
)
from bizenv.calendars.schedule import (
    Break,
    CalendarData,
    OfficeSeason,
    YearSchedule,
    dump_calendar_data,
    load_calendar_data,
)

__all__ = [
    "CALENDAR_IDS",
    "AssumedScheduleWarning",
    "Break",
    "CalendarCoverageError",
    "CalendarData",
    "CalendarDataError",
    "CalendarError",
    "CalendarSource",
    "DayInfo",
    "NaiveDatetimeError",
    "NoOfficeHoursError",
    "OfficeSeason",
    "ProvisionalDataError",
    "ProvisionalDataWarning",
    "WorkingCalendar",
    "YearSchedule",
    "build_calendar",
    "built_in_data",
    "default_calendar_source",
    "dump_calendar_data",
    "get_calendar",
    "load_calendar_data",
    "set_default_calendar_source",
]
