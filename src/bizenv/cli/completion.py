"""``bizenv completion SHELL``: a completion script for bash, zsh or tcsh (from shtab).

Besides commands and options, the script completes the values bizenv knows when it is written: the installed
region ids (``bizenv show <TAB>``), the indicator category codes (``--category``), the units of the installed
regions (``--unit``, ``bizenv units REGION <TAB>``) and the metric codes (``--metric``). A region installed later
is completed once the script is written again.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bizenv.cli._common import environment
from bizenv.i18n import _
from bizenv.metrics import registry
from bizenv.taxonomy import CATEGORIES

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


def _escaped(word: str, special: str) -> str:
    return "".join("\\" + c if c in special else c for c in word)


def _words(name: str, words: Sequence[str]) -> dict[str, Any]:
    """A shtab completer offering ``words``: a bash function (in the script's preamble), a zsh or tcsh list."""
    function = f"_bizenv_complete_{name}"
    # bash: one word a line inside double quotes, split on newlines only (a unit name may hold a space).
    lines = "\n".join(_escaped(w, '"$`\\') for w in words)
    listed = " ".join(_escaped(w, " \t()'\"`$\\") for w in words)
    bash = f'{function}() {{\n  local IFS=$\'\\n\'\n  compgen -W "{lines}" -- "$1"\n}}\n'
    return {"bash": function, "zsh": f"({listed})", "tcsh": f"({listed})", "preamble": {"bash": bash}}


def _actions(parser: argparse.ArgumentParser) -> Iterable[argparse.Action]:
    for action in parser._actions:
        yield action
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                yield from _actions(child)


def add_value_completion(parser: argparse.ArgumentParser, values: Mapping[str, Sequence[str]]) -> None:
    """Give the arguments of every command that take a region id, a category code, a unit name or a metric code
    the shtab completer of those values (``values``: "region", "category", "unit", "metric" → the words)."""
    completers = {kind: _words(kind, words) for kind, words in values.items() if words}
    by_dest = {"region": "region", "category": "category", "unit": "unit", "metric": "metric"}
    for action in _actions(parser):
        kind = by_dest.get(action.dest)
        if kind in completers and action.choices is None:
            action.complete = completers[kind]  # type: ignore[attr-defined]
        # `bizenv units REGION NAME`: the unit name.
        if action.dest == "name" and action.metavar is None and "unit" in completers and not action.option_strings:
            action.complete = completers["unit"]  # type: ignore[attr-defined]


def cmd_completion(args: argparse.Namespace) -> int:
    import shtab

    from bizenv.cli import build_parser

    env = environment(args)
    profiles = env.profiles()
    units = sorted({name for p in profiles for u in p.units for name in (u.name, *u.aliases)})
    values = {
        "region": [p.id for p in profiles],
        "category": [c.code for c in CATEGORIES],
        "unit": units,
        "metric": sorted({*registry(), *(m.code for p in profiles for m in p.metrics)}),
    }
    parser = build_parser()
    add_value_completion(parser, values)
    sys.stdout.write(shtab.complete(parser, shell=args.shell))
    return 0
