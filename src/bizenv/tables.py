"""Results as tables for notebooks: pandas DataFrames with real dtypes, and the HTML Jupyter shows.

A result class declares its columns once (:class:`Column`: a name and a kind) and its rows; :func:`frame` makes
the DataFrame and :func:`html_table` the notebook view from the same declaration, so the two never disagree.

Dtypes: text is pandas ``string``, counts are nullable ``Int64``, numbers ``Float64``, flags ``boolean``; days and
instants are ``datetime64[ns, Asia/Shanghai]`` (a day is its midnight, Beijing time, the zone the offices keep);
statuses and other fixed vocabularies are ordered categoricals; lists of names stay tuples (``object``).
pandas is imported only when a frame is asked for (the ``pandas`` extra).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape
from typing import Any, Literal

import attrs

#: The zone days and instants are given in: Beijing time, which Xinjiang's offices keep.
ZONE = "Asia/Shanghai"
ColumnKind = Literal["text", "int", "float", "bool", "date", "datetime", "category", "list"]


@attrs.frozen(slots=True)
class Column:
    """A column of a result table: its name, its kind and, for a category, the categories in order."""

    name: str
    kind: ColumnKind
    categories: tuple[str, ...] = ()


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("DataFrames need pandas: pip install 'bizenv[pandas]'") from None
    return pd


def _series(pd: Any, column: Column, values: list[Any]) -> Any:
    if column.kind == "text":
        return pd.array(values, dtype="string")
    if column.kind == "int":
        return pd.array(values, dtype="Int64")
    if column.kind == "float":
        return pd.array([None if v is None else float(v) for v in values], dtype="Float64")
    if column.kind == "bool":
        return pd.array(values, dtype="boolean")
    if column.kind == "date":
        days = pd.to_datetime(pd.Series([None if v is None else v.isoformat() for v in values], dtype="object"))
        return days.dt.tz_localize(ZONE).array
    if column.kind == "datetime":
        for value in values:
            if value is not None and (value.tzinfo is None or value.utcoffset() is None):
                raise ValueError(f"column {column.name!r}: {value!r} has no time zone")
        moments = pd.to_datetime(pd.Series(values, dtype="object"), utc=True)
        return moments.dt.tz_convert(ZONE).array
    if column.kind == "category":
        return pd.Categorical(values, categories=list(column.categories), ordered=True)
    return pd.array([tuple(v) for v in values], dtype="object")


def frame(columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> Any:
    """A pandas DataFrame of ``rows`` (one value per column, in order) with the columns' dtypes."""
    pd = _pandas()
    data = {c.name: _series(pd, c, [row[i] for row in rows]) for i, c in enumerate(columns)}
    return pd.DataFrame(data, columns=[c.name for c in columns])


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return format(value, ".6g")
    if isinstance(value, list | tuple):
        return "、".join(map(str, value))
    return str(value)


def html_table(columns: Sequence[Column], rows: Sequence[Sequence[Any]], caption: str = "") -> str:
    """The rows as an HTML table for a notebook: every row, in a box that scrolls when long."""
    head = "".join(f"<th>{escape(c.name)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(_shown(value))}</td>" for value in row) + "</tr>" for row in rows)
    title = f"<caption>{escape(caption)}</caption>" if caption else ""
    return (
        '<div style="max-height:32em;overflow:auto">'
        f'<table class="dataframe">{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
    )


__all__ = ["ZONE", "Column", "ColumnKind", "frame", "html_table"]
