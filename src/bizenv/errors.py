"""One family of errors and warnings: every error bizenv raises is a :class:`BizenvError`.

Catch ``bizenv.BizenvError`` to handle anything bizenv refuses; catch a subclass for one kind of
problem. Lookup errors (an unknown region, measure, target, unit, category or calendar) are also
``KeyError``/``LookupError`` and value errors also ``ValueError``, so code written against the
built-in exceptions keeps working; unlike a bare ``KeyError`` their message prints without quotes.

::

    BizenvError
    ├── ProfileError             a profile (data file or model object) that does not fit the format
    │   ├── ProfileFileError     ... read from a file; the message names the file and the field path
    │   └── DeadlineError        deadline text that does not read as a date
    ├── NotFoundError            an unknown region, measure, target, unit, category or calendar
    │   ├── UnknownRegionError
    │   ├── UnknownMeasureError, UnknownTargetError, UnknownUnitError, UnknownSubUnitError
    │   ├── UnknownCategoryError, UnknownMetricError
    │   └── UnknownCalendarError
    ├── CalendarError
    │   ├── CalendarCoverageError   a date in a year the calendar has no data for
    │   ├── ProvisionalDataError    estimated days used under provisional="error"
    │   ├── NaiveDatetimeError      a datetime without a zone
    │   ├── NoOfficeHoursError      office-hour arithmetic on a calendar without office hours
    │   ├── CalendarDataError       a calendar data file that does not fit the format or its own rules
    │   └── NoticeError             a holiday notice that cannot be read as written
    ├── InputError               an input file or record (cases, ledgers, values) that cannot be read
    ├── ArgumentError            a public function given an argument of the wrong kind or value (also a
    │                            TypeError and a ValueError); the message names the argument
    └── PluginError              a plugin that could not be used; names the plugin

    BizenvWarning
    └── ProvisionalDataWarning      a computation used estimated days
        └── AssumedScheduleWarning  ... or a year with weekends only assumed
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class BizenvError(Exception):
    """The root of every error bizenv raises.

    An error made from a catalog message (a :class:`bizenv.i18n.Message`: its English template and values) prints
    in English and gives its words in the current locale with :meth:`translated`, as the ``bizenv`` command shows it.
    """

    def translated(self) -> str:
        """The message in the current locale where it was made from a catalog message; else as written."""
        first = self.args[0] if self.args else None
        translate = getattr(first, "translated", None)
        return str(translate()) if callable(translate) else str(self)


class _PlainMessage(BizenvError):
    # KeyError.__str__ quotes its argument; these print their message as written.
    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ProfileError(BizenvError, ValueError):
    """A profile that does not fit the profile format or the model's rules."""


class ProfileFileError(ProfileError):
    """A profile data file that does not fit the schema; the message names the file and the field path."""


class DeadlineError(ProfileError):
    """The text of a deadline could not be read as a date."""


class NotFoundError(_PlainMessage, KeyError):
    """Something asked for by name or id that does not exist; the message lists what does."""


class UnknownRegionError(NotFoundError):
    """No installed region has this id."""


class UnknownMeasureError(NotFoundError):
    """The region has no measure with this id."""


class UnknownTargetError(NotFoundError):
    """The target id is malformed or names a target the measure does not have."""


class UnknownUnitError(NotFoundError):
    """A unit name that is neither a normalised name nor an alias in the region's unit table."""


class UnknownSubUnitError(NotFoundError):
    """A sub-unit (county, township, park) name or id the region does not declare."""


class UnknownCategoryError(NotFoundError):
    """An indicator category code that the taxonomy does not have."""


class UnknownMetricError(NotFoundError):
    """A metric code that the metric registry does not have."""


class UnknownCalendarError(NotFoundError):
    """A calendar id that no calendar data defines."""


class CalendarError(BizenvError):
    """The root of the calendar errors."""


class CalendarCoverageError(_PlainMessage, CalendarError, LookupError):
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


class ProvisionalDataError(_PlainMessage, CalendarError, LookupError):
    """Raised instead of a warning when a calendar is built with provisional='error'."""


class NaiveDatetimeError(CalendarError, ValueError):
    """A datetime without a time zone: ambiguous in Xinjiang (Beijing time vs Xinjiang time)."""


class NoOfficeHoursError(_PlainMessage, CalendarError, LookupError):
    """Office-hour arithmetic on a calendar that defines no office hours."""


class CalendarDataError(CalendarError, ValueError):
    """A calendar data file that does not fit the schema or its own rules; the message names file and entry."""


class NoticeError(CalendarError, ValueError):
    """A holiday notice that cannot be read as written; the message quotes the line."""


