#!/usr/bin/env bash
# Render what the monthly cycle makes for people to read, to look at it: a unit's ledger template (xlsx → pdf),
# the month's bulletin in each locale (docx → pdf), and every page as a PNG. Look at the pages: is the Chinese
# (and Uyghur) text rendered, do the tables fit the page, are the headers readable?
#
#   scripts/check_documents.sh [OUT_DIR]        default OUT_DIR: build/documents
#
# Needs LibreOffice (soffice) and pdftoppm; on Debian/Ubuntu they are installed if missing:
#   apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk poppler-utils
# Uses the bizenv of .venv (or $BIZENV) and the Yiwu example returns (examples/data/yiwu/returns/).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-build/documents}"
BIZENV="${BIZENV:-.venv/bin/bizenv}"
DATA=examples/data/yiwu

if ! command -v soffice >/dev/null || ! command -v pdftoppm >/dev/null; then
  if ! command -v apt-get >/dev/null; then
    echo "check_documents: install LibreOffice (soffice) and poppler-utils (pdftoppm), then run again" >&2
    exit 1
  fi
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk poppler-utils
fi

rm -rf "$OUT"
mkdir -p "$OUT/pages"
export BIZENV_DB="$OUT/snapshots.sqlite3"

# What is sent: one unit's template (a unit with many lines and long texts).
"$BIZENV" ledger template yiwu --out "$OUT" --unit 县发展和改革委员会 --as-of 2024-07-01 --return-by 2024-07-25
# What comes back: two months of returns, the second with case records for the compliance table.
"$BIZENV" ledger record yiwu --ledger "$DATA/returns/2024-06.csv" --as-of 2024-06-30
"$BIZENV" ledger record yiwu --ledger "$DATA/returns/2024-07.csv" --as-of 2024-07-31 --cases "$DATA/cases.csv" \
  2> "$OUT/record-2024-07.log" || { cat "$OUT/record-2024-07.log" >&2; exit 1; }
# What goes out: the bulletin, in each locale, in the form of an official notice (red masthead, 文号, 主送, 抄送).
cat > "$OUT/通报设置.toml" <<'TOML'
issuer = "伊吾县优化营商环境工作领导小组办公室"
number = "伊营商办〔2024〕8号"
to = ["各乡镇人民政府", "县直各部门单位"]
cc = ["县委办公室", "县人民政府办公室"]
issued_on = 2024-08-05
masthead = true
TOML
for locale in zh_Hans en ug; do
  "$BIZENV" bulletin yiwu --month 2024-07 --bottom 3 --settings "$OUT/通报设置.toml" \
    --locale "$locale" --out "$OUT/bulletin-$locale.docx"
done

# A profile folder of its own, so a LibreOffice already running (or its first-start dialogs) does not interfere.
PROFILE="file://$(cd "$OUT" && pwd)/libreoffice-profile"
soffice -env:UserInstallation="$PROFILE" --headless --convert-to pdf --outdir "$OUT" \
  "$OUT"/*.xlsx "$OUT"/bulletin-*.docx > "$OUT/soffice.log" 2>&1

for pdf in "$OUT"/*.pdf; do
  name="$(basename "$pdf" .pdf)"
  pdftoppm -png -r 60 "$pdf" "$OUT/pages/$name"
done
echo "check_documents: pages to look at:"
ls -1 "$OUT/pages"/*.png
