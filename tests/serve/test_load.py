"""Under load, nothing lost: 40 units hand in their returns at once to a real uvicorn on 127.0.0.1, then the office
takes the 通报; every return is recorded once and the month is what `bizenv ledger record` makes of the same files.
Bounded: 40 requests, each with a timeout, against the loopback only; the server stops at the end."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from tests.ledgers import fill_template

import bizenv
from bizenv.cycle import SnapshotStore, task_lists, task_units, write_templates
from bizenv.serve import ServeDb

UNITS = 40
ROOT = Path(__file__).resolve().parents[2]
JULY_RETURNS = ROOT / "examples" / "data" / "yiwu" / "returns" / "2024-07.csv"


def _returns(folder: Path) -> dict[str, Path]:
    """40 units' July templates, each filled with the statuses the example July ledger gives its items."""
    yiwu = bizenv.profile("yiwu")
    with JULY_RETURNS.open(encoding="utf-8") as handle:
        said = {r["措施编号"]: (r["状态"], r["完成日期"]) for r in csv.DictReader(handle)}
    units = task_units(yiwu)[:UNITS]
    lists = task_lists(yiwu, dt.date(2024, 7, 1), units)
    paths = dict(zip(lists, write_templates(folder, yiwu, lists, dt.date(2024, 7, 1)), strict=True))
    answers = {item: (status, dt.date.fromisoformat(day) if day else None) for item, (status, day) in said.items()}
    for path in paths.values():
        fill_template(path, answers)
    return paths


async def _send_all(url: str, files: dict[str, Path], tokens: dict[str, str]) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=UNITS)
    async with httpx.AsyncClient(base_url=url, timeout=httpx.Timeout(240), limits=limits) as http:
        return await asyncio.gather(
            *(
                http.post(
                    "/api/regions/yiwu/months/2024-07/returns",
                    params={"as_of": "2024-07-31"},
                    headers={"Authorization": f"Bearer {tokens[unit]}"},
                    files={"data": (path.name, path.read_bytes())},
                )
                for unit, path in files.items()
            )
        )


def test_forty_units_uploading_at_once_are_all_recorded_as_ledger_record_records_them(
    tmp_path: Path, db: Path, running: Any, cli: Callable[..., Any], capsys: Any
) -> None:
    files = _returns(tmp_path / "returns")
    serve_db = ServeDb(db)
    tokens = {unit: serve_db.issue("yiwu", "unit", unit)[0] for unit in files}
    office = serve_db.issue("yiwu", "office")[0]
    started = time.monotonic()
    answers = asyncio.run(_send_all(running.url, files, tokens))
    took = time.monotonic() - started
    assert [a.status_code for a in answers] == [201] * UNITS, [a.text for a in answers if a.status_code != 201][:2]
    with httpx.Client(base_url=running.url, timeout=120, headers={"Authorization": f"Bearer {office}"}) as http:
        bulletin = http.get("/api/regions/yiwu/months/2024-07/bulletin", params={"format": "markdown"})
        docx = http.get("/api/regions/yiwu/months/2024-07/bulletin")
    assert bulletin.status_code == 200 and docx.content.startswith(b"PK")
    with capsys.disabled():
        print(f"\n{UNITS} uploads at once in {took:.1f} s: {UNITS / took:.2f} uploads/s")
    # Every return kept once, each counting, none lost to another's merge.
    uploads = serve_db.uploads("yiwu", "2024-07")
    assert len(uploads) == UNITS and {u.unit for u in uploads} == set(files)
    assert all(u.status == "accepted" and u.superseded_by is None for u in uploads)
    served = SnapshotStore(db).load("yiwu", "2024-07")
    assert sorted(served.info.sources) == sorted(p.name for p in files.values())
    # The month is the command's of the same files.
    other = tmp_path / "cli.sqlite3"
    done = cli("ledger", "record", "yiwu", "--ledger", str(tmp_path / "returns"), "--as-of", "2024-07-31",
               "--db", str(other))  # fmt: skip
    assert done.returncode == 0, done.stderr
    recorded = SnapshotStore(other).load("yiwu", "2024-07")
    assert served.items == recorded.items
    assert served.owed == recorded.owed and served.unreported == recorded.unreported
    key = lambda a: (a.item_id, a.unit or "", a.row.status, a.row.completed_on, a.counted)  # noqa: E731
    assert sorted(map(key, served.answers)) == sorted(map(key, recorded.answers))
    assert len(served.rejections) == len(recorded.rejections)
    assert bulletin.text.count("\n") > 20
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
