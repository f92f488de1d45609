"""The application: :func:`create_app` puts the API, the pages, the OpenAPI document and the problem details
together over one database and environment."""

from __future__ import annotations

import copy
import logging
import re
from pathlib import Path
from typing import Any

from litestar import Litestar, MediaType, Request, Response, get
from litestar.datastructures import State
from litestar.enums import ScopeType
from litestar.exceptions import HTTPException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.types import ASGIApp, Receive, Scope, Send

from bizenv import __version__
from bizenv.environment import Environment
from bizenv.errors import BizenvError
from bizenv.i18n import DEFAULT_LOCALE, LOCALES, _, normalise_locale, set_locale, using_locale
from bizenv.io.documents import DOCUMENTS, document_schema
from bizenv.profile_file import profile_schema
from bizenv.serve import api, pages
from bizenv.serve.db import ServeDb
from bizenv.serve.problems import PROBLEM_CODES, Problem, from_error
from bizenv.serve.service import Service
from bizenv.serve.uploads import Limits

#: Where the OpenAPI 3.1 document is (stable); an interactive viewer is at /schema/swagger.
OPENAPI_PATH = "/openapi.json"
LOCALE_COOKIE = "bizenv_locale"
_log = logging.getLogger("bizenv.serve")


def request_locale(request: Request[Any, Any, Any]) -> str:
    """The caller's language: ``?locale=``, else the page's cookie, else the best of Accept-Language, else
    Chinese."""
    for asked in (request.query_params.get("locale"), request.cookies.get(LOCALE_COOKIE)):
        if asked:
            try:
                return normalise_locale(asked)
            except BizenvError:
                pass
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip()
        if tag and tag != "*":
            try:
                return normalise_locale(tag)
            except BizenvError:
                continue
    return DEFAULT_LOCALE


def _set_locale(request: Request[Any, Any, Any]) -> None:
    set_locale(request_locale(request))


def locale_middleware(app: ASGIApp) -> ASGIApp:
    """Every request in its caller's language (:func:`request_locale`), for the whole of its handling."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        with using_locale(request_locale(Request(scope))):
            await app(scope, receive, send)

    return middleware


def problem_response(request: Request[Any, Any, Any], problem: Problem) -> Response[Any]:
    _set_locale(request)
    if pages.wants_page(request):
        return pages.problem_page(request, problem)
    return Response(
        problem.body(request.url.path),
        status_code=problem.status,
        media_type="application/problem+json",
        headers=problem.headers,
    )


def _on_problem(request: Request[Any, Any, Any], exc: Problem) -> Response[Any]:
    return problem_response(request, exc)


def _on_bizenv(request: Request[Any, Any, Any], exc: BizenvError) -> Response[Any]:
    _set_locale(request)
    return problem_response(request, from_error(exc))


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_type",
}


def _on_http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    _set_locale(request)
    status = exc.status_code
    code = _HTTP_CODES.get(status, "bad_request" if status < 500 else "server_error")
    detail = exc.detail
    if isinstance(exc.extra, list):
        detail += ": " + "; ".join(
            f"{e.get('key', '')}: {e.get('message', '')}" for e in exc.extra if isinstance(e, dict)
        )
    return problem_response(request, Problem(status, code, detail, headers=dict(exc.headers or {})))


def _on_bad_form(request: Request[Any, Any, Any], exc: UnicodeDecodeError) -> Response[Any]:
    # A form field holding bytes without a file name (Litestar decodes it as text): no file was sent as one.
    return problem_response(
        request, Problem(400, "bad_request", _("the form has no file: send the file as a file field with its name"))
    )


def _on_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    _log.exception("failed: %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(request, Problem(500, "server_error", type(exc).__name__))


# -- OpenAPI ------------------------------------------------------------------------------------------------------


def _schema_name(document: str) -> str:
    if document == "profile":
        return "bizenv-profile"
    return DOCUMENTS[document][1].replace("/", "-")


def _published(document: str) -> dict[str, Any]:
    schema = profile_schema() if document == "profile" else document_schema(document)
    return copy.deepcopy(schema)


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details; `code` is closed (docs/serve.md lists the codes).",
    "required": ["type", "title", "status", "code", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri-reference"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "code": {"enum": list(PROBLEM_CODES)},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "rejections": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["source", "row", "cell", "id", "field", "code", "reason"],
                "properties": {
                    "source": {"type": "string"},
                    "row": {"type": ["integer", "null"]},
                    "cell": {"type": ["string", "null"]},
                    "id": {"type": ["string", "null"]},
                    "field": {"type": ["string", "null"]},
                    "code": {"type": "string"},
                    "reason": {"type": "string"},
                },
            },
        },
    },
}


def openapi_document(app: Litestar) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the API: Litestar's (from the handlers and their attrs classes), with the
    documents' schemas replaced by the published ``bizenv schema`` ones and every error as problem details."""
    document: dict[str, Any] = copy.deepcopy(app.openapi_schema.to_schema())
    components = document.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    by_path: dict[tuple[str, str], str] = {}
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            name = handler.opt.get("document")
            if name:
                path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path)
                for method in handler.http_methods:
                    by_path[(path, method.lower())] = name
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            name = by_path.get((path, method))
            if name:
                key = _schema_name(name)
                components[key] = _published(name)
                for status in ("200", "201"):
                    if status in operation["responses"]:
                        operation["responses"][status]["content"] = {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{key}"}}
                        }
            operation["responses"].pop("400", None)
            operation["responses"]["4XX"] = {
                "description": "Refused: problem details",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
            }
    document["info"]["description"] = (
        "bizenv serve: the monthly cycle and the calendars over HTTP. Documents are the published "
        "`bizenv schema` ones; errors are RFC 9457 problem details with a closed `code`."
    )
    return document


@get(OPENAPI_PATH, include_in_schema=False, sync_to_thread=False, media_type=MediaType.JSON)
def openapi(request: Request[Any, Any, Any]) -> dict[str, Any]:
    cached: dict[str, Any] | None = getattr(request.app.state, "openapi", None)
    if cached is None:
        cached = openapi_document(request.app)
        request.app.state.openapi = cached
    return cached


def create_app(
    *,
    db: str | Path,
    environment: Environment | None = None,
    max_upload: int | None = None,
    secure_cookies: bool = False,
    debug: bool = False,
) -> Litestar:
    """The ASGI application over the snapshot database ``db`` (made with the snapshot schema if missing) and the
    regions of ``environment`` (default: the installed ones). ``max_upload``: the upload limit in bytes (default
    10 MB). ``secure_cookies``: the sign-in cookie only over HTTPS (behind a TLS proxy)."""
    limits = Limits() if max_upload is None else Limits(max_upload=max_upload)
    service = Service(ServeDb(db), environment or Environment(), limits, secure_cookies=secure_cookies)
    return Litestar(
        route_handlers=[*api.ROUTES, *pages.ROUTES, openapi],
        state=State({"service": service}),
        middleware=[locale_middleware],
        exception_handlers={
            Problem: _on_problem,
            BizenvError: _on_bizenv,
            HTTPException: _on_http,
            UnicodeDecodeError: _on_bad_form,
            Exception: _on_error,
        },
        # The body may be the file plus the form around it; the file itself is held to the limit exactly.
        request_max_body_size=limits.max_upload + 64 * 1024,
        openapi_config=OpenAPIConfig(
            title="bizenv serve",
            version=__version__,
            path="/schema",
            render_plugins=[SwaggerRenderPlugin()],
        ),
        debug=debug,
    )


__all__ = ["LOCALES", "OPENAPI_PATH", "create_app", "openapi_document", "request_locale"]
