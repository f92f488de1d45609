"""Monthly snapshots in an embedded SQLite database: the month's ledger lines, the tracking result (every item's
status, due date, days and units), the rows refused, and case compliance when case results were recorded.

One snapshot per region and month; recording a month again replaces it (and the snapshot says how many times it
was replaced). The database carries its schema version (``PRAGMA user_version``) and is migrated forward when an
older one is opened; one made by a newer bizenv is refused rather than guessed at.

Where the database is: ``path`` if given (``--db``), else ``$BIZENV_DB``, else ``snapshots.sqlite3`` in the user's
data folder (platformdirs: ``~/.local/share/bizenv`` on Linux, ``%LOCALAPPDATA%\\bizenv`` on Windows).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, TypeVar

import attrs

from bizenv import sqlrows as _rows
from bizenv.cycle.merged import Month
from bizenv.errors import ArgumentError, BizenvError
from bizenv.evaluate import CaseEvaluation, DeadlineReport, TrackedItem
from bizenv.evaluate import _arguments as arguments
from bizenv.evaluate.deadlines import CHASED_ROLES, STATUSES, DeadlineStatus, ItemKind
from bizenv.i18n import Message
from bizenv.model import RegionProfile
from bizenv.records import LedgerRow, Origin, Rejection
from bizenv.tables import Bar, ChartKind, Column, bar_chart, fields_html, frame, html_table, short_repr

#: The schema this bizenv writes. MIGRATIONS[n] takes a database from version n to n + 1.
SCHEMA_VERSION = 2
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE snapshot (
        id INTEGER PRIMARY KEY,
        region TEXT NOT NULL,
        month TEXT NOT NULL,
        as_of TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        due_soon_days INTEGER NOT NULL,
        ledger_given INTEGER NOT NULL,
        cases_recorded INTEGER NOT NULL,
        sources TEXT NOT NULL,
        bizenv_version TEXT NOT NULL,
        replaced INTEGER NOT NULL DEFAULT 0,
        UNIQUE (region, month)
    );
    CREATE TABLE ledger_line (
        snapshot_id INTEGER NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        measure_id TEXT NOT NULL,
        status TEXT NOT NULL,
        completed_on TEXT,
        note TEXT NOT NULL,
        source TEXT NOT NULL,
        row INTEGER,
        PRIMARY KEY (snapshot_id, position)
    );
    CREATE TABLE item (
        snapshot_id INTEGER NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        id TEXT NOT NULL,
        kind TEXT NOT NULL,
        measure_id TEXT NOT NULL,
        title TEXT NOT NULL,
        area TEXT,
        area_title TEXT,
        status TEXT NOT NULL,
        due TEXT,
        due_from TEXT,
        due_text TEXT,
        uncertain INTEGER NOT NULL,
        completed_on TEXT,
        days INTEGER,
        rolled_up INTEGER NOT NULL,
        PRIMARY KEY (snapshot_id, id)
    );
    CREATE TABLE item_unit (
        snapshot_id INTEGER NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
        item_id TEXT NOT NULL,
        unit TEXT NOT NULL,
        role TEXT NOT NULL,
        derived INTEGER NOT NULL,
        PRIMARY KEY (snapshot_id, item_id, unit, role)
    );
    CREATE TABLE rejection (
        snapshot_id INTEGER NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        source TEXT NOT NULL,
        row INTEGER,
        record_id TEXT,
        field TEXT,
        cell TEXT,
        reason TEXT NOT NULL,
        template TEXT,
        params TEXT,
        PRIMARY KEY (snapshot_id, position)
    );
    CREATE TABLE case_result (
        snapshot_id INTEGER NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
        target_id TEXT NOT NULL,
        measure_id TEXT NOT NULL,
        sub_unit TEXT,
        cases INTEGER NOT NULL,
        completed INTEGER NOT NULL,
        passed INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        open INTEGER NOT NULL,
        open_overdue INTEGER NOT NULL,
        pass_rate REAL,
        met INTEGER
    );
    """,
    # 2: which unit sent each line and whether it is the answer that counts; the returns read (who sent them, the
    # sign-off lines); who owed a return; what was flagged; approved deadline extensions (kept, never overwritten).
    """
    ALTER TABLE snapshot ADD COLUMN consolidated INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE ledger_line ADD COLUMN item_id TEXT;
    ALTER TABLE ledger_line ADD COLUMN unit TEXT;
    ALTER TABLE ledger_line ADD COLUMN role TEXT;
    ALTER TABLE ledger_line ADD COLUMN return_name TEXT;
    ALTER TABLE ledger_line ADD COLUMN counted INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE item_unit ADD COLUMN grp INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE item ADD COLUMN original_due TEXT;
    CREATE TABLE return_file (
        snapshot_id INTEGER NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        unit TEXT,
        region TEXT,
        template_month TEXT,
        filled_by TEXT NOT NULL,
        phone TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        filled_on TEXT NOT NULL,
        unit_from TEXT NOT NULL,
        PRIMARY KEY (snapshot_id, position)
    );
    CREATE TABLE owed_unit (
        snapshot_id INTEGER NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
        unit TEXT NOT NULL,
        kind TEXT NOT NULL,
        reported INTEGER NOT NULL,
        PRIMARY KEY (snapshot_id, unit)
    );
    CREATE TABLE flag (
        snapshot_id INTEGER NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        template TEXT,
        params TEXT,
        PRIMARY KEY (snapshot_id, position)
    );
    CREATE TABLE extension (
        id INTEGER PRIMARY KEY,
        region TEXT NOT NULL,
        item_id TEXT NOT NULL,
        new_due TEXT NOT NULL,
        approved_by TEXT NOT NULL,
        approved_on TEXT NOT NULL,
        reason TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        source TEXT NOT NULL
    );
    """,
)
#: The environment variable naming the database file when ``--db`` is not given.
ENV_DB = "BIZENV_DB"
_BEIJING = dt.timezone(dt.timedelta(hours=8), "CST")


