"""The contract every region plugin passes, as a pytest test class to subclass.

Each check is one ``test_*`` method; a failing check names the measure, target, unit or document at fault.
Checks that a region may legitimately not satisfy are switched off by class attributes that give the
reason (a switched-off check is reported as skipped, with the reason), never by leaving the test out.
"""

from __future__ import annotations

import difflib
import hashlib
import importlib
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib.abc import Traversable
from importlib.metadata import EntryPoint, entry_points
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Any, ClassVar, Final, TypeVar, cast

import pytest

from bizenv.calendars import get_calendar
from bizenv.errors import BizenvError
from bizenv.model import ROLES, UNITS, Measure, Provenance, RegionProfile, UnitRef
from bizenv.plugins.registry import ENTRY_POINT_GROUP, HOOK_NAMES, Registry, load_registry, make_plugin_manager
from bizenv.profile_file import profile_from_dict, profile_schema, profile_to_dict
from bizenv.sources.build import build_profile, load_config, profile_is_current
from bizenv.sources.errors import BuildError
from bizenv.sources.numerals import counts_in_words, numbers_in, zero_in_words
from bizenv.sources.provenance import SourceText
from bizenv.sources.text import remove_tags, squash
from bizenv.taxonomy import is_category
from bizenv.validate import Problem, errors, validate_profile

#: The file beside the bundled source texts that records their SHA-256 checksums, as ``sha256sum`` writes
#: them (``<hex>  <file name>`` a line): made once from the original seeds, checked on every run.
CHECKSUMS: Final = "SHA256SUMS"
#: A directory of the original seed files; when set, the bundled sources are compared with them byte for byte.
ENV_SEEDS: Final = "BIZENV_SEEDS"

# A measure's line holds the first characters of its title (or text): ten tell one measure from another.
_START: Final = 10
# A failing check lists this many faults, then says how many more there are.
_SHOWN: Final = 25
_METRIC: Final = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_NUMBER_FIELDS: Final = ("value", "low", "high", "baseline")

_T = TypeVar("_T")
# What a contract class has loaded (its registry, its source texts), kept for all of its tests: pytest makes
# a new instance for each test method, and loading a plugin and reading its sources once is enough.
_LOADED: dict[tuple[type[Any], str], Any] = {}


def _check(region: str, what: str, faults: Sequence[str]) -> None:
    """Fail, listing ``faults``, when there are any."""
    if not faults:
        return
    shown = "\n  ".join(faults[:_SHOWN])
    more = f"\n  … and {len(faults) - _SHOWN} more" if len(faults) > _SHOWN else ""
    raise AssertionError(f"region {region!r}: {what} ({len(faults)}):\n  {shown}{more}")


def _flat(text: str) -> str:
    """Text as compared with a source: ``<p>`` remnants of the extraction and whitespace dropped."""
    return squash(remove_tags(text))


