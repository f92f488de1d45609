"""Observations the evaluators take: case records, ledger rows, observed values, rejections."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import attrs

from bizenv.i18n import Message


@attrs.frozen(slots=True)
class Origin:
    """Where an input record came from: the file (``file.xlsx[sheet]``, or "<python>") and the row as the file
    shows it (the line of a CSV record, the row of a spreadsheet, the item of a JSON list)."""

    source: str = "<python>"
    row: int | None = None

    def __str__(self) -> str:
        return f"{self.source}:{self.row}" if self.row is not None else self.source


@attrs.frozen(slots=True)
class Rejection:
    """An input record that could not be judged, and why. Rejections are reported, never dropped.

    ``field`` is the column concerned and ``cell`` the spreadsheet cell (``D7``) where they are known;
    ``message`` is the reason as a translatable message (``reason`` is its English text).
    """

    origin: Origin
    reason: str
    record_id: str | None = None
    field: str | None = None
    cell: str | None = None
    message: Message | None = attrs.field(default=None, eq=False)

    def __str__(self) -> str:
        return self._line(self.reason)

    def _line(self, reason: str) -> str:
        ident = f" ({self.record_id})" if self.record_id else ""
        where = f" cell {self.cell}" if self.cell else ""
        column = f"{self.field}: " if self.field else ""
        return f"{self.origin}{where}{ident}: {column}{reason}"

    def localized(self) -> str:
        """The reason in the current locale."""
        return self.message.translated() if self.message is not None else self.reason

    def localized_line(self) -> str:
        """Where, which record, which column, and the reason in the current locale: one line."""
        return self._line(self.localized())

    @classmethod
    def of(
        cls,
        origin: Origin,
        message: Message,
        record_id: str | None = None,
        *,
        field: str | None = None,
        cell: str | None = None,
    ) -> Rejection:
        """A rejection whose reason is a translatable message."""
        return cls(origin, str(message), record_id, field, cell, message)


@attrs.frozen(slots=True)
class Interval:
    """A stretch of time that by law does not count (补正, 公示, hearings, expert review …)."""

    start: dt.datetime
    end: dt.datetime
    reason: str = ""


@attrs.frozen(slots=True)
class CaseRecord:
    """One case from a government-service platform. ``completed_at`` None means still open.

    Datetimes must be timezone-aware, or the evaluation must be given the zone they are in.
    """

    case_id: str
    target_id: str
    submitted_at: dt.datetime
    completed_at: dt.datetime | None = None
    sub_unit: str | None = None
    excluded: tuple[Interval, ...] = ()
    origin: Origin = Origin()


@attrs.frozen(slots=True)
class LedgerRow:
    """A progress-ledger line: a measure's status as the responsible unit reports it.

    An empty ``status`` means the unit reported nothing on the line (a template row left as sent).
    ``id_candidates`` lists the ids a number in the id column may have been typed as (a spreadsheet stores
    48.10 as 48.1): the tracker takes the one the region has, and refuses the row when it has several.
    """

    measure_id: str
    status: str
    completed_on: dt.date | None = None
    note: str = ""
    origin: Origin = Origin()
    id_candidates: tuple[str, ...] = ()


@attrs.frozen(slots=True)
class Observation:
    """An observed value of a target's metric (e.g. 供电可靠率 99.2), for a subject and a date.

    ``percent`` is true when the value was written as a percentage (95%, or a cell formatted as percent);
    ``value`` is then in percent points.
    """

    target_id: str
    value: float
    subject: str | None = None
    observed_on: dt.date | None = None
    origin: Origin = Origin()
    percent: bool = False


@attrs.frozen(slots=True)
class IndicatorValue:
    """An indicator's value for one subject (a county, park or unit), the input of scoring."""

    subject: str
    indicator: str
    value: float
    origin: Origin = Origin()
    #: "lower" or "higher" (which is better), where the input says; None otherwise.
    direction: Literal["lower", "higher"] | None = None
