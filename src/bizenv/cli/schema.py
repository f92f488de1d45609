"""``bizenv schema NAME``: the JSON Schema of a profile file or of a document the commands write."""

from __future__ import annotations

import argparse
from typing import Any

from bizenv.cli._common import write_json
from bizenv.i18n import _
from bizenv.io.documents import DOCUMENTS, document_schema
from bizenv.profile_file import profile_schema

NAMES = ("profile", *DOCUMENTS)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "schema",
        help=_("print the JSON Schema of a profile file or of a command's JSON output"),
        description=_(
            "Print a JSON Schema, generated from bizenv's classes: profile (the region data file), or the JSON "
            "document of a command (cases, deadlines, thresholds, scores, comparison). docs/schemas/ holds them too."
        ),
    )
    p.add_argument("name", choices=NAMES)
    p.set_defaults(run=cmd_schema)


def cmd_schema(args: argparse.Namespace) -> int:
    write_json(profile_schema() if args.name == "profile" else document_schema(args.name))
    return 0