class StoreError(BizenvError):
    """A snapshot database that cannot be used (not a database, made by a newer bizenv), or a snapshot that is
    not in it; the message names the file."""


def default_db_path() -> Path:
    """``$BIZENV_DB``, else ``snapshots.sqlite3`` in the user's data folder (made when first written)."""
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB])
    try:
        import platformdirs
    except ImportError:
        raise StoreError(f"no --db given and ${ENV_DB} is not set; pip install 'bizenv[cycle]'") from None
    return Path(platformdirs.user_data_dir("bizenv", appauthor=False)) / "snapshots.sqlite3"


def month_of(day: dt.date) -> str:
    """The month a snapshot at ``day`` is filed under: YYYY-MM."""
    return f"{day.year:04d}-{day.month:02d}"


@attrs.frozen(slots=True)
class CaseRow:
    """Case compliance of one target (in one sub-unit, or all together: ``sub_unit`` None) for a month."""

    target_id: str
    measure_id: str
    sub_unit: str | None
    cases: int
    completed: int
    passed: int
    failed: int
    open: int
    open_overdue: int
    #: Share of completed cases within the limit, in percent.
    pass_rate: float | None
    met: bool | None


def case_rows(evaluation: CaseEvaluation) -> tuple[CaseRow, ...]:
    """What a snapshot keeps of a case evaluation: of each summary per target and sub-unit, the fields a
    :class:`CaseRow` has (by name, so the two classes cannot drift apart)."""
    names = _rows.columns(CaseRow)
    return tuple(CaseRow(**{n: getattr(s, n) for n in names}) for s in evaluation.summaries)


@attrs.frozen(slots=True)
class SnapshotInfo:
    """What a snapshot is: region, month, as-of date, when it was recorded and from which files, and its counts."""

    _repr_html_ = fields_html

    id: int
    region: str
    month: str
    as_of: dt.date
    recorded_at: dt.datetime
    sources: tuple[str, ...]
    items: int
    overdue: int
    done: int
    rejected: int
    cases_recorded: bool
    #: How many times the month was recorded again (each replaced the one before).
    replaced: int
    ledger_given: bool
    due_soon_days: int
    bizenv_version: str
    #: Whether a return named no unit (a consolidated ledger, or a month recorded before returns were known by
    #: unit): who did not report is then not known.
    consolidated: bool = True
    #: Items to be verified (待核实), and units that owed a return and sent none (None: not known).
    disputed: int = 0
    unreported: int | None = None


@attrs.frozen(slots=True)
class SnapshotItem:
    """An item as a snapshot holds it: its status, due date and days at the month's as-of date, and its units."""

    _repr_html_ = fields_html

    id: str
    kind: ItemKind
    measure_id: str
    title: str
    area: str | None
    area_title: str | None
    status: DeadlineStatus
    due: dt.date | None
    due_from: str | None
    due_text: str | None
    uncertain: bool
    completed_on: dt.date | None
    days: int | None
    rolled_up: bool
    #: (unit, role) pairs, as the tracker gave them (a heading without units of its own has its sub-measures').
    owners: tuple[tuple[str, str], ...]
    #: The owners that are collective names (各乡镇, 县直各部门): not units to rank or call in.
    groups: frozenset[str] = frozenset()
    #: The due date before an approved extension moved it (``due_from`` is then "extension").
    original_due: dt.date | None = None

    def units(self, roles: Iterable[str] = CHASED_ROLES) -> tuple[str, ...]:
        """The units holding one of ``roles`` (by default those chased: lead, area lead, responsible), once each."""
        wanted = set(roles)
        return tuple(dict.fromkeys(unit for unit, role in self.owners if role in wanted))

    @property
    def area_label(self) -> str | None:
        """The area as a bulletin names it: its number and title."""
        if self.area is None:
            return None
        return f"{self.area} {self.area_title or ''}".strip()


@attrs.frozen(slots=True)
class StoredAnswer:
    """A ledger line as a unit sent it and the month keeps it: the item, the unit and its part in the item (None
    for a consolidated ledger), the return it came in, and whether it is the answer that counted."""

    item_id: str
    row: LedgerRow
    unit: str | None
    role: str | None
    source: str | None
    counted: bool


@attrs.frozen(slots=True)
class StoredReturn:
    """A return the month was recorded from: its name (no folder), unit, region and template month, and the
    sign-off lines as the unit wrote them."""

    name: str
    unit: str | None
    region: str | None
    template_month: str | None
    filled_by: str
    phone: str
    reviewer: str
    filled_on: str
    unit_from: str


