"""A unit's journey and the office's download in headless Chromium, as a person goes through them: sign in with
the token, see the items, download the template, fill it in, upload it, read each line's verdict; switch to
Uyghur; the office sees who reported and downloads the 通报. Screenshots go to build/serve-browser/ to be looked at.

Not part of the default test run (no browser on CI): scripts/check_serve_browser.sh installs Chromium and
Playwright and runs these."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright

import bizenv
from bizenv.cycle import unit_tasks
from bizenv.cycle.templates import TITLE_ROWS
from bizenv.serve import ServeDb, create_app

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "build" / "serve-browser"
CHROMIUM = "/usr/bin/chromium"
DRC = "县发展和改革委员会"
FINANCE = "县财政局"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    db = tmp_path_factory.mktemp("serve") / "snapshots.sqlite3"
    app = create_app(db=db)
    serve_db = ServeDb(db)
    tokens = {
        DRC: serve_db.issue("yiwu", "unit", DRC)[0],
        FINANCE: serve_db.issue("yiwu", "unit", FINANCE)[0],
        "office": serve_db.issue("yiwu", "office")[0],
    }
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", tokens
    running.should_exit = True
    thread.join(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def sign_in(page: Page, url: str, token: str) -> None:
    page.goto(f"{url}/signin?locale=zh_Hans")
    page.fill("input[name=token]", token)
    page.click("button[type=submit]")


def test_a_unit_signs_in_downloads_fills_and_hands_in_its_return(
    server: tuple[str, dict[str, str]], browser: Browser, tmp_path: Path
) -> None:
    url, tokens = server
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, url, tokens[DRC])
    expect(page).to_have_url(f"{url}/unit")
    page.goto(f"{url}/unit?month=2024-07")
    tasks = unit_tasks(bizenv.profile("yiwu"), DRC, dt.date(2024, 7, 31))
    expect(page.locator("tbody tr")).to_have_count(len(tasks))
    page.screenshot(path=SHOTS / "1-unit-items-zh.png", full_page=False)

    with page.expect_download() as fetched:
        page.click("a[href^='/unit/template']")
    template = tmp_path / fetched.value.suggested_filename
    fetched.value.save_as(template)
    book = openpyxl.load_workbook(template)
    sheet = book.worksheets[1]
    ids = []
    for (cell,) in sheet.iter_rows(min_row=TITLE_ROWS + 2, max_col=1):
        ids.append(cell.value)
        if len(ids) == 1:
            sheet.cell(cell.row, 8, "已完成")
            sheet.cell(cell.row, 9, dt.date(2024, 7, 12))
        elif len(ids) == 2:
            sheet.cell(cell.row, 8, "推进中")
        elif len(ids) == 3:
            sheet.cell(cell.row, 8, "快完成了")  # not a status word: refused, with the reason
    book.save(template)

    page.set_input_files("input[type=file]", str(template))
    page.click("form[enctype] button[type=submit]")
    expect(page.locator(".msg.good")).to_contain_text(template.name)
    expect(page.locator("tr.no").first).to_contain_text(str(ids[2]))
    expect(page.locator("tr.ok").first).to_be_visible()
    page.locator("h3").first.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "2-unit-return-verdicts-zh.png", full_page=False)

    page.click("a[lang=ug]")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.screenshot(path=SHOTS / "3-unit-items-ug.png", full_page=False)
    page.click("a[lang=en]")
    expect(page.locator("h2").first).to_contain_text("Items of")
    page.screenshot(path=SHOTS / "4-unit-items-en.png", full_page=False)
    context.close()


def test_the_office_sees_who_reported_and_downloads_the_bulletin(
    server: tuple[str, dict[str, str]], browser: Browser, tmp_path: Path
) -> None:
    url, tokens = server
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, url, tokens["office"])
    expect(page).to_have_url(f"{url}/office")
    page.goto(f"{url}/office?month=2024-07")
    expect(page.get_by_role("cell", name=DRC, exact=True).first).to_be_visible()
    expect(page.locator("tr.ok", has=page.get_by_role("cell", name=DRC, exact=True))).to_have_count(1)
    expect(page.locator("tr.no", has=page.get_by_role("cell", name=FINANCE, exact=True))).to_have_count(1)
    page.screenshot(path=SHOTS / "5-office-month-zh.png", full_page=False)
    with page.expect_download() as fetched:
        page.click("a[href*='format=docx']")
    bulletin = tmp_path / fetched.value.suggested_filename
    fetched.value.save_as(bulletin)
    assert bulletin.suffix == ".docx" and bulletin.read_bytes().startswith(b"PK")
    page.click("a[lang=ug]")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.screenshot(path=SHOTS / "6-office-month-ug.png", full_page=False)
    context.close()
