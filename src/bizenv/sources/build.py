"""The build driver: a plugin's profile.json from its bundled source texts, curated file and layout module.

A plugin declares what its build uses in its ``pyproject.toml``::

    [tool.bizenv.build]
    layout = "tools/myregion_layout.py"     # a file of the plugin, or a module path (pkg.layout)
    curated = "tools/myregion_curated.toml"
    output = "src/bizenv_myregion/profile.json"
    # sources = "src/bizenv_myregion/sources"   (default: "sources" beside the output)

:func:`build_profile` returns the profile as the canonical JSON text, :func:`profile_is_current` tells
whether the shipped file is that text, :func:`write_profile` writes it. ``bizenv build-profile`` is the
command for the same.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
import tomllib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs

from bizenv import progress
from bizenv.model import DataNote, Deadline, Provenance, UnitRef
from bizenv.profile_file import SCHEMA, profile_from_dict, profile_to_dict
from bizenv.sources.curated import Curated, load_curated
from bizenv.sources.deadlines import read_deadline
from bizenv.sources.errors import BuildError
from bizenv.sources.layout import ParsedArea, ParsedMeasure, Reading, SourceSet
from bizenv.sources.provenance import SourceText
from bizenv.sources.targets import check_measure, check_targets
from bizenv.sources.text import squash
from bizenv.sources.units import UnitTable
from bizenv.validate import validate_profile


@attrs.frozen
class BuildConfig:
    """Where a plugin's build finds its parts: the ``[tool.bizenv.build]`` table of its pyproject.toml."""

    plugin: Path
    layout: str
    curated: Path
    output: Path
    sources: Path