@attrs.frozen(slots=True)
class Extension:
    """An approved deadline extension (延期申请) as recorded: the item, its new due date, who approved it and when,
    why, and who recorded it when, from where (a command, a file and its row). Records are kept, never
    overwritten: a later one for the same item is the one in force from its approval date."""

    id: int
    region: str
    item_id: str
    new_due: dt.date
    approved_by: str
    approved_on: dt.date
    reason: str
    recorded_at: dt.datetime
    recorded_by: str
    source: str


@attrs.frozen(slots=True)
class OwedReturn:
    """A unit (or group) that answered for an item open in the month, and whether its return was read."""

    unit: str
    kind: Literal["unit", "group"]
    reported: bool


SNAPSHOT_COLUMNS = (
    Column("region", "text"),
    Column("month", "text"),
    Column("as_of", "date"),
    Column("recorded_at", "datetime"),
    Column("items", "int"),
    Column("overdue", "int"),
    Column("done", "int"),
    Column("rejected", "int"),
    Column("cases_recorded", "bool"),
    Column("replaced", "int"),
    Column("sources", "list"),
)
SNAPSHOT_ITEM_COLUMNS = (
    Column("month", "text"),
    Column("id", "text"),
    Column("kind", "category", ("measure", "target", "milestone")),
    Column("measure_id", "text"),
    Column("title", "text"),
    Column("area", "text"),
    Column("status", "category", STATUSES),
    Column("due", "date"),
    Column("due_from", "text"),
    Column("uncertain", "bool"),
    Column("completed_on", "date"),
    Column("days", "int"),
    Column("rolled_up", "bool"),
    Column("units", "list"),
)
LEDGER_COLUMNS = (
    Column("month", "text"),
    Column("measure_id", "text"),
    Column("status", "text"),
    Column("completed_on", "date"),
    Column("note", "text"),
    Column("source", "text"),
    Column("row", "int"),
)
REJECTION_COLUMNS = (
    Column("month", "text"),
    Column("source", "text"),
    Column("row", "int"),
    Column("record_id", "text"),
    Column("field", "text"),
    Column("cell", "text"),
    Column("reason", "text"),
)
CASE_COLUMNS = (
    Column("month", "text"),
    Column("target_id", "text"),
    Column("measure_id", "text"),
    Column("sub_unit", "text"),
    Column("cases", "int"),
    Column("completed", "int"),
    Column("passed", "int"),
    Column("failed", "int"),
    Column("open", "int"),
    Column("open_overdue", "int"),
    Column("pass_rate", "float"),
    Column("met", "bool"),
)
Table = Literal["snapshots", "items", "ledger", "rejections", "cases"]


def _snapshot_row(info: SnapshotInfo) -> list[object]:
    return [
        info.region,
        info.month,
        info.as_of,
        info.recorded_at,
        info.items,
        info.overdue,
        info.done,
        info.rejected,
        info.cases_recorded,
        info.replaced,
        info.sources,
    ]


def _item_row(month: str, item: SnapshotItem) -> list[object]:
    return [
        month,
        item.id,
        item.kind,
        item.measure_id,
        item.title,
        item.area_label,
        item.status,
        item.due,
        item.due_from,
        item.uncertain,
        item.completed_on,
        item.days,
        item.rolled_up,
        item.units(),
    ]


