"""The JSON API for systems: regions and profiles, the calendar, deadlines, thresholds, case evaluation, the
month (snapshot, history, 通报) and returns. Each answer is the library's: the documents are those the command
writes (``bizenv schema NAME``), made by the same functions."""

from __future__ import annotations

import datetime as dt
import io
import json
import queue
import re
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Literal, cast

import attrs
from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath, FromQuery, MultipartBody
from litestar.response import Stream

from bizenv import __version__
from bizenv.calendars import WorkingCalendar
from bizenv.cycle import (
    Snapshot,
    compose_month,
    render_html,
    render_markdown,
    unit_tasks,
)
from bizenv.cycle.ics import calendar_feed
from bizenv.cycle.published import deadlines_view, history_document, month_bulletin
from bizenv.cycle.returns import join_returns
from bizenv.cycle.templates import template_filename, write_template
from bizenv.cycle.word import bulletin_docx
from bizenv.errors import BizenvError
from bizenv.evaluate import evaluate_observations, track_deadlines
from bizenv.evaluate.deadlines import DeadlineReport
from bizenv.i18n import _
from bizenv.inputs import read_observations
from bizenv.io.case_files import evaluate_file
from bizenv.io.documents import thresholds_document, to_json_data
from bizenv.model import RegionProfile
from bizenv.profile_file import profile_to_dict
from bizenv.serve.db import Token, Upload
from bizenv.serve.problems import Problem, RejectedRow, from_error, rejected_rows
from bizenv.serve.service import Service, service_of
from bizenv.serve.uploads import checked_kind, default_as_of, receive_return

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
#: How much of a case evaluation is held before it is streamed (a refusal at the header is still a problem).
HOLD_BYTES = 16 * 1024


# -- helpers ------------------------------------------------------------------------------------------------------


def json_response(data: Any, status: int = 200) -> Response[bytes]:
    """JSON as the command writes it (no NaN; non-ASCII kept)."""
    body = json.dumps(data, ensure_ascii=False, allow_nan=False, default=str).encode("utf-8")
    return Response(body, status_code=status, media_type="application/json")


def day_param(name: str, text: str | None, *, required: bool = True) -> dt.date | None:
    if text is None or text == "":
        if required:
            raise Problem(400, "bad_request", _("{name}: a date (YYYY-MM-DD) is needed").format(name=name))
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Problem(
            400, "bad_date", _("{name}: {text!r} is not a date (YYYY-MM-DD)").format(name=name, text=text)
        ) from None


def moment_param(name: str, text: str | None, zone: str | None = None) -> dt.datetime:
    if not text:
        raise Problem(400, "bad_request", _("{name}: a date-time is needed").format(name=name))
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise Problem(
            400, "bad_timestamp", _("{name}: {text!r} is not an ISO 8601 date-time").format(name=name, text=text)
        ) from None
    if moment.utcoffset() is None and zone is None:
        raise Problem(
            400, "no_time_zone", _("{name}: {text!r} has no time zone; give its offset or zone=").format(
                name=name, text=text
            )
        )  # fmt: skip
    return moment


def month_param(month: str) -> str:
    if not _MONTH.fullmatch(month):
        raise Problem(400, "bad_request", _("{text!r} is not a month (YYYY-MM)").format(text=month))
    return month


def as_of_param(month: str, text: str | None) -> dt.date:
    day = day_param("as_of", text, required=False)
    if day is None:
        return default_as_of(month)
    if day.strftime("%Y-%m") != month:
        raise Problem(
            400, "bad_request", _("as_of {day} is not in {month}").format(day=day.isoformat(), month=month)
        )  # fmt: skip
    return day


async def read_upload(request: Request[Any, Any, Any], data: UploadFile, service: Service) -> tuple[str, bytes]:
    """The file of a form, read only up to the limit."""
    content = await data.read(service.limits.max_upload + 1)
    return data.filename, content


