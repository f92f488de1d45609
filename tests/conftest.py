from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest

import bizenv
from bizenv.cli import main
from bizenv.i18n import DEFAULT_LOCALE, using_locale

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_PLUGIN = ROOT / "examples" / "bizenv-example-region"
EXAMPLE_PROFILE = EXAMPLE_PLUGIN / "src" / "bizenv_example_region" / "profile.toml"


@pytest.fixture(autouse=True)
def _locale_restored() -> Iterator[None]:
    """Each test starts in the library's default locale, whatever the test before it set."""
    with using_locale(DEFAULT_LOCALE):
        yield


@pytest.fixture
def example_profile() -> bizenv.RegionProfile:
    return bizenv.load_profile(EXAMPLE_PROFILE)


@attrs.frozen
class Done:
    """What a run of the command left: its exit code and what it wrote (as subprocess.CompletedProcess has)."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Done]:
    """Run ``bizenv ARGS`` in this process, with environment variables set for the run; each run gets a fresh
    environment (plugins, calendars), as a separate process would."""

    def run(*args: str, env: dict[str, str | None] | None = None) -> Done:
        with monkeypatch.context() as patch:
            for name, value in (env or {}).items():
                if value is None:
                    patch.delenv(name, raising=False)
                else:
                    patch.setenv(name, value)
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = main(list(args))
                except SystemExit as exc:  # argparse's usage errors
                    code = exc.code if isinstance(exc.code, int) else 2
            return Done(code, out.getvalue(), err.getvalue())

    return run
