"""The pages for units and the office: server-rendered HTML that works without JavaScript, in Chinese, Uyghur
(right to left, every id, figure, date and Chinese name isolated as the report does) and English.

A unit signs in with its token (a cookie session), sees its items (role, due date, days left, last status),
downloads its template, hands in its return and sees each line accepted or refused with the reason. The office
sees who has and has not reported in the month, the disputed items with who said what, and downloads the 通报.
Every form carries a CSRF token (the value of a same-site cookie, checked on each POST); API calls with a bearer
token need none, since they are never authorised by a cookie."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections.abc import Sequence
from html import escape
from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import Cookie, UploadFile
from litestar.params import FromQuery, MultipartBody, URLEncodedBody
from litestar.response import Redirect

from bizenv.cycle import Snapshot, compose_month, unit_tasks, vocabulary
from bizenv.errors import BizenvError
from bizenv.i18n import LOCALES, N_, _, get_locale
from bizenv.layout import isolated
from bizenv.serve.api import bulletin_file, month_param, template_file
from bizenv.serve.db import Token, Upload
from bizenv.serve.problems import Problem, rejected_rows
from bizenv.serve.service import SESSION_COOKIE, Service, service_of
from bizenv.serve.uploads import default_as_of, receive_return

CSRF_COOKIE = "bizenv_csrf"
CSRF_FIELD = "csrf"
_PAGES = ("/signin", "/signout", "/unit", "/office")
_LANGUAGE_NAMES = {"zh_Hans": "中文", "ug": "ئۇيغۇرچە", "en": "English"}

#: The page texts written inside f-strings or given to _say, marked here for extraction (Babel does not look
#: inside f-strings).
_PAGE_TEXTS = (
    N_("Accepted: {name}, {lines} lines read, {refused} refused. The month is updated."),
    N_("Reported: {count} of {owing} units that owe a return."),
    N_("{items} items, {overdue} overdue, {done} done, {disputed} to be verified; as of {date}"),
    N_("the form is out of date or was not sent from this site; open the page again"),
    N_("the office"),
    N_("Sign out"),
    N_("Sign in with the token the office (营商办) gave your unit."),
    N_("Token"),
    N_("Sign in"),
    N_("Your latest upload"),
    N_("Every upload of the month"),
    N_("Items of {unit}"),
    N_("Days left at {date}; negative: days past due."),
    N_("Your ledger template"),
    N_("Download the template (.xlsx)"),
    N_("Fill in the yellow columns (status, completion date, note) and upload it below."),
    N_("Hand in your return"),
    N_("Returned ledger (.xlsx, .xls, .ods, .csv)"),
    N_("Upload"),
    N_("At most {size} MB."),
    N_("Months recorded:"),
    N_("{month}: no return has been accepted yet."),
    N_("A consolidated ledger was recorded: who has not reported is not known."),
    N_("To be verified"),
    N_("No item is disputed."),
    N_("The bulletin (通报)"),
)

_CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans Arabic","Microsoft YaHei",sans-serif;margin:0;color:#222;
background:#f6f6f4}
header{background:#8b1a1a;color:#fff;padding:.6em 1.2em;display:flex;gap:1em;align-items:center;flex-wrap:wrap}
header h1{font-size:1.2em;margin:0;flex:1}header a,header button{color:#fff}
header form{display:inline}header button{background:none;border:1px solid #fff;padding:.2em .8em;cursor:pointer}
main{padding:1em 1.2em;max-width:72em}section{background:#fff;padding:.8em 1em;margin:0 0 1em;border:1px solid #ddd}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3em .5em;text-align:start;
vertical-align:top}th{background:#eee}.late{color:#b00;font-weight:bold}.blank{color:#777}.ok{color:#075}.no{color:#b00}
.msg{padding:.6em 1em;border:1px solid;margin:0 0 1em}.msg.good{border-color:#075;background:#eef8f2}
.msg.bad{border-color:#b00;background:#fbeeee}label{display:block;margin:.4em 0}
input[type=text],input[type=password]{width:min(40em,95%);padding:.3em}button.main{padding:.4em 1.2em}
.langs a{margin-inline-end:.6em}small{color:#666}td.n{white-space:nowrap}
"""