def load_config(plugin_dir: str | Path) -> BuildConfig:
    """The build configuration of the plugin in ``plugin_dir``."""
    plugin = Path(plugin_dir).resolve()
    pyproject = plugin / "pyproject.toml"
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BuildError(f"{pyproject}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise BuildError(f"{pyproject}: not valid TOML: {exc}") from None
    table = data.get("tool", {}).get("bizenv", {}).get("build")
    if not isinstance(table, dict):
        raise BuildError(f"{pyproject}: no [tool.bizenv.build] table")
    if extra := set(table) - {"layout", "curated", "output", "sources"}:
        raise BuildError(f"{pyproject}: [tool.bizenv.build] has unknown keys {sorted(extra)}")
    for key in ("layout", "curated", "output"):
        if not isinstance(table.get(key), str) or not table[key]:
            raise BuildError(f'{pyproject}: [tool.bizenv.build] needs {key} = "..."')
    output = plugin / table["output"]
    sources = plugin / table["sources"] if isinstance(table.get("sources"), str) else output.parent / "sources"
    return BuildConfig(plugin, table["layout"], plugin / table["curated"], output, sources)


def load_layout(config: BuildConfig) -> ModuleType:
    """The plugin's layout module: a file of the plugin (``tools/layout.py``) or an importable module path."""
    spec = config.layout
    if spec.endswith(".py") or "/" in spec:
        path = (config.plugin / spec).resolve()
        # A module name of its own per file: two plugins may both call theirs layout.py.
        name = "_bizenv_layout_" + "".join(c if c.isalnum() else "_" for c in str(path))
        if name in sys.modules:
            return sys.modules[name]
        found = importlib.util.spec_from_file_location(name, path)
        if found is None or found.loader is None or not path.is_file():
            raise BuildError(f"layout module {path} does not exist")
        module = importlib.util.module_from_spec(found)
        sys.modules[name] = module
        try:
            found.loader.exec_module(module)
        except BaseException:
            del sys.modules[name]
            raise
        return module
    try:
        return importlib.import_module(spec)
    except ImportError as exc:
        raise BuildError(f"layout module {spec!r} cannot be imported: {exc}") from None


#: The steps :func:`build_profile` reports: sources read, layout read, profile assembled, validated and written.
BUILD_STEPS = 4


def read_sources(config: BuildConfig, curated: Curated) -> SourceSet:
    """The source texts the curated documents name, read from the plugin's sources folder."""
    texts: dict[str, SourceText] = {}
    for document in curated.documents:
        path = config.sources / str(document["seed_file"])
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise BuildError(f"document {document['id']}: cannot read its source text: {exc}") from None
        texts[str(document["id"])] = SourceText(str(document["id"]), path.name, text)
    return SourceSet(texts)


def _ref(ref: UnitRef) -> dict[str, Any]:
    return {"raw": ref.raw, "name": ref.name, "group": ref.group}


def _provenance(p: Provenance) -> dict[str, Any]:
    return {"document": p.document, "clause": p.clause, "line": p.line}


def _deadline(d: Deadline | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {
        "raw": d.raw,
        "date": None if d.date is None else d.date.isoformat(),
        "alternatives": [day.isoformat() for day in d.alternatives],
    }


class _Assembler:
    """Joins what the layout read with the curated file into profile data, checking each against the other."""

    def __init__(self, curated: Curated, reading: Reading, sources: SourceSet) -> None:
        self.curated = curated
        self.reading = reading
        self.sources = sources
        self.table = UnitTable(curated.units, curated.prefixes, curated.fragments)

    def area(self, area: ParsedArea) -> dict[str, Any]:
        where = f"area {area.id}"
        entry = self.curated.area(area.id)
        if area.title is not None and entry.title is not None:
            raise BuildError(f"{where}: the source gives the title; the curated title is not used")
        title = area.title if area.title is not None else entry.title
        if not title:
            raise BuildError(f"{where}: no title in the source or the curated file")
        lead = [] if area.lead_cell is None else self.table.read_cell(area.lead_cell, role="lead", where=where).refs
        line = self.sources[area.provenance.document].line(area.provenance.line) if area.provenance.line else ""
        for note in entry.notes:
            if note.raw and squash(note.raw) not in squash(line) and note.raw != title:
                raise BuildError(f"{where}: the raw text of the note on {note.field!r} is not on the heading's line")
        return {
            "id": area.id,
            "document": area.provenance.document,
            "title": title,
            "parent": area.parent,
            "lead_units": [_ref(r) for r in lead],
            "provenance": _provenance(area.provenance),
            "notes": [attrs.asdict(n) for n in entry.notes],
        }

    def measure(self, parsed: ParsedMeasure) -> dict[str, Any]:
        where = f"measure {parsed.id}"
        entry = self.curated.measure(parsed.id)
        categories = entry.categories
        if categories is None and parsed.area is not None:
            categories = self.curated.area(parsed.area).categories
        if not categories:
            raise BuildError(f"{where}: no categories (give them for the measure or its area in the curated file)")
        units: dict[str, list[dict[str, Any]]] = {"lead": [], "responsible": [], "cooperating": []}
        unit_notes: list[DataNote] = []
        for role, cell in parsed.cells.items():
            cell_reading = self.table.read_cell(cell, role=role, measure=parsed.id, where=where)
            units[role] = [_ref(r) for r in cell_reading.refs]
            unit_notes.extend(cell_reading.notes)
        # Notes in a fixed order: the layout's, the curated file's, the fragments'. A curated note on a
        # field replaces what the layout or a fragment noted on the same field.
        replaced = {n.field for n in entry.notes}
        notes = [
            *(n for n in parsed.notes if n.field not in replaced),
            *entry.notes,
            *(n for n in unit_notes if n.field not in replaced),
        ]
        line = (
            ""
            if parsed.provenance.line is None
            else self.sources[parsed.provenance.document].line(parsed.provenance.line)
        )
        for note in entry.notes:
            # A note quotes the source: the measure's text or the line it starts on (its number, a cell).
            if note.raw and squash(note.raw) not in squash(parsed.text) and squash(note.raw) not in squash(line):
                raise BuildError(f"{where}: the raw text of the note on {note.field!r} is not in the measure's source")
        for field in parsed.needs_note:
            if not any(n.field == field for n in entry.notes):
                raise BuildError(f"{where}: the source is irregular in {field!r}; the curated file needs a note on it")
        problems = check_targets(entry.targets, parsed.text, notes)
        # A milestone's commitment word is its own, as a target's is (力争 of one clause).
        committed = [*entry.targets, *({"raw": g["raw"], "commitment": g.get("commitment")} for g in entry.milestones)]
        problems += check_measure(
            committed, parsed.text, notes, entry.commitment, entry.recurrence, title=parsed.title or ""
        )
        if problems:
            raise BuildError(f"{where}: " + "; ".join(problems))
        if parsed.items and entry.items:
            raise BuildError(f"{where}: the source lists items; the curated items are not used")
        for item in entry.items:
            if item not in parsed.text:
                raise BuildError(f"{where}: item {item!r} is not in its text")
        for i, milestone in enumerate(entry.milestones):
            if squash(str(milestone["raw"])) not in squash(parsed.text):
                raise BuildError(f"{where}: milestone #{i + 1} {milestone['raw']!r} is not in its text")
            if squash(str(milestone["due"])) not in squash(str(milestone["raw"])):
                raise BuildError(f"{where}: milestone #{i + 1}: its date {milestone['due']!r} is not in its raw")
        deadline = read_deadline(parsed.deadline, entry.deadline, text=parsed.text, notes=entry.notes, where=where)
        return {
            "id": parsed.id,
            "document": parsed.provenance.document,
            "area": parsed.area,
            "title": parsed.title,
            "text": parsed.text,
            "categories": list(categories),
            "responsibility": {
                "lead_leaders": list(parsed.leaders),
                "lead_units": units["lead"],
                "responsible_units": units["responsible"],
                "cooperating_units": units["cooperating"],
                "raw": dict(parsed.cells),
            },
            "deadline": _deadline(deadline),
            "targets": [{"aggregation": "each", **target} for target in entry.targets],
            "items": list(parsed.items or entry.items),
            "provenance": _provenance(parsed.provenance),
            "notes": [attrs.asdict(n) for n in notes],
            "commitment": entry.commitment,
            "recurrence": None if entry.recurrence is None else dict(entry.recurrence),
            "parent": self._parent(parsed, entry.parent, where),
            "related": [dict(r) for r in entry.related],
            "milestones": [dict(g) for g in entry.milestones],
        }

    @staticmethod
    def _parent(parsed: ParsedMeasure, curated: str | None, where: str) -> str | None:
        if parsed.parent is not None and curated is not None and curated != parsed.parent:
            raise BuildError(f"{where}: the curated parent {curated!r} is not the layout's {parsed.parent!r}")
        return curated or parsed.parent

    def document(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """A document entry, its statements checked against its source text: the words of its period and of
        each rule are the document's own (whitespace aside), its programme lead is read like a unit cell."""
        document = dict(data)
        where = f"document {document['id']}"
        text = squash(self.sources[document["id"]].text)
        period = document.get("period")
        if isinstance(period, Mapping) and squash(str(period.get("raw", ""))) not in text:
            raise BuildError(f"{where}: the period {period.get('raw')!r} is not in the document")
        rules = []
        for i, rule in enumerate(document.get("rules", [])):
            rule = dict(rule) if isinstance(rule, Mapping) else rule
            if isinstance(rule, dict):
                if squash(str(rule.get("text", ""))) not in text:
                    raise BuildError(
                        f"{where}: rule {i + 1} is not the document's words: {str(rule.get('text'))[:30]!r}"
                    )
                if isinstance(rule.get("provenance"), Mapping):
                    rule["provenance"] = {"document": document["id"], **rule["provenance"]}
            rules.append(rule)
        if "rules" in document:
            document["rules"] = rules
        if isinstance(period, Mapping) and isinstance(period.get("provenance"), Mapping):
            document["period"] = {**period, "provenance": {"document": document["id"], **period["provenance"]}}
        leads = []
        for cell in document.get("lead_units", []):
            leads += [_ref(r) for r in self.table.read_cell(cell, role="lead", where=where).refs]
        if "lead_units" in document:
            document["lead_units"] = leads
        return document

    def data(self, every_unit_named: bool) -> dict[str, Any]:
        # Every area, measure and document is checked before the build gives up, so that one run lists every
        # problem of the curated file (fixing them one run at a time took as many runs as problems).
        problems: list[str] = []
        areas = _each(self.area, self.reading.areas, problems)
        measures = _each(self.measure, self.reading.measures, problems)
        documents = _each(self.document, self.curated.documents, problems)
        area_ids = {a.id for a in self.reading.areas}
        measure_ids = [m.id for m in self.reading.measures]
        ids = set(measure_ids)
        if duplicates := sorted({i for i in measure_ids if measure_ids.count(i) > 1}):
            problems.append(f"measure ids used twice in the source: {duplicates}")
        problems += [f"curated area {a!r} is not in the source" for a in self.curated.areas if a not in area_ids]
        problems += [f"curated measure {m!r} is not in the source" for m in self.curated.measures if m not in ids]
        problems += [
            f"curated fragment {f.raw!r} (measure {f.measure}) occurs in no cell"
            for i, f in enumerate(self.curated.fragments)
            if i not in self.table.used_fragments
        ]
        if every_unit_named:
            unused = [u.name for u in self.curated.units if u.name not in self.table.used_units]
            if unused:
                problems.append(f"units in the table that no cell names: {', '.join(unused)}")
        if len(problems) == 1:
            raise BuildError(problems[0])
        if problems:
            raise BuildError(f"{len(problems)} problems:\n" + "\n".join(f"- {p}" for p in problems))
        return {
            "schema": SCHEMA,
            "region": dict(self.curated.region),
            "documents": documents,
            "units": [
                {
                    "name": u.name,
                    "aliases": list(u.aliases),
                    "group": u.group,
                    "en": u.en,
                    "members": list(u.members),
                    "notes": [attrs.asdict(n) for n in u.notes],
                }
                for u in self.curated.units
            ],
            "areas": areas,
            "measures": measures,
        }


def _each(build: Callable[[Any], dict[str, Any]], parts: Iterable[Any], problems: list[str]) -> list[dict[str, Any]]:
    """``build`` of each part; the problem of a part that cannot be built is added to ``problems``."""
    built = []
    for part in parts:
        try:
            built.append(build(part))
        except BuildError as exc:
            problems.append(str(exc))
    return built


def render(data: Mapping[str, Any], source: str = "<build>") -> str:
    """Profile data as the canonical profile.json text, refused (:class:`BuildError`) if validation finds errors.

    Canonical: the data read into the model and written back (:func:`bizenv.profile_to_dict`), as JSON
    with one space of indentation and the characters as they are, ending in a newline.
    """
    profile = profile_from_dict(data, source)
    errors = [p for p in validate_profile(profile) if p.level == "error"]
    if errors:
        raise BuildError(f"{source}: the profile has validation errors:\n" + "\n".join(str(e) for e in errors))
    return json.dumps(profile_to_dict(profile), ensure_ascii=False, indent=1) + "\n"


def build_data(plugin_dir: str | Path) -> dict[str, Any]:
    """The profile of the plugin in ``plugin_dir`` as plain data, before validation."""
    config = load_config(plugin_dir)
    curated = load_curated(config.curated)
    layout = load_layout(config)
    read = getattr(layout, "read", None)
    if not callable(read):
        raise BuildError(f"layout module {config.layout!r} has no read(sources, curated) function")
    sources = read_sources(config, curated)
    progress.report(1, BUILD_STEPS)
    reading = read(sources, curated)
    if not isinstance(reading, Reading):
        raise BuildError(f"layout {config.layout}: read() returned {type(reading).__name__}, not a Reading")
    progress.report(2, BUILD_STEPS)
    data = _Assembler(curated, reading, sources).data(every_unit_named=bool(getattr(layout, "EVERY_UNIT_NAMED", False)))
    progress.report(3, BUILD_STEPS)
    return data


def build_profile(plugin_dir: str | Path) -> str:
    """The profile.json text of the plugin in ``plugin_dir``, built from its sources; raises :class:`BuildError`."""
    config = load_config(plugin_dir)
    text = render(build_data(plugin_dir), f"{config.plugin.name} (build)")
    progress.report(BUILD_STEPS, BUILD_STEPS)
    return text


def profile_is_current(plugin_dir: str | Path) -> bool:
    """Whether the plugin's shipped profile.json is exactly what a build gives."""
    config = load_config(plugin_dir)
    fresh = build_profile(plugin_dir)
    try:
        return config.output.read_text(encoding="utf-8") == fresh
    except FileNotFoundError:
        return False


def write_profile(plugin_dir: str | Path) -> Path:
    """Build the plugin's profile and write it to its output file; returns the file."""
    config = load_config(plugin_dir)
    text = build_profile(plugin_dir)
    config.output.write_text(text, encoding="utf-8")
    return config.output


__all__ = [
    "BuildConfig",
    "build_data",
    "build_profile",
    "load_config",
    "load_layout",
    "profile_is_current",
    "read_sources",
    "render",
    "write_profile",
]
