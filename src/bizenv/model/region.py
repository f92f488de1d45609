"""Regions, their sub-units, their source documents and the unit table."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

import attrs

from bizenv.errors import ProfileError
from bizenv.model._validators import as_tuple, meta, non_empty, one_of, str_tuple
from bizenv.model.provenance import DataNote, Provenance
from bizenv.model.responsibility import UnitRef
from bizenv.tables import fields_html, short_repr

_REGION_ID = re.compile(r"[a-z][a-z0-9_-]*")
REGION_ID_PATTERN = "^[a-z][a-z0-9_-]*$"

SubUnitKind = Literal["county", "city", "district", "township", "town", "street", "park", "other"]


def _region_id(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _REGION_ID.fullmatch(value):
        what = "region id" if isinstance(instance, Region) else "sub-unit id"
        raise ProfileError(f"{what} {value!r} must be lower-case ASCII letters, digits, '-' or '_'")


def pick_name(zh: str, en: str, ug: str | None, locale: str) -> str:
    """The name for a locale such as "zh_Hans", "en" or "ug", falling back to Chinese."""
    language = locale.split("_")[0].split("-")[0].lower()
    if language == "en":
        return en
    if language == "ug" and ug:
        return ug
    return zh


@attrs.frozen(slots=True)
class Names:
    """A name in Chinese (required), English (required) and Uyghur (where known)."""

    zh: str = attrs.field(validator=non_empty, metadata=meta("the name in Chinese", minLength=1))
    en: str = attrs.field(validator=non_empty, metadata=meta("the name in English", minLength=1))
    ug: str | None = attrs.field(default=None, metadata=meta("the name in Uyghur, where known"))

    def get(self, locale: str) -> str:
        """The name for a locale such as "zh_Hans", "en" or "ug", falling back to Chinese."""
        return pick_name(self.zh, self.en, self.ug, locale)


@attrs.frozen(slots=True)
class SubUnit:
    """A county, county-level city, township or development zone inside a region."""

    _repr_html_ = fields_html

    id: str = attrs.field(
        validator=_region_id, metadata=meta("stable id: lower-case ASCII, e.g. korla", pattern=REGION_ID_PATTERN)
    )
    names: Names = attrs.field(metadata=meta("its names"))
    kind: SubUnitKind = attrs.field(validator=one_of(SubUnitKind), metadata=meta("what kind of division it is"))
    aliases: tuple[str, ...] = attrs.field(
        default=(), converter=str_tuple, metadata=meta("other names it goes by in files (库尔勒, 巴州库尔勒市)")
    )
    code: str | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.matches_re(r"[0-9]{6}([0-9]{3}|[0-9]{6})?")),
        metadata=meta(
            "administrative division code (GB/T 2260), where it has one", pattern="^[0-9]{6}([0-9]{3}|[0-9]{6})?$"
        ),
    )
    code_source: str | None = attrs.field(
        default=None, metadata=meta("where the code and the name come from (the code table and its date)")
    )

    def all_names(self) -> tuple[str, ...]:
        """Every name a file may use for it: id, Chinese, English and Uyghur names, aliases, code."""
        names = (self.id, self.names.zh, self.names.en, *(n for n in (self.names.ug, self.code) if n), *self.aliases)
        return tuple(dict.fromkeys(names))


@attrs.frozen(slots=True)
class Region:
    """A region: its id, names, administrative parent, the calendar its offices keep, and its sub-units."""

    _repr_html_ = fields_html

    id: str = attrs.field(
        validator=_region_id, metadata=meta("the region id, lower-case ASCII, e.g. yiwu", pattern=REGION_ID_PATTERN)
    )
    names: Names = attrs.field(metadata=meta("the region's names"))
    parent: Names = attrs.field(
        metadata=meta('the administrative parent, e.g. "Xinjiang Uygur Autonomous Region" or a prefecture')
    )
    calendar: str = attrs.field(
        default="CN-XJ",
        validator=non_empty,
        metadata=meta(
            "id of the working-time calendar the region's offices keep (see bizenv.get_calendar)", minLength=1
        ),
    )
    sub_units: tuple[SubUnit, ...] = attrs.field(
        default=(), converter=as_tuple, metadata=meta("the counties, cities, townships or parks the region ranks")
    )
    code: str | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.matches_re(r"[0-9]{6}")),
        metadata=meta("the region's own administrative division code (GB/T 2260)", pattern="^[0-9]{6}$"),
    )
    code_source: str | None = attrs.field(
        default=None, metadata=meta("where the region's and sub-units' codes come from")
    )

    def __repr__(self) -> str:
        lines = [
            f"{self.names.zh} / {self.names.en}, in {self.parent.zh}",
            f"calendar {self.calendar}; code {self.code or '–'}",
            f"{len(self.sub_units)} sub-units: {', '.join(s.id for s in self.sub_units) or 'none'}",
        ]
        return short_repr("Region", self.id, lines)


@attrs.frozen(slots=True)
class Period:
    """The period a programme runs, as its document states it ("2023—2025年", "2022年度"): first and last day."""

    raw: str = attrs.field(validator=non_empty, metadata=meta("the words of the document, quoted", minLength=1))
    start: dt.date | None = attrs.field(default=None, metadata=meta("the first day, where the words give one"))
    end: dt.date | None = attrs.field(default=None, metadata=meta("the last day, where the words give one"))
    provenance: Provenance | None = attrs.field(default=None, metadata=meta("where the words are"))


RuleKind = Literal["accountability", "ranking", "reporting", "supervision"]


@attrs.frozen(slots=True)
class Rule:
    """A rule the document sets for running the programme (末位约谈, 限期整改, 定期通报), quoted with its place."""

    kind: RuleKind = attrs.field(validator=one_of(RuleKind, "kind"), metadata=meta("what the rule is about"))
    text: str = attrs.field(validator=non_empty, metadata=meta("the rule as the source words it", minLength=1))
    provenance: Provenance = attrs.field(metadata=meta("where it is"))


@attrs.frozen(slots=True)
class SourceDocument:
    """A source document the profile was read from."""

    _repr_html_ = fields_html

    id: str = attrs.field(validator=non_empty, metadata=meta("short, stable id, e.g. bazhou-2022-plan", minLength=1))
    title: str = attrs.field(validator=non_empty, metadata=meta("the title as the document gives it", minLength=1))
    issuer: str = attrs.field(validator=non_empty, metadata=meta("who issued it", minLength=1))
    number: str | None = attrs.field(
        default=None, metadata=meta('document number such as "阿政办发〔2022〕22号"; null when the source shows none')
    )
    date: dt.date | None = attrs.field(default=None, metadata=meta("date of issue, where the document gives it"))
    seed_file: str | None = attrs.field(
        default=None, metadata=meta("file name of the bundled source text the data was read from")
    )
    period: Period | None = attrs.field(
        default=None, metadata=meta("the programme's period, only as the document states it; null when it states none")
    )
    lead_units: tuple[UnitRef, ...] = attrs.field(
        default=(),
        converter=as_tuple,
        metadata=meta("the unit that leads the whole programme, where the document names it"),
    )
    rules: tuple[Rule, ...] = attrs.field(
        default=(),
        converter=as_tuple,
        metadata=meta("the document's rules of accountability, ranking and reporting, quoted"),
    )
    notes: tuple[DataNote, ...] = attrs.field(
        default=(),
        converter=as_tuple,
        metadata=meta("what was interpreted while reading the document's metadata, and why"),
    )

    def __repr__(self) -> str:
        lines = [
            self.title,
            f"{self.issuer}; {self.number or 'no number'}; {self.date.isoformat() if self.date else 'no date'}; "
            f"period {self.period.raw if self.period else '–'}",
            f"{len(self.rules)} rules, {len(self.notes)} notes; source text {self.seed_file or '–'}",
        ]
        return short_repr("SourceDocument", self.id, lines)


@attrs.frozen(slots=True)
class Unit:
    """An entry of a region's unit table: the normalised name and the other names it goes by."""

    _repr_html_ = fields_html

    name: str = attrs.field(
        validator=non_empty, metadata=meta("the normalised full name, e.g. 州市场监督管理局", minLength=1)
    )
    aliases: tuple[str, ...] = attrs.field(
        default=(), converter=str_tuple, metadata=meta("other names the sources use for the same unit")
    )
    group: bool = attrs.field(
        default=False, metadata=meta("true for a collective name (各县市人民政府) that stands for many units")
    )
    en: str | None = attrs.field(default=None, metadata=meta("the name in English"))
    members: tuple[str, ...] = attrs.field(
        default=(),
        converter=str_tuple,
        metadata=meta("for a group: the sub-units (ids) it stands for (各县市人民政府 → the counties and the city)"),
    )
    notes: tuple[DataNote, ...] = attrs.field(
        default=(), converter=as_tuple, metadata=meta("what was interpreted about the unit's names, and why")
    )

    @property
    def names_en(self) -> str | None:
        """The English name (the former name of :attr:`en`)."""
        return self.en
