"""What the service keeps beside the months, in the same SQLite file as the snapshots: tokens (only their
hashes), sign-in sessions (only their hashes), and every upload (who, when, the file's hash and size, where it is
kept inside the database's folder, accepted or refused and why, and which later upload superseded it).

The database is put in WAL mode, so readers never wait for the writer, and every write here is one short
transaction. The service's tables are made after the snapshot schema (the store migrates it first), so the
store keeps owning ``PRAGMA user_version``."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import attrs

from bizenv import sqlrows as _rows
from bizenv.cycle import SnapshotStore
from bizenv.errors import BizenvError

TokenKind = Literal["unit", "office", "feed"]
UploadStatus = Literal["accepted", "refused"]
_BEIJING = dt.timezone(dt.timedelta(hours=8), "CST")
#: How long a page sign-in lasts.
SESSION_HOURS = 12

SCHEMA = """
CREATE TABLE IF NOT EXISTS serve_token (
    id INTEGER PRIMARY KEY,
    region TEXT NOT NULL,
    kind TEXT NOT NULL,
    unit TEXT,
    hash TEXT NOT NULL UNIQUE,
    issued_at TEXT NOT NULL,
    issued_by TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS serve_session (
    hash TEXT PRIMARY KEY,
    token_id INTEGER NOT NULL REFERENCES serve_token (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS serve_upload (
    id INTEGER PRIMARY KEY,
    region TEXT NOT NULL,
    month TEXT NOT NULL,
    as_of TEXT NOT NULL,
    token_id INTEGER NOT NULL REFERENCES serve_token (id),
    sender TEXT NOT NULL,
    unit TEXT,
    uploaded_at TEXT NOT NULL,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    path TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    code TEXT,
    reason TEXT NOT NULL,
    lines INTEGER NOT NULL,
    refused INTEGER NOT NULL,
    superseded_by INTEGER REFERENCES serve_upload (id)
);
CREATE INDEX IF NOT EXISTS serve_upload_month ON serve_upload (region, month, status);
"""


class ServeDbError(BizenvError):
    """A token or session that cannot be issued, found or revoked."""


def _hash(secret: str) -> str:
    # Tokens are 256 random bits: a plain SHA-256 cannot be reversed or guessed, so no slow hash is needed.
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def now() -> dt.datetime:
    """Now, in Beijing time (what the offices keep), to the second."""
    return dt.datetime.now(_BEIJING).replace(microsecond=0)


@attrs.frozen(slots=True)
class Token:
    """A token as kept: never the secret, only what it is for."""

    id: int
    region: str
    kind: TokenKind
    unit: str | None
    issued_at: dt.datetime
    issued_by: str
    revoked_at: dt.datetime | None

    @property
    def active(self) -> bool:
        """Whether the token still opens anything (not revoked)."""
        return self.revoked_at is None


@attrs.frozen(slots=True)
class Upload:
    """An upload as kept: who sent it when, what it is (by content), its hash, where it is kept (relative to the
    database's folder), accepted or refused and why, how many lines were read and refused, and the upload that
    superseded it in the month's merge (None: it is the one that counts, or it was refused)."""

    id: int
    region: str
    month: str
    as_of: dt.date
    token_id: int
    #: The unit the token speaks for, or "office".
    sender: str
    #: The unit the return names (None: a consolidated ledger, or a refused file).
    unit: str | None
    uploaded_at: dt.datetime
    name: str
    sha256: str
    size: int
    path: str
    kind: str
    status: UploadStatus
    code: str | None
    reason: str
    lines: int
    refused: int
    superseded_by: int | None


def _upload(row: tuple[object, ...]) -> Upload:
    return _rows.from_row(Upload, row, label=f"upload {row[0]}")


def _token(row: tuple[object, ...]) -> Token:
    values = list(row)
    values[4] = dt.datetime.fromisoformat(str(values[4]))
    values[6] = dt.datetime.fromisoformat(str(values[6])) if values[6] else None
    return Token(*values)  # type: ignore[arg-type]


class ServeDb:
    """The service's tables in the snapshot database at ``path`` (made, with the snapshot schema, if missing)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.store = SnapshotStore(self.path)
        if self.path.is_dir():
            raise ServeDbError(f"{self.path} is a folder; --db names the database file (made if missing)")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            sqlite3.connect(self.path).close()
        _ = self.store.schema_version  # migrates the snapshot schema first: the store owns user_version
        with self.connect() as db:
            db.execute("PRAGMA journal_mode = WAL")
            db.executescript(SCHEMA)

    @property
    def folder(self) -> Path:
        """Where uploads are kept: beside the database, in ``<name>-uploads``."""
        return self.path.parent / f"{self.path.stem}-uploads"

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """One short transaction (committed on leaving, rolled back on an error)."""
        connection = sqlite3.connect(self.path, timeout=30)
        try:
            connection.execute("PRAGMA foreign_keys = ON")
            with connection:
                yield connection
        finally:
            connection.close()

    # -- tokens -----------------------------------------------------------------------------------------------

    def issue(self, region: str, kind: TokenKind, unit: str | None = None, *, issued_by: str = "") -> tuple[str, Token]:
        """A new token: the secret (shown once, never kept) and the token as kept."""
        if (kind == "office") != (unit is None):
            raise ServeDbError("a unit or feed token names its unit; an office token names none")
        secret = f"bzv_{kind[0]}_{secrets.token_urlsafe(32)}"
        issued = now()
        with self.connect() as db:
            cursor = db.execute(
                "INSERT INTO serve_token (region, kind, unit, hash, issued_at, issued_by) VALUES (?, ?, ?, ?, ?, ?)",
                (region, kind, unit, _hash(secret), issued.isoformat(), issued_by),
            )
            token_id = int(cursor.lastrowid or 0)
        return secret, Token(token_id, region, kind, unit, issued, issued_by, None)

    def tokens(self, region: str | None = None) -> tuple[Token, ...]:
        """Every token issued (revoked ones too), oldest first."""
        with self.connect() as db:
            rows = db.execute(
                "SELECT id, region, kind, unit, issued_at, issued_by, revoked_at FROM serve_token"
                + (" WHERE region = ?" if region else "")
                + " ORDER BY id",
                (region,) if region else (),
            ).fetchall()
        return tuple(_token(r) for r in rows)

    def revoke(self, token_id: int) -> Token:
        """Revoke a token (and end its sessions); its record is kept."""
        with self.connect() as db:
            found = db.execute("SELECT revoked_at FROM serve_token WHERE id = ?", (token_id,)).fetchone()
            if found is None:
                raise ServeDbError(f"no token {token_id}")
            if found[0] is None:
                db.execute("UPDATE serve_token SET revoked_at = ? WHERE id = ?", (now().isoformat(), token_id))
            db.execute("DELETE FROM serve_session WHERE token_id = ?", (token_id,))
        return next(t for t in self.tokens() if t.id == token_id)

    def token(self, secret: str) -> Token | None:
        """The active token whose secret this is, or None."""
        with self.connect() as db:
            row = db.execute(
                "SELECT id, region, kind, unit, issued_at, issued_by, revoked_at FROM serve_token "
                "WHERE hash = ? AND revoked_at IS NULL",
                (_hash(secret),),
            ).fetchone()
        return _token(row) if row else None

    # -- sessions ---------------------------------------------------------------------------------------------

    def open_session(self, token: Token) -> str:
        """A new sign-in session of ``token``: its secret, for the cookie."""
        secret = secrets.token_urlsafe(32)
        start = now()
        with self.connect() as db:
            db.execute("DELETE FROM serve_session WHERE expires_at < ?", (start.isoformat(),))
            db.execute(
                "INSERT INTO serve_session (hash, token_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                (_hash(secret), token.id, start.isoformat(), (start + dt.timedelta(hours=SESSION_HOURS)).isoformat()),
            )
        return secret

    def session(self, secret: str) -> Token | None:
        """The active token of a session that has not expired, or None."""
        with self.connect() as db:
            row = db.execute(
                "SELECT t.id, t.region, t.kind, t.unit, t.issued_at, t.issued_by, t.revoked_at FROM serve_session s "
                "JOIN serve_token t ON t.id = s.token_id WHERE s.hash = ? AND s.expires_at > ? "
                "AND t.revoked_at IS NULL",
                (_hash(secret), now().isoformat()),
            ).fetchone()
        return _token(row) if row else None

    def close_session(self, secret: str) -> None:
        """End a sign-in session (signing out)."""
        with self.connect() as db:
            db.execute("DELETE FROM serve_session WHERE hash = ?", (_hash(secret),))

    # -- uploads ----------------------------------------------------------------------------------------------

    def add_upload(self, upload: Upload) -> Upload:
        """Keep an upload; an accepted one supersedes, in the merge, the accepted uploads of the same month
        and unit before it (they are kept)."""
        with self.connect() as db:
            cursor = db.execute(
                _rows.insert("serve_upload", Upload, before=(), without=("id",)),
                _rows.values(attrs.evolve(upload, superseded_by=None), without=("id",)),
            )
            new_id = int(cursor.lastrowid or 0)
            if upload.status == "accepted":
                db.execute(
                    "UPDATE serve_upload SET superseded_by = ? WHERE region = ? AND month = ? AND status = 'accepted' "
                    "AND unit IS ? AND id < ? AND superseded_by IS NULL",
                    (new_id, upload.region, upload.month, upload.unit, new_id),
                )
        return attrs.evolve(upload, id=new_id)

    def uploads(self, region: str, month: str | None = None, *, unit: str | None = None) -> tuple[Upload, ...]:
        """The uploads of a region (and month; and sent by or naming ``unit``), oldest first."""
        sql = _rows.select("serve_upload", Upload) + " WHERE region = ?"
        params: list[object] = [region]
        if month is not None:
            sql += " AND month = ?"
            params.append(month)
        if unit is not None:
            sql += " AND (unit = ? OR sender = ?)"
            params += [unit, unit]
        with self.connect() as db:
            return tuple(_upload(r) for r in db.execute(sql + " ORDER BY id", params).fetchall())

    def upload(self, upload_id: int) -> Upload | None:
        """One upload by its number, or None."""
        with self.connect() as db:
            row = db.execute(_rows.select("serve_upload", Upload) + " WHERE id = ?", (upload_id,)).fetchone()
        return _upload(row) if row else None

    def counting(self, region: str, month: str) -> tuple[Upload, ...]:
        """The uploads the month's merge is made of: the latest accepted one of each unit (and of the consolidated
        ledgers)."""
        return tuple(u for u in self.uploads(region, month) if u.status == "accepted" and u.superseded_by is None)


__all__ = ["SESSION_HOURS", "ServeDb", "ServeDbError", "Token", "TokenKind", "Upload", "UploadStatus"]
