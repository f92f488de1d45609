"""Uploads that cannot hurt: a size limit, the type decided by the bytes (never by the name), a workbook's
unpacked size bounded before any reader opens it, the name kept only as text (the file is stored under a folder
the service names), and the readers' own refusals (a DTD or entities in a workbook's XML, an encrypted or
disguised workbook) as problems.

A returned ledger is judged on its own first (read, and its lines checked by the month's rule); one that cannot
be read, or whose every line is refused, is kept as refused. An accepted one joins the month: the month is put
together again from the latest accepted upload of every unit by :func:`bizenv.cycle.record_month`, the very
merge ``bizenv ledger record`` does, one region and month at a time."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import threading
import uuid
import zipfile
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath, PureWindowsPath

import attrs

from bizenv import __version__
from bizenv.cycle import Month, Returns, compose_month, read_returns, record_month
from bizenv.cycle.month import MonthError
from bizenv.cycle.returns import join_returns
from bizenv.cycle.templates import safe_filename
from bizenv.errors import BizenvError
from bizenv.i18n import _
from bizenv.model import RegionProfile
from bizenv.serve.db import ServeDb, Token, Upload, now
from bizenv.serve.problems import Problem, from_error, rejected_rows
from bizenv.textfile import TextFileError, decode_text

#: The default upload limit, bytes (``--max-upload``).
MAX_UPLOAD = 10 * 1024 * 1024
#: How far a workbook may unpack, bytes, and how many parts it may have: a zip bomb is refused before any reader.
MAX_UNPACKED = 100 * 1024 * 1024
MAX_PARTS = 10_000
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The readers' message for a workbook whose XML declares a DTD or entities.
UNSAFE_XML = "the sheet's XML declares a DTD or entities, which no spreadsheet program writes; not read"


@attrs.frozen(slots=True)
class Limits:
    """What an upload may be: its size, a workbook's unpacked size and parts."""

    max_upload: int = MAX_UPLOAD
    max_unpacked: int = MAX_UNPACKED
    max_parts: int = MAX_PARTS


def upload_name(name: str | None) -> str:
    """The name a file was sent with, as text only: its last part (no folder of the sender's), never a path."""
    text = (name or "").replace("\x00", "")
    last = PureWindowsPath(PurePosixPath(text).name).name.strip()
    return last if last.strip(".") else "upload"


def sniff(data: bytes, limits: Limits, *, parquet: bool = False) -> str:
    """The file's type by its bytes, as the suffix the readers know it by (.xlsx, .xls, .ods, .json, .csv, and
    with ``parquet`` .parquet); a workbook that would unpack past the limits, and anything else, is a
    :class:`Problem`."""
    if parquet and data.startswith(b"PAR1"):
        return ".parquet"
    if data.startswith(b"PK"):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            parts = archive.infolist()
        except (zipfile.BadZipFile, ValueError, OSError):
            raise Problem(415, "unsupported_type", _("the file starts like a zip archive but is not one")) from None
        unpacked = sum(p.file_size for p in parts)
        if len(parts) > limits.max_parts or unpacked > limits.max_unpacked:
            raise Problem(
                413,
                "too_large",
                _("the workbook unpacks to {size} MB in {parts} parts; the limit is {limit} MB").format(
                    size=unpacked // (1 << 20), parts=len(parts), limit=limits.max_unpacked // (1 << 20)
                ),
            )
        names = {p.filename for p in parts}
        if "xl/workbook.xml" in names:
            return ".xlsx"
        if "mimetype" in names and archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument.spread"):
            return ".ods"
        raise Problem(415, "unsupported_type", _("a zip archive, but not an Excel or OpenDocument workbook"))
    if data.startswith(_OLE2):
        return ".xls"
    try:
        text = decode_text(data[: 1 << 16], "upload")
    except (TextFileError, UnicodeDecodeError):
        raise Problem(
            415, "unsupported_type", _("not a workbook (.xlsx, .xls, .ods) nor a text table (.csv, .json)")
        ) from None
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith(("[", "{")):
        return ".json"
    if head.startswith("<"):
        raise Problem(
            415,
            "unsupported_type",
            _("a web page or XML file, not a workbook: open it in Excel or WPS and save it as .xlsx"),
        )
    return ".csv"


