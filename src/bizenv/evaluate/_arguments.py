"""The arguments of the public evaluators, checked where they come in: a wrong kind of argument is an
:class:`~bizenv.errors.ArgumentError` naming it, never an AttributeError deep inside."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from bizenv.calendars import WorkingCalendar
from bizenv.errors import ArgumentError, check_argument
from bizenv.model import RegionProfile

T = TypeVar("T")


def profile(value: object) -> None:
    """``value`` is a profile (a region id is named as such, with how to get its profile)."""
    hint = f"bizenv.profile({value!r}) is that region's profile" if isinstance(value, str) else ""
    check_argument(value, RegionProfile, "profile", "a RegionProfile", hint)


def calendar(value: object) -> None:
    """``value`` is None or a working calendar."""
    if value is not None:
        check_argument(value, WorkingCalendar, "calendar", "a WorkingCalendar (bizenv.calendar_of(region))")


def moment(value: object, zone: str | None, name: str = "as_of") -> None:
    """``value`` is None or a datetime with a zone (a naive one only with ``zone``, which it is read in)."""
    if value is None:
        return
    check_argument(value, dt.datetime, name, "a datetime with its time zone")
    assert isinstance(value, dt.datetime)
    if value.utcoffset() is None and zone is None:
        raise ArgumentError(f"{name} {value.isoformat()} has no time zone: give it one, or pass zone=")


def day(value: object, name: str = "as_of") -> None:
    """``value`` is a date, not a datetime (whose day would depend on its zone)."""
    if isinstance(value, dt.datetime):
        raise ArgumentError(f"{name} must be a date, not the datetime {value.isoformat()}: pass {name}.date()")
    check_argument(value, dt.date, name, "a date")


def whole(value: object, name: str, *, minimum: int = 0) -> None:
    """``value`` is a whole number, at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentError(f"{name} must be a whole number, not {value!r}")
    if value < minimum:
        raise ArgumentError(f"{name} must be at least {minimum}, not {value}")


def items(values: Iterable[T], kind: type, name: str) -> Iterator[T]:
    """The items of ``values``, each checked to be a ``kind`` as it comes (a generator is not read twice)."""
    if isinstance(values, str | bytes) or not hasattr(values, "__iter__"):
        raise ArgumentError(f"{name} must be an iterable of {kind.__name__}, not {type(values).__name__}")
    for index, value in enumerate(values):
        if not isinstance(value, kind):
            raise ArgumentError(
                f"{name}[{index}] must be a {kind.__name__}, not {type(value).__name__}"
                + (": read a file with bizenv.inputs, or build the records" if isinstance(value, dict) else "")
            )
        yield value


def table(value: Any) -> None:
    """``value`` is a pandas DataFrame or a pyarrow Table/RecordBatch."""
    if hasattr(value, "columns") and (hasattr(value, "itertuples") or hasattr(value, "schema")):
        return
    hint = (
        "for CaseRecord objects use evaluate_cases; for a file, bizenv.inputs.read_cases or the evaluate command"
        if isinstance(value, list | tuple | dict)
        else ""
    )
    raise ArgumentError(
        f"table must be a pandas DataFrame or a pyarrow Table, not {type(value).__name__}"
        + (f"; {hint}" if hint else "")
    )
