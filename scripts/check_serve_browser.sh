#!/usr/bin/env bash
# Drive bizenv serve as a person does, in headless Chromium: a unit signs in with its token, downloads its
# template, fills it in, uploads it and reads each line's verdict (in Chinese, Uyghur and English); the office
# sees who has reported and downloads the 通报. Screenshots go to build/serve-browser/: look at them.
#
#   scripts/check_serve_browser.sh            # runs tests_browser/ with pytest
#
# The tests are kept out of the default test run (pyproject's testpaths does not name tests_browser/): the CI
# machine has no browser. Needs Debian's chromium (installed here with apt-get if missing) and Playwright's Python
# package (installed into .venv if missing; it drives /usr/bin/chromium, no browser of its own is downloaded).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"

if [ ! -x /usr/bin/chromium ]; then
  if ! command -v apt-get >/dev/null; then
    echo "check_serve_browser: install Chromium (/usr/bin/chromium), then run again" >&2
    exit 1
  fi
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q chromium fonts-noto-cjk fonts-noto-core
fi
if ! "$PYTHON" -c "import playwright" 2>/dev/null; then
  "$PYTHON" -m pip install -q "playwright>=1.40"
fi

rm -rf build/serve-browser
"$PYTHON" -m pytest -q -p no:randomly tests_browser "$@"
echo "check_serve_browser: screenshots in build/serve-browser/:"
ls build/serve-browser/
