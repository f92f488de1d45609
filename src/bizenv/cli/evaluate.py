"""Sub-commands that judge observations: evaluate, deadlines, thresholds, score, compare."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from typing import Any

from bizenv.calendars import CalendarCoverageError
from bizenv.cli._common import CliError, environment, get_profile, report_rejections, write_dicts, write_json
from bizenv.cli._progress import progress
from bizenv.cli.calendar import add_calendar_options, open_calendar
from bizenv.evaluate import (
    IndicatorSpec,
    IndicatorValue,
    compare_category,
    evaluate_cases,
    evaluate_observations,
    score_indicators,
    track_deadlines,
)
from bizenv.i18n import _
from bizenv.io.results import (
    case_rows,
    deadline_rows,
    plain,
    rejection_rows,
    score_rows,
    summary_rows,
    threshold_rows,
)
from bizenv.io.tables import InputError, case_records, indicator_values, ledger_rows, observations, read_rows

FORMATS = ("table", "json", "csv", "markdown")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def aware_datetime(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 date-time") from None


def register(sub: Any) -> None:
    p = sub.add_parser("evaluate", help="judge case records against a region's time-limit targets")
    p.add_argument("region")
    p.add_argument("--cases", required=True, metavar="FILE", help=".csv, .json or .xlsx case records")
    p.add_argument(
        "--convention",
        choices=("elapsed", "legal"),
        default="elapsed",
        help="elapsed working time (default) or legal due time (start day not counted)",
    )
    p.add_argument("--as-of", type=aware_datetime, metavar="DATETIME", help="time at which open cases are judged")
    p.add_argument("--zone", help="time zone of timestamps without one, e.g. Asia/Shanghai or Asia/Urumqi")
    p.add_argument("--show", choices=("summary", "cases"), default="summary")
    p.add_argument("--fail-on", choices=("fail",), help="exit 1 when a target is not met")
    p.add_argument("--format", choices=FORMATS, default="table")
    add_calendar_options(p)
    p.set_defaults(run=cmd_evaluate)

    p = sub.add_parser("deadlines", help="track a region's measures against their deadlines from a ledger")
    p.add_argument("region")
    p.add_argument("--ledger", metavar="FILE", help=".csv, .json or .xlsx progress ledger (none: nothing done)")
    p.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD", help="default: today")
    p.add_argument("--due-soon", type=int, default=30, metavar="DAYS")
    p.add_argument("--by", choices=("measure", "unit", "area"), default="measure")
    p.add_argument("--status", action="append", help="only measures with this status (repeatable)")
    p.add_argument("--fail-on", choices=("overdue",), help="exit 1 when a measure is overdue")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(run=cmd_deadlines)

    p = sub.add_parser("thresholds", help="judge observed values (rates, prices, hours) against targets")
    p.add_argument("region")
    p.add_argument(
        "--observations", required=True, metavar="FILE", help="columns: target_id, value, subject, observed_on"
    )
    p.add_argument("--fail-on", choices=("unmet",), help="exit 1 when a target is not met")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(run=cmd_thresholds)

    p = sub.add_parser("score", help="distance-to-frontier scores, ranking and the bottom N")
    p.add_argument(
        "--values",
        required=True,
        metavar="FILE",
        help="columns: subject, indicator, value, direction (lower or higher is better)",
    )
    p.add_argument("--bottom", type=int, default=1, metavar="N", help="flag the last N (default 1)")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(run=cmd_score)

    p = sub.add_parser("compare", help="every region's targets for one indicator category")
    p.add_argument("category", help="category code, e.g. starting_a_business (see `bizenv categories`)")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(run=cmd_compare)


def table_rows(path: str) -> Any:
    try:
        return list(read_rows(path))
    except InputError as exc:
        raise CliError(str(exc)) from None


def read_directions(rows: Any, path: str, values: Sequence[IndicatorValue]) -> dict[str, str]:
    """Indicator → "lower" or "higher" (which is better), from the values file's direction column."""
    directions: dict[str, str] = {}
    for _origin, row in rows:
        name, direction = str(row.get("indicator") or "").strip(), str(row.get("direction") or "").strip().lower()
        if name and direction:
            if direction not in ("lower", "higher"):
                raise CliError(f"{path}: indicator {name!r}: direction {direction!r} is not lower or higher")
            if directions.setdefault(name, direction) != direction:
                raise CliError(f"{path}: indicator {name!r} has both directions")
    missing = sorted({v.indicator for v in values} - set(directions))
    if missing:
        raise CliError(f"{path}: no direction (lower/higher) for indicator(s): {', '.join(missing)}")
    return directions