# -- the frame ----------------------------------------------------------------------------------------------------


def wants_page(request: Request[Any, Any, Any]) -> bool:
    """Whether a request is a page's (its refusal is then a page, not problem details)."""
    path = request.url.path
    return path == "/" or any(path == p or path.startswith(p + "/") for p in _PAGES)


def csrf_value(request: Request[Any, Any, Any]) -> str:
    """The page's CSRF token: the cookie's value, or a new one (set on the answer by :func:`page`)."""
    value = request.cookies.get(CSRF_COOKIE) or request.scope.get("state", {}).get("csrf")
    if not value:
        value = secrets.token_urlsafe(24)
        request.scope.setdefault("state", {})["csrf"] = value
    return str(value)


def check_csrf(request: Request[Any, Any, Any], sent: str | None) -> None:
    """Refuse a form whose CSRF field is not the cookie's value."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not cookie or not sent or not hmac.compare_digest(cookie, sent):
        raise Problem(403, "csrf", _("the form is out of date or was not sent from this site; open the page again"))


def _e(value: object) -> str:
    """A cell: isolated (its own direction) in a right-to-left page, escaped in every page."""
    text = "" if value is None else str(value)
    return isolated(text) if get_locale() == "ug" else escape(text)


def _say(template: str, **values: object) -> str:
    """A translated sentence as HTML, each value in it isolated in a right-to-left page (a date, a count, a
    Chinese name keeps its own order inside Uyghur prose)."""
    return escape(_(template)).format(**{k: _e(v) for k, v in values.items()})


def _csrf_input(request: Request[Any, Any, Any]) -> str:
    return f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(csrf_value(request))}">'


def page(
    request: Request[Any, Any, Any],
    title: str,
    body: str,
    *,
    status: int = 200,
    token: Token | None = None,
    cookies: list[Cookie] | None = None,
) -> Response[str]:
    """A whole page in the current locale: the header (who is signed in, the languages, sign out) and ``body``."""
    locale = get_locale()
    lang = {"zh_Hans": "zh-Hans"}.get(locale, locale)
    base = request.url.path
    if request.method != "GET":
        # A form's answer: the language links go back to the page the form is on (the POST path has no page).
        base = "/unit" if base.startswith("/unit") else "/office" if base.startswith("/office") else "/signin"
    month = request.query_params.get("month")
    langs = " ".join(
        f'<a href="{escape(base)}?locale={code}{"&amp;month=" + escape(month) if month else ""}" '
        f'lang="{code}">{_LANGUAGE_NAMES[code]}</a>'
        for code in LOCALES
    )
    who = ""
    if token is not None:
        who = (
            f"<span>{_e(token.unit or _('the office'))}</span>"
            f'<form method="post" action="/signout">{_csrf_input(request)}'
            f'<button type="submit">{escape(_("Sign out"))}</button></form>'
        )
    html = (
        f'<!DOCTYPE html><html lang="{lang}" dir="{"rtl" if locale == "ug" else "ltr"}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
        f"<style>{_CSS}</style></head><body><header><h1>{escape(title)}</h1>{who}"
        f'<span class="langs">{langs}</span></header><main>{body}</main></body></html>'
    )
    all_cookies = list(cookies or [])
    all_cookies.append(Cookie(key=CSRF_COOKIE, value=csrf_value(request), httponly=True, samesite="strict",
                              path="/", secure=service_of(request).secure_cookies))  # fmt: skip
    if request.query_params.get("locale"):
        all_cookies.append(Cookie(key="bizenv_locale", value=locale, samesite="lax", path="/",
                                  max_age=365 * 24 * 3600))  # fmt: skip
    return Response(html, status_code=status, media_type="text/html; charset=utf-8", cookies=all_cookies,
                    headers={"Cache-Control": "no-store", "X-Frame-Options": "DENY",
                             "Content-Security-Policy": "default-src 'self'; style-src 'unsafe-inline'"})  # fmt: skip


def problem_page(request: Request[Any, Any, Any], problem: Problem) -> Response[Any]:
    """A refusal, as a page: what went wrong, the rows refused, and the way back."""
    rows = ""
    if problem.rejections:
        rows = _table(
            [_("Row"), _("Cell"), _("Item"), _("Code"), _("Reason")],
            [[r.row, r.cell, r.id, r.code, r.reason] for r in problem.rejections],
        )
    back = '<p><a href="/unit">' + escape(_("Back")) + "</a></p>"
    if problem.status == 401:
        back = '<p><a href="/signin">' + escape(_("Sign in")) + "</a></p>"
    body = (
        f'<div class="msg bad" role="alert"><p>{escape(problem.detail)}</p><small>{escape(problem.code)}</small></div>'
    )
    return page(request, _("Not accepted"), body + rows + back, status=problem.status)


def _cell(value: object) -> str:
    # A short cell (an id, a date, a count, a status word) is not broken across lines.
    short = value is not None and len(str(value)) <= 12
    return f'<td class="n">{_e(value)}</td>' if short else f"<td>{_e(value)}</td>"


def _table(headers: list[str], rows: Sequence[Sequence[object]], classes: list[str] | None = None) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        f'<tr class="{escape(classes[i]) if classes else ""}">' + "".join(_cell(c) for c in row) + "</tr>"
        for i, row in enumerate(rows)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


# -- signing in ---------------------------------------------------------------------------------------------------


def signed_in(request: Request[Any, Any, Any]) -> Token | None:
    """The token of the page's session cookie, or None."""
    secret = request.cookies.get(SESSION_COOKIE)
    return service_of(request).db.session(secret) if secret else None


