"""The month as a county office settles it: the returns of every unit put together by the domain's rule, tracked
at the as-of date, with who owed a return and who sent one; recorded in the snapshot store.

The rule (docs/monthly-cycle.md, "How a month is put together"), the same for ``bizenv ledger record``,
``bizenv deadlines --ledger FILE|DIR``, ``bizenv bulletin`` and Python:

- Which unit a line comes from is read from its return (:mod:`bizenv.cycle.returns`), never from a file name; the
  order of the files does not matter.
- A line with no status is no answer, whatever its note says (the note is kept). 已完成 needs its completion date;
  a line that says done without one is refused with that reason.
- The lead reports the item's progress for everyone (牵头单位汇总报送): the item's own 牵头单位, else its area's.
  A consolidated ledger (a return that names no unit) speaks as a lead. Where no lead answered, the responsible
  units' answers count. Cooperating units report their own part: kept per unit, not counted for the item.
- Answers that count and agree (done or not, and the same completion date) are one answer, their notes joined.
  Answers that count and disagree make the item **disputed** (待核实): shown with who said what, neither done nor
  overdue.
- A line for an item its unit holds no role in is kept and flagged, not counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

from bizenv.calendars import WorkingCalendar
from bizenv.cycle.merged import AnswerRole, Dispute, Merged, Month, UnitAnswer
from bizenv.cycle.returns import ReturnInfo, Returns, read_returns
from bizenv.cycle.store import Recorded, SnapshotStore, month_of
from bizenv.errors import BizenvError
from bizenv.evaluate import CaseEvaluation, DeadlineReport, evaluate_cases, track_deadlines
from bizenv.evaluate import _arguments as arguments
from bizenv.evaluate.cases import Convention
from bizenv.evaluate.deadlines import CHASED_ROLES, check_line, is_done, item_id_of
from bizenv.i18n import Message, message
from bizenv.inputs import Read
from bizenv.model import RegionProfile
from bizenv.records import CaseRecord, LedgerRow, Rejection

#: Roles whose answers speak for the item, strongest first (the lead reports for everyone).
_TIERS: tuple[frozenset[str], ...] = (frozenset({"lead", "area_lead", "consolidated"}), frozenset({"responsible"}))
_ROLE_ORDER: tuple[AnswerRole, ...] = ("lead", "area_lead", "responsible", "cooperating")
#: How far after the as-of date's month (or today) a month may be recorded: a month years ahead is a typo.
MONTHS_AHEAD = 1


class MonthError(BizenvError):
    """A month that cannot be put together or recorded (no line judged, a month too far ahead)."""


def _role(profile: RegionProfile, item_id: str, unit: str | None) -> AnswerRole:
    if unit is None:
        return "consolidated"
    measure = profile.measure_of_item(item_id)
    held = {o.role for o in profile.owners(measure) if o.unit.name == unit}
    return next((r for r in _ROLE_ORDER if r in held), "none")


def _verdict(row: LedgerRow) -> tuple[bool, dt.date | None]:
    done = is_done(row) is True
    return done, row.completed_on if done else None


def merge_returns(profile: RegionProfile, returns: Returns, as_of: dt.date) -> Merged:
    """Put the month's returns together by the rule of the module's description. The result does not depend on the
    order of the files or their names."""
    rejected: list[Rejection] = list(returns.rejections)
    flags: list[Message] = []
    by_item: dict[str, list[UnitAnswer]] = {}
    for line in returns.lines:
        info = returns.returns[line.index]
        item_id, problem = item_id_of(profile, line.row)
        if problem is not None:
            rejected.append(Rejection.of(line.row.origin, problem, item_id, field="measure_id"))
            continue
        refusal = check_line(profile, line.row, item_id, as_of)
        if refusal is not None:
            rejected.append(refusal)
            continue
        role = _role(profile, item_id, info.unit)
        if role == "none":
            flags.append(
                message(
                    "{source}: {unit} reports on {item}, in which it holds no role; kept, not counted",
                    source=str(line.row.origin),
                    unit=info.unit or "",
                    item=item_id,
                )
            )
        answer = UnitAnswer(item_id, attrs.evolve(line.row, measure_id=item_id), info.unit, role, info.name)
        by_item.setdefault(item_id, []).append(answer)
    for info in returns.returns:
        if info.template_month and info.template_month != month_of(as_of):
            flags.append(
                message(
                    "{source}: a template of {made_for}, returned for {month}",
                    source=info.name,
                    made_for=info.template_month,
                    month=month_of(as_of),
                )
            )
    rows: list[LedgerRow] = []
    answers: list[UnitAnswer] = []
    disputes: list[Dispute] = []
    order = {m.id: i for i, m in enumerate(profile.measures)}
    for item_id in sorted(by_item, key=lambda i: (order.get(i.partition("#")[0], len(order)), i)):
        # The same order whatever order the files came in: by unit, then by the return's name and row.
        lines = sorted(by_item[item_id], key=lambda a: (a.unit or "", a.source, a.row.origin.row or 0))
        reported = [a for a in lines if a.reported]
        counting: list[UnitAnswer] = []
        for tier in _TIERS:
            counting = [a for a in reported if a.role in tier]
            if counting:
                break
        verdicts = {_verdict(a.row) for a in counting}
        counted_ids: set[int] = set()
        if len(verdicts) == 1:
            notes = dict.fromkeys(a.row.note.strip() for a in counting if a.row.note.strip())
            rows.append(attrs.evolve(counting[0].row, note="; ".join(notes)))
            counted_ids = {id(a) for a in counting}
        elif len(verdicts) > 1:
            disputes.append(Dispute(item_id, tuple(counting)))
        answers += [attrs.evolve(a, counted=id(a) in counted_ids) for a in lines]
    return Merged(tuple(rows), tuple(answers), tuple(disputes), tuple(rejected), tuple(flags))


def _owed(profile: RegionProfile, report: DeadlineReport) -> tuple[tuple[str, ...], tuple[str, ...]]:
    first_day = report.as_of.replace(day=1)
    groups = {u.name for u in profile.units if u.group}
    owed: dict[str, None] = {}
    held_by_groups: dict[str, None] = {}
    for item in report.items:
        finished = item.status.startswith("done") and (item.completed_on is None or item.completed_on < first_day)
        if finished:
            continue
        for owner in item.owners:
            if owner.derived or owner.role not in CHASED_ROLES:
                continue
            if owner.unit.group or owner.unit.name in groups:
                held_by_groups.setdefault(owner.unit.name)
            else:
                owed.setdefault(owner.unit.name)
    order = {u.name: i for i, u in enumerate(profile.units)}
    key = lambda name: (order.get(name, len(order)), name)  # noqa: E731
    return tuple(sorted(owed, key=key)), tuple(sorted(held_by_groups, key=key))


def compose_month(
    profile: RegionProfile,
    returns: Returns | Sequence[Path] | Path,
    as_of: dt.date,
    *,
    due_soon_days: int = 30,
    all_sheets: bool = False,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    cases: CaseEvaluation | None = None,
    extensions: Mapping[str, dt.date] | None = None,
) -> Month:
    """The month of ``returns`` (files, folders, or returns already read) at ``as_of``: read, put together by the
    rule (:func:`merge_returns`) and tracked, items with an approved extension (item id → new due date) by
    their new date. Nothing is stored."""
    arguments.day(as_of)
    if not isinstance(returns, Returns):
        paths = [returns] if isinstance(returns, Path) else list(returns)
        returns = read_returns(
            paths, profile, all_sheets=all_sheets, columns=columns, sheet=sheet, encoding=encoding,
            delimiter=delimiter,
        )  # fmt: skip
    merged = merge_returns(profile, returns, as_of)
    report = track_deadlines(
        profile,
        merged.rows,
        as_of,
        due_soon_days=due_soon_days,
        rejections=merged.rejections,
        disputed=[d.item_id for d in merged.disputes],
        extensions=extensions,
    )
    owed, groups = _owed(profile, report)
    # A unit has reported when a line of its return says something (a status or a note): a template sent back
    # untouched reports nothing.
    said = {line.index for line in returns.lines if line.row.status.strip() or line.row.note.strip()}
    reported = tuple(dict.fromkeys(r.unit for i, r in enumerate(returns.returns) if r.unit is not None and i in said))
    return Month(profile.id, as_of, returns, merged, report, owed, reported, groups, cases)


@attrs.frozen(slots=True)
class RecordedMonth:
    """What :func:`record_month` did: the month put together, and the snapshot written (and the one replaced)."""

    month: Month
    recorded: Recorded


def check_month_date(as_of: dt.date, today: dt.date | None = None) -> None:
    """Refuse an as-of date more than :data:`MONTHS_AHEAD` month after today's month (2042 for 2024 is a typo)."""
    now = today or dt.date.today()
    ahead = (as_of.year - now.year) * 12 + as_of.month - now.month
    if ahead > MONTHS_AHEAD:
        raise MonthError(
            f"as of {as_of.isoformat()} is {ahead} months after {now.isoformat()}; a month is recorded when its "
            "returns are in (check the year)"
        )


