"""Working-time calendars: table-driven, workalendar-compatible, honest about what they know."""

from __future__ import annotations

import bisect
import datetime as dt
import warnings
from collections.abc import Iterable, Sequence
from typing import Literal
from zoneinfo import ZoneInfo

import attrs
import numpy as np
import numpy.typing as npt
from workalendar.core import Calendar as _WorkalendarCalendar

from bizenv.calendars.errors import (
    AssumedScheduleWarning,
    CalendarCoverageError,
    CalendarDataError,
    NaiveDatetimeError,
    NoOfficeHoursError,
    ProvisionalDataError,
    ProvisionalDataWarning,
)
from bizenv.calendars.officehours import season_on
from bizenv.calendars.schedule import OfficeSeason, YearSchedule
from bizenv.calendars.statutory import off_kinds
from bizenv.errors import ArgumentError

UnknownYears = Literal["error", "weekends"]
#: A day as users ask for it: a working day, a weekend day, a statutory holiday (法定节假日, or the working day a
#: statutory day on a weekend is made up on: 补假), an in-lieu rest day (调休休息日, paid for by a make-up working
#: day), a make-up working day (调休上班). Overtime on a holiday is paid 300 %, on a weekend or in-lieu day 200 %.
DayKind = Literal["workday", "weekend", "holiday", "in_lieu", "makeup_workday"]
YearStatus = Literal["official", "provisional", "assumed", "unknown"]
ProvisionalPolicy = Literal["warn", "allow", "error"]
#: Range of years a weekends-only assumption may extend to.
ASSUMABLE_YEARS = (1949, 2100)
DAY = 86400


@attrs.frozen(slots=True)
class DayInfo:
    """What a calendar says about one day (the rows of ``bizenv calendar days``)."""

    date: dt.date
    working: bool
    #: "workday", "weekend", "holiday" (法定节假日), "in_lieu" (调休休息日) or "makeup_workday" (调休上班); a
    #: weekend day inside a break is "weekend" and carries the break's name (:mod:`bizenv.calendars.statutory`).
    kind: DayKind
    name: str | None
    provisional: bool
    source: str | None
    #: True when the year is unknown and only weekends are assumed.
    assumed: bool = False