def _short(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[:length] + "…"


def _shown(number: float) -> str:
    return f"{number:g}"


def _written_in(number: float, raw: str) -> bool:
    """Whether ``raw`` writes ``number``: in digits, as a count in words (一次), or as zero in words (零费用)."""
    return number in numbers_in(raw) or number in counts_in_words(raw) or (number == 0 and zero_in_words(raw))


def _noted(measure: Measure, field: str, quoting: str) -> bool:
    """Whether a data note on ``field`` quotes a part of ``quoting``: an explained reading of it."""
    return any(n.field == field and n.raw and n.raw in quoting for n in measure.notes)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_checksums(text: str, where: str) -> tuple[dict[str, str], list[str]]:
    """File name → checksum of a ``sha256sum`` listing, and what is wrong with its lines."""
    recorded: dict[str, str] = {}
    faults: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        digest, _, name = line.partition(" ")
        # sha256sum writes "<hex>  <name>" (text mode) or "<hex> *<name>" (binary mode); both read the same.
        name = name.lstrip(" *")
        if not re.fullmatch(r"[0-9a-f]{64}", digest) or not name:
            faults.append(f"{where} line {number}: {line!r} is not '<sha256>  <file name>'")
        else:
            recorded[name] = digest
    return recorded, faults


def _first_difference(left: Any, right: Any, path: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    """The key path at which two plain-data values first differ; None when they are equal."""
    if isinstance(left, Mapping) and isinstance(right, Mapping):
        for key in [*left, *(k for k in right if k not in left)]:
            if key not in left or key not in right:
                return (*path, key)
            if (found := _first_difference(left[key], right[key], (*path, key))) is not None:
                return found
        return None
    if isinstance(left, list) and isinstance(right, list):
        for index, (a, b) in enumerate(zip(left, right, strict=False)):
            if (found := _first_difference(a, b, (*path, index))) is not None:
                return found
        return None if len(left) == len(right) else (*path, min(len(left), len(right)))
    return None if left == right else path


def _data_path(data: Mapping[str, Any], path: Sequence[str | int]) -> str:
    """A JSON path into profile data, with measures and areas named by their ids (``measure 5.3: targets.0``)."""
    parts = list(path)
    if len(parts) >= 2 and parts[0] in ("measures", "areas") and isinstance(parts[1], int):
        items = data.get(str(parts[0]))
        if isinstance(items, list) and parts[1] < len(items) and isinstance(items[parts[1]], Mapping):
            kind = "measure" if parts[0] == "measures" else "area"
            rest = ".".join(str(p) for p in parts[2:])
            return f"{kind} {items[parts[1]].get('id')}" + (f": {rest}" if rest else "")
    return ".".join(str(p) for p in parts) or "<top>"


class RegionContract:
    """The checks every region plugin passes; subclass it in the plugin's tests and pytest runs them all.

    ::

        class TestYiwuContract(RegionContract):
            region = "yiwu"
            plugin_dir = Path(__file__).resolve().parents[1]

    Attributes (class attributes of the subclass):

    - ``region``: the region id, which is also the name of the plugin's entry point in group ``bizenv``;
    - ``plugin_dir``: the plugin's directory (its pyproject.toml), for the build check;
    - ``seeds_dir``: a directory of the original seed files, for the byte-for-byte check of the bundled
      sources; the environment variable ``BIZENV_SEEDS`` gives one too (and wins);
    - ``sources_dir``: where the bundled source texts are; by default ``sources/`` of the entry point's
      package.

    Switches, each the reason a check does not apply (``None``, the default, when it does):

    - ``hand_written``: why the profile is written by hand rather than built by ``bizenv build-profile``
      (switches off the build check);
    - ``without_sources``: why the plugin bundles no source text (switches off the checks against the
      sources: bundled files, checksums, seeds, texts and cells in the source, provenance lines);
    - ``unreferenced_units``: unit name → why the table lists a unit no measure or area names (a group
      needs no reason);
    - ``areas_without_heading``: area id → why the source gives the area no heading; its provenance line
      is then the line its first measure starts on.

    Loading can be changed by overriding :meth:`load_plugin`, :meth:`load_registry` and
    :meth:`load_profile`, e.g. to check a plugin object that is not installed.
    """

    region: ClassVar[str]
    plugin_dir: ClassVar[Path | None] = None
    seeds_dir: ClassVar[Path | None] = None
    sources_dir: ClassVar[Path | Traversable | None] = None
    hand_written: ClassVar[str | None] = None
    without_sources: ClassVar[str | None] = None
    unreferenced_units: ClassVar[Mapping[str, str]] = MappingProxyType({})
    areas_without_heading: ClassVar[Mapping[str, str]] = MappingProxyType({})

    # -- loading ----------------------------------------------------------------------------------

    def region_id(self) -> str:
        """The region the class checks (its ``region`` attribute)."""
        region = getattr(type(self), "region", None)
        if not isinstance(region, str) or not region:
            raise AssertionError(f"{type(self).__name__} sets no region: give region = '<entry point name>'")
        return region

    def entry_point(self) -> EntryPoint:
        """The entry point of group ``bizenv`` named after the region."""
        region = self.region_id()
        found = list(entry_points(group=ENTRY_POINT_GROUP, name=region))
        if not found:
            raise AssertionError(
                f"no entry point {region!r} in group {ENTRY_POINT_GROUP!r}: is the plugin installed "
                "(pip install -e .), and is its entry point named after its region?"
            )
        if len({ep.value for ep in found}) > 1:
            raise AssertionError(f"entry point {region!r} is installed more than once: {[ep.value for ep in found]}")
        return found[0]

    def load_plugin(self) -> object:
        """The plugin object the region's entry point loads."""
        return self.entry_point().load()

    def load_registry(self) -> Registry:
        """The registry of the plugin alone, as bizenv loads it: ``bizenv.load_registry(only={region})``."""
        return load_registry(only={self.region_id()})

    def load_profile(self) -> RegionProfile:
        """The region's profile as the registry serves it; fails, naming the registry's failures, without one."""
        registry = self.registry()
        region = self.region_id()
        if region not in registry.profiles:
            failures = "; ".join(str(f) for f in registry.failures) or "no failure reported"
            raise AssertionError(
                f"region {region!r} is not served by the registry (it serves {registry.region_ids()}): {failures}"
            )
        return registry.profiles[region]

    def _once(self, key: str, make: Callable[[], _T]) -> _T:
        slot = (type(self), key)
        if slot not in _LOADED:
            _LOADED[slot] = make()
        return cast(_T, _LOADED[slot])

    def registry(self) -> Registry:
        """:meth:`load_registry`, loaded once for the class."""
        return self._once("registry", self.load_registry)

    def profile(self) -> RegionProfile:
        """:meth:`load_profile`, loaded once for the class."""
        return self._once("profile", self.load_profile)

    def sources(self) -> Path | Traversable:
        """The directory of the bundled source texts: ``sources_dir``, or ``sources/`` of the plugin's package."""
        if self.sources_dir is not None:
            return self.sources_dir
        return files(self.entry_point().module) / "sources"

    def source_texts(self) -> dict[str, SourceText]:
        """Document id → its bundled source text, for every document whose seed_file is bundled (read once)."""

        def read() -> dict[str, SourceText]:
            texts = {}
            folder = self.sources()
            for document in self.profile().documents:
                if document.seed_file is not None and (folder / document.seed_file).is_file():
                    text = (folder / document.seed_file).read_text(encoding="utf-8")
                    texts[document.id] = SourceText(document.id, document.seed_file, text)
            return texts

        return self._once("sources", read)

    def _source_of(self, document: str) -> SourceText:
        texts = self.source_texts()
        if document not in texts:
            raise AssertionError(
                f"document {document!r} has no bundled source text (see test_seed_files_are_bundled); "
                "set without_sources to the reason if the plugin bundles none"
            )
        return texts[document]

    def _switch(self, name: str) -> None:
        """Skip the check, with the reason, when the switch ``name`` is set."""
        reason = getattr(type(self), name)
        if reason is None:
            return
        if not isinstance(reason, str) or not reason.strip():
            raise AssertionError(f"{name} must be the reason the check does not apply, not {reason!r}")
        pytest.skip(f"{name}: {reason}")

    def _fail_on(self, what: str, faults: Sequence[str]) -> None:
        _check(self.region_id(), what, faults)

    def _references(self) -> Iterator[tuple[str, str, UnitRef]]:
        """(where, role, reference) of every unit reference of the profile: area leads, then measures."""
        profile = self.profile()
        for area in profile.areas:
            for ref in area.lead_units:
                yield f"area {area.id}", "lead", ref
        for measure in profile.measures:
            for role in ROLES:
                for ref in measure.responsibility.units_in(role):
                    yield f"measure {measure.id}", role, ref

    # -- loading through the entry point --------------------------------------------------------

    def test_loads_through_its_entry_point(self) -> None:
        """The entry point named after the region loads alone with no failure and serves the region."""
        region = self.region_id()
        self.load_plugin()
        registry = self.registry()
        faults = [str(failure) for failure in registry.failures]
        if region in registry.profiles and registry.providers[region] != region:
            faults.append(f"region {region!r} is served by plugin {registry.providers[region]!r}, not by {region!r}")
        elif region not in registry.profiles:
            faults.append(f"the entry point serves no region {region!r} (it serves {registry.region_ids()})")
        self._fail_on("does not load cleanly through its entry point", faults)

    def test_hooks_are_bizenv_hooks(self) -> None:
        """Every ``bizenv_*`` function of the plugin is a bizenv hook, marked as one, and it gives profiles."""
        plugin = self.load_plugin()
        manager = make_plugin_manager()
        faults: list[str] = []
        try:
            manager.register(plugin, name=self.region_id())
        except Exception as exc:  # pluggy refuses a hook whose signature is not the spec's
            faults.append(f"the plugin cannot be registered: {exc}")
        marked = {caller.name for caller in manager.get_hookcallers(plugin) or []}
        for name in sorted(
            marked | {n for n in dir(plugin) if n.startswith("bizenv_") and callable(getattr(plugin, n))}
        ):
            if name not in HOOK_NAMES:
                close = difflib.get_close_matches(name, HOOK_NAMES, n=1)
                hint = f"did you mean {close[0]}?" if close else f"the hooks are {', '.join(HOOK_NAMES)}"
                faults.append(f"{name} is not a bizenv hook: {hint}")
            elif name not in marked:
                faults.append(f"{name} is not marked with @bizenv.hookimpl, so bizenv never calls it")
        if "bizenv_profiles" not in marked:
            faults.append("the plugin implements no bizenv_profiles hook, so it gives no region")
        self._fail_on("has hooks bizenv does not call", faults)

    def test_region_id_matches_entry_point(self) -> None:
        """The entry point serves exactly one region, whose id is the entry point's name."""
        served = self.registry().region_ids()
        if served != [self.region_id()]:
            raise AssertionError(
                f"entry point {self.region_id()!r} serves regions {served}: a region's id is the name of its "
                "entry point, one region each"
            )

    # -- validation ----------------------------------------------------------------------------

    def _validation_errors(self) -> list[Problem]:
        return errors(validate_profile(self.profile()))

    def test_validates_without_errors(self) -> None:
        """``bizenv.validate_profile`` finds no error: ids unique, references resolve, values in their vocabulary."""
        self._fail_on("has validation errors", [str(p) for p in self._validation_errors()])

    def test_deadlines_read_as_their_dates(self) -> None:
        """Every deadline and due date reads as its date from its raw text, or carries a data note saying why not."""
        found = [p for p in self._validation_errors() if p.where.endswith((" deadline", " due"))]
        self._fail_on("has deadlines that do not read as their dates", [str(p) for p in found])

    # -- build and sources ---------------------------------------------------------------------

    def _plugin_dir(self) -> Path:
        if self.plugin_dir is None:
            raise AssertionError(
                f"{type(self).__name__} sets no plugin_dir: give plugin_dir = Path(__file__).resolve().parents[1], "
                "or hand_written = '<why the profile is not built>'"
            )
        return Path(self.plugin_dir)

    def test_profile_json_is_current(self) -> None:
        """The shipped profile file is exactly what ``bizenv build-profile`` builds from the plugin's sources."""
        self._switch("hand_written")
        plugin = self._plugin_dir()
        pyproject = plugin / "pyproject.toml"
        declared = tomllib.loads(pyproject.read_text(encoding="utf-8")) if pyproject.is_file() else {}
        if "build" not in declared.get("tool", {}).get("bizenv", {}):
            raise AssertionError(
                f"{pyproject} declares no [tool.bizenv.build]: declare how the profile is built (docs/plugins.md), "
                "or set hand_written = '<why the profile is written by hand>'"
            )
        try:
            config = load_config(plugin)
            if profile_is_current(plugin):
                return
            built = build_profile(plugin).splitlines()
        except BuildError as exc:
            raise AssertionError(f"the profile of {plugin} does not build: {exc}") from None
        shipped = config.output.read_text(encoding="utf-8").splitlines() if config.output.is_file() else []
        where = next(
            (n for n, (a, b) in enumerate(zip(shipped, built, strict=False), start=1) if a != b),
            min(len(shipped), len(built)) + 1,
        )
        raise AssertionError(
            f"{config.output} is stale (first difference at line {where}): run bizenv build-profile {plugin}"
        )

    def test_seed_files_are_bundled(self) -> None:
        """Every document names its source text (``seed_file``), and the plugin's ``sources/`` bundles it."""
        self._switch("without_sources")
        folder = self.sources()
        faults = []
        for document in self.profile().documents:
            if document.seed_file is None:
                faults.append(f"document {document.id}: names no seed_file")
            elif not (folder / document.seed_file).is_file():
                faults.append(f"document {document.id}: its seed_file {document.seed_file!r} is not in {folder}")
        self._fail_on("has documents whose source text is not bundled", faults)

    def test_bundled_sources_match_their_checksums(self) -> None:
        """Every bundled source text has the SHA-256 checksum ``sources/SHA256SUMS`` records for its seed.

        A source text is bundled as extracted and never edited; the checksums, made from the original
        seeds, show it is still that text wherever the seeds themselves are not at hand.
        """
        self._switch("without_sources")
        folder = self.sources()
        listing = folder / CHECKSUMS
        if not listing.is_file():
            raise AssertionError(
                f"{folder} has no {CHECKSUMS}: record the checksums of the original seeds there "
                f"(sha256sum *.txt > {CHECKSUMS})"
            )
        recorded, faults = _read_checksums(listing.read_text(encoding="utf-8"), CHECKSUMS)
        named = set()
        for document in self.profile().documents:
            name = document.seed_file
            if name is None or not (folder / name).is_file():
                continue  # test_seed_files_are_bundled names it
            named.add(name)
            digest = _sha256((folder / name).read_bytes())
            if name not in recorded:
                faults.append(f"document {document.id}: {CHECKSUMS} records no checksum of {name}")
            elif digest != recorded[name]:
                faults.append(
                    f"document {document.id}: the bundled {name} has checksum {digest}, not the seed's "
                    f"{recorded[name]}: a source text is never edited (repair it when reading it)"
                )
        faults += [f"{CHECKSUMS} lists {name}, which no document names" for name in sorted(set(recorded) - named)]
        self._fail_on("has bundled sources that are not the recorded seeds", faults)

    def _seeds(self) -> Path | None:
        from_env = os.environ.get(ENV_SEEDS, "").strip()
        if from_env:
            return Path(from_env)
        return None if self.seeds_dir is None else Path(self.seeds_dir)

    def test_bundled_sources_are_the_seeds(self) -> None:
        """Every bundled source text is byte for byte the original seed, when a directory of seeds is given."""
        self._switch("without_sources")
        seeds = self._seeds()
        if seeds is None:
            pytest.skip(
                f"no directory of original seeds (set {ENV_SEEDS} or seeds_dir): the bundled sources are checked "
                f"against the checksums of {CHECKSUMS} only"
            )
        if not seeds.is_dir():
            raise AssertionError(f"the seeds directory {seeds} does not exist")
        folder = self.sources()
        faults = []
        for document in self.profile().documents:
            name = document.seed_file
            if name is None or not (folder / name).is_file():
                continue  # test_seed_files_are_bundled names it
            if not (seeds / name).is_file():
                faults.append(f"document {document.id}: the seed {name} is not in {seeds}")
            elif (folder / name).read_bytes() != (seeds / name).read_bytes():
                faults.append(f"document {document.id}: the bundled {name} differs from the seed in {seeds}")
        self._fail_on("has bundled sources that differ from the seeds", faults)

    # -- raw text kept ---------------------------------------------------------------------------

    def test_texts_and_cells_occur_in_their_source(self) -> None:
        """Every measure's text, title and unit cells occur in its bundled source (whitespace and ``<p>`` aside)."""
        self._switch("without_sources")
        flat: dict[str, str] = {}
        faults = []
        for measure in self.profile().measures:
            source = self._source_of(measure.provenance.document)
            whole = flat.setdefault(source.document, _flat(source.text))
            kept = [("text", measure.text), ("title", measure.title)]
            kept += [(f"{role} cell", cell) for role, cell in measure.responsibility.raw.items()]
            for what, value in kept:
                if value and _flat(value) not in whole:
                    faults.append(f"measure {measure.id}: its {what} {_short(value)!r} is not in {source.name}")
        self._fail_on("has text that is not its source's", faults)

    def test_target_raws_occur_in_their_text(self) -> None:
        """Every target's ``raw`` (and due date, where given) is a phrase of its measure's text, as written; so is
        every milestone's, which writes its date."""
        faults = []
        for measure in self.profile().measures:
            for index, target in enumerate(measure.targets):
                where = f"target {measure.target_id(index)} of measure {measure.id}"
                if target.raw not in measure.text:
                    faults.append(f"{where}: raw {target.raw!r} is not in the measure's text")
                due = target.due
                if due is None or due.raw in measure.text or _noted(measure, f"targets[{index}].due", due.raw):
                    continue
                faults.append(f"{where}: due {due.raw!r} is not in the measure's text and has no data note")
            for index, milestone in enumerate(measure.milestones):
                # A milestone is a dated goal as written: its phrase is the text's, and writes its date.
                where = f"milestone {measure.milestone_id(index)} of measure {measure.id}"
                if milestone.raw not in measure.text:
                    faults.append(f"{where}: raw {milestone.raw!r} is not in the measure's text")
                elif milestone.due.raw not in milestone.raw:
                    faults.append(f"{where}: its date {milestone.due.raw!r} is not written in its raw")
        self._fail_on("has targets not quoted from their measure", faults)

    def test_target_numbers_occur_in_their_raw(self) -> None:
        """Every number of a target (value, low, high, baseline) is written in its ``raw``.

        In digits, as a count in words (一次) or as zero in words (零费用, 即办): the readings of
        :mod:`bizenv.sources.numerals`. A number ``raw`` writes another way (0.1万 for 1000) needs a data
        note on ``targets[i].<field>`` quoting the phrase.
        """
        faults = []
        for measure in self.profile().measures:
            for index, target in enumerate(measure.targets):
                for key in _NUMBER_FIELDS:
                    number = getattr(target, key)
                    if number is None or _written_in(number, target.raw):
                        continue
                    if _noted(measure, f"targets[{index}].{key}", target.raw):
                        continue
                    faults.append(
                        f"target {measure.target_id(index)} of measure {measure.id}: {key} {_shown(number)} is not "
                        f"written in raw {target.raw!r}, and no data note on targets[{index}].{key} says how it is read"
                    )
        self._fail_on("has target numbers not read from their raw text", faults)

    def test_unit_references_are_in_their_cells(self) -> None:
        """Every unit a measure names is in the cell of its role, kept as written (``responsibility.raw``)."""
        faults = []
        for measure in self.profile().measures:
            cells = measure.responsibility.raw
            faults += [
                f"measure {measure.id}: cell {key!r} is not a role ({', '.join(ROLES)})"
                for key in cells
                if key not in ROLES
            ]
            for role in ROLES:
                refs = measure.responsibility.units_in(role)
                cell = cells.get(role)
                if refs and cell is None:
                    faults.append(f"measure {measure.id}: it has {role} units but keeps no {role} cell as written")
                    continue
                faults += [
                    f"measure {measure.id}: {role} unit {ref.raw!r} is not in its cell {_short(str(cell), 60)!r}"
                    for ref in refs
                    if ref.raw not in str(cell)
                ]
        self._fail_on("has unit references not in their cells", faults)

    # -- provenance ------------------------------------------------------------------------------

    def test_provenance_is_present(self) -> None:
        """Every measure and area has provenance: its own document, one of the profile's, and a clause."""
        profile = self.profile()
        documents = {d.id for d in profile.documents}
        faults = []
        placed: list[tuple[str, str, Provenance | None]] = [
            (f"measure {m.id}", m.document, m.provenance) for m in profile.measures
        ]
        placed += [(f"area {a.id}", a.document, a.provenance) for a in profile.areas]
        for where, document, provenance in placed:
            if provenance is None:
                faults.append(f"{where}: no provenance")
                continue
            if provenance.document not in documents:
                faults.append(f"{where}: provenance names unknown document {provenance.document!r}")
            elif provenance.document != document:
                faults.append(f"{where}: provenance names document {provenance.document!r}, not its own {document!r}")
            if not provenance.clause.strip():
                faults.append(f"{where}: provenance gives no clause")
        self._fail_on("has data without provenance", faults)

    def _line(self, where: str, document: str, line: int | None, faults: list[str]) -> str | None:
        """Line ``line`` of a document's bundled source, flattened; None (with a fault) when there is none."""
        source = self._source_of(document)
        if line is None:
            faults.append(f"{where}: provenance gives no line of {source.name}")
            return None
        try:
            return _flat(source.line(line))
        except BuildError:
            faults.append(
                f"{where}: provenance line {line} is past the end of {source.name} ({len(source.lines)} lines)"
            )
            return None

    def test_provenance_lines_point_at_the_source(self) -> None:
        """Every provenance line is the line of the bundled source where the measure or area starts.

        A measure's line holds the start of its title (of its text when it has no title, of its id when it
        has neither); an area's, the start of its heading's title. An area listed in
        ``areas_without_heading`` starts on the line of its first measure.
        """
        self._switch("without_sources")
        profile = self.profile()
        faults: list[str] = []
        for measure in profile.measures:
            where = f"measure {measure.id}"
            line = self._line(where, measure.provenance.document, measure.provenance.line, faults)
            head = measure.title or measure.text
            wanted = _flat(head)[:_START] if head else _flat(measure.id)
            if line is not None and wanted not in line:
                faults.append(
                    f"{where}: line {measure.provenance.line} of its source does not hold its start {wanted!r}: "
                    f"{_short(line)!r}"
                )
        area_ids = {a.id for a in profile.areas}
        faults += [
            f"areas_without_heading names {a!r}, which is no area"
            for a in self.areas_without_heading
            if a not in area_ids
        ]
        for area in profile.areas:
            where = f"area {area.id}"
            if area.provenance is None:
                continue  # test_provenance_is_present names it
            if area.id in self.areas_without_heading:
                first = next((m for m in profile.measures if m.area == area.id), None)
                if first is None:
                    faults.append(f"{where}: has no heading in the source and no measure")
                elif area.provenance.line != first.provenance.line:
                    faults.append(
                        f"{where}: has no heading in the source, so its line is where its first measure {first.id} "
                        f"starts ({first.provenance.line}), not {area.provenance.line}"
                    )
                continue
            line = self._line(where, area.provenance.document, area.provenance.line, faults)
            wanted = _flat(area.title)[:_START]
            if line is not None and wanted not in line:
                faults.append(
                    f"{where}: line {area.provenance.line} of its source does not hold its title {wanted!r}: "
                    f"{_short(line)!r}"
                )
        self._fail_on("has provenance lines that do not point at it", faults)

    # -- vocabulary ------------------------------------------------------------------------------

    def test_targets_have_known_units_and_metric_codes(self) -> None:
        """Every target's unit is of the unit vocabulary and its metric a snake_case ASCII code."""
        faults = []
        for target_id, measure, target in self.profile().targets():
            where = f"target {target_id} of measure {measure.id}"
            if target.unit not in UNITS:
                faults.append(f"{where}: unit {target.unit!r} is not one of {', '.join(UNITS)}")
            if not _METRIC.fullmatch(target.metric):
                faults.append(f"{where}: metric {target.metric!r} is not a snake_case ASCII code")
        self._fail_on("has targets outside the vocabulary", faults)

    def test_categories_are_known(self) -> None:
        """Every measure has at least one category, each a category of the indicator taxonomy."""
        faults = []
        for measure in self.profile().measures:
            if not measure.categories:
                faults.append(f"measure {measure.id}: no category")
            faults += [
                f"measure {measure.id}: category {code!r} is not in the taxonomy"
                for code in measure.categories
                if not is_category(code)
            ]
        self._fail_on("has measures outside the taxonomy", faults)

    # -- units -----------------------------------------------------------------------------------

    def test_unit_references_resolve(self) -> None:
        """Every unit reference names a unit of the table by its normalised name, a group as a group."""
        profile = self.profile()
        table = {unit.name: unit for unit in profile.units}
        faults = []
        for where, role, ref in self._references():
            unit = table.get(ref.name)
            if unit is None:
                try:
                    normalised = profile.resolve_unit(ref.name)
                except BizenvError:
                    faults.append(f"{where}: {role} unit {ref.name!r} (source {ref.raw!r}) is not in the unit table")
                else:
                    faults.append(f"{where}: {role} unit {ref.name!r} is an alias; the reference names {normalised!r}")
            elif unit.group != ref.group:
                kind = "a group" if unit.group else "not a group"
                faults.append(f"{where}: {role} unit {ref.name!r} is {kind} in the table, but not in the reference")
        self._fail_on("has unit references the table does not resolve", faults)

    def test_every_unit_is_referenced(self) -> None:
        """Every unit of the table is named by a measure or area, unless it is a group or ``unreferenced_units``
        says why the table lists it."""
        profile = self.profile()
        referenced = {ref.name for _, _, ref in self._references()}
        table = {unit.name for unit in profile.units}
        faults = [
            f"unit {unit.name}: no measure or area names it (list it in unreferenced_units with the reason)"
            for unit in profile.units
            if not unit.group and unit.name not in referenced and unit.name not in self.unreferenced_units
        ]
        for name, reason in self.unreferenced_units.items():
            if name not in table:
                faults.append(f"unreferenced_units names {name!r}, which is not in the unit table")
            elif name in referenced:
                faults.append(f"unreferenced_units names {name!r}, which a measure or area does name")
            if not isinstance(reason, str) or not reason.strip():
                faults.append(f"unreferenced_units gives no reason for {name!r}")
        self._fail_on("has units no measure names", faults)

    # -- region, calendar, format ------------------------------------------------------------------

    def test_calendar_is_known(self) -> None:
        """The region's calendar builds from bizenv's data and the calendar files the plugin ships."""
        calendar_id = self.profile().region.calendar
        data = [chunk for _, chunk in self.registry().calendar_data]
        try:
            get_calendar(calendar_id, data=data)
        except BizenvError as exc:
            raise AssertionError(
                f"region {self.region_id()!r}: calendar {calendar_id!r} does not build: {exc}"
            ) from None

    def test_round_trips_through_plain_data(self) -> None:
        """The profile written as JSON (``bizenv.profile_to_dict``) reads back (``bizenv.profile_from_dict``)
        as the same profile, and is written the same again."""
        profile = self.profile()
        data = profile_to_dict(profile)
        text = json.dumps(data, ensure_ascii=False)
        again = profile_from_dict(json.loads(text), f"{self.region_id()} (round trip)")
        faults = []
        if again != profile:
            changed = [a.id for a, b in zip(profile.measures, again.measures, strict=False) if a != b]
            faults.append(f"the profile read back differs (measures {changed[:10]})")
        if (where := _first_difference(data, profile_to_dict(again))) is not None:
            faults.append(f"the profile written again differs at {_data_path(data, where)}")
        self._fail_on("does not round-trip through plain data", faults)

    def test_fits_the_profile_schema(self) -> None:
        """The profile as plain data fits ``bizenv.profile_schema()`` (JSON Schema; needs jsonschema, bizenv[test])."""
        try:
            # Imported here: jsonschema is needed by this check only (bizenv[test] installs it), and by name,
            # since it ships no type information.
            jsonschema: Any = importlib.import_module("jsonschema")
        except ImportError:
            raise AssertionError("the schema check needs jsonschema: pip install bizenv[test]") from None
        data = profile_to_dict(self.profile())
        validator = jsonschema.Draft202012Validator(profile_schema(), format_checker=jsonschema.FormatChecker())
        # best_match looks inside anyOf and oneOf for the error that says what is wrong (a line below 1, not
        # "not valid under any of the given schemas").
        found = [jsonschema.exceptions.best_match([e]) for e in validator.iter_errors(data)]
        faults = [f"{_data_path(data, list(e.absolute_path))}: {e.message}" for e in found]
        self._fail_on("does not fit the profile schema", faults)


__all__ = ["CHECKSUMS", "ENV_SEEDS", "RegionContract"]