# -- regions and profiles -----------------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class RegionView:
    """An installed region: its id, names, the calendar its offices keep, and how much its profile holds."""

    id: str
    name_zh: str
    name_en: str
    name_ug: str | None
    calendar: str
    measures: int
    targets: int
    units: int


def region_view(profile: RegionProfile) -> RegionView:
    names = profile.region.names
    return RegionView(
        profile.id, names.zh, names.en, names.ug, profile.region.calendar, len(profile.measures),
        sum(1 for _t in profile.targets()), len(profile.units),
    )  # fmt: skip


@get("/api/regions", sync_to_thread=False, tags=["regions"])
def regions(request: Request[Any, Any, Any]) -> list[RegionView]:
    """The installed regions."""
    return [region_view(p) for p in service_of(request).profiles()]


@get("/api/regions/{region:str}", sync_to_thread=False, tags=["regions"])
def region(request: Request[Any, Any, Any], region: FromPath[str]) -> RegionView:
    """One installed region."""
    return region_view(service_of(request).profile(region))


@get("/api/regions/{region:str}/profile", sync_to_thread=True, tags=["regions"], opt={"document": "profile"})
def profile(request: Request[Any, Any, Any], region: FromPath[str]) -> Response[bytes]:
    """The region's whole validated profile, as ``bizenv export`` writes it (``bizenv schema profile``)."""
    return json_response(profile_to_dict(service_of(request).profile(region)))


# -- the calendar -------------------------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class DayView:
    """What the calendar says about one day."""

    calendar: str
    date: dt.date
    working: bool
    kind: str
    name: str | None
    provisional: bool
    assumed: bool
    source: str | None


@attrs.frozen(slots=True)
class AddedView:
    """The working day ``days`` working days after ``start`` (the start day not counted)."""

    calendar: str
    start: dt.date
    days: int
    date: dt.date


@attrs.frozen(slots=True)
class BetweenView:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier)."""

    calendar: str
    start: dt.date
    end: dt.date
    working_days: int


@attrs.frozen(slots=True)
class OfficeHoursView:
    """Office hours (and seconds) from ``start`` to ``end`` in the calendar's office hours."""

    calendar: str
    start: dt.datetime
    end: dt.datetime
    hours: float
    seconds: int


def _calendar(request: Request[Any, Any, Any], calendar: str) -> WorkingCalendar:
    return service_of(request).calendar(calendar)


@get("/api/calendars/{calendar:str}/days/{day:str}", sync_to_thread=False, tags=["calendar"])
def calendar_day(request: Request[Any, Any, Any], calendar: FromPath[str], day: FromPath[str]) -> DayView:
    """Is a date a working day: the day's kind (working day, weekend, holiday, in-lieu rest day, make-up working
    day), its name and where the calendar has it from."""
    cal = _calendar(request, calendar)
    info = cal.day_info(day_param("day", day))  # type: ignore[arg-type]
    return DayView(cal.id, info.date, info.working, info.kind, info.name, info.provisional, info.assumed, info.source)


@get("/api/calendars/{calendar:str}/add-working-days", sync_to_thread=False, tags=["calendar"])
def add_working_days(
    request: Request[Any, Any, Any], calendar: FromPath[str], start: FromQuery[str], days: FromQuery[int]
) -> AddedView:
    """The date ``days`` working days after ``start`` (before it when negative); ``start`` is not counted."""
    cal = _calendar(request, calendar)
    first = day_param("start", start)
    assert first is not None
    return AddedView(cal.id, first, days, cal.add_working_days(first, days))


@get("/api/calendars/{calendar:str}/working-days", sync_to_thread=False, tags=["calendar"])
def working_days(
    request: Request[Any, Any, Any], calendar: FromPath[str], start: FromQuery[str], end: FromQuery[str]
) -> BetweenView:
    """Working days after ``start`` up to and including ``end``."""
    cal = _calendar(request, calendar)
    a, b = day_param("start", start), day_param("end", end)
    assert a is not None and b is not None
    return BetweenView(cal.id, a, b, cal.working_days_between(a, b))