class WorkingCalendar:
    """A working-day and office-hour calendar built from notice data.

    It keeps workalendar's ``Calendar`` interface (``is_working_day``, ``is_holiday``, ``holidays(year)``,
    ``holidays_set``, ``get_holiday_label``, ``add_working_days``, ``sub_working_days``,
    ``get_working_days_delta``, ``find_following_working_day``), with the same names and answers, typed,
    answering from precomputed tables instead of rules; it wraps workalendar's generic algorithms (for
    ``extra_working_days`` and ``extra_holidays``) rather than subclassing its untyped class. A date in a
    year without data raises :class:`CalendarCoverageError` (or, with ``unknown_years="weekends"``,
    is counted with weekends only and flagged); a computation that touches estimated days warns
    with :class:`ProvisionalDataWarning` (or raises, with ``provisional="error"``).
    """

    WEEKEND_DAYS = (5, 6)

    def __init__(
        self,
        calendar_id: str,
        years: Sequence[YearSchedule],
        office_seasons: Sequence[OfficeSeason] = (),
        *,
        timezone: str = "Asia/Shanghai",
        unknown_years: UnknownYears = "error",
        provisional: ProvisionalPolicy = "warn",
        national_years: Iterable[int] | None = None,
    ) -> None:
        if unknown_years not in ("error", "weekends"):
            raise ArgumentError(f"unknown_years must be 'error' or 'weekends', not {unknown_years!r}")
        if provisional not in ("warn", "allow", "error"):
            raise ArgumentError(f"provisional must be 'warn', 'allow' or 'error', not {provisional!r}")
        self.id = calendar_id
        self.timezone = ZoneInfo(timezone)
        self.unknown_years = unknown_years
        self.provisional_policy = provisional
        self.office_seasons = tuple(office_seasons)
        self.year_schedules = tuple(years)
        known = set(national_years) if national_years is not None else {y.year for y in years}
        if not known:
            raise CalendarDataError(f"calendar {calendar_id} has no year data")
        self.known_years = frozenset(known)
        self.provisional_years = frozenset(y.year for y in years if y.provisional and y.year in known)
        first, last = min(known), max(known)
        if unknown_years == "weekends":
            first, last = min(first, ASSUMABLE_YEARS[0]), max(last, ASSUMABLE_YEARS[1])
        self.first_day = dt.date(first, 1, 1)
        self.last_day = dt.date(last, 12, 31)
        self._origin = self.first_day.toordinal()
        self._warned: set[int] = set()
        # Years a lookup may answer without a coverage or provisional check (the scalar fast lane).
        self._quiet_years = frozenset(
            self.known_years if provisional == "allow" else self.known_years - self.provisional_years
        )
        self._build(years)
        # The scalar fast lane: the answer for each day of a quiet year, looked up by the date itself (a
        # datetime, or a day of another year, is not a key and takes the checked path).
        self._quiet_days: dict[dt.date, bool] = {
            dt.date.fromordinal(self._origin + i): w
            for i, w in enumerate(self._working)
            if dt.date.fromordinal(self._origin + i).year in self._quiet_years
        }

    # -- construction ----------------------------------------------------------------------------

    def _build(self, years: Sequence[YearSchedule]) -> None:
        n = self.last_day.toordinal() - self._origin + 1
        dates = [dt.date.fromordinal(self._origin + i) for i in range(n)]
        working = [d.weekday() < 5 for d in dates]
        kind: list[DayKind] = ["workday" if w else "weekend" for w in working]
        # A named day off (a weekend day inside a break too): what holidays() and is_holiday() answer.
        in_break = [False] * n
        self._names: dict[int, str] = {}
        self._sources: dict[int, str] = {}
        self._labels_en: dict[int, str] = {}
        # National years first, then each overlay level (the more specific notice has the last word).
        for schedule in sorted(years, key=lambda y: (y.calendar.count("-"), y.year)):
            for brk in schedule.breaks:
                source = brk.source or schedule.source
                for day, off in off_kinds(brk).items():
                    i = day.toordinal() - self._origin
                    if 0 <= i < n:
                        working[i], kind[i], in_break[i] = False, off, True
                        self._names[i], self._sources[i] = brk.name, source
                        if brk.en:
                            self._labels_en[i] = brk.en
                for day in brk.workdays:
                    i = day.toordinal() - self._origin
                    if 0 <= i < n:
                        working[i], kind[i], in_break[i] = True, "makeup_workday", False
                        self._names[i], self._sources[i] = f"{brk.name}调休上班", source
                        if brk.en:
                            self._labels_en[i] = f"{brk.en} make-up working day"
        self._working: list[bool] = working
        self._kind = kind
        self._in_break = in_break
        cum = [0] * (n + 1)
        for i, w in enumerate(working):
            cum[i + 1] = cum[i] + w
        self._cum: list[int] = cum
        self._work_ordinals: list[int] = [self._origin + i for i, w in enumerate(working) if w]
        self.working_array: npt.NDArray[np.bool_] = np.array(working, dtype=bool)
        self.cum_array: npt.NDArray[np.int64] = np.array(cum, dtype=np.int64)
        self._build_office(dates)

    def _build_office(self, dates: list[dt.date]) -> None:
        n = len(dates)
        width = max((len(s.periods) for s in self.office_seasons), default=0)
        starts = np.zeros((n, max(width, 1)), dtype=np.int64)
        ends = np.zeros((n, max(width, 1)), dtype=np.int64)
        day_seconds = np.zeros(n, dtype=np.int64)
        self._periods: list[tuple[tuple[int, int], ...]] = []
        for i, day in enumerate(dates):
            season = season_on(self.office_seasons, day) if self._working[i] else None
            periods = season.periods if season else ()
            self._periods.append(periods)
            for k, (a, b) in enumerate(periods):
                starts[i, k], ends[i, k] = a, b
            day_seconds[i] = sum(b - a for a, b in periods)
        self.period_starts, self.period_ends = starts, ends
        self.office_cum_array: npt.NDArray[np.int64] = np.concatenate(([0], np.cumsum(day_seconds)))
        self._office_cum: list[int] = self.office_cum_array.tolist()

    # -- coverage ----------------------------------------------------------------------------------

    @property
    def has_office_hours(self) -> bool:
        """Whether the calendar defines office hours (CN does not; CN-XJ does)."""
        return bool(self.office_seasons)

    def _check_year(self, year: int) -> None:
        self.check_years(year, year)

    def _covered(self, year: int) -> bool:
        return year in self.known_years or (
            self.unknown_years == "weekends" and ASSUMABLE_YEARS[0] <= year <= ASSUMABLE_YEARS[1]
        )

    def _coverage_text(self) -> str:
        years = sorted(self.known_years)
        if years[-1] - years[0] + 1 == len(years):
            return f" (it knows {years[0]}-{years[-1]})"
        return f" (it knows {years})"

    def _flag(self, year: int, category: type[ProvisionalDataWarning], what: str) -> None:
        if self.provisional_policy == "allow" or year in self._warned:
            return
        message = f"calendar {self.id}: {year} {what}; load the year's official notice to replace the estimate"
        if self.provisional_policy == "error":
            raise ProvisionalDataError(message)
        self._warned.add(year)
        warnings.warn(message, category, stacklevel=4)

    def check_years(self, first_year: int, last_year: int) -> None:
        """Check every year from ``first_year`` to ``last_year``, both included, that a computation passes
        through: all of them must be known (else :class:`CalendarCoverageError`, before anything is flagged),
        and each estimated or assumed one is flagged under the provisional policy."""
        years = range(min(first_year, last_year), max(first_year, last_year) + 1)
        for year in years:
            if not self._covered(year):
                raise CalendarCoverageError(self.id, year, self._coverage_text())
        for year in years:
            if year in self.provisional_years:
                self._flag(year, ProvisionalDataWarning, "uses estimated regional festival days")
            elif year not in self.known_years:
                self._flag(year, AssumedScheduleWarning, "has no data: only weekends are assumed off")

    def _index(self, day: dt.date) -> int:
        self._check_year(day.year)
        return day.toordinal() - self._origin

    def year_status(self, year: int) -> YearStatus:
        """ "official", "provisional", "assumed" (weekends only) or "unknown"."""
        if year in self.known_years:
            return "provisional" if year in self.provisional_years else "official"
        if self.unknown_years == "weekends" and ASSUMABLE_YEARS[0] <= year <= ASSUMABLE_YEARS[1]:
            return "assumed"
        return "unknown"

    # -- days --------------------------------------------------------------------------------------

    def _date(self, day: dt.date | dt.datetime) -> dt.date:
        # An aware moment is on the day it is in the calendar's zone (2024-09-30T20:00Z is 1 October in Beijing),
        # not on its UTC date; a naive one is taken as written.
        if isinstance(day, dt.datetime):
            return (day.astimezone(self.timezone) if day.utcoffset() is not None else day).date()
        if not isinstance(day, dt.date):
            raise ArgumentError(f"day must be a date or datetime, not {type(day).__name__}")
        return day

    def day_info(self, day: dt.date, *, locale: str = "zh") -> DayInfo:
        """What the calendar says about one day; names in English with ``locale="en"``."""
        status = self.year_status(day.year)
        if status == "unknown":
            raise CalendarCoverageError(self.id, day.year, self._coverage_text())
        i = day.toordinal() - self._origin
        names = self._labels_en if locale.startswith("en") else self._names
        return DayInfo(
            date=day,
            working=self._working[i],
            kind=self._kind[i],
            name=names.get(i, self._names.get(i)),
            provisional=status != "official",
            source=self._sources.get(i),
            assumed=status == "assumed",
        )

    def days(self, start: dt.date, end: dt.date, *, locale: str = "zh") -> list[DayInfo]:
        """One :class:`DayInfo` per day from ``start`` to ``end`` inclusive."""
        ordinals = range(start.toordinal(), end.toordinal() + 1)
        return [self.day_info(dt.date.fromordinal(o), locale=locale) for o in ordinals]

    # -- workalendar interface ---------------------------------------------------------------------

    def get_calendar_holidays(self, year: int) -> list[tuple[dt.date, str]]:
        """Named days off of ``year`` (workalendar's hook behind :meth:`holidays`)."""
        if self.year_status(year) == "unknown":
            raise CalendarCoverageError(self.id, year, self._coverage_text())
        start = dt.date(year, 1, 1).toordinal() - self._origin
        end = dt.date(year, 12, 31).toordinal() - self._origin
        return [
            (dt.date.fromordinal(self._origin + i), self._names[i]) for i in range(start, end + 1) if self._in_break[i]
        ]

    def holidays(self, year: int | None = None) -> list[tuple[dt.date, str]]:
        """Named days off of ``year`` (weekend days inside a break included), sorted."""
        return self.get_calendar_holidays(year if year is not None else dt.date.today().year)

    def is_holiday(self, day: dt.date, extra_holidays: Iterable[dt.date] | None = None) -> bool:
        """Whether ``day`` is a named day off (a weekend day inside a break counts; a plain weekend does not)."""
        day = self._date(day)
        if extra_holidays and day in {self._date(d) for d in extra_holidays}:
            return True
        return self._in_break[self._index(day)]

    def is_working_day(
        self,
        day: dt.date,
        extra_working_days: Iterable[dt.date] | None = None,
        extra_holidays: Iterable[dt.date] | None = None,
    ) -> bool:
        """Whether ``day`` is a working day: weekends and days off are not, make-up working days (调休) are."""
        if extra_working_days is None and extra_holidays is None:
            try:
                return self._quiet_days[day]
            except (KeyError, TypeError):
                pass
        day = self._date(day)
        if extra_working_days and day in {self._date(d) for d in extra_working_days}:
            return True
        if extra_holidays and day in {self._date(d) for d in extra_holidays}:
            return False
        return self._working[self._index(day)]

    def add_working_days(
        self,
        day: dt.date,
        delta: int,
        extra_working_days: Iterable[dt.date] | None = None,
        extra_holidays: Iterable[dt.date] | None = None,
        keep_datetime: bool = False,
    ) -> dt.date:
        """The date ``delta`` working days after ``day`` (before it, if negative); ``day`` is not counted.
        With ``keep_datetime`` a datetime ``day`` gives a datetime at the same time of day."""
        if isinstance(delta, bool) or not isinstance(delta, int):
            raise ArgumentError(f"delta must be a whole number of working days, not {delta!r}")
        if extra_working_days or extra_holidays:
            generic: dt.date = _WorkalendarCalendar.add_working_days(
                self, day, delta, extra_working_days, extra_holidays, keep_datetime
            )
            return generic
        original = day
        start = self._date(day)
        if not self._covered(start.year):
            raise CalendarCoverageError(self.id, start.year, self._coverage_text())
        i = start.toordinal() - self._origin
        if delta == 0:
            result = start
        else:
            position = self._cum[i + 1] + delta - 1 if delta > 0 else self._cum[i] + delta
            if not 0 <= position < len(self._work_ordinals):
                beyond = self.last_day.year + 1 if delta > 0 else self.first_day.year - 1
                raise CalendarCoverageError(self.id, beyond, self._coverage_text())
            result = dt.date.fromordinal(self._work_ordinals[position])
        self.check_years(start.year, result.year)
        if keep_datetime and isinstance(original, dt.datetime):
            return dt.datetime.combine(result, original.timetz())
        return result

    def get_working_days_delta(
        self,
        start: dt.date,
        end: dt.date,
        include_start: bool = False,
        extra_working_days: Iterable[dt.date] | None = None,
        extra_holidays: Iterable[dt.date] | None = None,
    ) -> int:
        """Working days between two dates in either order, counting the later day but not the earlier one."""
        if extra_working_days or extra_holidays:
            return int(
                _WorkalendarCalendar.get_working_days_delta(
                    self, start, end, include_start, extra_working_days, extra_holidays
                )
            )
        quiet = self._quiet_years
        if type(start) is dt.date and type(end) is dt.date and start.year in quiet and end.year in quiet:
            a, b = (start, end) if start <= end else (end, start)
            if b.year - a.year <= 1:  # no year in between left unchecked
                i, j = a.toordinal() - self._origin, b.toordinal() - self._origin
                cum = self._cum
                return cum[j + 1] - cum[i + 1] + (1 if include_start and a != b and self._working[i] else 0)
        a, b = sorted((self._date(start), self._date(end)))
        if a == b:
            return 0
        self.check_years(a.year, b.year)
        i, j = a.toordinal() - self._origin, b.toordinal() - self._origin
        return self._cum[j + 1] - self._cum[i + 1] + (1 if include_start and self._working[i] else 0)

    def sub_working_days(
        self,
        day: dt.date,
        delta: int,
        extra_working_days: Iterable[dt.date] | None = None,
        extra_holidays: Iterable[dt.date] | None = None,
        keep_datetime: bool = False,
    ) -> dt.date:
        """The date ``delta`` working days before ``day`` (workalendar's ``sub_working_days``)."""
        return self.add_working_days(day, -abs(delta), extra_working_days, extra_holidays, keep_datetime)

    def holidays_set(self, year: int | None = None) -> set[dt.date]:
        """The days off of ``year`` as a set (workalendar's ``holidays_set``)."""
        return {day for day, _name in self.holidays(year)}

    def get_holiday_label(self, day: dt.date) -> str | None:
        """The name of the day off ``day`` is, or None (workalendar's ``get_holiday_label``)."""
        day = self._date(day)
        return next((name for d, name in self.holidays(day.year) if d == day), None)

    def get_weekend_days(self) -> tuple[int, ...]:
        """The weekdays that are weekend days (Monday 0): Saturday and Sunday."""
        return self.WEEKEND_DAYS

    def find_following_working_day(self, day: dt.date) -> dt.date:
        """The day itself if it is a working day, else the next one (holidays and make-up days included,
        unlike workalendar's version, which looks at weekends only)."""
        day = self._date(day)
        return day if self.is_working_day(day) else self.add_working_days(day, 1)

    # -- signed working-day arithmetic -------------------------------------------------------------

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier."""
        a, b = self._date(start), self._date(end)
        self.check_years(a.year, b.year)
        i, j = a.toordinal() - self._origin, b.toordinal() - self._origin
        return self._cum[j + 1] - self._cum[i + 1]

    # -- time zones --------------------------------------------------------------------------------

    def to_local(self, moment: dt.datetime, zone: str | None = None) -> dt.datetime:
        """``moment`` in the calendar's zone. A naive datetime needs ``zone`` (e.g. "Asia/Urumqi")."""
        if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
            if zone is None:
                raise NaiveDatetimeError(
                    f"{moment.isoformat()} has no time zone; in Xinjiang it could be Beijing time (Asia/Shanghai) "
                    f"or Xinjiang time (Asia/Urumqi): pass zone=... or an aware datetime"
                )
            moment = moment.replace(tzinfo=ZoneInfo(zone))
        return moment.astimezone(self.timezone)

    # -- office hours ------------------------------------------------------------------------------

    def require_office_hours(self) -> None:
        """Raise :class:`NoOfficeHoursError` when the calendar defines no office hours."""
        if not self.office_seasons:
            raise NoOfficeHoursError(
                f"calendar {self.id} defines no office hours; use a regional calendar such as CN-XJ "
                f"or build one with office seasons"
            )

    def _office_position(self, local: dt.datetime) -> int:
        """Office seconds from the table origin to ``local`` (a datetime in the calendar's zone, in a year the
        caller has checked)."""
        i = local.toordinal() - self._origin
        second = local.hour * 3600 + local.minute * 60 + local.second
        inside = sum(min(max(second - a, 0), b - a) for a, b in self._periods[i])
        return self._office_cum[i] + inside

    def office_seconds_between(self, start: dt.datetime, end: dt.datetime, zone: str | None = None) -> int:
        """Office seconds from ``start`` to ``end`` (negative if ``end`` is earlier), whole seconds."""
        self.require_office_hours()
        a, b = self.to_local(start, zone), self.to_local(end, zone)
        self.check_years(a.year, b.year)
        return self._office_position(b) - self._office_position(a)

    def office_hours_between(self, start: dt.datetime, end: dt.datetime, zone: str | None = None) -> float:
        """Office hours from ``start`` to ``end`` (negative if ``end`` is earlier)."""
        return self.office_seconds_between(start, end, zone) / 3600

    def office_periods(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """The office periods of ``day`` as aware datetimes; empty on a day off."""
        self.require_office_hours()
        i = self._index(day)
        midnight = dt.datetime.combine(day, dt.time(), self.timezone)
        return [(midnight + dt.timedelta(seconds=a), midnight + dt.timedelta(seconds=b)) for a, b in self._periods[i]]

    def _at_position(self, position: int, since_year: int) -> dt.datetime:
        """The earliest instant at which ``position`` office seconds have elapsed since the origin; the years
        from ``since_year`` to the result's are checked."""
        # The first day whose cumulative total reaches the position holds it.
        i = bisect.bisect_left(self._office_cum, position) - 1
        if not 0 <= i < len(self._periods):
            raise CalendarCoverageError(self.id, self.last_day.year + 1, self._coverage_text())
        day = dt.date.fromordinal(self._origin + i)
        self.check_years(since_year, day.year)
        remaining = position - self._office_cum[i]
        midnight = dt.datetime.combine(day, dt.time(), self.timezone)
        for a, b in self._periods[i]:
            if remaining <= b - a:
                return midnight + dt.timedelta(seconds=a + remaining)
            remaining -= b - a
        raise AssertionError("office table inconsistent")  # pragma: no cover

    def add_office_hours(self, start: dt.datetime, hours: float, zone: str | None = None) -> dt.datetime:
        """The instant at which ``hours`` office hours after ``start`` have elapsed (in the calendar's zone).

        A result that falls on the end of a period is that end (e.g. 14:00), not the next opening.
        """
        self.require_office_hours()
        if hours < 0:
            raise ArgumentError("hours must not be negative")
        local = self.to_local(start, zone)
        self._check_year(local.year)
        if hours == 0:
            return local
        return self._at_position(self._office_position(local) + round(hours * 3600), local.year)

    def next_opening(self, moment: dt.datetime, zone: str | None = None) -> dt.datetime:
        """``moment`` itself if offices are open then, else the start of the next office period."""
        self.require_office_hours()
        local = self.to_local(moment, zone)
        day = local.date()
        for _ in range(400):
            for opens, closes in self.office_periods(day):
                if local < closes:
                    return max(local, opens)
            day += dt.timedelta(days=1)
        raise CalendarCoverageError(self.id, day.year, self._coverage_text())  # pragma: no cover

    def close_of_day(self, day: dt.date) -> dt.datetime:
        """The end of the last office period of ``day``, or midnight at its end if there are no office hours."""
        if self.office_seasons:
            periods = self.office_periods(day)
            if periods:
                return periods[-1][1]
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), self.timezone)
