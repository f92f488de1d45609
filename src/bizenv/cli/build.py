"""``bizenv build-profile``: build a plugin's profile.json from its bundled sources (bizenv.sources.build)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bizenv import progress
from bizenv.cli._progress import Bar
from bizenv.i18n import _
from bizenv.sources.build import build_profile, load_config


def register(sub: Any) -> None:
    p = sub.add_parser(
        "build-profile",
        help=_("build a plugin's profile.json from its source texts, curated file and layout module"),
        description=_(
            "Build the profile of the plugin in PLUGIN_DIR as its pyproject.toml's [tool.bizenv.build] "
            "says, and write it; with --check, only tell whether the shipped file is current."
        ),
    )
    p.add_argument("plugin_dir", metavar="PLUGIN_DIR", help=_("the plugin's folder (with pyproject.toml)"))
    p.add_argument("--check", action="store_true", help=_("write nothing; exit 1 if the profile file is stale"))
    p.set_defaults(run=cmd_build_profile)


def cmd_build_profile(args: argparse.Namespace) -> int:
    config = load_config(args.plugin_dir)
    # On a terminal, a bar shows the steps of the build (its output is text, never JSON).
    bar = Bar("bizenv build-profile", 0)
    try:
        with progress.reporting(bar.update):
            fresh = build_profile(config.plugin)
    finally:
        bar.close()
    if args.check:
        current = config.output.read_text(encoding="utf-8") if config.output.exists() else None
        if current != fresh:
            said = (
                _("{path} is missing: run bizenv build-profile {plugin}")
                if current is None
                else _("{path} is stale: run bizenv build-profile {plugin}")
            )
            print(said.format(path=config.output, plugin=args.plugin_dir), file=sys.stderr)
            return 1
        print(_("{path} is up to date").format(path=config.output))
        return 0
    config.output.write_text(fresh, encoding="utf-8")
    print(_("wrote {path}").format(path=config.output))
    return 0
