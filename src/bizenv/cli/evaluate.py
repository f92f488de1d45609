"""Sub-commands that judge observations: evaluate, deadlines, thresholds, score, compare."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
from pathlib import Path
from typing import Any, TextIO

from bizenv.cli._common import environment, flat_rows, get_profile, report_rejections, write_dicts, write_json
from bizenv.cli._inputs import (
    add_file_options,
    aware_datetime,
    columns_for,
    input_file,
    iso_date,
    nothing_judged,
    output_file,
    read_input,
)
from bizenv.cli._progress import Bar
from bizenv.cli.calendar import add_calendar_options, open_calendar
from bizenv.cli.cycle import ledger_path, print_month
from bizenv.cycle import compose_month
from bizenv.cycle.ics import DEFAULT_REMINDER_DAYS, calendar_feed
from bizenv.cycle.published import deadlines_view
from bizenv.evaluate import (
    compare_category,
    evaluate_observations,
    score_indicators,
    specs_from_values,
    track_deadlines,
)
from bizenv.i18n import _, get_locale
from bizenv.inputs import read_indicator_values, read_observations
from bizenv.inputs.chunks import CHUNK_ROWS
from bizenv.io.case_files import CaseFormat, CaseOutput, evaluate_file, flat_case
from bizenv.io.documents import (
    comparison_document,
    scores_document,
    thresholds_document,
    to_json_data,
)
from bizenv.io.results import (
    plain,
)
from bizenv.model import RegionProfile

FORMATS = ("table", "json", "csv", "markdown")
#: evaluate writes JSON Lines too: one case a line, as judged.
CASE_FORMATS = (*FORMATS, "jsonl")


def register(sub: Any) -> None:
    p = sub.add_parser("evaluate", help=_("judge case records against a region's time-limit targets"))
    p.add_argument("region")
    p.add_argument(
        "--cases", required=True, type=input_file, metavar="FILE", help=_("case records (.csv, .xlsx, .json …)")
    )
    p.add_argument(
        "--convention",
        choices=("elapsed", "legal"),
        default="elapsed",
        help=_("elapsed working time (default) or legal due time (start day not counted)"),
    )
    p.add_argument(
        "--as-of", type=aware_datetime, metavar="DATETIME", help=_("time at which open cases are judged, with its zone")
    )
    p.add_argument("--show", choices=("summary", "cases"), default="summary")
    p.add_argument("--fail-on", choices=("fail",), help=_("exit 1 when a target is not met"))
    # json and jsonl stream every case (docs/for-programs.md); table, markdown and csv show the summaries.
    p.add_argument("--format", choices=CASE_FORMATS, default="table")
    p.add_argument(
        "--out",
        type=output_file,
        metavar="FILE",
        help=_("write every case's result to a Parquet file (.parquet), chunk by chunk"),
    )
    p.add_argument(
        "--chunk-rows",
        type=_positive,
        default=CHUNK_ROWS,
        metavar="N",
        help=_("rows read and judged at a time (default {rows}); memory grows with it, not with the file").format(
            rows=CHUNK_ROWS
        ),
    )
    add_file_options(p, zone=True)
    add_calendar_options(p)
    p.set_defaults(run=cmd_evaluate, out_format="parquet")

    p = sub.add_parser("deadlines", help=_("track a region's measures against their deadlines from a ledger"))
    p.add_argument("region")
    p.add_argument(
        "--ledger",
        action="append",
        type=ledger_path,
        metavar="FILE|DIR",
        help=_(
            "progress ledger (.xlsx, .csv …), or a folder of the units' returns, put together as `ledger record` does "
            "(repeatable; none: nothing done)"
        ),
    )
    p.add_argument("--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD", help=_("default: today"))
    p.add_argument("--due-soon", type=int, default=30, metavar="DAYS")
    p.add_argument("--by", choices=("measure", "unit", "area"), default="measure")
    p.add_argument("--status", action="append", help=_("only measures with this status (repeatable)"))
    p.add_argument("--fail-on", choices=("overdue",), help=_("exit 1 when a measure is overdue"))
    p.add_argument(
        "--format", choices=(*FORMATS, "ics"), default="table", help=_("ics: a calendar feed of the deadlines")
    )
    p.add_argument("--unit", metavar="NAME", help=_("only the items this unit holds a role in (any of its names)"))
    p.add_argument("--out", type=output_file, metavar="FILE", help=_("write here instead of stdout"))
    p.add_argument(
        "--remind",
        type=int,
        default=DEFAULT_REMINDER_DAYS,
        metavar="DAYS",
        help=_("ics: the reminder this many days before the due date (default {days})").format(
            days=DEFAULT_REMINDER_DAYS
        ),
    )
    add_file_options(p)
    p.set_defaults(run=cmd_deadlines)

    p = sub.add_parser("thresholds", help=_("judge observed values (rates, prices, hours) against targets"))
    p.add_argument("region")
    p.add_argument(
        "--observations",
        required=True,
        type=input_file,
        metavar="FILE",
        help=_("columns: target_id, value, subject, observed_on"),
    )
    p.add_argument("--fail-on", choices=("unmet",), help=_("exit 1 when a target is not met"))
    p.add_argument("--format", choices=FORMATS, default="table")
    add_file_options(p)
    p.set_defaults(run=cmd_thresholds)

    p = sub.add_parser("score", help=_("distance-to-frontier scores, ranking and the bottom N"))
    p.add_argument(
        "--values",
        required=True,
        type=input_file,
        metavar="FILE",
        help=_("columns: subject, indicator, value, direction (lower or higher is better)"),
    )
    p.add_argument("--bottom", type=int, default=1, metavar="N", help=_("flag the last N (default 1)"))
    p.add_argument(
        "--region",
        metavar="REGION",
        help=_("match subjects to the region's counties, townships, parks and units (refuse any other)"),
    )
    p.add_argument("--format", choices=FORMATS, default="table")
    add_file_options(p)
    p.set_defaults(run=cmd_score)

    p = sub.add_parser("compare", help=_("every region's targets for one indicator category"))
    p.add_argument("category", help=_("category code, e.g. starting_a_business (see `bizenv categories`)"))
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(run=cmd_compare)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(_("{text!r} is not a positive whole number").format(text=text))
    return value


#: Files smaller than this (bytes of text, rows of Parquet) are judged before a bar would be worth drawing.
BAR_BYTES = 4 << 20
BAR_ROWS = 100_000


def _bar_stream(fmt: str, show: str) -> TextIO | None:
    """The stream the progress bar draws on, or None: only stderr on a terminal, never while JSON goes to
    stdout (a program reads it), nor while cases stream to the same terminal."""
    if fmt in ("json", "jsonl") or not sys.stderr.isatty():
        return None
    if show == "cases" and sys.stdout.isatty():
        return None
    return sys.stderr


def cmd_evaluate(args: argparse.Namespace) -> int:
    profile = get_profile(args)
    calendar = open_calendar(args, profile.region.calendar)
    outputs = [CaseOutput(args.out, "parquet")] if args.out is not None else []
    # JSON, JSON Lines and CSV cases stream to stdout as they are judged; tables are aligned over every row.
    streamed: CaseFormat | None = None
    if args.format in ("json", "jsonl"):
        streamed = args.format
    elif args.format == "csv" and args.show == "cases":
        streamed = "csv"
    if streamed is not None:
        outputs.append(CaseOutput(sys.stdout, streamed))
    cases: list[dict[str, Any]] = []

    def keep(results: Any) -> None:
        cases.extend(flat_case(r) for r in results.to_pylist())

    stream = _bar_stream(args.format, args.show)
    # The reader counts Parquet in rows, text in bytes (spreadsheets: not at all, so no bar).
    threshold = BAR_ROWS if Path(args.cases).suffix.lower() == ".parquet" else BAR_BYTES
    bar = Bar(_("Evaluating cases"), 0, stream, threshold=threshold, shown=stream is not None)
    try:
        evaluation = evaluate_file(
            profile,
            args.cases,
            outputs=outputs,
            calendar=calendar,
            convention=args.convention,
            as_of=args.as_of,
            zone=args.zone,
            columns=columns_for(args, "cases"),
            sheet=getattr(args, "sheet", None),
            encoding=args.encoding,
            delimiter=args.delimiter,
            chunk_rows=args.chunk_rows,
            on_chunk=keep if args.show == "cases" and streamed is None else None,
            progress=bar.update,
        )
    finally:
        bar.close()
    print(_("bizenv: read {description}").format(description=evaluation.info.describe()), file=sys.stderr)
    rejections = evaluation.rejections
    summaries = evaluation.summaries
    if streamed is None:
        if args.show == "cases":
            write_dicts(args.format, cases, profile=profile)
        else:
            write_dicts(args.format, [plain(s) for s in summaries], profile=profile)
    if args.out is not None:
        print(_("Wrote {path}").format(path=args.out), file=sys.stderr)
    report_rejections(rejections)
    if nothing_judged("case", evaluation.info.rows, rejections):
        return 2
    failed = any(s.met is False for s in summaries)
    return 1 if args.fail_on and failed else 0


def cmd_deadlines(args: argparse.Namespace) -> int:
    profile = get_profile(args)
    as_of = args.as_of or dt.date.today()
    month = None
    if args.ledger:
        month = compose_month(
            profile,
            args.ledger,
            as_of,
            due_soon_days=args.due_soon,
            columns=columns_for(args, "ledger"),
            sheet=args.sheet,
            encoding=args.encoding,
            delimiter=args.delimiter,
        )
        # Who has not reported is said when the month's returns are checked, not when one unit's file is.
        print_month(month, unreported=len(month.returns.returns) > 1)
        report = month.report
    else:
        report = track_deadlines(profile, (), as_of, due_soon_days=args.due_soon, ledger_given=False)
    if args.format == "ics":
        feed = calendar_feed(profile, report, unit=args.unit, remind_days=args.remind, statuses=args.status)
        if args.out:
            args.out.write_bytes(feed)
        elif hasattr(sys.stdout, "buffer"):
            sys.stdout.buffer.write(feed)  # the feed's own CRLF line ends, as RFC 5545 wants them
        else:
            sys.stdout.write(feed.decode("utf-8"))
    else:
        document = deadlines_view(report, profile, unit=args.unit, statuses=args.status)
        with contextlib.ExitStack() as stack:
            out = stack.enter_context(args.out.open("w", encoding="utf-8")) if args.out else sys.stdout
            stack.enter_context(contextlib.redirect_stdout(out))
            if args.format == "json":
                write_json(to_json_data(document))
            elif args.by == "measure":
                write_dicts(args.format, flat_rows(document.items), profile=profile)
            else:
                groups = document.by_unit if args.by == "unit" else document.by_area
                write_dicts(
                    args.format,
                    [{args.by: g.name, **g.counts, "overdue_measures": " ".join(g.overdue)} for g in groups],
                )
    if not report.ledger_given:
        print(
            _("bizenv: no ledger given: no item is known to be done, so every past due date counts as overdue"),
            file=sys.stderr,
        )
    if args.out:
        print(_("Wrote {path}").format(path=args.out), file=sys.stderr)
    report_rejections(report.rejections)
    if month is not None and nothing_judged(
        "ledger", len(month.returns.lines) + len(month.returns.rejections), report.rejections
    ):
        return 2
    return 1 if args.fail_on and report.overdue() else 0


def cmd_thresholds(args: argparse.Namespace) -> int:
    profile = get_profile(args)
    read = read_input(args, "observations", read_observations, args.observations)
    results, more = evaluate_observations(profile, read.records)
    rejected = [*read.rejections, *more]
    document = thresholds_document(profile, results, rejected)
    if args.format == "json":
        write_json(to_json_data(document))
    else:
        write_dicts(args.format, flat_rows(document.results), profile=profile)
    report_rejections(rejected)
    if nothing_judged("observation", read.info.rows, rejected):
        return 2
    return 1 if args.fail_on and any(not r.met for r in results) else 0


def cmd_score(args: argparse.Namespace) -> int:
    read = read_input(args, "values", read_indicator_values, args.values)
    specs = specs_from_values(read.records, read.info.source)
    profile = get_profile(args) if args.region else None
    board = score_indicators(read.records, specs, bottom_n=args.bottom, rejections=read.rejections, profile=profile)
    document = scores_document(board)
    if args.format == "json":
        write_json(to_json_data(document))
    else:
        write_dicts(
            args.format, flat_rows(document.scores), profile=_region_of(args, {r.subject for r in board.overall})
        )
    report_rejections(board.rejections)
    if nothing_judged("value", read.info.rows, board.rejections):
        return 2
    return 0


def _region_of(args: argparse.Namespace, subjects: set[str]) -> RegionProfile | None:
    """The one installed region whose sub-units are the scored subjects, so that a table names them; else None."""
    found = [p for p in environment(args).profiles() if subjects <= {s.id for s in p.region.sub_units}]
    return found[0] if len(found) == 1 and subjects else None


def cmd_compare(args: argparse.Namespace) -> int:
    rows = compare_category(environment(args).profiles(), args.category)
    document = comparison_document(args.category, rows, get_locale())
    if args.format == "json":
        write_json(to_json_data(document))
    else:
        write_dicts(args.format, flat_rows(document.targets))
    return 0
