"""Track measures against their deadlines from a progress ledger, per unit and per area."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Literal

import attrs

from bizenv.i18n import message
from bizenv.model import Measure, RegionProfile
from bizenv.records import LedgerRow, Rejection

DeadlineStatus = Literal[
    "done_on_time", "done_late", "overdue", "due_soon", "not_yet_due", "no_deadline", "done_no_deadline"
]
STATUSES: tuple[DeadlineStatus, ...] = (
    "overdue",
    "due_soon",
    "not_yet_due",
    "done_late",
    "done_on_time",
    "done_no_deadline",
    "no_deadline",
)
#: Ledger status words that mean the measure is finished (compared after stripping spaces, lower-case).
DONE_WORDS = frozenset({"done", "completed", "complete", "finished", "已完成", "完成", "已办结", "办结"})
OPEN_WORDS = frozenset(
    {
        "in_progress",
        "in progress",
        "ongoing",
        "not_started",
        "not started",
        "open",
        "推进中",
        "进行中",
        "正在推进",
        "未开始",
        "未完成",
        "持续推进",
    }
)


@attrs.frozen(slots=True)
class MeasureDeadline:
    """A measure's deadline status at the as-of date, with the ledger row it was judged from."""

    measure: Measure
    status: DeadlineStatus
    due: dt.date | None
    completed_on: dt.date | None
    #: Days past due (overdue or done late), or days left (due soon, not yet due).
    days: int | None
    ledger: LedgerRow | None


@attrs.frozen(slots=True)
class GroupDeadlines:
    """Counts per status and the overdue measures, for one unit or one area."""

    name: str
    counts: dict[str, int]
    overdue: tuple[str, ...]


@attrs.frozen(slots=True)
class DeadlineReport:
    """Every measure's deadline status at a date, grouped by unit and by area, with rejected ledger rows."""

    region: str
    as_of: dt.date
    due_soon_days: int
    measures: tuple[MeasureDeadline, ...]
    by_unit: tuple[GroupDeadlines, ...]
    by_area: tuple[GroupDeadlines, ...]
    rejections: tuple[Rejection, ...]

    def counts(self) -> dict[str, int]:
        """Measures per status, every status present."""
        counter = Counter(m.status for m in self.measures)
        return {status: counter.get(status, 0) for status in STATUSES}

    def overdue(self) -> list[MeasureDeadline]:
        """The overdue measures."""
        return [m for m in self.measures if m.status == "overdue"]


def _is_done(row: LedgerRow) -> bool | None:
    """True for a done status, False for an open one or none reported (an untouched template line)."""
    word = row.status.strip().lower()
    if not word:
        return False
    if word in DONE_WORDS:
        return True
    if word in OPEN_WORDS:
        return False
    return None


def _status(measure: Measure, row: LedgerRow | None, as_of: dt.date, window: int) -> MeasureDeadline:
    due = measure.deadline.date if measure.deadline else None
    done = row is not None and _is_done(row) is True
    completed = row.completed_on if row is not None and done else None
    if due is None:
        return MeasureDeadline(measure, "done_no_deadline" if done else "no_deadline", None, completed, None, row)
    if done:
        finished = completed or as_of
        late = (finished - due).days
        return MeasureDeadline(measure, "done_late" if late > 0 else "done_on_time", due, completed, max(late, 0), row)
    left = (due - as_of).days
    if left < 0:
        return MeasureDeadline(measure, "overdue", due, None, -left, row)
    return MeasureDeadline(measure, "due_soon" if left <= window else "not_yet_due", due, None, left, row)


def _group(name: str, members: list[MeasureDeadline]) -> GroupDeadlines:
    counter = Counter(m.status for m in members)
    return GroupDeadlines(
        name, {s: counter.get(s, 0) for s in STATUSES}, tuple(m.measure.id for m in members if m.status == "overdue")
    )


def track_deadlines(
    profile: RegionProfile,
    ledger: Iterable[LedgerRow],
    as_of: dt.date,
    *,
    due_soon_days: int = 30,
    rejections: Iterable[Rejection] = (),
) -> DeadlineReport:
    """Status of every measure at ``as_of``: a measure with no ledger row counts as not done.

    A done measure without a completion date is taken as done by ``as_of`` (and so late only when
    ``as_of`` is past its deadline). Ledger rows naming unknown measures, repeating a measure, or
    with a status word that is not understood are rejected and reported.
    """
    rows: dict[str, LedgerRow] = {}
    rejected = list(rejections)
    for row in ledger:
        measure_id = row.measure_id
        if row.id_candidates:
            present = [c for c in row.id_candidates if profile.has_measure(c)]
            if len(present) > 1:
                rejected.append(
                    Rejection.of(
                        row.origin,
                        message(
                            "{written} is stored as a number, so it may be measure {ids}; store ids as text",
                            written=row.measure_id,
                            ids=" or ".join(present),
                        ),
                        row.measure_id,
                        field="measure_id",
                    )
                )
                continue
            measure_id = present[0] if present else measure_id
        if not profile.has_measure(measure_id):
            rejected.append(
                Rejection.of(
                    row.origin,
                    message(
                        "region {region} has no measure {measure}", region=repr(profile.id), measure=repr(measure_id)
                    ),
                    measure_id,
                    field="measure_id",
                )
            )
        elif measure_id in rows:
            rejected.append(
                Rejection.of(
                    row.origin,
                    message(
                        "measure {measure} appears twice in the ledger (first: {first})",
                        measure=repr(measure_id),
                        first=str(rows[measure_id].origin),
                    ),
                    measure_id,
                )
            )
        elif row.status and _is_done(row) is None:
            rejected.append(
                Rejection.of(
                    row.origin,
                    message(
                        "status {status} is not understood; use one of {words}",
                        status=repr(row.status),
                        words=", ".join(sorted(DONE_WORDS | OPEN_WORDS)),
                    ),
                    measure_id,
                    field="status",
                )
            )
        elif row.completed_on is not None and row.completed_on > as_of:
            rejected.append(
                Rejection.of(
                    row.origin,
                    message(
                        "completed on {day}, after the as-of date {as_of}", day=str(row.completed_on), as_of=str(as_of)
                    ),
                    measure_id,
                    field="completed_on",
                )
            )
        else:
            rows[measure_id] = attrs.evolve(row, measure_id=measure_id)
    measures = [_status(m, rows.get(m.id), as_of, due_soon_days) for m in profile.measures]
    units: dict[str, list[MeasureDeadline]] = defaultdict(list)
    areas: dict[str, list[MeasureDeadline]] = defaultdict(list)
    titles = {a.id: a.title for a in profile.areas}
    for md in measures:
        owners = md.measure.lead_units or md.measure.responsible_units
        for name in dict.fromkeys(u.name for u in owners):
            units[name].append(md)
        if md.measure.area is not None:
            areas[f"{md.measure.area} {titles.get(md.measure.area, '')}".strip()].append(md)
    by_unit = sorted((_group(n, ms) for n, ms in units.items()), key=lambda g: (-g.counts["overdue"], g.name))
    by_area = [_group(n, ms) for n, ms in areas.items()]
    return DeadlineReport(
        profile.id, as_of, due_soon_days, tuple(measures), tuple(by_unit), tuple(by_area), tuple(rejected)
    )