@attrs.frozen(slots=True)
class Kept:
    """An uploaded file as kept: where (absolute, and relative to the database's folder), its type, hash and size."""

    path: Path | None
    relative: str
    kind: str
    sha256: str
    size: int
    name: str
    #: Why the content was refused before any reader saw it (size, type, a workbook that unpacks too far).
    problem: Problem | None = None


def checked_kind(data: bytes, limits: Limits, *, parquet: bool = False) -> str:
    """An upload's type (:func:`sniff`) once its size is checked: over the limit or empty is a :class:`Problem`."""
    if len(data) > limits.max_upload:
        raise Problem(
            413,
            "too_large",
            _("the file is larger than the limit of {limit} bytes").format(limit=limits.max_upload),
        )
    if not data:
        raise Problem(422, "unreadable_file", _("the file is empty"))
    return sniff(data, limits, parquet=parquet)


def keep(db: ServeDb, region: str, month: str, name: str | None, data: bytes, limits: Limits) -> Kept:
    """Keep an upload (up to the size limit) in a folder of its own under the database's folder, named by the
    service; the name sent is only the file's name there, made safe (no folder, no device name). ``kind`` is
    its type by content, or "" when the content is of no type bizenv reads (:attr:`Kept.problem` says why)."""
    sent = upload_name(name)
    digest = hashlib.sha256(data).hexdigest()
    problem: Problem | None = None
    kind = ""
    try:
        kind = checked_kind(data, limits)
    except Problem as exc:
        problem = exc
    if problem is not None and problem.code == "too_large" and len(data) > limits.max_upload:
        # Bytes over the limit are not written anywhere: the record says who sent what, with its hash.
        return Kept(None, "", "", digest, len(data), sent, problem)
    stem = sent.rsplit(".", 1)[0] if "." in sent else sent
    folder = db.folder / region / month / uuid.uuid4().hex
    folder.mkdir(parents=True)
    path = folder / safe_filename(stem, kind or ".bin")
    path.write_bytes(data)
    return Kept(path, path.relative_to(db.folder).as_posix(), kind, digest, len(data), sent, problem)


class MonthLocks:
    """One lock per region and month: the month is put together again by one upload at a time, each from every
    upload kept before it, so that no merge overwrites a later one."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[tuple[str, str], threading.Lock] = {}
        #: The returns of the service's uploads as read (one database's: upload numbers are its own).
        self.reads = ReadCache()

    @contextmanager
    def hold(self, region: str, month: str) -> Iterator[None]:
        """Hold the lock of one region's month for the ``with`` block."""
        with self._guard:
            lock = self._locks.setdefault((region, month), threading.Lock())
        with lock:
            yield


@attrs.frozen(slots=True)
class ReturnResult:
    """An upload of a return and what became of it: kept as accepted or refused, the file judged on its own
    (its lines and the lines refused), and the month as put together after it (None when refused)."""

    upload: Upload
    alone: Month | None
    month: Month | None
    names: dict[str, str]


