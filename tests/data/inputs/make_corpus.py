"""Make the corpus of input files as offices keep them (tests/data/inputs/), each labelled with what it shows.

    python tests/data/inputs/make_corpus.py          # write the files here
    python tests/data/inputs/make_corpus.py --out D  # write them into D (the tests compare the two)

Every file is made up for the tests of the made-up region "testland" (tests/data/test_region.toml); the
labels are in CORPUS below and in tests/data/inputs/README.md. tests/inputs/test_corpus.py holds what a
reader must make of each file.
"""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
EN = "case_id,target_id,sub_unit,submitted_at,completed_at,excluded"
ZH = "办件编号,目标编号,县市,受理时间,办结时间"
ROWS = [
    ("c1", "1#1", "北县", "2025-03-03T10:30+08:00", "2025-03-04T11:00+08:00", ""),
    ("c2", "1#1", "南县", "2025-03-03T10:30+08:00", "2025-03-06T11:00+08:00", ""),
    ("c3", "1#3", "北县", "2025-03-03T13:00+08:00", "2025-03-04T11:00+08:00", ""),
]


def csv_text(rows: list[tuple[str, ...]] = ROWS, header: str = EN, sep: str = ",") -> str:
    lines = [header.replace(",", sep)] + [sep.join(r) for r in rows]
    return "\n".join(lines) + "\n"


def zh_rows() -> str:
    return csv_text([r[:5] for r in ROWS], ZH)


