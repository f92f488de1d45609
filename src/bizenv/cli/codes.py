"""``bizenv categories`` and ``bizenv metrics``: the codes a curated file or a profile may use, with their names in
Chinese, English and Uyghur (what a plugin author looks up while writing the data)."""

from __future__ import annotations

import argparse
from typing import Any

from bizenv.cli._common import environment, write_rows
from bizenv.i18n import _, using_locale
from bizenv.metrics import registry
from bizenv.model import Metric
from bizenv.taxonomy import CATEGORIES, category

FORMATS = ("table", "json", "csv")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "categories",
        help=_("list the indicator category codes, with their names in Chinese, English and Uyghur"),
    )
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(run=cmd_categories)

    p = sub.add_parser(
        "metrics",
        help=_("list the metric codes targets may use, with their names, kind, direction and units"),
    )
    p.add_argument("--category", help=_("only the metrics of this indicator category code"))
    p.add_argument("--region", help=_("also the metrics this installed region's profile defines"))
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(run=cmd_metrics)


def _in_every_locale(english: str) -> tuple[str, str]:
    """A catalog message in English and in Uyghur."""
    with using_locale("ug"):
        return english, _(english)


def cmd_categories(args: argparse.Namespace) -> int:
    rows = [[c.code, c.zh, *_in_every_locale(c.en), c.national, "、".join(c.aliases)] for c in CATEGORIES]
    write_rows(args.format, ["code", "name_zh", "name_en", "name_ug", "national", "aliases"], rows)
    return 0


def cmd_metrics(args: argparse.Namespace) -> int:
    metrics: list[Metric] = list(registry().values())
    if args.region:
        metrics += list(environment(args).profile(args.region).metrics)
    if args.category:
        category(args.category)  # an unknown code is an error listing the known ones, not an empty table
        metrics = [m for m in metrics if m.category == args.category]
    rows = [
        [m.code, m.names.zh, m.names.en, m.names.ug, m.kind, m.direction, list(m.units), m.category, m.counter]
        for m in metrics
    ]
    headers = ["code", "name_zh", "name_en", "name_ug", "kind", "direction", "allowed_units", "category", "counter"]
    # The codes are what a curated file or a profile writes: shown as they are, with the names beside them.
    write_rows(args.format, headers, rows, codes=True)
    return 0
