"""The environment: what one program using bizenv knows: the installed regions and the calendars.

An :class:`Environment` holds the plugin registry (regions and the calendar files plugins ship) and the
calendars built from it, each made on first use and kept for the environment's life. Calendar data from
plugins reaches a calendar from here, passed down as data: the calendars know nothing of plugins.

Most programs use the process-wide default environment through :func:`bizenv.profile`,
:func:`bizenv.calendar_of` and :func:`bizenv.get_calendar`. Make your own environment to load a
chosen set of plugins, to add calendar files for one job, or to start afresh (tests do).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from importlib.abc import Traversable
from pathlib import Path

from bizenv.calendars import WorkingCalendar, set_default_calendar_source
from bizenv.calendars import get_calendar as build_calendar_from_files
from bizenv.calendars.calendar import ProvisionalPolicy, UnknownYears
from bizenv.model import RegionProfile
from bizenv.plugins import Registry, load_registry


class Environment:
    """Installed regions and the calendars their offices keep, loaded on first use and then kept.

    ``calendar_files`` are added to every calendar of this environment, after the plugins' files.
    The other arguments go to :func:`bizenv.load_registry`.
    """

    def __init__(
        self,
        *,
        calendar_files: Sequence[str | Path | Traversable] = (),
        use_entry_points: bool = True,
        plugins: Iterable[tuple[str, object]] = (),
        only: Collection[str] | None = None,
        registry: Registry | None = None,
    ) -> None:
        self._registry = registry
        self._registry_args = (use_entry_points, tuple(plugins), only)
        self.calendar_files = tuple(calendar_files)
        self._calendars: dict[tuple[object, ...], WorkingCalendar] = {}
        self._profiles: dict[str, RegionProfile] = {}

    @property
    def registry(self) -> Registry:
        """The plugin registry (loaded on first use)."""
        if self._registry is None:
            use_entry_points, plugins, only = self._registry_args
            self._registry = load_registry(use_entry_points=use_entry_points, plugins=plugins, only=only)
        return self._registry

    def region_ids(self) -> list[str]:
        """Ids of the installed regions, sorted."""
        return self.registry.region_ids()

    def profile(self, region_id: str) -> RegionProfile:
        """The validated profile of an installed region; :class:`bizenv.UnknownRegionError` names what is installed.

        The profile is judged on this environment's calendars (:meth:`RegionProfile.working_calendar`) by every
        evaluator and tracker that is given no calendar."""
        if region_id not in self._profiles:
            self._profiles[region_id] = self.registry.profile(region_id).with_calendars(self.calendar)
        return self._profiles[region_id]

    def profiles(self) -> list[RegionProfile]:
        """Every installed region's profile, by region id."""
        return [self.profile(r) for r in self.region_ids()]

    def calendar(
        self,
        calendar_id: str = "CN-XJ",
        *,
        data_files: Sequence[str | Path | Traversable] = (),
        unknown_years: UnknownYears = "error",
        provisional: ProvisionalPolicy = "warn",
        use_plugins: bool = True,
    ) -> WorkingCalendar:
        """The calendar ``calendar_id`` from the built-in data, the plugins' calendar files (unless
        ``use_plugins`` is false), this environment's ``calendar_files``, ``BIZENV_CALENDAR_FILES`` and
        ``data_files``. Kept per set of arguments: a calendar warns once per estimated year it is used for."""
        files = (*self.calendar_files, *data_files)
        key = (calendar_id, tuple(str(f) for f in files), unknown_years, provisional, use_plugins)
        if key not in self._calendars:
            plugin_data = [data for _, data in self.registry.calendar_data] if use_plugins else []
            self._calendars[key] = build_calendar_from_files(
                calendar_id, data_files=files, data=plugin_data, unknown_years=unknown_years, provisional=provisional
            )
        return self._calendars[key]

    def calendar_of(
        self,
        region: RegionProfile | str,
        *,
        unknown_years: UnknownYears = "error",
        provisional: ProvisionalPolicy = "warn",
    ) -> WorkingCalendar:
        """The calendar a region's offices keep (e.g. CN-XJ for the Xinjiang regions)."""
        profile = self.profile(region) if isinstance(region, str) else region
        return self.calendar(profile.region.calendar, unknown_years=unknown_years, provisional=provisional)


_default: Environment | None = None


def default_environment() -> Environment:
    """The process-wide environment the module-level functions use, made on first use."""
    global _default
    if _default is None:
        _default = Environment()
    return _default


def _default_calendar(
    calendar_id: str, *, unknown_years: UnknownYears = "error", provisional: ProvisionalPolicy = "warn"
) -> WorkingCalendar:
    return default_environment().calendar(calendar_id, unknown_years=unknown_years, provisional=provisional)


# A profile read from a file (no environment of its own) is judged on the default environment's calendars.
set_default_calendar_source(_default_calendar)


def set_default_environment(environment: Environment | None) -> Environment | None:
    """Replace the process-wide environment (None: a fresh one is made on next use); returns the old one.

    For a long-running program after plugins were installed or removed, and for tests.
    """
    global _default
    previous, _default = _default, environment
    return previous


def default_registry() -> Registry:
    """The plugin registry of the default environment."""
    return default_environment().registry


__all__ = ["Environment", "default_environment", "default_registry", "set_default_environment"]
