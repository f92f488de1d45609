#!/usr/bin/env bash
# Print the HTML report as a reader would (Chromium's print to PDF, A4) and check that it prints whole: every case
# target and every quantity target of the report is on the paper, every page is A4. Then look at the pages (PNG):
# do the tables repeat their header row on each page, are rows kept whole, does nothing run off the page?
#
#   scripts/check_report_print.sh [OUT_DIR]        default OUT_DIR: build/report-print
#
# Needs Chromium, poppler-utils (pdftoppm, pdftotext, pdfinfo) and the Noto CJK fonts; on Debian/Ubuntu they are
# installed if missing:
#   apt-get install -y chromium poppler-utils fonts-noto-cjk
# Uses the bizenv of .venv (or $BIZENV) and the Bazhou example data (examples/data/bazhou/).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-build/report-print}"
BIZENV="${BIZENV:-.venv/bin/bizenv}"
PYTHON="${PYTHON:-.venv/bin/python}"
DATA=examples/data/bazhou
CHROMIUM="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"

if [ -z "$CHROMIUM" ] || ! command -v pdftoppm >/dev/null || ! command -v pdftotext >/dev/null; then
  if ! command -v apt-get >/dev/null; then
    echo "check_report_print: install Chromium and poppler-utils (pdftoppm, pdftotext), then run again" >&2
    exit 1
  fi
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q chromium poppler-utils fonts-noto-cjk
  CHROMIUM="$(command -v chromium || command -v chromium-browser)"
fi

rm -rf "$OUT"
mkdir -p "$OUT/pages"
OUT="$(cd "$OUT" && pwd)"
for locale in zh_Hans ug; do
  "$BIZENV" report bazhou --cases "$DATA/cases.csv" --ledger "$DATA/ledger.csv" \
    --observations "$DATA/observations.csv" --values "$DATA/values.csv" --as-of 2024-07-01T12:00+08:00 \
    --format html --locale "$locale" --out "$OUT/report-$locale.html" 2> "$OUT/report-$locale.log"
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$OUT/report-$locale.pdf" "file://$OUT/report-$locale.html" > "$OUT/chromium.log" 2>&1
  pdftotext -layout "$OUT/report-$locale.pdf" "$OUT/report-$locale.txt"
  pdftoppm -png -r 50 "$OUT/report-$locale.pdf" "$OUT/pages/report-$locale"
  # Every page A4 (595 × 842 pt).
  if pdfinfo -f 1 -l 9999 "$OUT/report-$locale.pdf" | grep "^Page .* size:" | grep -qv "(A4)"; then
    echo "check_report_print: $locale: a page is not A4" >&2
    exit 1
  fi
  # Every row of the folded tables is on the paper: each cell of the first column of every table is in the text.
  "$PYTHON" - "$OUT/report-$locale.html" "$OUT/report-$locale.txt" <<'EOF'
import re
import sys
from html import unescape

# pdftotext writes right-to-left lines with bidi controls and mirrored brackets: both are left out of the compare.
IGNORED = dict.fromkeys(map(ord, "()\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def squashed(text):
    return "".join(text.split()).translate(IGNORED)


html, text = (open(p, encoding="utf-8").read() for p in sys.argv[1:])
printed = squashed(text)


def on_paper(word):
    # pdftotext also writes the lam-alef ligature (لا) as alef-lam.
    return squashed(word) in printed or squashed(word).replace("لا", "ال") in printed


missing, rows = [], 0
for body in re.findall(r"<tbody>(.*?)</tbody>", html, flags=re.S):
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S):
        rows += 1
        first = re.sub(r"<[^>]+>", "", row.split("</td>")[0])
        # Word by word: a right-to-left cell of several words comes out of pdftotext in another word order.
        if not all(on_paper(word) for word in unescape(first).split()):
            missing.append(first)
if missing:
    sys.exit(f"check_report_print: {len(missing)} of {rows} table rows are not on the paper, e.g. {missing[:5]}")
print(f"check_report_print: {sys.argv[1]}: all {rows} table rows printed")
EOF
done
echo "check_report_print: pages to look at:"
ls -1 "$OUT/pages"/*.png | head -n 12
echo "… $(ls -1 "$OUT/pages"/*.png | wc -l) pages in all"