def cmd_evaluate(args: argparse.Namespace) -> int:
    profile = get_profile(args)
    records, rejected = case_records(table_rows(args.cases))
    calendar = open_calendar(args, profile.region.calendar)
    try:
        evaluation = evaluate_cases(
            profile,
            progress(records, _("Evaluating cases")),
            calendar,
            convention=args.convention,
            as_of=args.as_of,
            zone=args.zone,
            rejections=rejected,
        )
    except CalendarCoverageError as exc:
        raise CliError(str(exc)) from None
    if args.format == "json":
        write_json(plain(evaluation) | {"rejections": rejection_rows(evaluation.rejections)})
    else:
        rows = case_rows(evaluation) if args.show == "cases" else summary_rows(evaluation)
        write_dicts(args.format, rows)
        report_rejections(evaluation.rejections)
    failed = any(s.met is False for s in evaluation.summaries)
    return 1 if args.fail_on and failed else 0


def cmd_deadlines(args: argparse.Namespace) -> int:
    profile = get_profile(args)
    ledger, rejected = ledger_rows(table_rows(args.ledger)) if args.ledger else ([], [])
    report = track_deadlines(
        profile, ledger, args.as_of or dt.date.today(), due_soon_days=args.due_soon, rejections=rejected
    )
    if args.format == "json":
        write_json(
            {
                "region": profile.id,
                "as_of": report.as_of.isoformat(),
                "counts": report.counts(),
                "measures": deadline_rows(report),
                "by_unit": plain(report.by_unit),
                "by_area": plain(report.by_area),
                "rejections": rejection_rows(report.rejections),
            }
        )
    elif args.by == "measure":
        rows = deadline_rows(report)
        if args.status:
            rows = [r for r in rows if r["status"] in args.status]
        write_dicts(args.format, rows)
    else:
        groups = report.by_unit if args.by == "unit" else report.by_area
        write_dicts(
            args.format, [{args.by: g.name, **g.counts, "overdue_measures": " ".join(g.overdue)} for g in groups]
        )
    if args.format != "json":
        report_rejections(report.rejections)
    return 1 if args.fail_on and report.overdue() else 0


def cmd_thresholds(args: argparse.Namespace) -> int:
    profile = get_profile(args)
    values, rejected = observations(table_rows(args.observations))
    results, more = evaluate_observations(profile, values)
    rejected += more
    if args.format == "json":
        write_json({"results": threshold_rows(results), "rejections": rejection_rows(rejected)})
    else:
        write_dicts(args.format, threshold_rows(results))
        report_rejections(rejected)
    return 1 if args.fail_on and any(not r.met for r in results) else 0


def cmd_score(args: argparse.Namespace) -> int:
    rows = table_rows(args.values)
    values, rejected = indicator_values(rows)
    directions = read_directions(rows, args.values, values)
    specs = [IndicatorSpec(name, lower_is_better=d == "lower") for name, d in sorted(directions.items())]
    board = score_indicators(values, specs, bottom_n=args.bottom, rejections=rejected)
    if args.format == "json":
        write_json(
            {
                "scores": score_rows(board),
                "missing": plain(board.missing),
                "rejections": rejection_rows(board.rejections),
            }
        )
    else:
        write_dicts(args.format, score_rows(board))
        report_rejections(board.rejections)
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    registry = environment(args).registry
    try:
        rows = compare_category([registry.profiles[r] for r in registry.region_ids()], args.category)
    except KeyError as exc:
        raise CliError(str(exc.args[0])) from None
    write_dicts(
        args.format,
        [
            {
                "metric": r.target.metric,
                "scope": r.target.scope,
                "region": r.region,
                "target_id": r.target_id,
                "comparator": r.target.comparator,
                "value": r.target.value if r.target.value is not None else f"{r.target.low}-{r.target.high}",
                "unit": r.target.unit,
                "baseline": r.target.baseline,
                "aggregation": r.target.aggregation,
                "working_days": r.working_days,
                "due": r.due.isoformat() if r.due else None,
                "raw": r.target.raw,
            }
            for r in rows
        ],
    )
    return 0
