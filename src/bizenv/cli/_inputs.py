"""Options and checks shared by the commands that read input files: the file itself, its sheet, encoding,
delimiter and column names, the zone of its times, the as-of time and the output file. Each argument is
checked once, when the command starts: a wrong one is one line on stderr and exit code 2, never a
rejection repeated on every row."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any, TypeVar

from bizenv.errors import InputError
from bizenv.i18n import _
from bizenv.inputs import FIELDS, Read, parse_column_mapping
from bizenv.inputs.readers import Kind, check_columns
from bizenv.inputs.sheets import check_path
from bizenv.inputs.values import ValueProblem, zone_info
from bizenv.textfile import ENCODINGS

T = TypeVar("T")


def input_file(text: str) -> Path:
    """argparse type: an existing file of a type bizenv reads."""
    try:
        return check_path(text)
    except InputError as exc:
        raise argparse.ArgumentTypeError(exc.translated()) from None


def zone_name(text: str) -> str:
    """argparse type: an IANA time zone."""
    try:
        zone_info(text)
    except ValueProblem as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def aware_datetime(text: str) -> dt.datetime:
    """argparse type: an ISO 8601 date-time with its zone (2025-07-01T00:00+08:00)."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not an ISO 8601 date-time (2025-07-01T00:00+08:00)").format(text=text)
        ) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise argparse.ArgumentTypeError(
            _("{text!r} has no time zone; write it with its offset, e.g. {example}+08:00 for Beijing time").format(
                text=text, example=moment.isoformat()
            )
        )
    return moment


def iso_date(text: str) -> dt.date:
    """argparse type: a date YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a date (YYYY-MM-DD)").format(text=text)) from None


def output_file(text: str) -> Path:
    """argparse type: a file that can be written (its folder exists and is writable; it is not a folder)."""
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(_("{path} is a folder; give a file name").format(path=path))
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(_("{folder} does not exist").format(folder=folder))
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise argparse.ArgumentTypeError(_("{path} cannot be written").format(path=path))
    return path


def columns_mapping(text: str) -> dict[str, str]:
    """argparse type: ``header=field,header=field``."""
    try:
        return parse_column_mapping(text)
    except InputError as exc:
        raise argparse.ArgumentTypeError(exc.translated()) from None


def add_file_options(parser: argparse.ArgumentParser, *, sheet: bool = True, zone: bool = False) -> None:
    """The options that say how to read the input files."""
    group = parser.add_argument_group(_("reading the input files (see docs/your-files.md)"))
    if sheet:
        group.add_argument("--sheet", metavar="NAME", help=_("read only this sheet of a workbook (default: every "
                           "visible sheet with the expected columns)"))  # fmt: skip
    group.add_argument(
        "--columns",
        type=columns_mapping,
        default={},
        metavar="MAP",
        help=_("your column names for the fields, e.g. '收件编号=case_id,县区=sub_unit'"),
    )
    group.add_argument(
        "--encoding", choices=ENCODINGS, help=_("text encoding of CSV files (default: decided from the file)")
    )
    group.add_argument("--delimiter", metavar="CHAR", help=_("delimiter of CSV files (default: sniffed: , ; tab |)"))
    if zone:
        group.add_argument(
            "--zone",
            type=zone_name,
            metavar="ZONE",
            help=_(
                "time zone of times written without one (Excel date cells have none): Asia/Shanghai for Beijing "
                "time, Asia/Urumqi for Xinjiang time"
            ),
        )


def columns_for(args: argparse.Namespace, kind: Kind, reads: Collection[Kind] = ()) -> dict[str, str]:
    """The ``--columns`` entries for the ``kind`` file of a command that reads files of the kinds ``reads``:
    an entry naming a field of none of them is an error; one for another of them is that file's."""
    check_columns(args.columns, reads or (kind,))
    fields = {f.name for f in FIELDS[kind]}
    return {header: field for header, field in args.columns.items() if field in fields}


def read_input(
    args: argparse.Namespace,
    kind: Kind,
    reader: Callable[..., Read[T]],
    path: Path,
    reads: Collection[Kind] = (),
    **extra: Any,
) -> Read[T]:
    """Read one input file with the command's options (``reads``: the kinds of every file the command reads)."""
    mapping = columns_for(args, kind, reads)
    result = reader(
        path,
        columns=mapping,
        sheet=getattr(args, "sheet", None),
        encoding=args.encoding,
        delimiter=args.delimiter,
        **extra,
    )
    print(_("bizenv: read {description}").format(description=result.info.describe()), file=sys.stderr)
    return result


def nothing_judged(kind: str, read_rows: int, rejected: Sequence[object]) -> bool:
    """True (and says so on stderr) when the input had rows but every one was rejected."""
    if read_rows and len(rejected) >= read_rows:
        print(
            _("bizenv: error: no row of the {kind} file could be judged: all {count} were rejected").format(
                kind=kind, count=len(rejected)
            ),
            file=sys.stderr,
        )
        return True
    return False


__all__ = [
    "add_file_options",
    "aware_datetime",
    "columns_for",
    "columns_mapping",
    "input_file",
    "iso_date",
    "nothing_judged",
    "output_file",
    "read_input",
    "zone_name",
]
