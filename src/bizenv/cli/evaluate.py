"""Sub-commands that judge observations: evaluate, deadlines, thresholds, score, compare."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from bizenv.cli._common import CliError, environment, get_profile, report_rejections, write_dicts, write_json
from bizenv.cli._inputs import (
    add_file_options,
    aware_datetime,
    input_file,
    iso_date,
    nothing_judged,
    output_file,
    read_input,
)
from bizenv.cli._progress import Bar
from bizenv.cli.calendar import add_calendar_options, open_calendar
from bizenv.evaluate import (
    CaseEvaluation,
    CaseResult,
    compare_category,
    evaluate_observations,
    score_indicators,
    specs_from_values,
    track_deadlines,
)
from bizenv.evaluate.table import Evaluator, case_results, columns_from_batch
from bizenv.i18n import _
from bizenv.inputs import FIELDS, read_indicator_values, read_ledger, read_observations
from bizenv.inputs.batches import records_from_batch
from bizenv.inputs.chunks import CHUNK_ROWS, case_batches
from bizenv.io.results import (
    deadline_rows,
    plain,
    rejection_rows,
    score_rows,
    threshold_rows,
)
from bizenv.records import Rejection

FORMATS = ("table", "json", "csv", "markdown")


def register(sub: Any) -> None:
    p = sub.add_parser("evaluate", help="judge case records against a region's time-limit targets")
    p.add_argument("region")
    p.add_argument(
        "--cases", required=True, type=input_file, metavar="FILE", help="case records (.csv, .xlsx, .json …)"
    )
    p.add_argument(
        "--convention",
        choices=("elapsed", "legal"),
        default="elapsed",
        help="elapsed working time (default) or legal due time (start day not counted)",
    )
    p.add_argument(
        "--as-of", type=aware_datetime, metavar="DATETIME", help="time at which open cases are judged, with its zone"
    )
    p.add_argument("--show", choices=("summary", "cases"), default="summary")
    p.add_argument("--fail-on", choices=("fail",), help="exit 1 when a target is not met")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument(
        "--out",
        type=output_file,
        metavar="FILE",
        help="write every case's result to a Parquet file (.parquet), chunk by chunk",
    )
    p.add_argument(
        "--chunk-rows",
        type=_positive,
        default=CHUNK_ROWS,
        metavar="N",
        help=f"rows read and judged at a time (default {CHUNK_ROWS}); memory grows with it, not with the file",
    )
    add_file_options(p, zone=True)
    add_calendar_options(p)
    p.set_defaults(run=cmd_evaluate)

    p = sub.add_parser("deadlines", help="track a region's measures against their deadlines from a ledger")
    p.add_argument("region")
    p.add_argument(
        "--ledger", type=input_file, metavar="FILE", help="progress ledger (.xlsx, .csv …; none: nothing done)"
    )
    p.add_argument("--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD", help="default: today")
    p.add_argument("--due-soon", type=int, default=30, metavar="DAYS")
    p.add_argument("--by", choices=("measure", "unit", "area"), default="measure")
    p.add_argument("--status", action="append", help="only measures with this status (repeatable)")
    p.add_argument("--fail-on", choices=("overdue",), help="exit 1 when a measure is overdue")
    p.add_argument("--format", choices=FORMATS, default="table")
    add_file_options(p)
    p.set_defaults(run=cmd_deadlines)

    p = sub.add_parser("thresholds", help="judge observed values (rates, prices, hours) against targets")
    p.add_argument("region")
    p.add_argument(
        "--observations",
        required=True,
        type=input_file,
        metavar="FILE",
        help="columns: target_id, value, subject, observed_on",
    )
    p.add_argument("--fail-on", choices=("unmet",), help="exit 1 when a target is not met")
    p.add_argument("--format", choices=FORMATS, default="table")
    add_file_options(p)
    p.set_defaults(run=cmd_thresholds)

    p = sub.add_parser("score", help="distance-to-frontier scores, ranking and the bottom N")
    p.add_argument(
        "--values",
        required=True,
        type=input_file,
        metavar="FILE",
        help="columns: subject, indicator, value, direction (lower or higher is better)",
    )
    p.add_argument("--bottom", type=int, default=1, metavar="N", help="flag the last N (default 1)")
    p.add_argument("--format", choices=FORMATS, default="table")
    add_file_options(p)
    p.set_defaults(run=cmd_score)

    p = sub.add_parser("compare", help="every region's targets for one indicator category")
    p.add_argument("category", help="category code, e.g. starting_a_business (see `bizenv categories`)")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(run=cmd_compare)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return value


def _case_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row of the per-case output (the columns of ``bizenv.io.results.case_rows``) from a results table row."""
    due = row["due"]
    excluded = row["excluded"]
    return {
        "case_id": row["case_id"],
        "target_id": row["target_id"],
        "measure_id": row["measure_id"],
        "sub_unit": row["sub_unit_as_written"],
        "status": row["status"],
        "duration": row["duration"],
        "unit": row["unit"],
        "excluded": 0 if excluded == 0 else excluded,
        "due": due.isoformat() if due is not None else None,
        "provisional": row["provisional"],
        "source": f"{row['source']}:{row['row']}" if row["row"] is not None else row["source"],
    }


