"""Returns from several units put together: blank lines yield, agreeing lines are one, disagreeing lines are left
for the tracker to reject."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import bizenv
from bizenv.cycle import combine
from bizenv.evaluate import LedgerRow, Origin, track_deadlines

D = dt.date


def _row(item: str, status: str, day: dt.date | None = None, note: str = "", source: str = "a.xlsx") -> LedgerRow:
    return LedgerRow(item, status, day, note, Origin(source, 4))


def test_a_blank_line_yields_to_a_reported_one() -> None:
    rows, merged = combine([_row("2", "", source="lead.xlsx"), _row("2", "已完成", D(2024, 1, 5), source="resp.xlsx")])
    assert [(r.status, r.origin.source) for r in rows] == [("已完成", "resp.xlsx")]
    assert "left blank in lead.xlsx:4" in str(merged[0])


def test_lines_that_agree_are_one_with_their_notes_joined() -> None:
    rows, merged = combine(
        [_row("2", "已完成", D(2024, 1, 5), "已上线", "a.xlsx"), _row("2", "done", D(2024, 1, 5), "配合完成", "b.xlsx")]
    )
    assert len(rows) == 1 and rows[0].note == "已上线; 配合完成" and "reported alike" in str(merged[0])


def test_lines_that_disagree_reach_the_tracker_which_rejects_the_second(region: bizenv.RegionProfile) -> None:
    rows, merged = combine([_row("2", "已完成", D(2024, 1, 5), source="a.xlsx"), _row("2", "推进中", source="b.xlsx")])
    assert len(rows) == 2 and merged == []
    report = track_deadlines(region, rows, D(2024, 7, 1))
    (rejected,) = report.rejections
    assert rejected.origin.source == "b.xlsx" and "first: a.xlsx:4" in rejected.reason


def test_all_blank_lines_of_an_item_leave_one() -> None:
    rows, _merged = combine([_row("4", "", source="a.xlsx"), _row("4", "", source="b.xlsx"), _row("5", "推进中")])
    assert [(r.measure_id, r.origin.source) for r in rows] == [("4", "a.xlsx"), ("5", "a.xlsx")]


def test_a_workbook_with_a_sheet_per_unit_is_opened_once_and_every_sheet_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl

    from bizenv.cycle import read_returns

    book = openpyxl.Workbook()
    book.active.title = "说明"  # type: ignore[union-attr]
    book.active.append(["每行一项措施"])  # type: ignore[union-attr]
    for n in range(1, 13):
        sheet = book.create_sheet(f"单位{n}")
        sheet.append(["措施编号", "状态", "完成日期"])
        sheet.append([str(n), "已完成", dt.datetime(2024, 6, n)])
    path = tmp_path / "returns.xlsx"
    book.save(path)
    opened: list[str] = []
    real = openpyxl.load_workbook

    def counting(filename: object, *args: object, **kwargs: object) -> object:
        opened.append(str(filename))
        return real(filename, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(openpyxl, "load_workbook", counting)
    returns = read_returns([path], all_sheets=True)
    assert sorted(r.measure_id for r in returns.rows) == sorted(str(n) for n in range(1, 13))
    assert [r.sheet for r in returns.reads] == [f"单位{n}" for n in range(1, 13)]
    assert len(opened) == 2  # its values and its formulas, once for all twelve sheets
