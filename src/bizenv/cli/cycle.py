"""The monthly cycle (月调度): ``bizenv ledger template`` (the workbooks sent to units), ``bizenv ledger record``
(their returns stored as the month's snapshot), ``bizenv history`` (the months recorded) and ``bizenv bulletin``
(the 通报). The calendar feed is ``bizenv deadlines --format ics``. See docs/monthly-cycle.md."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

from bizenv import __version__, progress
from bizenv.cli._common import CliError, get_profile, report_rejections, write_dicts, write_json
from bizenv.cli._inputs import add_file_options, columns_for, input_file, iso_date, output_file
from bizenv.cli._progress import Bar
from bizenv.cli.calendar import add_calendar_options, open_calendar
from bizenv.cycle import (
    Month,
    SnapshotStore,
    record_month,
    render_html,
    render_markdown,
    task_lists,
    task_units,
    write_bulletin_docx,
    write_templates,
)
from bizenv.cycle.bulletin import FORMATS as BULLETIN_FORMATS
from bizenv.cycle.bulletin import BulletinSettings
from bizenv.cycle.month import ExtensionLine, read_extensions
from bizenv.cycle.published import history_document, month_bulletin
from bizenv.cycle.store import ENV_DB
from bizenv.i18n import _
from bizenv.inputs import read_cases
from bizenv.inputs.readers import Kind
from bizenv.io.documents import to_json_data

FORMATS = ("table", "json", "csv", "markdown")
#: Fewer returned ledgers than this are read before a bar would help.
BAR_FILES = 5


def _month(text: str) -> str:
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a month (YYYY-MM)")
    return text


def ledger_path(text: str) -> Path:
    """argparse type: a returned ledger, or a folder of them."""
    path = Path(text)
    if not path.exists():
        raise argparse.ArgumentTypeError(f"{path}: no such file or folder")
    return path


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        help=_("the snapshot database (default: ${env}, else a file in your data folder)").format(env=ENV_DB),
    )


def register(sub: Any) -> None:
    ledger = sub.add_parser("ledger", help=_("the monthly cycle: ledger templates for units, and recording returns"))
    commands = ledger.add_subparsers(dest="ledger_command", required=True, metavar="COMMAND")

    p = commands.add_parser(
        "template",
        help=_("write each unit's ledger template (.xlsx) with its measures, targets and deadlines"),
        description=_(
            "One workbook per unit (or one with a sheet per unit): a 说明 sheet, then the unit's measures and dated "
            "targets with its role, the deadline and the days left; status (a drop-down list), completion date and "
            "note to fill in, the rest protected. Returned files read back with `bizenv ledger record`."
        ),
    )
    p.add_argument("region")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help=_("folder to write into (made if missing)"))
    p.add_argument("--unit", action="append", metavar="NAME", help=_("only this unit (any of its names; repeatable)"))
    p.add_argument("--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD", help=_("default: today"))
    p.add_argument("--return-by", type=iso_date, metavar="YYYY-MM-DD", help=_("the day units return the file"))
    p.add_argument("--one-workbook", action="store_true", help=_("one workbook with a sheet per unit"))
    p.add_argument("--force", action="store_true", help=_("overwrite files that exist"))
    p.set_defaults(run=cmd_template, out_is_folder=True)

    p = commands.add_parser(
        "record",
        help=_("store the month's returned ledgers and the tracking result as a snapshot"),
        description=_(
            "Reads every returned ledger (files, or folders of them), puts the lines together, tracks the deadlines "
            "at the as-of date and stores the month (YYYY-MM of the as-of date) in the snapshot database. "
            "Recording a month again replaces it."
        ),
    )
    p.add_argument("region")
    p.add_argument(
        "--ledger",
        action="append",
        required=True,
        type=ledger_path,
        metavar="FILE",
        help=_("a returned ledger, or a folder of them (repeatable)"),
    )
    p.add_argument(
        "--as-of",
        type=iso_date,
        required=True,
        metavar="YYYY-MM-DD",
        help=_("the day the returns speak for, usually the month's last"),
    )
    p.add_argument(
        "--all-sheets",
        action="store_true",
        help=_("read every sheet with the ledger's columns (what every reader does without --sheet)"),
    )
    p.add_argument("--due-soon", type=int, default=30, metavar="DAYS")
    p.add_argument("--cases", type=input_file, metavar="FILE", help=_("case records: store case compliance too"))
    p.add_argument(
        "--convention",
        choices=("elapsed", "legal"),
        default="elapsed",
        help=_("elapsed working time (default) or legal due time (start day not counted)"),
    )
    _add_db(p)
    add_file_options(p, zone=True)
    add_calendar_options(p)
    p.set_defaults(run=cmd_record)

    p = commands.add_parser(
        "extend",
        help=_("record an approved deadline extension (延期申请), from options or a file"),
        description=_(
            "Records an approved extension in the snapshot database: the item is judged by its new due date from "
            "the month of the approval on, its original date kept. Every record is kept, never overwritten."
        ),
    )
    p.add_argument("region")
    p.add_argument("--item", metavar="ID", help=_("the measure or dated target extended"))
    p.add_argument("--until", type=iso_date, metavar="YYYY-MM-DD", help=_("the new due date"))
    p.add_argument("--approved-by", metavar="TEXT", help=_("who approved it (the office)"))
    p.add_argument("--approved-on", type=iso_date, metavar="YYYY-MM-DD", help=_("the day it was approved"))
    p.add_argument("--reason", default="", metavar="TEXT", help=_("why"))
    p.add_argument(
        "--from",
        dest="from_file",
        type=ledger_path,
        metavar="FILE",
        help=_("a CSV of extensions: 措施编号, 延期至, 批准单位, 批准日期, 延期理由"),
    )
    p.add_argument("--by", default="", metavar="NAME", help=_("who records it"))
    _add_db(p)
    p.set_defaults(run=cmd_extend)

    p = sub.add_parser("history", help=_("the months recorded for a region"))
    p.add_argument("region")
    _add_db(p)
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(run=cmd_history)

    p = sub.add_parser(
        "bulletin",
        help=_("the month's bulletin (通报): overdue items by unit, resolved items, ranking, case compliance"),
    )
    p.add_argument("region")
    p.add_argument("--month", type=_month, required=True, metavar="YYYY-MM")
    _add_db(p)
    p.add_argument("--format", choices=BULLETIN_FORMATS, default=None, help=_("default: from --out, else docx"))
    p.add_argument("--out", type=output_file, metavar="FILE", help=_("write here (needed for docx)"))
    p.add_argument("--bottom", type=int, default=1, metavar="N", help=_("flag the last N in the ranking"))
    p.add_argument(
        "--rank-by", choices=("count", "share"), default="count", help=_("overdue items (default) or overdue share")
    )
    p.add_argument(
        "--settings",
        type=ledger_path,
        metavar="FILE",
        help=_("the office's bulletin settings (TOML: issuer, number, to, cc, issued_on, masthead)"),
    )
    p.add_argument(
        "--issuer", metavar="TEXT", help=_("the issuing office (发文机关; default: the programme's lead unit)")
    )
    p.add_argument("--number", metavar="TEXT", help=_("the document number (文号), e.g. 伊营商办〔2024〕8号"))
    p.add_argument("--to", metavar="UNITS", help=_("the addressees (主送), separated by 、"))
    p.add_argument("--cc", metavar="UNITS", help=_("the copies (抄送), separated by 、"))
    p.add_argument("--issued-on", type=iso_date, metavar="YYYY-MM-DD", help=_("the date of issue (default: today)"))
    p.add_argument(
        "--masthead", action=argparse.BooleanOptionalAction, default=None, help=_("print the red masthead (版头)")
    )
    p.set_defaults(run=cmd_bulletin)


def _columns(args: argparse.Namespace, kind: Kind) -> dict[str, str]:
    """The --columns entries for one kind of file; an entry naming no field of it is an error."""
    return columns_for(args, kind)


def _store(args: argparse.Namespace) -> SnapshotStore:
    return SnapshotStore(args.db)


def cmd_template(args: argparse.Namespace) -> int:
    profile = get_profile(args)
    as_of = args.as_of or dt.date.today()
    units = tuple(dict.fromkeys(profile.resolve_unit(u) for u in args.unit)) if args.unit else task_units(profile)
    lists = task_lists(profile, as_of, units)
    empty = [u for u, tasks in lists.items() if not tasks]
    if empty:
        raise CliError(f"{'、'.join(empty)}: no measure or dated target of {profile.id} names this unit")
    paths = write_templates(
        args.out, profile, lists, as_of, one_workbook=args.one_workbook, return_by=args.return_by, overwrite=args.force
    )
    for path in paths:
        print(_("Wrote {path}").format(path=path), file=sys.stderr)
    print(
        _("{files} file(s) for {units} unit(s), {lines} lines, as of {date}").format(
            files=len(paths), units=len(lists), lines=sum(len(t) for t in lists.values()), date=as_of.isoformat()
        )
    )
    return 0


def cmd_record(args: argparse.Namespace) -> int:
    profile = get_profile(args)
    cases = None
    if args.cases:
        cases = read_cases(
            args.cases,
            zone=args.zone,
            columns=_columns(args, "cases"),
            encoding=args.encoding,
            delimiter=args.delimiter,
        )
        print(_("bizenv: read {description}").format(description=cases.info.describe()), file=sys.stderr)
    store = _store(args)
    # Many returned ledgers take a while: a bar on a terminal counts the files read.
    bar = Bar("bizenv ledger record", 0, threshold=BAR_FILES)
    try:
        with progress.reporting(bar.update):
            done = record_month(
                profile,
                args.ledger,
                as_of=args.as_of,
                store=store,
                cases=cases,
                calendar=open_calendar(args, profile.region.calendar) if args.cases else None,
                convention=args.convention,
                due_soon_days=args.due_soon,
                all_sheets=args.all_sheets,
                columns=_columns(args, "ledger"),
                sheet=args.sheet,
                encoding=args.encoding,
                delimiter=args.delimiter,
                version=__version__,
            )
    finally:
        bar.close()
    month, recorded = done.month, done.recorded
    print_month(month)
    if month.cases is not None:
        report_rejections(month.cases.rejections)
    report_rejections(month.report.rejections)
    info = recorded.info
    if recorded.replaced is not None:
        print(
            _("bizenv: note: {month} was recorded before ({time}); this snapshot replaces it").format(
                month=info.month, time=recorded.replaced.recorded_at.strftime("%Y-%m-%d %H:%M")
            ),
            file=sys.stderr,
        )
    print(
        _("Recorded {region} {month} (as of {date}): {items} items, {overdue} overdue, {done} done, {rejected} lines "
          "rejected; in {db}").format(
            region=info.region,
            month=info.month,
            date=info.as_of.isoformat(),
            items=info.items,
            overdue=info.overdue,
            done=info.done,
            rejected=info.rejected,
            db=store.path,
        )
    )  # fmt: skip
    if month.cases is not None:
        print(_("Case compliance stored: {count} targets and sub-units.").format(count=len(month.cases.summaries)))
    return 0


def print_month(month: Month, *, unreported: bool = True) -> None:
    """How the returns were read and put together, on stderr: each file, what was flagged, the disputed items
    with who said what, and (``unreported``) who has not reported."""
    for read_info in month.returns.reads:
        print(_("bizenv: read {description}").format(description=read_info.describe()), file=sys.stderr)
    for flag in month.merged.flags:
        print(_("bizenv: flagged: {note}").format(note=flag.translated()), file=sys.stderr)
    for dispute in month.merged.disputes:
        said = "; ".join(
            f"{a.unit or a.source}: {a.row.status}"
            + (f" {a.row.completed_on.isoformat()}" if a.row.completed_on else "")
            for a in dispute.answers
        )
        print(_("bizenv: to be verified: {item}: {said}").format(item=dispute.item_id, said=said), file=sys.stderr)
    if month.consolidated or not unreported:
        return
    if month.unreported:
        print(
            _("bizenv: not reported ({count}): {units}").format(
                count=len(month.unreported), units="、".join(month.unreported)
            ),
            file=sys.stderr,
        )


def cmd_extend(args: argparse.Namespace) -> int:
    profile = get_profile(args)
    store = _store(args)
    if args.from_file is not None:
        lines = read_extensions(args.from_file)
    else:
        missing = [o for o, v in (("--item", args.item), ("--until", args.until), ("--approved-by", args.approved_by),
                                  ("--approved-on", args.approved_on)) if v is None]  # fmt: skip
        if missing:
            raise CliError(f"an extension needs {', '.join(missing)} (or --from FILE)")
        lines = (ExtensionLine(args.item, args.until, args.approved_by, args.approved_on, args.reason, "command"),)
    for line in lines:
        done = store.record_extension(
            profile,
            line.item_id,
            line.new_due,
            approved_by=line.approved_by,
            approved_on=line.approved_on,
            reason=line.reason,
            recorded_by=args.by,
            source=line.source,
        )
        print(
            _("Recorded the extension of {item} to {date}, approved by {office} on {day}").format(
                item=done.item_id, date=done.new_due.isoformat(), office=done.approved_by,
                day=done.approved_on.isoformat(),
            )
        )  # fmt: skip
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    profile = get_profile(args)
    snapshots = _store(args).snapshots(profile.id)
    if not snapshots:
        print(_("bizenv: no month of {region} is recorded in {db}").format(region=profile.id, db=_store(args).path),
              file=sys.stderr)  # fmt: skip
    if args.format == "json":
        document = history_document(profile.id, snapshots)
        write_json(to_json_data(document))
        return 0
    rows = [
        {
            "month": s.month,
            "as_of": s.as_of.isoformat(),
            "recorded_at": s.recorded_at.isoformat(),
            "items": s.items,
            "overdue": s.overdue,
            "done": s.done,
            "rejected": s.rejected,
            "disputed": s.disputed,
            "unreported": s.unreported,
            "cases_recorded": s.cases_recorded,
            "replaced": s.replaced,
            "sources": _short_sources(s.sources),
        }
        for s in snapshots
    ]
    write_dicts(args.format, rows)
    return 0


def _short_sources(sources: tuple[str, ...]) -> str:
    """The files a month was read from, short enough for a table: their count and the first names."""
    names = [Path(s.replace("\\", "/")).name or s for s in sources]
    shown = "、".join(names[:2])
    return f"{len(names)}: {shown}" + (f" … (+{len(names) - 2})" if len(names) > 2 else "")


def _bulletin_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = args.out.suffix.lower() if args.out else ""
    return {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}.get(suffix, "docx")


def cmd_bulletin(args: argparse.Namespace) -> int:
    profile = get_profile(args)
    fmt = _bulletin_format(args)
    if fmt == "docx" and args.out is None:
        raise CliError("a Word document needs a file: give --out BULLETIN.docx (or --format html or markdown)")
    settings = BulletinSettings.load(args.settings) if args.settings else BulletinSettings()
    settings = settings.but(
        issuer=args.issuer,
        number=args.number,
        to=args.to,
        cc=args.cc,
        issued_on=args.issued_on,
        masthead=args.masthead,
    )
    bulletin = month_bulletin(
        _store(args), profile, args.month, bottom=args.bottom, rank_by=args.rank_by, settings=settings,
        version=__version__,
    )  # fmt: skip
    if fmt == "docx":
        write_bulletin_docx(bulletin, args.out)
    else:
        text = render_html(bulletin) if fmt == "html" else render_markdown(bulletin)
        if args.out is None:
            sys.stdout.write(text)
            return 0
        args.out.write_text(text, "utf-8")
    print(_("Wrote {path}").format(path=args.out), file=sys.stderr)
    return 0