def cmd_evaluate(args: argparse.Namespace) -> int:
    profile = get_profile(args)
    if args.out is not None and Path(args.out).suffix.lower() != ".parquet":
        raise CliError(f"--out {args.out}: results are written as Parquet; name the file *.parquet")
    fields = {f.name for f in FIELDS["cases"]}
    reading = case_batches(
        args.cases,
        zone=args.zone,
        columns={header: field for header, field in args.columns.items() if field in fields},
        sheet=getattr(args, "sheet", None),
        encoding=args.encoding,
        delimiter=args.delimiter,
        chunk_rows=args.chunk_rows,
    )
    calendar = open_calendar(args, profile.region.calendar)
    evaluator = Evaluator(profile, calendar, convention=args.convention, as_of=args.as_of)
    # JSON holds every case as the Python API gives it; the other formats need only the results table's rows.
    keep_records = args.format == "json"
    keep_rows = args.show == "cases" and not keep_records
    results: list[CaseResult] = []
    rows: list[dict[str, Any]] = []
    judged: list[Rejection] = []
    writer = None
    bar = Bar(_("Evaluating cases"), 0, threshold=1)
    try:
        for batch in reading:
            chunk = evaluator.evaluate(columns_from_batch(batch, reading.source))
            judged += chunk.rejections
            if keep_records:
                results += case_results(evaluator, chunk, records_from_batch(batch, reading.source))
            if keep_rows:
                rows += [_case_row(r) for r in chunk.results.to_pylist()]
            if args.out is not None:
                import pyarrow.parquet as pq

                if writer is None:
                    writer = pq.ParquetWriter(args.out, chunk.results.schema)
                writer.write_table(chunk.results)
            bar.update(*reading.progress)
    finally:
        bar.close()
        if writer is not None:
            writer.close()
    if args.out is not None and writer is None:
        import pyarrow.parquet as pq

        pq.write_table(evaluator.empty_results(), args.out)
    print(f"bizenv: read {reading.info.describe()}", file=sys.stderr)
    rejections = (*reading.rejections, *judged)
    summaries = evaluator.summaries()
    if args.format == "json":
        evaluation = CaseEvaluation(profile.id, args.convention, args.as_of, tuple(results), rejections, summaries)
        write_json(plain(evaluation) | {"rejections": rejection_rows(rejections)})
    else:
        write_dicts(args.format, rows if args.show == "cases" else [plain(s) for s in summaries])
    report_rejections(rejections)
    if nothing_judged("case", reading.info.rows, rejections):
        return 2
    failed = any(s.met is False for s in summaries)
    return 1 if args.fail_on and failed else 0


def cmd_deadlines(args: argparse.Namespace) -> int:
    profile = get_profile(args)
    read = read_input(args, "ledger", read_ledger, args.ledger) if args.ledger else None
    report = track_deadlines(
        profile,
        read.records if read else (),
        args.as_of or dt.date.today(),
        due_soon_days=args.due_soon,
        rejections=read.rejections if read else (),
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
    report_rejections(report.rejections)
    if read and nothing_judged("ledger", read.info.rows, report.rejections):
        return 2
    return 1 if args.fail_on and report.overdue() else 0


def cmd_thresholds(args: argparse.Namespace) -> int:
    profile = get_profile(args)
    read = read_input(args, "observations", read_observations, args.observations)
    results, more = evaluate_observations(profile, read.records)
    rejected = [*read.rejections, *more]
    if args.format == "json":
        write_json({"results": threshold_rows(results), "rejections": rejection_rows(rejected)})
    else:
        write_dicts(args.format, threshold_rows(results))
    report_rejections(rejected)
    if nothing_judged("observation", read.info.rows, rejected):
        return 2
    return 1 if args.fail_on and any(not r.met for r in results) else 0


def cmd_score(args: argparse.Namespace) -> int:
    read = read_input(args, "values", read_indicator_values, args.values)
    specs = specs_from_values(read.records, read.info.source)
    board = score_indicators(read.records, specs, bottom_n=args.bottom, rejections=read.rejections)
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
    if nothing_judged("value", read.info.rows, board.rejections):
        return 2
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    rows = compare_category(environment(args).profiles(), args.category)
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
