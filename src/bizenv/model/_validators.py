"""Field helpers shared by the model classes: validators, converters, and the documentation each field
carries (``doc``, and JSON Schema keywords under ``schema``), from which the profile schema and the
field tables of docs/profile-format.md are generated."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, get_args

import attrs

from bizenv.errors import ProfileError


def non_empty(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ProfileError(f"{type(instance).__name__}.{attribute.name} must be a non-empty string, got {value!r}")


def str_tuple(value: Any) -> tuple[str, ...]:
    """Converter: accept any iterable of strings (but not a bare string) as a tuple."""
    if isinstance(value, str):
        raise ProfileError(f"expected a sequence of strings, got the string {value!r}")
    return tuple(value)


def as_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Converter: any iterable as a tuple."""
    return tuple(value)


def meta(doc: str, **schema: Any) -> dict[str, Any]:
    """Field metadata: the field's documentation and extra JSON Schema keywords (e.g. ``minLength=1``)."""
    return {"doc": doc, "schema": schema}


def one_of(vocabulary: Any, what: str | None = None) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """Validator: the value is one of a ``Literal`` type's values (checked when objects are built in Python too)."""
    allowed = frozenset(get_args(vocabulary))
    shown = ", ".join(sorted(allowed))

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value not in allowed:
            raise ProfileError(f"{what or attribute.name} {value!r} is not one of: {shown}")

    return check
