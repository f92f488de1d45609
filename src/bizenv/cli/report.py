"""``bizenv report REGION``: the main job. Deadlines, case compliance, quantity targets and ranking of one region."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from bizenv.calendars import CalendarCoverageError
from bizenv.cli._common import CliError, get_profile, report_rejections
from bizenv.cli._progress import progress
from bizenv.cli.calendar import add_calendar_options, open_calendar
from bizenv.cli.evaluate import aware_datetime, read_directions, table_rows
from bizenv.evaluate import IndicatorValue
from bizenv.i18n import _
from bizenv.io.tables import case_records, indicator_values, ledger_rows, observations
from bizenv.report import FORMATS, build_report, render, synthetic_report


def register(sub: Any) -> None:
    p = sub.add_parser(
        "report",
        help="one region's report: deadlines, case compliance, targets, ranking",
        description="Without input files the report runs on synthetic example data (labelled as such) made "
        "from the region's own measures and targets.",
    )
    p.add_argument("region")
    p.add_argument("--cases", metavar="FILE", help="case records (.csv, .json, .xlsx)")
    p.add_argument("--ledger", metavar="FILE", help="progress ledger (.csv, .json, .xlsx)")
    p.add_argument("--observations", metavar="FILE", help="observed values of quantity targets")
    p.add_argument("--values", metavar="FILE", help="indicator values per sub-unit, with a direction column")
    p.add_argument("--as-of", type=aware_datetime, metavar="DATETIME", help="default: now (Beijing time)")
    p.add_argument("--bottom", type=int, default=1, metavar="N", help="flag the last N in the ranking")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("--out", type=Path, metavar="FILE", help="write the report here instead of stdout")
    add_calendar_options(p)
    p.set_defaults(run=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    profile = get_profile(args)
    given = [args.cases, args.ledger, args.observations, args.values]
    try:
        if not any(given):
            report = synthetic_report(profile, as_of=args.as_of, calendar=open_calendar(args, profile.region.calendar))
        else:
            as_of = args.as_of or dt.datetime.now(dt.timezone(dt.timedelta(hours=8)))
            rejected: list[Any] = []
            cases = None
            if args.cases:
                cases, more = case_records(table_rows(args.cases))
                rejected += more
            ledger, more = ledger_rows(table_rows(args.ledger)) if args.ledger else ([], [])
            rejected += more
            observed, more = observations(table_rows(args.observations)) if args.observations else ([], [])
            rejected += more
            values: list[IndicatorValue] = []
            directions: dict[str, bool] = {}
            if args.values:
                rows = table_rows(args.values)
                values, more = indicator_values(rows)
                rejected += more
                directions = {name: d == "lower" for name, d in read_directions(rows, args.values, values).items()}
            report = build_report(
                profile,
                as_of=as_of,
                inputs=", ".join(str(p) for p in given if p),
                cases=cases,
                ledger=ledger,
                observations=observed,
                indicator_values=values,
                directions=directions,
                bottom_n=args.bottom,
                calendar=open_calendar(args, profile.region.calendar),
                rejections=rejected,
                progress=lambda records: progress(list(records), _("Evaluating cases")),
            )
    except CalendarCoverageError as exc:
        raise CliError(str(exc)) from None
    text = render(report, args.format)
    if args.out:
        args.out.write_text(text, "utf-8")
        print(_("Wrote {path}").format(path=args.out), file=sys.stderr)
    else:
        sys.stdout.write(text)
    report_rejections(report.rejections)
    return 0
