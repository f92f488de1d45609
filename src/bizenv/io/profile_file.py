"""Profile data files (JSON or TOML, schema ``bizenv-profile/1``) to and from RegionProfile.

The same structure is read from a plugin's data file and written by ``bizenv export``,
so an exported profile can be loaded again unchanged. docs/profile-schema.json is the
JSON Schema; docs/plugins.md explains each field.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from importlib.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

from bizenv.model import (
    Area,
    DataNote,
    Deadline,
    Measure,
    Names,
    Provenance,
    Region,
    RegionProfile,
    Responsibility,
    SourceDocument,
    SubUnit,
    Target,
    Unit,
    UnitRef,
    parse_deadline_date,
)
from bizenv.model.deadline import DeadlineError

SCHEMA = "bizenv-profile/1"
T = TypeVar("T")


class ProfileFileError(ValueError):
    """A profile data file that does not fit the schema; the message names file and field."""


class _Reader:
    """Builds model objects from plain data, tracking the path for error messages."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.path: list[str] = []
        self.alias: dict[str, Unit] = {}

    @contextmanager
    def at(self, part: str) -> Iterator[None]:
        self.path.append(part)
        try:
            yield
        finally:
            self.path.pop()

    def where(self) -> str:
        return "".join(p if p.startswith("[") else f".{p}" for p in self.path).lstrip(".")

    def fail(self, message: str) -> ProfileFileError:
        return ProfileFileError(f"{self.source}: {self.where() or '<top>'}: {message}")

    def build(self, make: Callable[[], T]) -> T:
        try:
            return make()
        except ProfileFileError:
            raise
        except (TypeError, ValueError, KeyError) as exc:
            raise self.fail(str(exc)) from None

    def mapping(self, data: Any) -> Mapping[str, Any]:
        if not isinstance(data, Mapping):
            raise self.fail(f"expected an object, got {type(data).__name__}")
        return data

    def each(self, data: Mapping[str, Any], key: str, read: Callable[[Any], T]) -> tuple[T, ...]:
        items = data.get(key, [])
        if not isinstance(items, list):
            raise self.fail(f"{key} must be a list")
        out = []
        for index, item in enumerate(items):
            with self.at(key), self.at(f"[{index}]"):
                out.append(read(item))
        return tuple(out)

    def required(self, data: Mapping[str, Any], key: str) -> Any:
        if key not in data:
            raise self.fail(f"missing field {key!r}")
        return data[key]

    # -- leaves -------------------------------------------------------------

    def names(self, data: Any) -> Names:
        d = self.mapping(data)
        return self.build(lambda: Names(zh=self.required(d, "zh"), en=self.required(d, "en"), ug=d.get("ug")))

    def date(self, value: Any) -> dt.date | None:
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise self.fail(f"expected an ISO date YYYY-MM-DD, got {value!r}") from None

    def deadline(self, data: Any) -> Deadline | None:
        if data is None:
            return None
        if isinstance(data, str):
            try:
                return Deadline(raw=data, date=parse_deadline_date(data))
            except DeadlineError as exc:
                raise self.fail(f"{exc}; give {{raw, date, note}} with a data note for this reading") from None
        d = self.mapping(data)
        raw = self.required(d, "raw")
        with self.at("date"):
            date = self.date(d.get("date"))
        return self.build(lambda: Deadline(raw=raw, date=date))

    def unit_ref(self, data: Any) -> UnitRef:
        if isinstance(data, str):
            unit = self.alias.get(data.strip())
            name = unit.name if unit else data.strip()
            return self.build(lambda: UnitRef(raw=data, name=name, group=bool(unit and unit.group)))
        d = self.mapping(data)
        raw = self.required(d, "raw")
        unit = self.alias.get(d.get("name", raw))
        name = d.get("name") or (unit.name if unit else raw)
        group = d.get("group", bool(unit and unit.group))
        return self.build(lambda: UnitRef(raw=raw, name=name, group=group))

    def provenance(self, data: Any, document: str | None = None) -> Provenance:
        d = self.mapping(data)
        doc = d.get("document", document)
        return self.build(lambda: Provenance(document=doc, clause=self.required(d, "clause"), line=d.get("line")))

    def note(self, data: Any) -> DataNote:
        d = self.mapping(data)
        return self.build(
            lambda: DataNote(
                field=self.required(d, "field"),
                raw=self.required(d, "raw"),
                reading=self.required(d, "reading"),
                reason=self.required(d, "reason"),
            )
        )

    # -- composites ---------------------------------------------------------

    def target(self, data: Any) -> Target:
        d = self.mapping(data)
        with self.at("due"):
            due = self.deadline(d.get("due"))
        known = {
            "metric",
            "comparator",
            "value",
            "low",
            "high",
            "unit",
            "baseline",
            "aggregation",
            "scope",
            "due",
            "raw",
            "label",
        }
        if extra := set(d) - known:
            raise self.fail(f"unknown target fields: {', '.join(sorted(extra))}")
        return self.build(
            lambda: Target(
                metric=self.required(d, "metric"),
                comparator=self.required(d, "comparator"),
                unit=self.required(d, "unit"),
                raw=self.required(d, "raw"),
                value=d.get("value"),
                low=d.get("low"),
                high=d.get("high"),
                baseline=d.get("baseline"),
                aggregation=d.get("aggregation", "each"),
                scope=d.get("scope"),
                due=due,
                label=d.get("label"),
            )
        )

    def measure(self, data: Any) -> Measure:
        d = self.mapping(data)
        document = self.required(d, "document")
        with self.at("provenance"):
            provenance = self.provenance(self.required(d, "provenance"), document)
        with self.at("deadline"):
            deadline = self.deadline(d.get("deadline"))
        roles = {}
        for role in ("lead_units", "responsible_units", "cooperating_units"):
            roles[role] = self.each(d, role, self.unit_ref)
        units_raw = d.get("units_raw", {})
        if not isinstance(units_raw, Mapping):
            raise self.fail("units_raw must be an object of role -> source text")
        responsibility = self.build(
            lambda: Responsibility(lead_leaders=d.get("lead_leaders", ()), raw=dict(units_raw), **roles)
        )
        return self.build(
            lambda: Measure(
                id=str(self.required(d, "id")),
                document=document,
                title=d.get("title", ""),
                text=self.required(d, "text"),
                provenance=provenance,
                area=d.get("area"),
                categories=d.get("categories", ()),
                responsibility=responsibility,
                deadline=deadline,
                targets=self.each(d, "targets", self.target),
                items=d.get("items", ()),
                notes=self.each(d, "notes", self.note),
            )
        )

    def area(self, data: Any) -> Area:
        d = self.mapping(data)
        provenance = None
        if "provenance" in d:
            with self.at("provenance"):
                provenance = self.provenance(d["provenance"], d.get("document"))
        return self.build(
            lambda: Area(
                id=str(self.required(d, "id")),
                document=self.required(d, "document"),
                title=self.required(d, "title"),
                lead_units=self.each(d, "lead_units", self.unit_ref),
                provenance=provenance,
                parent=d.get("parent"),
            )
        )

    def region(self, data: Any) -> Region:
        d = self.mapping(data)
        with self.at("names"):
            names = self.names(self.required(d, "names"))
        with self.at("parent"):
            parent = self.names(self.required(d, "parent"))

        def sub_unit(item: Any) -> SubUnit:
            s = self.mapping(item)
            with self.at("names"):
                sub_names = self.names(self.required(s, "names"))
            return self.build(
                lambda: SubUnit(id=self.required(s, "id"), names=sub_names, kind=self.required(s, "kind"))
            )

        return self.build(
            lambda: Region(
                id=self.required(d, "id"),
                names=names,
                parent=parent,
                calendar=d.get("calendar", "CN-XJ"),
                sub_units=self.each(d, "sub_units", sub_unit),
            )
        )

    def document(self, data: Any) -> SourceDocument:
        d = self.mapping(data)
        with self.at("date"):
            date = self.date(d.get("date"))
        return self.build(
            lambda: SourceDocument(
                id=self.required(d, "id"),
                title=self.required(d, "title"),
                issuer=self.required(d, "issuer"),
                number=d.get("number"),
                date=date,
                seed_file=d.get("seed_file"),
            )
        )

    def unit(self, data: Any) -> Unit:
        d = self.mapping(data)
        return self.build(
            lambda: Unit(
                name=self.required(d, "name"),
                aliases=d.get("aliases", ()),
                group=d.get("group", False),
                names_en=d.get("en"),
            )
        )

    def profile(self, data: Any) -> RegionProfile:
        d = self.mapping(data)
        if d.get("schema") != SCHEMA:
            raise self.fail(f"schema must be {SCHEMA!r}, got {d.get('schema')!r}")
        with self.at("region"):
            region = self.region(self.required(d, "region"))
        units = self.each(d, "units", self.unit)
        for unit in units:
            self.alias[unit.name] = unit
            for other in unit.aliases:
                self.alias.setdefault(other, unit)
        return self.build(
            lambda: RegionProfile(
                region=region,
                documents=self.each(d, "documents", self.document),
                units=units,
                areas=self.each(d, "areas", self.area),
                measures=self.each(d, "measures", self.measure),
            )
        )


