"""The ``bizenv`` command. Each sub-command lives in its own module and registers itself here."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from typing import NoReturn

from bizenv.cli import build, calendar, evaluate, profiles, report
from bizenv.environment import Environment
from bizenv.errors import BizenvError
from bizenv.i18n import DEFAULT_LOCALE, LOCALES, normalise_locale, using_locale

_COMMAND_MODULES = (profiles, calendar, evaluate, report, build)
#: Environment variable with the locale to use when --locale is not given.
ENV_LOCALE = "BIZENV_LOCALE"


def _locale(text: str) -> str:
    try:
        return normalise_locale(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _commands(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield child
                yield from _commands(child)


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr (with where to find help) and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``bizenv`` command, with every sub-command."""
    parser = Parser(
        prog="bizenv",
        description="Business-environment measures, targets and working-time calendars for Xinjiang regions.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)
    for module in _COMMAND_MODULES:
        module.register(sub)
    for command in [parser, *_commands(parser)]:
        command.add_argument(
            "--locale",
            type=_locale,
            default=argparse.SUPPRESS,
            help=f"language of headings and reports: {', '.join(LOCALES)} "
            f"(default: ${ENV_LOCALE}, else {DEFAULT_LOCALE})",
        )
    return parser


def main(argv: Sequence[str] | None = None, *, env: Environment | None = None) -> int:
    """Run the command with ``argv`` (default: the process arguments); returns the exit code.

    Each run works in its own :class:`~bizenv.Environment` (``env``, or a fresh one), so runs in one
    process do not share loaded plugins or calendars.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    args.env = env if env is not None else Environment()
    try:
        locale = normalise_locale(getattr(args, "locale", None) or os.environ.get(ENV_LOCALE) or DEFAULT_LOCALE)
    except ValueError as exc:
        print(f"bizenv: error: ${ENV_LOCALE}: {exc}", file=sys.stderr)
        return 2
    with using_locale(locale):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        code: int = args.run(args)
    except BizenvError as exc:
        print(f"bizenv: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    return code


__all__ = ["build_parser", "main"]