def record_month(
    profile: RegionProfile,
    returns: Returns | Sequence[Path] | Path,
    *,
    as_of: dt.date,
    store: SnapshotStore | str | Path | None = None,
    cases: CaseEvaluation | Read[CaseRecord] | None = None,
    calendar: WorkingCalendar | None = None,
    convention: Convention = "elapsed",
    due_soon_days: int = 30,
    all_sheets: bool = False,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    version: str = "",
    today: dt.date | None = None,
) -> RecordedMonth:
    """Put the month together (:func:`compose_month`) and store it: ``store`` is a :class:`SnapshotStore`, a
    database path, or None for the default (``$BIZENV_DB`` or the data folder). Refuses a month in which every
    line was refused, and one more than :data:`MONTHS_AHEAD` month after ``today``. Recording a month again
    replaces it (``recorded.replaced``). The extensions in force at ``as_of`` in the store
    (:meth:`SnapshotStore.record_extension`) give their items' due dates.

    ``cases`` are the month's case records as read (:func:`bizenv.read_cases`), judged here against the region's
    calendar (``calendar``, default the region's) with cases still open judged at the end of the as-of day in the
    calendar's time zone; or a :class:`~bizenv.evaluate.CaseEvaluation` already made."""
    check_month_date(as_of, today)
    target = store if isinstance(store, SnapshotStore) else SnapshotStore(store)
    extended = {k: e.new_due for k, e in target.extensions_in_force(profile.id, as_of).items()}
    if cases is not None and not isinstance(cases, CaseEvaluation):
        if calendar is None:
            from bizenv.environment import default_environment

            calendar = default_environment().calendar_of(profile)
        cases = evaluate_cases(
            profile,
            cases.records,
            calendar,
            convention=convention,
            as_of=end_of_day(calendar.timezone, as_of),
            rejections=cases.rejections,
        )
    month = compose_month(
        profile, returns, as_of, due_soon_days=due_soon_days, all_sheets=all_sheets, columns=columns, sheet=sheet,
        encoding=encoding, delimiter=delimiter, cases=cases, extensions=extended,
    )  # fmt: skip
    lines = len(month.returns.lines) + len(month.returns.rejections)
    if lines and len(month.report.rejections) >= lines:
        raise MonthError(f"no line of the returns could be judged: all {lines} were rejected; nothing recorded")
    recorded = target.record_month(profile, month, version=version)
    return RecordedMonth(month, recorded)


