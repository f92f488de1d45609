"""Results as plain data for JSON and CSV: attrs objects as nested dicts (the versioned documents of the
commands are in :mod:`bizenv.io.documents`; DataFrames come from the results' ``to_frame()``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs


def plain(value: Any) -> Any:
    """attrs objects, tuples, dates and dicts as JSON-ready data (dates in ISO 8601)."""
    if attrs.has(type(value)):
        return {f.name: plain(getattr(value, f.name)) for f in attrs.fields(type(value)) if not f.name.startswith("_")}
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
