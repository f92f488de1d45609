"""The pages, as a browser without JavaScript uses them: sign in with a token, the unit's items, template and
return, each line's verdict; the office's month; CSRF on every form; Chinese, Uyghur (right to left) and English."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
from litestar import Litestar
from litestar.testing import TestClient
from tests.ledgers import fill_template

import bizenv
from bizenv.cycle import unit_tasks

Client = TestClient[Litestar]
DRC = "县发展和改革委员会"
FINANCE = "县财政局"


def csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "the page has no CSRF field"
    return found.group(1)


def sign_in(client: Client, token: str) -> str:
    form = client.get("/signin")
    answer = client.post("/signin", data={"token": token, "csrf": csrf(form.text)}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


def test_a_unit_signs_in_with_its_token_and_sees_its_items(client: Client, tokens: dict[str, str]) -> None:
    assert client.get("/unit").status_code == 401
    assert sign_in(client, tokens[DRC]) == "/unit"
    page = client.get("/unit", params={"month": "2024-07", "locale": "en"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    tasks = unit_tasks(bizenv.profile("yiwu"), DRC, dt.date(2024, 7, 31))
    for task in tasks:
        assert f'<td class="n">{task.id}</td>' in page.text
    assert "Days left" in page.text and "Role" in page.text and "<script" not in page.text
    assert FINANCE not in page.text.split("<main>")[1].split("Items of")[0]
    template = client.get("/unit/template", params={"month": "2024-07"})
    assert template.content.startswith(b"PK")
    sheet = openpyxl.load_workbook(io.BytesIO(template.content)).worksheets[1]
    assert sheet.cell(3, 2).value == DRC


def test_a_wrong_or_revoked_token_does_not_sign_in(client: Client, tokens: dict[str, str]) -> None:
    form = client.get("/signin")
    answer = client.post("/signin", data={"token": "bzv_u_nothing", "csrf": csrf(form.text)})
    assert answer.status_code == 401 and "text/html" in answer.headers["content-type"]
    feed = client.post("/signin", data={"token": tokens["feed"], "csrf": csrf(form.text)})
    assert feed.status_code == 401


def test_every_form_needs_its_csrf_token(client: Client, tokens: dict[str, str], sent: dict[str, Path]) -> None:
    client.get("/signin")
    assert client.post("/signin", data={"token": tokens[DRC]}).status_code == 403
    assert client.post("/signin", data={"token": tokens[DRC], "csrf": "forged"}).status_code == 403
    sign_in(client, tokens[DRC])
    upload = client.post("/unit/returns", params={"month": "2024-07"}, data={"csrf": "forged"},
                         files={"file": (sent[DRC].name, sent[DRC].read_bytes())})  # fmt: skip
    assert upload.status_code == 403 and "csrf" in upload.text
    # The API, authorised by its header and never by the cookie, needs none.
    api = client.post("/api/regions/yiwu/months/2024-07/returns", headers={"Authorization": f"Bearer {tokens[DRC]}"},
                      files={"data": (sent[DRC].name, sent[DRC].read_bytes())})  # fmt: skip
    assert api.status_code in (201, 422)
    cookie_only = client.get("/api/regions/yiwu/deadlines")
    assert cookie_only.status_code == 401


def test_a_unit_hands_in_its_return_and_sees_each_line_accepted_or_refused(
    client: Client, tokens: dict[str, str], sent: dict[str, Path]
) -> None:
    ids = [t.id for t in unit_tasks(bizenv.profile("yiwu"), DRC, dt.date(2024, 7, 1))]
    data = fill_template(sent[DRC], {ids[0]: ("推进中", None), ids[1]: ("做了一半", None)}).read_bytes()
    sign_in(client, tokens[DRC])
    page = client.get("/unit", params={"month": "2024-07", "locale": "en"})
    answer = client.post("/unit/returns", params={"month": "2024-07"}, data={"csrf": csrf(page.text)},
                         files={"file": ("我的台账.xlsx", data)})  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert "Accepted: 我的台账.xlsx" in answer.text
    rows = re.findall(r'<tr class="(ok|no|blank)"><td class="n">\d+</td><td class="n">([^<]+)</td>', answer.text)
    assert (("ok", ids[0]) in rows) and (("no", ids[1]) in rows) and ("blank", ids[2]) in rows
    assert "left blank: no answer" in answer.text
    assert "is not understood" in answer.text  # the refused line's reason, in English
    refused = client.post("/unit/returns", params={"month": "2024-07"}, data={"csrf": csrf(page.text)},
                          files={"file": ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(300))})  # fmt: skip
    assert refused.status_code == 415 and "text/html" in refused.headers["content-type"]


def test_the_office_sees_who_has_and_has_not_reported_and_gets_the_bulletin(
    client: Client, tokens: dict[str, str], sent: dict[str, Path], fill: Callable[..., Path]
) -> None:
    ids = [t.id for t in unit_tasks(bizenv.profile("yiwu"), DRC, dt.date(2024, 7, 1))]
    fill(sent[DRC], {ids[0]: ("推进中", None)})
    api = client.post("/api/regions/yiwu/months/2024-07/returns", params={"as_of": "2024-07-31"},
                      headers={"Authorization": f"Bearer {tokens[DRC]}"},
                      files={"data": (sent[DRC].name, sent[DRC].read_bytes())})  # fmt: skip
    assert api.status_code == 201
    assert sign_in(client, tokens["office"]) == "/office"
    page = client.get("/office", params={"month": "2024-07", "locale": "en"})
    assert page.status_code == 200
    assert re.search(rf'<tr class="ok"><td[^>]*>{DRC}</td><td[^>]*>reported</td>', page.text)
    assert re.search(rf'<tr class="no"><td[^>]*>{FINANCE}</td><td[^>]*>not reported</td>', page.text)
    uyghur = client.get("/office", params={"month": "2024-07", "locale": "ug"}).text
    assert '<bdi dir="ltr">2024-07-31</bdi>' in uyghur, "a date in Uyghur prose keeps its order"
    docx = client.get("/office/bulletin", params={"month": "2024-07", "format": "docx"})
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    # A unit's session does not open the office's page.
    client.cookies.clear()
    sign_in(client, tokens[DRC])
    assert client.get("/office").status_code == 403


def test_the_pages_speak_chinese_uyghur_right_to_left_and_english(client: Client, tokens: dict[str, str]) -> None:
    sign_in(client, tokens[DRC])
    chinese = client.get("/unit", params={"month": "2024-07", "locale": "zh_Hans"}).text
    uyghur = client.get("/unit", params={"month": "2024-07", "locale": "ug"}).text
    english = client.get("/unit", params={"month": "2024-07", "locale": "en"}).text
    assert 'lang="zh-Hans" dir="ltr"' in chinese and "剩余天数" in chinese
    assert 'lang="ug" dir="rtl"' in uyghur and "<bdi" in uyghur
    assert re.search(r"<td[^>]*><bdi[^>]*>\d", uyghur), "figures are isolated in the right-to-left page"
    assert 'lang="en" dir="ltr"' in english and "Days left" in english
    # The choice is kept for the next page.
    client.get("/unit", params={"month": "2024-07", "locale": "ug"})
    assert 'dir="rtl"' in client.get("/unit", params={"month": "2024-07"}).text
