"""``bizenv calendar``: what a calendar says day by day, and which years it knows."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from babel.dates import format_date

from bizenv.calendars import CalendarCoverageError, WorkingCalendar
from bizenv.calendars.errors import NoticeError
from bizenv.calendars.notice import KINDS, read_notice
from bizenv.cli._common import CliError, environment, write_json, write_rows
from bizenv.i18n import _, babel_locale
from bizenv.textfile import decode_text


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a date (YYYY-MM-DD)").format(text=text)) from None


def add_calendar_options(parser: argparse.ArgumentParser) -> None:
    """Options every command that counts time takes."""
    parser.add_argument(
        "--calendar-data",
        action="append",
        default=[],
        metavar="FILE",
        help=_(
            "calendar data file (TOML, from `bizenv calendar import`); may be repeated; BIZENV_CALENDAR_FILES works too"
        ),
    )
    parser.add_argument(
        "--assume-weekends",
        action="store_true",
        help=_("count years without data with weekends only (flagged), instead of refusing them"),
    )


def open_calendar(args: argparse.Namespace, calendar_id: str) -> WorkingCalendar:
    return environment(args).calendar(
        calendar_id,
        data_files=args.calendar_data,
        provisional="allow",
        unknown_years="weekends" if args.assume_weekends else "error",
    )


def register(sub: Any) -> None:
    calendar = sub.add_parser("calendar", help=_("working-time calendars"))
    commands = calendar.add_subparsers(dest="calendar_command", required=True, metavar="COMMAND")

    p = commands.add_parser("days", help=_("one row per day: working or not, name, provisional, source"))
    p.add_argument("--calendar", default="CN-XJ", help=_("calendar id: CN or CN-XJ (default)"))
    p.add_argument("--from", dest="start", type=_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--only", choices=("special", "working", "off"), help=_("only days off the weekly pattern, etc."))
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    add_calendar_options(p)
    p.set_defaults(run=cmd_days)

    p = commands.add_parser("years", help=_("the years a calendar knows, and how (official, provisional)"))
    p.add_argument("--calendar", default="CN-XJ")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    add_calendar_options(p)
    p.set_defaults(run=cmd_years)

    p = commands.add_parser(
        "import",
        help=_("read a holiday notice (pasted text) into a calendar data file"),
        description=_(
            "Read the text of a State Council or Xinjiang holiday notice and write the year's calendar data. "
            "Prints what it understood, day by day, to check against the notice. Anything it cannot read is an error "
            "naming the line; nothing is skipped in silence."
        ),
    )
    p.add_argument("notice", type=Path, metavar="NOTICE", help=_("text file with the notice (UTF-8)"))
    p.add_argument("--kind", choices=KINDS, help=_("national (State Council) or xinjiang; guessed if omitted"))
    p.add_argument("--year", type=int, help=_("the notice's year, if its title does not say"))
    p.add_argument("--out", type=Path, metavar="FILE", help=_("write the calendar data here (TOML); default: stdout"))
    p.add_argument("--force", action="store_true", help=_("overwrite --out if it exists"))
    p.set_defaults(run=cmd_import, out_format="toml")


def cmd_days(args: argparse.Namespace) -> int:
    if args.end < args.start:
        raise CliError(_("--to {end} is before --from {start}").format(end=args.end, start=args.start))
    cal = open_calendar(args, args.calendar)
    try:
        days = cal.days(args.start, args.end)
    except CalendarCoverageError as exc:
        raise CliError(str(exc)) from None
    if args.only == "special":
        days = [d for d in days if d.kind in ("holiday", "in_lieu", "makeup_workday") or d.name is not None]
    elif args.only == "working":
        days = [d for d in days if d.working]
    elif args.only == "off":
        days = [d for d in days if not d.working]
    if args.format == "json":
        write_json(
            [
                {
                    "date": d.date.isoformat(),
                    "working": d.working,
                    "name": d.name,
                    "provisional": d.provisional,
                    "source": d.source,
                    "kind": d.kind,
                    "assumed": d.assumed,
                }
                for d in days
            ]
        )
        return 0
    rows = [
        [
            d.date.isoformat(),
            format_date(d.date, "EEE", locale=babel_locale()),
            "yes" if d.working else "no",
            d.kind,
            d.name or "",
            "yes" if d.provisional else "",
            d.source or "",
        ]
        for d in days
    ]
    write_rows(args.format, ["date", "weekday", "working", "kind", "name", "provisional", "source"], rows)
    return 0


def cmd_years(args: argparse.Namespace) -> int:
    cal = open_calendar(args, args.calendar)
    rows = []
    for year in sorted(cal.known_years):
        sources = sorted({s.source for s in cal.year_schedules if s.year == year})
        rows.append([year, cal.year_status(year), " | ".join(sources)])
    write_rows(args.format, ["year", "status", "sources"], rows)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    try:
        text = decode_text(args.notice.read_bytes(), str(args.notice))
    except OSError as exc:
        raise CliError(_("{path}: cannot read: {reason}").format(path=args.notice, reason=exc)) from None
    try:
        notice = read_notice(text, kind=args.kind, year=args.year, origin=str(args.notice))
    except NoticeError as exc:
        raise CliError(str(exc)) from None
    explanation = "\n".join(notice.explain()) + "\n"
    if args.out is None:
        sys.stderr.write(explanation)
        sys.stdout.write(notice.to_toml())
        return 0
    args.out.write_text(notice.to_toml(), "utf-8")
    sys.stdout.write(explanation)
    print(_("wrote {path}: use it with --calendar-data {path} or BIZENV_CALENDAR_FILES").format(path=args.out))
    return 0
