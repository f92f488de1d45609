"""The hooks a bizenv plugin may implement. This module is the plugin author's manual.

A plugin is a module (or object) with functions decorated by ``bizenv.hookimpl`` whose
names are the hook names below. Register it for discovery with an entry point in
group ``bizenv`` in the distribution's pyproject.toml::

    [project.entry-points.bizenv]
    myregion = "bizenv_myregion"

Every hook is called once per plugin and the answers of all plugins are collected
(no hook stops at the first non-None answer). A hook that raises is reported as a
failure of that plugin alone; the other plugins still load.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.abc import Traversable
from pathlib import Path

import pluggy

from bizenv.model import RegionProfile

PROJECT = "bizenv"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def bizenv_profiles() -> Iterable[RegionProfile]:
    """Return the region profiles this plugin provides.

    Build them in Python or, more simply, from a data file shipped in the package::

        from importlib.resources import files
        import bizenv

        @bizenv.hookimpl
        def bizenv_profiles():
            return [bizenv.load_profile(files(__package__) / "profile.json")]

    Each profile is validated before it is used (see docs/plugins.md); a profile with
    errors is rejected with its plugin's name and the reasons. A region id claimed by
    two plugins is an error naming both, and neither is used.
    """
    raise NotImplementedError


@hookspec
def bizenv_calendar_files() -> Iterable[Path | Traversable]:
    """Return calendar data files (TOML, as written by ``bizenv calendar import``).

    Use it to ship a year's official arrangement, or a region's own overlay, without a
    new release of bizenv. Files are loaded in plugin order; a year that two sources
    define differently is an error naming both.
    """
    raise NotImplementedError
