"""The ``bizenv`` command. Each sub-command lives in its own module and registers itself here."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bizenv.cli import calendar, evaluate, profiles
from bizenv.cli._common import CliError

_COMMAND_MODULES = (profiles, calendar, evaluate)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bizenv",
        description="Business-environment measures, targets and working-time calendars for Xinjiang regions.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in _COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except CliError as exc:
        print(f"bizenv: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    return code


__all__ = ["build_parser", "main"]
