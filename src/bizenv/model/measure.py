"""Measures (具体措施) and the areas (领域/工作目标) that group them."""

from __future__ import annotations

from typing import Literal

import attrs

from bizenv.model._validators import as_tuple, meta, non_empty, one_of, str_tuple
from bizenv.model.deadline import Deadline
from bizenv.model.provenance import DataNote, Provenance
from bizenv.model.responsibility import Responsibility, UnitRef
from bizenv.model.target import Recurrence, Target
from bizenv.model.vocabulary import Commitment
from bizenv.tables import Column, fields_html, html_facts, html_table, short_repr

RelationKind = Literal["same_as", "refines", "restates"]


@attrs.frozen(slots=True)
class Relation:
    """A link from a measure to another measure of the region (often of another document): the same task
    (``same_as``), a more detailed statement of it (``refines``), or the same words repeated (``restates``)."""

    measure: str = attrs.field(validator=non_empty, metadata=meta("the other measure's id", minLength=1))
    kind: RelationKind = attrs.field(validator=one_of(RelationKind, "kind"), metadata=meta("how they are related"))
    note: str = attrs.field(default="", metadata=meta("why, briefly"))


@attrs.frozen(slots=True)
class Milestone:
    """A dated goal of a measure that gives no number ("在2023年底前实现…全覆盖", "到2025年底，实现更多…可办"):
    tracked by its date like a dated target, never judged against a value. Its id is ``"<measure>@<n>"``."""

    raw: str = attrs.field(
        validator=non_empty,
        metadata=meta("the goal as the source writes it (a phrase of the measure's text)", minLength=1),
    )
    due: Deadline = attrs.field(metadata=meta("its date, as the source writes it (到2022年底)"))
    commitment: Commitment | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(one_of(Commitment, "commitment")),
        metadata=meta("how firmly the source commits to it: firm (确保), strive (力争), explore (探索)"),
    )


@attrs.frozen(slots=True)
class Area:
    """A heading that groups measures, with the unit that leads it where the source names one."""

    _repr_html_ = fields_html

    id: str = attrs.field(
        validator=non_empty, metadata=meta("the heading's number as the source gives it, e.g. （七）", minLength=1)
    )
    document: str = attrs.field(validator=non_empty, metadata=meta("id of the source document", minLength=1))
    title: str = attrs.field(validator=non_empty, metadata=meta("the heading's text", minLength=1))
    lead_units: tuple[UnitRef, ...] = attrs.field(
        default=(), converter=as_tuple, metadata=meta("the unit(s) leading the area (牵头单位 of the heading)")
    )
    provenance: Provenance | None = attrs.field(default=None, metadata=meta("where the heading is"))
    parent: str | None = attrs.field(default=None, metadata=meta("the parent area id, for two levels of headings"))
    notes: tuple[DataNote, ...] = attrs.field(
        default=(), converter=as_tuple, metadata=meta("what was interpreted while reading the heading, and why")
    )


