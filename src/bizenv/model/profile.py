"""A region's whole profile: region, documents, unit table, areas and measures."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Literal

import attrs

from bizenv.calendars import CalendarSource, WorkingCalendar, default_calendar_source
from bizenv.calendars.calendar import ProvisionalPolicy, UnknownYears
from bizenv.errors import (
    NotFoundError,
    UnknownMeasureError,
    UnknownSubUnitError,
    UnknownTargetError,
    UnknownUnitError,
)
from bizenv.model._validators import as_tuple, meta
from bizenv.model.deadline import Deadline
from bizenv.model.measure import Area, Measure, Milestone
from bizenv.model.metric import Metric
from bizenv.model.region import Region, SourceDocument, SubUnit, Unit
from bizenv.model.responsibility import Role, UnitRef
from bizenv.model.target import Target
from bizenv.tables import Column, fields_html, html_facts, html_table, short_repr

#: A unit's part in a measure: its own 牵头单位 ("lead"), the 牵头单位 of the measure's area, inherited
#: ("area_lead"), a 责任单位 ("responsible"), a 配合单位 ("cooperating").
UnitRole = Literal["lead", "area_lead", "responsible", "cooperating"]
UNIT_ROLES: tuple[UnitRole, ...] = ("lead", "area_lead", "responsible", "cooperating")
#: Where a due date comes from: the item's own date, its measure's 完成时限, the latest of a heading's
#: children, the latest of a measure's dated goals, or the end of the programme.
#: "extension": an approved extension (延期申请) moved it (the tracker's, not the plan's).
DueSource = Literal["own", "measure", "children", "targets", "programme", "extension"]


@attrs.frozen(slots=True)
class Due:
    """An effective due date and where it comes from. ``derived`` when it is not the item's own date."""

    _repr_html_ = fields_html

    date: dt.date
    source: DueSource
    #: The deadline text it was read from (the item's, its measure's or a child's), where there is one.
    deadline: Deadline | None = None
    #: Other days the source's text may mean, when it is uncertain.
    alternatives: tuple[dt.date, ...] = ()

    @property
    def derived(self) -> bool:
        """Whether the date is not the item's own but taken from its measure, children, targets or programme."""
        return self.source != "own"


@attrs.frozen(slots=True)
class Owner:
    """A unit in one of its roles in a measure; ``derived`` when it comes from the measure's children."""

    _repr_html_ = fields_html

    unit: UnitRef
    role: UnitRole
    derived: bool = False


