"""Uploads that cannot hurt, every one kept, and an accepted return merged at once as `ledger record` merges."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from litestar import Litestar
from litestar.testing import TestClient

from bizenv.cycle import SnapshotStore
from bizenv.cycle.templates import TITLE_ROWS, safe_filename
from bizenv.serve import ServeDb, create_app
from bizenv.serve.uploads import upload_name

Client = TestClient[Litestar]
DRC = "县发展和改革委员会"
FINANCE = "县财政局"
ROOT = Path(__file__).resolve().parents[2]
RETURNS = ROOT / "examples" / "data" / "yiwu" / "returns"
URL = "/api/regions/yiwu/months/2024-07/returns"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def send(client: Client, token: str, name: str, data: bytes, as_of: str = "2024-07-31") -> httpx.Response:
    return client.post(URL, params={"as_of": as_of}, headers=bearer(token), files={"data": (name, data)})


def refused(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["code"] == code and response.headers["content-type"].startswith("application/problem+json")
    return body


def items(path: Path) -> list[str]:
    import openpyxl

    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[1]
    return [str(r[0]) for r in sheet.iter_rows(min_row=TITLE_ROWS + 2, max_col=1, values_only=True) if r[0]]


def test_a_return_is_kept_with_who_when_and_its_hash_and_judged_line_by_line(
    client: Client, tokens: dict[str, str], sent: dict[str, Path], fill: Callable[..., Path], db: Path
) -> None:
    first, second = items(sent[DRC])[:2]
    fill(sent[DRC], {first: ("推进中", None), second: ("差不多", None)})
    data = sent[DRC].read_bytes()
    answer = send(client, tokens[DRC], "发改委7月台账.xlsx", data)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    upload = body["upload"]
    assert upload["status"] == "accepted" and upload["unit"] == DRC and upload["sender"] == DRC
    assert upload["sha256"] == hashlib.sha256(data).hexdigest() and upload["size"] == len(data)
    assert upload["name"] == "发改委7月台账.xlsx" and upload["kind"] == "xlsx"
    verdicts = {line["item"]: line for line in body["lines"]}
    assert verdicts[first]["accepted"] and not verdicts[second]["accepted"]
    assert verdicts[second]["code"] == "unknown_status" and verdicts[second]["reason"]
    assert [r["code"] for r in body["rejections"]] == ["unknown_status"]
    assert body["rejections"][0]["source"].startswith("发改委7月台账.xlsx")
    (kept,) = ServeDb(db).uploads("yiwu", "2024-07")
    assert (ServeDb(db).folder / kept.path).read_bytes() == data
    assert kept.uploaded_at.tzinfo is not None and kept.token_id > 0


def test_a_later_upload_supersedes_the_earlier_in_the_merge_and_both_are_kept(
    client: Client, tokens: dict[str, str], sent: dict[str, Path], fill: Callable[..., Path], db: Path, tmp_path: Path
) -> None:
    first = items(sent[DRC])[0]
    early = tmp_path / "early.xlsx"
    shutil.copy(fill(sent[DRC], {first: ("推进中", None)}), early)
    assert send(client, tokens[DRC], "v1.xlsx", early.read_bytes()).status_code == 201
    month = client.get("/api/regions/yiwu/months/2024-07", headers=bearer(tokens["office"])).json()
    assert next(i for i in month["items"] if i["id"] == first)["status"] != "done_on_time"
    fill(sent[DRC], {first: ("已完成", dt.date(2024, 7, 10))})
    assert send(client, tokens[DRC], "v2.xlsx", sent[DRC].read_bytes()).status_code == 201
    one, two = ServeDb(db).uploads("yiwu", "2024-07")
    assert one.superseded_by == two.id and two.superseded_by is None
    assert (ServeDb(db).folder / one.path).exists() and (ServeDb(db).folder / two.path).exists()
    month = client.get("/api/regions/yiwu/months/2024-07", headers=bearer(tokens["office"])).json()
    done = next(i for i in month["items"] if i["id"] == first)
    assert done["completed_on"] == "2024-07-10" and done["status"].startswith("done")
    assert month["sources"] == ["v2.xlsx"]


def test_the_month_is_what_ledger_record_makes_of_the_same_files(
    client: Client,
    tokens: dict[str, str],
    sent: dict[str, Path],
    fill: Callable[..., Path],
    db: Path,
    tmp_path: Path,
    cli: Callable[..., Any],
) -> None:
    for unit in (DRC, FINANCE):
        ids = items(sent[unit])
        fill(sent[unit], {ids[0]: ("已完成", dt.date(2024, 7, 3)), ids[1]: ("推进中", None)}, note="按计划推进")
        assert send(client, tokens[unit], sent[unit].name, sent[unit].read_bytes()).status_code == 201
    other = tmp_path / "cli.sqlite3"
    done = cli("ledger", "record", "yiwu", "--ledger", str(sent[DRC]), "--ledger", str(sent[FINANCE]),
               "--as-of", "2024-07-31", "--db", str(other))  # fmt: skip
    assert done.returncode == 0, done.stderr
    served, recorded = SnapshotStore(db).load("yiwu", "2024-07"), SnapshotStore(other).load("yiwu", "2024-07")
    assert (served.items == recorded.items and served.ledger == recorded.ledger) or _same_lines(served, recorded)
    assert served.owed == recorded.owed and served.unreported == recorded.unreported
    assert [(a.item_id, a.unit, a.role, a.counted) for a in served.answers] == [
        (a.item_id, a.unit, a.role, a.counted) for a in recorded.answers
    ]


def _same_lines(a: Any, b: Any) -> bool:
    """Ledger lines equal but for where the file was kept (its folder)."""
    strip = lambda rows: [(r.measure_id, r.status, r.completed_on, r.note) for r in rows]  # noqa: E731
    return bool(strip(a.ledger) == strip(b.ledger))


def test_the_size_limit_is_kept_and_a_file_over_it_is_recorded_without_its_bytes(
    db: Path, tokens: dict[str, str]
) -> None:
    with TestClient(create_app(db=db, max_upload=2000)) as small:
        body = refused(send(small, tokens[DRC], "big.csv", b"x" * 5000), 413, "too_large")
        assert "2000" in body["detail"]
    (kept,) = ServeDb(db).uploads("yiwu", "2024-07")
    assert kept.status == "refused" and kept.code == "too_large" and kept.path == "" and kept.size == 2001


def test_the_type_is_decided_by_content_not_by_name(
    client: Client, tokens: dict[str, str], sent: dict[str, Path], fill: Callable[..., Path]
) -> None:
    fill(sent[DRC], {items(sent[DRC])[0]: ("推进中", None)})
    named_csv = send(client, tokens[DRC], "return.csv", sent[DRC].read_bytes())
    assert named_csv.status_code == 201 and named_csv.json()["upload"]["kind"] == "xlsx"
    csv_named_xlsx = send(client, tokens["office"], "汇总.xlsx", (RETURNS / "2024-07.csv").read_bytes())
    assert csv_named_xlsx.status_code == 201 and csv_named_xlsx.json()["upload"]["kind"] == "csv"
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    refused(send(client, tokens[DRC], "photo.xlsx", png), 415, "unsupported_type")
    refused(send(client, tokens[DRC], "page.xls", b"<html><table><tr><td>1</td></tr></table></html>"), 415,
            "unsupported_type")  # fmt: skip
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    refused(send(client, tokens[DRC], "return.xlsx", zipped.getvalue()), 415, "unsupported_type")
    refused(send(client, tokens[DRC], "empty.xlsx", b""), 422, "unreadable_file")


def test_a_workbook_that_unpacks_too_far_is_refused_before_any_reader(client: Client, tokens: dict[str, str]) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            block = b"\0" * (1 << 20)
            for _ in range(101):
                part.write(block)
    assert len(bomb.getvalue()) < 1 << 20
    body = refused(send(client, tokens[DRC], "return.xlsx", bomb.getvalue()), 413, "too_large")
    assert "100" in body["detail"]


def test_a_workbook_declaring_entities_is_refused_as_the_command_refuses_it(
    client: Client, tokens: dict[str, str], sent: dict[str, Path], tmp_path: Path, cli: Callable[..., Any]
) -> None:
    evil = tmp_path / "evil.xlsx"
    with zipfile.ZipFile(sent[DRC]) as source, zipfile.ZipFile(evil, "w") as target:
        for part in source.infolist():
            data = source.read(part.filename)
            if part.filename.startswith("xl/worksheets/"):
                data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1)
            target.writestr(part, data)
    answer = client.post(URL, headers={**bearer(tokens[DRC]), "Accept-Language": "en"},
                         files={"data": ("evil.xlsx", evil.read_bytes())})  # fmt: skip
    body = refused(answer, 422, "unsafe_file")
    command = cli("ledger", "record", "yiwu", "--ledger", str(evil), "--as-of", "2024-07-31", "--db",
                  str(tmp_path / "x.sqlite3"), "--locale", "en")  # fmt: skip
    assert command.returncode == 2 and "DTD or entities" in command.stderr and "DTD or entities" in body["detail"]
    assert "root:" not in body["detail"]


@pytest.mark.parametrize("name", ["../../etc/passwd.xlsx", "..\\..\\boot.ini", "/abs/CON.xlsx", "a\x00b.xlsx", ""])
def test_a_file_name_never_becomes_a_path(
    client: Client, tokens: dict[str, str], sent: dict[str, Path], fill: Callable[..., Path], db: Path, name: str
) -> None:
    fill(sent[DRC], {items(sent[DRC])[0]: ("推进中", None)})
    answer = send(client, tokens[DRC], name, sent[DRC].read_bytes())
    assert answer.status_code in (201, 400), answer.text
    for kept in ServeDb(db).uploads("yiwu"):
        where = (ServeDb(db).folder / kept.path).resolve()
        assert where.is_relative_to(ServeDb(db).folder.resolve()) and where.exists()
        assert "/" not in kept.name and "\\" not in kept.name and kept.name != ".."
    outside = [p for p in db.parent.rglob("*") if p.is_file() and not p.is_relative_to(ServeDb(db).folder)]
    assert all(p.name.startswith(db.name) for p in outside)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab.台账/\\:\x00 -_"), max_size=30))
def test_the_name_sent_is_kept_as_a_name_and_stored_under_a_name_of_the_services(name: str) -> None:
    kept = upload_name(name)
    assert kept and kept.strip(".") and not {"/", "\\", "\x00"} & set(kept)
    stem = kept.rsplit(".", 1)[0] if "." in kept else kept
    stored = safe_filename(stem, ".xlsx")
    assert Path(stored).name == stored and stored not in (".", "..") and stored.endswith(".xlsx")
