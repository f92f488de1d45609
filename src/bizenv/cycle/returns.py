"""The month's returns: the ledgers units send back, each read as the ledger reader reads any file, and each known
by what it says it is.

A template made by ``bizenv ledger template`` carries its region, unit and month in a hidden sheet (and the unit
in the visible 填报单位 line), so which unit a return comes from is read from the workbook, never from its file
name: files can be renamed or sorted any way. A return for another region is refused with one message. A file
that names no unit (a CSV, a ledger the office put together itself) is a consolidated ledger (汇总台账): its lines
speak for the item as a lead's would. How the lines are put together is :func:`bizenv.cycle.merge_returns`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from bizenv import progress
from bizenv.cycle.templates import (
    FILLED_BY_LABEL,
    FILLED_ON_LABEL,
    META_FORMAT,
    META_SHEET,
    PHONE_LABEL,
    REVIEWER_LABEL,
    TITLE_ROWS,
    UNIT_LABEL,
)
from bizenv.errors import InputError, NotFoundError
from bizenv.i18n import Message, message
from bizenv.inputs import FIELDS, ReadInfo, read_ledger
from bizenv.inputs.columns import find_header
from bizenv.inputs.sheets import SPREADSHEET_SUFFIXES, SUFFIXES, Sheet, spreadsheet_sheets
from bizenv.model import RegionProfile
from bizenv.records import LedgerRow, Rejection


@attrs.frozen(slots=True)
class ReturnInfo:
    """One return (a file, or one unit's sheet of a workbook): who sent it and for what, as the workbook says.

    ``unit`` is None for a return that names no unit (a consolidated ledger). ``template_month`` is the month the
    template was made for (YYYY-MM), None when the file was not made from a template. The sign-off lines
    (填报人, 联系电话, 审核人, 填报日期) are as the unit wrote them, empty when left blank."""

    #: The file's name (and sheet), without its folder: what a bulletin may show.
    name: str
    #: The path as given, for messages to the office.
    path: str
    unit: str | None
    region: str | None = None
    template_month: str | None = None
    filled_by: str = ""
    phone: str = ""
    reviewer: str = ""
    filled_on: str = ""
    #: Where the unit was read from: the template's hidden sheet, the visible 填报单位 line, or nowhere.
    unit_from: str = "none"


@attrs.frozen(slots=True)
class ReturnLine:
    """A ledger line as a unit sent it: the line, and the return it came in (``returns[index]``)."""

    row: LedgerRow
    index: int


@attrs.frozen(slots=True)
class Returns:
    """The lines of the month's returned ledgers, each with the return it came in, the rows the reader refused,
    and how each file was read."""

    lines: tuple[ReturnLine, ...]
    returns: tuple[ReturnInfo, ...]
    rejections: tuple[Rejection, ...]
    reads: tuple[ReadInfo, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        """The files (and sheets) read, by name (without their folders)."""
        return tuple(r.name for r in self.returns)

    @property
    def rows(self) -> tuple[LedgerRow, ...]:
        """Every line as sent, in the order read (before they are put together)."""
        return tuple(line.row for line in self.lines)

    def unit_of(self, line: ReturnLine) -> str | None:
        """The unit that sent ``line`` (None: a consolidated ledger)."""
        return self.returns[line.index].unit


def ledger_files(paths: Iterable[Path]) -> list[Path]:
    """The files to read: each file given, and the readable files of each folder given (Office's ``~$`` lock files
    and hidden files left out). Their order does not matter: a return is known by its content."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", "."))
            )
            if not found:
                raise InputError("the folder holds no ledger file (.xlsx, .xls, .csv …)", source=str(path))
            files += found
        else:
            files.append(path)
    return files


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _cells(rows: Iterable[tuple[int, Sequence[Any]]], limit: int) -> list[list[str]]:
    out: list[list[str]] = []
    for number, cells in rows:
        if number > limit:
            break
        out.append([_text(getattr(c, "value", c)) for c in cells])
    return out


def _metadata(rows: list[list[str]]) -> tuple[dict[str, str], dict[str, str]]:
    """The hidden sheet's keys and values, and its sheet → unit rows."""
    keys: dict[str, str] = {}
    sheets: dict[str, str] = {}
    for row in rows:
        if len(row) >= 3 and row[0] == "sheet":
            sheets[row[1]] = row[2]
        elif len(row) >= 2 and row[0]:
            keys[row[0]] = row[1]
    return keys, sheets


def _signoff(rows: list[list[str]]) -> dict[str, str]:
    """The labelled lines above the header (填报单位: …, 填报人: …): label → the next cell with text."""
    found: dict[str, str] = {}
    labels = {UNIT_LABEL, FILLED_ON_LABEL, FILLED_BY_LABEL, PHONE_LABEL, REVIEWER_LABEL}
    for row in rows:
        for index, cell in enumerate(row):
            label = cell.rstrip("：: ")
            if label in labels and label not in found:
                rest = [c for c in row[index + 1 :] if c]
                found[label] = rest[0] if rest and rest[0].rstrip("：: ") not in labels else ""
    return found


def _unit(profile: RegionProfile | None, name: str, path: Path) -> str:
    if profile is None:
        return name
    try:
        return profile.resolve_unit(name)
    except NotFoundError:
        raise InputError(
            f"the return says it is from {name!r}, which region {profile.id} has no unit of that name", source=str(path)
        ) from None


