from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

pytest.importorskip("litestar", reason="bizenv serve needs its extra: pip install 'bizenv[serve]'")

import uvicorn
from litestar import Litestar
from litestar.testing import TestClient
from tests.ledgers import fill_template

import bizenv
from bizenv.cycle import task_lists, write_templates
from bizenv.cycle.templates import TITLE_ROWS
from bizenv.serve import ServeDb, create_app

ROOT = Path(__file__).resolve().parents[2]
RETURNS = ROOT / "examples" / "data" / "yiwu" / "returns"
CASES = ROOT / "examples" / "data" / "yiwu" / "cases.csv"
OBSERVATIONS = ROOT / "examples" / "data" / "yiwu" / "observations.csv"
DRC = "县发展和改革委员会"
FINANCE = "县财政局"
JULY = dt.date(2024, 7, 1)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "office" / "snapshots.sqlite3"


@pytest.fixture
def app(db: Path) -> Litestar:
    return create_app(db=db)


@pytest.fixture
def client(app: Litestar) -> Iterator[TestClient[Litestar]]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def tokens(db: Path, app: Litestar) -> dict[str, str]:
    serve_db = ServeDb(db)
    return {
        "office": serve_db.issue("yiwu", "office")[0],
        DRC: serve_db.issue("yiwu", "unit", DRC)[0],
        FINANCE: serve_db.issue("yiwu", "unit", FINANCE)[0],
        "feed": serve_db.issue("yiwu", "feed", DRC)[0],
        "bazhou": serve_db.issue("bazhou", "office")[0],
    }


@pytest.fixture
def sent(tmp_path: Path) -> dict[str, Path]:
    """The July templates of two Yiwu units, as the office sent them."""
    yiwu = bizenv.profile("yiwu")
    lists = task_lists(yiwu, JULY, (DRC, FINANCE))
    paths = write_templates(tmp_path / "sent", yiwu, lists, JULY)
    return dict(zip(lists, paths, strict=True))


@pytest.fixture(name="fill")
def fill_fixture() -> object:
    """:func:`tests.ledgers.fill_template`, for the tests."""
    return fill_template


def first_items(path: Path, count: int) -> list[str]:
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[1]
    ids = [str(r[0]) for r in sheet.iter_rows(min_row=TITLE_ROWS + 2, max_col=1, values_only=True) if r[0]]
    return ids[:count]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Running:
    """A real uvicorn on 127.0.0.1 and a free port, in a thread; stops by itself when the block ends."""

    def __init__(self, app: Litestar) -> None:
        self.port = free_port()
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Running:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)
        assert not self.thread.is_alive(), "uvicorn did not stop"


@pytest.fixture(name="Running")
def running_class() -> type[Running]:
    return Running


@pytest.fixture
def running(app: Litestar) -> Iterator[Running]:
    with Running(app) as server:
        yield server
