"""The metric registry: one entry per thing targets measure, named one way across regions.

Each :class:`~bizenv.model.Metric` says what kind of thing it is (a time limit on cases, a measured quantity,
a price or fee standard, a rate, a count, or a condition of eligibility), which way is better, and the units its
targets may use; evaluators judge a target by its metric. The registry is data
(``src/bizenv/metrics/metrics.toml``, read strictly); a region bizenv does not ship may add metrics of its own
in its profile (``RegionProfile.metrics``), never redefine one of these.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from importlib.resources import files

import attrs

from bizenv.errors import UnknownMetricError
from bizenv.model import Metric, RegionProfile
from bizenv.plaindata import StructureError, converter, structure

SCHEMA = "bizenv-metrics/1"


@attrs.frozen(slots=True)
class _RegistryFile:
    metrics: tuple[Metric, ...]


@cache
def registry() -> Mapping[str, Metric]:
    """Every metric of bizenv's registry, by code (read once)."""
    data = tomllib.loads((files("bizenv.metrics") / "metrics.toml").read_text(encoding="utf-8"))
    if data.pop("schema", None) != SCHEMA:
        raise ValueError(f"metrics.toml: schema must be {SCHEMA!r}")
    try:
        loaded = structure(converter(), data, _RegistryFile)
    except StructureError as exc:
        raise ValueError(f"metrics.toml: {exc}") from None
    by_code: dict[str, Metric] = {}
    for m in loaded.metrics:
        if m.code in by_code:
            raise ValueError(f"metrics.toml: metric {m.code!r} is defined twice")
        by_code[m.code] = m
    return by_code


def metric(code: str, profile: RegionProfile | None = None) -> Metric:
    """The metric ``code``: bizenv's, or one the profile defines; :class:`UnknownMetricError` otherwise."""
    found = registry().get(code)
    if found is None and profile is not None:
        found = next((m for m in profile.metrics if m.code == code), None)
    if found is None:
        raise UnknownMetricError(f"unknown metric {code!r}: it is neither in bizenv's registry nor in the profile")
    return found


def is_metric(code: str, profile: RegionProfile | None = None) -> bool:
    """Whether ``code`` names a metric of the registry (or of the profile)."""
    return code in registry() or (profile is not None and any(m.code == code for m in profile.metrics))


__all__ = ["SCHEMA", "is_metric", "metric", "registry"]
