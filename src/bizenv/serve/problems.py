"""Errors as RFC 9457 problem details (``application/problem+json``): a closed ``code`` a program keys on (the
rejection codes of :data:`bizenv.records.REJECTION_CODES` for a refused record, the service's own below for
the rest), a ``title`` and ``detail`` in the caller's language, and the rows refused where a file was read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, get_args

import attrs

from bizenv.errors import ArgumentError, BizenvError, InputError, NotFoundError
from bizenv.i18n import N_, _
from bizenv.records import REJECTION_CODES, Rejection

ServiceCode = Literal[
    "bad_request",
    "unauthorized",
    "forbidden",
    "not_found",
    "not_recorded",
    "method_not_allowed",
    "too_large",
    "unsupported_type",
    "unsafe_file",
    "unreadable_file",
    "wrong_unit",
    "nothing_judged",
    "csrf",
    "server_error",
]
#: What each service code means (the ``code`` of a problem that is not about one record).
SERVICE_CODES: dict[ServiceCode, str] = {
    "bad_request": "a parameter is missing or not of its kind (a date, a month, a number)",
    "unauthorized": "no token, or a token that is not known or was revoked",
    "forbidden": "the token may not see or write this (another region, another unit's items, the office's pages)",
    "not_found": "no such region, calendar, unit or month",
    "not_recorded": "the month has no return recorded yet",
    "method_not_allowed": "the path is known, but not with this method (a form's path opened as a page)",
    "too_large": "the upload is larger than the limit, or a workbook unpacks to more than its limit",
    "unsupported_type": "the file's content is not a type bizenv reads (decided by content, not name)",
    "unsafe_file": "the file declares XML entities or a DTD, or its archive is built to hurt the reader",
    "unreadable_file": "the file is of a known type but cannot be read as the ledger, case or observation file",
    "wrong_unit": "the return is from another unit or region than the token's",
    "nothing_judged": "every row of the file was refused",
    "csrf": "a form was sent without its page's token (cross-site request forgery protection)",
    "server_error": "the service failed; the log says why",
}
#: Every code a problem may carry: the service's and the rejection codes.
PROBLEM_CODES: tuple[str, ...] = (*get_args(ServiceCode), *REJECTION_CODES)
PROBLEM_TYPE = "https://bizenv.readthedocs.io/serve/problems#"

_TITLES: dict[int, str] = {
    400: N_("Bad request"),
    401: N_("Not signed in"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    405: N_("Method not allowed"),
    409: N_("Conflict"),
    413: N_("Too large"),
    415: N_("Unsupported file type"),
    422: N_("Not accepted"),
    500: N_("Server error"),
}


@attrs.frozen(slots=True)
class RejectedRow:
    """A row refused, as a problem lists it: where, which record and field, the closed code and the reason (in the
    caller's language)."""

    source: str
    row: int | None
    cell: str | None
    id: str | None
    field: str | None
    code: str
    reason: str


def rejected_rows(rejections: Sequence[Rejection], names: dict[str, str] | None = None) -> list[RejectedRow]:
    """The rows refused, their sources shown by the name the file was uploaded with (``names``: stored path →
    name), never by where the service keeps it."""
    out = []
    for r in rejections:
        source = shown(r.origin.source, names or {})
        out.append(RejectedRow(source, r.origin.row, r.cell, r.record_id, r.field, r.code, r.localized()))
    return out


def shown(text: str, names: dict[str, str]) -> str:
    """``text`` with every stored path in it replaced by the name it was uploaded as."""
    for path, name in names.items():
        text = text.replace(path, name)
    return text


class Problem(BizenvError):
    """A refusal the service answers with problem details."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        rejections: Sequence[RejectedRow] = (),
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        if code not in PROBLEM_CODES:
            raise ValueError(f"{code!r} is not a problem code")
        self.status = status
        self.code = code
        self.detail = detail
        self.rejections = tuple(rejections)
        self.headers = headers or {}
        self.extra = extra or {}

    def body(self, instance: str | None = None) -> dict[str, Any]:
        """The problem details object."""
        data: dict[str, Any] = {
            "type": PROBLEM_TYPE + self.code,
            "title": _(_TITLES.get(self.status, "Not accepted")),
            "status": self.status,
            "code": self.code,
            "detail": self.detail,
        }
        if instance:
            data["instance"] = instance
        if self.rejections:
            data["rejections"] = [attrs.asdict(r) for r in self.rejections]
        data.update(self.extra)
        return data


def from_error(exc: BizenvError, names: dict[str, str] | None = None) -> Problem:
    """The problem a library error is: not found (404), an input that cannot be read (422), an argument of the
    wrong kind (400); its message in the current locale, stored paths shown as the names uploaded."""
    detail = shown(exc.translated(), names or {})
    if isinstance(exc, NotFoundError):
        return Problem(404, "not_found", detail)
    if isinstance(exc, InputError):
        if "DTD or entities" in exc.message:
            return Problem(422, "unsafe_file", detail)
        return Problem(422, "unreadable_file", detail)
    if isinstance(exc, ArgumentError):
        return Problem(400, "bad_request", detail)
    return Problem(422, "invalid_record", detail)


__all__ = ["PROBLEM_CODES", "SERVICE_CODES", "Problem", "RejectedRow", "from_error", "rejected_rows", "shown"]
