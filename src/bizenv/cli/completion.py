"""``bizenv completion SHELL``: a completion script for bash, zsh or tcsh (from shtab)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bizenv.i18n import _

SHELLS = ("bash", "zsh", "tcsh")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "completion",
        help=_("print a shell completion script"),
        description=_(
            "Print a completion script for the shell. bash: bizenv completion bash > "
            "~/.local/share/bash-completion/completions/bizenv; zsh: bizenv completion zsh > ~/.zfunc/_bizenv"
        ),
    )
    p.add_argument("shell", choices=SHELLS)
    p.set_defaults(run=cmd_completion)


def cmd_completion(args: argparse.Namespace) -> int:
    import shtab

    from bizenv.cli import build_parser

    sys.stdout.write(shtab.complete(build_parser(), shell=args.shell))
    return 0