@get("/api/calendars/{calendar:str}/office-hours", sync_to_thread=False, tags=["calendar"])
def office_hours(
    request: Request[Any, Any, Any],
    calendar: FromPath[str],
    start: FromQuery[str],
    end: FromQuery[str],
    zone: FromQuery[str | None] = None,
) -> OfficeHoursView:
    """Office hours between two times (each with its offset, or ``zone`` for both, e.g. Asia/Shanghai)."""
    cal = _calendar(request, calendar)
    a, b = moment_param("start", start, zone), moment_param("end", end, zone)
    seconds = cal.office_seconds_between(a, b, zone)
    return OfficeHoursView(cal.id, cal.to_local(a, zone), cal.to_local(b, zone), seconds / 3600, seconds)


# -- deadlines, thresholds, cases ---------------------------------------------------------------------------------


def month_report(service: Service, profile: RegionProfile, as_of: dt.date) -> DeadlineReport:
    """The deadlines at ``as_of`` with the returns of its month that count put together, as ``bizenv deadlines
    --ledger DIR`` does; with none, nothing is known to be done."""
    counting = service.db.counting(profile.id, as_of.strftime("%Y-%m"))
    if counting:
        returns = join_returns([service.locks.reads.get(service.db, profile, u) for u in counting])
        return compose_month(profile, returns, as_of).report
    return track_deadlines(profile, (), as_of, ledger_given=False)


@get("/api/regions/{region:str}/deadlines", sync_to_thread=True, tags=["deadlines"], opt={"document": "deadlines"})
def deadlines(
    request: Request[Any, Any, Any],
    region: FromPath[str],
    as_of: FromQuery[str | None] = None,
    unit: FromQuery[str | None] = None,
    status: FromQuery[list[str] | None] = None,
) -> Response[bytes]:
    """Every measure and dated target with its status at ``as_of`` (default today), due date and owners: the
    ``bizenv-deadlines/2`` document, the month's returns that count put together. A unit's token sees its own."""
    service = service_of(request)
    token = service.caller(request, region)
    prof = service.profile(region)
    day = day_param("as_of", as_of, required=False) or dt.date.today()
    if token.kind == "unit":
        if unit is not None and prof.resolve_unit(unit) != token.unit:
            raise Problem(403, "forbidden", _("a unit's token sees only its own items"))
        unit = token.unit
    report = month_report(service, prof, day)
    return json_response(to_json_data(deadlines_view(report, prof, unit=unit, statuses=status)))


@get("/feeds/{secret:str}/deadlines.ics", sync_to_thread=True, tags=["deadlines"])
def feed(request: Request[Any, Any, Any], secret: FromPath[str], remind: FromQuery[int] = 7) -> Response[bytes]:
    """A unit's deadlines as a calendar feed (.ics), for calendar programs: the read-only feed token is in the
    URL because they cannot send headers (``bizenv serve token issue REGION --unit NAME --feed``)."""
    service = service_of(request)
    token = service.db.token(secret)
    if token is None or token.kind != "feed":
        raise Problem(401, "unauthorized", _("not a feed token, or one that was revoked"))
    prof = service.profile(token.region)
    report = month_report(service, prof, dt.date.today())
    body = calendar_feed(prof, report, unit=token.unit, remind_days=remind)
    return Response(body, media_type="text/calendar; charset=utf-8")


@post("/api/regions/{region:str}/thresholds", tags=["thresholds"], status_code=200,
      opt={"document": "thresholds", "upload": True})  # fmt: skip
async def thresholds(
    request: Request[Any, Any, Any], region: FromPath[str], data: MultipartBody[UploadFile]
) -> Response[bytes]:
    """Observed values (columns: target_id, value, subject, observed_on) judged against the region's quantity
    targets: the ``bizenv-thresholds/2`` document."""
    service = service_of(request)
    service.caller(request, region)
    name, content = await read_upload(request, data, service)
    return await service.in_thread(_thresholds, service, region, name, content)


