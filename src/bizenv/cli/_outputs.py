"""What every command with ``--out`` obeys, in one place: an output never replaces one of the command's inputs,
an existing output is replaced only with ``--force``, and a file's extension matches what is written into it."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from pathlib import Path

from bizenv.cli._common import CliError
from bizenv.i18n import _

#: The extensions a file written in each format may have (a format missing here has no rule).
SUFFIXES: dict[str, tuple[str, ...]] = {
    "json": (".json",),
    "jsonl": (".jsonl", ".ndjson"),
    "csv": (".csv",),
    "table": (".txt",),
    "text": (".txt",),
    "markdown": (".md", ".markdown"),
    "html": (".html", ".htm"),
    "docx": (".docx",),
    "ics": (".ics",),
    "parquet": (".parquet",),
    "toml": (".toml",),
}


def add_force(parser: argparse.ArgumentParser) -> None:
    """Give a command with ``--out`` the ``--force`` that lets it replace an existing file."""
    options = {o for action in parser._actions for o in action.option_strings}
    if "--out" in options and "--force" not in options:
        parser.add_argument("--force", action="store_true", help=_("replace --out if it exists"))


def _inputs(args: argparse.Namespace) -> Iterator[tuple[str, Path]]:
    for name, value in vars(args).items():
        if name == "out":
            continue
        for item in value if isinstance(value, list | tuple) else (value,):
            if isinstance(item, Path):
                yield name, item


def _same(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_output(args: argparse.Namespace) -> None:
    """Refuse the command's ``--out`` before anything is read when it names an input, exists without
    ``--force``, or has an extension that does not match the format written."""
    out = getattr(args, "out", None)
    if not isinstance(out, Path) or getattr(args, "out_is_folder", False):
        return
    for name, given in _inputs(args):
        inside = given.is_dir() and out.resolve().is_relative_to(given.resolve())
        if _same(out, given) or out.resolve() == given.resolve() or (inside and name == "db"):
            option = "--" + name.replace("_", "-")
            raise CliError(
                _("--out {path} is the command's input {option}: an output never replaces an input").format(
                    path=out, option=option
                )
            )
    if out.exists() and not getattr(args, "force", False):
        raise CliError(_("--out {path} exists; pass --force to replace it").format(path=out))
    fmt = getattr(args, "out_format", None) or getattr(args, "format", None)
    allowed = SUFFIXES.get(str(fmt)) if fmt else None
    if allowed and out.suffix.lower() not in allowed:
        raise CliError(
            _("--out {path}: {format} output is written to a file named *{suffix}").format(
                path=out, format=fmt, suffix=allowed[0]
            )
        )


__all__ = ["SUFFIXES", "add_force", "check_output"]
