"""Track measures and dated targets against their due dates from a progress ledger, per unit and per area.

What is tracked: every measure, every target with a date of its own (到2023年底), and every milestone (a dated goal
without a number: 到2022年底，实现“好差评”线上全覆盖). Each item's due date is
the effective one (:meth:`~bizenv.model.RegionProfile.due_of_measure`, ``due_of_target``): its own date, else
its measure's 完成时限, for a heading the latest of its children, for a measure the latest of its dated goals
(targets and milestones), else the end of the programme; where it comes from is kept. A heading without a ledger
line of its own is as done as its children: done when all are, late when any was, overdue when its date has passed and
not all are done. A heading's line left blank (a template line returned untouched) counts as no line.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, Literal, get_args

import attrs

from bizenv.errors import NotFoundError
from bizenv.evaluate import _arguments as arguments
from bizenv.i18n import N_, Message, message
from bizenv.model import Due, DueSource, Measure, Milestone, Owner, RegionProfile, Target
from bizenv.records import LedgerRow, Rejection
from bizenv.tables import Column, fields_html, frame, html_table, short_repr

DeadlineStatus = Literal[
    "done_on_time", "done_late", "overdue", "disputed", "due_soon", "not_yet_due", "no_deadline", "done_no_deadline"
]
STATUSES: tuple[DeadlineStatus, ...] = (
    "overdue",
    "disputed",
    "due_soon",
    "not_yet_due",
    "done_late",
    "done_on_time",
    "done_no_deadline",
    "no_deadline",
)
#: The statuses as people read them (worst first), marked for translation where they are shown.
STATUS_NAMES: dict[str, str] = {
    "overdue": N_("overdue"),
    "disputed": N_("to be verified"),
    "due_soon": N_("due soon"),
    "not_yet_due": N_("not yet due"),
    "done_late": N_("done late"),
    "done_on_time": N_("done on time"),
    "done_no_deadline": N_("done (no deadline)"),
    "no_deadline": N_("no deadline"),
}
#: Where a due date comes from (:data:`bizenv.model.DueSource`), as a reader should know it.
DUE_SOURCE_NAMES: dict[str, str] = {
    "own": N_("own date"),
    "measure": N_("the measure's 完成时限"),
    "children": N_("latest of its sub-measures"),
    "targets": N_("latest of its dated goals"),
    "programme": N_("end of the programme"),
    "extension": N_("an approved extension"),
}
#: What is tracked: a measure, a target with a date of its own, a milestone (a dated goal without a number).
ItemKind = Literal["measure", "target", "milestone"]
#: Roles that answer for an item when it is chased (cooperating units help, they are not chased).
CHASED_ROLES = ("lead", "area_lead", "responsible")
#: Ledger status words that mean the item is finished (compared after stripping spaces, lower-case).
#: The tracker's own status codes are read too, so that ``bizenv deadlines --format csv`` reads back as a ledger.
DONE_WORDS = frozenset(
    {"done", "completed", "complete", "finished", "已完成", "完成", "已办结", "办结"}
    | {"done_on_time", "done_late", "done_no_deadline"}
)
OPEN_WORDS = frozenset(
    {
        "overdue",
        "due_soon",
        "not_yet_due",
        "no_deadline",
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
class TrackedItem:
    """A measure or dated target, its due date (and where the date comes from), status at the as-of date, who
    answers for it, and the ledger line it was judged from.

    ``rolled_up`` marks a heading whose status comes from its children. ``days`` is days past due (overdue or
    done late) or days left (due soon, not yet due).
    """

    _repr_html_ = fields_html

    id: str
    kind: ItemKind
    measure: Measure
    target: Target | None
    status: DeadlineStatus
    due: Due | None
    completed_on: dt.date | None
    days: int | None
    ledger: LedgerRow | None
    owners: tuple[Owner, ...]
    rolled_up: bool = False
    #: For an uncertain due date: the status under each other reading of the source's text.
    other_readings: tuple[tuple[dt.date, DeadlineStatus], ...] = ()
    #: The milestone, for an item of kind "milestone".
    milestone: Milestone | None = None
    #: The due date before an approved extension moved it (``due.source`` is then "extension"); None otherwise.
    original_due: dt.date | None = None

    @property
    def title(self) -> str:
        """What the item is, in the source's words: the target's or milestone's phrase, the measure's title or its
        text's start."""
        if self.target is not None:
            return self.target.raw
        if self.milestone is not None:
            return self.milestone.raw
        text = self.measure.title or self.measure.text
        return text if len(text) <= 60 else text[:59] + "…"

    @property
    def uncertain(self) -> bool:
        """Whether the due date's source text allows another reading (``due.alternatives``)."""
        return self.due is not None and bool(self.due.alternatives)

    def units(self, roles: Iterable[str] = CHASED_ROLES) -> tuple[str, ...]:
        """Normalised names of the units holding one of ``roles``, in order, once each."""
        wanted = set(roles)
        return tuple(dict.fromkeys(o.unit.name for o in self.owners if o.role in wanted))

    @property
    def measure_id(self) -> str:
        """The id of the measure (the item's own id for a measure)."""
        return self.measure.id

    def __repr__(self) -> str:
        due = "no due date" if self.due is None else f"due {self.due.date.isoformat()} ({self.due.source})"
        days = "" if self.days is None else f", {self.days} days"
        lines = [
            self.title,
            f"{self.status}{days}; {due}"
            + (f"; completed {self.completed_on.isoformat()}" if self.completed_on else ""),
            f"units: {'、'.join(self.units()) or '–'}"
            + ("; rolled up from its sub-measures" if self.rolled_up else ""),
        ]
        return short_repr("TrackedItem", f"{self.kind} {self.id}", lines)