def end_of_day(calendar_zone: dt.tzinfo, day: dt.date) -> dt.datetime:
    """The last second of ``day`` in the region's time zone (its calendar's): what an as-of date means for
    cases still open."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), calendar_zone)


__all__ = [
    "MONTHS_AHEAD",
    "AnswerRole",
    "Dispute",
    "Merged",
    "Month",
    "MonthError",
    "RecordedMonth",
    "ReturnInfo",
    "UnitAnswer",
    "check_month_date",
    "compose_month",
    "end_of_day",
    "merge_returns",
    "record_month",
]


#: The columns of an extensions file (CSV, UTF-8), by their Chinese or English names.
EXTENSION_COLUMNS: dict[str, tuple[str, ...]] = {
    "item": ("措施编号", "item", "item_id"),
    "new_due": ("延期至", "new_due"),
    "approved_by": ("批准单位", "approved_by"),
    "approved_on": ("批准日期", "approved_on"),
    "reason": ("延期理由", "理由", "reason"),
}


@attrs.frozen(slots=True)
class ExtensionLine:
    """One line of an extensions file: an approved extension to record, and where it is in the file."""

    item_id: str
    new_due: dt.date
    approved_by: str
    approved_on: dt.date
    reason: str
    source: str


def read_extensions(path: Path) -> tuple[ExtensionLine, ...]:
    """The approved extensions of a CSV file (columns :data:`EXTENSION_COLUMNS`). A line that cannot be read is an
    :class:`~bizenv.errors.InputError` naming its row and field: the file is recorded whole or not at all."""
    import csv

    from bizenv.errors import InputError

    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the extensions file: {exc}", source=str(path)) from None
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise InputError("the extensions file is empty", source=str(path))
    header = [h.strip() for h in rows[0]]
    where: dict[str, int] = {}
    for field, names in EXTENSION_COLUMNS.items():
        found = [i for i, h in enumerate(header) if h in names]
        if found:
            where[field] = found[0]
        elif field != "reason":
            raise InputError(f"no column {names[0]} ({field}); the header has {', '.join(header)}", source=str(path))
    out: list[ExtensionLine] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        cells = {f: (row[i].strip() if i < len(row) else "") for f, i in where.items()}
        days: dict[str, dt.date] = {}
        for field in ("new_due", "approved_on"):
            try:
                days[field] = dt.date.fromisoformat(cells[field])
            except ValueError:
                raise InputError(
                    f"{field} {cells[field]!r} is not a date (YYYY-MM-DD)", source=str(path), row=number
                ) from None
        if not cells["item"]:
            raise InputError("item: no id", source=str(path), row=number)
        out.append(
            ExtensionLine(
                cells["item"],
                days["new_due"],
                cells["approved_by"],
                days["approved_on"],
                cells.get("reason", ""),
                f"{path.name}:{number}",
            )
        )
    return tuple(out)


__all__ += ["EXTENSION_COLUMNS", "ExtensionLine", "read_extensions"]
