"""SQLite rows of attrs classes (the snapshot store, the service): a class's fields are its table's columns.

The statements that write and read a stored class (``INSERT … (columns) VALUES …``, ``SELECT columns FROM …``) and
the conversion of each value are derived from the class, so a field added to the class is a column to add in a
migration, and a test compares the two; no statement lists the columns by hand or by position.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import attrs

T = TypeVar("T")


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def columns(cls: type, *, without: Sequence[str] = ()) -> tuple[str, ...]:
    """The columns of ``cls``'s table: its fields, in order, but those kept elsewhere (``without``)."""
    return tuple(f.name for f in attrs.fields(cls) if f.name not in without)


def insert(
    table: str,
    cls: type,
    *,
    before: Sequence[str] = ("snapshot_id",),
    without: Sequence[str] = (),
    or_ignore: bool = False,
) -> str:
    """The INSERT statement of ``cls`` into ``table``, the columns ``before`` (keys the class does not hold) first;
    ``or_ignore``: a row whose key is there already is left out."""
    names = [*before, *columns(cls, without=without)]
    verb = "INSERT OR IGNORE" if or_ignore else "INSERT"
    return f"{verb} INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"


def select(table: str, cls: type, *, without: Sequence[str] = ()) -> str:
    """The SELECT of ``cls``'s columns from ``table`` (a WHERE and ORDER BY follow)."""
    return f"SELECT {', '.join(columns(cls, without=without))} FROM {table}"


def _to_sql(value: object) -> object:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):  # dates and datetimes alike
        return value.isoformat()
    return value


def values(obj: object, *, before: Sequence[object] = (), without: Sequence[str] = ()) -> tuple[object, ...]:
    """The values of ``obj`` for :func:`insert`: dates and times as ISO text, flags as 0 or 1."""
    return (*before, *(_to_sql(getattr(obj, n)) for n in columns(type(obj), without=without)))


def _bare(hint: object) -> object:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return next(a for a in typing.get_args(hint) if a is not type(None))
    return hint


def _from_sql(hint: object, value: object) -> object:
    if value is None:
        return None
    bare = _bare(hint)
    if bare is bool:
        return bool(value)
    if bare is dt.datetime:
        return dt.datetime.fromisoformat(str(value))
    if bare is dt.date:
        return dt.date.fromisoformat(str(value))
    return value


def from_row(cls: type[T], row: Sequence[object], *, label: str, extra: Mapping[str, object] | None = None) -> T:
    """An instance of ``cls`` from a row of :func:`select` (``extra``: the fields kept elsewhere). A value that is
    not what the field holds (a date edited outside bizenv) is a ValueError naming ``label``, the field and it."""
    given = dict(extra or {})
    hints = _hints(cls)
    names = columns(cls, without=tuple(given))
    for name, value in zip(names, row, strict=True):
        try:
            given[name] = _from_sql(hints[name], value)
        except (TypeError, ValueError):
            kind = "a date" if _bare(hints[name]) in (dt.date, dt.datetime) else "valid"
            raise ValueError(f"{label}: {name} {value!r} is not {kind}") from None
    return cls(**given)


__all__ = ["columns", "from_row", "insert", "select", "values"]
