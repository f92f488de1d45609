"""Finds plugins through entry points, checks their hooks, loads what they give, validates and isolates them.

Loading happens in two steps, each on first use: the plugins and their calendar files (what a calendar
needs), then their region profiles (what a region lookup needs). A plugin that fails in either step is
reported by name with the reason and contributes nothing; the other plugins are not affected.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Collection, Iterable
from importlib.abc import Traversable
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import attrs
import pluggy

from bizenv.calendars.schedule import CalendarData, load_calendar_data
from bizenv.errors import CalendarDataError, UnknownRegionError
from bizenv.i18n import message
from bizenv.model import RegionProfile
from bizenv.plugins import hookspecs
from bizenv.profile_file import load_profile
from bizenv.validate import Problem, errors, validate_profile

ENTRY_POINT_GROUP = "bizenv"
#: Comma-separated entry-point names to load; empty loads none. Unset loads all.
ENV_PLUGINS = "BIZENV_PLUGINS"
#: os.pathsep-separated profile data files loaded as regions, without packaging them as plugins.
ENV_PROFILE_FILES = "BIZENV_PROFILE_FILES"
HOOK_NAMES = tuple(sorted(name for name in dir(hookspecs) if name.startswith(f"{hookspecs.PROJECT}_")))


@attrs.frozen(slots=True)
class PluginFailure:
    """A plugin, or one of its regions, that could not be used, and why."""

    plugin: str
    reason: str

    def __str__(self) -> str:
        return f"plugin {self.plugin!r}: {self.reason}"


class _ProfileFilePlugin:
    """A profile data file named in BIZENV_PROFILE_FILES, served like a plugin."""

    def __init__(self, path: str) -> None:
        self.path = path

    @hookspecs.hookimpl
    def bizenv_profiles(self) -> Iterable[RegionProfile]:
        return [load_profile(self.path)]


def _profile_file_plugins() -> list[tuple[str, object]]:
    value = os.environ.get(ENV_PROFILE_FILES, "")
    return [(f"file:{p}", _ProfileFilePlugin(p)) for p in value.split(os.pathsep) if p.strip()]


def make_plugin_manager() -> pluggy.PluginManager:
    """A plugin manager with bizenv's hook specifications and nothing registered."""
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    return manager


def _wanted_from_env() -> set[str] | None:
    value = os.environ.get(ENV_PLUGINS)
    if value is None:
        return None
    return {name.strip() for name in value.split(",") if name.strip()}


def _hook_problems(manager: pluggy.PluginManager, plugin: object) -> list[str]:
    """What is wrong with a registered plugin's hooks: unknown (misspelt) hook names, hooks left unmarked."""
    problems = []
    for caller in manager.get_hookcallers(plugin) or []:
        if not caller.has_spec():
            close = difflib.get_close_matches(caller.name, HOOK_NAMES, n=1)
            hint = f"; did you mean {close[0]}?" if close else f"; the hooks are {', '.join(HOOK_NAMES)}"
            problems.append(f"implements {caller.name}, which is not a bizenv hook{hint}")
    marked = {caller.name for caller in manager.get_hookcallers(plugin) or []}
    for name in dir(plugin):
        if name.startswith(f"{hookspecs.PROJECT}_") and name not in marked and callable(getattr(plugin, name, None)):
            problems.append(f"{name} is not marked with @bizenv.hookimpl, so bizenv never calls it")
    if not marked and not problems:
        problems.append("implements no bizenv hook")
    return problems


def _is_sequence_answer(answer: Any) -> bool:
    return not isinstance(answer, str | bytes | Path | dict) and isinstance(answer, Iterable)


