"""A unit's ledger template filled in as the unit would, for the tests: the columns are the template's own
(``bizenv.cycle.templates.COLUMNS``), so a test never writes them by number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import openpyxl

from bizenv.cycle.templates import COLUMNS, TITLE_ROWS

#: The spreadsheet column (1-based) of each of the template's columns.
COLUMN = {key: number for number, (key, _width, _filled) in enumerate(COLUMNS, start=1)}


def fill_template(
    path: Path, answers: Mapping[str, tuple[str, dt.date | None]], *, note: str = "", filled_by: str = ""
) -> Path:
    """Write a status (and completion date, and ``note``) on the lines whose id ``answers`` names; ``filled_by``
    on the sign-off line (填报人). The workbook is saved where it is."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[1]
    for (cell,) in sheet.iter_rows(min_row=TITLE_ROWS + 2, max_col=1):
        if cell.value in answers:
            status, day = answers[str(cell.value)]
            sheet.cell(cell.row, COLUMN["status"], status)
            sheet.cell(cell.row, COLUMN["completed_on"], day)
            if note:
                sheet.cell(cell.row, COLUMN["note"], note)
    if filled_by:
        sheet.cell(4, 2, filled_by)
    book.save(path)
    return path
