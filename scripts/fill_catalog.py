"""Fill untranslated catalog entries from a table (msgid → translation) and the English catalog from the msgids.

    python scripts/fill_catalog.py LOCALE table.json     # {"msgid": "translation", ...}
    python scripts/fill_catalog.py en                     # English: each msgid is its own translation

The rest of the workflow is in docs/translations.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALE_DIR = Path(__file__).resolve().parents[1] / "src" / "bizenv" / "locale"


def main(argv: list[str]) -> int:
    locale = argv[0]
    table = json.loads(Path(argv[1]).read_text(encoding="utf-8")) if len(argv) > 1 else {}
    path = LOCALE_DIR / locale / "LC_MESSAGES" / "bizenv.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    filled = 0
    for message in catalog:
        if message.id and not message.string:
            if locale == "en":
                message.string = message.id
            elif message.id in table:
                message.string = table[message.id]
            else:
                continue
            filled += 1
    with path.open("wb") as handle:
        write_po(handle, catalog, width=76, sort_output=True, ignore_obsolete=True)
    left = [m.id for m in catalog if m.id and not m.string]
    print(f"{locale}: filled {filled}; still untranslated: {left}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