@attrs.frozen(slots=True)
class Snapshot:
    """One month of one region as recorded: the ledger lines, the items' statuses, the rows refused, and case
    compliance (None when no case results were recorded that month)."""

    info: SnapshotInfo
    items: tuple[SnapshotItem, ...]
    #: One line per item with an answer that counted (agreeing lines are one, their notes joined).
    ledger: tuple[LedgerRow, ...]
    rejections: tuple[Rejection, ...]
    cases: tuple[CaseRow, ...] | None
    #: Every line as each unit sent it (empty for a month recorded without units).
    answers: tuple[StoredAnswer, ...] = ()
    returns: tuple[StoredReturn, ...] = ()
    owed: tuple[OwedReturn, ...] = ()
    #: What was flagged while putting the month together (a line for an item its unit holds no role in …).
    flags: tuple[Message, ...] = ()
    #: The approved extensions in force at the month's as-of date (the latest approved for each item).
    extensions: tuple[Extension, ...] = ()

    @property
    def unreported(self) -> tuple[str, ...]:
        """The units that owed a return and sent none (未报送); empty when a return named no unit."""
        if self.info.consolidated:
            return ()
        return tuple(o.unit for o in self.owed if o.kind == "unit" and not o.reported)

    @property
    def reported(self) -> tuple[str, ...]:
        """The units that owed a return and sent one that says something."""
        return tuple(o.unit for o in self.owed if o.kind == "unit" and o.reported)

    @property
    def groups(self) -> tuple[str, ...]:
        """The collective names (各乡镇 …) that hold open items this month."""
        return tuple(o.unit for o in self.owed if o.kind == "group")

    def answers_of(self, item_id: str) -> tuple[StoredAnswer, ...]:
        """The lines that gave a status for an item: who said what."""
        return tuple(a for a in self.answers if a.item_id == item_id and a.row.status.strip())

    @property
    def month(self) -> str:
        """The month, YYYY-MM."""
        return self.info.month

    @property
    def as_of(self) -> dt.date:
        """The day the month's statuses are judged at."""
        return self.info.as_of

    def item(self, item_id: str) -> SnapshotItem:
        """The item with this id."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def to_frame(self) -> Any:
        """The items as a pandas DataFrame (status an ordered categorical, days as datetimes in Beijing time)."""
        return frame(SNAPSHOT_ITEM_COLUMNS, [_item_row(self.month, i) for i in self.items])

    def _repr_html_(self) -> str:
        rows = [_item_row(self.month, i) for i in self.items]
        return html_table(SNAPSHOT_ITEM_COLUMNS, rows, f"Snapshot {self.info.region} {self.month}")

    def __repr__(self) -> str:
        i = self.info
        lines = [
            f"as of {i.as_of.isoformat()}, recorded {i.recorded_at.isoformat(timespec='seconds')}",
            f"{i.items} items: overdue {i.overdue}, done {i.done}",
            f"{len(self.ledger)} ledger lines, rejected {i.rejected}",
            f"case compliance: {'recorded' if self.cases is not None else 'none'}",
        ]
        return short_repr("Snapshot", f"{i.region} {i.month}", lines)


@attrs.frozen(slots=True)
class Recorded:
    """What recording a month did: the snapshot written, and the one it replaced (None for a new month)."""

    info: SnapshotInfo
    replaced: SnapshotInfo | None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _field_day(text: str | None, item_id: str, field: str) -> dt.date | None:
    try:
        return _day(text)
    except (TypeError, ValueError):
        raise ValueError(f"item {item_id}: {field} {text!r} is not a date") from None


def _line_day(text: str | None, source: str, row: int | None) -> dt.date | None:
    try:
        return _day(text)
    except (TypeError, ValueError):
        raise ValueError(f"the completion date {text!r} of the line from {source}:{row} is not a date") from None


class SnapshotStore:
    """A snapshot database (see the module's description). Open one with ``SnapshotStore(path)``; the file and
    its folder are made when a month is first recorded. Each call opens and closes its own connection."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()

    def __repr__(self) -> str:
        return f"SnapshotStore({str(self.path)!r})"

    @contextmanager
    def _connect(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        if not write and not self.path.exists():
            raise StoreError(f"{self.path}: no snapshot database here yet; record a month with `bizenv ledger record`")
        if write:
            if self.path.is_dir():
                raise StoreError(f"{self.path} is a folder; --db names the database file (made if missing)")
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:  # a file where a folder of the path should be, no permission
                raise StoreError(
                    f"{self.path}: cannot make its folder {self.path.parent}: {exc.strerror or exc}"
                ) from None
        try:
            connection = sqlite3.connect(self.path, timeout=30)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the snapshot database: {exc}") from None
        try:
            connection.execute("PRAGMA foreign_keys = ON")
            self._migrate(connection)
            with connection:
                yield connection
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {exc}; is it a bizenv snapshot database?") from None
        finally:
            connection.close()

    def _migrate(self, connection: sqlite3.Connection) -> None:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: made by a newer bizenv (schema {version}; this one knows {SCHEMA_VERSION}); "
                "upgrade bizenv"
            )
        if version == 0 and connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise StoreError(f"{self.path}: a database, but not a bizenv snapshot database")
        for step in range(version, SCHEMA_VERSION):
            # executescript commits what is pending first; the version moves with the step, so a failed step
            # leaves the database at the version it reached.
            connection.executescript(f"BEGIN; {MIGRATIONS[step]} PRAGMA user_version = {step + 1}; COMMIT;")

    @property
    def schema_version(self) -> int:
        """The schema version of the database file (migrated to :data:`SCHEMA_VERSION` when opened)."""
        with self._connect() as connection:
            version: int = connection.execute("PRAGMA user_version").fetchone()[0]
            return version

    # -- writing ----------------------------------------------------------------------------------------------

    def record(
        self,
        profile: RegionProfile,
        report: DeadlineReport,
        ledger: Sequence[LedgerRow],
        *,
        sources: Sequence[str] = (),
        cases: CaseEvaluation | Sequence[CaseRow] | None = None,
        version: str = "",
    ) -> Recorded:
        """Store the month of ``report.as_of``: its ledger lines, the tracking result and its rejected rows, and
        case compliance when ``cases`` is given. A month already recorded is replaced (``Recorded.replaced``).
        A month put together from the units' returns is stored with :meth:`record_month`, which keeps who sent
        what too."""
        return self._write(profile, report, ledger, sources=sources, cases=cases, version=version, month=None)

    def record_month(self, profile: RegionProfile, month: Month, *, version: str = "") -> Recorded:
        """Store a month put together from the units' returns (:func:`bizenv.cycle.compose_month`): what
        :meth:`record` stores, and every unit's lines, the returns read with their sign-off lines, who owed a
        return and what was flagged."""
        return self._write(
            profile,
            month.report,
            month.merged.rows,
            sources=month.returns.sources,
            cases=month.cases,
            version=version,
            month=month,
        )

    def _write(
        self,
        profile: RegionProfile,
        report: DeadlineReport,
        ledger: Sequence[LedgerRow],
        *,
        sources: Sequence[str],
        cases: CaseEvaluation | Sequence[CaseRow] | None,
        version: str,
        month: Month | None,
    ) -> Recorded:
        key = month_of(report.as_of)
        areas = {a.id: a.title for a in profile.areas}
        groups = {u.name for u in profile.units if u.group}
        case_list = None if cases is None else case_rows(cases) if isinstance(cases, CaseEvaluation) else tuple(cases)
        with self._connect(write=True) as db:
            old = self._info(db, report.region, key)
            if old is not None:
                db.execute("DELETE FROM snapshot WHERE id = ?", (old.id,))
            cursor = db.execute(
                "INSERT INTO snapshot (region, month, as_of, recorded_at, due_soon_days, ledger_given, cases_recorded,"
                " sources, bizenv_version, replaced, consolidated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    report.region,
                    key,
                    report.as_of.isoformat(),
                    dt.datetime.now(_BEIJING).isoformat(timespec="seconds"),
                    report.due_soon_days,
                    int(report.ledger_given),
                    int(case_list is not None),
                    json.dumps(list(sources), ensure_ascii=False),
                    version,
                    old.replaced + 1 if old is not None else 0,
                    int(month is None or month.consolidated),
                ),
            )
            snapshot_id = cursor.lastrowid
            lines = [_LineRow.of(r) for r in ledger]
            if month is not None:
                lines += [
                    _LineRow.of(a.row, a.item_id, a.unit, a.role, a.source, a.counted) for a in month.merged.answers
                ]
            db.executemany(
                _rows.insert("ledger_line", _LineRow, before=("snapshot_id", "position")),
                [_rows.values(line, before=(snapshot_id, i)) for i, line in enumerate(lines)],
            )
            if month is not None:
                self._write_month(db, snapshot_id, month)
            db.executemany(
                _rows.insert("item", SnapshotItem, before=("snapshot_id", "position"), without=_ITEM_ELSEWHERE),
                [
                    _rows.values(_snapshot_item(item, areas), before=(snapshot_id, i), without=_ITEM_ELSEWHERE)
                    for i, item in enumerate(report.items)
                ],
            )
            db.executemany(
                _rows.insert("item_unit", _OwnerRow, or_ignore=True),
                [
                    _rows.values(
                        _OwnerRow(item.id, o.unit.name, o.role, o.derived, o.unit.group or o.unit.name in groups),
                        before=(snapshot_id,),
                    )
                    for item in report.items
                    for o in item.owners
                ],
            )
            db.executemany(
                _rows.insert("rejection", _RejectionRow, before=("snapshot_id", "position")),
                [_rows.values(_RejectionRow.of(r), before=(snapshot_id, i)) for i, r in enumerate(report.rejections)],
            )
            if case_list:
                db.executemany(
                    _rows.insert("case_result", CaseRow), [_rows.values(c, before=(snapshot_id,)) for c in case_list]
                )
            new = self._info(db, report.region, key)
        assert new is not None
        return Recorded(new, old)

    @staticmethod
    def _write_month(db: sqlite3.Connection, snapshot_id: int | None, month: Month) -> None:
        kept = _rows.columns(StoredReturn)
        db.executemany(
            _rows.insert("return_file", StoredReturn, before=("snapshot_id", "position")),
            [
                _rows.values(StoredReturn(**{n: getattr(r, n) for n in kept}), before=(snapshot_id, i))
                for i, r in enumerate(month.returns.returns)
            ],
        )
        sent = set(month.reported)
        owed = [OwedReturn(u, "unit", u in sent) for u in month.owed]
        owed += [OwedReturn(g, "group", g in sent) for g in month.groups]
        db.executemany(
            _rows.insert("owed_unit", OwedReturn, or_ignore=True),
            [_rows.values(o, before=(snapshot_id,)) for o in owed],
        )
        db.executemany(
            _rows.insert("flag", _FlagRow, before=("snapshot_id", "position")),
            [
                _rows.values(_FlagRow(str(f), *_template(f)), before=(snapshot_id, i))
                for i, f in enumerate(month.merged.flags)
            ],
        )

    def record_extension(
        self,
        profile: RegionProfile,
        item_id: str,
        new_due: dt.date,
        *,
        approved_by: str,
        approved_on: dt.date,
        reason: str = "",
        recorded_by: str = "",
        source: str = "command",
    ) -> Extension:
        """Record an approved extension of an item's deadline (kept, never overwritten; see :class:`Extension`).
        The item is a tracked measure, dated target or milestone of ``profile``; :class:`StoreError` names what is
        wrong."""
        arguments.day(new_due, "new_due")
        arguments.day(approved_on, "approved_on")
        known = profile.has_item(item_id)
        if known and "#" in item_id:  # a target is extended only when it has a date of its own
            target = profile.target(item_id)[1]
            known = target.due is not None and target.due.date is not None
        if not known:
            raise StoreError(f"{source}: {profile.id} has no measure or dated target {item_id!r} to extend")
        if not approved_by.strip():
            raise StoreError(f"{source}: {item_id}: an extension needs who approved it (approved_by)")
        if new_due < approved_on - dt.timedelta(days=366):
            raise StoreError(f"{source}: {item_id}: the new due date {new_due} is long before its approval")
        with self._connect(write=True) as db:
            extension = Extension(
                id=0,  # given by the database
                region=profile.id,
                item_id=item_id,
                new_due=new_due,
                approved_by=approved_by.strip(),
                approved_on=approved_on,
                reason=reason.strip(),
                recorded_at=dt.datetime.now(_BEIJING).replace(microsecond=0),
                recorded_by=recorded_by.strip(),
                source=source,
            )
            cursor = db.execute(
                _rows.insert("extension", Extension, before=(), without=("id",)),
                _rows.values(extension, without=("id",)),
            )
            row = db.execute(self._EXTENSION + " WHERE id = ?", (cursor.lastrowid,)).fetchone()
        return self._to_extension(row)

    _EXTENSION = _rows.select("extension", Extension)

    def _to_extension(self, row: Sequence[Any]) -> Extension:
        try:
            return _rows.from_row(Extension, row, label=f"extension {row[0]}")
        except (TypeError, ValueError) as exc:
            raise StoreError(f"{self.path}: extension {row[0]} of {row[2]} is damaged ({exc})") from None

    def extensions(self, region: str) -> tuple[Extension, ...]:
        """Every extension recorded for a region, in the order recorded (the whole history)."""
        if not self.path.exists():
            return ()
        with self._connect() as db:
            rows = db.execute(self._EXTENSION + " WHERE region = ? ORDER BY id", (region,)).fetchall()
        return tuple(self._to_extension(r) for r in rows)

    def extensions_in_force(self, region: str, as_of: dt.date) -> dict[str, Extension]:
        """Item id → the extension in force at ``as_of``: the last recorded of those approved by then."""
        if not self.path.exists():
            return {}
        with self._connect() as db:
            return self._in_force(db, region, as_of)

    def _in_force(self, db: sqlite3.Connection, region: str, as_of: dt.date) -> dict[str, Extension]:
        found: dict[str, Extension] = {}
        for row in db.execute(self._EXTENSION + " WHERE region = ? ORDER BY id", (region,)):
            extension = self._to_extension(row)
            if extension.approved_on <= as_of:
                found[extension.item_id] = extension
        return found

    def delete(self, region: str, month: str) -> SnapshotInfo:
        """Remove one month's snapshot; returns what it was. :class:`StoreError` when there is none."""
        with self._connect(write=True) as db:
            info = self._info(db, region, month)
            if info is None:
                raise StoreError(self._missing(db, region, month))
            db.execute("DELETE FROM snapshot WHERE id = ?", (info.id,))
        return info

    # -- reading ----------------------------------------------------------------------------------------------

    _INFO = (
        "SELECT s.id, s.region, s.month, s.as_of, s.recorded_at, s.sources, s.cases_recorded, s.replaced,"
        " s.ledger_given, s.due_soon_days, s.bizenv_version, s.consolidated,"
        " (SELECT count(*) FROM item i WHERE i.snapshot_id = s.id),"
        " (SELECT count(*) FROM item i WHERE i.snapshot_id = s.id AND i.status = 'overdue'),"
        " (SELECT count(*) FROM item i WHERE i.snapshot_id = s.id AND i.status LIKE 'done%'),"
        " (SELECT count(*) FROM rejection r WHERE r.snapshot_id = s.id),"
        " (SELECT count(*) FROM item i WHERE i.snapshot_id = s.id AND i.status = 'disputed'),"
        " (SELECT count(*) FROM owed_unit o WHERE o.snapshot_id = s.id AND o.kind = 'unit' AND o.reported = 0)"
        " FROM snapshot s"
    )

    def _to_info(self, row: Sequence[Any]) -> SnapshotInfo:
        try:
            return SnapshotInfo(
                id=row[0],
                region=row[1],
                month=row[2],
                as_of=dt.date.fromisoformat(row[3]),
                recorded_at=dt.datetime.fromisoformat(row[4]),
                sources=tuple(json.loads(row[5])),
                cases_recorded=bool(row[6]),
                replaced=row[7],
                ledger_given=bool(row[8]),
                due_soon_days=row[9],
                bizenv_version=row[10],
                consolidated=bool(row[11]),
                items=row[12],
                overdue=row[13],
                done=row[14],
                rejected=row[15],
                disputed=row[16],
                unreported=None if row[11] else row[17],
            )
        except (TypeError, ValueError) as exc:  # a value edited or damaged outside bizenv
            raise StoreError(f"{self.path}: the snapshot of {row[1]} {row[2]} is damaged ({exc})") from None

    def _info(self, db: sqlite3.Connection, region: str, month: str) -> SnapshotInfo | None:
        row = db.execute(self._INFO + " WHERE s.region = ? AND s.month = ?", (region, month)).fetchone()
        return self._to_info(row) if row else None

    def _missing(self, db: sqlite3.Connection, region: str, month: str) -> str:
        months = [r[0] for r in db.execute("SELECT month FROM snapshot WHERE region = ? ORDER BY month", (region,))]
        have = ", ".join(months) if months else "none"
        return f"{self.path}: no snapshot of {region} for {month} (recorded months: {have})"

    def snapshots(self, region: str | None = None) -> tuple[SnapshotInfo, ...]:
        """The snapshots recorded (of one region, or all), by region and month."""
        if not self.path.exists():
            return ()
        with self._connect() as db:
            where, args = (" WHERE s.region = ?", (region,)) if region else ("", ())
            rows = db.execute(self._INFO + where + " ORDER BY s.region, s.month", args).fetchall()
        return tuple(self._to_info(r) for r in rows)

    def months(self, region: str) -> tuple[str, ...]:
        """The months recorded for a region, in order."""
        return tuple(s.month for s in self.snapshots(region))

    def load(self, region: str, month: str) -> Snapshot:
        """One month's snapshot; :class:`StoreError` (listing the months there are) when it was not recorded."""
        with self._connect() as db:
            info = self._info(db, region, month)
            if info is None:
                raise StoreError(self._missing(db, region, month))
            try:
                return self._load(db, info)
            except (TypeError, ValueError) as exc:  # a date or a number edited or damaged outside bizenv
                raise StoreError(f"{self.path}: the snapshot of {region} {month} is damaged: {exc}") from None

    def _load(self, db: sqlite3.Connection, info: SnapshotInfo) -> Snapshot:
        owners: dict[str, list[tuple[str, str]]] = {}
        groups: dict[str, set[str]] = {}
        for owner in _stored(db, info.id, "item_unit", _OwnerRow, lambda r: f"the owners of item {r[0]}", "rowid"):
            owners.setdefault(owner.item_id, []).append((owner.unit, owner.role))
            if owner.grp:
                groups.setdefault(owner.item_id, set()).add(owner.unit)
        items = tuple(
            _stored(
                db,
                info.id,
                "item",
                SnapshotItem,
                lambda r: f"item {r[0]}",
                without=_ITEM_ELSEWHERE,
                extra=lambda r: {
                    "owners": tuple(owners.get(str(r[0]), ())),
                    "groups": frozenset(groups.get(str(r[0]), ())),
                },
            )
        )
        ledger: list[LedgerRow] = []
        answers: list[StoredAnswer] = []
        for stored in _stored(db, info.id, "ledger_line", _LineRow, lambda r: f"the line from {r[4]}:{r[5]}"):
            line = stored.ledger_row()
            if stored.role is None:
                ledger.append(line)
            else:
                item_id = stored.item_id or stored.measure_id
                answers.append(
                    StoredAnswer(item_id, line, stored.unit, stored.role, stored.return_name, stored.counted)
                )
        returns = tuple(_stored(db, info.id, "return_file", StoredReturn, lambda r: f"return {r[0]}"))
        owed = tuple(_stored(db, info.id, "owed_unit", OwedReturn, lambda r: f"owed return {r[0]}", "rowid"))
        flags = tuple(f.message() for f in _stored(db, info.id, "flag", _FlagRow, lambda r: "a flag"))
        rejections = tuple(
            r.rejection()
            for r in _stored(db, info.id, "rejection", _RejectionRow, lambda r: f"the rejection of {r[0]}:{r[1]}")
        )
        cases = None
        if info.cases_recorded:
            cases = tuple(_stored(db, info.id, "case_result", CaseRow, lambda r: f"case summary {r[0]}", "rowid"))
        extended = tuple(self._in_force(db, info.region, info.as_of).values())
        return Snapshot(info, items, tuple(ledger), rejections, cases, tuple(answers), returns, owed, flags, extended)

    def history(self, region: str, until: str | None = None) -> tuple[Snapshot, ...]:
        """Every recorded month of a region up to ``until`` (YYYY-MM, inclusive), oldest first."""
        return tuple(self.load(region, m) for m in self.months(region) if until is None or m <= until)

    def previous(self, region: str, month: str) -> Snapshot | None:
        """The last month recorded before ``month``, or None."""
        earlier = [m for m in self.months(region) if m < month]
        return self.load(region, earlier[-1]) if earlier else None

    def frame(self, table: Table = "items", region: str | None = None) -> Any:
        """A table of every recorded month (of one region, or all) as a pandas DataFrame, each row with its month:
        ``snapshots`` (one row per month), ``items``, ``ledger``, ``rejections`` or ``cases``."""
        infos = self.snapshots(region)
        if table == "snapshots":
            return frame(SNAPSHOT_COLUMNS, [_snapshot_row(i) for i in infos])
        loaded = [self.load(i.region, i.month) for i in infos]
        columns: Sequence[Column]
        rows: list[list[object]]
        if table == "items":
            columns = SNAPSHOT_ITEM_COLUMNS
            rows = [_item_row(s.month, i) for s in loaded for i in s.items]
        elif table == "ledger":
            columns = LEDGER_COLUMNS
            rows = [
                [s.month, r.measure_id, r.status, r.completed_on, r.note, r.origin.source, r.origin.row]
                for s in loaded
                for r in s.ledger
            ]
        elif table == "rejections":
            columns = REJECTION_COLUMNS
            rows = [
                [s.month, r.origin.source, r.origin.row, r.record_id, r.field, r.cell, r.reason]
                for s in loaded
                for r in s.rejections
            ]
        elif table == "cases":
            columns = CASE_COLUMNS
            rows = [[s.month, *attrs.astuple(c)] for s in loaded for c in s.cases or ()]
        else:
            raise ArgumentError(f"table {table!r} is not one of snapshots, items, ledger, rejections, cases")
        return frame(columns, rows)

    def _repr_html_(self) -> str:
        return html_table(SNAPSHOT_COLUMNS, [_snapshot_row(i) for i in self.snapshots()], repr(self))

    def chart(self, region: str, kind: ChartKind = "svg") -> Any:
        """The trend: overdue items of each recorded month of ``region``, a month with more than the one before
        red. ``kind="svg"`` draws as the report does; ``"matplotlib"`` gives a Figure."""
        infos = self.snapshots(region)
        bars = [
            Bar(i.month, i.overdue, f"{i.overdue}/{i.items}", n > 0 and i.overdue > infos[n - 1].overdue)
            for n, i in enumerate(infos)
        ]
        scale = max((i.overdue for i in infos), default=1) or 1
        return bar_chart(f"Overdue items per month, {region}", bars, scale, kind)