class Registry:
    """What the installed plugins provide: region profiles (validated), calendar data, and their failures.

    ``profiles``, ``providers`` (region → plugin), ``notes`` (region → data notes) and ``failures``
    are filled on first use.
    """

    def __init__(self, manager: pluggy.PluginManager, failures: Iterable[PluginFailure] = ()) -> None:
        self._manager = manager
        self._load_failures = list(failures)
        self._calendar: list[tuple[str, CalendarData]] | None = None
        self._calendar_failures: list[PluginFailure] = []
        self._profiles: dict[str, RegionProfile] | None = None
        self._providers: dict[str, str] = {}
        self._notes: dict[str, list[Problem]] = {}
        self._profile_failures: list[PluginFailure] = []

    # -- step 1: calendar data -------------------------------------------------------------------

    @property
    def calendar_data(self) -> list[tuple[str, CalendarData]]:
        """(plugin, data) for each calendar file the plugins ship, read and checked."""
        if self._calendar is None:
            self._calendar = []
            for plugin_name, answer in self._call("bizenv_calendar_files", self._calendar_failures):
                if not _is_sequence_answer(answer):
                    self._fail(
                        self._calendar_failures,
                        plugin_name,
                        f"bizenv_calendar_files() returned {answer!r}, not a list of files",
                    )
                    continue
                try:
                    loaded = [self._calendar_file(path) for path in answer]
                except (CalendarDataError, TypeError) as exc:
                    self._fail(self._calendar_failures, plugin_name, f"bizenv_calendar_files(): {exc}")
                    continue
                except Exception as exc:  # a generator in a plugin may raise anything
                    self._fail(self._calendar_failures, plugin_name, f"bizenv_calendar_files() raised {exc!r}")
                    continue
                self._calendar.extend((plugin_name, data) for data in loaded)
        return self._calendar

    @staticmethod
    def _calendar_file(path: Any) -> CalendarData:
        if isinstance(path, str):
            path = Path(path)
        if not isinstance(path, Path | Traversable):
            raise TypeError(f"{path!r} is not a path")
        if not path.is_file():
            raise CalendarDataError(f"{path}: no such file")
        return load_calendar_data(path)

    @property
    def calendar_files(self) -> list[tuple[str, str]]:
        """(plugin, origin) of each calendar file the plugins ship."""
        return [(plugin, data.origin) for plugin, data in self.calendar_data]

    # -- step 2: profiles ------------------------------------------------------------------------

    def _load_profiles(self) -> dict[str, RegionProfile]:
        if self._profiles is not None:
            return self._profiles
        self._profiles = {}
        failed = {f.plugin for f in self._calendar_failures_now()}
        candidates: dict[str, list[tuple[str, RegionProfile]]] = {}
        for plugin_name, answer in self._call("bizenv_profiles", self._profile_failures):
            if plugin_name in failed:
                continue
            if not _is_sequence_answer(answer):
                self._fail(self._profile_failures, plugin_name, f"bizenv_profiles() returned {answer!r}, not a list")
                continue
            try:
                items = list(answer)
            except Exception as exc:  # a generator in a plugin may raise anything
                self._fail(self._profile_failures, plugin_name, f"bizenv_profiles() raised {exc!r}")
                continue
            wrong = [type(i).__name__ for i in items if not isinstance(i, RegionProfile)]
            if wrong:
                self._fail(
                    self._profile_failures, plugin_name, f"bizenv_profiles() returned {wrong[0]}, not RegionProfile"
                )
                continue
            for item in items:
                candidates.setdefault(item.id, []).append((plugin_name, item))
        for region_id, claims in sorted(candidates.items()):
            if len(claims) > 1:
                names = " and ".join(repr(name) for name, _ in claims)
                for name, _ in claims:
                    self._fail(self._profile_failures, name, f"region {region_id!r} is claimed by plugins {names}")
                continue
            plugin_name, profile = claims[0]
            problems = validate_profile(profile, calendar_data=[data for _, data in self.calendar_data])
            if found := errors(problems):
                shown = "; ".join(f"{p.where}: {p.message}" for p in found[:10])
                more = f" (and {len(found) - 10} more)" if len(found) > 10 else ""
                self._fail(self._profile_failures, plugin_name, f"region {region_id!r} is invalid: {shown}{more}")
                continue
            self._profiles[region_id] = profile
            self._providers[region_id] = plugin_name
            self._notes[region_id] = problems
        return self._profiles

    def _calendar_failures_now(self) -> list[PluginFailure]:
        self.calendar_data  # noqa: B018 - step 1 runs before step 2, so a failed plugin gives no regions
        return self._calendar_failures

    @property
    def profiles(self) -> dict[str, RegionProfile]:
        """Region id → validated profile."""
        return self._load_profiles()

    @property
    def providers(self) -> dict[str, str]:
        """Region id → the plugin that provides it."""
        self._load_profiles()
        return self._providers

    @property
    def notes(self) -> dict[str, list[Problem]]:
        """Region id → its data notes (and other non-error findings)."""
        self._load_profiles()
        return self._notes

    @property
    def failures(self) -> list[PluginFailure]:
        """Every plugin, or region of a plugin, that could not be used, with why."""
        self._load_profiles()
        return [*self._load_failures, *self._calendar_failures, *self._profile_failures]

    def region_ids(self) -> list[str]:
        """Ids of the regions that loaded, sorted."""
        return sorted(self.profiles)

    def profile(self, region_id: str) -> RegionProfile:
        """The validated profile of a region; :class:`UnknownRegionError` names what is installed."""
        try:
            return self.profiles[region_id]
        except KeyError:
            failed = "".join(f"\n  {f}" for f in self.failures)
            if not self.region_ids():
                raise UnknownRegionError(
                    message(
                        "no region {region!r} is installed (none is installed){failed}", region=region_id, failed=failed
                    )
                ) from None
            known = ", ".join(self.region_ids())
            raise UnknownRegionError(
                message(
                    "no region {region!r} is installed (installed: {known}){failed}",
                    region=region_id,
                    known=known,
                    failed=failed,
                )
            ) from None

    # -- calling hooks ---------------------------------------------------------------------------

    @staticmethod
    def _fail(into: list[PluginFailure], plugin: str, reason: str) -> None:
        into.append(PluginFailure(plugin, reason))

    def _call(self, hook_name: str, failures: list[PluginFailure]) -> list[tuple[str, Any]]:
        answers = []
        for impl in getattr(self._manager.hook, hook_name).get_hookimpls():
            try:
                answer = impl.function()
            except Exception as exc:  # isolate: a raising plugin must not take the others down
                self._fail(failures, impl.plugin_name, f"{hook_name}() raised {exc!r}")
                continue
            if answer is not None:
                answers.append((impl.plugin_name, answer))
        return answers


