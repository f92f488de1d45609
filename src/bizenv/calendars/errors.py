"""What a calendar says when it does not know, or only estimates (the calendar part of :mod:`bizenv.errors`)."""

from __future__ import annotations

from bizenv.errors import (
    AssumedScheduleWarning,
    CalendarCoverageError,
    CalendarDataError,
    CalendarError,
    NaiveDatetimeError,
    NoOfficeHoursError,
    NoticeError,
    ProvisionalDataError,
    ProvisionalDataWarning,
    UnknownCalendarError,
)

__all__ = [
    "AssumedScheduleWarning",
    "CalendarCoverageError",
    "CalendarDataError",
    "CalendarError",
    "NaiveDatetimeError",
    "NoOfficeHoursError",
    "NoticeError",
    "ProvisionalDataError",
    "ProvisionalDataWarning",
    "UnknownCalendarError",
]
