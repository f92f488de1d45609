"""The bar of ``bizenv ledger record`` (many returned ledgers) and ``bizenv build-profile``: drawn on stderr when
it is a terminal, never on a pipe or a file; and the progress reports the library makes for it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from tests.cycle.conftest import TEST_REGION

from bizenv import progress
from bizenv.cli import main


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _percents(drawn: str, label: str) -> list[int]:
    bars = [part for part in drawn.split("\r") if part.startswith(label)]
    return [int(b.split("]")[1].split("%")[0]) for b in bars]


def _ledgers(folder: Path, count: int) -> Path:
    folder.mkdir()
    for k in range(count):
        (folder / f"return-{k}.csv").write_text("措施编号,状态,完成日期\n1,推进中,\n", "utf-8")
    return folder


@pytest.fixture
def testland_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name, value in {
        "BIZENV_PLUGINS": "",
        "BIZENV_PROFILE_FILES": str(TEST_REGION),
        "BIZENV_LOCALE": "en",
        "BIZENV_DB": str(tmp_path / "db.sqlite3"),
    }.items():
        monkeypatch.setenv(name, value)


@pytest.mark.usefixtures("testland_env")
def test_ledger_record_of_many_files_draws_a_bar_on_a_terminal_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _ledgers(tmp_path / "returns", 6)
    args = ["ledger", "record", "testland", "--ledger", str(folder), "--as-of", "2024-07-31"]
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.setattr("sys.stdout", io.StringIO())
    assert main(args) == 0
    percents = _percents(terminal.getvalue(), "bizenv ledger record")
    assert percents == sorted(percents) and percents[0] < 100 and percents[-1] == 100
    assert "bizenv ledger record [" + "#" * 30 + "] 100%\n" in terminal.getvalue()
    pipe = io.StringIO()
    monkeypatch.setattr("sys.stderr", pipe)
    assert main(args) == 0
    assert "\r" not in pipe.getvalue() and "bizenv ledger record [" not in pipe.getvalue()


@pytest.mark.usefixtures("testland_env")
def test_ledger_record_of_a_few_files_draws_no_bar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _ledgers(tmp_path / "returns", 2)
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.setattr("sys.stdout", io.StringIO())
    assert main(["ledger", "record", "testland", "--ledger", str(folder), "--as-of", "2024-07-31"]) == 0
    assert "\r" not in terminal.getvalue()


def test_build_profile_draws_its_steps_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.sources.test_build import doc_files

    def run(stream: io.StringIO, root: Path) -> str:
        for name, body in doc_files().items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(body, encoding="utf-8")
        monkeypatch.setattr("sys.stderr", stream)
        monkeypatch.setattr("sys.stdout", io.StringIO())
        assert main(["build-profile", str(root), "--locale", "en"]) == 0
        return stream.getvalue()

    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        drawn = run(_Terminal(), Path(folder) / "a")
        assert _percents(drawn, "bizenv build-profile") == [25, 50, 75, 100]
        assert run(io.StringIO(), Path(folder) / "b") == ""


def test_reports_go_to_the_reporter_set_for_the_call_and_nowhere_else() -> None:
    seen: list[tuple[int, int]] = []
    progress.report(1, 2)  # no reporter: nothing happens
    with progress.reporting(lambda done, total: seen.append((done, total))):
        progress.report(1, 3)
        with progress.reporting(None):
            progress.report(2, 3)
        progress.report(3, 3)
    progress.report(4, 4)
    assert seen == [(1, 3), (3, 3)]