def _thresholds(service: Service, region: str, name: str, content: bytes) -> Response[bytes]:
    prof = service.profile(region)
    with service.scratch(name, content) as (path, names):
        try:
            read = read_observations(path)
        except BizenvError as exc:
            raise from_error(exc, names) from None
        results, more = evaluate_observations(prof, read.records)
        rejected = [*read.rejections, *more]
        if read.info.rows and len(rejected) >= read.info.rows:
            raise Problem(422, "nothing_judged", _("every observation was refused"),
                          rejections=rejected_rows(rejected, names))  # fmt: skip
        document = to_json_data(thresholds_document(prof, results, rejected))
    text = json.dumps(document, ensure_ascii=False, default=str)
    for stored, shown_as in names.items():
        text = text.replace(json.dumps(stored, ensure_ascii=False)[1:-1], shown_as)
    return Response(text.encode("utf-8"), media_type="application/json")


class _QueueWriter(io.TextIOBase):
    """A text stream whose writes go, in pieces, to the response being sent."""

    def __init__(self, out: queue.Queue[bytes | BaseException | None]) -> None:
        self.out = out

    def write(self, text: str) -> int:
        if text:
            self.out.put(text.encode("utf-8"))
        return len(text)


@post("/api/regions/{region:str}/evaluate", tags=["cases"], status_code=200,
      opt={"document": "cases", "upload": True})  # fmt: skip
async def evaluate(
    request: Request[Any, Any, Any],
    region: FromPath[str],
    data: MultipartBody[UploadFile],
    zone: FromQuery[str | None] = None,
    as_of: FromQuery[str | None] = None,
    convention: FromQuery[Literal["elapsed", "legal"]] = "elapsed",
) -> Stream:
    """A case file judged against the region's time limits, streamed as it is judged: the same
    ``bizenv-cases/2`` document as ``bizenv evaluate --format json``, by :func:`bizenv.evaluate_file`. A file
    refused before its first case is a problem; one refused half-way ends the stream short (not valid JSON)."""
    service = service_of(request)
    service.caller(request, region)
    prof = service.profile(region)
    moment = moment_param("as_of", as_of, zone) if as_of else None
    name, content = await read_upload(request, data, service)
    kind = checked_kind(content, service.limits, parquet=True)
    out: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=64)
    folder = tempfile.TemporaryDirectory(prefix="bizenv-cases-")
    path = Path(folder.name) / f"cases{kind}"
    path.write_bytes(content)
    names = {str(path): name}

    def run() -> None:
        try:
            stream = cast(IO[str], _QueueWriter(out))
            evaluate_file(prof, path, stream, format="json", convention=convention, as_of=moment, zone=zone)
            out.put(None)
        except BaseException as exc:
            out.put(exc)
        finally:
            folder.cleanup()

    threading.Thread(target=run, name="bizenv-evaluate", daemon=True).start()
    # The document's first keys are written before the file's header is read: hold the answer until the first
    # cases (or the end), so that a file refused at its header is a problem, not a stream cut short.
    held: list[bytes] = []
    while sum(map(len, held)) < HOLD_BYTES:
        piece = await service.in_thread(out.get)
        if isinstance(piece, BaseException):
            if isinstance(piece, BizenvError):
                raise from_error(piece, names)
            raise piece
        if piece is None:
            break
        held.append(piece)
    else:
        piece = b""
    ended = piece is None

    def chunks() -> Iterator[bytes]:
        stored = json.dumps(str(path))[1:-1]
        pieces: list[bytes | BaseException | None] = [*held, None] if ended else list(held)
        while True:
            next_piece = pieces.pop(0) if pieces else out.get()
            if not isinstance(next_piece, bytes):
                return
            yield next_piece.decode("utf-8").replace(stored, name).encode("utf-8")

    return Stream(chunks(), media_type="application/json")


