"""Ledger templates: the workbook the 营商办 sends each unit, which comes back filled in and is read as it is.

Each unit gets a 说明 sheet (how to fill it in) and a ledger sheet: one line per measure or dated target the unit
holds a role in, with its id (stored as text, so 48.10 stays 48.10), what to do, the unit's roles, the due date
and the days left. The columns the unit fills in (status from a drop-down list of words the tracker reads,
completion date, note) are unlocked; the rest of the sheet is protected (no password: it guards against slips, not
people). The headers of the filled-in columns are the Chinese names the ledger reader knows (措施编号, 状态, 完成日期,
备注), in every locale, so a returned file reads back with ``bizenv deadlines --ledger`` or ``bizenv ledger
record``; a line left as sent is "not reported", never a rejected row.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bizenv.cycle import vocabulary as words
from bizenv.cycle.tasks import UnitTask
from bizenv.errors import BizenvError
from bizenv.i18n import _, get_locale
from bizenv.layout import display_width
from bizenv.model import RegionProfile

#: Names of the columns a unit fills in, as the ledger reader knows them (docs/your-files.md).
ID_HEADER, STATUS_HEADER, DATE_HEADER, NOTE_HEADER = "措施编号", "状态", "完成日期", "备注"
#: The cover sheet's name (the reader passes a 说明 sheet over), and a single unit's ledger sheet's.
COVER_SHEET, LEDGER_SHEET = "说明", "台账"
#: Rows above the header: a title, a line saying the date and how to fill it in, the 填报单位 / 填报日期 line and
#: the 填报人 / 联系电话 / 审核人 line (the last two filled in by the unit and read back with the return).
TITLE_ROWS = 4
#: The labels of the return's sign-off lines, as a 台账 carries them (the reader finds them by these words).
UNIT_LABEL, FILLED_ON_LABEL, FILLED_BY_LABEL, PHONE_LABEL, REVIEWER_LABEL = (
    "填报单位",
    "填报日期",
    "填报人",
    "联系电话",
    "审核人",
)
#: The hidden sheet that says which region, unit and month a template is for, so a returned file is known by its
#: content, never by its file name. Rows: key, value (and for a workbook of several units: ``sheet``, name, unit).
META_SHEET = "_bizenv"
META_FORMAT = "bizenv ledger template"
META_VERSION = "1"
#: Characters Windows refuses in a file name, and names it reserves for devices.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
)
#: The longest file name stem, in UTF-8 bytes: file systems allow 255, and a name must leave room for a suffix.
MAX_STEM_BYTES = 180
#: Excel's limit on the length of a sheet name, and the characters it refuses in one.
_SHEET_LIMIT = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class TemplateError(BizenvError):
    """A ledger template that cannot be written (the file exists, the extra is missing)."""


def safe_filename(stem: str, suffix: str = ".xlsx") -> str:
    """``stem`` + ``suffix`` as a file name Windows, macOS and Linux all accept: characters Windows refuses become
    ``_``, no trailing dot or space, no device name (CON, COM1 …), at most :data:`MAX_STEM_BYTES` bytes of UTF-8.
    Chinese names are kept as they are."""
    name = _FORBIDDEN.sub("_", unicodedata.normalize("NFC", stem)).strip()
    name = name.rstrip(". ") or "_"
    if name.split(".")[0].upper() in _RESERVED:
        name = "_" + name
    while len(name.encode("utf-8")) > MAX_STEM_BYTES:
        name = name[:-1]
    return name.rstrip(". ") + suffix


def _unique(names: Sequence[str]) -> list[str]:
    """The names, each made unique (case-insensitively, as Windows compares) with a -2, -3 … before the suffix."""
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
        candidate, n = name, 1
        while candidate.casefold() in seen:
            n += 1
            candidate = f"{stem}-{n}{dot}{suffix}"
        seen.add(candidate.casefold())
        out.append(candidate)
    return out


def sheet_name(unit: str) -> str:
    """A unit's name as an Excel sheet name: characters Excel refuses replaced, at most 31 characters."""
    name = _SHEET_FORBIDDEN.sub("_", unit).strip("'") or "_"
    return name[:_SHEET_LIMIT]


def _sheet_names(units: Sequence[str]) -> list[str]:
    names: list[str] = []
    seen: set[str] = {COVER_SHEET.casefold()}
    for unit in units:
        base = sheet_name(unit)
        candidate, n = base, 1
        while candidate.casefold() in seen:
            n += 1
            tail = f"-{n}"
            candidate = base[: _SHEET_LIMIT - len(tail)] + tail
        seen.add(candidate.casefold())
        names.append(candidate)
    return names