#: The earlier name of :class:`TrackedItem`.
MeasureDeadline = TrackedItem


@attrs.frozen(slots=True)
class GroupDeadlines:
    """Counts per status and the overdue items, for one unit or one area."""

    _repr_html_ = fields_html

    name: str
    counts: dict[str, int]
    overdue: tuple[str, ...]

    @property
    def items(self) -> int:
        """Items the unit or area answers for."""
        return sum(self.counts.values())

    @property
    def overdue_share(self) -> float:
        """Overdue items as a share (0-1) of the items with a due date that are not done in time or done."""
        return len(self.overdue) / self.items if self.items else 0.0


@attrs.frozen(slots=True)
class DeadlineReport:
    """Every measure's and dated target's status at a date, grouped by unit and by area, with rejected ledger rows."""

    region: str
    as_of: dt.date
    due_soon_days: int
    items: tuple[TrackedItem, ...]
    by_unit: tuple[GroupDeadlines, ...]
    by_area: tuple[GroupDeadlines, ...]
    rejections: tuple[Rejection, ...]
    #: Whether a ledger was given: without one no item is known to be done, and "overdue" means "not reported".
    ledger_given: bool = True

    @property
    def measures(self) -> tuple[TrackedItem, ...]:
        """The measures (without the dated targets)."""
        return tuple(i for i in self.items if i.kind == "measure")

    def item(self, item_id: str) -> TrackedItem:
        """The tracked measure or target with this id."""
        for tracked in self.items:
            if tracked.id == item_id:
                return tracked
        raise NotFoundError(f"no tracked measure or target {item_id!r} in {self.region}")

    def counts(self, kind: ItemKind | None = "measure") -> dict[str, int]:
        """Items per status (measures by default; ``kind=None`` for measures and targets), every status present."""
        counter = Counter(i.status for i in self.items if kind is None or i.kind == kind)
        return {status: counter.get(status, 0) for status in STATUSES}

    def overdue(self, kind: ItemKind | None = None) -> list[TrackedItem]:
        """The overdue items (measures and targets unless ``kind`` says which)."""
        return [i for i in self.items if i.status == "overdue" and (kind is None or i.kind == kind)]

    def table(self, by: Literal["item", "unit", "area"] = "item") -> tuple[list[Column], list[list[object]]]:
        """The columns and rows of :meth:`to_frame`."""
        if by == "item":
            return list(ITEM_COLUMNS), [_item_row(i) for i in self.items]
        groups = self.by_unit if by == "unit" else self.by_area
        columns = [Column(by, "text"), *(Column(s, "int") for s in STATUSES), Column("overdue_items", "list")]
        return columns, [[g.name, *(g.counts[s] for s in STATUSES), g.overdue] for g in groups]

    def to_frame(self, by: Literal["item", "unit", "area"] = "item") -> Any:
        """A pandas DataFrame: one row per item (``by="item"``), or the counts per unit or per area.

        Items: ``status`` is an ordered categorical (worst first), ``due`` and ``completed_on`` are days as
        datetimes in Beijing time, ``days`` a nullable integer, units tuples of names (needs ``bizenv[pandas]``).
        """
        columns, rows = self.table(by)
        return frame(columns, rows)

    def _repr_html_(self) -> str:
        columns, rows = self.table()
        return html_table(columns, rows, f"DeadlineReport {self.region} {self.as_of.isoformat()}")

    def __repr__(self) -> str:
        def counted(kind: ItemKind) -> str:
            return ", ".join(f"{s} {n}" for s, n in self.counts(kind).items() if n)

        overdue = [i.id for i in self.overdue()]
        lines = [
            f"{len(self.measures)} measures: {counted('measure') or 'none'}",
            f"{len(self.items) - len(self.measures)} dated targets: {counted('target') or 'none'}",
            f"overdue: {' '.join(overdue[:12])}" + (f" … ({len(overdue)} in all)" if len(overdue) > 12 else ""),
            f"{len(self.by_unit)} units, {len(self.by_area)} areas; rejected ledger rows: {len(self.rejections)}"
            + ("" if self.ledger_given else "; no ledger given"),
        ]
        return short_repr("DeadlineReport", f"{self.region} as of {self.as_of.isoformat()}", lines)


