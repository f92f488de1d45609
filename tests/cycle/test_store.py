"""Monthly snapshots in SQLite: what is stored comes back, a month recorded again replaces the first, the schema is
versioned and a database bizenv did not make (or a newer bizenv made) is refused."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import jsonschema
import pandas as pd
import pytest

import bizenv
from bizenv.cycle import SnapshotStore, StoreError, case_rows, default_db_path
from bizenv.cycle.store import MIGRATIONS, SCHEMA_VERSION
from bizenv.evaluate import LedgerRow, Origin, evaluate_cases, track_deadlines
from bizenv.records import CaseRecord

from .conftest import RETURNS, Run

D = dt.date
BEIJING = dt.timezone(dt.timedelta(hours=8))


def _record(store: SnapshotStore, region: bizenv.RegionProfile, ledger: list[LedgerRow], as_of: dt.date) -> None:
    store.record(region, track_deadlines(region, ledger, as_of), ledger, sources=["ledger.xlsx"])


def test_a_recorded_month_comes_back_as_it_was_tracked(region: bizenv.RegionProfile, db: Path) -> None:
    ledger = [
        LedgerRow("1", "已完成", D(2024, 7, 1), "晚一天", Origin("ledger.xlsx[台账]", 4)),
        LedgerRow("2", "推进中", None, "", Origin("ledger.xlsx[台账]", 5)),
        LedgerRow("99", "已完成", None, "", Origin("ledger.xlsx[台账]", 6)),
    ]
    report = track_deadlines(region, ledger, D(2024, 7, 31))
    store = SnapshotStore(db)
    recorded = store.record(region, report, ledger, sources=["ledger.xlsx"], version="0.2.0")
    assert recorded.replaced is None and recorded.info.month == "2024-07"
    snapshot = store.load("testland", "2024-07")
    assert [i.id for i in snapshot.items] == [i.id for i in report.items]
    one = snapshot.item("1")
    assert (one.status, one.due, one.completed_on, one.days) == ("done_late", D(2024, 6, 30), D(2024, 7, 1), 1)
    assert one.area_label == "1 开办企业" and one.units() == ("州市场监督管理局",)
    heading = snapshot.item("4")
    assert heading.rolled_up and set(heading.units()) == {"州政务服务中心", "州供电公司", "州市场监督管理局"}
    assert snapshot.item("6").uncertain and snapshot.item("6").due_text == "20245年6月"
    first = snapshot.ledger[0]
    assert (first.measure_id, first.note, str(first.origin)) == ("1", "晚一天", "ledger.xlsx[台账]:4")
    (rejected,) = snapshot.rejections
    assert rejected.record_id == "99" and "no measure or target '99'" in rejected.reason
    assert snapshot.cases is None and snapshot.info.sources == ("ledger.xlsx",)
    info = snapshot.info
    assert (info.items, info.overdue, info.rejected, info.bizenv_version) == (
        len(report.items),
        len(report.overdue()),
        1,
        "0.2.0",
    )
    assert info.recorded_at.utcoffset() == dt.timedelta(hours=8)


def test_recording_a_month_again_replaces_it_and_says_so(region: bizenv.RegionProfile, db: Path) -> None:
    store = SnapshotStore(db)
    _record(store, region, [], D(2024, 7, 15))
    second = store.record(
        region, track_deadlines(region, [LedgerRow("2", "已完成", D(2024, 1, 5))], D(2024, 7, 31)), []
    )
    assert second.replaced is not None and second.replaced.as_of == D(2024, 7, 15)
    (only,) = store.snapshots("testland")
    assert only.as_of == D(2024, 7, 31) and only.replaced == 1
    assert store.load("testland", "2024-07").item("2").status == "done_late"
    with sqlite3.connect(db) as connection:  # the first month's rows went with it
        assert connection.execute("SELECT count(DISTINCT snapshot_id) FROM item").fetchone() == (1,)


def test_case_compliance_is_stored_when_cases_were_recorded(region: bizenv.RegionProfile, db: Path) -> None:
    cases = [
        CaseRecord(
            "a", "1#1", dt.datetime(2024, 7, 1, 11, tzinfo=BEIJING), dt.datetime(2024, 7, 1, 12, tzinfo=BEIJING)
        ),
        CaseRecord(
            "b", "1#1", dt.datetime(2024, 7, 1, 11, tzinfo=BEIJING), dt.datetime(2024, 7, 9, 12, tzinfo=BEIJING)
        ),
    ]
    evaluation = evaluate_cases(region, cases)
    store = SnapshotStore(db)
    store.record(region, track_deadlines(region, [], D(2024, 7, 31)), [], cases=evaluation)
    stored = store.load("testland", "2024-07").cases
    assert stored is not None and stored == case_rows(evaluation)
    overall = next(c for c in stored if c.sub_unit is None)
    assert (overall.cases, overall.passed, overall.met) == (2, 1, False)
    assert store.snapshots()[0].cases_recorded


def test_months_are_listed_and_a_missing_one_names_those_there_are(region: bizenv.RegionProfile, db: Path) -> None:
    store = SnapshotStore(db)
    for day in (D(2024, 8, 31), D(2024, 6, 30), D(2024, 7, 31)):
        _record(store, region, [], day)
    assert store.months("testland") == ("2024-06", "2024-07", "2024-08")
    assert store.previous("testland", "2024-08") is not None
    assert store.previous("testland", "2024-06") is None
    assert [s.month for s in store.history("testland", "2024-07")] == ["2024-06", "2024-07"]
    with pytest.raises(StoreError, match=r"no snapshot of testland for 2024-05 \(recorded months: 2024-06, 2024-07"):
        store.load("testland", "2024-05")
    assert store.delete("testland", "2024-08").month == "2024-08"
    assert store.months("testland") == ("2024-06", "2024-07")


def test_snapshots_are_tables_with_real_dtypes(region: bizenv.RegionProfile, db: Path) -> None:
    store = SnapshotStore(db)
    _record(store, region, [LedgerRow("1", "done", D(2024, 6, 1))], D(2024, 6, 30))
    _record(store, region, [LedgerRow("1", "done", D(2024, 6, 1))], D(2024, 7, 31))
    items = store.frame("items", "testland")
    assert len(items) == 2 * len(store.load("testland", "2024-07").items)
    assert isinstance(items["status"].dtype, pd.CategoricalDtype) and str(items["due"].dt.tz) == "Asia/Shanghai"
    months = store.frame("snapshots")
    assert list(months["month"]) == ["2024-06", "2024-07"] and str(months["recorded_at"].dt.tz) == "Asia/Shanghai"
    july = store.load("testland", "2024-07")
    assert july.to_frame().set_index("id").loc["1", "status"] == "done_on_time"
    assert "2024-07" in july._repr_html_() and "<td>2024-06</td>" in store._repr_html_()
    assert store.frame("cases").empty and list(store.frame("ledger")["measure_id"]) == ["1", "1"]


def test_a_new_database_carries_its_schema_version(region: bizenv.RegionProfile, db: Path) -> None:
    store = SnapshotStore(db)
    _record(store, region, [], D(2024, 7, 31))
    assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)


def test_a_database_of_a_newer_bizenv_is_refused(db: Path) -> None:
    with sqlite3.connect(db) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="made by a newer bizenv"):
        SnapshotStore(db).snapshots()


def test_files_that_are_not_snapshot_databases_are_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database", "utf-8")
    with pytest.raises(StoreError, match=r"notes\.sqlite3"):
        SnapshotStore(text).snapshots()
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    with pytest.raises(StoreError, match="not a bizenv snapshot database"):
        SnapshotStore(other).snapshots()


def test_the_database_is_found_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BIZENV_DB", str(tmp_path / "x.sqlite3"))
    assert default_db_path() == tmp_path / "x.sqlite3" == SnapshotStore().path
    monkeypatch.delenv("BIZENV_DB")
    assert default_db_path().name == "snapshots.sqlite3" and "bizenv" in str(default_db_path())


def test_record_and_history_from_the_command(yiwu: Run, db: Path) -> None:
    june = yiwu("ledger", "record", "yiwu", "--ledger", str(RETURNS / "2024-06.csv"), "--as-of", "2024-06-30")
    assert june.returncode == 0, june.stderr
    assert "2024-06" in june.stdout and str(db) in june.stdout
    args = ("ledger", "record", "yiwu", "--ledger", str(RETURNS / "2024-07.csv"), "--as-of", "2024-07-31")
    july = yiwu(*args)
    assert july.returncode == 0, july.stderr
    assert "基本完成" in july.stderr  # the unknown status word is rejected, and said so
    again = yiwu(*args, "--locale", "en")
    assert again.returncode == 0 and "this snapshot replaces it" in again.stderr
    listed = yiwu("history", "yiwu", "--format", "json")
    document = json.loads(listed.stdout)
    assert document["schema"] == "bizenv-history/1" and document["region"] == "yiwu"
    rows = document["months"]
    assert [(r["month"], r["rejected"], r["replaced"]) for r in rows] == [("2024-06", 0, 0), ("2024-07", 1, 1)]
    assert rows[1]["sources"] == ["2024-07.csv"] and rows[1]["unreported"] is None  # a CSV names no unit
    from bizenv.io.documents import document_schema

    jsonschema.validate(document, document_schema("history"))
    table = yiwu("history", "yiwu")
    assert "1: 2024-07.csv" in table.stdout and str(RETURNS) not in table.stdout  # short sources


def test_a_month_whose_every_line_is_rejected_is_not_recorded(testland: Run, tmp_path: Path, db: Path) -> None:
    ledger = tmp_path / "wrong.csv"
    ledger.write_text("措施编号,状态\n98,已完成\n99,已完成\n", "utf-8")
    done = testland("ledger", "record", "testland", "--ledger", str(ledger), "--as-of", "2024-07-31")
    assert done.returncode == 2 and "nothing recorded" in done.stderr
    assert SnapshotStore(db).snapshots() == ()


def test_a_folder_of_returns_is_read_whole(testland: Run, tmp_path: Path, db: Path) -> None:
    folder = tmp_path / "returns"
    folder.mkdir()
    (folder / "a.csv").write_text("措施编号,状态,完成日期\n1,已完成,2024-06-20\n2,推进中,\n", "utf-8")
    (folder / "b.csv").write_text("措施编号,状态,完成日期\n2,,\n3,推进中,\n", "utf-8")
    (folder / "~$a.xlsx").write_bytes(b"lock file of an open workbook")
    done = testland("ledger", "record", "testland", "--ledger", str(folder), "--as-of", "2024-07-31")
    assert done.returncode == 0, done.stderr
    snapshot = SnapshotStore(db).load("testland", "2024-07")
    # The files by name; a CSV names no unit, so who has not reported is not known.
    assert snapshot.info.sources == ("a.csv", "b.csv") and snapshot.info.consolidated
    assert [r.measure_id for r in snapshot.ledger] == ["1", "2", "3"] and snapshot.rejections == ()
    # 2: blank in b.csv (no answer, kept), reported in a.csv (the answer).
    kept = [(a.source, a.row.status, a.counted) for a in snapshot.answers if a.item_id == "2"]
    assert sorted(kept) == [("a.csv", "推进中", True), ("b.csv", "", False)]


def test_a_damaged_date_in_the_database_is_refused_naming_the_month_and_the_item(
    region: bizenv.RegionProfile, db: Path
) -> None:
    store = SnapshotStore(db)
    store.record(region, track_deadlines(region, [], D(2024, 7, 31)), [])
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE item SET due = '2024-13-45' WHERE id = '2'")
    with pytest.raises(StoreError, match=r"testland 2024-07 is damaged: item 2: due '2024-13-45' is not a date"):
        store.load("testland", "2024-07")


def test_a_database_under_a_file_is_refused_clearly(region: bizenv.RegionProfile, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    with pytest.raises(StoreError, match="cannot make its folder"):
        SnapshotStore(blocker / "snapshots.sqlite3").record(region, track_deadlines(region, [], D(2024, 7, 31)), [])
    with pytest.raises(StoreError, match="is a folder"):
        SnapshotStore(tmp_path).record(region, track_deadlines(region, [], D(2024, 7, 31)), [])


def test_a_month_years_ahead_is_refused(testland: Run, tmp_path: Path, db: Path) -> None:
    ledger = tmp_path / "l.csv"
    ledger.write_text("措施编号,状态,完成日期\n1,已完成,2024-06-20\n", "utf-8")
    done = testland("ledger", "record", "testland", "--ledger", str(ledger), "--as-of", "2042-07-31")
    assert done.returncode == 2 and "months after" in done.stderr and "Traceback" not in done.stderr
    assert not db.exists() or SnapshotStore(db).snapshots() == ()


def test_a_version_1_database_is_migrated_and_its_months_say_who_reported_is_not_known(
    region: bizenv.RegionProfile, db: Path
) -> None:
    with sqlite3.connect(db) as connection:
        connection.executescript(MIGRATIONS[0] + " PRAGMA user_version = 1;")
        connection.execute(
            "INSERT INTO snapshot (region, month, as_of, recorded_at, due_soon_days, ledger_given, cases_recorded,"
            " sources, bizenv_version) VALUES ('testland', '2024-06', '2024-06-30', '2024-07-01T10:00:00+08:00', 30,"
            " 1, 0, '[]', '0.1')"
        )
    store = SnapshotStore(db)
    assert store.schema_version == SCHEMA_VERSION
    (june,) = store.snapshots("testland")
    assert june.consolidated and june.unreported is None
    assert store.load("testland", "2024-06").unreported == ()


def test_the_readme_example_of_a_ledger_runs_without_refusals(yiwu: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(__file__).resolve().parents[2]
    monkeypatch.chdir(root)
    readme = (root / "README.md").read_text("utf-8")
    (line,) = [x for x in readme.splitlines() if x.startswith("bizenv deadlines yiwu --ledger")]
    args = line.split()[1:]
    done = yiwu(*args, "--locale", "en")
    assert done.returncode == 0, done.stderr
    assert "rejected" not in done.stderr and "overdue" in done.stdout


def test_every_stored_class_is_its_tables_columns(tmp_path: Path) -> None:
    """The statements are derived from the classes: each class's fields are its table's columns, by name."""
    from bizenv import sqlrows as _rows
    from bizenv.cycle.store import (
        CaseRow,
        Extension,
        OwedReturn,
        SnapshotItem,
        StoredReturn,
        _FlagRow,
        _LineRow,
        _OwnerRow,
        _RejectionRow,
    )

    db = tmp_path / "s.sqlite3"
    with sqlite3.connect(db) as connection:
        for step in MIGRATIONS:
            connection.executescript(step)
        names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        tables = {name: {row[1] for row in connection.execute(f"PRAGMA table_info({name})")} for name in names}
    keyed = {"snapshot_id", "position"}
    stored = {
        "ledger_line": _LineRow,
        "item_unit": _OwnerRow,
        "rejection": _RejectionRow,
        "flag": _FlagRow,
        "owed_unit": OwedReturn,
    }
    for table, cls in stored.items():
        assert set(_rows.columns(cls)) == tables[table] - keyed, table
    # Every table but the snapshot's own row is one of the stored classes.
    assert set(tables) - {"snapshot"} == {*stored, "case_result", "item", "return_file", "extension"}
    assert set(_rows.columns(CaseRow)) == tables["case_result"] - {"snapshot_id"}
    item_columns = set(_rows.columns(SnapshotItem, without=("owners", "groups")))
    assert item_columns == tables["item"] - {"snapshot_id", "position"}
    assert set(_rows.columns(StoredReturn)) == tables["return_file"] - {"snapshot_id", "position"}
    assert set(_rows.columns(Extension)) == tables["extension"]


def test_a_stored_row_comes_back_as_its_class_and_a_bad_value_is_named() -> None:
    from bizenv import sqlrows as _rows
    from bizenv.cycle.store import Extension

    approved, recorded = dt.date(2024, 6, 1), dt.datetime(2024, 6, 2, 9)
    extension = Extension(1, "yiwu", "3.1", dt.date(2024, 9, 30), "县政府", approved, "", recorded, "a", "cli")
    row = _rows.values(extension)
    assert row[3] == "2024-09-30" and _rows.from_row(Extension, row, label="x") == extension
    damaged = (*row[:3], "2024-02-31", *row[4:])
    with pytest.raises(ValueError, match=r"extension 1: new_due '2024-02-31' is not a date"):
        _rows.from_row(Extension, damaged, label="extension 1")