@attrs.frozen(slots=True)
class Measure:
    """One measure, task or indicator row of a source document.

    ``id`` is the number the source gives it ("22.1", "(19)", "14"); it is unique
    within a region's profile. ``text`` is the source text with PDF line-break
    damage repaired and nothing else changed; it may be empty when the source cell
    is empty, in which case ``notes`` says so.
    """

    id: str = attrs.field(
        validator=non_empty,
        metadata=meta('the number the source gives it ("22.1", "(19)", "14"), unique in the profile', minLength=1),
    )
    document: str = attrs.field(validator=non_empty, metadata=meta("id of the source document", minLength=1))
    title: str = attrs.field(metadata=meta("the measure's heading or first sentence"))
    text: str = attrs.field(metadata=meta("the source text, PDF damage repaired and nothing else changed"))
    provenance: Provenance = attrs.field(metadata=meta("where the measure is in its document"))
    area: str | None = attrs.field(default=None, metadata=meta("id of the area the measure is under"))
    categories: tuple[str, ...] = attrs.field(
        default=(),
        converter=str_tuple,
        metadata=meta("national indicator category codes (bizenv.taxonomy)", minItems=1),
    )
    responsibility: Responsibility = attrs.field(factory=Responsibility, metadata=meta("who answers for the measure"))
    deadline: Deadline | None = attrs.field(
        default=None, metadata=meta("the measure's 完成时限, if the source gives one")
    )
    targets: tuple[Target, ...] = attrs.field(default=(), converter=as_tuple, metadata=meta("its quantified targets"))
    items: tuple[str, ...] = attrs.field(
        default=(),
        converter=str_tuple,
        metadata=meta('enumerated items of the measure (e.g. the "重点清理整治" list), in source order'),
    )
    notes: tuple[DataNote, ...] = attrs.field(
        default=(), converter=as_tuple, metadata=meta("what was interpreted while reading it, and why")
    )
    parent: str | None = attrs.field(
        default=None, metadata=meta("the heading measure this one is part of (22 for 22.1), where there is one")
    )
    commitment: Commitment | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(one_of(Commitment, "commitment")),
        metadata=meta(
            "how firmly the measure is committed where it says so: firm (确保), strive (力争), explore (探索)"
        ),
    )
    recurrence: Recurrence | None = attrs.field(
        default=None, metadata=meta("for a recurring duty (每月调度, 每季度通报): how often")
    )
    related: tuple[Relation, ...] = attrs.field(
        default=(), converter=as_tuple, metadata=meta("links to other measures of the region (another document's)")
    )
    milestones: tuple[Milestone, ...] = attrs.field(
        default=(),
        converter=as_tuple,
        metadata=meta("dated goals without a number (在2023年底前实现…全覆盖), tracked by their dates"),
    )

    @property
    def lead_units(self) -> tuple[UnitRef, ...]:
        """The measure's own lead units (牵头单位)."""
        return self.responsibility.lead_units

    @property
    def responsible_units(self) -> tuple[UnitRef, ...]:
        """Its responsible units (责任单位)."""
        return self.responsibility.responsible_units

    @property
    def cooperating_units(self) -> tuple[UnitRef, ...]:
        """Its cooperating units (配合单位)."""
        return self.responsibility.cooperating_units

    def target_id(self, index: int) -> str:
        """Stable id of the measure's ``index``-th target, e.g. ``"2#1"``."""
        return f"{self.id}#{index + 1}"

    def milestone_id(self, index: int) -> str:
        """Stable id of the measure's ``index``-th milestone, e.g. ``"70@1"``."""
        return f"{self.id}@{index + 1}"

    def __repr__(self) -> str:
        # A few lines, not the whole text, targets and notes (attrs' repr of a long measure ran to kilobytes).
        lines = [
            self.title or self.text,
            f"document {self.document}, line {self.provenance.line}; categories {', '.join(self.categories)}",
            f"{len(self.targets)} targets; deadline {self.deadline.raw if self.deadline else '–'}; "
            f"lead {'、'.join(u.name for u in self.lead_units) or '–'}; "
            f"responsible {'、'.join(u.name for u in self.responsible_units) or '–'}",
        ]
        return short_repr("Measure", self.id, lines)

    def _repr_html_(self) -> str:
        facts = [
            ("text", self.text),
            ("document", f"{self.document}, line {self.provenance.line}"),
            ("categories", "、".join(self.categories)),
            ("lead units", "、".join(u.name for u in self.lead_units) or "–"),
            ("responsible units", "、".join(u.name for u in self.responsible_units) or "–"),
            ("deadline", self.deadline.raw if self.deadline else "–"),
        ]
        targets = html_table(
            TARGET_COLUMNS,
            [[t.metric, t.comparator, t.value, t.low, t.high, t.unit, t.aggregation, t.raw] for t in self.targets],
            "targets",
        )
        return html_facts(f"Measure {self.id}: {self.title}", facts) + (targets if self.targets else "")


TARGET_COLUMNS = (
    Column("metric", "text"),
    Column("comparator", "text"),
    Column("value", "float"),
    Column("low", "float"),
    Column("high", "float"),
    Column("unit", "text"),
    Column("aggregation", "text"),
    Column("raw", "text"),
)
