"""The JSON API gives the library's answers: the same documents as the command, the calendar's own arithmetic,
problem details with closed codes, an OpenAPI 3.1 document carrying the published schemas."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar import Litestar
from litestar.testing import TestClient

import bizenv
from bizenv.environment import Environment
from bizenv.io.documents import document_schema
from bizenv.serve import PROBLEM_CODES

ROOT = Path(__file__).resolve().parents[2]
RETURNS = ROOT / "examples" / "data" / "yiwu" / "returns"
CASES = ROOT / "examples" / "data" / "yiwu" / "cases.csv"
OBSERVATIONS = ROOT / "examples" / "data" / "yiwu" / "observations.csv"
Client = TestClient[Litestar]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def is_problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["code"] == code and body["code"] in PROBLEM_CODES
    assert body["type"].endswith("#" + code) and body["title"] and body["detail"]
    return body


def test_the_regions_are_the_installed_ones(client: Client) -> None:
    regions = client.get("/api/regions").json()
    assert [r["id"] for r in regions] == Environment().region_ids()
    yiwu = client.get("/api/regions/yiwu").json()
    assert yiwu["name_zh"] == "伊吾县" and yiwu["calendar"] == "CN-XJ"
    assert yiwu["measures"] == len(bizenv.profile("yiwu").measures)
    profile = client.get("/api/regions/yiwu/profile").json()
    jsonschema.validate(profile, bizenv.profile_file.profile_schema())


CALENDAR = Environment().calendar("CN-XJ", provisional="allow")
DAYS = st.dates(dt.date(2024, 1, 1), dt.date(2025, 12, 31))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=DAYS, later=DAYS, count=st.integers(-30, 30))
def test_the_calendar_answers_as_the_library_does(client: Client, day: dt.date, later: dt.date, count: int) -> None:
    info = client.get(f"/api/calendars/CN-XJ/days/{day.isoformat()}").json()
    assert info["working"] == CALENDAR.is_working_day(day) and info["kind"] == CALENDAR.day_info(day).kind
    added = client.get("/api/calendars/CN-XJ/add-working-days", params={"start": day.isoformat(), "days": count})
    assert added.json()["date"] == CALENDAR.add_working_days(day, count).isoformat()
    between = client.get(
        "/api/calendars/CN-XJ/working-days", params={"start": day.isoformat(), "end": later.isoformat()}
    )
    assert between.json()["working_days"] == CALENDAR.working_days_between(day, later)


def test_office_hours_between_two_times_stop_at_lunch(client: Client) -> None:
    answer = client.get(
        "/api/calendars/CN-XJ/office-hours",
        params={"start": "2024-07-01T09:00:00+08:00", "end": "2024-07-01T18:00:00+08:00"},
    ).json()
    start = dt.datetime(2024, 7, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert answer["hours"] == CALENDAR.office_hours_between(start, start + dt.timedelta(hours=9))
    assert answer["hours"] == 6.0  # 10:00–14:00 and 16:00–18:00 in summer
    naive = client.get(
        "/api/calendars/CN-XJ/office-hours", params={"start": "2024-07-01T09:00", "end": "2024-07-01T18:00"}
    )
    is_problem(naive, 400, "no_time_zone")
    zoned = client.get(
        "/api/calendars/CN-XJ/office-hours",
        params={"start": "2024-07-01T09:00", "end": "2024-07-01T18:00", "zone": "Asia/Shanghai"},
    )
    assert zoned.json()["hours"] == 6.0


def test_errors_are_problem_details_with_closed_codes_in_the_callers_language(client: Client) -> None:
    is_problem(client.get("/api/regions/nowhere"), 404, "not_found")
    is_problem(client.get("/api/calendars/XX/days/2024-01-01"), 404, "not_found")
    is_problem(client.get("/api/calendars/CN-XJ/days/2024-13-01"), 400, "bad_date")
    is_problem(client.get("/api/calendars/CN-XJ/add-working-days", params={"start": "2024-01-01", "days": "x"}),
               400, "bad_request")  # fmt: skip
    english = is_problem(client.get("/api/regions/nowhere", headers={"Accept-Language": "en"}), 404, "not_found")
    chinese = is_problem(client.get("/api/regions/nowhere", headers={"Accept-Language": "zh-CN"}), 404, "not_found")
    assert english["title"] == "Not found" and chinese["title"] != english["title"]
    assert chinese["detail"] != english["detail"]
    is_problem(client.get("/api/regions/yiwu/deadlines"), 401, "unauthorized")
    is_problem(client.delete("/api/regions/yiwu"), 405, "method_not_allowed")
    is_problem(client.get("/api/regions/yiwu/deadlines", headers=bearer("bzv_u_not-a-token")), 401, "unauthorized")


def test_deadlines_are_the_documents_the_command_writes(
    client: Client, tokens: dict[str, str], cli: Callable[..., Any]
) -> None:
    got = client.get("/api/regions/yiwu/deadlines", params={"as_of": "2024-07-31"}, headers=bearer(tokens["office"]))
    jsonschema.validate(got.json(), document_schema("deadlines"))
    done = cli("deadlines", "yiwu", "--as-of", "2024-07-31", "--format", "json")
    assert got.json() == json.loads(done.stdout)
    unit = client.get("/api/regions/yiwu/deadlines", params={"as_of": "2024-07-31"}, headers=bearer(tokens["县财政局"]))
    own = cli("deadlines", "yiwu", "--as-of", "2024-07-31", "--format", "json", "--unit", "县财政局")
    assert unit.json() == json.loads(own.stdout) and 0 < len(unit.json()["items"]) < len(got.json()["items"])


def test_a_case_file_is_judged_and_streamed_as_evaluate_file_writes_it(client: Client, tokens: dict[str, str]) -> None:
    response = client.post(
        "/api/regions/yiwu/evaluate",
        headers=bearer(tokens["office"]),
        files={"data": ("办件.csv", CASES.read_bytes(), "text/csv")},
        params={"as_of": "2025-12-31T23:59:59+08:00"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    jsonschema.validate(body, document_schema("cases"))
    expected = io.StringIO()
    bizenv.evaluate_file(bizenv.profile("yiwu"), CASES, expected, format="json",
                         as_of=dt.datetime.fromisoformat("2025-12-31T23:59:59+08:00"))  # fmt: skip
    want = json.loads(expected.getvalue())
    assert body["summaries"] == want["summaries"] and len(body["cases"]) == len(want["cases"])
    # The file is named by the name it was sent with, never by where the service put it.
    assert {c["source"] for c in body["cases"]} == {"办件.csv"}


def test_a_case_file_that_cannot_be_read_is_a_problem_before_any_case(client: Client, tokens: dict[str, str]) -> None:
    response = client.post(
        "/api/regions/yiwu/evaluate",
        headers=bearer(tokens["office"]),
        files={"data": ("cases.csv", b"a,b\n1,2\n", "text/csv")},
    )
    body = is_problem(response, 422, "unreadable_file")
    assert "/tmp" not in body["detail"] and "cases.csv" in body["detail"]


def test_thresholds_are_judged_as_the_command_judges_them(
    client: Client, tokens: dict[str, str], cli: Callable[..., Any]
) -> None:
    response = client.post(
        "/api/regions/yiwu/thresholds",
        headers=bearer(tokens["office"]),
        files={"data": ("observations.csv", OBSERVATIONS.read_bytes(), "text/csv")},
    )
    assert response.status_code == 200, response.text
    jsonschema.validate(response.json(), document_schema("thresholds"))
    done = cli("thresholds", "yiwu", "--observations", str(OBSERVATIONS), "--format", "json")
    want = json.loads(done.stdout)
    assert response.json()["results"] == want["results"]


def test_the_month_its_history_and_its_bulletin_are_the_commands(
    client: Client, tokens: dict[str, str], cli: Callable[..., Any], db: Path, tmp_path: Path
) -> None:
    office = bearer(tokens["office"])
    is_problem(client.get("/api/regions/yiwu/months/2024-07", headers=office), 404, "not_recorded")
    for month, day in (("2024-06", "2024-06-30"), ("2024-07", "2024-07-31")):
        sent = client.post(
            f"/api/regions/yiwu/months/{month}/returns",
            params={"as_of": day},
            headers=office,
            files={"data": (f"{month}.csv", (RETURNS / f"{month}.csv").read_bytes(), "text/csv")},
        )
        assert sent.status_code == 201, sent.text
    history = client.get("/api/regions/yiwu/months", headers=office).json()
    jsonschema.validate(history, document_schema("history"))
    assert [m["month"] for m in history["months"]] == ["2024-06", "2024-07"]
    env = {"BIZENV_DB": str(db)}
    assert history == json.loads(cli("history", "yiwu", "--format", "json", env=env).stdout)
    markdown = client.get("/api/regions/yiwu/months/2024-07/bulletin", params={"format": "markdown"}, headers=office)
    assert markdown.text == cli("bulletin", "yiwu", "--month", "2024-07", "--format", "markdown", env=env).stdout
    docx = client.get("/api/regions/yiwu/months/2024-07/bulletin", headers=office)
    assert docx.content.startswith(b"PK") and "2024-07" in docx.headers["content-disposition"]
    html = client.get("/api/regions/yiwu/months/2024-07/bulletin", params={"format": "html"}, headers=office)
    assert html.headers["content-type"].startswith("text/html") and "<html" in html.text
    month = client.get("/api/regions/yiwu/months/2024-07", headers=office).json()
    stored = bizenv.cycle.SnapshotStore(db).load("yiwu", "2024-07")
    assert month["overdue"] == stored.info.overdue and len(month["items"]) == len(stored.items)
    is_problem(client.get("/api/regions/yiwu/months/2024-13", headers=office), 400, "bad_request")


def test_the_openapi_document_is_3_1_and_carries_the_published_schemas(client: Client) -> None:
    document = client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    schemas = document["components"]["schemas"]
    assert schemas["bizenv-deadlines-2"] == document_schema("deadlines")
    assert schemas["bizenv-cases-2"] == document_schema("cases")
    assert schemas["bizenv-history-1"] == document_schema("history")
    operation = document["paths"]["/api/regions/{region}/deadlines"]["get"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/bizenv-deadlines-2"
    }
    assert operation["responses"]["4XX"]["content"]["application/problem+json"]
    assert set(schemas["Problem"]["properties"]["code"]["enum"]) == set(PROBLEM_CODES)
    assert "/api/calendars/{calendar}/office-hours" in document["paths"]


@pytest.mark.parametrize("path", ["/api/regions", "/api/calendars/CN-XJ/days/2024-10-01"])
def test_a_real_server_on_the_loopback_answers_the_same(client: Client, running: Any, path: str) -> None:
    with httpx.Client(base_url=running.url, timeout=30) as http:
        live = http.get(path)
    assert live.status_code == 200 and live.json() == client.get(path).json()


def test_a_real_server_takes_an_upload_and_serves_the_bulletin(running: Any, tokens: dict[str, str]) -> None:
    office = bearer(tokens["office"])
    with httpx.Client(base_url=running.url, timeout=60, headers=office) as http:
        sent = http.post(
            "/api/regions/yiwu/months/2024-07/returns",
            params={"as_of": "2024-07-31"},
            files={"data": ("2024-07.csv", (RETURNS / "2024-07.csv").read_bytes(), "text/csv")},
        )
        assert sent.status_code == 201, sent.text
        bulletin = http.get("/api/regions/yiwu/months/2024-07/bulletin", params={"format": "markdown"})
    assert bulletin.status_code == 200 and "2024" in bulletin.text