def _message(rejection: Rejection) -> tuple[str | None, str | None]:
    """The reason's message template and values, so a bulletin shows it in its own locale."""
    return _template(rejection.message)


def _template(found: Message | None) -> tuple[str | None, str | None]:
    if found is None:
        return None, None
    try:
        return found.template, json.dumps(found.params, ensure_ascii=False)
    except TypeError:  # a value JSON cannot hold: the reason stays in English
        return None, None


@attrs.frozen(slots=True)
class _LineRow:
    """A ledger line as the ``ledger_line`` table keeps it: the line, and for a unit's answer its item, unit, role
    (None for a line of a consolidated ledger recorded directly), return and whether it counted."""

    measure_id: str
    status: str
    #: As text: a damaged date is named with the line it is on.
    completed_on: str | None
    note: str
    source: str
    row: int | None
    item_id: str | None = None
    unit: str | None = None
    role: str | None = None
    return_name: str | None = None
    counted: bool = True

    @classmethod
    def of(
        cls,
        line: LedgerRow,
        item_id: str | None = None,
        unit: str | None = None,
        role: str | None = None,
        return_name: str | None = None,
        counted: bool = True,
    ) -> _LineRow:
        origin = line.origin
        completed = _iso(line.completed_on)
        return cls(
            line.measure_id, line.status, completed, line.note, origin.source, origin.row, item_id, unit, role,
            return_name, counted,
        )  # fmt: skip

    def ledger_row(self) -> LedgerRow:
        completed = _line_day(self.completed_on, self.source, self.row)
        return LedgerRow(self.measure_id, self.status, completed, self.note, Origin(self.source, self.row))


