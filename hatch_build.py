"""Build hook: compile the Babel message catalogs (.po) into the wheel as .mo files.

The .mo files are build products, not kept in the repository; an editable install compiles the
catalogs in memory instead (bizenv.i18n).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogs(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        locale_dir = Path(self.root) / "src" / "bizenv" / "locale"
        out = Path(tempfile.mkdtemp(prefix="bizenv-mo-"))
        for po in sorted(locale_dir.glob("*/LC_MESSAGES/bizenv.po")):
            locale = po.parent.parent.name
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=locale)
            mo = out / locale / "bizenv.mo"
            mo.parent.mkdir(parents=True)
            with mo.open("wb") as handle:
                write_mo(handle, catalog)
            build_data["force_include"][str(mo)] = f"bizenv/locale/{locale}/LC_MESSAGES/bizenv.mo"
