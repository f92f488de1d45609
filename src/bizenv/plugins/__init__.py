"""Plugin system: hook specifications and the registry that loads entry points."""

from bizenv.plugins.hookspecs import hookimpl
from bizenv.plugins.registry import PluginFailure, Registry, default_registry, load_registry

__all__ = ["PluginFailure", "Registry", "default_registry", "hookimpl", "load_registry"]