@attrs.frozen(slots=True)
class _OwnerRow:
    """A unit in its role in an item (``item_unit``); ``grp`` when the name is a collective one (各乡镇)."""

    item_id: str
    unit: str
    role: str
    derived: bool
    grp: bool


@attrs.frozen(slots=True)
class _RejectionRow:
    """A rejected row (``rejection``): where, which record and field, the reason in English, and the message's
    template and values, so a bulletin shows it in its own locale."""

    source: str
    row: int | None
    record_id: str | None
    field: str | None
    cell: str | None
    reason: str
    template: str | None
    params: str | None

    @classmethod
    def of(cls, rejection: Rejection) -> _RejectionRow:
        origin = rejection.origin
        found = rejection.record_id, rejection.field, rejection.cell, rejection.reason
        return cls(origin.source, origin.row, *found, *_message(rejection))

    def rejection(self) -> Rejection:
        found = Message(self.template, json.loads(self.params)) if self.template and self.params else None
        return Rejection(Origin(self.source, self.row), self.reason, self.record_id, self.field, self.cell, found)


@attrs.frozen(slots=True)
class _FlagRow:
    """What a month's merge flagged (``flag``): the text in English, and the message's template and values."""

    text: str
    template: str | None
    params: str | None

    def message(self) -> Message:
        return Message(self.template, json.loads(self.params)) if self.template and self.params else Message(self.text)