ITEM_COLUMNS = (
    Column("id", "text"),
    Column("kind", "category", get_args(ItemKind)),
    Column("measure_id", "text"),
    Column("title", "text"),
    Column("area", "text"),
    Column("status", "category", STATUSES),
    Column("due", "date"),
    Column("due_from", "category", get_args(DueSource)),
    Column("uncertain", "bool"),
    Column("completed_on", "date"),
    Column("days", "int"),
    Column("rolled_up", "bool"),
    Column("lead_units", "list"),
    Column("area_lead_units", "list"),
    Column("responsible_units", "list"),
    Column("cooperating_units", "list"),
)


def _item_row(item: TrackedItem) -> list[object]:
    return [
        item.id,
        item.kind,
        item.measure_id,
        item.title,
        item.measure.area,
        item.status,
        item.due.date if item.due else None,
        item.due.source if item.due else None,
        item.uncertain,
        item.completed_on,
        item.days,
        item.rolled_up,
        item.units(("lead",)),
        item.units(("area_lead",)),
        item.units(("responsible",)),
        item.units(("cooperating",)),
    ]


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


def is_done(row: LedgerRow) -> bool | None:
    """Whether a ledger line says done (True), open or nothing (False), or a status word not understood (None)."""
    return _is_done(row)


def _unreported(row: LedgerRow) -> bool:
    """A line left as sent: no status, no completion date, no note."""
    return not row.status.strip() and row.completed_on is None and not row.note.strip()


def _judge(
    due: Due | None, row: LedgerRow | None, as_of: dt.date, window: int
) -> tuple[DeadlineStatus, dt.date | None, int | None]:
    done = row is not None and _is_done(row) is True
    completed = row.completed_on if row is not None and done else None
    return _status(due.date if due else None, done, completed, as_of, window)


def _status(
    due: dt.date | None, done: bool, completed: dt.date | None, as_of: dt.date, window: int
) -> tuple[DeadlineStatus, dt.date | None, int | None]:
    if due is None:
        return ("done_no_deadline" if done else "no_deadline"), completed, None
    if done:
        late = ((completed or as_of) - due).days
        return ("done_late" if late > 0 else "done_on_time"), completed, max(late, 0)
    left = (due - as_of).days
    if left < 0:
        return "overdue", None, -left
    return ("due_soon" if left <= window else "not_yet_due"), None, left


