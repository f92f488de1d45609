"""The curated file: what a reader knows about a source that a parser cannot read from it.

One format for every region (TOML)::

    [region]                 # the profile's region, as in a profile file
    [[documents]]            # id, title, issuer, number, date, seed_file (the bundled source text);
                             # period, lead_units, rules, notes: only what the document states
    [[units]]                # the unit table: name, aliases, group, en; members (sub-unit ids) of a group; notes
    [cells]                  # how unit cells are read: prefixes = ["州党委", "州"]
    [[fragments]]            # cell fragments read with context: raw, measure, role, refs, reading, reason
    [areas."ID"]             # categories of the area's measures; title where the source has none; notes
    [measures."ID"]          # categories, targets, deadline, items, notes, commitment, recurrence, parent,
                             # related, milestones of one measure

Everything in it is checked against the source by the build: a target's ``raw`` must be a phrase of its
measure, a fragment must occur in a cell, a measure or area must exist. Knowledge of how the source is
laid out (which lines are headings, which column holds what) belongs to the region's layout module.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, cast, get_args

import attrs

from bizenv.model import Commitment, DataNote, Every, Role
from bizenv.sources.deadlines import DeadlineReading
from bizenv.sources.errors import BuildError

#: The keys a curated target may have: those of a profile target.
TARGET_KEYS: Final = frozenset(
    {
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
        "label",
        "raw",
        "conditions",
        "commitment",
        "clock_start",
        "excludes",
        "stage_of",
        "recurrence",
    }
)
#: The keys of a target's condition (who qualifies: "160kW及以下" is connection capacity <= 160 kW).
CONDITION_KEYS: Final = frozenset({"metric", "comparator", "value", "unit", "raw"})
#: The keys of a recurrence (每季度1次: every quarter, once).
RECURRENCE_KEYS: Final = frozenset({"every", "raw", "times"})
_MEASURE_KEYS: Final = frozenset(
    {
        "categories",
        "targets",
        "deadline",
        "items",
        "notes",
        "commitment",
        "recurrence",
        "parent",
        "related",
        "milestones",
    }
)
#: The keys of a milestone (a dated goal without a number): its phrase, its date's phrase, a commitment word.
MILESTONE_KEYS: Final = frozenset({"raw", "due", "commitment"})
#: What a document entry may say beyond its metadata: only what the document itself states.
DOCUMENT_KEYS: Final = frozenset(
    {"id", "title", "issuer", "number", "date", "seed_file", "period", "lead_units", "rules", "notes"}
)
RELATION_KEYS: Final = frozenset({"measure", "kind", "note"})
_TOP_KEYS: Final = frozenset({"region", "documents", "units", "cells", "fragments", "areas", "measures"})


@attrs.frozen(slots=True)
class UnitEntry:
    """A unit of the unit table: its normalised name, the other names the source uses, group, English name."""

    name: str
    aliases: tuple[str, ...] = ()
    group: bool = False
    en: str | None = None
    #: For a group: the sub-units (ids) it stands for.
    members: tuple[str, ...] = ()
    notes: tuple[DataNote, ...] = ()


@attrs.frozen(slots=True)
class FragmentRef:
    """A unit a fragment stands for: ``raw``, a part of the fragment, and the unit's name (or alias).

    ``name`` None: ``raw`` itself is looked up in the unit table.
    """

    raw: str
    name: str | None = None


@attrs.frozen(slots=True)
class Fragment:
    """A unit-cell fragment that no rule reads, with the units it stands for and the data note saying why.

    It applies where ``raw`` is a whole fragment of a cell, of measure ``measure`` (any measure or area
    heading when None) and role ``role`` (any role when None). Empty ``refs``: the fragment names no unit
    and is left out (the cell keeps it, as written).
    """

    raw: str
    refs: tuple[FragmentRef, ...]
    reading: str
    reason: str
    measure: str | None = None
    role: Role | None = None


@attrs.frozen(slots=True)
class AreaEntry:
    """Curated knowledge of an area: the categories its measures get, its title where the source has none."""

    categories: tuple[str, ...] | None = None
    title: str | None = None
    notes: tuple[DataNote, ...] = ()


@attrs.frozen(slots=True)
class MeasureEntry:
    """Curated knowledge of a measure.

    ``categories`` replace the area's; ``targets`` are profile targets (plain data); ``deadline`` is the
    reading of a deadline phrase (text, or raw and date where the text does not read as the date);
    ``items`` are phrases of the text; ``notes`` the data notes on what was interpreted; ``commitment`` how
    firmly the measure as a whole is committed (firm, strive, explore) where a word of its text says so;
    ``recurrence`` a recurring duty (plain data: every, raw, times).
    """

    categories: tuple[str, ...] | None = None
    targets: tuple[Mapping[str, Any], ...] = ()
    deadline: str | DeadlineReading | None = None
    items: tuple[str, ...] = ()
    notes: tuple[DataNote, ...] = ()
    commitment: Commitment | None = None
    recurrence: Mapping[str, Any] | None = None
    #: The heading measure this one belongs to, where the layout cannot tell.
    parent: str | None = None
    #: Links to measures of other documents (plain data: measure, kind, note).
    related: tuple[Mapping[str, Any], ...] = ()
    #: Dated goals without a number (plain data: raw, due, commitment).
    milestones: tuple[Mapping[str, Any], ...] = ()


@attrs.frozen(slots=True)
class Curated:
    """A curated file, read and checked for shape (:func:`load_curated`)."""

    region: Mapping[str, Any]
    documents: tuple[Mapping[str, Any], ...]
    units: tuple[UnitEntry, ...]
    prefixes: tuple[str, ...] = ()
    fragments: tuple[Fragment, ...] = ()
    areas: Mapping[str, AreaEntry] = attrs.field(factory=dict)
    measures: Mapping[str, MeasureEntry] = attrs.field(factory=dict)
    path: str = "<curated>"

    def document(self, document_id: str) -> Mapping[str, Any]:
        """The documents entry with this id."""
        for document in self.documents:
            if document.get("id") == document_id:
                return document
        raise BuildError(f"{self.path}: no document {document_id!r}")

    def measure(self, measure_id: str) -> MeasureEntry:
        """The entry of a measure; an empty one where the file has none."""
        return self.measures.get(measure_id, MeasureEntry())

    def area(self, area_id: str) -> AreaEntry:
        """The entry of an area; an empty one where the file has none."""
        return self.areas.get(area_id, AreaEntry())


class _Reader:
    """Checks the shape of a curated file's data; errors name the file and the key path."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, where: str, message: str) -> BuildError:
        return BuildError(f"{self.path}: {where}: {message}")

    def table(self, value: Any, where: str, allowed: frozenset[str], required: frozenset[str] = frozenset()) -> Any:
        if not isinstance(value, Mapping):
            raise self.fail(where, f"expected a table, got {type(value).__name__}")
        if extra := set(value) - allowed:
            raise self.fail(where, f"unknown keys {sorted(extra)}")
        if missing := required - set(value):
            raise self.fail(where, f"missing keys {sorted(missing)}")
        return value

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value:
            raise self.fail(where, f"expected a non-empty string, got {value!r}")
        return value

    def texts(self, value: Any, where: str) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list of strings, got {value!r}")
        return tuple(self.text(v, f"{where}[{i}]") for i, v in enumerate(value))

    def notes(self, value: Any, where: str) -> tuple[DataNote, ...]:
        if not isinstance(value, list):
            raise self.fail(where, "expected a list of notes")
        return tuple(self.note(n, f"{where}[{i}]") for i, n in enumerate(value))

    def unit(self, value: Any, where: str) -> UnitEntry:
        keys = frozenset({"name", "aliases", "group", "en", "members", "notes"})
        data = self.table(value, where, keys, frozenset({"name"}))
        group = data.get("group", False)
        if not isinstance(group, bool):
            raise self.fail(f"{where}.group", f"expected true or false, got {group!r}")
        en = data.get("en")
        return UnitEntry(
            name=self.text(data["name"], f"{where}.name"),
            aliases=self.texts(data.get("aliases", []), f"{where}.aliases"),
            group=group,
            en=None if en is None else self.text(en, f"{where}.en"),
            members=self.texts(data.get("members", []), f"{where}.members"),
            notes=self.notes(data.get("notes", []), f"{where}.notes"),
        )

    def fragment(self, value: Any, where: str) -> Fragment:
        keys = frozenset({"raw", "measure", "role", "refs", "reading", "reason"})
        data = self.table(value, where, keys, frozenset({"raw", "refs", "reading", "reason"}))
        raw = self.text(data["raw"], f"{where}.raw")
        role = data.get("role")
        if role is not None and role not in get_args(Role):
            raise self.fail(f"{where}.role", f"{role!r} is not one of {', '.join(get_args(Role))}")
        if not isinstance(data["refs"], list):
            raise self.fail(f"{where}.refs", "expected a list of unit references")
        refs: list[FragmentRef] = []
        for i, ref in enumerate(data["refs"]):
            at = f"{where}.refs[{i}]"
            if isinstance(ref, str):
                refs.append(FragmentRef(self.text(ref, at)))
            else:
                item = self.table(ref, at, frozenset({"raw", "name"}), frozenset({"raw", "name"}))
                refs.append(FragmentRef(self.text(item["raw"], f"{at}.raw"), self.text(item["name"], f"{at}.name")))
            if refs[-1].raw not in raw:
                raise self.fail(at, f"{refs[-1].raw!r} is not part of the fragment {raw!r}")
        measure = data.get("measure")
        return Fragment(
            raw=raw,
            refs=tuple(refs),
            reading=self.text(data["reading"], f"{where}.reading"),
            reason=self.text(data["reason"], f"{where}.reason"),
            measure=None if measure is None else self.text(measure, f"{where}.measure"),
            role=cast(Role | None, role),
        )

    def note(self, value: Any, where: str) -> DataNote:
        keys = frozenset({"field", "raw", "reading", "reason"})
        data = self.table(value, where, keys, keys)
        for key in keys:
            if not isinstance(data[key], str):
                raise self.fail(f"{where}.{key}", f"expected a string, got {data[key]!r}")
        return DataNote(field=data["field"], raw=data["raw"], reading=data["reading"], reason=data["reason"])

    def deadline(self, value: Any, where: str) -> str | DeadlineReading:
        if isinstance(value, str):
            return self.text(value, where)
        data = self.table(value, where, frozenset({"raw", "date", "alternatives"}), frozenset({"raw", "date"}))
        alternatives = data.get("alternatives", [])
        if not isinstance(alternatives, list):
            raise self.fail(f"{where}.alternatives", "expected a list of dates")
        return DeadlineReading(
            self.text(data["raw"], f"{where}.raw"),
            self.day(data["date"], f"{where}.date"),
            tuple(self.day(d, f"{where}.alternatives[{i}]") for i, d in enumerate(alternatives)),
        )

    def day(self, value: Any, where: str) -> dt.date:
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                raise self.fail(where, f"{value!r} is not a date (YYYY-MM-DD)") from None
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise self.fail(where, f"expected a date, got {value!r}")
        return value

    def commitment(self, value: Any, where: str) -> Commitment:
        if value not in get_args(Commitment):
            raise self.fail(where, f"{value!r} is not one of {', '.join(get_args(Commitment))}")
        return cast(Commitment, value)

    def recurrence(self, value: Any, where: str) -> dict[str, Any]:
        data = self.table(value, where, RECURRENCE_KEYS, frozenset({"every", "raw"}))
        if data["every"] not in get_args(Every):
            raise self.fail(f"{where}.every", f"{data['every']!r} is not one of {', '.join(get_args(Every))}")
        self.text(data["raw"], f"{where}.raw")
        times = data.get("times", 1)
        if isinstance(times, bool) or not isinstance(times, int) or times < 1:
            raise self.fail(f"{where}.times", f"expected a whole number of at least 1, got {times!r}")
        return dict(data)

    def target(self, value: Any, where: str) -> dict[str, Any]:
        data = dict(self.table(value, where, TARGET_KEYS, frozenset({"metric", "comparator", "unit", "raw"})))
        if "commitment" in data:
            self.commitment(data["commitment"], f"{where}.commitment")
        if "recurrence" in data:
            data["recurrence"] = self.recurrence(data["recurrence"], f"{where}.recurrence")
        stage_of = data.get("stage_of")
        if stage_of is not None and (isinstance(stage_of, bool) or not isinstance(stage_of, int) or stage_of < 1):
            raise self.fail(f"{where}.stage_of", f"expected the number (from 1) of a target, got {stage_of!r}")
        for key in ("clock_start", "excludes"):
            if key in data:
                self.text(data[key], f"{where}.{key}")
        if "conditions" in data:
            conditions = data["conditions"]
            if not isinstance(conditions, list):
                raise self.fail(f"{where}.conditions", "expected a list of conditions")
            data["conditions"] = [
                dict(self.table(c, f"{where}.conditions[{j}]", CONDITION_KEYS, CONDITION_KEYS))
                for j, c in enumerate(conditions)
            ]
        return data

    def measure(self, value: Any, where: str) -> MeasureEntry:
        data = self.table(value, where, _MEASURE_KEYS)
        targets = data.get("targets", [])
        if not isinstance(targets, list):
            raise self.fail(f"{where}.targets", "expected a list of targets")
        notes = data.get("notes", [])
        if not isinstance(notes, list):
            raise self.fail(f"{where}.notes", "expected a list of notes")
        return MeasureEntry(
            categories=self.texts(data["categories"], f"{where}.categories") if "categories" in data else None,
            targets=tuple(self.target(t, f"{where}.targets[{i}]") for i, t in enumerate(targets)),
            deadline=self.deadline(data["deadline"], f"{where}.deadline") if "deadline" in data else None,
            items=self.texts(data.get("items", []), f"{where}.items"),
            notes=tuple(self.note(n, f"{where}.notes[{i}]") for i, n in enumerate(notes)),
            commitment=self.commitment(data["commitment"], f"{where}.commitment") if "commitment" in data else None,
            recurrence=self.recurrence(data["recurrence"], f"{where}.recurrence") if "recurrence" in data else None,
            parent=self.text(data["parent"], f"{where}.parent") if "parent" in data else None,
            related=self.relations(data.get("related", []), f"{where}.related"),
            milestones=self.milestones(data.get("milestones", []), f"{where}.milestones"),
        )

    def milestones(self, value: Any, where: str) -> tuple[dict[str, Any], ...]:
        if not isinstance(value, list):
            raise self.fail(where, "expected a list of milestones")
        out = []
        for i, item in enumerate(value):
            data = dict(self.table(item, f"{where}[{i}]", MILESTONE_KEYS, frozenset({"raw", "due"})))
            self.text(data["raw"], f"{where}[{i}].raw")
            self.text(data["due"], f"{where}[{i}].due")
            if "commitment" in data:
                self.commitment(data["commitment"], f"{where}[{i}].commitment")
            out.append(data)
        return tuple(out)

    def relations(self, value: Any, where: str) -> tuple[dict[str, Any], ...]:
        if not isinstance(value, list):
            raise self.fail(where, "expected a list of relations")
        out = []
        for i, item in enumerate(value):
            data = dict(self.table(item, f"{where}[{i}]", RELATION_KEYS, frozenset({"measure", "kind"})))
            self.text(data["measure"], f"{where}[{i}].measure")
            out.append(data)
        return tuple(out)

    def area(self, value: Any, where: str) -> AreaEntry:
        data = self.table(value, where, frozenset({"categories", "title", "notes"}))
        return AreaEntry(
            categories=self.texts(data["categories"], f"{where}.categories") if "categories" in data else None,
            title=self.text(data["title"], f"{where}.title") if "title" in data else None,
            notes=self.notes(data.get("notes", []), f"{where}.notes"),
        )

    def curated(self, data: Mapping[str, Any]) -> Curated:
        self.table(data, "<top>", _TOP_KEYS, frozenset({"region", "documents", "units"}))
        documents = data["documents"]
        if not isinstance(documents, list) or not documents:
            raise self.fail("documents", "expected a list of one or more documents")
        for i, document in enumerate(documents):
            self.table(document, f"documents[{i}]", DOCUMENT_KEYS, frozenset({"id", "title", "issuer", "seed_file"}))
            if "notes" in document:
                self.notes(document["notes"], f"documents[{i}].notes")
        cells = self.table(data.get("cells", {}), "cells", frozenset({"prefixes"}))
        # Longest first: 州党委宣传部 is read with 州党委 before 州 is tried.
        prefixes = sorted(self.texts(cells.get("prefixes", []), "cells.prefixes"), key=len, reverse=True)
        units, fragments = data["units"], data.get("fragments", [])
        if not isinstance(units, list) or not isinstance(fragments, list):
            raise self.fail("units" if not isinstance(units, list) else "fragments", "expected a list")
        areas = self.table(data.get("areas", {}), "areas", frozenset(data.get("areas", {})))
        measures = self.table(data.get("measures", {}), "measures", frozenset(data.get("measures", {})))
        return Curated(
            region=self.table(data["region"], "region", frozenset(data["region"])),
            documents=tuple(dict(d) for d in documents),
            units=tuple(self.unit(u, f"units[{i}]") for i, u in enumerate(units)),
            prefixes=tuple(prefixes),
            fragments=tuple(self.fragment(f, f"fragments[{i}]") for i, f in enumerate(fragments)),
            areas={key: self.area(value, f"areas.{key!r}") for key, value in areas.items()},
            measures={key: self.measure(value, f"measures.{key!r}") for key, value in measures.items()},
            path=self.path,
        )


def curated_from_dict(data: Mapping[str, Any], path: str = "<curated>") -> Curated:
    """A :class:`Curated` from plain data (a parsed TOML file); raises :class:`BuildError` naming the key."""
    return _Reader(path).curated(data)


def load_curated(path: str | Path) -> Curated:
    """Read and check a curated TOML file."""
    try:
        with Path(path).open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise BuildError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise BuildError(f"{path}: not valid TOML: {exc}") from None
    return curated_from_dict(data, str(path))


__all__ = [
    "CONDITION_KEYS",
    "DOCUMENT_KEYS",
    "RECURRENCE_KEYS",
    "RELATION_KEYS",
    "TARGET_KEYS",
    "AreaEntry",
    "Curated",
    "Fragment",
    "FragmentRef",
    "MeasureEntry",
    "UnitEntry",
    "curated_from_dict",
    "load_curated",
]
