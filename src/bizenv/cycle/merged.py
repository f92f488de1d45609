"""A month of returns as data: the units' answers, the merged lines and the month tracked.

These are what :mod:`bizenv.cycle.month` puts together and :mod:`bizenv.cycle.store` keeps; both read them from
here, so the store never imports the composition.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import attrs

from bizenv.cycle.returns import Returns
from bizenv.evaluate import CaseEvaluation, DeadlineReport
from bizenv.i18n import Message
from bizenv.records import LedgerRow, Rejection

#: A line's part in its item: the unit's role, ``consolidated`` for a return naming no unit, ``none`` for a unit
#: that holds no role in the item.
AnswerRole = Literal["lead", "area_lead", "responsible", "cooperating", "consolidated", "none"]


@attrs.frozen(slots=True)
class UnitAnswer:
    """A line of the month as kept: the item it names, the line as sent, the unit and its part in the item, the
    return it came in (by name), and whether it is the answer that counts for the item."""

    item_id: str
    row: LedgerRow
    unit: str | None
    role: AnswerRole
    source: str
    counted: bool = False

    @property
    def reported(self) -> bool:
        """Whether the line gives a status (a note alone is no answer)."""
        return bool(self.row.status.strip())


@attrs.frozen(slots=True)
class Dispute:
    """An item whose answers that count disagree: who said what."""

    item_id: str
    answers: tuple[UnitAnswer, ...]


@attrs.frozen(slots=True)
class Merged:
    """The month's returns put together: one line per item with an answer that counts, every line as kept per unit,
    the disputed items, the lines refused and what was flagged."""

    rows: tuple[LedgerRow, ...]
    answers: tuple[UnitAnswer, ...]
    disputes: tuple[Dispute, ...]
    rejections: tuple[Rejection, ...]
    flags: tuple[Message, ...] = ()


@attrs.frozen(slots=True)
class Month:
    """A month put together and tracked: the returns as read, the lines merged, the tracking result, and who owed
    a return and who sent one.

    ``owed`` are the units (not groups) that answer for an item (lead, area lead, responsible) that is not done or
    was done this month; ``reported`` the units whose return says something (a status or a note on a line).
    ``unreported`` (未报送) is owed minus reported, and is only known when every return names its unit
    (``consolidated`` false)."""

    region: str
    as_of: dt.date
    returns: Returns
    merged: Merged
    report: DeadlineReport
    owed: tuple[str, ...]
    reported: tuple[str, ...]
    #: Collective names (各乡镇, 县直各部门) that hold items: not units to call in or to chase for a return.
    groups: tuple[str, ...]
    cases: CaseEvaluation | None = None

    @property
    def consolidated(self) -> bool:
        """Whether a return names no unit (a consolidated ledger): who did not report is then not known."""
        return any(r.unit is None for r in self.returns.returns)

    @property
    def unreported(self) -> tuple[str, ...]:
        """The units that owed a return and sent none (未报送); empty when :attr:`consolidated`."""
        if self.consolidated:
            return ()
        sent = set(self.reported)
        return tuple(u for u in self.owed if u not in sent)

    @property
    def rejections(self) -> tuple[Rejection, ...]:
        """Every line refused: by the reader, the merge and the tracker."""
        return self.report.rejections


__all__ = ["AnswerRole", "Dispute", "Merged", "Month", "UnitAnswer"]