def item_id_of(profile: RegionProfile, row: LedgerRow) -> tuple[str, Message | None]:
    """The id of the profile's item a ledger line names, and why the line cannot name one (None when it can).

    Ids are matched as the readers fold them (full-width characters, NFKC: a file's 保障措施(七) is the profile's
    保障措施（七）); an id stored as a number is the one of its readings the region has (48.1 → 48.10)."""
    item_id = _as_in_profile(profile, row.measure_id)
    if row.id_candidates:
        present = [c for c in row.id_candidates if profile.has_item(c)]
        if len(present) > 1:
            return item_id, message(
                "{written} is stored as a number, so it may be measure {ids}; store ids as text",
                written=row.measure_id,
                ids=" or ".join(present),
            )
        item_id = present[0] if present else item_id
    if not profile.has_item(item_id):
        return item_id, message(
            "region {region} has no measure or target {measure}", region=repr(profile.id), measure=repr(item_id)
        )
    if "#" in item_id:
        measure, target = profile.target(item_id)
        if target.due is None or target.due.date is None:
            return item_id, message(
                "target {target} has no date of its own and is tracked with its measure {measure}; report on {measure}",
                target=item_id,
                measure=measure.id,
            )
    return item_id, None


def check_line(profile: RegionProfile, row: LedgerRow, item_id: str, as_of: dt.date) -> Rejection | None:
    """Why a ledger line (for the item ``item_id``) cannot be taken as it is, or None: a status word that is not
    understood, done without a completion date, a completion date on an open line, a completion date before the
    programme began or after ``as_of``. A line with no status (left as sent, or a note only) is no answer and
    passes."""
    status = row.status.strip()
    done = _is_done(row)
    problem: Message | None = None
    field = "status"
    if status and done is None:
        problem = message(
            "status {status} is not understood; use one of {words}",
            status=repr(row.status),
            words=", ".join(sorted(DONE_WORDS | OPEN_WORDS)),
        )
    elif done and row.completed_on is None:
        problem = message("{status} needs its completion date (完成日期); the line is not counted", status=status)
        field = "completed_on"
    elif status and not done and row.completed_on is not None:
        problem = message(
            "a completion date ({day}) on a line that says {status}; give the date only when the item is done",
            day=str(row.completed_on),
            status=status,
        )
        field = "completed_on"
    elif row.completed_on is not None and row.completed_on > as_of:
        problem = message(
            "completed on {day}, after the as-of date {as_of}", day=str(row.completed_on), as_of=str(as_of)
        )
        field = "completed_on"
    elif row.completed_on is not None:
        start = _programme_start(profile, item_id)
        if start is not None and row.completed_on < start:
            problem = message(
                "completed on {day}, before the programme began ({start}); check the date",
                day=str(row.completed_on),
                start=str(start),
            )
            field = "completed_on"
    if problem is None:
        return None
    return Rejection.of(row.origin, problem, item_id, field=field)


def _programme_start(profile: RegionProfile, item_id: str) -> dt.date | None:
    measure = profile.measure_of_item(item_id)
    period = profile.document(measure.document).period
    return period.start if period is not None else None


def _as_in_profile(profile: RegionProfile, item_id: str) -> str:
    if profile.has_item(item_id):
        return item_id
    measure_id, sep, number = item_id.rpartition("#")
    folded = _folded_ids(profile)
    matches = folded.get(_fold(measure_id if sep else item_id), [])
    if len(matches) != 1:
        return item_id
    return f"{matches[0]}#{number}" if sep else matches[0]


def _folded_ids(profile: RegionProfile) -> dict[str, list[str]]:
    folded: dict[str, list[str]] = defaultdict(list)
    for measure in profile.measures:
        folded[_fold(measure.id)].append(measure.id)
    return folded


def _ledger_rows(
    profile: RegionProfile, ledger: Iterable[LedgerRow], as_of: dt.date, rejected: list[Rejection]
) -> dict[str, LedgerRow]:
    rows: dict[str, LedgerRow] = {}
    for row in ledger:
        item_id, problem = item_id_of(profile, row)
        if problem is not None:
            rejected.append(Rejection.of(row.origin, problem, item_id, field="measure_id"))
        elif item_id in rows:
            rejected.append(
                Rejection.of(
                    row.origin,
                    message(
                        "measure {measure} appears twice in the ledger (first: {first})",
                        measure=repr(item_id),
                        first=str(rows[item_id].origin),
                    ),
                    item_id,
                )
            )
        elif (refusal := check_line(profile, row, item_id, as_of)) is not None:
            rejected.append(refusal)
        else:
            rows[item_id] = attrs.evolve(row, measure_id=item_id)
    return rows


def _fold(item_id: str) -> str:
    return unicodedata.normalize("NFKC", item_id).strip()


