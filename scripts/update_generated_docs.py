"""Rewrite the generated parts of the docs from the code: the profile JSON Schema, the JSON Schemas of the
commands' documents, the field reference of docs/profile-format.md and the count tables of the region plugins'
READMEs. Tests fail when any is stale.

    python scripts/update_generated_docs.py
"""

from __future__ import annotations

import json
from pathlib import Path

from bizenv.io.documents import DOCUMENTS, document_schema
from bizenv.profile_file import field_reference, load_profile, profile_schema
from bizenv.sources.counts import with_counts

ROOT = Path(__file__).resolve().parents[1]
BEGIN = "<!-- generated: field reference (scripts/update_generated_docs.py) -->"
END = "<!-- end of the generated field reference -->"


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    (ROOT / "docs" / "profile-schema.json").write_text(_json(profile_schema()), encoding="utf-8")
    for name in DOCUMENTS:
        (ROOT / "docs" / "schemas" / f"{name}.json").write_text(_json(document_schema(name)), encoding="utf-8")
    page = ROOT / "docs" / "profile-format.md"
    text = page.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    page.write_text(f"{head}{BEGIN}\n\n{field_reference()}\n{END}{tail}", encoding="utf-8")
    for readme in sorted(ROOT.glob("plugins/bizenv-*/README.md")):
        profile = load_profile(next(readme.parent.glob("src/bizenv_*/profile.json")))
        readme.write_text(with_counts(readme.read_text(encoding="utf-8"), profile), encoding="utf-8")


if __name__ == "__main__":
    main()
