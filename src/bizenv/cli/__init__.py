"""The ``bizenv`` command. Each sub-command lives in its own module and registers itself here."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from typing import NoReturn

from bizenv import __version__
from bizenv.cli import build, calendar, codes, completion, cycle, evaluate, profiles, report, schema, serve
from bizenv.cli._argparse_i18n import argparse_in_locale
from bizenv.cli._outputs import add_force, check_output
from bizenv.environment import Environment
from bizenv.errors import BizenvError
from bizenv.i18n import DEFAULT_LOCALE, LOCALES, _, normalise_locale, using_locale

_COMMAND_MODULES = (profiles, codes, calendar, evaluate, report, cycle, serve, build, schema, completion)
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
        line = _("{prog}: error: {message} (see {prog} --help)").format(prog=self.prog, message=message)
        self.exit(2, line + "\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``bizenv`` command, with every sub-command, its help in the current locale."""
    parser = Parser(
        prog="bizenv",
        description=_("Business-environment measures, targets and working-time calendars for Xinjiang regions."),
    )
    parser.add_argument(
        "--version", action="version", version=f"bizenv {__version__}", help=_("show program's version number and exit")
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)
    for module in _COMMAND_MODULES:
        module.register(sub)
    for command in [parser, *_commands(parser)]:
        add_force(command)
        command.add_argument(
            "--locale",
            type=_locale,
            default=argparse.SUPPRESS,
            help=_(
                "language of headings, reports, help and messages: {locales} (default: ${env}, else {default})"
            ).format(locales=", ".join(LOCALES), env=ENV_LOCALE, default=DEFAULT_LOCALE),
        )
    return parser


def _locale_asked(argv: Sequence[str]) -> str | None:
    """The --locale of ``argv``, read before the parser exists (its help is written in that locale)."""
    for i, arg in enumerate(argv):
        if arg == "--locale" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--locale="):
            return arg.split("=", 1)[1]
    return None


def main(argv: Sequence[str] | None = None, *, env: Environment | None = None) -> int:
    """Run the command with ``argv`` (default: the process arguments); returns the exit code.

    Each run works in its own :class:`~bizenv.Environment` (``env``, or a fresh one), so runs in one
    process do not share loaded plugins or calendars. Help, argparse's messages and the command's own messages
    are in the locale of ``--locale``, else ``$BIZENV_LOCALE``, else Chinese.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    asked = _locale_asked(arguments) or os.environ.get(ENV_LOCALE) or DEFAULT_LOCALE
    try:
        locale = normalise_locale(asked)
    except ValueError as exc:
        source = "--locale" if _locale_asked(arguments) else f"${ENV_LOCALE}"
        # The locale is not known yet: this one message is in English.
        print(f"bizenv: error: {source}: {exc}", file=sys.stderr)
        return 2
    with using_locale(locale), argparse_in_locale():
        parser = build_parser()
        args = parser.parse_args(arguments)
        args.env = env if env is not None else Environment()
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        check_output(args)
        code: int = args.run(args)
    except BizenvError as exc:
        print(_("bizenv: error: {message}").format(message=exc.translated()), file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    return code


__all__ = ["build_parser", "main"]
