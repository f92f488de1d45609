"""Changelog fragments are well named and towncrier can gather them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FRAGMENT = re.compile(r"^(\d+|\+[\w-]+)\.(added|changed|fixed|removed)(\.\d+|\.[a-z]+-\d+)?\.md$")


def test_fragments_are_named_for_an_issue_and_a_type() -> None:
    names = [p.name for p in (ROOT / "changes").iterdir() if p.name != ".gitkeep"]
    assert names, "no fragments: a release would have nothing to say"
    assert [n for n in names if not FRAGMENT.match(n)] == []


def test_towncrier_builds_the_release_notes() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "towncrier", "build", "--draft", "--version", "0.2.0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "### Changed" in done.stdout or "Changed" in done.stdout
