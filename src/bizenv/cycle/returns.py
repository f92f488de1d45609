"""The month's returns: the ledgers units send back, read as the ledger reader reads any file, and put together.

Several units report on one item when they share it (a lead and a responsible unit). Put together: a line left
as sent yields to a line that reports; lines that agree (the same status word class and completion date) are one,
their notes joined; lines that disagree are all kept, and the tracker keeps the first and rejects the others with
where the first is, so the 营商办 sees the disagreement instead of a silent choice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import attrs

from bizenv.errors import InputError
from bizenv.evaluate.deadlines import DONE_WORDS
from bizenv.i18n import Message, message
from bizenv.inputs import FIELDS, ReadInfo, read_ledger
from bizenv.inputs.columns import find_header
from bizenv.inputs.sources import SPREADSHEET_SUFFIXES, SUFFIXES, Sheet, spreadsheet_sheets
from bizenv.records import LedgerRow, Rejection


@attrs.frozen(slots=True)
class Returns:
    """The lines of the month's returned ledgers put together, the rows refused, how each file was read, and what
    was merged."""

    rows: tuple[LedgerRow, ...]
    rejections: tuple[Rejection, ...]
    reads: tuple[ReadInfo, ...]
    #: One line per item reported alike in several files, or left blank in one and reported in another.
    merged: tuple[Message, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        """The files (and sheets) read."""
        return tuple(r.source for r in self.reads)


def ledger_files(paths: Iterable[Path]) -> list[Path]:
    """The files to read: each file given, and the readable files of each folder given (in name order; Office's
    ``~$`` lock files and hidden files left out)."""
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


def _ledger_sheets(path: Path) -> list[Sheet]:
    """The visible sheets of a workbook with the ledger's columns (a 说明 cover sheet has none), the workbook
    opened once for all of them."""
    found = []
    for name, visible, rows in spreadsheet_sheets(path):
        sheet = Sheet(f"{path}[{name}]", rows, sheet=name)
        if visible and find_header(sheet, FIELDS["ledger"], {})[0] is not None:
            found.append(sheet)
    return found


def _unreported(row: LedgerRow) -> bool:
    return not row.status.strip() and row.completed_on is None and not row.note.strip()


def _done(row: LedgerRow) -> bool:
    return row.status.strip().lower() in DONE_WORDS


def combine(rows: Sequence[LedgerRow]) -> tuple[list[LedgerRow], list[Message]]:
    """The lines put together (see the module's description), in the order first seen, and what was merged."""
    by_id: dict[str, list[LedgerRow]] = {}
    for row in rows:
        by_id.setdefault(row.measure_id.strip(), []).append(row)
    out: list[LedgerRow] = []
    merged: list[Message] = []
    for item_id, lines in by_id.items():
        if len(lines) == 1:
            out += lines
            continue
        reported = [r for r in lines if not _unreported(r)]
        if not reported:
            out.append(lines[0])
            continue
        if len(reported) < len(lines):
            blank = ", ".join(str(r.origin) for r in lines if _unreported(r))
            merged.append(
                message("{item}: left blank in {blank}, reported in {reported}", item=item_id, blank=blank,
                        reported=str(reported[0].origin))
            )  # fmt: skip
        verdicts = {(_done(r), r.completed_on) for r in reported}
        if len(verdicts) > 1:
            out += reported  # the tracker keeps the first and rejects the others, naming the first
            continue
        notes = list(dict.fromkeys(r.note.strip() for r in reported if r.note.strip()))
        if len(reported) > 1:
            alike = ", ".join(str(r.origin) for r in reported)
            merged.append(message("{item}: reported alike in {sources}", item=item_id, sources=alike))
        out.append(attrs.evolve(reported[0], note="; ".join(notes)))
    return out, merged


def read_returns(
    paths: Sequence[Path],
    *,
    all_sheets: bool = False,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> Returns:
    """Read every returned ledger (files, or folders of them) and put the lines together.

    A workbook is read as the ledger reader reads it (every visible sheet with the ledger's columns, or
    ``sheet``); with ``all_sheets``, every visible sheet with the columns, each read on its own (a workbook with
    a sheet per unit, as ``bizenv ledger template --one-workbook`` makes, whose sheets may differ in columns).
    A file that cannot be read is an :class:`~bizenv.errors.InputError` naming it: a month is recorded from all
    its returns or not at all.
    """
    rows: list[LedgerRow] = []
    rejected: list[Rejection] = []
    reads: list[ReadInfo] = []
    for path in ledger_files(paths):
        spreadsheet = path.suffix.lower() in SPREADSHEET_SUFFIXES
        sources: list[Path | Sheet] = [*_ledger_sheets(path)] if all_sheets and spreadsheet else [path]
        if not sources:
            raise InputError("no visible sheet has the ledger's columns (措施编号 …)", source=str(path))
        for source in sources:
            read = read_ledger(source, columns=columns, sheet=sheet, encoding=encoding, delimiter=delimiter)
            rows += read.records
            rejected += read.rejections
            reads.append(read.info)
    combined, merged = combine(rows)
    return Returns(tuple(combined), tuple(rejected), tuple(reads), tuple(merged))


__all__ = ["Returns", "combine", "ledger_files", "read_returns"]
