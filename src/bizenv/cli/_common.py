from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from collections.abc import Sequence
from typing import Any

from bizenv.cli._cells import cells
from bizenv.cli._headings import heading
from bizenv.environment import Environment
from bizenv.errors import BizenvError
from bizenv.i18n import _
from bizenv.io.case_files import safe_cell
from bizenv.layout import markdown_table, text_table
from bizenv.model import RegionProfile
from bizenv.plaindata import converter
from bizenv.records import Rejection

_PLAIN = converter()


class CliError(BizenvError):
    """A usage or input error: printed as one line, exit code 2."""


def environment(args: argparse.Namespace) -> Environment:
    """The environment of this run of the command (made by :func:`bizenv.cli.main`)."""
    env: Environment = args.env
    return env


def get_profile(args: argparse.Namespace) -> RegionProfile:
    """The profile of the region the command names."""
    return environment(args).profile(args.region)


def json_safe(value: Any) -> Any:
    """``value`` with NaN and infinities as null: JSON has no such numbers."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def write_json(data: Any) -> None:
    json.dump(json_safe(data), sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
    sys.stdout.write("\n")


# One rule for a safe CSV cell, shared with the streamed case outputs.
_safe_cell = safe_cell


def write_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([[_safe_cell(v) for v in row] for row in rows])
    sys.stdout.write(buffer.getvalue())


def write_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    print("\n".join(text_table(headers, rows)))


def write_markdown(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    print("\n".join(markdown_table(headers, rows)))


def _flat(rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    # Lists stay lists in JSON; a table or CSV cell shows them joined.
    return [["、".join(map(str, v)) if isinstance(v, list | tuple) else v for v in row] for row in rows]


def write_rows(
    fmt: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    profile: RegionProfile | None = None,
    *,
    codes: bool = False,
) -> None:
    """Rows in a format. Tables and markdown get translated headings and cells (codes as their names, computed
    numbers rounded, a sub-unit of ``profile`` by its name; ``codes``: cells as they are, for a list of codes);
    JSON and CSV keep the keys, codes and numbers."""
    if fmt in ("table", "markdown") and not codes:
        rows = cells(headers, rows, profile)
    if fmt != "json":
        rows = _flat(rows)
    if fmt == "markdown":
        write_markdown([heading(h) for h in headers], rows)
    elif fmt == "json":
        write_json([dict(zip(headers, row, strict=True)) for row in rows])
    elif fmt == "csv":
        write_csv(headers, rows)
    else:
        write_table([heading(h) for h in headers], rows)


def flat_rows(rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Document rows (attrs objects) as flat dicts for a table or CSV: lists joined, nested objects as text."""
    out = []
    for row in rows:
        flat: dict[str, Any] = {}
        for key, value in _PLAIN.unstructure(row).items():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                value = "; ".join(
                    ": ".join("/".join(map(str, v)) if isinstance(v, list) else str(v) for v in item.values())
                    for item in value
                )
            flat[key] = value
        out.append(flat)
    return out


def write_dicts(
    fmt: str,
    rows: Sequence[dict[str, Any]],
    headers: Sequence[str] | None = None,
    profile: RegionProfile | None = None,
) -> None:
    """Flat dict rows in any format; the headers default to the first row's keys."""
    keys = list(headers or (rows[0].keys() if rows else []))
    write_rows(fmt, keys, [[row.get(k) for k in keys] for row in rows], profile)


def report_rejections(rejections: Sequence[Rejection]) -> None:
    """Rejected input records go to stderr, one line each, with their count, whatever the output format."""
    for rejection in rejections:
        print(_("bizenv: rejected: {rejection}").format(rejection=rejection.localized_line()), file=sys.stderr)
    if rejections:
        print(_("bizenv: {count} record(s) rejected").format(count=len(rejections)), file=sys.stderr)