_Stored = TypeVar("_Stored")


def _stored(
    db: sqlite3.Connection,
    snapshot_id: int,
    table: str,
    cls: type[_Stored],
    label: Callable[[Sequence[Any]], str],
    order: str = "position",
    *,
    without: tuple[str, ...] = (),
    extra: Callable[[Sequence[Any]], dict[str, object]] | None = None,
) -> Iterator[_Stored]:
    """The rows of one snapshot in a table, in their order, as instances of its class; the fields ``without``
    are kept in another table and given, for each row, by ``extra``. ``label`` names a row in the message
    about a damaged value."""
    query = _rows.select(table, cls, without=without) + f" WHERE snapshot_id = ? ORDER BY {order}"
    for row in db.execute(query, (snapshot_id,)):
        yield _rows.from_row(cls, row, label=label(row), extra=extra(row) if extra is not None else None)


#: The fields of a stored item kept in their own table (item_unit), not as columns of ``item``.
_ITEM_ELSEWHERE = ("owners", "groups")


def _snapshot_item(item: TrackedItem, areas: dict[str, str]) -> SnapshotItem:
    """A tracked item as a snapshot keeps it (its owners are written to their own table)."""
    return SnapshotItem(
        id=item.id,
        kind=item.kind,
        measure_id=item.measure_id,
        title=item.title,
        area=item.measure.area,
        area_title=areas.get(item.measure.area) if item.measure.area else None,
        status=item.status,
        due=item.due.date if item.due else None,
        due_from=item.due.source if item.due else None,
        due_text=item.due.deadline.raw if item.due and item.due.deadline else None,
        uncertain=item.uncertain,
        completed_on=item.completed_on,
        days=item.days,
        rolled_up=item.rolled_up,
        owners=(),
        original_due=item.original_due,
    )


__all__ = [
    "ENV_DB",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "CaseRow",
    "Extension",
    "OwedReturn",
    "Recorded",
    "Snapshot",
    "SnapshotInfo",
    "SnapshotItem",
    "SnapshotStore",
    "StoreError",
    "StoredAnswer",
    "StoredReturn",
    "Table",
    "case_rows",
    "default_db_path",
    "month_of",
]