# -- the month ----------------------------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class ItemView:
    """An item of a recorded month: status at the as-of date, due date and where it comes from, and its units."""

    id: str
    kind: str
    measure_id: str
    title: str
    status: str
    due: dt.date | None
    due_from: str | None
    completed_on: dt.date | None
    days: int | None
    original_due: dt.date | None
    owners: list[list[str]]


@attrs.frozen(slots=True)
class AnswerView:
    """Who said what on a disputed item."""

    unit: str | None
    status: str
    completed_on: dt.date | None
    note: str


@attrs.frozen(slots=True)
class DisputeView:
    item_id: str
    answers: list[AnswerView]


@attrs.frozen(slots=True)
class MonthView:
    """A recorded month (the snapshot): its counts, its items, the disputed items with who said what, and (for
    the office) who owed a return and who has not sent one. A unit's token sees its own items only."""

    region: str
    month: str
    as_of: dt.date
    recorded_at: dt.datetime
    items_total: int
    overdue: int
    done: int
    rejected: int
    disputed: int
    consolidated: bool
    sources: list[str]
    unreported: list[str] | None
    reported: list[str] | None
    items: list[ItemView]
    disputes: list[DisputeView]


def month_view(snapshot: Snapshot, unit: str | None) -> MonthView:
    info = snapshot.info
    items = [i for i in snapshot.items if unit is None or any(u == unit for u, _r in i.owners)]
    own = {i.id for i in items}
    disputes = [
        DisputeView(
            i.id,
            [AnswerView(a.unit, a.row.status, a.row.completed_on, a.row.note) for a in snapshot.answers_of(i.id)],
        )
        for i in snapshot.items
        if i.status == "disputed" and i.id in own
    ]
    office = unit is None
    return MonthView(
        info.region, info.month, info.as_of, info.recorded_at, info.items, info.overdue, info.done, info.rejected,
        info.disputed, info.consolidated, list(info.sources) if office else [],
        list(snapshot.unreported) if office else None, list(snapshot.reported) if office else None,
        [ItemView(i.id, i.kind, i.measure_id, i.title, i.status, i.due, i.due_from, i.completed_on, i.days,
                  i.original_due, [[u, r] for u, r in i.owners]) for i in items],
        disputes,
    )  # fmt: skip


@get("/api/regions/{region:str}/months", sync_to_thread=True, tags=["month"], opt={"document": "history"})
def months(request: Request[Any, Any, Any], region: FromPath[str]) -> Response[bytes]:
    """The months recorded, oldest first: the ``bizenv-history/1`` document (office token)."""
    service = service_of(request)
    service.caller(request, region, office=True)
    prof = service.profile(region)
    return json_response(to_json_data(history_document(prof.id, service.db.store.snapshots(prof.id))))


def _snapshot(service: Service, region: str, month: str) -> Snapshot:
    prof = service.profile(region)
    if month not in service.db.store.months(prof.id):
        raise Problem(404, "not_recorded", _("{region} {month} has no return recorded yet").format(
            region=prof.id, month=month))  # fmt: skip
    return service.db.store.load(prof.id, month)


@get("/api/regions/{region:str}/months/{month:str}", sync_to_thread=True, tags=["month"])
def month(request: Request[Any, Any, Any], region: FromPath[str], month: FromPath[str]) -> MonthView:
    """The month as recorded from the returns that count."""
    service = service_of(request)
    token = service.caller(request, region)
    return month_view(_snapshot(service, region, month_param(month)), token.unit)


BULLETIN_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "markdown": "text/markdown; charset=utf-8",
}


