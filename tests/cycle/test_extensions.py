"""Approved deadline extensions (延期申请): recorded from a command or a file, kept (never overwritten), and the
due date they give, with the original kept, in the month and the 通报."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import bizenv
from bizenv.cycle import SnapshotStore, StoreError, compose_month, record_month
from bizenv.cycle.month import read_extensions
from bizenv.errors import InputError

from .conftest import Run

D = dt.date


def _ledger(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.csv"
    path.write_text("措施编号,状态,完成日期\n1,推进中,\n", "utf-8")
    return path


def test_an_extension_moves_the_due_date_and_keeps_the_original(region: bizenv.RegionProfile, tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path / "db.sqlite3")
    # Measure 2 is due 2023-12-31: overdue in July 2024, unless an approved extension moves it.
    before = compose_month(region, [_ledger(tmp_path)], D(2024, 7, 31))
    assert before.report.item("2").status == "overdue"
    store.record_extension(region, "2", D(2024, 12, 31), approved_by="州营商办", approved_on=D(2024, 7, 10),
                           reason="设备到货延迟")  # fmt: skip
    done = record_month(region, [_ledger(tmp_path)], as_of=D(2024, 7, 31), store=store, today=D(2024, 8, 1))
    item = done.month.report.item("2")
    assert (item.status, item.due.date, item.due.source, item.original_due) == (  # type: ignore[union-attr]
        "not_yet_due", D(2024, 12, 31), "extension", D(2023, 12, 31),
    )  # fmt: skip
    july = store.load("testland", "2024-07")
    assert july.item("2").original_due == D(2023, 12, 31) and july.item("2").due_from == "extension"
    assert [e.item_id for e in july.extensions] == ["2"]
    # An extension approved after the as-of date is not in force yet.
    june = record_month(region, [_ledger(tmp_path)], as_of=D(2024, 6, 30), store=store, today=D(2024, 8, 1))
    assert june.month.report.item("2").status == "overdue"


def test_every_extension_is_kept_and_the_last_approved_is_in_force(
    region: bizenv.RegionProfile, tmp_path: Path
) -> None:
    store = SnapshotStore(tmp_path / "db.sqlite3")
    store.record_extension(region, "2", D(2024, 9, 30), approved_by="州营商办", approved_on=D(2024, 7, 1))
    store.record_extension(region, "2", D(2024, 12, 31), approved_by="州营商办", approved_on=D(2024, 9, 20),
                           recorded_by="王芳")  # fmt: skip
    assert [e.new_due for e in store.extensions("testland")] == [D(2024, 9, 30), D(2024, 12, 31)]
    assert store.extensions_in_force("testland", D(2024, 8, 31))["2"].new_due == D(2024, 9, 30)
    assert store.extensions_in_force("testland", D(2024, 10, 31))["2"].recorded_by == "王芳"
    with pytest.raises(StoreError, match="no measure or dated target '99'"):
        store.record_extension(region, "99", D(2024, 12, 31), approved_by="州营商办", approved_on=D(2024, 7, 1))
    with pytest.raises(StoreError, match="who approved it"):
        store.record_extension(region, "2", D(2024, 12, 31), approved_by=" ", approved_on=D(2024, 7, 1))


def test_extensions_from_the_command_and_from_a_file_reach_the_bulletin(
    testland: Run, tmp_path: Path, db: Path
) -> None:
    done = testland("ledger", "extend", "testland", "--item", "2", "--until", "2024-12-31", "--approved-by",
                    "州营商办", "--approved-on", "2024-07-10", "--reason", "设备到货延迟")  # fmt: skip
    assert done.returncode == 0, done.stderr
    extensions = tmp_path / "延期.csv"
    extensions.write_text(
        "措施编号,延期至,批准单位,批准日期,延期理由\n4.1,2024-10-31,州营商办,2024-07-15,施工期\n", "utf-8"
    )
    assert testland("ledger", "extend", "testland", "--from", str(extensions)).returncode == 0
    assert [e.source for e in SnapshotStore(db).extensions("testland")] == ["command", "延期.csv:2"]
    recorded = testland("ledger", "record", "testland", "--ledger", str(_ledger(tmp_path)), "--as-of", "2024-07-31")
    assert recorded.returncode == 0, recorded.stderr
    bulletin = testland("bulletin", "testland", "--month", "2024-07", "--format", "markdown")
    assert bulletin.returncode == 0, bulletin.stderr
    section = bulletin.stdout.split("## 6. Extended deadlines")[1].split("## 7.")[0]
    assert "| 2 |" in section and "2023-12-31 | 2024-12-31 | 州营商办 | 2024-07-10" in section
    assert "| 4.1 |" in section
    missing = testland("ledger", "extend", "testland", "--item", "2")
    assert missing.returncode == 2 and "--until" in missing.stderr


def test_an_extensions_file_names_the_row_it_cannot_read(tmp_path: Path) -> None:
    path = tmp_path / "延期.csv"
    path.write_text(
        "措施编号,延期至,批准单位,批准日期\n2,2024-12-31,州营商办,2024-07-10\n3,明年,州营商办,2024-07-10\n", "utf-8"
    )
    with pytest.raises(InputError, match="new_due '明年' is not a date") as raised:
        read_extensions(path)
    assert raised.value.row == 3


def test_extending_a_sub_measure_moves_its_heading_when_the_heading_takes_its_date() -> None:
    """One rule for when an item is due: a heading is due at the latest of its sub-measures' dates, as extended."""
    from bizenv.evaluate import track_deadlines

    yiwu = bizenv.profile("yiwu")
    heading = yiwu.due_of_measure("2")
    assert heading is not None and heading.source == "children" and heading.date == D(2024, 12, 31)
    later = {"2.2": D(2025, 3, 31)}
    moved = yiwu.due_of_measure("2", later)
    assert moved is not None and (moved.date, moved.source) == (D(2025, 3, 31), "children")
    # An earlier sub-measure's extension that stays before the latest date does not move the heading.
    assert yiwu.due_of_measure("2", {"2.1": D(2024, 9, 30)}) == heading
    at = D(2025, 1, 31)
    before = track_deadlines(yiwu, [], at)
    after = track_deadlines(yiwu, [], at, extensions=later)
    assert before.item("2").status == "overdue" and before.item("2.2").status == "overdue"
    assert after.item("2.2").status != "overdue" and after.item("2.2").original_due == D(2024, 12, 31)
    assert after.item("2").status != "overdue" and after.item("2").due.date == D(2025, 3, 31)  # type: ignore[union-attr]
