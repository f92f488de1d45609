"""Profile data files (JSON or TOML) to and from :class:`~bizenv.model.RegionProfile`.

The format is the model: a file is :class:`RegionProfile` as plain data (:mod:`bizenv.plaindata`),
plus the key ``schema = "bizenv-profile/2"``, every field written (null where empty). The same
structure is read from a plugin's data file and written by ``bizenv export``;
docs/profile-schema.json is generated from the model classes (:func:`profile_schema`). Unknown keys,
wrong types and values outside a vocabulary are errors naming the file and the field path.

Shorthands a hand-written file may use (the writer always writes the full form):

- a unit reference as a string, ``"州市场监管局"``: the raw text, resolved through the unit table;
  a reference object without ``name`` is resolved the same way;
- a deadline (``deadline``, ``due``) as a string, ``"2024年6月"``: the raw text and the date it reads as;
- ``provenance`` without ``document``: the document of the measure or area it belongs to.

Files of the first format (``bizenv-profile/1``) are read too and upgraded on the way
(:func:`upgrade_v1`).
"""

from __future__ import annotations

import copy
import json
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from bizenv.errors import DeadlineError, ProfileFileError
from bizenv.model import Deadline, Provenance, RegionProfile, UnitRef, parse_deadline_date
from bizenv.plaindata import StructureError, converter, json_schema, structure
from bizenv.textfile import TextFileError, decode_text

SCHEMA = "bizenv-profile/2"
SCHEMA_V1 = "bizenv-profile/1"
SCHEMA_ID = "https://bizenv.readthedocs.io/schemas/profile-2.json"
_CONVERTER = converter()

__all__ = [
    "SCHEMA",
    "ProfileFileError",
    "field_reference",
    "load_profile",
    "profile_from_dict",
    "profile_schema",
    "profile_to_dict",
    "upgrade_v1",
]


def upgrade_v1(data: Mapping[str, Any]) -> dict[str, Any]:
    """A ``bizenv-profile/1`` document in the form of ``bizenv-profile/2``.

    Version 1 kept a measure's units flat on the measure (``lead_units``, ``units_raw`` …); version 2
    nests them in ``responsibility`` as the model does.
    """
    out = copy.deepcopy(dict(data))
    out["schema"] = SCHEMA
    measures = out.get("measures")
    if isinstance(measures, list):
        for measure in measures:
            if not isinstance(measure, dict):
                continue
            responsibility: dict[str, Any] = {}
            for key in ("lead_leaders", "lead_units", "responsible_units", "cooperating_units"):
                if key in measure:
                    responsibility[key] = measure.pop(key)
            if "units_raw" in measure:
                responsibility["raw"] = measure.pop("units_raw")
            if responsibility:
                measure["responsibility"] = responsibility
            for target in measure.get("targets", []) if isinstance(measure.get("targets"), list) else []:
                if isinstance(target, dict):
                    for key in [k for k, v in target.items() if v is None]:
                        del target[key]
    upgraded: dict[str, Any] = _drop_nulls(out)
    return upgraded


def _drop_nulls(value: Any) -> Any:
    # Version 1 wrote every optional field, null or not; version 2 leaves them out.
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value]
    return value