def _workbook_returns(
    path: Path, profile: RegionProfile | None, all_sheets: bool, sheet: str | None
) -> list[tuple[Path | Sheet, ReturnInfo]]:
    """The ledger sheets of a workbook to read, each with the return it is."""
    sheets = spreadsheet_sheets(path)
    meta_rows = next((_cells(rows, 200) for name, _v, rows in sheets if name == META_SHEET), None)
    keys, units = _metadata(meta_rows) if meta_rows is not None else ({}, {})
    if meta_rows is not None and keys.get("format") != META_FORMAT:
        keys, units = {}, {}
    region = keys.get("region")
    if profile is not None and region and region != profile.id:
        named = keys.get("region_name", "")
        raise InputError(
            f"a ledger template of region {region} ({named}), not of {profile.id}; a return for another region is "
            "not recorded",
            source=str(path),
        )
    ledger_sheets: list[tuple[str, Iterable[tuple[int, Sequence[Any]]]]] = []
    passed: list[Message] = []
    for name, visible, rows in sheets:
        if name == META_SHEET or (sheet is not None and name != sheet):
            continue
        if not visible:
            passed.append(message("hidden sheet {name!r} not read", name=name))
        elif name in units or find_header(Sheet(f"{path}[{name}]", rows, sheet=name), FIELDS["ledger"], {})[0]:
            ledger_sheets.append((name, rows))
        else:
            passed.append(message("sheet {name!r} has no header with the columns; not read", name=name))
    if not ledger_sheets:
        raise InputError("no visible sheet has the ledger's columns (措施编号 …)", source=str(path))
    several = all_sheets or len(units) > 1
    if not several:
        # Never silently the first: a further sheet with the ledger's columns is named.
        passed += [
            message("sheet {name!r} has the columns too; not read (give --all-sheets)", name=name)
            for name, _rows in ledger_sheets[1:]
        ]
        ledger_sheets = ledger_sheets[:1]
    out: list[tuple[Path | Sheet, ReturnInfo]] = []
    for name, rows in ledger_sheets:
        signoff = _signoff(_cells(rows, TITLE_ROWS + 2))
        written = units.get(name) or (keys.get("unit") if len(units) <= 1 else None)
        unit_from = "template"
        if not written and signoff.get(UNIT_LABEL):
            written, unit_from = signoff[UNIT_LABEL], "line"
        label = f"{path.name}[{name}]" if several else path.name
        # The sheet is read from the workbook opened above: each return is opened once.
        info = ReturnInfo(
            name=label,
            path=str(path),
            unit=_unit(profile, written, path) if written else None,
            region=region or None,
            template_month=keys.get("month") or None,
            filled_by=signoff.get(FILLED_BY_LABEL, ""),
            phone=signoff.get(PHONE_LABEL, ""),
            reviewer=signoff.get(REVIEWER_LABEL, ""),
            filled_on=signoff.get(FILLED_ON_LABEL, ""),
            unit_from=unit_from if written else "none",
        )
        out.append((Sheet(f"{path}[{name}]", rows, sheet=name, passed_over=list(passed)), info))
    return out


def read_returns(
    paths: Sequence[Path],
    profile: RegionProfile | None = None,
    *,
    all_sheets: bool = False,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> Returns:
    """Read every returned ledger (files, or folders of them), each with the return it is (see the module).

    A workbook is read as the ledger reader reads it (every visible sheet with the ledger's columns, or
    ``sheet``); a template with a sheet per unit (``bizenv ledger template --one-workbook``) and, with
    ``all_sheets``, any workbook, has every visible sheet with the columns read, each on its own (its sheets may
    differ in columns). With ``profile``, a template of another region is refused and unit names are resolved. A
    file that cannot be read is an :class:`~bizenv.errors.InputError` naming it: a month is recorded from all its
    returns or not at all.
    """
    lines: list[ReturnLine] = []
    returns: list[ReturnInfo] = []
    rejected: list[Rejection] = []
    reads: list[ReadInfo] = []
    files = ledger_files(paths)
    for done, path in enumerate(files):
        progress.report(done, len(files))
        if path.suffix.lower() in SPREADSHEET_SUFFIXES:
            parts = _workbook_returns(path, profile, all_sheets, sheet)
        else:
            parts = [(path, ReturnInfo(name=path.name, path=str(path), unit=None))]
        for source, info in parts:
            read = read_ledger(
                source, columns=columns, sheet=sheet if isinstance(source, Path) else None, encoding=encoding,
                delimiter=delimiter,
            )  # fmt: skip
            index = len(returns)
            returns.append(info)
            lines += [ReturnLine(row, index) for row in read.records]
            rejected += read.rejections
            reads.append(read.info)
    progress.report(len(files), len(files))
    return Returns(tuple(lines), tuple(returns), tuple(rejected), tuple(reads))


def join_returns(parts: Sequence[Returns]) -> Returns:
    """Returns read apart, as one: the same as :func:`read_returns` of their files in this order (a program that
    keeps each return as read, a service, need not read them all again)."""
    lines: list[ReturnLine] = []
    returns: list[ReturnInfo] = []
    rejected: list[Rejection] = []
    reads: list[ReadInfo] = []
    for part in parts:
        lines += [ReturnLine(line.row, line.index + len(returns)) for line in part.lines]
        returns += part.returns
        rejected += part.rejections
        reads += part.reads
    return Returns(tuple(lines), tuple(returns), tuple(rejected), tuple(reads))


__all__ = ["ReturnInfo", "ReturnLine", "Returns", "join_returns", "ledger_files", "read_returns"]