def load_registry(
    *,
    use_entry_points: bool = True,
    plugins: Iterable[tuple[str, object]] = (),
    only: Collection[str] | None = None,
) -> Registry:
    """Find and check the plugins; their calendar files and profiles are read on first use.

    ``plugins`` registers extra (name, plugin) pairs directly, as tests and embedding applications
    do. ``only`` restricts entry points to those names; by default the ``BIZENV_PLUGINS`` environment
    variable does (empty for none). A plugin whose hooks are misspelt or unmarked, or whose entry point
    cannot be imported, is reported in ``failures`` and not used.
    """
    manager = make_plugin_manager()
    failures: list[PluginFailure] = []
    if only is None:
        only = _wanted_from_env()
    candidates: list[tuple[str, object]] = []
    if use_entry_points:
        # pluggy's own loader stops at the first broken plugin without naming it; load each entry
        # point separately so one failure is reported and the rest still load.
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            if only is not None and ep.name not in only:
                continue
            try:
                candidates.append((ep.name, ep.load()))
            except Exception as exc:  # a plugin's import may raise anything
                failures.append(PluginFailure(ep.name, f"cannot load entry point {ep.value!r}: {exc!r}"))
    candidates += list(plugins)
    if use_entry_points:
        candidates += _profile_file_plugins()
    for name, plugin in candidates:
        try:
            manager.register(plugin, name=name)
        except Exception as exc:  # pluggy refuses hooks with bad signatures, names used twice
            failures.append(PluginFailure(name, f"cannot be registered: {exc}"))
            continue
        if problems := _hook_problems(manager, plugin):
            manager.unregister(plugin)
            failures.extend(PluginFailure(name, problem) for problem in problems)
    return Registry(manager, failures)


__all__ = ["ENTRY_POINT_GROUP", "HOOK_NAMES", "PluginFailure", "Registry", "load_registry", "make_plugin_manager"]
