from __future__ import annotations

from typing import Any

import attrs


def non_empty(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{type(instance).__name__}.{attribute.name} must be a non-empty string, got {value!r}")


def str_tuple(value: Any) -> tuple[str, ...]:
    """Converter: accept any iterable of strings (but not a bare string) as a tuple."""
    if isinstance(value, str):
        raise TypeError(f"expected a sequence of strings, got the string {value!r}")
    return tuple(value)