def _measure_item(
    profile: RegionProfile,
    measure: Measure,
    rows: dict[str, LedgerRow],
    as_of: dt.date,
    window: int,
    done: dict[str, TrackedItem],
    disputes: frozenset[str] = frozenset(),
    rejected: list[Rejection] | None = None,
    extensions: Mapping[str, dt.date] | None = None,
) -> TrackedItem:
    due = profile.due_of_measure(measure, extensions)
    row = rows.get(measure.id)
    owners = profile.owners(measure)
    children = profile.children(measure.id)
    if measure.id in disputes:
        return TrackedItem(measure.id, "measure", measure, None, "disputed", due, None, None, None, owners)
    if children and row is not None and _is_done(row) is True and not row.note.strip():
        late = [c.id for c in children if done[c.id].status == "overdue"]
        if late:
            # A heading is not done while its sub-measures are overdue, unless the unit says why.
            if rejected is not None:
                rejected.append(
                    Rejection.of(
                        row.origin,
                        message(
                            "{measure} is reported done while its sub-measures {late} are overdue; add a note saying "
                            "why, or report the sub-measures",
                            measure=measure.id,
                            late=", ".join(late),
                        ),
                        measure.id,
                        field="status",
                    )
                )
            row = None
    if children and (row is None or _unreported(row)):
        # A heading without its own line, or with its line left as a template sent it, is as done as its children.
        child_items = [done[c.id] for c in children]
        finished = all(c.status.startswith("done") for c in child_items)
        completions = [c.completed_on for c in child_items if c.completed_on is not None]
        completed = max(completions) if finished and len(completions) == len(child_items) else None
        status, completed_on, days = _status(due.date if due else None, finished, completed, as_of, window)
        if finished and any(c.status == "done_late" for c in child_items) and status == "done_on_time":
            status = "done_late"
        return TrackedItem(measure.id, "measure", measure, None, status, due, completed_on, days, None, owners, True)
    status, completed_on, days = _judge(due, row, as_of, window)
    others = _others(due, row, as_of, window)
    return TrackedItem(
        measure.id, "measure", measure, None, status, due, completed_on, days, row, owners, False, others
    )


def _others(
    due: Due | None, row: LedgerRow | None, as_of: dt.date, window: int
) -> tuple[tuple[dt.date, DeadlineStatus], ...]:
    if due is None:
        return ()
    return tuple((day, _judge(attrs.evolve(due, date=day), row, as_of, window)[0]) for day in due.alternatives)