def bulletin_file(
    service: Service, region: str, month: str, fmt: str, bottom: int = 1, rank_by: str = "count"
) -> Response[bytes]:
    """The month's 通报 in a format, as ``bizenv bulletin`` makes it, with a download name."""
    if fmt not in BULLETIN_TYPES:
        raise Problem(400, "bad_request", _("format is docx, html or markdown"))
    if rank_by not in ("count", "share"):
        raise Problem(400, "bad_request", _("rank_by is count or share"))
    prof = service.profile(region)
    _snapshot(service, region, month)
    bulletin = month_bulletin(service.db.store, prof, month, bottom=bottom, rank_by=rank_by,  # type: ignore[arg-type]
                              version=__version__)  # fmt: skip
    if fmt == "docx":
        body = bulletin_docx(bulletin)
    else:
        body = (render_html(bulletin) if fmt == "html" else render_markdown(bulletin)).encode("utf-8")
    suffix = {"docx": ".docx", "html": ".html", "markdown": ".md"}[fmt]
    return Response(
        body, media_type=BULLETIN_TYPES[fmt], headers=download_headers(f"{prof.id}-{month}-bulletin{suffix}")
    )


def download_headers(filename: str) -> dict[str, str]:
    """A Content-Disposition that names the download (RFC 6266, the UTF-8 name as RFC 8187 writes it)."""
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "replace").decode("ascii").replace("?", "_").replace('"', "_")
    return {"Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"}


@get("/api/regions/{region:str}/months/{month:str}/bulletin", sync_to_thread=True, tags=["month"],
     media_type=BULLETIN_TYPES["docx"])  # fmt: skip
def bulletin(
    request: Request[Any, Any, Any],
    region: FromPath[str],
    month: FromPath[str],
    format: FromQuery[Literal["docx", "html", "markdown"]] = "docx",
    bottom: FromQuery[int] = 1,
    rank_by: FromQuery[Literal["count", "share"]] = "count",
) -> Response[bytes]:
    """The month's 通报 (office token) as a Word document, a self-contained HTML page or Markdown."""
    service = service_of(request)
    service.caller(request, region, office=True)
    return bulletin_file(service, region, month_param(month), format, bottom, rank_by)


# -- returns and templates ----------------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class UploadView:
    """An upload as kept: who sent it when, its name, hash and size, accepted or refused and why, the lines read
    and refused, and the upload that superseded it in the month's merge."""

    id: int
    region: str
    month: str
    as_of: dt.date
    sender: str
    unit: str | None
    uploaded_at: dt.datetime
    name: str
    sha256: str
    size: int
    kind: str
    status: str
    code: str | None
    reason: str
    lines: int
    refused: int
    superseded_by: int | None


def upload_view(u: Upload) -> UploadView:
    # What is kept, by field name, but the token and the path inside the server's folder.
    shown = {f.name: getattr(u, f.name) for f in attrs.fields(UploadView)}
    return UploadView(**{**shown, "kind": u.kind.lstrip(".")})


@attrs.frozen(slots=True)
class LineView:
    """A line of the return as read, and whether it was taken: its row, item, status, completion date, note; for a
    refused line the closed code and the reason."""

    row: int | None
    item: str
    status: str
    completed_on: dt.date | None
    note: str
    accepted: bool
    code: str | None
    reason: str | None


@attrs.frozen(slots=True)
class ReturnView:
    """What became of an uploaded return: the upload as kept, every line read with its verdict, the rows refused,
    and the month's counts after it."""

    upload: UploadView
    lines: list[LineView]
    rejections: list[RejectedRow]
    month_items: int | None
    month_overdue: int | None
    month_disputed: int | None


def return_view(service: Service, result: Any) -> ReturnView:
    alone, names = result.alone, result.names
    refused = {(r.origin.source, r.origin.row): r for r in alone.report.rejections}
    lines = []
    for line in alone.returns.lines:
        row = line.row
        why = refused.pop((row.origin.source, row.origin.row), None)
        lines.append(LineView(row.origin.row, row.measure_id, row.status, row.completed_on, row.note, why is None,
                              why.code if why else None, why.localized() if why else None))  # fmt: skip
    month = result.month
    return ReturnView(
        upload_view(result.upload), lines, rejected_rows(alone.report.rejections, names),
        len(month.report.items) if month else None, len(month.report.overdue()) if month else None,
        len(month.merged.disputes) if month else None,
    )  # fmt: skip


