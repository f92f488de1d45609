"""Finds plugins through entry points, loads their profiles, validates and isolates them."""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from functools import cache
from importlib.abc import Traversable
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import attrs
import pluggy

from bizenv.model import RegionProfile
from bizenv.plugins import hookspecs
from bizenv.validate import Problem, errors, validate_profile

ENTRY_POINT_GROUP = "bizenv"
#: Comma-separated entry-point names to load; empty loads none. Unset loads all.
ENV_PLUGINS = "BIZENV_PLUGINS"
#: os.pathsep-separated profile data files loaded as regions, without packaging them as plugins.
ENV_PROFILE_FILES = "BIZENV_PROFILE_FILES"


@attrs.frozen(slots=True)
class PluginFailure:
    """A plugin, or one of its regions, that could not be used, and why."""

    plugin: str
    reason: str

    def __str__(self) -> str:
        return f"plugin {self.plugin!r}: {self.reason}"


@attrs.define
class Registry:
    profiles: dict[str, RegionProfile] = attrs.field(factory=dict)
    #: Which plugin provided each region.
    providers: dict[str, str] = attrs.field(factory=dict)
    failures: list[PluginFailure] = attrs.field(factory=list)
    #: Data notes (and other non-error findings) per region.
    notes: dict[str, list[Problem]] = attrs.field(factory=dict)
    calendar_files: list[tuple[str, Path | Traversable]] = attrs.field(factory=list)

    def region_ids(self) -> list[str]:
        return sorted(self.profiles)

    def profile(self, region_id: str) -> RegionProfile:
        try:
            return self.profiles[region_id]
        except KeyError:
            known = ", ".join(self.region_ids()) or "none"
            failed = "".join(f"\n  {f}" for f in self.failures)
            raise KeyError(f"no region {region_id!r} is installed (installed: {known}){failed}") from None


class _ProfileFilePlugin:
    """A profile data file named in BIZENV_PROFILE_FILES, served like a plugin."""

    def __init__(self, path: str) -> None:
        self.path = path

    @hookspecs.hookimpl
    def bizenv_profiles(self) -> Iterable[RegionProfile]:
        from bizenv.io.profile_file import load_profile

        return [load_profile(self.path)]


def _profile_file_plugins() -> list[tuple[str, object]]:
    value = os.environ.get(ENV_PROFILE_FILES, "")
    return [(f"file:{p}", _ProfileFilePlugin(p)) for p in value.split(os.pathsep) if p.strip()]


def make_plugin_manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    return manager


def _wanted_from_env() -> set[str] | None:
    value = os.environ.get(ENV_PLUGINS)
    if value is None:
        return None
    return {name.strip() for name in value.split(",") if name.strip()}


def _register_entry_points(
    manager: pluggy.PluginManager, failures: list[PluginFailure], only: Collection[str] | None
) -> None:
    # pluggy's own loader stops at the first broken plugin without naming it; load each
    # entry point separately so one failure is reported and the rest still load.
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        if only is not None and ep.name not in only:
            continue
        try:
            plugin = ep.load()
            manager.register(plugin, name=ep.name)
        except Exception as exc:  # a plugin's import may raise anything
            failures.append(PluginFailure(ep.name, f"cannot load entry point {ep.value!r}: {exc!r}"))


def _call_each(manager: pluggy.PluginManager, hook_name: str, failures: list[PluginFailure]) -> list[tuple[str, Any]]:
    answers = []
    for impl in getattr(manager.hook, hook_name).get_hookimpls():
        try:
            answer = impl.function()
        except Exception as exc:  # isolate: a raising plugin must not take the others down
            failures.append(PluginFailure(impl.plugin_name, f"{hook_name}() raised {exc!r}"))
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
    """Load, validate and collect every plugin's contributions.

    ``plugins`` registers extra (name, plugin) pairs directly, as tests and embedding
    applications do. ``only`` restricts entry points to those names; by default the
    ``BIZENV_PLUGINS`` environment variable does (empty for none).
    """
    registry = Registry()
    manager = make_plugin_manager()
    if only is None:
        only = _wanted_from_env()
    if use_entry_points:
        _register_entry_points(manager, registry.failures, only)
    for name, plugin in [*plugins, *(_profile_file_plugins() if use_entry_points else [])]:
        manager.register(plugin, name=name)

    candidates: dict[str, list[tuple[str, RegionProfile]]] = {}
    for plugin_name, answer in _call_each(manager, "bizenv_profiles", registry.failures):
        try:
            items = list(answer)
        except TypeError:
            registry.failures.append(PluginFailure(plugin_name, f"bizenv_profiles() returned {answer!r}, not a list"))
            continue
        for item in items:
            if not isinstance(item, RegionProfile):
                registry.failures.append(
                    PluginFailure(plugin_name, f"bizenv_profiles() returned {type(item).__name__}, not RegionProfile")
                )
                continue
            candidates.setdefault(item.id, []).append((plugin_name, item))

    for region_id, claims in sorted(candidates.items()):
        if len(claims) > 1:
            names = " and ".join(repr(name) for name, _ in claims)
            for name, _ in claims:
                registry.failures.append(PluginFailure(name, f"region {region_id!r} is claimed by plugins {names}"))
            continue
        plugin_name, profile = claims[0]
        problems = validate_profile(profile)
        if found := errors(problems):
            shown = "; ".join(f"{p.where}: {p.message}" for p in found[:10])
            more = f" (and {len(found) - 10} more)" if len(found) > 10 else ""
            registry.failures.append(PluginFailure(plugin_name, f"region {region_id!r} is invalid: {shown}{more}"))
            continue
        registry.profiles[region_id] = profile
        registry.providers[region_id] = plugin_name
        registry.notes[region_id] = problems

    for plugin_name, answer in _call_each(manager, "bizenv_calendar_files", registry.failures):
        registry.calendar_files.extend((plugin_name, path) for path in answer)
    return registry


@cache
def default_registry() -> Registry:
    """The registry of installed plugins, loaded on first use and then kept."""
    return load_registry()