def last_day(month: str) -> dt.date:
    """The last day of a month (YYYY-MM)."""
    year, number = (int(p) for p in month.split("-"))
    first_next = dt.date(year + number // 12, number % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def default_as_of(month: str, today: dt.date | None = None) -> dt.date:
    """The day a month's returns speak for when the upload does not say: the month's last day, or today in a
    month not over yet."""
    return min(last_day(month), today or dt.date.today())


def receive_return(
    db: ServeDb,
    locks: MonthLocks,
    profile: RegionProfile,
    token: Token,
    month: str,
    name: str | None,
    data: bytes,
    *,
    as_of: dt.date,
    limits: Limits,
) -> ReturnResult:
    """Keep a returned ledger and, when it is accepted, record the month again with it (see the module)."""
    kept = keep(db, profile.id, month, name, data, limits)
    names = {str(kept.path): kept.name, kept.path.name: kept.name} if kept.path is not None else {}
    sender = token.unit or "office"

    def refused(problem: Problem, lines: int = 0, refused_lines: int = 0) -> Problem:
        db.add_upload(
            Upload(0, profile.id, month, as_of, token.id, sender, None, now(), kept.name, kept.sha256, kept.size,
                   kept.relative, kept.kind, "refused", problem.code, problem.detail, lines, refused_lines, None)
        )  # fmt: skip
        return problem

    if kept.problem is not None or kept.path is None:
        raise refused(kept.problem or Problem(422, "unreadable_file", kept.name))
    try:
        read = read_returns([kept.path], profile)
        alone = compose_month(profile, read, as_of)
    except BizenvError as exc:
        raise refused(from_error(exc, names)) from None
    unit = alone.returns.returns[0].unit if len(alone.returns.returns) == 1 else None
    units = {r.unit for r in alone.returns.returns}
    lines = len(alone.returns.lines) + len(alone.returns.rejections)
    rejected = len(alone.report.rejections)
    if token.kind == "unit" and units != {token.unit}:
        said = "、".join(sorted(u or _("no unit") for u in units))
        raise refused(
            Problem(403, "wrong_unit", _("the return is from {said}, not from {unit}").format(said=said,
                    unit=token.unit)),
            lines, rejected,
        )  # fmt: skip
    if lines and rejected >= lines:
        raise refused(
            Problem(
                422,
                "nothing_judged",
                _("no line of the return could be judged: all {lines} were refused").format(lines=lines),
                rejections=rejected_rows(alone.report.rejections, names),
            ),
            lines,
            rejected,
        )
    with locks.hold(profile.id, month):
        upload = db.add_upload(
            Upload(0, profile.id, month, as_of, token.id, sender, unit, now(), kept.name, kept.sha256, kept.size,
                   kept.relative, kept.kind, "accepted", None, "", lines, rejected, None)
        )  # fmt: skip
        locks.reads.put(upload.id, read)
        month_result = record_counting(db, profile, month, locks.reads)
    for u in db.counting(profile.id, month):
        names[str(db.folder / u.path)] = u.name
    return ReturnResult(upload, alone, month_result, names)


class ReadCache:
    """The returns as read, by upload, for the last ``size`` accepted uploads: the month is put together
    again at each upload from every return that counts, and a return read once need not be read again (reading a
    workbook is most of the work). Its content never changes: an upload is kept, never rewritten."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._reads: OrderedDict[int, Returns] = OrderedDict()
        self._guard = threading.Lock()

    def put(self, upload_id: int, read: Returns) -> None:
        """Keep the returns of an upload as read."""
        with self._guard:
            self._reads[upload_id] = read
            while len(self._reads) > self.size:
                self._reads.popitem(last=False)

    def get(self, db: ServeDb, profile: RegionProfile, upload: Upload) -> Returns:
        """The returns of an upload: as kept, else read from its file (as ``ledger record`` reads it)."""
        with self._guard:
            found = self._reads.get(upload.id)
        if found is None:
            found = read_returns([db.folder / upload.path], profile)
            self.put(upload.id, found)
        return found


def record_counting(db: ServeDb, profile: RegionProfile, month: str, reads: ReadCache | None = None) -> Month | None:
    """Record the month from the uploads that count (the latest accepted of each unit), as ``ledger record``
    does, at the latest as-of date of those uploads: the same returns, read alike, in the order they came, put
    together by :func:`bizenv.cycle.record_month`. Call it holding the month's lock."""
    counting = db.counting(profile.id, month)
    if not counting:
        return None
    as_of = max(u.as_of for u in counting)
    cache = reads or ReadCache()
    returns = join_returns([cache.get(db, profile, u) for u in counting])
    try:
        done = record_month(profile, returns, as_of=as_of, store=db.store, version=__version__)
    except MonthError:
        return None
    return done.month


__all__ = [
    "MAX_PARTS",
    "MAX_UNPACKED",
    "MAX_UPLOAD",
    "UNSAFE_XML",
    "Kept",
    "Limits",
    "MonthLocks",
    "ReadCache",
    "ReturnResult",
    "checked_kind",
    "default_as_of",
    "keep",
    "last_day",
    "receive_return",
    "record_counting",
    "sniff",
    "upload_name",
]
