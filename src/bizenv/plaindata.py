"""attrs classes to and from plain data (JSON, TOML), and their JSON Schemas, from one description.

The attrs classes are the single source of a format: :func:`converter` structures plain data into
them strictly (unknown keys, wrong types and values outside a ``Literal`` vocabulary are errors that
name the path, e.g. ``measures[12].dead_line``) and unstructures them back; :func:`json_schema`
derives the JSON Schema from the same classes, their field types and the ``doc``/``schema`` metadata
of their fields. Nothing else states the format, so reader, writer and schema cannot drift.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, is_mapping, is_sequence, list_structure_factory
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.v import transform_error

from bizenv.errors import BizenvError

T = TypeVar("T")
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class StructureError(BizenvError, ValueError):
    """Plain data that does not fit the classes; ``problems`` lists each as (path, message)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        first_path, first_message = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(f"{first_path or '<top>'}: {first_message}{more}")


def _is_literal(tp: Any) -> bool:
    return get_origin(tp) is Literal


def _strict_str(value: Any, _: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {value!r}")
    return value


def _strict_int(value: Any, _: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, got {value!r}")
    return value


def _strict_float(value: Any, _: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"expected a finite number, got {value!r}")
    return float(value)


def _strict_bool(value: Any, _: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {value!r}")
    return value


def _date(value: Any, _: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value) if len(value) == 10 else _bad_date(value)
        except ValueError:
            pass
    raise ValueError(f"expected an ISO date YYYY-MM-DD, got {value!r}")


def _bad_date(value: str) -> dt.date:
    raise ValueError(value)


def _datetime(value: Any, _: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"expected an ISO 8601 date-time, got {value!r}")


def _literal_hook(tp: Any) -> Callable[[Any, Any], Any]:
    allowed = get_args(tp)
    shown = ", ".join(str(a) for a in allowed)

    def structure(value: Any, _: Any) -> Any:
        if value not in allowed or isinstance(value, bool) != any(isinstance(a, bool) for a in allowed):
            raise ValueError(f"{value!r} is not one of: {shown}")
        return value

    return structure


def _strict_containers(conv: cattrs.Converter) -> None:
    """Lists only from lists (a string is not a list of its characters), objects only from objects."""

    def sequence(tp: Any) -> Callable[[Any, Any], Any]:
        if get_origin(tp) is tuple:
            base = homogenous_tuple_structure_factory(tp, conv)
        else:
            base = list_structure_factory(tp, conv)

        def structure(value: Any, cls: Any) -> Any:
            if not isinstance(value, list | tuple):
                raise TypeError(f"expected a list, got {value!r}")
            return base(value, cls)

        return structure

    def mapping(tp: Any) -> Callable[[Any, Any], Any]:
        base = conv.gen_structure_mapping(tp)

        def structure(value: Any, cls: Any) -> Any:
            if not isinstance(value, Mapping):
                raise TypeError(f"expected an object, got {value!r}")
            return base(value, cls)

        return structure

    conv.register_structure_hook_factory(is_sequence, sequence)
    conv.register_structure_hook_factory(is_mapping, mapping)


def converter(*, omit_defaults: bool = False) -> cattrs.Converter:
    """A strict converter: no unknown keys, no type coercion, dates as ISO strings, tuples as lists.

    With ``omit_defaults`` the unstructured data leaves out fields that hold their default (data files
    stay short); without it every field is written (results for programs: every key always present).
    """
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True, omit_if_default=omit_defaults)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(float, _strict_float)
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_structure_hook(dt.date, _date)
    conv.register_structure_hook(dt.datetime, _datetime)
    conv.register_structure_hook_factory(_is_literal, _literal_hook)
    _strict_containers(conv)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    conv.register_unstructure_hook(dt.datetime, lambda d: d.isoformat())
    return conv


def _message(exc: BaseException, _type: Any) -> str:
    if isinstance(exc, ForbiddenExtraKeysError):
        known = sorted(a.name.lstrip("_") for a in attrs.fields(exc.cl) if a.init)
        return f"unknown field(s) {', '.join(sorted(exc.extra_fields))} (known: {', '.join(known)})"
    if isinstance(exc, KeyError):
        return "missing"
    if isinstance(exc, ClassValidationError | IterableValidationError):
        return "invalid"
    return str(exc)


def _path(raw: str) -> str:
    path = raw[1:] if raw.startswith("$") else raw
    return path[1:] if path.startswith(".") else path


def structure(conv: cattrs.Converter, data: Any, cls: type[T]) -> T:
    """``data`` as ``cls``, or :class:`StructureError` listing every problem with its path."""
    if attrs.has(cls) and not isinstance(data, Mapping):
        raise StructureError([("", f"expected an object, got {type(data).__name__}")])
    try:
        return conv.structure(data, cls)
    except (ClassValidationError, IterableValidationError) as exc:
        problems = []
        for line in transform_error(exc, path="$", format_exception=_message):
            message, _, where = line.rpartition(" @ ")
            path = _path(where)
            if message == "missing":
                parent, _, name = path.rpartition(".")
                path, message = parent, f"missing field {name!r}"
            problems.append((path, message))
        raise StructureError(problems) from None
    except (TypeError, ValueError) as exc:
        raise StructureError([("", str(exc))]) from None


# -- JSON Schema ------------------------------------------------------------------------------------


def _first_paragraph(doc: str | None) -> str | None:
    if not doc:
        return None
    return " ".join(doc.strip().split("\n\n")[0].split())


def _is_optional(tp: Any) -> tuple[bool, Any]:
    if get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) != len(get_args(tp)):
            inner = args[0] if len(args) == 1 else typing.Union[tuple(args)]  # noqa: UP007
            return True, inner
    return False, tp


class _SchemaBuilder:
    def __init__(self, shorthands: Mapping[type, dict[str, Any]]) -> None:
        self.defs: dict[str, Any] = {}
        self.shorthands = shorthands

    def of(self, tp: Any) -> dict[str, Any]:
        optional, inner = _is_optional(tp)
        if optional:
            return {"anyOf": [self.of(inner), {"type": "null"}]}
        if attrs.has(inner):
            name = inner.__name__
            if name not in self.defs:
                self.defs[name] = {}  # placeholder against recursion
                self.defs[name] = self.object(inner)
            ref = {"$ref": f"#/$defs/{name}"}
            if inner in self.shorthands:
                short = self.shorthands[inner]
                return {"anyOf": [*short.get("anyOf", [short]), ref]}
            return ref
        if _is_literal(inner):
            return {"enum": list(get_args(inner))}
        if inner is str:
            return {"type": "string"}
        if inner is bool:
            return {"type": "boolean"}
        if inner is int:
            return {"type": "integer"}
        if inner is float:
            return {"type": "number"}
        if inner is dt.date:
            return {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
        if inner is dt.datetime:
            return {"type": "string", "format": "date-time"}
        origin = get_origin(inner)
        if origin in (tuple, list):
            args = get_args(inner)
            return {"type": "array", "items": self.of(args[0])}
        if origin in (dict, Mapping):
            return {"type": "object", "additionalProperties": self.of(get_args(inner)[1])}
        if get_origin(inner) in (typing.Union, types.UnionType):
            return {"anyOf": [self.of(a) for a in get_args(inner)]}
        raise TypeError(f"no JSON Schema for type {inner!r}")

    def object(self, cls: type) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            name = field.name.lstrip("_")
            prop = dict(self.of(hints[field.name]))
            if doc := field.metadata.get("doc"):
                prop["description"] = doc
            prop.update(field.metadata.get("schema", {}))
            if field.default is attrs.NOTHING:
                required.append(name)
            elif not isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                prop["default"] = _plain_default(field.default)
            properties[name] = prop
        out: dict[str, Any] = {"type": "object"}
        if description := _first_paragraph(cls.__doc__):
            out["description"] = description
        out["properties"] = properties
        if required:
            out["required"] = required
        out["additionalProperties"] = False
        return out


def _plain_default(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def json_schema(
    cls: type,
    *,
    schema_id: str,
    title: str,
    version_key: tuple[str, str] | None = None,
    shorthands: Mapping[type, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``cls`` as :func:`converter` reads and writes it.

    ``version_key`` adds a required top-level key holding a constant (``("schema", "bizenv-profile/2")``);
    ``shorthands`` maps a class to the schema of a shorter form the reader also accepts.
    """
    builder = _SchemaBuilder(shorthands or {})
    top = builder.object(cls)
    if version_key is not None:
        key, value = version_key
        top["properties"] = {key: {"const": value, "description": "the format and its version"}, **top["properties"]}
        top["required"] = [key, *top.get("required", [])]
    schema: dict[str, Any] = {"$schema": JSON_SCHEMA_DIALECT, "$id": schema_id, "title": title, **top}
    schema["$defs"] = dict(sorted(builder.defs.items()))
    return schema


__all__ = ["JSON_SCHEMA_DIALECT", "StructureError", "converter", "json_schema", "structure"]
