"""``bizenv serve``: the monthly cycle and the calendars over HTTP (docs/serve.md); ``bizenv serve token``: the
tokens units, the office and calendar feeds use. bizenv.serve (and Litestar, uvicorn) is imported only when a
serve command runs: the rest of the command works without the extra."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bizenv.cli._common import CliError, environment, get_profile, write_json, write_rows
from bizenv.cycle.store import ENV_DB, SnapshotStore
from bizenv.i18n import _

DEFAULT_PORT = 8024


def _db_option(parser: argparse.ArgumentParser, *, default: object = None) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=default,
        metavar="PATH",
        help=_("the snapshot database (default: ${env}, else a file in your data folder)").format(env=ENV_DB),
    )


def register(sub: Any) -> None:
    p = sub.add_parser(
        "serve",
        help=_("run the web service: the JSON API, the units' and the office's pages, calendar feeds"),
        description=_(
            "Runs the HTTP service over the snapshot database (needs pip install 'bizenv[serve]'). "
            "`bizenv serve token` issues, lists and revokes the tokens that sign units and the office in. "
            "See docs/serve.md."
        ),
    )
    _db_option(p)
    p.add_argument("--host", default="127.0.0.1", help=_("the address to listen on (default 127.0.0.1)"))
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=_("the port (default {port})").format(
        port=DEFAULT_PORT))  # fmt: skip
    p.add_argument(
        "--max-upload",
        type=int,
        default=None,
        metavar="BYTES",
        help=_("the largest file accepted (default 10 MB)"),
    )
    p.add_argument(
        "--secure-cookies", action="store_true", help=_("send the sign-in cookie over HTTPS only (behind TLS)")
    )
    p.set_defaults(run=cmd_serve)
    commands = p.add_subparsers(dest="serve_command", metavar="COMMAND")
    token = commands.add_parser("token", help=_("issue, list and revoke access tokens"))
    tokens = token.add_subparsers(dest="token_command", required=True, metavar="COMMAND")

    t = tokens.add_parser(
        "issue",
        help=_("issue a token for a unit (--unit NAME), its calendar feed (--unit NAME --feed) or the office"),
        description=_(
            "Prints the new token once: only its hash is kept, so it cannot be shown again (revoke it and issue "
            "another if it is lost)."
        ),
    )
    t.add_argument("region")
    who = t.add_mutually_exclusive_group(required=True)
    who.add_argument("--unit", metavar="NAME", help=_("the unit (any of its names)"))
    who.add_argument("--office", action="store_true", help=_("the office (营商办): sees the whole region"))
    t.add_argument("--feed", action="store_true", help=_("a read-only token for the unit's calendar feed URL"))
    t.add_argument("--by", default="", metavar="NAME", help=_("who issues it"))
    _db_option(t, default=argparse.SUPPRESS)
    t.set_defaults(run=cmd_token_issue)

    t = tokens.add_parser("list", help=_("the tokens issued (never the tokens themselves)"))
    t.add_argument("region", nargs="?")
    t.add_argument("--format", choices=("table", "json", "csv"), default="table")
    _db_option(t, default=argparse.SUPPRESS)
    t.set_defaults(run=cmd_token_list)

    t = tokens.add_parser("revoke", help=_("revoke a token (by its number in `token list`)"))
    t.add_argument("id", type=int)
    _db_option(t, default=argparse.SUPPRESS)
    t.set_defaults(run=cmd_token_revoke)


def _serve_db(args: argparse.Namespace) -> Any:
    try:
        from bizenv.serve.db import ServeDb
    except ImportError as exc:
        raise CliError(f"bizenv serve needs its extra: pip install 'bizenv[serve]' ({exc.name} is missing)") from None
    return ServeDb(SnapshotStore(getattr(args, "db", None)).path)


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from bizenv.serve import create_app
    except ImportError as exc:
        raise CliError(f"bizenv serve needs its extra: pip install 'bizenv[serve]' ({exc.name} is missing)") from None
    path = SnapshotStore(args.db).path
    app = create_app(db=path, environment=environment(args), max_upload=args.max_upload,
                     secure_cookies=args.secure_cookies)  # fmt: skip
    print(_("bizenv: serving {db} on http://{host}:{port}/").format(db=path, host=args.host, port=args.port),
          file=sys.stderr)  # fmt: skip
    # One process: the month's merge is serialised by a lock inside it (docs/serve.md, "Under load").
    uvicorn.run(app, host=args.host, port=args.port, workers=1, log_level="info", proxy_headers=True)
    return 0


def cmd_token_issue(args: argparse.Namespace) -> int:
    profile = get_profile(args)
    if args.feed and args.office:
        raise CliError("a feed token is a unit's: give --unit NAME --feed")
    unit = profile.resolve_unit(args.unit) if args.unit else None
    kind = "office" if args.office else "feed" if args.feed else "unit"
    secret, token = _serve_db(args).issue(profile.id, kind, unit, issued_by=args.by)
    print(secret)
    what = {"office": _("the office"), "unit": unit, "feed": _("the calendar feed of {unit}").format(unit=unit)}
    print(_("bizenv: token {id} for {what} in {region}; shown once, only its hash is kept").format(
        id=token.id, what=what[kind], region=profile.id), file=sys.stderr)  # fmt: skip
    if kind == "feed":
        print(_("bizenv: feed URL: /feeds/{token}/deadlines.ics").format(token=secret), file=sys.stderr)
    return 0


def cmd_token_list(args: argparse.Namespace) -> int:
    tokens = _serve_db(args).tokens(args.region)
    rows = [[t.id, t.region, t.kind, t.unit or "", t.issued_at.isoformat(), t.issued_by,
             t.revoked_at.isoformat() if t.revoked_at else ""] for t in tokens]  # fmt: skip
    headers = ["id", "region", "kind", "unit", "issued_at", "issued_by", "revoked_at"]
    if args.format == "json":
        write_json([dict(zip(headers, r, strict=True)) for r in rows])
    else:
        write_rows(args.format, headers, rows)
    return 0


def cmd_token_revoke(args: argparse.Namespace) -> int:
    from bizenv.serve.db import ServeDbError

    try:
        token = _serve_db(args).revoke(args.id)
    except ServeDbError as exc:
        raise CliError(str(exc)) from None
    print(_("Revoked token {id} ({kind} {unit})").format(id=token.id, kind=token.kind, unit=token.unit or ""))
    return 0