def profile_from_dict(data: Mapping[str, Any], source: str = "<data>") -> RegionProfile:
    """Build a profile from plain data; errors name ``source`` and the field path."""
    return _Reader(source).profile(data)


def load_profile(path: str | Path | Traversable) -> RegionProfile:
    """Read a profile data file (``.json`` or ``.toml``)."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8") if not isinstance(path, str) else Path(path).read_text("utf-8")
    except OSError as exc:
        raise ProfileFileError(f"{name}: cannot read: {exc}") from None
    try:
        data = tomllib.loads(text) if name.endswith(".toml") else json.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProfileFileError(f"{name}: not valid {'TOML' if name.endswith('.toml') else 'JSON'}: {exc}") from None
    return profile_from_dict(data, name)


# -- writing ----------------------------------------------------------------


def _names(n: Names) -> dict[str, Any]:
    return {"zh": n.zh, "en": n.en, "ug": n.ug}


def _deadline(d: Deadline | None) -> dict[str, Any] | None:
    return None if d is None else {"raw": d.raw, "date": d.date.isoformat() if d.date else None}


def _unit_ref(u: UnitRef) -> dict[str, Any]:
    return {"raw": u.raw, "name": u.name, "group": u.group}


def _provenance(p: Provenance) -> dict[str, Any]:
    return {"document": p.document, "clause": p.clause, "line": p.line}


def target_to_dict(t: Target) -> dict[str, Any]:
    return {
        "metric": t.metric,
        "comparator": t.comparator,
        "value": t.value,
        "low": t.low,
        "high": t.high,
        "unit": t.unit,
        "baseline": t.baseline,
        "aggregation": t.aggregation,
        "scope": t.scope,
        "due": _deadline(t.due),
        "raw": t.raw,
        "label": t.label,
    }


def measure_to_dict(m: Measure) -> dict[str, Any]:
    r = m.responsibility
    return {
        "id": m.id,
        "document": m.document,
        "area": m.area,
        "title": m.title,
        "text": m.text,
        "categories": list(m.categories),
        "lead_leaders": list(r.lead_leaders),
        "lead_units": [_unit_ref(u) for u in r.lead_units],
        "responsible_units": [_unit_ref(u) for u in r.responsible_units],
        "cooperating_units": [_unit_ref(u) for u in r.cooperating_units],
        "units_raw": dict(r.raw),
        "deadline": _deadline(m.deadline),
        "targets": [target_to_dict(t) for t in m.targets],
        "items": list(m.items),
        "provenance": _provenance(m.provenance),
        "notes": [{"field": n.field, "raw": n.raw, "reading": n.reading, "reason": n.reason} for n in m.notes],
    }


def profile_to_dict(p: RegionProfile) -> dict[str, Any]:
    """Plain data for a profile, in the file schema (what ``bizenv export`` writes)."""
    region = p.region
    return {
        "schema": SCHEMA,
        "region": {
            "id": region.id,
            "names": _names(region.names),
            "parent": _names(region.parent),
            "calendar": region.calendar,
            "sub_units": [{"id": s.id, "names": _names(s.names), "kind": s.kind} for s in region.sub_units],
        },
        "documents": [
            {
                "id": d.id,
                "title": d.title,
                "issuer": d.issuer,
                "number": d.number,
                "date": d.date.isoformat() if d.date else None,
                "seed_file": d.seed_file,
            }
            for d in p.documents
        ],
        "units": [{"name": u.name, "aliases": list(u.aliases), "group": u.group, "en": u.names_en} for u in p.units],
        "areas": [
            {
                "id": a.id,
                "document": a.document,
                "title": a.title,
                "parent": a.parent,
                "lead_units": [_unit_ref(u) for u in a.lead_units],
                **({"provenance": _provenance(a.provenance)} if a.provenance else {}),
            }
            for a in p.areas
        ],
        "measures": [measure_to_dict(m) for m in p.measures],
    }
