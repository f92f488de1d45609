"""Workbooks as exporters write them, built here byte for byte: stale stored ranges, merged cells in every XML
spelling, a sheet per county, damaged cells. Whatever the XML, no data row is lost without a word: every row
is a record, a rejection, or a counted skipped row, and a file that cannot be read is refused naming the place."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bizenv.errors import InputError
from bizenv.inputs import read_cases, read_ledger
from bizenv.inputs.readers import read_cases_rows

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
BJ = dt.timezone(dt.timedelta(hours=8))
HEADER = ["case_id", "target_id", "submitted_at", "completed_at", "sub_unit"]


def case_row(n: int, county: str | None = "county-a") -> list[Any]:
    return [f"c{n}", "14#1", "2025-03-03 10:30+08:00", "2025-03-04 10:30+08:00", county]


@attrs.define
class SheetXML:
    name: str
    rows: Sequence[Sequence[Any]]
    #: The stored range (<dimension ref=...>); None: none written.
    dimension: str | None = None
    #: Raw XML after <sheetData> (merged ranges in any spelling).
    after: str = ""
    state: str = "visible"
    #: Raw XML of a cell, by (row, column), 1-based row, 0-based column: written as is.
    raw_cells: dict[tuple[int, int], str] = attrs.field(factory=dict)
    styles: dict[tuple[int, int], int] = attrs.field(factory=dict)


def _ref(row: int, column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def _cell(row: int, column: int, value: Any, style: int | None) -> str:
    ref = _ref(row, column)
    s = f' s="{style}"' if style is not None else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"{s}><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"{s}><is><t>{escape(str(value))}</t></is></c>'


def _sheet_xml(sheet: SheetXML) -> str:
    out = [f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}" xmlns:r="{REL}">']
    if sheet.dimension is not None:
        out.append(f'<dimension ref="{sheet.dimension}"/>')
    out.append("<sheetData>")
    for r, cells in enumerate(sheet.rows, start=1):
        parts = []
        for c, value in enumerate(cells):
            raw = sheet.raw_cells.get((r, c))
            parts.append(raw if raw is not None else _cell(r, c, value, sheet.styles.get((r, c))))
        if any(parts):
            out.append(f'<row r="{r}">{"".join(parts)}</row>')
    out.append("</sheetData>")
    out.append(sheet.after)
    out.append("</worksheet>")
    return "".join(out)


STYLES = (
    f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
    '<fonts count="1"><font/></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/>'
    '<xf numFmtId="165" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
#: Style indexes of STYLES: a date shown as a day, a date shown with its time.
DAY_STYLE, MOMENT_STYLE = 1, 2


def write_xlsx(path: Path, sheets: Sequence[SheetXML], *, date1904: bool = False) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        entries = "".join(
            f'<sheet name={quoteattr(s.name)} sheetId="{i}" state="{s.state}" r:id="rId{i}"/>'
            for i, s in enumerate(sheets, start=1)
        )
        flag = '<workbookPr date1904="1"/>' if date1904 else ""
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">{flag}'
            f"<sheets>{entries}</sheets></workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        rels += f'<Relationship Id="rId{len(sheets) + 1}" Type="{REL}/styles" Target="styles.xml"/>'
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
            "</Relationships>",
        )
        z.writestr("xl/styles.xml", STYLES)
        for i, sheet in enumerate(sheets, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", _sheet_xml(sheet))
    return path


def cases_sheet(name: str = "办件", n: int = 6, **kwargs: Any) -> SheetXML:
    return SheetXML(name, [HEADER, *(case_row(k) for k in range(1, n + 1))], **kwargs)


# -- 1. the stored range is never trusted -----------------------------------------------------------------


@pytest.mark.parametrize("dimension", ["A1:E6", "A1", "A1:E1", "B3:C4", None])
def test_every_row_is_read_whatever_range_the_sheet_stores(tmp_path: Path, dimension: str | None) -> None:
    book = write_xlsx(tmp_path / "cases.xlsx", [cases_sheet(n=6, dimension=dimension)])
    for reader in (read_cases, read_cases_rows):
        read = reader(book)
        assert [r.case_id for r in read.records] == [f"c{k}" for k in range(1, 7)]
        assert read.info.rows == 6 and read.rejections == ()
        assert read.records[-1].origin.row == 7 and read.records[0].sub_unit == "county-a"


def test_a_returned_ledger_with_a_stale_range_is_read_whole(tmp_path: Path) -> None:
    rows = [["措施编号", "状态"], *([f"{k}.1", "已完成"] for k in range(1, 91))]
    book = write_xlsx(tmp_path / "ledger.xlsx", [SheetXML("台账", rows, dimension="A1:B4")])
    read = read_ledger(book)
    assert len(read.records) == 90 and read.info.rows == 90


# -- 2. merged cells parsed as XML ------------------------------------------------------------------------

MERGE_SPELLINGS = {
    "plain": '<mergeCells count="1"><mergeCell ref="E2:E4"/></mergeCells>',
    "prefix": f'<x:mergeCells xmlns:x="{MAIN}" count="1"><x:mergeCell ref="E2:E4"/></x:mergeCells>',
    "single quotes": "<mergeCells count='1'><mergeCell ref='E2:E4'/></mergeCells>",
    "attribute first": '<mergeCells count="1"><mergeCell xmlns:y="urn:y" y:id="7" ref="E2:E4"/></mergeCells>',
    "spaces": '<mergeCells count="1"><mergeCell   ref = "E2:E4"  /></mergeCells>',
    "reversed": '<mergeCells count="1"><mergeCell ref="E4:E2"/></mergeCells>',
    "absolute": '<mergeCells count="1"><mergeCell ref="$E$2:$E$4"/></mergeCells>',
}


def merged_county_rows() -> list[list[Any]]:
    return [HEADER, case_row(1, "county-b"), case_row(2, None), case_row(3, None), case_row(4, "county-c")]


@pytest.mark.parametrize("spelling", sorted(MERGE_SPELLINGS))
def test_a_merged_county_covers_every_case_of_its_range_in_any_xml_spelling(tmp_path: Path, spelling: str) -> None:
    sheet = SheetXML("办件", merged_county_rows(), after=MERGE_SPELLINGS[spelling])
    read = read_cases(write_xlsx(tmp_path / "merged.xlsx", [sheet]))
    assert [r.sub_unit for r in read.records] == ["county-b", "county-b", "county-b", "county-c"]


def test_a_merge_inside_a_comment_or_another_namespace_is_not_applied(tmp_path: Path) -> None:
    after = '<!-- <mergeCells><mergeCell ref="E2:E4"/></mergeCells> -->'
    after += '<extLst><ext xmlns:o="urn:other"><o:mergeCell ref="E2:E4"/></ext></extLst>'
    read = read_cases(write_xlsx(tmp_path / "comment.xlsx", [SheetXML("办件", merged_county_rows(), after=after)]))
    assert [r.sub_unit for r in read.records] == ["county-b", None, None, "county-c"]


@pytest.mark.parametrize(
    ("after", "says"),
    [
        ('<mergeCells><mergeCell ref="E2:Q"/></mergeCells>', "is not a range of cells"),
        ('<mergeCells><mergeCell ref="E2:E4"></mergeCells>', "XML is damaged"),
    ],
)
def test_a_bad_merge_or_damaged_sheet_xml_is_refused_naming_the_sheet(tmp_path: Path, after: str, says: str) -> None:
    book = write_xlsx(tmp_path / "bad.xlsx", [SheetXML("办件", merged_county_rows(), after=after)])
    with pytest.raises(InputError, match=says) as caught:
        read_cases(book)
    assert caught.value.source == f"{book}[办件]"


def test_a_sheet_with_a_dtd_is_refused_before_its_entities_are_expanded(tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "dtd.xlsx", [SheetXML("办件", merged_county_rows())])
    with zipfile.ZipFile(book) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c SYSTEM "file:///etc/passwd">]>'
    )
    parts["xl/worksheets/sheet1.xml"] = bomb + parts["xl/worksheets/sheet1.xml"].split(b"?>", 1)[1]
    with zipfile.ZipFile(book, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with pytest.raises(InputError) as caught:
        read_cases(book)
    assert "DTD" in str(caught.value) or "entit" in str(caught.value).lower()


# -- 3. every sheet with the header -----------------------------------------------------------------------


def county_book(tmp_path: Path, *, differ: bool = False) -> Path:
    sheets = [SheetXML("说明", [["本表为各县市办件"], ["填表说明：……"]])]
    for k, county in enumerate(("county-a", "county-b", "county-c")):
        header = HEADER[:4] if differ and k == 2 else HEADER
        rows: list[list[Any]] = [header]
        for n in range(3):
            row = [f"{county}-{n}", "14#1", "2025-03-03 10:30+08:00", "2025-03-04 10:30+08:00", county]
            rows.append(row[: len(header)])
        rows.append([f"{county}-bad", "14#1", "not a time", None, county][: len(header)])
        sheets.append(SheetXML(county, rows))
    sheets.append(SheetXML("旧数据", [HEADER, case_row(99)], state="hidden"))
    return write_xlsx(tmp_path / "counties.xlsx", sheets)


@pytest.mark.parametrize("reader", [read_cases, read_cases_rows])
def test_every_visible_sheet_with_the_header_is_read_and_named(tmp_path: Path, reader: Any) -> None:
    book = county_book(tmp_path)
    read = reader(book)
    assert len(read.records) == 9 and len(read.rejections) == 3
    assert read.info.rows == 12 == len(read.records) + len(read.rejections)
    assert [s.source for s in read.info.sheets] == [f"{book}[county-{c}]" for c in "abc"]
    assert [s.rows for s in read.info.sheets] == [4, 4, 4]
    assert {r.origin.source for r in read.records} == {s.source for s in read.info.sheets}
    assert [r.origin.source for r in read.rejections] == [s.source for s in read.info.sheets]
    described = read.info.describe()
    assert all(f"county-{c}" in described for c in "abc") and "旧数据" in described and "说明" in described
    # Rows of the passed-over sheets are counted: the cover's two, the hidden sheet's two.
    assert read.info.passed_over_rows == 4
    assert read.info.skipped_rows == 3 + 4  # three headers, and the rows of the sheets not read


def test_the_row_and_chunk_readers_read_a_workbook_of_sheets_alike(tmp_path: Path) -> None:
    book = county_book(tmp_path)
    chunked, rows = read_cases(book), read_cases_rows(book)
    assert chunked.records == rows.records and chunked.rejections == rows.rejections
    assert chunked.info == rows.info


def test_sheets_whose_headers_differ_refuse_the_file_naming_them(tmp_path: Path) -> None:
    book = county_book(tmp_path, differ=True)
    for reader in (read_cases, read_cases_rows):
        with pytest.raises(InputError, match="different columns") as caught:
            reader(book)
        assert "'county-a'" in str(caught.value) and "'county-c'" in str(caught.value)
    read = read_cases(book, sheet="county-c")
    assert len(read.records) == 3 and read.info.sheet == "county-c" and read.info.sheets == ()
    assert read.info.passed_over_rows == 2 + 5 + 5 + 2


def test_a_ledger_workbook_of_a_sheet_per_unit_is_read_whole(tmp_path: Path) -> None:
    sheets = [SheetXML(unit, [["措施编号", "状态"], [f"{k}.1", "已完成"], [f"{k}.2", ""]]) for k, unit in
              enumerate(("发改委", "市场监管局"), start=1)]  # fmt: skip
    read = read_ledger(write_xlsx(tmp_path / "returns.xlsx", sheets))
    assert [r.measure_id for r in read.records] == ["1.1", "1.2", "2.1", "2.2"]
    assert read.records[2].origin.source.endswith("[市场监管局]")


# -- 4. nothing accepted that the docs say is refused -----------------------------------------------------


def test_a_real_case_id_total_is_read_and_a_totals_row_is_not(tmp_path: Path) -> None:
    text = "\n".join(
        [
            ",".join(HEADER),
            "c1,14#1,2025-03-03 10:30+08:00,2025-03-04 10:30+08:00,county-a",
            "Total,14#1,2025-03-03 10:30+08:00,2025-03-04 10:30+08:00,county-a",
            "合计,,,,",
            "total,2,,,",
        ]
    )
    csv_file = tmp_path / "cases.csv"
    csv_file.write_text(text + "\n", encoding="utf-8")
    rows = [HEADER, case_row(1), ["Total", *case_row(2)[1:]], ["合计", None, None, None, "3"]]
    book = write_xlsx(tmp_path / "cases.xlsx", [SheetXML("办件", rows)])
    for source, totals in ((csv_file, (4, 5)), (book, (4,))):
        for reader in (read_cases, read_cases_rows):
            read = reader(source)
            assert [r.case_id for r in read.records] == ["c1", "Total"], (source, reader)
            assert read.info.totals_rows == totals and read.rejections == ()


def test_times_no_zone_has_and_day_numbers_without_a_time_are_rejected_by_both_readers(tmp_path: Path) -> None:
    moments = {
        2: "2025-03-03 10:30+08:00",
        3: "2025-03-03 10:30+08:99",
        4: "2025-03-03T10:30+24:00",
        5: "2025-03-03 10:30:00-1500",
        6: "0001-01-01 10:30+08:00",
        7: "45000",
        8: "2025/3/3 10:30+08:60",
    }
    lines = [",".join(HEADER)] + [f"c{n},14#1,{m},,county-a" for n, m in moments.items()]
    csv_file = tmp_path / "cases.csv"
    csv_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for reader in (read_cases, read_cases_rows):
        read = reader(csv_file, zone="Asia/Shanghai")
        assert [r.case_id for r in read.records] == ["c2"]
        assert [r.origin.row for r in read.rejections] == [3, 4, 5, 6, 7, 8]
        assert all(r.field == "submitted_at" for r in read.rejections)
        reasons = [r.reason for r in read.rejections]
        assert "no time zone has" in reasons[0] and "before 1900" in reasons[3] and "without a time" in reasons[4]


def test_a_date_cell_showing_the_day_only_is_no_case_time(tmp_path: Path) -> None:
    serial = 45719  # 2025-03-03
    sheet = SheetXML(
        "办件",
        [HEADER, ["c1", "14#1", serial, None], ["c2", "14#1", serial + 0.4375, None], ["c3", "14#1", serial, None]],
        styles={(2, 2): DAY_STYLE, (3, 2): DAY_STYLE, (4, 2): MOMENT_STYLE},
    )
    read = read_cases(write_xlsx(tmp_path / "days.xlsx", [sheet]), zone="Asia/Shanghai")
    assert [r.case_id for r in read.records] == ["c2", "c3"]
    assert read.records[0].submitted_at == dt.datetime(2025, 3, 3, 10, 30, tzinfo=read.records[0].submitted_at.tzinfo)
    assert read.records[1].submitted_at.time() == dt.time(0, 0)  # shown with its time: midnight was written
    (rejected,) = read.rejections
    assert rejected.cell == "C2" and "a date without a time" in rejected.reason


@pytest.mark.parametrize("date1904", [False, True])
def test_day_numbers_of_a_1904_workbook_count_from_1904(tmp_path: Path, date1904: bool) -> None:
    shift = 1462 if date1904 else 0
    moment = 45719.4375 - shift  # 2025-03-03 10:30 in either system
    sheet = SheetXML(
        "办件",
        [HEADER, ["c1", "14#1", moment, moment + 1], ["c2", "14#1", moment, moment + 1]],
        styles={(3, 2): MOMENT_STYLE},
    )
    read = read_cases(write_xlsx(tmp_path / "epoch.xlsx", [sheet], date1904=date1904), zone="Asia/Shanghai")
    assert read.rejections == ()
    for record in read.records:
        assert record.submitted_at.replace(tzinfo=None) == dt.datetime(2025, 3, 3, 10, 30)
        assert record.completed_at is not None and record.completed_at.date() == dt.date(2025, 3, 4)
    ledger = SheetXML("台账", [["措施编号", "状态", "完成日期"], ["1.1", "已完成", 45719 - shift]])
    (line,) = read_ledger(write_xlsx(tmp_path / "ledger.xlsx", [ledger], date1904=date1904)).records
    assert line.completed_on == dt.date(2025, 3, 3)


# -- 5. no run aborted by one cell ------------------------------------------------------------------------


def _with_cells(tmp_path: Path, raw: dict[tuple[int, int], str], name: str = "bad.xlsx") -> Path:
    rows = [HEADER, case_row(1), case_row(2), case_row(3)]
    return write_xlsx(tmp_path / name, [SheetXML("办件", rows, raw_cells=raw)])


@pytest.mark.parametrize(
    ("raw", "row"),
    [
        ({(3, 1): '<c r="B3"><v>abc</v></c>'}, 3),  # text in a number cell
        ({(3, 1): '<c r="B3" t="s"><v>99</v></c>'}, 3),  # a shared string past the table
        ({(4, 1): '<c r="B4" s="99"><v>1</v></c>'}, 4),  # a style past the table, on the last row
    ],
)
def test_a_cell_openpyxl_cannot_read_refuses_the_file_naming_the_place(
    tmp_path: Path, raw: dict[tuple[int, int], str], row: int
) -> None:
    book = _with_cells(tmp_path, raw)
    for reader in (read_cases, read_cases_rows):
        with pytest.raises(InputError, match=f"cannot be read past row {row - 1}") as caught:
            reader(book)
        assert caught.value.source == f"{book}[办件]" and caught.value.row == row


def test_a_truncated_sheet_is_refused_naming_the_sheet(tmp_path: Path) -> None:
    book = _with_cells(tmp_path, {})
    with zipfile.ZipFile(book) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:-60]
    with zipfile.ZipFile(book, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    for reader in (read_cases, read_cases_rows):
        with pytest.raises(InputError, match="damaged") as caught:
            reader(book)
        assert caught.value.source in (str(book), f"{book}[办件]")


def test_a_csv_cell_over_the_field_limit_is_a_refusal_naming_the_line(tmp_path: Path) -> None:
    import csv

    big = "x" * (csv.field_size_limit() + 10)
    for text in (f"{','.join(HEADER)}\nc1,14#1,{big},,\n", f"{big}\n{','.join(HEADER)}\n", f'a,"{big}\n'):
        path = tmp_path / "big.csv"
        path.write_text(text, encoding="utf-8")
        for reader in (read_cases, read_cases_rows, read_ledger):
            with pytest.raises(InputError) as caught:
                reader(path)
            assert caught.value.source == str(path)
            assert "line" in str(caught.value) or "header" in str(caught.value)


def test_json_nested_beyond_recursion_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    for reader in (read_cases, read_cases_rows):
        with pytest.raises(InputError, match="nested too deep") as caught:
            reader(path)
        assert caught.value.source == str(path)


@pytest.mark.parametrize("kind", ["int64", "int32"])
def test_parquet_times_stored_as_numbers_are_refused_naming_the_column(tmp_path: Path, kind: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "办件编号": ["c1", "c2"],
            "目标编号": ["14#1", "14#1"],
            "受理时间": pa.array([1741000000, 1741003600]).cast(kind),
        }
    )
    path = tmp_path / "epoch.parquet"
    pq.write_table(table, path)
    with pytest.raises(InputError, match="unit='s' or 'ms'") as caught:
        read_cases(path)
    assert caught.value.field == "受理时间" and caught.value.source == str(path)
    frame = table.to_pandas()
    for source in (table, frame):
        for reader in (read_cases, read_cases_rows):
            with pytest.raises(InputError, match="unit='s' or 'ms'") as caught:
                reader(source)
            assert caught.value.field == "受理时间"


# -- 7. no row lost without a word, whatever the workbook -------------------------------------------------

MERGE_CHILDREN = (
    '<mergeCell ref="{a}:{b}"/>',
    "<mergeCell ref='{a}:{b}'/>",
    '<mergeCell xmlns:y="urn:y" y:id="1" ref="{a}:{b}"/>',
    f'<x:mergeCell xmlns:x="{MAIN}" ref="{{a}}:{{b}}"/>',
    '<mergeCell ref="{b}:{a}"/>',  # written backwards
)


@st.composite
def workbooks(draw: st.DrawFn) -> tuple[list[SheetXML], dict[str, str]]:
    """Sheets (1-4; data sheets, hidden ones, covers without the header) with title, blank and totals rows,
    random stored ranges and merged counties in every spelling; and the county each merged row must read."""
    sheets: list[SheetXML] = []
    merged: dict[str, str] = {}
    for k in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["data", "data", "hidden", "cover"]))
        rows: list[list[Any]] = [[f"标题{t}"] for t in range(draw(st.integers(0, 2)))]
        if kind != "cover":
            rows.append(list(HEADER))
        data_rows: list[int] = []
        for i in range(draw(st.integers(0, 8))):
            if draw(st.integers(0, 3)) == 0:
                rows.append([])
            moment = "not a time" if draw(st.integers(0, 4)) == 0 else "2025-03-03 10:30+08:00"
            rows.append([f"s{k}-{i}", "14#1", moment, None, f"county-{k}-{i}"])
            data_rows.append(len(rows))
        if kind != "cover" and data_rows and draw(st.booleans()):
            rows.append(["合计", None, None, None, str(len(data_rows))])
        children = []
        for first in data_rows:
            if first + 1 in data_rows and draw(st.integers(0, 2)) == 0 and f"E{first}" not in str(children):
                spelling = draw(st.sampled_from(MERGE_CHILDREN))
                children.append(spelling.format(a=f"E{first}", b=f"E{first + 1}"))
                rows[first] = [*rows[first][:4], None]  # the merged cell below holds nothing of its own
                merged[rows[first][0]] = rows[first - 1][4]
        comment = "<!-- <mergeCell ref='E1:E40'/> -->" if draw(st.booleans()) else ""
        after = f"<mergeCells>{''.join(children)}</mergeCells>{comment}" if children else comment
        last = max(len(rows), 1)
        dimension = draw(st.sampled_from([None, "A1", "A1:E1", f"A1:E{max(last - 1, 1)}", f"A1:E{last}", "B2:C3"]))
        state = "hidden" if kind == "hidden" else "visible"
        sheets.append(SheetXML(f"表{k}", rows, dimension=dimension, after=after, state=state))
    return sheets, merged


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(workbooks(), st.sampled_from([read_cases, read_cases_rows]))
def test_no_row_of_any_sheet_is_lost_without_a_word(
    tmp_path: Path, book: tuple[list[SheetXML], dict[str, str]], reader: Any
) -> None:
    sheets, merged = book
    path = write_xlsx(tmp_path / "book.xlsx", sheets)
    filled = sum(1 for s in sheets for row in s.rows if any(v is not None for v in row))
    try:
        read = reader(path)
    except InputError as exc:  # no visible sheet has the header: refused whole, naming the file
        assert exc.source is not None and exc.source.startswith(str(path))
        assert not any(s.state == "visible" and HEADER in s.rows for s in sheets)
        return
    assert len(read.records) + len(read.rejections) == read.info.rows
    assert read.info.rows + read.info.skipped_rows == filled
    written = {row[0] for s in sheets if s.state == "visible" and HEADER in s.rows for row in s.rows if row}
    written = {w for w in written if isinstance(w, str) and w.startswith("s")}
    assert written == {r.case_id for r in read.records} | {r.record_id for r in read.rejections}
    for record in read.records:
        if record.case_id in merged:
            assert record.sub_unit == merged[record.case_id]


def test_evaluate_judges_the_cases_of_every_sheet_and_names_each(cli: Any, tmp_path: Path) -> None:
    sheets = [
        SheetXML(
            county,
            [
                ["case_id", "target_id", "sub_unit", "submitted_at", "completed_at"],
                [f"{county}-1", "1#1", county, "2025-03-03T11:00+08:00", "2025-03-05T11:00+08:00"],
                [f"{county}-2", "1#1", county, "2025-03-03T11:00+08:00", "2025-06-05T11:00+08:00"],
            ],
        )
        for county in ("north", "south")
    ]
    book = write_xlsx(tmp_path / "cases.xlsx", sheets)
    region = Path(__file__).resolve().parents[2] / "tests" / "data" / "test_region.toml"
    env = {"BIZENV_PLUGINS": "", "BIZENV_PROFILE_FILES": str(region), "BIZENV_LOCALE": "en"}
    done = cli("evaluate", "testland", "--cases", str(book), "--format", "json", env=env)
    assert done.returncode == 0, done.stderr
    overall = next(s for s in json.loads(done.stdout)["summaries"] if s["sub_unit"] is None)
    assert overall["cases"] == 4
    assert "2 sheets read" in done.stderr and "[north: header on row 1" in done.stderr and "[south: " in done.stderr
