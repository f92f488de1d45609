"""Ledger templates: one workbook per unit, its lines and roles, what is unlocked and what is protected, and that a
returned template reads back as a ledger."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

import bizenv
from bizenv.cycle import safe_filename, task_lists, unit_tasks
from bizenv.cycle.templates import COLUMNS, COVER_SHEET, META_SHEET, TITLE_ROWS, id_width, write_template
from bizenv.evaluate.deadlines import DONE_WORDS, OPEN_WORDS
from bizenv.i18n import using_locale
from bizenv.layout import display_width

from .conftest import Run

D = dt.date
HEADER_ROW = TITLE_ROWS + 1  # 1-based row of the header


def _sheet(path: Path) -> openpyxl.worksheet.worksheet.Worksheet:
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0].startswith(COVER_SHEET)
    return book.worksheets[1]


def _lines(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[tuple[object, ...]]:
    return [r for r in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True) if r[0] is not None]


def test_a_unit_gets_the_items_it_holds_a_role_in_with_roles_due_dates_and_days_left(
    region: bizenv.RegionProfile,
) -> None:
    tasks = {t.id: t for t in unit_tasks(region, "州政务服务中心", D(2024, 7, 1))}
    # Responsible for 2 (and its dated target 2#4), lead of 3, lead of area （一） for 4 … 7, inherited.
    assert list(tasks) == ["2", "2#4", "3", "4", "4.1", "4.2", "5", "5#1", "6", "7"]
    assert tasks["2"].roles == ("responsible",) and tasks["3"].roles == ("lead",)
    assert tasks["4.1"].roles == ("area_lead",) and tasks["4"].heading
    assert tasks["2"].days_left == (D(2023, 12, 31) - D(2024, 7, 1)).days  # past due: negative
    assert tasks["5#1"].text == "到2024年底网上办理比例达90%以上" and tasks["5#1"].days_left == 183
    assert tasks["3"].due is None and tasks["3"].days_left is None
    power = {t.id: t.roles for t in unit_tasks(region, "州供电公司", D(2024, 7, 1))}
    # Heading 4 is its sub-measures' only: the responsible unit of 4.1 gets 4.1, not the heading.
    assert power == {"2": ("lead",), "2#4": ("lead",), "4.1": ("responsible",)}


def test_the_ledger_sheet_protects_all_but_the_columns_to_fill(region: bizenv.RegionProfile, tmp_path: Path) -> None:
    lists = task_lists(region, D(2024, 7, 1), ("州政务服务中心",))
    with using_locale("zh_Hans"):
        path = write_template(tmp_path / "t.xlsx", region, lists, D(2024, 7, 1), return_by=D(2024, 7, 25))
    sheet = _sheet(path)
    header = [c.value for c in sheet[HEADER_ROW]]
    assert header[0] == "措施编号" and header[7:] == ["状态", "完成日期", "备注"]
    lines = _lines(sheet)
    assert [line[0] for line in lines] == [t.id for t in lists["州政务服务中心"]]
    assert all(isinstance(line[0], str) for line in lines)  # ids are text: 4.10 would stay 4.10
    first = HEADER_ROW + 1
    assert sheet.cell(first, 1).number_format == "@"
    assert sheet.protection.sheet
    for row in range(first, first + len(lines)):
        assert [sheet.cell(row, col).protection.locked for col in range(1, 11)] == [True] * 7 + [False] * 3
    assert sheet.cell(first, 5).is_date and sheet.cell(first, 7).value == -183
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    status = validations[f"H{first}:H{first + len(lines) - 1}"]
    words = json.loads("[" + ",".join(f'"{w}"' for w in status.formula1.strip('"').split(",")) + "]")
    assert words == ["已完成", "推进中", "未开始"] and set(words) <= DONE_WORDS | OPEN_WORDS
    assert status.type == "list" and status.allow_blank
    assert validations[f"I{first}:I{first + len(lines) - 1}"].type == "date"
    assert sheet.freeze_panes == f"B{first}"
    cover = openpyxl.load_workbook(path)[COVER_SHEET]
    text = "\n".join(str(c.value) for c in cover["A"] if c.value)
    assert "2024-07-25" in text and "已完成" in text and "州政务服务中心" in text


def test_english_templates_offer_english_words_and_keep_the_headers_the_reader_knows(
    region: bizenv.RegionProfile, tmp_path: Path
) -> None:
    with using_locale("en"):
        lists = task_lists(region, D(2024, 7, 1), ("州供电公司",))
        sheet = _sheet(write_template(tmp_path / "en.xlsx", region, lists, D(2024, 7, 1)))
    header = [c.value for c in sheet[HEADER_ROW]]
    assert header[0].startswith("措施编号") and header[7].startswith("状态")
    (status,) = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert status.formula1 == '"done,in progress,not started"'


def test_an_untouched_template_reads_back_with_nothing_rejected(testland: Run, tmp_path: Path) -> None:
    done = testland("ledger", "template", "testland", "--out", str(tmp_path), "--as-of", "2024-07-01")
    assert done.returncode == 0, done.stderr
    files = sorted(tmp_path.glob("*.xlsx"))
    assert [f.name for f in files] == sorted(
        f"testland-{unit}-2024-07-01.xlsx" for unit in ("州市场监督管理局", "州供电公司", "州政务服务中心")
    )
    for path in files:
        read = testland("deadlines", "testland", "--ledger", str(path), "--as-of", "2024-07-31", "--format", "json")
        assert read.returncode == 0, read.stderr
        assert json.loads(read.stdout)["rejections"] == [] and "rejected" not in read.stderr
        assert "说明" in read.stderr  # the cover sheet is passed over, and said so


def test_a_filled_template_is_read_as_the_unit_filled_it(testland: Run, tmp_path: Path) -> None:
    made = testland("ledger", "template", "testland", "--out", str(tmp_path), "--unit", "州政务服务中心")
    assert made.returncode == 0, made.stderr
    (path,) = tmp_path.glob("*.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[1]
    rows = {sheet.cell(r, 1).value: r for r in range(HEADER_ROW + 1, sheet.max_row + 1)}
    sheet.cell(rows["2"], 8, "已完成")
    sheet.cell(rows["2"], 9, dt.datetime(2024, 1, 5))
    sheet.cell(rows["4.1"], 8, "已完成")
    sheet.cell(rows["4.1"], 9, dt.datetime(2024, 3, 1))
    sheet.cell(rows["4.2"], 8, "已完成")
    sheet.cell(rows["4.2"], 9, dt.datetime(2024, 7, 20))
    sheet.cell(rows["6"], 8, "推进中")
    sheet.cell(rows["6"], 10, "等待批复")
    book.save(path)
    done = testland("deadlines", "testland", "--ledger", str(path), "--as-of", "2024-07-31", "--format", "json")
    assert done.returncode == 0, done.stderr
    status = {item["id"]: item["status"] for item in json.loads(done.stdout)["items"]}
    assert status["2"] == "done_late" and status["4.1"] == "done_on_time" and status["6"] == "overdue"
    assert status["4"] == "done_on_time"  # the heading's blank line follows its sub-measures


def test_one_workbook_holds_a_sheet_per_unit_and_records_with_all_sheets(testland: Run, tmp_path: Path) -> None:
    out = tmp_path / "book"
    made = testland("ledger", "template", "testland", "--out", str(out), "--one-workbook", "--as-of", "2024-07-01")
    assert made.returncode == 0, made.stderr
    (path,) = out.glob("*.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[1:] == ["州市场监督管理局", "州供电公司", "州政务服务中心", META_SHEET]
    assert book[META_SHEET].sheet_state == "hidden"
    # Every unit's sheet is read, --all-sheets or not: the template says which sheet is whose.
    for extra in ((), ("--all-sheets",)):
        args = ("ledger", "record", "testland", "--ledger", str(path), *extra, "--as-of", "2024-07-31")
        recorded = testland(*args)
        assert recorded.returncode == 0, recorded.stderr
        assert recorded.stderr.count("bizenv: read") == 3 and "0 lines rejected" in recorded.stdout
    # 2 and 2#4 are on two units' sheets, left blank on both: no answer, not rejected as repeated.
    # Nothing was filled in: every unit that answers for an open item has not reported.
    assert "not reported (3): 州市场监督管理局、州供电公司、州政务服务中心" in recorded.stderr


def test_the_template_says_its_region_unit_and_month_and_has_the_sign_off_lines(
    region: bizenv.RegionProfile, tmp_path: Path
) -> None:
    lists = task_lists(region, D(2024, 7, 1), ("州供电公司",))
    with using_locale("zh_Hans"):
        path = write_template(tmp_path / "t.xlsx", region, lists, D(2024, 7, 1), return_by=D(2024, 7, 25))
    book = openpyxl.load_workbook(path)
    meta = {r[0]: r[1] for r in book[META_SHEET].iter_rows(values_only=True)}
    assert (meta["region"], meta["unit"], meta["month"], meta["return_by"]) == (
        "testland", "州供电公司", "2024-07", "2024-07-25",
    )  # fmt: skip
    sheet = book.worksheets[1]
    labels = [c.value for row in sheet.iter_rows(min_row=3, max_row=4) for c in row if c.value]
    assert labels[:2] == ["填报单位", "州供电公司"] and {"填报日期", "填报人", "联系电话", "审核人"} <= set(labels)
    assert not sheet.cell(4, 2).protection.locked  # 填报人 is filled in by the unit
    assert book.custom_doc_props["bizenv_region"].value == "testland"


def test_the_id_column_fits_every_id_of_the_region() -> None:
    yiwu = bizenv.profile("yiwu")
    longest = max((m.id for m in yiwu.measures), key=display_width)
    assert id_width(yiwu) >= display_width(longest) + 1 > COLUMNS[0][1]


def test_template_out_naming_a_file_is_refused(testland: Run, tmp_path: Path) -> None:
    existing = tmp_path / "sent.xlsx"
    existing.write_bytes(b"a returned ledger")
    done = testland("ledger", "template", "testland", "--out", str(existing), "--as-of", "2024-07-01")
    assert done.returncode == 2 and "is a file" in done.stderr and "Traceback" not in done.stderr
    assert existing.read_bytes() == b"a returned ledger"


def test_a_second_run_does_not_overwrite_returned_files_unless_forced(testland: Run, tmp_path: Path) -> None:
    args = ("ledger", "template", "testland", "--out", str(tmp_path), "--unit", "州供电公司", "--as-of", "2024-07-01")
    assert testland(*args).returncode == 0
    again = testland(*args)
    assert again.returncode == 2 and "exists" in again.stderr and len(again.stderr.strip().splitlines()) == 1
    assert testland(*args, "--force").returncode == 0


def test_a_unit_without_items_is_refused_in_one_line(testland: Run, tmp_path: Path) -> None:
    done = testland("ledger", "template", "testland", "--out", str(tmp_path), "--unit", "不存在的局")
    assert done.returncode == 2 and "不存在的局" in done.stderr


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("县住房和城乡建设局（交通运输局）", "县住房和城乡建设局（交通运输局）.xlsx"),
        ('县"放管服"办/小组: 1?', "县_放管服_办_小组_ 1_.xlsx"),
        ("CON", "_CON.xlsx"),
        ("com1.报表", "_com1.报表.xlsx"),
        ("各部门. ", "各部门.xlsx"),
        ("a\tb", "a_b.xlsx"),
    ],
)
def test_file_names_are_safe_on_windows(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


def test_long_names_are_cut_to_what_file_systems_take() -> None:
    name = safe_filename("市场监管领域部门联合“双随机、一公开”监管工作联席会议成员单位" * 3)
    assert len(name.encode("utf-8")) <= 255 and name.endswith(".xlsx")


def test_units_whose_names_clash_once_made_safe_get_files_of_their_own(
    region: bizenv.RegionProfile, tmp_path: Path
) -> None:
    from bizenv.cycle.templates import write_templates

    tasks = unit_tasks(region, "州供电公司", D(2024, 7, 1))
    paths = write_templates(tmp_path, region, {"A:B": tasks, "A?B": tasks, "a_b": tasks}, D(2024, 7, 1))
    assert len({p.name.casefold() for p in paths}) == 3 and all(p.exists() for p in paths)


def test_yiwu_templates_read_back_with_nothing_rejected(yiwu: Run, tmp_path: Path) -> None:
    # Yiwu has ids with full-width brackets (保障措施（七）) that readers fold to 保障措施(七): still the same item.
    # The units holding those items, in one workbook (every unit's would do; these keep the test quick).
    profile = bizenv.profile("yiwu")
    units = sorted({o.unit.name for m in profile.measures if "（" in m.id for o in profile.owners(m) if not o.derived})
    assert len(units) > 5
    unit_args = [arg for unit in units for arg in ("--unit", unit)]
    made = yiwu("ledger", "template", "yiwu", "--out", str(tmp_path), "--one-workbook", *unit_args)
    assert made.returncode == 0, made.stderr
    (path,) = tmp_path.glob("*.xlsx")
    done = yiwu(
        "ledger", "record", "yiwu", "--ledger", str(path), "--all-sheets", "--as-of", "2024-07-31", "--locale", "en"
    )
    assert done.returncode == 0, done.stderr
    assert "rejected" not in done.stderr and done.stderr.count("bizenv: read") == len(units)


def test_an_id_written_with_half_width_brackets_is_the_profiles_item() -> None:
    from bizenv.evaluate import LedgerRow, track_deadlines

    yiwu = bizenv.profile("yiwu")
    report = track_deadlines(yiwu, [LedgerRow("保障措施(七)", "已完成", D(2024, 1, 1))], D(2024, 7, 1))
    item = report.item("保障措施（七）")
    # The safeguard has no date of its own: it falls due at the programme's end (2023-2025年).
    assert report.rejections == () and item.status == "done_on_time" and item.due is not None
    assert (item.due.date, item.due.source) == (D(2025, 12, 31), "programme")