class _Shorthands:
    """Expands the shorthands of a hand-written file into the full form, in place."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.units: dict[str, Mapping[str, Any]] = {}
        for unit in data.get("units", []) if isinstance(data.get("units"), list) else []:
            if isinstance(unit, Mapping) and isinstance(unit.get("name"), str):
                self.units.setdefault(unit["name"].strip(), unit)
                aliases = unit.get("aliases")
                for alias in aliases if isinstance(aliases, list) else []:
                    if isinstance(alias, str):
                        self.units.setdefault(alias.strip(), unit)

    def unit_ref(self, value: Any) -> Any:
        if isinstance(value, str):
            value = {"raw": value}
        if isinstance(value, dict) and isinstance(value.get("raw"), str):
            unit = self.units.get(str(value.get("name", value["raw"])).strip())
            value.setdefault("name", unit["name"] if unit else value["raw"].strip())
            if "group" not in value and unit is not None and unit.get("group"):
                value["group"] = True
        return value

    @staticmethod
    def deadline(value: Any, path: str) -> Any:
        if not isinstance(value, str):
            return value
        try:
            date = parse_deadline_date(value)
        except DeadlineError as exc:
            raise StructureError([(path, f"{exc}; give {{raw, date}} with a data note for this reading")]) from None
        return {"raw": value, "date": date.isoformat()}

    def refs(self, owner: dict[str, Any], key: str) -> None:
        if isinstance(owner.get(key), list):
            owner[key] = [self.unit_ref(v) for v in owner[key]]

    def expand(self, data: dict[str, Any]) -> None:
        for document in data.get("documents", []) if isinstance(data.get("documents"), list) else []:
            if isinstance(document, dict):
                self.refs(document, "lead_units")
        for area in data.get("areas", []) if isinstance(data.get("areas"), list) else []:
            if isinstance(area, dict):
                self.refs(area, "lead_units")
                self._provenance(area)
        for i, measure in enumerate(data.get("measures", []) if isinstance(data.get("measures"), list) else []):
            if not isinstance(measure, dict):
                continue
            responsibility = measure.get("responsibility")
            if isinstance(responsibility, dict):
                for key in ("lead_units", "responsible_units", "cooperating_units"):
                    self.refs(responsibility, key)
            if "deadline" in measure:
                measure["deadline"] = self.deadline(measure["deadline"], f"measures[{i}].deadline")
            for j, target in enumerate(measure.get("targets", []) if isinstance(measure.get("targets"), list) else []):
                if isinstance(target, dict) and "due" in target:
                    target["due"] = self.deadline(target["due"], f"measures[{i}].targets[{j}].due")
            milestones = measure.get("milestones")
            for j, milestone in enumerate(milestones if isinstance(milestones, list) else []):
                if isinstance(milestone, dict) and "due" in milestone:
                    milestone["due"] = self.deadline(milestone["due"], f"measures[{i}].milestones[{j}].due")
            self._provenance(measure)

    @staticmethod
    def _provenance(owner: dict[str, Any]) -> None:
        provenance = owner.get("provenance")
        if isinstance(provenance, dict) and "document" not in provenance and isinstance(owner.get("document"), str):
            provenance["document"] = owner["document"]


def profile_from_dict(data: Mapping[str, Any], source: str = "<data>") -> RegionProfile:
    """Build a profile from plain data; errors name ``source`` and the field path."""
    if not isinstance(data, Mapping):
        raise ProfileFileError(f"{source}: expected an object at the top, got {type(data).__name__}")
    version = data.get("schema")
    if version == SCHEMA_V1:
        body = upgrade_v1(data)
    elif version == SCHEMA:
        body = copy.deepcopy(dict(data))
    else:
        raise ProfileFileError(f"{source}: schema must be {SCHEMA!r} (or {SCHEMA_V1!r}), got {version!r}")
    del body["schema"]
    try:
        _Shorthands(body).expand(body)
        return structure(_CONVERTER, body, RegionProfile)
    except StructureError as exc:
        lines = [f"{path or '<top>'}: {message}" for path, message in exc.problems]
        shown = "; ".join(lines[:5]) + (f" (and {len(lines) - 5} more)" if len(lines) > 5 else "")
        raise ProfileFileError(f"{source}: {shown}") from None


def load_profile(path: str | Path | Traversable) -> RegionProfile:
    """Read a profile data file (``.json`` or ``.toml``, UTF-8, GB18030 or UTF-16)."""
    name = str(path)
    try:
        raw = (Path(path) if isinstance(path, str) else path).read_bytes()
    except OSError as exc:
        raise ProfileFileError(f"{name}: cannot read: {exc}") from None
    try:
        text = decode_text(raw, name)
    except TextFileError as exc:
        raise ProfileFileError(str(exc)) from None
    is_toml = name.endswith(".toml")
    try:
        data = tomllib.loads(text) if is_toml else json.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProfileFileError(f"{name}: not valid {'TOML' if is_toml else 'JSON'}: {exc}") from None
    return profile_from_dict(data, name)


def profile_to_dict(p: RegionProfile) -> dict[str, Any]:
    """Plain data for a profile, in the file format (what ``bizenv export`` writes)."""
    body: dict[str, Any] = _CONVERTER.unstructure(p)
    # Who and what before the long list of measures, as a reader of the file wants them.
    order = ("region", "documents", "units", "areas", "measures")
    return {"schema": SCHEMA, **{key: body[key] for key in order if key in body}}


@cache
def profile_schema() -> dict[str, Any]:
    """The JSON Schema of profile files, generated from the model (published as docs/profile-schema.json)."""
    return json_schema(
        RegionProfile,
        schema_id=SCHEMA_ID,
        title="bizenv region profile",
        version_key=("schema", SCHEMA),
        shorthands={
            UnitRef: {
                "anyOf": [
                    {"type": "string", "minLength": 1, "description": "shorthand: the raw name, resolved"},
                    {
                        "type": "object",
                        "description": "shorthand: without name, the raw name resolved through the unit table",
                        "properties": {"raw": {"type": "string", "minLength": 1}, "group": {"type": "boolean"}},
                        "required": ["raw"],
                        "additionalProperties": False,
                    },
                ]
            },
            Deadline: {"type": "string", "minLength": 1, "description": "shorthand: the raw text, read as a date"},
            Provenance: {
                "type": "object",
                "description": "shorthand: without document, the document of the measure or area",
                "properties": {
                    "clause": {"type": "string", "minLength": 1},
                    "line": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]},
                },
                "required": ["clause"],
                "additionalProperties": False,
            },
        },
    )


def _type_text(prop: dict[str, Any]) -> str:
    """A field's type in a few words, from its JSON Schema."""
    if "$ref" in prop:
        return f"`{prop['$ref'].rsplit('/', 1)[1]}`"
    if "anyOf" in prop:
        kinds = [_type_text(p) for p in prop["anyOf"]]
        return " or ".join(k for k in kinds if k != "null") + (" or null" if "null" in kinds else "")
    if "enum" in prop:
        return " \\| ".join(f"`{v}`" for v in prop["enum"])
    if prop.get("type") == "array":
        return f"list of {_type_text(prop['items'])}"
    if prop.get("type") == "object" and isinstance(prop.get("additionalProperties"), dict):
        return f"object of {_type_text(prop['additionalProperties'])}"
    if prop.get("type") == "object":
        return "object (shorthand)"
    if prop.get("type") == "null":
        return "null"
    return str(prop.get("format", prop.get("type", "")))


def field_reference() -> str:
    """The field tables of docs/profile-format.md, generated from the model (through the JSON Schema), so the
    page cannot say something the reader does not do."""
    schema = profile_schema()
    lines = []
    sections = [("RegionProfile (the file)", schema), *sorted(schema["$defs"].items())]
    for name, definition in sections:
        lines += [f"### {name}", ""]
        if description := definition.get("description"):
            lines += [description, ""]
        lines += ["| field | type | required | meaning |", "|---|---|---|---|"]
        required = set(definition.get("required", []))
        for field, prop in definition["properties"].items():
            meaning = prop.get("description", "")
            if "default" in prop and prop["default"] not in (None, [], {}, "", False):
                meaning += f" (default: `{prop['default']}`)"
            kind = _type_text(prop) if "const" not in prop else f"`{prop['const']}`"
            lines.append(f"| `{field}` | {kind} | {'yes' if field in required else ''} | {meaning} |")
        lines.append("")
    return "\n".join(lines)
