"""Plugin system: hook specifications and the registry that loads entry points."""

from bizenv.plugins.hookspecs import hookimpl
from bizenv.plugins.registry import HOOK_NAMES, PluginFailure, Registry, load_registry, make_plugin_manager

__all__ = ["HOOK_NAMES", "PluginFailure", "Registry", "hookimpl", "load_registry", "make_plugin_manager"]
