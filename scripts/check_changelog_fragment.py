"""Refuse a commit that changes src/ or plugins/ without a changelog fragment in changes/.

Run by pre-commit (.pre-commit-config.yaml). A fragment is changes/<issue>.<type>.md, type one of
added, changed, fixed, removed; a change that users cannot notice may skip it with SKIP_CHANGELOG=1.
"""

from __future__ import annotations

import os
import subprocess
import sys


def main() -> int:
    if os.environ.get("SKIP_CHANGELOG"):
        return 0
    staged = subprocess.run(
        ["git", "diff", "--cached", "--name-only"], capture_output=True, text=True, check=True
    ).stdout.split()
    code = [p for p in staged if p.startswith(("src/", "plugins/")) and not p.endswith(".json")]
    fragments = [p for p in staged if p.startswith("changes/") and p.endswith(".md")]
    if code and not fragments:
        print("changes under src/ or plugins/ need a fragment in changes/ (<issue>.<type>.md); see CHANGELOG.md")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
