"""bizenv: working-time calendars, business-environment measures and target evaluators for Xinjiang.

Typical use::

    import bizenv

    yiwu = bizenv.profile("yiwu")
    for measure in yiwu.measures_of_unit("市场监督管理局"):
        print(measure.id, measure.deadline)

Every error bizenv raises is a :class:`bizenv.BizenvError` (see :mod:`bizenv.errors`).
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bizenv.calendars import WorkingCalendar
from bizenv.calendars.calendar import ProvisionalPolicy, UnknownYears
from bizenv.environment import Environment, default_environment, default_registry, set_default_environment
from bizenv.errors import (
    BizenvError,
    BizenvWarning,
    CalendarError,
    InputError,
    NotFoundError,
    PluginError,
    ProfileError,
    ProfileFileError,
    UnknownRegionError,
)
from bizenv.model import (
    Area,
    DataNote,
    Deadline,
    Measure,
    Names,
    Provenance,
    Quantity,
    Region,
    RegionProfile,
    Responsibility,
    SourceDocument,
    SubUnit,
    Target,
    Unit,
    UnitRef,
    parse_deadline,
)
from bizenv.plugins import PluginFailure, Registry, hookimpl, load_registry
from bizenv.profile_file import load_profile, profile_from_dict, profile_schema, profile_to_dict
from bizenv.taxonomy import CATEGORIES, IndicatorCategory, category
from bizenv.validate import Problem, validate_profile

__version__ = "0.2.0"


def region_ids() -> list[str]:
    """Ids of the installed regions, sorted."""
    return default_environment().region_ids()


def profile(region_id: str) -> RegionProfile:
    """The validated profile of an installed region; :class:`UnknownRegionError` names what is installed."""
    return default_environment().profile(region_id)


def profiles() -> list[RegionProfile]:
    """Every installed region's profile, by region id."""
    return default_environment().profiles()


def calendar_of(region: RegionProfile | str) -> WorkingCalendar:
    """The working-time calendar a region's offices keep (e.g. CN-XJ for the Xinjiang regions)."""
    return default_environment().calendar_of(region)


def get_calendar(
    calendar_id: str = "CN-XJ",
    *,
    data_files: Sequence[str | Path | Traversable] = (),
    unknown_years: UnknownYears = "error",
    provisional: ProvisionalPolicy = "warn",
    use_plugins: bool = True,
) -> WorkingCalendar:
    """The calendar ``calendar_id`` ("CN", "CN-XJ"): built-in data, the calendar files installed plugins ship,
    ``BIZENV_CALENDAR_FILES`` and ``data_files``; kept by the default :class:`Environment`.

    :func:`bizenv.calendars.get_calendar` builds a calendar from explicit data only, without plugins.
    """
    return default_environment().calendar(
        calendar_id,
        data_files=data_files,
        unknown_years=unknown_years,
        provisional=provisional,
        use_plugins=use_plugins,
    )


if TYPE_CHECKING:
    from bizenv.io.case_files import CaseOutput, FileEvaluation, evaluate_file

#: Names imported when first used: they bring pyarrow, which ``import bizenv`` alone does not need.
_LAZY = {"CaseOutput", "FileEvaluation", "evaluate_file"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from bizenv.io import case_files

        return getattr(case_files, name)
    raise AttributeError(f"module 'bizenv' has no attribute {name!r}")


__all__ = [
    "CATEGORIES",
    "Area",
    "BizenvError",
    "BizenvWarning",
    "CalendarError",
    "CaseOutput",
    "DataNote",
    "Deadline",
    "Environment",
    "FileEvaluation",
    "IndicatorCategory",
    "InputError",
    "Measure",
    "Names",
    "NotFoundError",
    "PluginError",
    "PluginFailure",
    "Problem",
    "ProfileError",
    "ProfileFileError",
    "Provenance",
    "Quantity",
    "Region",
    "RegionProfile",
    "Registry",
    "Responsibility",
    "SourceDocument",
    "SubUnit",
    "Target",
    "Unit",
    "UnitRef",
    "UnknownRegionError",
    "WorkingCalendar",
    "__version__",
    "calendar_of",
    "category",
    "default_environment",
    "default_registry",
    "evaluate_file",
    "get_calendar",
    "hookimpl",
    "load_profile",
    "load_registry",
    "parse_deadline",
    "profile",
    "profile_from_dict",
    "profile_schema",
    "profile_to_dict",
    "profiles",
    "region_ids",
    "set_default_environment",
    "validate_profile",
]