def write_text(name: str, text: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        (folder / name).write_bytes(text.encode(encoding))

    return write


def write_bytes(name: str, data: bytes) -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        (folder / name).write_bytes(data)

    return write


def _sheet_rows(ws: object, rows: list[list[object]]) -> None:
    for row in rows:
        ws.append(row)  # type: ignore[attr-defined]


def xlsx(name: str, build: Callable[[object], None]) -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        from openpyxl import Workbook

        workbook = Workbook()
        build(workbook)
        workbook.save(folder / name)

    return write


BJ = dt.timezone(dt.timedelta(hours=8))
T = dt.datetime  # naive: an Excel date cell has no zone

ZH_HEADER = ["办件编号", "目标编号", "县市", "受理时间", "办结时间"]


def _merged(book: object) -> None:
    ws = book.active  # type: ignore[attr-defined]
    ws.title = "办件"
    _sheet_rows(
        ws,
        [
            ZH_HEADER,
            ["m1", "1#1", "北县", T(2025, 3, 3, 10, 30), T(2025, 3, 4, 11, 0)],
            ["m2", "1#1", None, T(2025, 3, 3, 10, 30), T(2025, 3, 6, 11, 0)],
            ["m3", "1#1", None, T(2025, 3, 3, 10, 30), T(2025, 3, 5, 11, 0)],
            ["m4", "1#1", "南县", T(2025, 3, 3, 10, 30), T(2025, 3, 4, 11, 0)],
        ],
    )
    ws.merge_cells("C2:C4")  # the county written once over its three cases, as the 办件 export does


def _cover_first(book: object) -> None:
    cover = book.active  # type: ignore[attr-defined]
    cover.title = "说明"
    _sheet_rows(cover, [["本表为测试州办件明细，第二页为数据。"], ["填表说明：时间为北京时间。"]])
    data = book.create_sheet("办件")  # type: ignore[attr-defined]
    _sheet_rows(data, [ZH_HEADER, ["d1", "1#1", "北县", T(2025, 3, 3, 10, 30), T(2025, 3, 4, 11, 0)]])


def _hidden_old_first(book: object) -> None:
    old = book.active  # type: ignore[attr-defined]
    old.title = "旧数据"
    _sheet_rows(old, [ZH_HEADER, ["old1", "1#1", "北县", T(2023, 3, 3, 10, 30), T(2023, 3, 9, 11, 0)]])
    old.sheet_state = "hidden"
    data = book.create_sheet("2025年")  # type: ignore[attr-defined]
    _sheet_rows(data, [ZH_HEADER, ["new1", "1#1", "北县", T(2025, 3, 3, 10, 30), T(2025, 3, 4, 11, 0)]])


def _only_hidden(book: object) -> None:
    cover = book.active  # type: ignore[attr-defined]
    cover.title = "说明"
    cover.append(["数据见隐藏页"])
    data = book.create_sheet("数据")  # type: ignore[attr-defined]
    _sheet_rows(data, [ZH_HEADER, ["h1", "1#1", "北县", T(2025, 3, 3, 10, 30), T(2025, 3, 4, 11, 0)]])
    data.sheet_state = "hidden"


def _uncached_formula(book: object) -> None:
    ws = book.active  # type: ignore[attr-defined]
    ws.title = "办件"
    _sheet_rows(
        ws,
        [
            ZH_HEADER,
            ["f1", "1#1", "北县", T(2025, 3, 3, 10, 30), T(2025, 3, 4, 11, 0)],
            # Written by a program that does not calculate: the file holds the formula, not its result.
            ["f2", "1#1", "北县", T(2025, 3, 3, 10, 30), "=D3+1"],
        ],
    )


def _percent_cells(book: object) -> None:
    ws = book.active  # type: ignore[attr-defined]
    ws.title = "监测"
    _sheet_rows(
        ws, [["目标编号", "实际值", "对象"], ["2#1", 0.995, "北县"], ["2#4", 0.93, "南县"], ["2#4", 96, "北县"]]
    )
    ws["B2"].number_format = "0.0%"
    ws["B3"].number_format = "0%"


def _numeric_ids(book: object) -> None:
    ws = book.active  # type: ignore[attr-defined]
    ws.title = "台账"
    _sheet_rows(ws, [["措施编号", "状态", "完成日期"], [1.1, "已完成", dt.date(2024, 6, 20)], [2.5, "推进中", None]])


def _excel_dates(book: object) -> None:
    ws = book.active  # type: ignore[attr-defined]
    ws.title = "台账"
    _sheet_rows(
        ws,
        [
            ["措施编号", "状态", "完成日期", "备注"],
            ["1", "已完成", dt.datetime(2024, 6, 20), "a date cell"],
            ["2", "已完成", 45473, "an Excel day number: 2024-06-30"],
            ["3", "已完成", "2024/6/30", "text with slashes"],
        ],
    )


def _title_merged(book: object) -> None:
    ws = book.active  # type: ignore[attr-defined]
    ws.title = "办件"
    _sheet_rows(
        ws,
        [
            ["测试州2025年一季度办件明细表"],
            [],
            ZH_HEADER,
            ["t1", "1#1", "北县", T(2025, 3, 3, 10, 30), T(2025, 3, 4, 11, 0)],
            ["合计", None, None, None, None],
        ],
    )
    ws.merge_cells("A1:E1")


def _legacy_xls(folder: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("办件")
    for col, title in enumerate(["办件编号", "目标编号", "县市", "受理时间", "办结时间"]):
        ws.write(0, col, title)
    rows = [("x1", "2025-03-03 10:30", "2025-03-04 11:00"), ("x2", "2025-03-03 10:30", "2025-03-06 11:00")]
    for i, (case, start, end) in enumerate(rows, start=1):
        ws.write(i, 0, case)
        ws.write(i, 1, "1#1")
        ws.write(i, 3, start)
        ws.write(i, 4, end)
    ws.write_merge(1, 2, 2, 2, "南县")
    book.save(str(folder / "legacy.xls"))


def _ods(folder: Path) -> None:
    import pandas as pd

    frame = pd.DataFrame(
        {
            "办件编号": ["o1", "o2"],
            "目标编号": ["1#1", "1#1"],
            "县市": ["北县", "南县"],
            "受理时间": ["2025-03-03 10:30", "2025-03-03 10:30"],
            "办结时间": ["2025-03-04 11:00", "2025-03-05 11:00"],
        }
    )
    frame.to_excel(folder / "cases.ods", engine="odf", index=False)


CORPUS: dict[str, tuple[str, Callable[[Path], None]]] = {
    "utf8.csv": ("plain UTF-8 CSV with the documented column names", write_text("utf8.csv", csv_text())),
    "utf8-bom.csv": (
        "UTF-8 with a byte-order mark (Excel's 'CSV UTF-8')",
        write_text("utf8-bom.csv", csv_text(), "utf-8-sig"),
    ),
    "gbk.csv": ("GBK, Chinese column names (Excel 'CSV' on Chinese Windows)", write_text("gbk.csv", zh_rows(), "gbk")),
    "gb18030.csv": (
        "GB18030 with a character GBK lacks (㐀 in a case id)",
        write_text("gb18030.csv", csv_text([("㐀1", *ROWS[0][1:5])], ZH), "gb18030"),
    ),
    "utf16.txt": (
        "UTF-16 with BOM, tab-delimited (Excel 'Unicode text')",
        write_bytes("utf16.txt", codecs.BOM_UTF16_LE + csv_text([r[:5] for r in ROWS], ZH, "\t").encode("utf-16-le")),
    ),
    "big5.csv": (
        "traditional Chinese in Big5: not an encoding bizenv decides; refused",
        write_text("big5.csv", "辦件編號,目標編號,受理時間\n一,1#1,2025-03-03T10:30+08:00\n", "big5"),
    ),
    "title-rows.csv": (
        "two title lines above the header",
        write_text("title-rows.csv", "测试州办件统计表\n导出时间：2025-07-01\n" + zh_rows()),
    ),
    "semicolon.csv": ("semicolon-delimited", write_text("semicolon.csv", csv_text(sep=";"))),
    "tab.tsv": ("tab-delimited", write_text("tab.tsv", csv_text(sep="\t"))),
    "header-spaces.csv": (
        "header cells with trailing spaces and full-width letters",
        write_text(
            "header-spaces.csv",
            csv_text(header="case_id ,ｔａｒｇｅｔ_ｉｄ, sub_unit,submitted_at ,completed_at,excluded"),
        ),
    ),
    "duplicate-column.csv": (
        "completed_at twice: refused (which one is meant?)",
        write_text(
            "duplicate-column.csv",
            "case_id,target_id,submitted_at,completed_at,completed_at\nd1,1#1,2025-03-03T10:30+08:00,2025-03-04T11:00+08:00,\n",
        ),
    ),
    "two-names-one-field.csv": (
        "办结时间 and completed_at name one field: refused",
        write_text(
            "two-names-one-field.csv",
            "case_id,target_id,submitted_at,办结时间,completed_at\nd1,1#1,2025-03-03T10:30+08:00,2025-03-04T11:00+08:00,\n",
        ),
    ),
    "missing-column.csv": (
        "no submission time column: refused, naming what is missing and what was found",
        write_text("missing-column.csv", "办件编号,目标编号,办结时间\nm1,1#1,2025-03-04T11:00+08:00\n"),
    ),
    "short-row.csv": (
        "a row cut short (its completion time lost): rejected, the others read",
        write_text("short-row.csv", csv_text() + "c4,1#1,北县\n"),
    ),
    "long-row.csv": (
        "a row with a cell more than the header (an unquoted comma): rejected",
        write_text("long-row.csv", csv_text() + "c4,1#1,北县,2025-03-03T10:30+08:00,2025-03-04T11:00+08:00,,extra\n"),
    ),
    "blank-lines.csv": (
        "blank lines between the rows: row numbers stay the file's line numbers",
        write_text(
            "blank-lines.csv",
            EN + "\n\n" + ",".join(ROWS[0]) + "\n\n\n" + ",".join(ROWS[1]) + "\nc9,1#1,北县,not a time,,\n",
        ),
    ),
    "totals.csv": (
        "a 合计 (totals) row below the data: recognised, not read as a case",
        write_text("totals.csv", csv_text() + "合计,,,,,\n"),
    ),
    "date-forms.csv": (
        "times written 2025/3/3 10:30, 2025年3月3日 10时30分, 2025.3.3 10:30, an Excel day number (with --zone)",
        write_text(
            "date-forms.csv",
            "case_id,target_id,submitted_at,completed_at\n"
            "s1,1#1,2025/3/3 10:30,2025/3/4 11:00:00\n"
            "s2,1#1,2025年3月3日 10时30分,2025年3月4日 11时00分\n"
            "s3,1#1,2025.3.3 10:30,2025.3.4 11:00\n"
            "s4,1#1,45719.4375,45720.4583333333\n",
        ),
    ),
    "bad-dates.csv": (
        "times that are not times: 2025-03-031, 2025-02-30, a day without a time, a word",
        write_text(
            "bad-dates.csv",
            "case_id,target_id,submitted_at,completed_at\n"
            "b1,1#1,2025-03-031 10:30+08:00,\n"
            "b2,1#1,2025-02-30T10:30+08:00,\n"
            "b3,1#1,2025-03-03,\n"
            "b4,1#1,yesterday,\n"
            "b5,1#1,2025-03-03T10:30+08:00,2025-03-04T11:00+08:00\n",
        ),
    ),
    "naive-times.csv": (
        "times without a zone (Beijing-time export): refused without --zone, read with it",
        write_text(
            "naive-times.csv", "case_id,target_id,submitted_at,completed_at\nn1,1#3,2025-03-03 10:00,2025-03-03 12:00\n"
        ),
    ),
    "excluded-twice.csv": (
        "the same 补正 interval listed twice and an overlapping one: excluded once",
        write_text(
            "excluded-twice.csv",
            "case_id,target_id,submitted_at,completed_at,excluded\n"
            "e1,1#3,2025-03-03T10:00+08:00,2025-03-04T12:00+08:00,"
            '"2025-03-03T11:00+08:00/2025-03-03T13:00+08:00/补正; 2025-03-03T11:00+08:00/2025-03-03T13:00+08:00/补正; '
            '2025-03-03T12:00+08:00/2025-03-03T14:00+08:00/补正"\n',
        ),
    ),
    "excluded-outside.csv": (
        "an excluded interval outside the case's own time: rejected",
        write_text(
            "excluded-outside.csv",
            "case_id,target_id,submitted_at,completed_at,excluded\n"
            "o1,1#3,2025-03-03T10:00+08:00,2025-03-03T12:00+08:00,2025-03-05T10:00+08:00/2025-03-05T11:00+08:00\n",
        ),
    ),
    "excluded-slashes.csv": (
        "excluded times written with slashes in the dates: 2025/3/3 11:00/2025/3/3 12:00/补正",
        write_text(
            "excluded-slashes.csv",
            "case_id,target_id,submitted_at,completed_at,excluded\n"
            "x1,1#3,2025/3/3 10:00+08:00,2025/3/3 13:00+08:00,2025/3/3 11:00+08:00/2025/3/3 12:00+08:00/补正\n",
        ),
    ),
    "open-after-as-of.csv": (
        "an open case submitted after the as-of time: rejected, never a negative duration",
        write_text(
            "open-after-as-of.csv",
            "case_id,target_id,submitted_at,completed_at\nl1,1#1,2025-03-10T10:00+08:00,\nl2,1#1,2025-03-03T10:00+08:00,\n",
        ),
    ),
    "sub-units.csv": (
        "sub-units by name, English name and id; a typo and a county of another prefecture (伊州区)",
        write_text(
            "sub-units.csv",
            "case_id,target_id,sub_unit,submitted_at,completed_at\n"
            "u1,1#1,北县,2025-03-03T10:30+08:00,2025-03-04T11:00+08:00\n"
            "u2,1#1,North County,2025-03-03T10:30+08:00,2025-03-04T11:00+08:00\n"
            "u3,1#1,south,2025-03-03T10:30+08:00,2025-03-04T11:00+08:00\n"
            "u4,1#1,北具,2025-03-03T10:30+08:00,2025-03-04T11:00+08:00\n"
            "u5,1#1,伊州区,2025-03-03T10:30+08:00,2025-03-04T11:00+08:00\n",
        ),
    ),
    "cases.json": (
        "JSON with Chinese keys",
        write_text(
            "cases.json",
            json.dumps(
                {"records": [dict(zip(ZH_HEADER, [r[0], r[1], r[2], r[3], r[4]], strict=True)) for r in ROWS]},
                ensure_ascii=False,
                indent=1,
            ),
        ),
    ),
    "cases-gbk.json": (
        "JSON saved in GBK",
        write_text(
            "cases-gbk.json", json.dumps([dict(zip(ZH_HEADER, ROWS[0][:5], strict=True))], ensure_ascii=False), "gbk"
        ),
    ),
    "merged.xlsx": (
        "the county cell merged over its three cases (the usual 办件 layout)",
        xlsx("merged.xlsx", _merged),
    ),
    "cover-sheet.xlsx": ("a 说明 cover sheet before the data sheet", xlsx("cover-sheet.xlsx", _cover_first)),
    "hidden-old.xlsx": (
        "a hidden sheet of old data before the visible data sheet",
        xlsx("hidden-old.xlsx", _hidden_old_first),
    ),
    "only-hidden.xlsx": (
        "the only sheet with the columns is hidden: refused, suggesting --sheet",
        xlsx("only-hidden.xlsx", _only_hidden),
    ),
    "formula-uncached.xlsx": (
        "a formula cell whose result the file does not hold: refused, naming the cell",
        xlsx("formula-uncached.xlsx", _uncached_formula),
    ),
    "percent-cells.xlsx": (
        "values in cells formatted as percent (0.995 shown as 99.5%)",
        xlsx("percent-cells.xlsx", _percent_cells),
    ),
    "numeric-ids.xlsx": (
        "measure ids stored as numbers (1.1 may have been typed 1.10)",
        xlsx("numeric-ids.xlsx", _numeric_ids),
    ),
    "excel-dates.xlsx": (
        "completion dates as date cells, Excel day numbers and text",
        xlsx("excel-dates.xlsx", _excel_dates),
    ),
    "title-merged.xlsx": (
        "a merged title row and a blank row above the header, a 合计 row below",
        xlsx("title-merged.xlsx", _title_merged),
    ),
    "legacy.xls": ("old Excel (.xls) with the county merged over two cases", _legacy_xls),
    "cases.ods": ("OpenDocument spreadsheet (.ods)", _ods),
    "observations.csv": (
        "observed values: NaN, inf, a negative fee, 95%, 1,234, a share 0.93 for a 95% target, a dash",
        write_text(
            "observations.csv",
            'target_id,value,subject\n2#4,nan,北县\n2#4,inf,北县\n2#3,-5,北县\n2#4,96%,北县\n2#3,"1,234",南县\n'
            "2#4,0.93,南县\n2#1,—,南县\n",
        ),
    ),
    "values.csv": (
        "indicator values with directions in Chinese and a NaN",
        write_text(
            "values.csv",
            "对象,指标,数值,方向\n北县,开办时间,3.5,越低越好\n南县,开办时间,nan,越低越好\n北县,网办率,96,越高越好\n南县,网办率,88,越高越好\n",
        ),
    ),
    "ledger.csv": (
        "a ledger with Chinese headers, dates with slashes, lines left as sent (no status)",
        write_text(
            "ledger.csv",
            "措施编号,状态,完成日期,备注\n1,已完成,2024/6/20,按期完成\n2,,,\n3,推进中,,\n",
            "gbk",
        ),
    ),
    "ledger-bad.csv": (
        "a ledger row with 2024-06-301 and one with a completion date but no status",
        write_text(
            "ledger-bad.csv", "measure_id,status,completed_on\n1,已完成,2024-06-301\n2,,2024-06-20\n3,推进中,\n"
        ),
    ),
}


def make(folder: Path) -> list[Path]:
    """Write every corpus file into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for _label, write in CORPUS.values():
        write(folder)
    return [folder / name for name in CORPUS]


def readme() -> str:
    lines = [
        "# Input corpus",
        "",
        "Files as offices keep them, made up for the tests of the made-up region `testland`",
        "(tests/data/test_region.toml) by `make_corpus.py`. What a reader must make of each file is in",
        "tests/inputs/test_corpus.py.",
        "",
        "| file | what it shows |",
        "|---|---|",
    ]
    lines += [f"| {name} | {label} |" for name, (label, _w) in CORPUS.items()]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    make(args.out)
    (args.out / "README.md").write_text(readme(), encoding="utf-8")


if __name__ == "__main__":
    main()