def need_session(request: Request[Any, Any, Any], *, office: bool = False) -> Token:
    token = signed_in(request)
    if token is None:
        raise Problem(401, "unauthorized", _("sign in with your token first"))
    if office and token.kind != "office":
        raise Problem(403, "forbidden", _("only the office's token may see this"))
    if not office and token.kind != "unit":
        raise Problem(403, "forbidden", _("this page is a unit's; the office's page is /office"))
    return token


@get("/", include_in_schema=False, sync_to_thread=False)
def home(request: Request[Any, Any, Any]) -> Redirect:
    token = signed_in(request)
    return Redirect("/office" if token and token.kind == "office" else "/unit" if token else "/signin")


@get(
    "/signin", include_in_schema=False, sync_to_thread=False
)  # cheap; and Litestar 2.25 fails a threaded GET beside a threaded POST on one path
def signin_page(request: Request[Any, Any, Any]) -> Response[str]:
    body = (
        f"<section><p>{escape(_('Sign in with the token the office (营商办) gave your unit.'))}</p>"
        f'<form method="post" action="/signin">{_csrf_input(request)}'
        f'<label>{escape(_("Token"))} <input type="password" name="token" autocomplete="off" required></label>'
        f'<button class="main" type="submit">{escape(_("Sign in"))}</button></form></section>'
    )
    return page(request, _("Business environment: monthly returns"), body)


