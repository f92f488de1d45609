"""``bizenv report REGION``: the main job. Deadlines, case compliance, quantity targets and ranking of one region."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from bizenv.cli._common import get_profile, report_rejections
from bizenv.cli._inputs import add_file_options, aware_datetime, input_file, output_file, read_input
from bizenv.cli._progress import progress
from bizenv.cli.calendar import add_calendar_options, open_calendar
from bizenv.evaluate import specs_from_values
from bizenv.i18n import _
from bizenv.inputs import read_cases, read_indicator_values, read_ledger, read_observations
from bizenv.inputs.readers import Kind
from bizenv.records import Rejection
from bizenv.report import FORMATS, build_report, render, synthetic_report


def register(sub: Any) -> None:
    p = sub.add_parser(
        "report",
        help=_("one region's report: deadlines, case compliance, targets, ranking"),
        description=_(
            "Without input files the report runs on synthetic example data (labelled as such) made "
            "from the region's own measures and targets."
        ),
    )
    p.add_argument("region")
    p.add_argument("--cases", type=input_file, metavar="FILE", help=_("case records (.xlsx, .csv, .json …)"))
    p.add_argument("--ledger", type=input_file, metavar="FILE", help=_("progress ledger"))
    p.add_argument("--observations", type=input_file, metavar="FILE", help=_("observed values of quantity targets"))
    p.add_argument(
        "--values", type=input_file, metavar="FILE", help=_("indicator values per sub-unit, with a direction")
    )
    p.add_argument(
        "--as-of", type=aware_datetime, metavar="DATETIME", help=_("with its zone; default: now (Beijing time)")
    )
    p.add_argument(
        "--convention",
        choices=("elapsed", "legal"),
        default="elapsed",
        help=_("elapsed working time (default) or legal due time (start day not counted)"),
    )
    p.add_argument("--bottom", type=int, default=1, metavar="N", help=_("flag the last N in the ranking"))
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("--out", type=output_file, metavar="FILE", help=_("write the report here instead of stdout"))
    add_file_options(p, sheet=False, zone=True)
    add_calendar_options(p)
    p.set_defaults(run=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    profile = get_profile(args)
    calendar = open_calendar(args, profile.region.calendar)
    given = [args.cases, args.ledger, args.observations, args.values]
    if not any(given):
        report = synthetic_report(profile, as_of=args.as_of, calendar=calendar, convention=args.convention)
    else:
        as_of = args.as_of or dt.datetime.now(calendar.timezone)  # now, in the zone the region's offices keep
        rejected: list[Rejection] = []
        cases = None
        files: dict[Kind, Path | None] = {
            "cases": args.cases,
            "ledger": args.ledger,
            "observations": args.observations,
            "values": args.values,
        }
        reads = [kind for kind, given_path in files.items() if given_path]
        if args.cases:
            read = read_input(args, "cases", read_cases, args.cases, reads, zone=args.zone)
            cases, rejected = list(read.records), [*rejected, *read.rejections]
        ledger = read_input(args, "ledger", read_ledger, args.ledger, reads) if args.ledger else None
        observed = (
            read_input(args, "observations", read_observations, args.observations, reads) if args.observations else None
        )
        values = read_input(args, "values", read_indicator_values, args.values, reads) if args.values else None
        for extra in (ledger, observed, values):
            rejected += extra.rejections if extra else ()
        specs = specs_from_values(values.records, values.info.source) if values else []
        report = build_report(
            profile,
            as_of=as_of,
            inputs=", ".join(str(p) for p in given if p),
            cases=cases,
            ledger=ledger.records if ledger else (),
            ledger_given=ledger is not None,
            observations=observed.records if observed else (),
            indicator_values=values.records if values else (),
            directions={s.name: s.lower_is_better for s in specs},
            bottom_n=args.bottom,
            calendar=calendar,
            convention=args.convention,
            rejections=rejected,
            progress=lambda records: progress(list(records), _("Evaluating cases")),
        )
    text = render(report, args.format)
    if args.out:
        args.out.write_text(text, "utf-8")
        print(_("Wrote {path}").format(path=args.out), file=sys.stderr)
    else:
        sys.stdout.write(text)
    report_rejections(report.rejections)
    return 0
