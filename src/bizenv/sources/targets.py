"""Target phrases (由3个工作日压减至2个工作日, 30-60个工作日, 4个小时内) and the checks on curated targets.

A target is written by hand in the curated file; its ``raw`` quotes the phrase of the measure's text it
was read from. The checks here make sure the hand-written numbers are the source's: every number of a
target occurs in its phrase, every number of the phrase is accounted for, and where the phrase is one
of the common patterns, the pattern's unit is the target's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal

import attrs

from bizenv.model import DataNote, UnitCode
from bizenv.sources.numerals import counts_in_words, numbers_in, zero_in_words

PhraseKind = Literal["reduction", "range", "within"]

#: Unit words of target phrases and the unit code each one is read as, longest first.
UNIT_WORDS: Final[tuple[tuple[str, UnitCode], ...]] = (
    ("个工作日", "working_day"),
    ("个小时", "office_hour"),
    ("千伏安", "kva"),
    ("千瓦", "kw"),
    ("万元", "ten_thousand_yuan"),
    ("分钟", "minute"),
    ("个月", "month"),
    ("小时", "clock_hour"),
    ("天", "calendar_day"),
    ("日", "calendar_day"),
    ("元", "yuan"),
    ("%", "percent"),
    ("项", "count"),
    ("个", "count"),
    ("家", "count"),
    ("次", "count"),
    ("件", "count"),
)
_UNIT = "|".join(re.escape(word) for word, _ in UNIT_WORDS)
_N = r"(\d+(?:\.\d+)?)"
_PHRASE = re.compile(
    # 由3个工作日内压减至2个工作日: baseline and value in one unit.
    rf"由{_N}(?P<u1>{_UNIT})(?:以?内)?(?:压减|压缩|缩减|缩短|减少|提升|提高)(?:至|到|为){_N}(?P<u2>{_UNIT})"
    # 30-60个工作日, 20至60分钟: a range.
    rf"|{_N}(?:-|—|–|~|～|至|到){_N}(?P<u3>{_UNIT})"
    # 4个小时内 (office hours of a time limit; "77个小时以内" of a yearly mean is not this pattern), 5个工作日以内.
    rf"|{_N}(?P<u4>个小时内|个工作日以?内)"
)
_UNIT_CODES: Final[dict[str, UnitCode]] = dict(UNIT_WORDS)


@attrs.frozen(slots=True)
class PhraseReading:
    """A target phrase read by pattern: its kind, its numbers in order, its unit and the text matched.

    ``numbers`` is (baseline, value) for a reduction, (low, high) for a range and (value,) for "within".
    """

    kind: PhraseKind
    numbers: tuple[float, ...]
    unit: UnitCode
    text: str


def read_phrases(raw: str) -> list[PhraseReading]:
    """The target phrases of ``raw``, left to right, without overlap.

    >>> [(p.kind, p.numbers, p.unit) for p in read_phrases("由3个工作日内压减至2个工作日内办结")]
    [('reduction', (3.0, 2.0), 'working_day')]
    >>> [(p.kind, p.numbers, p.unit) for p in read_phrases("审批时限压缩至30-60个工作日内")]
    [('range', (30.0, 60.0), 'working_day')]
    >>> [(p.kind, p.numbers, p.unit) for p in read_phrases("企业设立登记4个小时内办结")]
    [('within', (4.0,), 'office_hour')]
    """
    readings: list[PhraseReading] = []
    for m in _PHRASE.finditer(raw):
        if m["u1"] is not None:
            if m["u1"] != m["u2"]:
                continue
            readings.append(PhraseReading("reduction", (float(m[1]), float(m[3])), _UNIT_CODES[m["u2"]], m[0]))
        elif m["u3"] is not None:
            readings.append(PhraseReading("range", (float(m[5]), float(m[6])), _UNIT_CODES[m["u3"]], m[0]))
        else:
            unit: UnitCode = "office_hour" if m["u4"].startswith("个小时") else "working_day"
            readings.append(PhraseReading("within", (float(m[8]),), unit, m[0]))
    return readings


_NUMBER_FIELDS: Final = ("value", "low", "high", "baseline")


def _noted(notes: Sequence[DataNote], index: int, field: str | None = None) -> bool:
    # A note on the whole target, or on the field in question, explains a reading the checks cannot.
    whole = f"targets[{index}]"
    return any(n.field == whole or (field is not None and n.field == f"{whole}.{field}") for n in notes)


def _shown(number: float) -> str:
    return f"{number:g}"


def check_targets(targets: Sequence[Mapping[str, Any]], text: str, notes: Sequence[DataNote]) -> list[str]:
    """What is wrong with a measure's curated targets, as messages (empty when nothing is).

    For target ``i``:

    - its ``raw`` occurs in ``text``, and so does its ``due`` phrase (given as text);
    - each of value, low, high and baseline occurs in ``raw``: in digits, as a count in words (一次),
      or, for 0, as a word of :data:`~bizenv.sources.numerals.ZERO_WORDS`;
    - each number written in digits in ``raw`` is accounted for by the targets quoting the same ``raw``:
      one of their numbers, or part of their scope, due date or label;
    - a pattern phrase of ``raw`` (:func:`read_phrases`) whose numbers are the target's has the target's unit.

    A data note on ``targets[i]`` (or on ``targets[i].value``, ``.unit`` … for that field) stands for an
    explained exception to a check on target ``i``.
    """
    problems: list[str] = []
    by_raw: dict[str, list[int]] = {}
    for i, target in enumerate(targets):
        by_raw.setdefault(str(target.get("raw", "")), []).append(i)
    for i, target in enumerate(targets):
        where = f"target #{i + 1}"
        raw = str(target.get("raw", ""))
        if not raw or raw not in text:
            problems.append(f"{where}: raw {raw!r} is not in the measure's text")
            continue
        due = target.get("due")
        if isinstance(due, str) and due not in text and not _noted(notes, i, "due"):
            problems.append(f"{where}: due {due!r} is not in the measure's text")
        digits = numbers_in(raw)
        for key in _NUMBER_FIELDS:
            number = target.get(key)
            if number is None or _noted(notes, i, key):
                continue
            if number in digits or number in counts_in_words(raw) or (number == 0 and zero_in_words(raw)):
                continue
            problems.append(f"{where}: {key} {_shown(number)} does not occur in raw {raw!r}")
        sharing = [targets[j] for j in by_raw[raw]]
        for number in digits:
            if any(_accounts_for(other, number) for other in sharing):
                continue
            if any(_noted(notes, j) for j in by_raw[raw]):
                continue
            problems.append(f"{where}: the number {_shown(number)} of raw {raw!r} is not accounted for")
        for phrase in read_phrases(raw):
            mine = tuple(target.get(k) for k in _PHRASE_FIELDS[phrase.kind])
            if mine == phrase.numbers and target.get("unit") != phrase.unit and not _noted(notes, i, "unit"):
                problems.append(
                    f"{where}: {phrase.text!r} reads as {phrase.unit}, the target says {target.get('unit')!r}; "
                    "a data note must say why"
                )
    return list(dict.fromkeys(problems))


_PHRASE_FIELDS: Final[dict[PhraseKind, tuple[str, ...]]] = {
    "reduction": ("baseline", "value"),
    "range": ("low", "high"),
    "within": ("value",),
}


def _accounts_for(target: Mapping[str, Any], number: float) -> bool:
    if any(target.get(key) == number for key in _NUMBER_FIELDS):
        return True
    due = target.get("due")
    words = [target.get("scope"), target.get("label"), due if isinstance(due, str) else None]
    if isinstance(due, Mapping):
        words.append(due.get("raw"))
    return any(isinstance(w, str) and number in numbers_in(w) for w in words)


__all__ = ["UNIT_WORDS", "PhraseKind", "PhraseReading", "check_targets", "read_phrases"]