@post("/signin", include_in_schema=False, sync_to_thread=True)
def signin(request: Request[Any, Any, Any], data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    check_csrf(request, data.get(CSRF_FIELD))
    service = service_of(request)
    token = service.db.token((data.get("token") or "").strip())
    if token is None or token.kind == "feed":
        raise Problem(401, "unauthorized", _("the token is not known or was revoked"))
    secret = service.db.open_session(token)
    cookie = Cookie(key=SESSION_COOKIE, value=secret, httponly=True, samesite="lax", path="/",
                    secure=service.secure_cookies)  # fmt: skip
    return Redirect("/office" if token.kind == "office" else "/unit", cookies=[cookie], status_code=303)


@post("/signout", include_in_schema=False, sync_to_thread=True)
def signout(request: Request[Any, Any, Any], data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
    check_csrf(request, data.get(CSRF_FIELD))
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        service_of(request).db.close_session(secret)
    return Redirect("/signin", cookies=[Cookie(key=SESSION_COOKIE, value="", max_age=0, path="/")], status_code=303)


# -- the unit's page ----------------------------------------------------------------------------------------------


def _month(text: str | None) -> str:
    return month_param(text) if text else dt.date.today().strftime("%Y-%m")


def _recorded(service: Service, region: str, month: str) -> Snapshot | None:
    """The month as recorded, else the last month recorded before it (None: none)."""
    months = [m for m in service.db.store.months(region) if m <= month]
    return service.db.store.load(region, months[-1]) if months else None


def _lines_table(service: Service, upload: Upload) -> str:
    """The lines of an upload as judged on its own: each accepted, or refused with its reason."""
    if upload.status != "accepted":
        return ""
    prof = service.profile(upload.region)
    try:
        alone = compose_month(prof, service.locks.reads.get(service.db, prof, upload), upload.as_of)
    except BizenvError:
        return ""
    refused = {(r.origin.source, r.origin.row): r for r in alone.report.rejections}
    rows, classes = [], []
    for line in alone.returns.lines:
        row = line.row
        why = refused.get((row.origin.source, row.origin.row))
        if why is not None:
            verdict, kind = _("refused: {reason}").format(reason=why.localized()), "no"
        elif not row.status.strip():
            # A blank status is no answer (the month's rule), whatever the note says: not "accepted".
            verdict, kind = _("left blank: no answer"), "blank"
        else:
            verdict, kind = _("accepted"), "ok"
        rows.append([row.origin.row, row.measure_id, row.status, row.completed_on, row.note, verdict])
        classes.append(kind)
    return _table([_("Row"), _("Item"), _("Status"), _("Completed on"), _("Note"), _("Result")], rows, classes)


def _uploads_table(uploads: tuple[Upload, ...]) -> str:
    rows, classes = [], []
    for u in reversed(uploads):
        state = _("accepted") if u.status == "accepted" else _("refused")
        if u.superseded_by is not None:
            state = _("superseded by upload {id}").format(id=u.superseded_by)
        rows.append([u.id, u.uploaded_at.strftime("%Y-%m-%d %H:%M"), u.name, state,
                     u.reason if u.status == "refused" else _("{lines} lines, {refused} refused").format(
                         lines=u.lines, refused=u.refused), u.sha256[:12]])  # fmt: skip
        classes.append("ok" if u.status == "accepted" and u.superseded_by is None else "no" if u.status != "accepted"
                       else "")  # fmt: skip
    return _table([_("Upload"), _("Sent at"), _("File"), _("State"), _("Lines"), "SHA-256"], rows, classes)


@get("/unit", include_in_schema=False, sync_to_thread=True)
def unit_page(request: Request[Any, Any, Any], month: FromQuery[str | None] = None) -> Response[str]:
    token = need_session(request)
    return render_unit(request, token, _month(month))


def render_unit(request: Request[Any, Any, Any], token: Token, month: str, notice: str = "") -> Response[str]:
    """The unit's page of a month: its items, the template, the upload form, its uploads and their lines."""
    service = service_of(request)
    prof = service.profile(token.region)
    unit = token.unit or ""
    as_of = default_as_of(month)
    tasks = unit_tasks(prof, unit, as_of)
    recorded = _recorded(service, prof.id, month)
    last = {i.id: i.status for i in recorded.items} if recorded else {}
    rows, classes = [], []
    for t in tasks:
        left = t.days_left
        rows.append([t.id, t.text[:80] + ("…" if len(t.text) > 80 else ""), vocabulary.roles(t.roles),
                     t.due.date.isoformat() if t.due else "–", vocabulary.number(left) if left is not None else "–",
                     vocabulary.status(last[t.id]) if t.id in last else "–"])  # fmt: skip
        classes.append("late" if left is not None and left < 0 and not last.get(t.id, "").startswith("done") else "")
    since = (
        _("Last status: as recorded for {month}.").format(month=vocabulary.month(recorded.month))
        if recorded else _("No month has been recorded yet.")
    )  # fmt: skip
    uploads = service.db.uploads(prof.id, month, unit=unit)
    latest = uploads[-1] if uploads else None
    latest_html = ""
    if latest is not None:
        latest_html = (
            f"<h3>{escape(_('Your latest upload'))}: {_e(latest.name)}</h3>{_lines_table(service, latest)}"
            f"<h3>{escape(_('Every upload of the month'))}</h3>{_uploads_table(uploads)}"
        )
    body = (
        notice + f"<section><h2>{_say('Items of {unit}', unit=unit)} · {escape(vocabulary.month(month))}</h2>"
        f"<p><small>{_say('Days left at {date}; negative: days past due.', date=as_of.isoformat())} "
        f"{escape(since)}</small></p>"
        + _table([_("Item"), _("Task"), _("Role"), _("Due date"), _("Days left"), _("Last status")], rows, classes)
        + "</section>"
        f"<section><h2>{escape(_('Your ledger template'))}</h2>"
        f'<p><a href="/unit/template?month={month}" download>{escape(_("Download the template (.xlsx)"))}</a></p>'
        f"<p><small>{escape(_('Fill in the yellow columns (status, completion date, note) and upload it below.'))}"
        "</small></p></section>"
        f"<section><h2>{escape(_('Hand in your return'))}</h2>"
        f'<form method="post" action="/unit/returns?month={month}" enctype="multipart/form-data">'
        f"{_csrf_input(request)}<label>{escape(_('Returned ledger (.xlsx, .xls, .ods, .csv)'))} "
        f'<input type="file" name="file" required></label>'
        f'<button class="main" type="submit">{escape(_("Upload"))}</button></form>'
        f"<p><small>{_say('At most {size} MB.', size=service.limits.max_upload // (1 << 20))}</small></p>"
        f"{latest_html}</section>"
    )
    return page(request, _("{region}: monthly return of {unit}").format(region=prof.region.names.get(get_locale()),
                                                                          unit=unit), body, token=token)  # fmt: skip


@get("/unit/template", include_in_schema=False, sync_to_thread=True)
def unit_template(request: Request[Any, Any, Any], month: FromQuery[str | None] = None) -> Response[bytes]:
    token = need_session(request)
    return template_file(service_of(request), token, token.region, token.unit or "", default_as_of(_month(month)))


@post("/unit/returns", include_in_schema=False)
async def unit_return(
    request: Request[Any, Any, Any],
    data: MultipartBody[dict[str, Any]],
    month: FromQuery[str | None] = None,
) -> Response[str]:
    check_csrf(request, data.get(CSRF_FIELD) if isinstance(data.get(CSRF_FIELD), str) else None)
    service = service_of(request)
    token = await service.in_thread(need_session, request)
    key = _month(month)
    sent = data.get("file")
    if not isinstance(sent, UploadFile):
        raise Problem(400, "bad_request", _("choose the file to upload"))
    content = await sent.read(service.limits.max_upload + 1)
    return await service.in_thread(_unit_return, request, token, key, sent.filename, content)


def _unit_return(request: Request[Any, Any, Any], token: Token, month: str, name: str, content: bytes) -> Response[str]:
    service = service_of(request)
    prof = service.profile(token.region)
    result = receive_return(service.db, service.locks, prof, token, month, name, content,
                            as_of=default_as_of(month), limits=service.limits)  # fmt: skip
    refused = len(rejected_rows(result.alone.report.rejections)) if result.alone else 0
    notice = (
        '<div class="msg good" role="status">'
        + _say("Accepted: {name}, {lines} lines read, {refused} refused. The month is updated.",
               name=result.upload.name, lines=result.upload.lines, refused=refused)
        + "</div>"
    )  # fmt: skip
    return render_unit(request, token, month, notice)


# -- the office's page --------------------------------------------------------------------------------------------


@get("/office", include_in_schema=False, sync_to_thread=True)
def office_page(request: Request[Any, Any, Any], month: FromQuery[str | None] = None) -> Response[str]:
    token = need_session(request, office=True)
    service = service_of(request)
    prof = service.profile(token.region)
    key = _month(month)
    uploads = service.db.uploads(prof.id, key)
    months = service.db.store.months(prof.id)
    links = " ".join(f'<a href="/office?month={m}">{_e(vocabulary.month(m))}</a>' for m in months)
    body = f"<section><p>{escape(_('Months recorded:'))} {links or '–'}</p></section>"
    if key not in months:
        body += f"<section><p>{escape(_('{month}: no return has been accepted yet.').format(month=vocabulary.month(key)))}</p></section>"  # noqa: E501
    else:
        snapshot = service.db.store.load(prof.id, key)
        sent = {u.unit for u in uploads if u.status == "accepted"}
        owed_rows = []
        owed_classes = []
        for owed in snapshot.owed:
            if owed.kind != "unit":
                continue
            owed_rows.append([owed.unit, _("reported") if owed.reported else _("not reported"),
                              _("yes") if owed.unit in sent else _("no")])  # fmt: skip
            owed_classes.append("ok" if owed.reported else "no")
        reported = sum(1 for o in snapshot.owed if o.kind == "unit" and o.reported)
        owing = sum(1 for o in snapshot.owed if o.kind == "unit")
        reported_line = _say("Reported: {count} of {owing} units that owe a return.", count=reported, owing=owing)
        counts = _say("{items} items, {overdue} overdue, {done} done, {disputed} to be verified; as of {date}",
            items=snapshot.info.items, overdue=snapshot.info.overdue, done=snapshot.info.done,
            disputed=snapshot.info.disputed, date=snapshot.as_of.isoformat(),
        )  # fmt: skip
        who = (
            _table([_("Unit"), _("This month"), _("Uploaded")], owed_rows, owed_classes)
            if not snapshot.info.consolidated
            else f"<p>{escape(_('A consolidated ledger was recorded: who has not reported is not known.'))}</p>"
        )
        disputes = []
        for item in snapshot.items:
            if item.status != "disputed":
                continue
            said = "; ".join(f"{a.unit or a.source}: {a.row.status}"
                             + (f" {a.row.completed_on.isoformat()}" if a.row.completed_on else "")
                             for a in snapshot.answers_of(item.id))  # fmt: skip
            disputes.append([item.id, item.title, said])
        formats = " · ".join(
            f'<a href="/office/bulletin?month={key}&amp;format={f}" download>{escape(label)}</a>'
            for f, label in (("docx", _("Word (.docx)")), ("html", "HTML"), ("markdown", "Markdown"))
        )
        body += (
            f"<section><h2>{escape(vocabulary.month(key))}</h2><p>{counts}</p>"
            f"<p>{reported_line}</p>{who}</section>"
            f"<section><h2>{escape(_('To be verified'))}</h2>"
            + (_table([_("Item"), _("Title"), _("Who said what")], disputes) if disputes
               else f"<p>{escape(_('No item is disputed.'))}</p>")
            + "</section>"
            f"<section><h2>{escape(_('The bulletin (通报)'))}</h2><p>{formats}</p></section>"
            f"<section><h2>{escape(_('Every upload of the month'))}</h2>"
            + _uploads_table(uploads)
            + "</section>"
        )  # fmt: skip
    title = _("{region}: the office's month").format(region=prof.region.names.get(get_locale()))
    return page(request, title, body, token=token)


@get("/office/bulletin", include_in_schema=False, sync_to_thread=True)
def office_bulletin(
    request: Request[Any, Any, Any], month: FromQuery[str | None] = None, format: FromQuery[str] = "docx"
) -> Response[bytes]:
    token = need_session(request, office=True)
    return bulletin_file(service_of(request), token.region, _month(month), format)


ROUTES = [home, signin_page, signin, signout, unit_page, unit_template, unit_return, office_page, office_bulletin]

__all__ = ["CSRF_COOKIE", "ROUTES", "check_csrf", "page", "problem_page", "wants_page"]
