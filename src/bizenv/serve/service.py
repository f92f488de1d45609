"""What every request of the service shares: the environment (regions, calendars), the database, the upload
limits and the month locks; who the caller is (a bearer token, or a page's signed-in session)."""

from __future__ import annotations

import functools
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import anyio.to_thread
from litestar import Request

from bizenv.calendars import WorkingCalendar
from bizenv.environment import Environment
from bizenv.errors import NotFoundError
from bizenv.i18n import _
from bizenv.model import RegionProfile
from bizenv.serve.db import ServeDb, Token
from bizenv.serve.problems import Problem
from bizenv.serve.uploads import Limits, MonthLocks, checked_kind

T = TypeVar("T")
#: The cookie of a page's sign-in session.
SESSION_COOKIE = "bizenv_session"


class Service:
    """The service's state, one per application."""

    def __init__(self, db: ServeDb, environment: Environment, limits: Limits, *, secure_cookies: bool = False) -> None:
        self.db = db
        self.environment = environment
        self.limits = limits
        self.locks = MonthLocks()
        self.secure_cookies = secure_cookies
        # The environment loads plugins, profiles and calendars on first use, which is not safe from several
        # threads at once: the registry is loaded here, and every first use goes through one lock.
        self._loading = threading.Lock()
        with self._loading:
            _ = environment.registry

    def profiles(self) -> list[RegionProfile]:
        """Every installed region's profile."""
        with self._loading:
            return self.environment.profiles()

    def profile(self, region: str) -> RegionProfile:
        """An installed region's profile (unknown: a 404 problem)."""
        try:
            with self._loading:
                return self.environment.profile(region)
        except NotFoundError as exc:
            raise Problem(404, "not_found", exc.translated()) from None

    def calendar(self, calendar_id: str) -> WorkingCalendar:
        """A calendar as the command opens it (provisional years allowed, unknown years refused)."""
        try:
            with self._loading:
                return self.environment.calendar(calendar_id, provisional="allow")
        except NotFoundError as exc:
            raise Problem(404, "not_found", exc.translated()) from None

    def bearer(self, request: Request[Any, Any, Any]) -> Token | None:
        """The token of an ``Authorization: Bearer`` header (None: no header)."""
        header = request.headers.get("authorization", "")
        scheme, _sep, secret = header.partition(" ")
        if not header:
            return None
        token = self.db.token(secret.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            raise Problem(401, "unauthorized", _("the token is not known or was revoked"),
                          headers={"WWW-Authenticate": 'Bearer realm="bizenv"'})  # fmt: skip
        return token

    def caller(self, request: Request[Any, Any, Any], region: str, *, office: bool = False) -> Token:
        """The token of an API call for ``region``: a unit's or the office's (``office``: the office's only).
        API calls are authorised by the header only, never by a page's cookie, so they need no CSRF token."""
        token = self.bearer(request)
        if token is None:
            raise Problem(401, "unauthorized", _("this needs a token: Authorization: Bearer TOKEN"),
                          headers={"WWW-Authenticate": 'Bearer realm="bizenv"'})  # fmt: skip
        return self.allowed(token, region, office=office)

    def allowed(self, token: Token, region: str, *, office: bool = False) -> Token:
        """``token`` if it may act in ``region`` (``office``: as the office), else a 403 problem."""
        if token.kind == "feed":
            raise Problem(403, "forbidden", _("a feed token reads the calendar feed only"))
        if token.region != region:
            raise Problem(403, "forbidden", _("the token is for region {region}").format(region=token.region))
        if office and token.kind != "office":
            raise Problem(403, "forbidden", _("only the office's token may see this"))
        return token

    async def in_thread(self, fn: Callable[..., T], *args: Any) -> T:
        """Run blocking work (reading files, the merge, SQLite) off the event loop."""
        return await anyio.to_thread.run_sync(functools.partial(fn, *args))

    @contextmanager
    def scratch(self, name: str, content: bytes) -> Iterator[tuple[Path, dict[str, str]]]:
        """A file uploaded for one answer (case records, observations), its type decided by content, in a
        temporary folder removed after; and the map from its path to the name it was sent as."""
        kind = checked_kind(content, self.limits, parquet=True)
        with tempfile.TemporaryDirectory(prefix="bizenv-upload-") as folder:
            path = Path(folder) / f"upload{kind}"
            path.write_bytes(content)
            yield path, {str(path): name or "upload", path.name: name or "upload"}


def service_of(request: Request[Any, Any, Any]) -> Service:
    """The service of the application a request came to."""
    service: Service = request.app.state.service
    return service


__all__ = ["SESSION_COOKIE", "Service", "service_of"]