def track_deadlines(
    profile: RegionProfile,
    ledger: Iterable[LedgerRow],
    as_of: dt.date,
    *,
    due_soon_days: int = 30,
    rejections: Iterable[Rejection] = (),
    ledger_given: bool = True,
    disputed: Iterable[str] = (),
    extensions: Mapping[str, dt.date] | None = None,
) -> DeadlineReport:
    """Status at ``as_of`` of every measure and dated target; an item with no ledger line counts as not done.

    Milestones (dated goals without a number, ``"70@1"``) are tracked like dated targets. Ledger lines name a
    measure ("22.1"), a target with a date of its own ("14#1") or a milestone ("70@1"). Lines are rejected and
    reported (:func:`check_line`) when they name an unknown item or a target tracked with its measure, repeat one,
    have a status word that is not understood, say done without a completion date, give a completion date on an
    open line, or a completion date before the programme began or after ``as_of``. A heading's own line that says
    done while sub-measures are overdue needs a note saying why; without one it is rejected and the heading follows
    its sub-measures. ``disputed`` names items whose reports disagree (:func:`bizenv.cycle.merge_returns`): their
    status is "disputed" (待核实), neither done nor overdue. ``extensions`` maps an item's id to the due date an
    approved extension gives it: the item is judged by that date (``due.source`` "extension") and keeps its
    original date (``original_due``); a heading whose date comes from its sub-measures, and a measure whose date
    comes from its goals, move with them (:meth:`~bizenv.model.RegionProfile.due_of_measure`). ``ledger_given``
    false says no ledger was read at all (the report then says so instead of counting overdue).
    """
    arguments.profile(profile)
    arguments.day(as_of)
    arguments.whole(due_soon_days, "due_soon_days")
    rejected = list(rejections)
    rows = _ledger_rows(profile, arguments.items(ledger, LedgerRow, "ledger"), as_of, rejected)
    disputes = frozenset(disputed)
    done: dict[str, TrackedItem] = {}
    # Children before their headings: deepest first, then source order within a level.
    depth: dict[str, int] = {}

    def depth_of(m: Measure) -> int:
        if m.id not in depth:
            depth[m.id] = (
                0 if m.parent is None or not profile.has_measure(m.parent) else depth_of(profile.measure(m.parent)) + 1
            )
        return depth[m.id]

    extended = extensions or {}
    for measure in sorted(profile.measures, key=lambda m: -depth_of(m)):
        item = _measure_item(profile, measure, rows, as_of, due_soon_days, done, disputes, rejected, extended)
        # Extended before its heading is judged: a heading takes its sub-measures' dates and statuses as extended.
        if measure.id in extended:
            item = _extended(item, extended[measure.id], rows, as_of, due_soon_days)
        done[measure.id] = item
    items: list[TrackedItem] = []
    for measure in profile.measures:
        items.append(done[measure.id])
        for index, target in enumerate(measure.targets):
            if target.due is None or target.due.date is None:
                continue  # a target without its own date is tracked with its measure
            target_id = measure.target_id(index)
            due = profile.due_of_target(target_id)
            row = rows.get(target_id)
            status, completed_on, days = _judge(due, row, as_of, due_soon_days)
            if target_id in disputes:
                status, completed_on, days = "disputed", None, None
            owners = profile.owners(measure)
            others = _others(due, row, as_of, due_soon_days)
            items.append(
                TrackedItem(
                    target_id, "target", measure, target, status, due, completed_on, days, row, owners, False, others
                )
            )
        for index in range(len(measure.milestones)):
            milestone_id = measure.milestone_id(index)
            measure_of, milestone = profile.milestone(milestone_id)
            due = profile.due_of_milestone(milestone_id)
            row = rows.get(milestone_id)
            status, completed_on, days = _judge(due, row, as_of, due_soon_days)
            if milestone_id in disputes:
                status, completed_on, days = "disputed", None, None
            items.append(
                TrackedItem(
                    milestone_id,
                    "milestone",
                    measure_of,
                    None,
                    status,
                    due,
                    completed_on,
                    days,
                    row,
                    profile.owners(measure_of),
                    False,
                    _others(due, row, as_of, due_soon_days),
                    milestone,
                )
            )
    items = [
        _extended(i, extended[i.id], rows, as_of, due_soon_days) if i.kind != "measure" and i.id in extended else i
        for i in items
    ]
    units: dict[str, list[TrackedItem]] = defaultdict(list)
    areas: dict[str, list[TrackedItem]] = defaultdict(list)
    titles = {a.id: a.title for a in profile.areas}
    for item in items:
        for name in item.units():
            units[name].append(item)
        if item.measure.area is not None:
            areas[f"{item.measure.area} {titles.get(item.measure.area, '')}".strip()].append(item)
    by_unit = sorted((_group(n, ms) for n, ms in units.items()), key=lambda g: (-g.counts["overdue"], g.name))
    by_area = [_group(n, ms) for n, ms in areas.items()]
    return DeadlineReport(
        profile.id,
        as_of,
        due_soon_days,
        tuple(items),
        tuple(by_unit),
        tuple(by_area),
        tuple(rejected),
        ledger_given,
    )


def _extended(
    item: TrackedItem, new_due: dt.date, rows: dict[str, LedgerRow], as_of: dt.date, window: int
) -> TrackedItem:
    """The item judged by the due date an approved extension gives it, its original date kept."""
    original = item.due.date if item.due is not None else None
    due = Due(new_due, "extension", item.due.deadline if item.due is not None else None)
    if item.status == "disputed":
        return attrs.evolve(item, due=due, original_due=original)
    if item.rolled_up:
        done = item.status.startswith("done")
        status, completed_on, days = _status(new_due, done, item.completed_on, as_of, window)
    else:
        status, completed_on, days = _judge(due, rows.get(item.id), as_of, window)
    return attrs.evolve(
        item, due=due, status=status, completed_on=completed_on, days=days, original_due=original, other_readings=()
    )


def _group(name: str, members: list[TrackedItem]) -> GroupDeadlines:
    counter = Counter(m.status for m in members)
    return GroupDeadlines(
        name, {s: counter.get(s, 0) for s in STATUSES}, tuple(m.id for m in members if m.status == "overdue")
    )