@post("/api/regions/{region:str}/months/{month:str}/returns", tags=["returns"],
      opt={"upload": True}, status_code=201)  # fmt: skip
async def upload_return(
    request: Request[Any, Any, Any],
    region: FromPath[str],
    month: FromPath[str],
    data: MultipartBody[UploadFile],
    as_of: FromQuery[str | None] = None,
) -> ReturnView:
    """Hand in a returned ledger (the unit's template, filled in): kept with who, when and its hash; when
    accepted, the month is put together again at once with it, as ``bizenv ledger record`` does, superseding
    the same unit's earlier upload of the month (kept). Refusals are problems, the file kept as refused."""
    service = service_of(request)
    token = service.caller(request, region)
    month_param(month)
    day = as_of_param(month, as_of)
    name, content = await read_upload(request, data, service)
    return await service.in_thread(accept_return, service, token, region, month, name, content, day)


def accept_return(
    service: Service, token: Token, region: str, month: str, name: str, content: bytes, day: dt.date
) -> ReturnView:
    prof = service.profile(region)
    result = receive_return(service.db, service.locks, prof, token, month, name, content, as_of=day,
                            limits=service.limits)  # fmt: skip
    return return_view(service, result)


@get("/api/regions/{region:str}/months/{month:str}/returns", sync_to_thread=True, tags=["returns"])
def list_returns(request: Request[Any, Any, Any], region: FromPath[str], month: FromPath[str]) -> list[UploadView]:
    """Every upload of the month (a unit's token: its own), accepted and refused, oldest first."""
    service = service_of(request)
    token = service.caller(request, region)
    return [upload_view(u) for u in service.db.uploads(service.profile(region).id, month_param(month), unit=token.unit)]


@get("/api/regions/{region:str}/units/{unit:str}/template", sync_to_thread=True, tags=["returns"],
     media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip
def template(
    request: Request[Any, Any, Any],
    region: FromPath[str],
    unit: FromPath[str],
    as_of: FromQuery[str | None] = None,
    return_by: FromQuery[str | None] = None,
) -> Response[bytes]:
    """The unit's ledger template (.xlsx) at ``as_of`` (default today), as ``bizenv ledger template`` writes it;
    a unit's token gets only its own."""
    service = service_of(request)
    token = service.caller(request, region)
    return template_file(service, token, region, unit, day_param("as_of", as_of, required=False) or dt.date.today(),
                         day_param("return_by", return_by, required=False))  # fmt: skip


def template_file(
    service: Service, token: Token, region: str, unit: str, as_of: dt.date, return_by: dt.date | None = None
) -> Response[bytes]:
    prof = service.profile(region)
    name = prof.resolve_unit(unit)
    if token.kind == "unit" and name != token.unit:
        raise Problem(403, "forbidden", _("a unit's token gets only its own template"))
    tasks = unit_tasks(prof, name, as_of)
    if not tasks:
        raise Problem(404, "not_found", _("no measure or dated target of {region} names {unit}").format(
            region=prof.id, unit=name))  # fmt: skip
    filename = template_filename(prof, name, as_of)
    with tempfile.TemporaryDirectory(prefix="bizenv-template-") as folder:
        path = Path(folder) / "template.xlsx"
        write_template(path, prof, {name: tasks}, as_of, return_by=return_by)
        body = path.read_bytes()
    return Response(body, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers=download_headers(filename))  # fmt: skip


ROUTES = [
    regions,
    region,
    profile,
    calendar_day,
    add_working_days,
    working_days,
    office_hours,
    deadlines,
    feed,
    thresholds,
    evaluate,
    months,
    month,
    bulletin,
    upload_return,
    list_returns,
    template,
]

__all__ = ["ROUTES", "json_response"]
