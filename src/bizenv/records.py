"""Observations the evaluators take: case records, ledger rows, observed values, rejections."""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

import attrs

from bizenv.i18n import Message

RejectionCode = Literal[
    "unknown_target",
    "unknown_metric",
    "unknown_item",
    "unknown_sub_unit",
    "not_a_case_target",
    "not_judged",
    "year_not_covered",
    "no_time_zone",
    "missing_value",
    "bad_timestamp",
    "bad_date",
    "bad_number",
    "bad_value",
    "bad_interval",
    "ambiguous_id",
    "row_shape",
    "duplicate",
    "conflicting_lines",
    "completed_before_submitted",
    "submitted_after_as_of",
    "open_without_as_of",
    "completed_after_as_of",
    "unknown_status",
    "invalid_record",
]
#: What each rejection code means: the closed vocabulary a program keys on (the message stays translated).
REJECTION_CODES: dict[RejectionCode, str] = {
    "unknown_target": "the target id is not one of the region's targets",
    "unknown_metric": "the target's metric is in no registry, so it cannot be judged",
    "unknown_item": "a ledger line names no measure or target of the region",
    "unknown_sub_unit": "the county, township or park is not one of the region's sub-units",
    "not_a_case_target": "the target is not a time limit on cases (a rate, count, fee, quantity, or not in time)",
    "not_judged": "the target says who a policy applies to; it is not judged",
    "year_not_covered": "a time falls in a year the calendar has no data for",
    "no_time_zone": "a time has no zone and none was given",
    "missing_value": "a required cell is empty",
    "bad_timestamp": "a date-time cell cannot be read as one",
    "bad_date": "a date cell cannot be read as a day",
    "bad_number": "a number cannot be read, is not finite, negative, or not in the target's unit",
    "bad_value": "a cell cannot be read as the column's kind of value",
    "bad_interval": "excluded time is not start/end pairs inside the case's time",
    "ambiguous_id": "an id stored as a number may be several ids",
    "row_shape": "the row has more or fewer cells than the header",
    "duplicate": "the record's id appears again",
    "conflicting_lines": "lines for one item disagree",
    "completed_before_submitted": "the completion time is before the submission time",
    "submitted_after_as_of": "the case was submitted after the as-of time (it did not exist then)",
    "open_without_as_of": "an open case, and no as-of time to judge it at",
    "completed_after_as_of": "completed after the as-of date",
    "unknown_status": "a status word is not understood",
    "invalid_record": "any other reason the record cannot be judged (the message says)",
}
# Reasons written in one place and used as they are: their code follows from their template.
_CODE_OF_TEMPLATE: dict[str, RejectionCode] = {
    "is empty": "missing_value",
    "a time has no time zone: give the zone of the file's times": "no_time_zone",
    "completed {end} before it was submitted {start}": "completed_before_submitted",
    "the case is open (no completion time) and no as-of time was given": "open_without_as_of",
    "the case was submitted {start}, after the as-of time {as_of}": "submitted_after_as_of",
    "excluded time {first}..{last} is not inside the case's time {start}..{stop}": "bad_interval",
    "{part} is not 'start/end[/reason]' with two date-times": "bad_interval",
    "{name} is not a sub-unit of the region (its sub-units: {known})": "unknown_sub_unit",
    "{name} is not a sub-unit or unit of region {region} (its sub-units: {known})": "unknown_sub_unit",
    "case {case} appears twice": "duplicate",
    "measure {measure} appears twice in the ledger (first: {first})": "duplicate",
    "{subject} has two values for {indicator}": "duplicate",
    "{target} for {subject} on {day} appears again (first: {first})": "duplicate",
    "region {region} has no measure or target {measure}": "unknown_item",
    "{written} is stored as a number, so it may be measure {ids}; store ids as text": "ambiguous_id",
    "status {status} is not understood; use one of {words}": "unknown_status",
    "completed on {day}, after the as-of date {as_of}": "completed_after_as_of",
    "a completion date without a status; say whether it is done": "unknown_status",
    "{item}: left blank in {blank}, reported in {reported}": "conflicting_lines",
    "target {target} ({metric}) says who a policy applies to; it is not judged": "not_judged",
    "the row has {cells} cells but the header has {columns} columns: a value is out of its column": "row_shape",
    "the row has {cells} cells but the header has {columns} columns: the row is cut short": "row_shape",
    "{value} is not a finite number": "bad_number",
    "{value} is negative; a {unit} cannot be negative": "bad_number",
    "{value} is not a percentage (0-100)": "bad_number",
    "{value} looks like a share (0-1), not percent points: write {percent} or {percent}%": "bad_number",
    "written as a percentage ({value}%), but the target is in {unit}": "bad_number",
    "indicator {indicator} has no direction (known: {known})": "bad_value",
}


def rejection_code(message: Message | None, field: str | None = None) -> RejectionCode:
    """The closed code of a rejection's reason: the one its message carries, else its template's; a reason
    of no known kind is ``invalid_record``."""
    if message is not None:
        if message.code in _CODES:
            return message.code  # type: ignore[return-value]
        if (known := _CODE_OF_TEMPLATE.get(message.template)) is not None:
            return known
        if message.template.startswith("target {target} ({metric}) is "):
            return "not_a_case_target"
    return "bad_value" if field is not None else "invalid_record"


_CODES = frozenset(get_args(RejectionCode))


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

    @property
    def code(self) -> RejectionCode:
        """What kind of problem it is (:data:`REJECTION_CODES`): stable across languages and versions."""
        return rejection_code(self.message, self.field)

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
    #: True when the value was written as a percentage (95%, or a cell formatted as percent).
    percent: bool = False
