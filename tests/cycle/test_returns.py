"""The month's returns put together by the rule of the domain: the lead reports the item, a blank status is no
answer, 已完成 needs its date, agreeing lines are one, disagreeing leads make the item disputed; which unit a return
comes from is read from the workbook, and neither the files' order nor their names change the month."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.ledgers import fill_template

import bizenv
from bizenv.cycle import (
    ReturnInfo,
    ReturnLine,
    Returns,
    compose_month,
    read_returns,
    task_lists,
    write_templates,
)
from bizenv.cycle.templates import META_SHEET
from bizenv.errors import InputError
from bizenv.evaluate import LedgerRow, Origin

D = dt.date
AS_OF = D(2024, 7, 31)
POWER, CENTRE, MARKET = "州供电公司", "州政务服务中心", "州市场监督管理局"


def _returns(*units: tuple[str | None, list[tuple[str, str, dt.date | None, str]]]) -> Returns:
    """Returns from the units given, each a list of (item, status, completion date, note)."""
    lines: list[ReturnLine] = []
    infos: list[ReturnInfo] = []
    for index, (unit, rows) in enumerate(units):
        name = f"return-{index}.xlsx"
        infos.append(ReturnInfo(name=name, path=f"/office/{name}", unit=unit))
        lines += [
            ReturnLine(LedgerRow(item, status, day, note, Origin(f"/office/{name}", 4 + n)), index)
            for n, (item, status, day, note) in enumerate(rows)
        ]
    return Returns(tuple(lines), tuple(infos), (), ())


def test_the_lead_reports_the_item_whatever_a_responsible_unit_says(region: bizenv.RegionProfile) -> None:
    # Measure 2: 州供电公司 leads, 州政务服务中心 is responsible. The responsible unit's 已完成 is its own part.
    returns = _returns((CENTRE, [("2", "已完成", D(2024, 1, 5), "")]), (POWER, [("2", "推进中", None, "")]))
    month = compose_month(region, returns, AS_OF)
    assert month.report.item("2").status == "overdue"
    kept = {a.unit: a for a in month.merged.answers if a.item_id == "2"}
    assert kept[CENTRE].role == "responsible" and not kept[CENTRE].counted
    assert kept[POWER].role == "lead" and kept[POWER].counted
    assert not month.report.rejections


def test_without_a_lead_answer_the_responsible_units_answer_counts(region: bizenv.RegionProfile) -> None:
    month = compose_month(region, _returns((CENTRE, [("2", "已完成", D(2023, 12, 5), "上线")])), AS_OF)
    assert month.report.item("2").status == "done_on_time"
    assert month.report.item("2").completed_on == D(2023, 12, 5)


def test_identical_lines_from_several_units_are_one_answer_never_a_refusal(region: bizenv.RegionProfile) -> None:
    returns = _returns(
        (None, [("2", "已完成", D(2024, 1, 5), "汇总")]), (POWER, [("2", "done", D(2024, 1, 5), "已上线")])
    )
    month = compose_month(region, returns, AS_OF)
    assert month.report.rejections == ()
    assert month.report.item("2").status == "done_late"
    (row,) = [r for r in month.merged.rows if r.measure_id == "2"]
    assert set(row.note.split("; ")) == {"汇总", "已上线"}


def test_leads_that_disagree_make_the_item_disputed_neither_done_nor_overdue(region: bizenv.RegionProfile) -> None:
    returns = _returns((None, [("2", "已完成", D(2024, 1, 5), "")]), (POWER, [("2", "推进中", None, "")]))
    month = compose_month(region, returns, AS_OF)
    item = month.report.item("2")
    assert item.status == "disputed" and item.days is None
    (dispute,) = month.merged.disputes
    assert {(a.unit, a.row.status) for a in dispute.answers} == {(None, "已完成"), (POWER, "推进中")}
    assert month.report.counts()["disputed"] == 1 and item not in month.report.overdue()


def test_a_blank_status_is_no_answer_whatever_its_note_says(region: bizenv.RegionProfile) -> None:
    returns = _returns(
        (POWER, [("2", "", None, "配合中，待牵头单位汇总")]), (CENTRE, [("2", "已完成", D(2023, 12, 1), "")])
    )
    month = compose_month(region, returns, AS_OF)
    assert month.report.item("2").status == "done_on_time"
    (blank,) = [a for a in month.merged.answers if a.unit == POWER]
    assert blank.row.note == "配合中，待牵头单位汇总" and not blank.counted


def test_done_without_its_completion_date_is_refused_never_dated_to_the_as_of_day(
    region: bizenv.RegionProfile,
) -> None:
    returns = _returns((POWER, [("2", "已完成", None, "")]), (CENTRE, [("2", "已完成", D(2023, 12, 1), "")]))
    month = compose_month(region, returns, AS_OF)
    (refused,) = month.report.rejections
    assert refused.field == "completed_on" and "needs its completion date" in refused.reason
    # The undated lead line is refused; the responsible unit's dated line is the answer left.
    assert month.report.item("2").status == "done_on_time"


def test_a_line_for_an_item_the_unit_holds_no_role_in_is_kept_and_flagged(region: bizenv.RegionProfile) -> None:
    returns = _returns((MARKET, [("2", "已完成", D(2023, 12, 1), "")]))
    month = compose_month(region, returns, AS_OF)
    assert month.report.item("2").status == "overdue"
    (flag,) = month.merged.flags
    assert MARKET in str(flag) and "holds no role" in str(flag)
    assert [a.role for a in month.merged.answers] == ["none"]


@pytest.mark.parametrize(
    ("status", "day", "reason"),
    [
        ("推进中", D(2024, 5, 1), "a completion date (2024-05-01) on a line that says 推进中"),
        ("已完成", D(1900, 1, 1), "before the programme began (2023-01-01)"),
        ("已完成", D(2024, 8, 1), "after the as-of date"),
    ],
)
def test_completion_dates_that_cannot_be_are_refused_with_the_reason(
    region: bizenv.RegionProfile, status: str, day: dt.date, reason: str
) -> None:
    month = compose_month(region, _returns((None, [("4.1", status, day, "")])), AS_OF)
    (refused,) = month.report.rejections
    assert reason in refused.reason and refused.field == "completed_on"


def test_a_line_for_a_target_without_a_date_of_its_own_is_refused_not_ignored(region: bizenv.RegionProfile) -> None:
    undated = next(
        m.target_id(i) for m in region.measures for i, t in enumerate(m.targets) if t.due is None or t.due.date is None
    )
    month = compose_month(region, _returns((None, [(undated, "已完成", D(2024, 1, 5), "")])), AS_OF)
    (refused,) = month.report.rejections
    assert "has no date of its own" in refused.reason


def test_a_heading_reported_done_while_its_sub_measures_are_overdue_needs_a_note(
    region: bizenv.RegionProfile,
) -> None:
    bare = compose_month(region, _returns((None, [("4", "已完成", D(2024, 7, 1), "")])), AS_OF)
    (refused,) = bare.report.rejections
    assert "sub-measures 4.1" in refused.reason and bare.report.item("4").rolled_up
    noted = compose_month(region, _returns((None, [("4", "已完成", D(2024, 7, 1), "合并推进，已验收")])), AS_OF)
    assert not noted.report.rejections and noted.report.item("4").status.startswith("done")


# -- files: which unit a return comes from is read from the workbook ---------------------------------------------


@pytest.fixture
def sent(region: bizenv.RegionProfile, tmp_path: Path) -> dict[str, Path]:
    lists = task_lists(region, D(2024, 7, 1), (POWER, CENTRE))
    paths = write_templates(tmp_path / "sent", region, lists, D(2024, 7, 1))
    return dict(zip(lists, paths, strict=True))


def test_a_returned_template_says_which_unit_sent_it_and_who_filled_it_in(
    region: bizenv.RegionProfile, sent: dict[str, Path], tmp_path: Path
) -> None:
    fill_template(sent[POWER], {"2": ("推进中", None)}, filled_by="王芳")
    renamed = tmp_path / "a-file-named-anything.xlsx"
    shutil.copy(sent[POWER], renamed)
    returns = read_returns([renamed], region)
    (info,) = returns.returns
    assert info.unit == POWER and info.region == "testland" and info.template_month == "2024-07"
    assert info.filled_by == "王芳" and info.unit_from == "template" and info.name == renamed.name
    assert META_SHEET in openpyxl.load_workbook(renamed).sheetnames


def test_a_return_for_another_region_is_refused_with_one_message(
    region: bizenv.RegionProfile, sent: dict[str, Path]
) -> None:
    book = openpyxl.load_workbook(sent[POWER])
    meta = book[META_SHEET]
    for row in meta.iter_rows():
        if row[0].value == "region":
            row[1].value = "bazhou"
    book.save(sent[POWER])
    with pytest.raises(InputError, match=r"a ledger template of region bazhou .*not of testland"):
        read_returns([sent[POWER]], region)


@settings(max_examples=25, deadline=None)
@given(st.permutations(range(4)), st.lists(st.text("abcxyz", min_size=1, max_size=6), min_size=4, max_size=4,
                                           unique=True))  # fmt: skip
def test_the_month_does_not_depend_on_the_order_or_the_names_of_the_files(order: list[int], names: list[str]) -> None:
    region = bizenv.load_profile(Path(__file__).resolve().parents[1] / "data" / "test_region.toml")
    units = [
        (
            CENTRE,
            [("2", "已完成", D(2024, 1, 5), "完成"), ("4.1", "推进中", None, ""), ("5", "已完成", D(2024, 3, 1), "")],
        ),
        (POWER, [("2", "推进中", None, "在推进"), ("4.1", "已完成", D(2024, 2, 1), "")]),
        (None, [("5", "已完成", D(2024, 3, 1), "汇总"), ("1", "", None, "无进展")]),
        (MARKET, [("1", "已完成", D(2024, 6, 1), ""), ("4.2", "推进中", None, "")]),
    ]
    base = compose_month(region, _returns(*units), AS_OF)
    shuffled = _returns(*(units[i] for i in order))
    renamed = Returns(
        shuffled.lines,
        tuple(attrs_evolve(r, name=f"{names[i]}.xlsx") for i, r in enumerate(shuffled.returns)),
        (),
        (),
    )
    month = compose_month(region, renamed, AS_OF)
    assert [(i.id, i.status, i.completed_on, i.days) for i in month.report.items] == [
        (i.id, i.status, i.completed_on, i.days) for i in base.report.items
    ]
    assert [(r.measure_id, r.status, r.completed_on, r.note) for r in month.merged.rows] == [
        (r.measure_id, r.status, r.completed_on, r.note) for r in base.merged.rows
    ]


def attrs_evolve(info: ReturnInfo, **changes: str) -> ReturnInfo:
    import attrs

    return attrs.evolve(info, **changes)  # type: ignore[arg-type]


def test_renamed_and_reordered_files_in_a_folder_give_the_same_month(
    region: bizenv.RegionProfile, sent: dict[str, Path], tmp_path: Path
) -> None:
    fill_template(sent[POWER], {"2": ("推进中", None), "4.1": ("已完成", D(2024, 2, 1))})
    fill_template(sent[CENTRE], {"2": ("已完成", D(2024, 1, 5)), "4.1": ("推进中", None)})
    months = []
    for first, second in (("a.xlsx", "b.xlsx"), ("b.xlsx", "a.xlsx")):
        folder = tmp_path / f"returned-{first}"
        folder.mkdir()
        shutil.copy(sent[POWER], folder / first)
        shutil.copy(sent[CENTRE], folder / second)
        month = compose_month(region, [folder], AS_OF)
        months.append([(i.id, i.status, i.completed_on) for i in month.report.items])
        # 2: the lead (州供电公司) says in progress; 4.1: the area lead (州政务服务中心) says in progress.
        assert month.report.item("2").status == "overdue" and month.report.item("4.1").status == "overdue"
    assert months[0] == months[1]


def test_a_workbook_with_a_sheet_per_unit_is_opened_once_and_every_sheet_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
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
