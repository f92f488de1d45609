"""Observations the evaluators take: case records, ledger rows, observed values, rejections."""

from __future__ import annotations

import datetime as dt

import attrs


@attrs.frozen(slots=True)
class Origin:
    """Where an input record came from: file (or "<python>") and 1-based row (header is row 1)."""

    source: str = "<python>"
    row: int | None = None

    def __str__(self) -> str:
        return f"{self.source}:{self.row}" if self.row is not None else self.source


@attrs.frozen(slots=True)
class Rejection:
    """An input record that could not be judged, and why. Rejections are reported, never dropped."""

    origin: Origin
    reason: str
    record_id: str | None = None

    def __str__(self) -> str:
        ident = f" ({self.record_id})" if self.record_id else ""
        return f"{self.origin}{ident}: {self.reason}"


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
    """A progress-ledger line: a measure's status as the responsible unit reports it."""

    measure_id: str
    status: str
    completed_on: dt.date | None = None
    note: str = ""
    origin: Origin = Origin()


@attrs.frozen(slots=True)
class Observation:
    """An observed value of a target's metric (e.g. 供电可靠率 99.2), for a subject and a date."""

    target_id: str
    value: float
    subject: str | None = None
    observed_on: dt.date | None = None
    origin: Origin = Origin()


@attrs.frozen(slots=True)
class IndicatorValue:
    """An indicator's value for one subject (a county, park or unit), the input of scoring."""

    subject: str
    indicator: str
    value: float
    origin: Origin = Origin()