@attrs.frozen(slots=True)
class RegionProfile:
    """A region's whole profile: the region, its source documents, unit table, areas and measures.

    Build one from a data file with :func:`bizenv.load_profile`, or get an installed region's with
    :func:`bizenv.profile`. Lookups by id raise :class:`bizenv.errors.NotFoundError` subclasses that
    name what was asked for.
    """

    region: Region = attrs.field(metadata=meta("the region"))
    documents: tuple[SourceDocument, ...] = attrs.field(
        converter=as_tuple, metadata=meta("the source documents the profile was read from")
    )
    measures: tuple[Measure, ...] = attrs.field(
        converter=as_tuple, metadata=meta("measures, tasks or indicator rows, in source order")
    )
    units: tuple[Unit, ...] = attrs.field(
        default=(), converter=as_tuple, metadata=meta("the unit table: normalised names and their aliases")
    )
    areas: tuple[Area, ...] = attrs.field(
        default=(), converter=as_tuple, metadata=meta("headings that group measures, with their lead units")
    )
    metrics: tuple[Metric, ...] = attrs.field(
        default=(),
        converter=as_tuple,
        metadata=meta("metrics this region's targets use beyond bizenv's registry (for a region bizenv does not ship)"),
    )
    _by_id: dict[str, Measure] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _alias: dict[str, str] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _sub_units: dict[str, SubUnit] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _children: dict[str, tuple[Measure, ...]] = attrs.field(init=False, eq=False, repr=False, hash=False)
    #: The environment the profile came from (its calendars); None for a profile read from a file.
    _calendar_source: CalendarSource | None = attrs.field(init=False, default=None, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {m.id: m for m in self.measures})
        alias: dict[str, str] = {}
        for unit in self.units:
            alias[unit.name] = unit.name
            for other in unit.aliases:
                alias.setdefault(other, unit.name)
        object.__setattr__(self, "_alias", alias)
        sub_units: dict[str, SubUnit] = {}
        for sub in self.region.sub_units:
            for name in sub.all_names():
                sub_units.setdefault(_sub_unit_key(name), sub)
        object.__setattr__(self, "_sub_units", sub_units)
        children: dict[str, list[Measure]] = {}
        for measure in self.measures:
            if measure.parent is not None:
                children.setdefault(measure.parent, []).append(measure)
        object.__setattr__(self, "_children", {k: tuple(v) for k, v in children.items()})

    @property
    def id(self) -> str:
        """The region id."""
        return self.region.id

    # -- the calendar ------------------------------------------------------------------------------------

    def working_calendar(
        self, *, unknown_years: UnknownYears = "error", provisional: ProvisionalPolicy = "warn"
    ) -> WorkingCalendar:
        """The calendar the region's offices keep, from the environment the profile came from (built-in data,
        that environment's plugins' calendar files, its ``calendar_files``, ``BIZENV_CALENDAR_FILES``); for a
        profile read from a file, the default environment's. Every evaluator and tracker judges on this calendar
        when it is given none, so Python and the command answer alike."""
        source = self._calendar_source or default_calendar_source()
        return source(self.region.calendar, unknown_years=unknown_years, provisional=provisional)

    def __getstate__(self) -> dict[str, object]:
        # An environment does not travel (to a Dask worker, another process): the copy is judged on the
        # default environment's calendars there, unless it is given a calendar, as bizenv.dask does.
        return {a.name: getattr(self, a.name) for a in attrs.fields(type(self)) if a.name != "_calendar_source"}

    def __setstate__(self, state: dict[str, object]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_calendar_source", None)

    def with_calendars(self, source: CalendarSource) -> RegionProfile:
        """This profile judged on the calendars of ``source`` (an environment): a copy; the profile is unchanged."""
        bound = copy.copy(self)  # shares the measures and lookup tables: a profile is immutable
        object.__setattr__(bound, "_calendar_source", source)
        return bound

    # -- display: a few lines of text, an HTML view in a notebook ---------------------------------------

    def _counts(self) -> str:
        headings = sum(1 for m in self.measures if m.id in self._children)
        targets = sum(len(m.targets) for m in self.measures)
        return (
            f"{len(self.measures)} measures ({headings} headings), {targets} targets, {len(self.areas)} areas, "
            f"{len(self.units)} units, {len(self.region.sub_units)} sub-units"
        )

    def __repr__(self) -> str:
        names = self.region.names
        lines = [
            f"{names.zh} / {names.en}, in {self.region.parent.zh}; calendar {self.region.calendar}",
            self._counts(),
            *(f"document {d.id}: {d.title}" + (f" ({d.number})" if d.number else "") for d in self.documents),
        ]
        return short_repr("RegionProfile", self.id, lines)

    def _repr_html_(self) -> str:
        names = self.region.names
        facts = [
            ("region", " · ".join(n for n in (names.zh, names.en, names.ug) if n)),
            ("parent", self.region.parent.zh),
            ("calendar", self.region.calendar),
            ("counts", self._counts()),
        ]
        documents = html_table(
            DOCUMENT_COLUMNS,
            [[d.id, d.title, d.number, d.date, d.period.raw if d.period else None, d.issuer] for d in self.documents],
            "documents",
        )
        measures = html_table(MEASURE_COLUMNS, [_measure_row(self, m) for m in self.measures], "measures")
        return html_facts(f"RegionProfile {self.id}", facts) + documents + measures

    def measure(self, measure_id: str) -> Measure:
        """The measure with this id; :class:`UnknownMeasureError` if there is none."""
        try:
            return self._by_id[measure_id]
        except KeyError:
            raise UnknownMeasureError(f"region {self.id!r} has no measure {measure_id!r}") from None

    def has_measure(self, measure_id: str) -> bool:
        """Whether the region has a measure with this id."""
        return measure_id in self._by_id

    def document(self, document_id: str) -> SourceDocument:
        """The source document with this id."""
        for document in self.documents:
            if document.id == document_id:
                return document
        known = ", ".join(d.id for d in self.documents)
        raise NotFoundError(f"region {self.id!r} has no document {document_id!r} (known: {known})")

    def resolve_unit(self, name: str) -> str:
        """The normalised name of a unit given any of its names (州市场监管局 → 州市场监督管理局)."""
        try:
            return self._alias[name.strip()]
        except KeyError:
            raise UnknownUnitError(f"region {self.id!r} has no unit named {name!r}") from None

    def sub_unit(self, name: str) -> SubUnit:
        """The sub-unit a file names by id, Chinese, English or Uyghur name, alias or division code."""
        found = self._sub_units.get(_sub_unit_key(name))
        if found is None:
            known = ", ".join(s.names.zh for s in self.region.sub_units) or "none declared"
            raise UnknownSubUnitError(f"region {self.id!r} has no sub-unit {name!r} (it has: {known})")
        return found

    def unit(self, name: str) -> Unit:
        """The unit-table entry of a unit, given any of its names."""
        normalised = self.resolve_unit(name)
        return next(u for u in self.units if u.name == normalised)

    def area(self, area_id: str) -> Area:
        """The area (heading) with this id."""
        for area in self.areas:
            if area.id == area_id:
                return area
        raise NotFoundError(f"region {self.id!r} has no area {area_id!r}")

    # -- the hierarchy of measures ----------------------------------------------------------------------

    def children(self, measure: Measure | str) -> tuple[Measure, ...]:
        """The measures whose parent is ``measure`` (22.1 … 22.5 of 22), in source order."""
        return self._children.get(measure if isinstance(measure, str) else measure.id, ())

    def is_heading(self, measure: Measure | str) -> bool:
        """Whether the measure is a heading: it has children, whose owners and dates it rolls up."""
        return (measure if isinstance(measure, str) else measure.id) in self._children

    # -- who owns what ---------------------------------------------------------------------------------------

    def owners(self, measure: Measure | str) -> tuple[Owner, ...]:
        """Every unit of a measure with its role: its own leads, the area's leads (inherited), responsible and
        cooperating units. A heading without units of its own takes its children's, marked ``derived``."""
        m = self.measure(measure) if isinstance(measure, str) else measure
        own = self._own_owners(m)
        if any(o.role != "area_lead" for o in own) or not self.is_heading(m.id):
            return own
        rolled: dict[tuple[str, str], Owner] = {(o.unit.name, o.role): o for o in own}
        for child in self.children(m.id):
            for owner in self.owners(child):
                rolled.setdefault((owner.unit.name, owner.role), attrs.evolve(owner, derived=True))
        return tuple(rolled.values())

    def _own_owners(self, m: Measure) -> tuple[Owner, ...]:
        owners = [Owner(u, "lead") for u in m.lead_units]
        if m.area is not None and not m.lead_units:
            owners += [Owner(u, "area_lead") for u in self._area_leads(m.area)]
        owners += [Owner(u, "responsible") for u in m.responsible_units]
        owners += [Owner(u, "cooperating") for u in m.cooperating_units]
        return tuple(owners)

    def _area_leads(self, area_id: str) -> tuple[UnitRef, ...]:
        for area in self.areas:
            if area.id == area_id:
                return area.lead_units or (self._area_leads(area.parent) if area.parent else ())
        return ()

    def leads(self, measure: Measure | str) -> tuple[Owner, ...]:
        """Who leads a measure: its own 牵头单位, else its area's (inherited). Never its 责任单位."""
        return tuple(o for o in self.owners(measure) if o.role in ("lead", "area_lead"))

    def roles_of_unit(self, measure: Measure | str, name: str) -> tuple[UnitRole, ...]:
        """The roles a unit (any of its names) holds in a measure, inherited and derived ones included."""
        normalised = self.resolve_unit(name)
        roles = {o.role for o in self.owners(measure) if o.unit.name == normalised}
        return tuple(r for r in UNIT_ROLES if r in roles)

    def measures_of_unit(self, name: str, roles: tuple[UnitRole | Role, ...] = UNIT_ROLES) -> tuple[Measure, ...]:
        """Measures in which a unit (any of its names) holds one of ``roles``: by default any role.

        Roles are "lead" (the measure's own 牵头单位), "area_lead" (牵头单位 of its area, inherited),
        "responsible" (责任单位) and "cooperating" (配合单位); ``roles=("lead", "area_lead")`` gives what the
        unit leads. A heading counts for the units of its children.
        """
        normalised = self.resolve_unit(name)
        wanted = set(roles)
        return tuple(
            m for m in self.measures if any(o.unit.name == normalised and o.role in wanted for o in self.owners(m))
        )

    # -- due dates ------------------------------------------------------------------------------------------

    def programme_end(self, measure: Measure) -> dt.date | None:
        """The last day of the programme of the measure's document, where the document states one."""
        period = self.document(measure.document).period
        return period.end if period is not None else None

    def due_of_measure(self, measure: Measure | str, extensions: Mapping[str, dt.date] | None = None) -> Due | None:
        """When a measure is due: its own 完成时限; for a heading, the latest of its children's; else the date of its
        last goal (its targets, each due at its own date or else the programme's end); else the end of its
        programme. None when none of these exists. Goals are its targets and its milestones (dated goals without a
        number).

        A measure is done when its last goal is: earlier dated goals (2023年底 beside 到2025年底) are tracked as
        items of their own, so the measure is not overdue while a later goal is still open.

        ``extensions`` maps item ids to the due dates approved extensions give them: a heading then takes its
        children's dates as extended, and a measure its goals' (the measure's own extension is the tracker's to
        apply, which keeps the original date beside it)."""
        m = self.measure(measure) if isinstance(measure, str) else measure
        extended = extensions or {}
        if m.deadline is not None and m.deadline.date is not None:
            return Due(m.deadline.date, "own", m.deadline, m.deadline.alternatives)
        if self.is_heading(m.id):
            dues = [
                Due(extended[c.id], "extension") if c.id in extended else self.due_of_measure(c, extensions)
                for c in self.children(m.id)
            ]
            known = [d for d in dues if d is not None]
            if known:
                latest = max(known, key=lambda d: d.date)
                return Due(latest.date, "children", latest.deadline, latest.alternatives)
        end = self.programme_end(m)
        goals: list[Deadline | None] = [t.due for t in m.targets] + [g.due for g in m.milestones]
        goal_ids = [m.target_id(i) for i in range(len(m.targets))] + [
            m.milestone_id(i) for i in range(len(m.milestones))
        ]
        goals = [
            attrs.evolve(goal, date=extended[goal_id]) if goal is not None and goal_id in extended else goal
            for goal, goal_id in zip(goals, goal_ids, strict=True)
        ]
        dated = [d for d in goals if d is not None and d.date is not None]
        if dated:
            last = max(dated, key=lambda d: d.date or dt.date.min)
            assert last.date is not None
            # An undated goal is due at the programme's end, which is then the measure's when it is later.
            undated = any(d is None or d.date is None for d in goals)
            if undated and end is not None and end > last.date:
                return Due(end, "programme")
            return Due(last.date, "targets", last, last.alternatives)
        return Due(end, "programme") if end is not None else None

    def due_of_target(self, target_id: str) -> Due | None:
        """When a target is due: its own date (到2023年底), else its measure's 完成时限, else the programme's end."""
        measure, target = self.target(target_id)
        if target.due is not None and target.due.date is not None:
            return Due(target.due.date, "own", target.due, target.due.alternatives)
        if measure.deadline is not None and measure.deadline.date is not None:
            return Due(measure.deadline.date, "measure", measure.deadline, measure.deadline.alternatives)
        end = self.programme_end(measure)
        return Due(end, "programme") if end is not None else None

    def due_of_milestone(self, milestone_id: str) -> Due:
        """When a milestone (``"70@1"``) is due: its own date, always."""
        _measure, milestone = self.milestone(milestone_id)
        assert milestone.due.date is not None  # validation refuses a milestone without a date
        return Due(milestone.due.date, "own", milestone.due, milestone.due.alternatives)

    def milestones(self) -> Iterator[tuple[str, Measure, Milestone]]:
        """Every milestone with its id (``"<measure>@<n>"``) and its measure, in source order."""
        for measure in self.measures:
            for index, milestone in enumerate(measure.milestones):
                yield measure.milestone_id(index), measure, milestone

    def measure_of_item(self, item_id: str) -> Measure:
        """The measure a tracked item belongs to: a measure ("22.1"), a target ("14#1") or a milestone ("70@1")."""
        if "@" in item_id:
            return self.milestone(item_id)[0]
        if "#" in item_id:
            return self.target(item_id)[0]
        return self.measure(item_id)

    def has_item(self, item_id: str) -> bool:
        """Whether the region has the measure ("22.1"), target ("14#1") or milestone ("70@1") ``item_id`` names."""
        try:
            self.measure_of_item(item_id)
        except NotFoundError:
            return False
        return True

    def milestone(self, milestone_id: str) -> tuple[Measure, Milestone]:
        """The measure and milestone of an id such as ``"70@1"``; :class:`UnknownTargetError` if none."""
        measure_id, sep, number = milestone_id.rpartition("@")
        if not sep or not number.isdigit() or not self.has_measure(measure_id):
            raise UnknownTargetError(f"region {self.id!r} has no milestone {milestone_id!r}")
        measure = self.measure(measure_id)
        index = int(number) - 1
        if not 0 <= index < len(measure.milestones):
            raise UnknownTargetError(f"measure {measure_id!r} of region {self.id!r} has no milestone @{number}")
        return measure, measure.milestones[index]

    def measures_in_category(self, code: str) -> tuple[Measure, ...]:
        """The measures filed under an indicator category code."""
        return tuple(m for m in self.measures if code in m.categories)

    def targets(self) -> Iterator[tuple[str, Measure, Target]]:
        """Every target with its id (``"<measure>#<n>"``) and its measure, in source order."""
        for measure in self.measures:
            for index, target in enumerate(measure.targets):
                yield measure.target_id(index), measure, target

    def target(self, target_id: str) -> tuple[Measure, Target]:
        """The measure and target of a target id such as ``"2#1"``; :class:`UnknownTargetError` if none."""
        measure_id, sep, number = target_id.rpartition("#")
        if not sep or not number.isdigit():
            raise UnknownTargetError(f"target id {target_id!r} is not of the form '<measure id>#<n>'")
        if not self.has_measure(measure_id):
            raise UnknownTargetError(f"region {self.id!r} has no measure {measure_id!r} (target {target_id!r})")
        measure = self.measure(measure_id)
        index = int(number) - 1
        if not 0 <= index < len(measure.targets):
            raise UnknownTargetError(f"measure {measure_id!r} of region {self.id!r} has no target #{number}")
        return measure, measure.targets[index]


DOCUMENT_COLUMNS = (
    Column("id", "text"),
    Column("title", "text"),
    Column("number", "text"),
    Column("date", "date"),
    Column("period", "text"),
    Column("issuer", "text"),
)
MEASURE_COLUMNS = (
    Column("id", "text"),
    Column("title", "text"),
    Column("categories", "list"),
    Column("lead_units", "list"),
    Column("due", "date"),
    Column("targets", "int"),
)
#: How much of a measure without a title its row in the HTML view shows.
_TITLE_CHARS = 40


def _measure_row(profile: RegionProfile, m: Measure) -> list[object]:
    due = profile.due_of_measure(m)
    title = m.title or (m.text[:_TITLE_CHARS] + ("…" if len(m.text) > _TITLE_CHARS else ""))
    leads = tuple(dict.fromkeys(o.unit.name for o in profile.leads(m)))
    return [m.id, title, m.categories, leads, due.date if due else None, len(m.targets)]


def _sub_unit_key(name: str) -> str:
    # "Korla City", "korla city" and " 库尔勒市 " name the same county.
    return "".join(name.split()).casefold()