class Translatable(Protocol):
    """A message that can be shown in the current locale (:class:`bizenv.i18n.Message`)."""

    def translated(self) -> str:
        """The message in the current locale."""
        ...


#: How a template is translated: the catalog lookup :mod:`bizenv.i18n` registers when loaded (as is, before).
_translator: list[Callable[[str], str]] = [str]


def set_translator(translate: Callable[[str], str]) -> None:
    """Called by :mod:`bizenv.i18n`: the catalog lookup :class:`Template` uses."""
    _translator[0] = translate


class Template:
    """A message in English with ``{placeholders}`` and its values, for the modules below :mod:`bizenv.i18n`
    (text files): printed in English, shown translated by :meth:`translated` once the catalogs are loaded."""

    __slots__ = ("params", "template")

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params

    def __str__(self) -> str:
        return self.template.format(**self.params)

    def translated(self) -> str:
        """The message in the current locale."""
        return _translator[0](self.template).format(**self.params)


class InputError(BizenvError, ValueError):
    """An input that cannot be read: a whole file (missing, undecidable encoding, missing columns) or one record.

    ``source`` is the file (or ``"<python>"``), ``row`` the 1-based row or item (or a cell such as
    ``"B7"`` in ``cell``), ``field`` the column; each is None where it does not apply. ``message`` is the
    English text; given as a :class:`bizenv.i18n.Message`, :meth:`localized` shows it in the current locale.
    """

    def __init__(
        self,
        message: str | Translatable,
        *,
        source: str | None = None,
        row: int | None = None,
        field: str | None = None,
        cell: str | None = None,
    ) -> None:
        self.template_message: Translatable | None = None if isinstance(message, str) else message
        self.message = str(message)
        self.source = source
        self.row = row
        self.field = field
        self.cell = cell
        super().__init__(self._line(self.message))

    def _line(self, text: str) -> str:
        where = self.source or ""
        if self.cell is not None:
            where += f"!{self.cell}" if where else self.cell
        elif self.row is not None:
            where += f":{self.row}"
        if self.field is not None and self.cell is None:
            text = f"field {self.field!r}: {text}"
        return f"{where}: {text}" if where else text

    def localized(self) -> str:
        """Where, and the message in the current locale (English where it was given as plain text)."""
        return self._line(self.template_message.translated() if self.template_message is not None else self.message)

    def translated(self) -> str:
        """What the command shows: :meth:`localized` (where, and the message in the current locale)."""
        return self.localized()


class ArgumentError(BizenvError, TypeError, ValueError):
    """A public function was given an argument of the wrong kind (a region id where a profile is expected, a
    list where a table is) or value (a naive as-of time, a locale bizenv does not speak); names the argument."""


def check_argument(value: object, kinds: type | tuple[type, ...], name: str, expected: str, hint: str = "") -> None:
    """Refuse ``value`` unless it is one of ``kinds``: an :class:`ArgumentError` naming the argument, what it
    should be and what it is."""
    if isinstance(value, kinds):
        return
    shown = repr(value) if isinstance(value, str | int | float) else type(value).__name__
    raise ArgumentError(f"{name} must be {expected}, not {shown}{'; ' + hint if hint else ''}")


class PluginError(BizenvError):
    """A plugin that could not be used; ``plugin`` names it."""

    def __init__(self, plugin: str, reason: str) -> None:
        self.plugin = plugin
        self.reason = reason
        super().__init__(f"plugin {plugin!r}: {reason}")


class BizenvWarning(UserWarning):
    """The root of bizenv's warnings."""


class ProvisionalDataWarning(BizenvWarning):
    """A computation used days that are estimated, not announced. Filter it, or make it an error."""


class AssumedScheduleWarning(ProvisionalDataWarning):
    """A computation used a year for which only weekends are assumed (unknown_years='weekends')."""


__all__ = [
    "AssumedScheduleWarning",
    "BizenvError",
    "BizenvWarning",
    "CalendarCoverageError",
    "CalendarDataError",
    "CalendarError",
    "DeadlineError",
    "InputError",
    "NaiveDatetimeError",
    "NoOfficeHoursError",
    "NotFoundError",
    "NoticeError",
    "PluginError",
    "ProfileError",
    "ProfileFileError",
    "ProvisionalDataError",
    "ProvisionalDataWarning",
    "Template",
    "Translatable",
    "UnknownCalendarError",
    "UnknownCategoryError",
    "UnknownMeasureError",
    "UnknownMetricError",
    "UnknownRegionError",
    "UnknownSubUnitError",
    "UnknownTargetError",
    "UnknownUnitError",
    "set_translator",
]
