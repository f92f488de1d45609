from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

import bizenv
from bizenv.evaluate import evaluate_cases, track_deadlines
from bizenv.io.results import case_rows, plain, to_dataframe
from bizenv.io.tables import InputError, case_records, ledger_rows, read_rows, rows_from_dataframe

CSV = """case_id,target_id,sub_unit,submitted_at,completed_at,excluded
a,1#1,north,2025-06-05T11:00+08:00,2025-06-11T11:00+08:00,
b,1#3,south,2025-03-03 13:00+08:00,2025-03-04 11:00+08:00,2025-03-03T13:30+08:00/2025-03-04T10:30+08:00/补正
c,1#1,north,yesterday,2025-06-11T11:00+08:00,
d,,north,2025-06-05T11:00+08:00,,
e,1#1,north,2025-06-05T11:00+08:00,2025-06-04T11:00+08:00,
"""


def test_csv_rows_become_records_or_named_rejections(tmp_path: Path, region: bizenv.RegionProfile) -> None:
    path = tmp_path / "cases.csv"
    path.write_text(CSV, encoding="utf-8")
    records, rejected = case_records(read_rows(path))
    assert [r.case_id for r in records] == ["a", "b", "e"]
    assert [(r.origin.row, r.record_id) for r in rejected] == [(4, "c"), (5, "d")]
    assert "submitted_at" in rejected[0].reason and "ISO 8601" in rejected[0].reason
    assert "target_id" in rejected[1].reason
    evaluation = evaluate_cases(region, records, rejections=rejected)
    assert len(evaluation.results) == 2 and len(evaluation.rejections) == 3
    assert str(evaluation.rejections[-1].origin) == f"{path}:6"
    assert evaluation.results[1].excluded == 5
    rows = case_rows(evaluation)
    assert rows[0]["status"] == "pass" and rows[0]["source"].endswith("cases.csv:2")
    assert json.loads(json.dumps(plain(evaluation)))["summaries"][0]["target_id"] == "1#1"


def test_xlsx_ledger_as_offices_keep_them(tmp_path: Path, region: bizenv.RegionProfile) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "台账"
    sheet.append(["measure_id", "status", "completed_on", "note"])
    sheet.append(["1", "已完成", "2024-06-20", "按期完成"])
    sheet.append([2, "推进中", None, ""])
    sheet.append([None, None, None, None])
    sheet.append(["3", "已完成", "20240631", ""])
    path = tmp_path / "ledger.xlsx"
    workbook.save(path)
    rows, rejected = ledger_rows(read_rows(path))
    assert [r.measure_id for r in rows] == ["1", "2"]
    assert rejected[0].origin.row == 5 and "completed_on" in rejected[0].reason
    assert "台账" in rejected[0].origin.source
    report = track_deadlines(region, rows, pd.Timestamp("2024-07-01").date(), rejections=rejected)
    assert {m.measure.id: m.status for m in report.measures} == {
        "1": "done_on_time",
        "2": "overdue",
        "3": "no_deadline",
    }
    assert len(report.rejections) == 1


def test_dataframes_in_and_out(region: bizenv.RegionProfile) -> None:
    frame = pd.DataFrame(
        {
            "case_id": ["x", "y"],
            "target_id": ["1#1", "1#1"],
            "submitted_at": pd.to_datetime(["2025-03-03 11:00", "2025-03-03 11:00"]).tz_localize("Asia/Shanghai"),
            "completed_at": pd.to_datetime(["2025-03-04 11:00", None]).tz_localize("Asia/Shanghai"),
        }
    )
    records, rejected = case_records(rows_from_dataframe(frame))
    assert rejected == [] and records[1].completed_at is None
    evaluation = evaluate_cases(region, records, as_of=records[0].submitted_at)
    out = to_dataframe(case_rows(evaluation))
    assert list(out["status"]) == ["pass", "open"]


def test_unreadable_files_are_errors_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_rows(tmp_path / "missing.csv")
    text = tmp_path / "x.txt"
    text.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="unsupported file type"):
        read_rows(text)
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.json: not valid JSON"):
        list(read_rows(bad))
