"""Deadline phrases in measure texts (2024年6月, 到2023年底, 2023年底前) and their readings.

The date a phrase means is read by :func:`bizenv.model.parse_deadline_date`, the one reader the
profile format and validation use too. A phrase it cannot read (a typo such as "20235年12月") is
never fixed here: the reading must come from the curated file, with a data note saying why.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs

from bizenv.errors import DeadlineError
from bizenv.model import DataNote, Deadline, parse_deadline_date
from bizenv.sources.errors import BuildError

#: A date phrase as measure texts write one: an optional 到/于, a year (four digits or more, so that a
#: typo is found and refused rather than skipped), then a month, 底/末, 上半年 … and an optional 前.
DEADLINE_PHRASE = re.compile(
    r"(?:到|于)?\d{4,}年(?:\d{1,2}月(?:\d{1,2}日|底|末|份)?|上半年|下半年|第?[一二三四1-4]季度|底|末|年底)?(?:底前|前|之前)?"
)


def find_deadline_phrases(text: str) -> list[str]:
    """The date phrases of ``text`` in order, as written ("到2025年底", "2024年6月", "20235年12月")."""
    return [m[0] for m in DEADLINE_PHRASE.finditer(text)]


@attrs.frozen(slots=True)
class DeadlineReading:
    """A deadline as the curated file gives it: the raw text and the date it is read as."""

    raw: str
    date: dt.date | None
    #: Other days an uncertain text may mean (20235年12月: 2023-12-31 is the reading, 2025-12-31 the other).
    alternatives: tuple[dt.date, ...] = ()


def read_deadline(
    source_raw: str | None,
    curated: str | DeadlineReading | None,
    *,
    text: str,
    notes: tuple[DataNote, ...] | list[DataNote],
    where: str,
) -> Deadline | None:
    """The deadline of a measure, from the source's own deadline field and the curated file.

    ``source_raw`` is the deadline field of the source (完成时限), None where the source has none;
    ``curated`` the curated file's entry, if any. Without a curated entry the source's phrase must read
    as a date. A curated entry is an interpretation: it gives the date of a phrase that does not read as
    one (quoting the source's field exactly), or takes a phrase of ``text`` as the deadline of a measure
    whose source gives none; either way it needs a data note on ``deadline`` among ``notes``.
    """
    has_note = any(n.field == "deadline" for n in notes)
    if curated is None:
        if source_raw is None:
            return None
        try:
            return Deadline(raw=source_raw, date=parse_deadline_date(source_raw))
        except DeadlineError as exc:
            raise BuildError(
                f"{where}: {exc}; give the reading in the curated file (deadline = {{ raw, date }}) with a data note"
            ) from None
    if curated == source_raw:
        raise BuildError(f"{where}: the curated deadline repeats the source's {source_raw!r}; leave it out")
    reading = curated if isinstance(curated, DeadlineReading) else DeadlineReading(curated, _date_of(curated, where))
    if source_raw is not None and reading.raw != source_raw:
        raise BuildError(f"{where}: curated deadline {reading.raw!r} is not the source's {source_raw!r}")
    if source_raw is None and reading.raw not in text:
        raise BuildError(f"{where}: curated deadline {reading.raw!r} is not in the measure's text")
    if not has_note:
        if source_raw is None:
            raise BuildError(f"{where}: the source gives no deadline; reading one needs a data note on 'deadline'")
        raise BuildError(f"{where}: a deadline read as {reading.date} needs a data note on 'deadline'")
    return Deadline(raw=reading.raw, date=reading.date, alternatives=reading.alternatives)


def _date_of(raw: str, where: str) -> dt.date:
    try:
        return parse_deadline_date(raw)
    except DeadlineError as exc:
        raise BuildError(f"{where}: {exc}; give {{ raw, date }} with a data note") from None


__all__ = ["DEADLINE_PHRASE", "DeadlineReading", "find_deadline_phrases", "read_deadline"]