def template_filename(profile: RegionProfile, unit: str, as_of: dt.date) -> str:
    """The file name of a unit's template: ``<region>-<unit>-<date>.xlsx``, safe on Windows."""
    return safe_filename(f"{profile.id}-{unit}-{as_of.isoformat()}")


def _xlsxwriter() -> Any:
    try:
        import xlsxwriter
    except ImportError:
        raise TemplateError("ledger templates need xlsxwriter: pip install 'bizenv[cycle]'") from None
    return xlsxwriter


def _sheet_label(chinese: str, label: str) -> str:
    # The Chinese sheet name stays (offices know 说明 and 台账); other locales add their word after it.
    return chinese if get_locale() == "zh_Hans" else f"{chinese} {label}"[:_SHEET_LIMIT]


def _header(chinese: str, label: str) -> str:
    # The reader takes a header with a bracketed note after the name, so other locales keep the Chinese name.
    return chinese if get_locale() == "zh_Hans" else f"{chinese}（{label}）"


class _Formats:
    def __init__(self, book: Any) -> None:
        base = {"font_name": "SimSun", "font_size": 10, "valign": "top", "border": 1, "border_color": "#9AA5B1"}
        locked = base | {"bg_color": "#F2F4F7"}
        self.title = book.add_format({"font_name": "SimHei", "font_size": 14, "bold": True})
        self.subtitle = book.add_format({"font_name": "SimSun", "font_size": 10, "italic": True, "text_wrap": True})
        self.header = book.add_format(
            locked | {"bold": True, "bg_color": "#DCE6F1", "text_wrap": True, "align": "center", "valign": "vcenter"}
        )
        self.fill_header = book.add_format(
            locked | {"bold": True, "bg_color": "#FFF2CC", "text_wrap": True, "align": "center", "valign": "vcenter"}
        )
        self.id = book.add_format(locked | {"num_format": "@"})
        self.text = book.add_format(locked | {"text_wrap": True})
        self.date = book.add_format(locked | {"num_format": "yyyy-mm-dd", "align": "center"})
        self.days = book.add_format(locked | {"num_format": "0", "align": "center"})
        self.late = book.add_format(locked | {"num_format": "0", "align": "center", "font_color": "#C0392B"})
        self.open_text = book.add_format(base | {"locked": False, "text_wrap": True})
        self.open_status = book.add_format(base | {"locked": False, "align": "center"})
        self.open_date = book.add_format(base | {"locked": False, "num_format": "yyyy-mm-dd", "align": "center"})
        self.label = book.add_format(locked | {"bold": True, "align": "center", "valign": "vcenter"})
        self.cover_title = book.add_format({"font_name": "SimHei", "font_size": 14, "bold": True})
        self.cover = book.add_format({"font_name": "SimSun", "font_size": 11, "text_wrap": True, "valign": "top"})
        self.cover_bold = book.add_format(
            {"font_name": "SimSun", "font_size": 11, "bold": True, "text_wrap": True, "valign": "top"}
        )


#: The width of the 说明 sheet's text column, in characters: what an A4 page in portrait holds.
COVER_WIDTH = 72
#: The columns of the ledger sheet: key, width (characters), whether the unit fills it in.
COLUMNS: tuple[tuple[str, float, bool], ...] = (
    ("id", 9, False),  # widened to the region's longest id (id_width)
    ("kind", 6, False),
    ("task", 58, False),
    ("roles", 14, False),
    ("due", 11, False),
    ("due_from", 13, False),
    ("days_left", 8, False),
    ("status", 10, True),
    ("completed_on", 12, True),
    ("note", 28, True),
)


def _headers() -> list[str]:
    return [
        _header(ID_HEADER, _("id")),
        _("kind"),
        _("Task"),
        _("Role of the unit"),
        _("deadline"),
        _("due from"),
        _("Days left"),
        _header(STATUS_HEADER, _("status")),
        _header(DATE_HEADER, _("completed on")),
        _header(NOTE_HEADER, _("Note")),
    ]


