"""bizenv: working-time calendars, business-environment measures and target evaluators for Xinjiang.

Typical use::

    import bizenv

    yiwu = bizenv.profile("yiwu")
    for measure in yiwu.measures_of_unit("市场监督管理局"):
        print(measure.id, measure.deadline)
"""

from __future__ import annotations

from bizenv.calendars import WorkingCalendar, get_calendar
from bizenv.io.profile_file import ProfileFileError, load_profile, profile_from_dict, profile_to_dict
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
from bizenv.plugins import PluginFailure, Registry, default_registry, hookimpl, load_registry
from bizenv.taxonomy import CATEGORIES, IndicatorCategory, category
from bizenv.validate import Problem, validate_profile

__version__ = "0.1.0"


def region_ids() -> list[str]:
    """Ids of the installed regions, sorted."""
    return default_registry().region_ids()


def profile(region_id: str) -> RegionProfile:
    """The validated profile of an installed region; KeyError names what is installed."""
    return default_registry().profile(region_id)


def calendar_of(region: RegionProfile | str) -> WorkingCalendar:
    """The working-time calendar a region's offices keep (e.g. CN-XJ for the Xinjiang regions)."""
    region_profile = profile(region) if isinstance(region, str) else region
    return get_calendar(region_profile.region.calendar)


def profiles() -> list[RegionProfile]:
    registry = default_registry()
    return [registry.profiles[r] for r in registry.region_ids()]


__all__ = [
    "CATEGORIES",
    "Area",
    "DataNote",
    "Deadline",
    "IndicatorCategory",
    "Measure",
    "Names",
    "PluginFailure",
    "Problem",
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
    "WorkingCalendar",
    "__version__",
    "calendar_of",
    "category",
    "default_registry",
    "get_calendar",
    "hookimpl",
    "load_profile",
    "load_registry",
    "parse_deadline",
    "profile",
    "profile_from_dict",
    "profile_to_dict",
    "profiles",
    "region_ids",
    "validate_profile",
]
