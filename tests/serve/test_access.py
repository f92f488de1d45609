"""Access: tokens issued by the command and kept only as hashes; a unit sees and writes only its own, the office
the region; a calendar feed by a read-only token in its URL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from icalendar import Calendar
from litestar import Litestar
from litestar.testing import TestClient

import bizenv
from bizenv.cycle.tasks import items_of_unit
from bizenv.evaluate import track_deadlines
from bizenv.serve import ServeDb

Client = TestClient[Litestar]
DRC = "县发展和改革委员会"
FINANCE = "县财政局"
JULY = dt.date(2024, 7, 1)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def status(response: httpx.Response, code: str) -> int:
    assert response.json()["code"] == code, response.text
    return response.status_code


def test_the_command_issues_lists_and_revokes_tokens_kept_only_as_hashes(
    cli: Callable[..., Any], db: Path, client: Client
) -> None:
    issued = cli("serve", "token", "issue", "yiwu", "--unit", DRC, "--db", str(db), "--locale", "en")
    assert issued.returncode == 0, issued.stderr
    secret = issued.stdout.strip()
    assert secret.startswith("bzv_u_") and len(secret) > 40
    kept = [p.read_bytes() for p in db.parent.iterdir() if p.name.startswith(db.name)]
    assert kept and not any(secret.encode() in data for data in kept)
    listed = cli("serve", "token", "list", "yiwu", "--db", str(db), "--format", "json")
    assert secret not in listed.stdout and DRC in listed.stdout
    assert client.get("/api/regions/yiwu/deadlines", headers=bearer(secret)).status_code == 200
    (token,) = ServeDb(db).tokens("yiwu")
    revoked = cli("serve", "token", "revoke", str(token.id), "--db", str(db), "--locale", "en")
    assert revoked.returncode == 0 and "Revoked" in revoked.stdout
    assert status(client.get("/api/regions/yiwu/deadlines", headers=bearer(secret)), "unauthorized") == 401
    assert ServeDb(db).tokens("yiwu")[0].revoked_at is not None  # the record is kept
    office = cli("serve", "token", "issue", "yiwu", "--office", "--db", str(db))
    assert office.stdout.startswith("bzv_o_")
    unknown = cli("serve", "token", "revoke", "999", "--db", str(db), "--locale", "en")
    assert unknown.returncode == 2 and "no token 999" in unknown.stderr


def test_a_unit_gets_its_own_template_and_never_another_units(client: Client, tokens: dict[str, str]) -> None:
    own = client.get(f"/api/regions/yiwu/units/{DRC}/template", params={"as_of": "2024-07-01"},
                     headers=bearer(tokens[DRC]))  # fmt: skip
    assert own.status_code == 200 and own.content.startswith(b"PK")
    assert "filename*=UTF-8''yiwu-" in own.headers["content-disposition"]
    other = client.get(f"/api/regions/yiwu/units/{FINANCE}/template", headers=bearer(tokens[DRC]))
    assert status(other, "forbidden") == 403 and not other.content.startswith(b"PK")
    office = client.get(f"/api/regions/yiwu/units/{FINANCE}/template", headers=bearer(tokens["office"]))
    assert office.status_code == 200


def test_a_unit_sees_only_its_own_items_and_the_office_the_region(
    client: Client, tokens: dict[str, str], sent: dict[str, Path], fill: Callable[..., Path]
) -> None:
    yiwu = bizenv.profile("yiwu")
    first = next(i.id for i in items_of_unit(track_deadlines(yiwu, (), JULY, ledger_given=False), yiwu, DRC))
    fill(sent[DRC], {first: ("推进中", None)})
    up = client.post("/api/regions/yiwu/months/2024-07/returns", params={"as_of": "2024-07-31"},
                     headers=bearer(tokens[DRC]), files={"data": (sent[DRC].name, sent[DRC].read_bytes())})  # fmt: skip
    assert up.status_code == 201, up.text
    unit = client.get("/api/regions/yiwu/months/2024-07", headers=bearer(tokens[DRC])).json()
    assert unit["items"] and all(any(u == DRC for u, _r in i["owners"]) for i in unit["items"])
    assert unit["unreported"] is None and unit["sources"] == []
    office = client.get("/api/regions/yiwu/months/2024-07", headers=bearer(tokens["office"])).json()
    assert len(office["items"]) > len(unit["items"]) and FINANCE in office["unreported"]
    # A unit's deadlines are its own, whatever it asks for.
    asked = client.get("/api/regions/yiwu/deadlines", params={"unit": FINANCE}, headers=bearer(tokens[DRC]))
    assert status(asked, "forbidden") == 403
    # The uploads: a unit lists its own; another unit does not see them.
    assert [u["unit"] for u in client.get("/api/regions/yiwu/months/2024-07/returns",
                                          headers=bearer(tokens[DRC])).json()] == [DRC]  # fmt: skip
    assert client.get("/api/regions/yiwu/months/2024-07/returns", headers=bearer(tokens[FINANCE])).json() == []
    # The office's views are the office's.
    for path in ("/api/regions/yiwu/months", "/api/regions/yiwu/months/2024-07/bulletin"):
        assert status(client.get(path, headers=bearer(tokens[DRC])), "forbidden") == 403
    assert client.get("/api/regions/yiwu/months/2024-07/bulletin", headers=bearer(tokens["office"])).status_code == 200


def test_a_unit_cannot_hand_in_another_units_return(
    client: Client, tokens: dict[str, str], sent: dict[str, Path], fill: Callable[..., Path]
) -> None:
    fill(sent[FINANCE], {})
    refused = client.post("/api/regions/yiwu/months/2024-07/returns", headers=bearer(tokens[DRC]),
                          files={"data": (sent[FINANCE].name, sent[FINANCE].read_bytes())})  # fmt: skip
    assert status(refused, "wrong_unit") == 403


def test_tokens_of_another_region_and_feed_tokens_do_not_open_the_api(client: Client, tokens: dict[str, str]) -> None:
    assert status(client.get("/api/regions/yiwu/deadlines", headers=bearer(tokens["bazhou"])), "forbidden") == 403
    assert status(client.get("/api/regions/yiwu/deadlines", headers=bearer(tokens["feed"])), "forbidden") == 403


def test_a_units_calendar_feed_opens_with_its_read_only_token_in_the_url(
    client: Client, tokens: dict[str, str]
) -> None:
    feed = client.get(f"/feeds/{tokens['feed']}/deadlines.ics")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    events = [e for e in Calendar.from_ical(feed.content).walk("VEVENT")]
    yiwu = bizenv.profile("yiwu")
    own = items_of_unit(track_deadlines(yiwu, (), JULY, ledger_given=False), yiwu, DRC)
    assert events and len(events) <= len(own)
    assert status(client.get(f"/feeds/{tokens[DRC]}/deadlines.ics"), "unauthorized") == 401
    assert status(client.get("/feeds/nothing/deadlines.ics"), "unauthorized") == 401