def _row_height(text: str, width: float) -> float:
    # Excel and LibreOffice keep the default height for rows written by a program, so a wrapped text would show
    # one line: the row is made as tall as the text needs (a CJK character is two columns wide).
    lines = max(1, -(-display_width(text) // max(int(width) - 1, 1)))
    return min(15.0 * lines, 409.0)


def _ledger_sheet(
    book: Any,
    fmt: _Formats,
    name: str,
    profile: RegionProfile,
    unit: str,
    tasks: Sequence[UnitTask],
    as_of: dt.date,
    return_by: dt.date | None,
    id_chars: float = 0,
) -> None:
    sheet = book.add_worksheet(name)
    last_col = len(COLUMNS) - 1
    region = profile.region.names.get(get_locale())
    sheet.merge_range(
        0, 0, 0, last_col, _("{region} business-environment tasks: progress ledger of {unit}").format(
            region=region, unit=unit
        ), fmt.title
    )  # fmt: skip
    line = _("Days left are counted at {date}; negative: days past due. Fill in the yellow columns only.").format(
        date=as_of.isoformat()
    )
    if return_by is not None:
        line += " " + _("Return the file by {date}.").format(date=return_by.isoformat())
    sheet.merge_range(1, 0, 1, last_col, line, fmt.subtitle)
    sheet.set_row(0, 24)
    sheet.set_row(1, 30)
    # The sign-off lines of a 台账: the unit (written, locked), and what the unit fills in (unlocked, yellow).
    sheet.write_string(2, 0, UNIT_LABEL, fmt.label)
    sheet.merge_range(2, 1, 2, 3, unit, fmt.text)
    sheet.write_string(2, 4, FILLED_ON_LABEL, fmt.label)
    sheet.write_blank(2, 5, None, fmt.open_date)
    for col, label in ((0, FILLED_BY_LABEL), (4, PHONE_LABEL), (7, REVIEWER_LABEL)):
        sheet.write_string(3, col, label, fmt.label)
    sheet.merge_range(3, 1, 3, 3, "", fmt.open_text)
    sheet.merge_range(3, 5, 3, 6, "", fmt.open_text)
    sheet.merge_range(3, 8, 3, 9, "", fmt.open_text)
    sheet.set_row(2, 20)
    sheet.set_row(3, 20)
    widths = {"id": id_chars} if id_chars else {}
    for col, ((key, width, fill), heading) in enumerate(zip(COLUMNS, _headers(), strict=True)):
        width = widths.get(key, width)
        sheet.set_column(col, col, width)
        sheet.write_string(TITLE_ROWS, col, heading, fmt.fill_header if fill else fmt.header)
    sheet.set_row(TITLE_ROWS, 32)
    kinds = {"measure": _("measure"), "target": _("target"), "milestone": _("milestone")}
    for offset, task in enumerate(tasks):
        row = TITLE_ROWS + 1 + offset
        sheet.write_string(row, 0, task.id, fmt.id)
        sheet.write_string(row, 1, kinds[task.kind], fmt.text)
        sheet.write_string(row, 2, task.text, fmt.text)
        sheet.write_string(row, 3, words.roles(task.roles), fmt.text)
        if task.due is not None:
            sheet.write_datetime(row, 4, dt.datetime.combine(task.due.date, dt.time()), fmt.date)
            sheet.write_string(row, 5, words.due_source(task.due.source), fmt.text)
        else:
            sheet.write_blank(row, 4, None, fmt.date)
            sheet.write_blank(row, 5, None, fmt.text)
        if task.days_left is not None:
            sheet.write_number(row, 6, task.days_left, fmt.late if task.days_left < 0 else fmt.days)
        else:
            sheet.write_blank(row, 6, None, fmt.days)
        sheet.write_blank(row, 7, None, fmt.open_status)
        sheet.write_blank(row, 8, None, fmt.open_date)
        sheet.write_blank(row, 9, None, fmt.open_text)
        wrapped = (
            (task.text, 2),
            (words.roles(task.roles), 3),
            (words.due_source(task.due.source) if task.due else "", 5),
        )
        sheet.set_row(row, max(_row_height(text, COLUMNS[col][1]) for text, col in wrapped))
    first, last = TITLE_ROWS + 1, TITLE_ROWS + max(len(tasks), 1)
    done, in_progress, not_started = words.template_statuses()
    sheet.data_validation(
        first, 7, last, 7,
        {
            "validate": "list",
            "source": [done, in_progress, not_started],
            "ignore_blank": True,
            "input_title": _("Status")[:32],
            "input_message": _("Pick one; leave it blank if there is nothing to report.")[:255],
            "error_title": _("Status")[:32],
            "error_message": _("Pick a status from the list: {words}.").format(
                words=", ".join((done, in_progress, not_started))
            )[:255],
        },
    )  # fmt: skip
    sheet.data_validation(
        first, 8, last, 8,
        {
            "validate": "date",
            "criteria": "between",
            "minimum": dt.date(2000, 1, 1),
            "maximum": dt.date(2100, 12, 31),
            "ignore_blank": True,
            "input_message": _("The day it was done (YYYY-MM-DD), only for a done item.")[:255],
            "error_message": _("Write a date such as {example}.").format(example=as_of.isoformat())[:255],
        },
    )  # fmt: skip
    sheet.freeze_panes(TITLE_ROWS + 1, 1)
    sheet.autofilter(TITLE_ROWS, 0, last, last_col)
    sheet.protect(
        "",
        {
            "autofilter": True,
            "format_columns": True,
            "format_rows": True,
            "select_locked_cells": True,
            "select_unlocked_cells": True,
        },
    )
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(TITLE_ROWS, TITLE_ROWS)
    sheet.set_footer("&C&P / &N")
    if get_locale() == "ug":
        sheet.right_to_left()


def _cover_sheet(
    book: Any, fmt: _Formats, profile: RegionProfile, units: Sequence[str], as_of: dt.date, return_by: dt.date | None
) -> None:
    sheet = book.add_worksheet(_sheet_label(COVER_SHEET, _("Instructions")))
    sheet.set_column(0, 0, COVER_WIDTH)
    region = profile.region.names.get(get_locale())
    done, in_progress, not_started = words.template_statuses()
    lines: list[tuple[str, bool]] = [
        (_("{region} business-environment tasks: how to fill in this ledger").format(region=region), True),
        (_("For: {units}").format(units="、".join(units)), False),
        (_("Task list as of {date}.").format(date=as_of.isoformat()), False),
        (_("How to fill it in"), True),
        (
            _("1. Each line is one measure or dated target your unit holds a role in. Fill in only the yellow "
              "columns: status, completion date, note. The other columns are locked."),
            False,
        ),
        (
            _("2. Status: pick {done} when the item is done, {in_progress} when work is under way, {not_started} "
              "when it has not begun.").format(done=done, in_progress=in_progress, not_started=not_started),
            False,
        ),
        (_("3. Completion date: the day it was done (YYYY-MM-DD), only for a done item."), False),
        (_("4. Note: progress, problems, or why it is late."), False),
        (
            _("5. A line left blank means nothing reported this month; it is counted as not done. A heading whose "
              "sub-measures are listed may be left blank: it follows its sub-measures."),
            False,
        ),
        (
            _("6. Do not change the ids, add or delete lines, rename the columns or the sheets. Save as .xlsx "
              "(WPS: save as Excel .xlsx) and send the file back over the office system."),
            False,
        ),
        (_("Roles"), True),
        (
            _("{lead}: the unit leads the item. {area_lead}: the unit leads the area the item is in, and answers for "
              "it. {responsible}: the unit is responsible for it. {cooperating}: the unit helps; the lead reports.")
            .format(**{code: words.role(code) for code in ("lead", "area_lead", "responsible", "cooperating")}),
            False,
        ),
        (
            _("Deadline: the item's own 完成时限 or target date; where it has none, the date it is taken from "
              "(column: due from). Days left: counted at {date}; negative: days past due.").format(
                date=as_of.isoformat()
            ),
            False,
        ),
    ]  # fmt: skip
    if return_by is not None:
        lines.insert(3, (_("Return the file by {date}.").format(date=return_by.isoformat()), True))
    for row, (text, bold) in enumerate(lines):
        sheet.write_string(row, 0, text, fmt.cover_title if row == 0 else fmt.cover_bold if bold else fmt.cover)
        sheet.set_row(row, 24 if row == 0 else _row_height(text, COVER_WIDTH) + 4)
    sheet.set_paper(9)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.fit_to_pages(1, 0)
    if get_locale() == "ug":
        sheet.right_to_left()


def id_width(profile: RegionProfile) -> float:
    """The width of the id column (characters) that shows every measure and target id of the region whole:
    保障措施（五） and 48.10#2 are not cut."""
    ids = [m.id for m in profile.measures] + [
        m.target_id(i) for m in profile.measures for i, _t in enumerate(m.targets)
    ]
    return float(max([COLUMNS[0][1], *(display_width(i) + 2 for i in ids)]))


def template_metadata(
    profile: RegionProfile, sheets: Mapping[str, str], as_of: dt.date, return_by: dt.date | None
) -> list[list[str]]:
    """The rows of the hidden metadata sheet: what the template is for (see :data:`META_SHEET`)."""
    rows = [
        ["format", META_FORMAT],
        ["version", META_VERSION],
        ["region", profile.id],
        ["region_name", profile.region.names.get("zh_Hans")],
        ["month", f"{as_of.year:04d}-{as_of.month:02d}"],
        ["as_of", as_of.isoformat()],
    ]
    if return_by is not None:
        rows.append(["return_by", return_by.isoformat()])
    if len(sheets) == 1:
        rows.append(["unit", next(iter(sheets.values()))])
    rows += [["sheet", name, unit] for name, unit in sheets.items()]
    return rows


def _meta_sheet(
    book: Any, profile: RegionProfile, sheets: Mapping[str, str], as_of: dt.date, return_by: dt.date | None
) -> None:
    sheet = book.add_worksheet(META_SHEET)
    for row, values in enumerate(template_metadata(profile, sheets, as_of, return_by)):
        for col, value in enumerate(values):
            sheet.write_string(row, col, value)
    sheet.protect("")
    sheet.hide()
    # The same, where a program that drops hidden sheets still keeps it: the workbook's custom properties.
    book.set_custom_property("bizenv_region", profile.id)
    book.set_custom_property("bizenv_month", f"{as_of.year:04d}-{as_of.month:02d}")
    if len(sheets) == 1:
        book.set_custom_property("bizenv_unit", next(iter(sheets.values()))[:255])


def write_template(
    path: Path,
    profile: RegionProfile,
    lists: Mapping[str, Sequence[UnitTask]],
    as_of: dt.date,
    *,
    return_by: dt.date | None = None,
) -> Path:
    """One workbook: the 说明 sheet, then one ledger sheet per unit of ``lists`` (unit → its tasks). A single unit's
    sheet is named 台账; several units' sheets are named after the units."""
    xlsxwriter = _xlsxwriter()
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    try:
        fmt = _Formats(book)
        units = list(lists)
        _cover_sheet(book, fmt, profile, units, as_of, return_by)
        names = [_sheet_label(LEDGER_SHEET, _("Ledger"))] if len(units) == 1 else []
        width = id_width(profile)
        sheets = names or _sheet_names(units)
        for unit, name in zip(units, sheets, strict=True):
            _ledger_sheet(book, fmt, name, profile, unit, lists[unit], as_of, return_by, width)
        _meta_sheet(book, profile, dict(zip(sheets, units, strict=True)), as_of, return_by)
        book.set_properties(
            {"title": _("{region} business-environment tasks: progress ledger of {unit}").format(
                region=profile.region.names.get(get_locale()), unit="、".join(units)
            )[:255], "comments": f"bizenv ledger template {profile.id} {as_of.isoformat()}"}
        )  # fmt: skip
    finally:
        book.close()
    return path


def write_templates(
    folder: Path,
    profile: RegionProfile,
    lists: Mapping[str, Sequence[UnitTask]],
    as_of: dt.date,
    *,
    one_workbook: bool = False,
    return_by: dt.date | None = None,
    overwrite: bool = False,
) -> list[Path]:
    """Write the templates into ``folder`` (made if missing): one file per unit, or with ``one_workbook`` one file
    with a sheet per unit. Refuses to overwrite an existing file unless ``overwrite``. Returns the paths."""
    if folder.exists() and not folder.is_dir():
        raise TemplateError(f"{folder} is a file; --out names the folder the templates are written into")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file where a folder of the path should be, no permission
        raise TemplateError(f"{folder}: cannot make the folder: {exc.strerror or exc}") from None
    if one_workbook:
        plans = [(folder / safe_filename(f"{profile.id}-{as_of.isoformat()}"), dict(lists))]
    else:
        names = _unique([template_filename(profile, unit, as_of) for unit in lists])
        plans = [(folder / name, {unit: lists[unit]}) for name, unit in zip(names, lists, strict=True)]
    if not overwrite:
        existing = [str(path) for path, _l in plans if path.exists()]
        if existing:
            raise TemplateError(
                f"{existing[0]} exists (a returned ledger, perhaps); write into another folder or pass --force"
                + (f" ({len(existing)} files exist)" if len(existing) > 1 else "")
            )
    return [write_template(path, profile, part, as_of, return_by=return_by) for path, part in plans]


__all__ = [
    "COLUMNS",
    "COVER_SHEET",
    "DATE_HEADER",
    "ID_HEADER",
    "META_SHEET",
    "NOTE_HEADER",
    "STATUS_HEADER",
    "TemplateError",
    "id_width",
    "safe_filename",
    "sheet_name",
    "template_filename",
    "template_metadata",
    "write_template",
    "write_templates",
]
