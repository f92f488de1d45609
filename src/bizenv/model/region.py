"""Regions, their sub-units, their source documents and the unit table."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import attrs

from bizenv.model._validators import non_empty, str_tuple

_REGION_ID = re.compile(r"[a-z][a-z0-9_-]*")


def _region_id(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _REGION_ID.fullmatch(value):
        raise ValueError(f"region id {value!r} must be lower-case ASCII letters, digits, '-' or '_'")


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

    zh: str = attrs.field(validator=non_empty)
    en: str = attrs.field(validator=non_empty)
    ug: str | None = None

    def get(self, locale: str) -> str:
        """The name for a locale such as "zh_Hans", "en" or "ug", falling back to Chinese."""
        return pick_name(self.zh, self.en, self.ug, locale)


@attrs.frozen(slots=True)
class SubUnit:
    """A county, county-level city, township or development zone inside a region."""

    id: str = attrs.field(validator=_region_id)
    names: Names
    kind: str = attrs.field(validator=non_empty)


def _sub_units(value: Iterable[SubUnit]) -> tuple[SubUnit, ...]:
    return tuple(value)


@attrs.frozen(slots=True)
class Region:
    id: str = attrs.field(validator=_region_id)
    names: Names
    #: The administrative parent, e.g. "Xinjiang Uygur Autonomous Region" or a prefecture.
    parent: Names
    #: Id of the working-time calendar the region's offices keep (see bizenv.get_calendar).
    calendar: str = attrs.field(default="CN-XJ", validator=non_empty)
    sub_units: tuple[SubUnit, ...] = attrs.field(default=(), converter=_sub_units)


@attrs.frozen(slots=True)
class SourceDocument:
    id: str = attrs.field(validator=non_empty)
    title: str = attrs.field(validator=non_empty)
    issuer: str = attrs.field(validator=non_empty)
    #: Document number such as "阿政办发〔2022〕22号"; None when the source shows none.
    number: str | None = None
    date: dt.date | None = None
    #: File name of the source text the data was read from.
    seed_file: str | None = None


@attrs.frozen(slots=True)
class Unit:
    """An entry of a region's unit table: the normalised name and the other names it goes by."""

    name: str = attrs.field(validator=non_empty)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    group: bool = False
    names_en: str | None = None
