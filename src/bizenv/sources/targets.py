"""Target phrases (由3个工作日压减至2个工作日, 30-60个工作日, 4个小时内) and the checks on curated targets.

A target is written by hand in the curated file; its ``raw`` quotes the phrase of the measure's text it
was read from. The checks here make sure the hand-written numbers are the source's: every number of a
target occurs in its phrase, every number of the phrase is accounted for, and where the phrase is one
of the common patterns, the pattern's unit is the target's. They also keep what a target means to the
source's words, by one rule for every region: scopes, clock starts and excluded time are quoted, not
paraphrased; a condition's bound is written in its phrase; a commitment word (确保, 力争, 争取, 探索) of a
target's sentence is the target's commitment; a recurrence names its period; and every word that says a
fee is zero (免费, 无费用, 免缴, 零费用 …) is a zero-fee target (:func:`check_measure`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal

import attrs

from bizenv.metrics import registry
from bizenv.model import COMMITMENT_WORDS, DataNote, UnitCode
from bizenv.sources.numerals import counts_in_words, fee_zero_spans, numbers_in, zero_in_words

PhraseKind = Literal["reduction", "range", "within"]

#: Unit words of target phrases and the unit code each one is read as, longest first.
UNIT_WORDS: Final[tuple[tuple[str, UnitCode], ...]] = (
    ("个工作日", "working_day"),
    ("个小时", "office_hour"),
    ("千伏安", "kva"),
    ("千瓦", "kw"),
    ("万元", "ten_thousand_yuan"),
    # Minutes of a processing time are counted at the counter, which stops at lunch (60分钟出证); a wall-clock
    # reading (a walking distance, 15分钟社区卫生服务圈) is the exception and carries a note where a phrase reads.
    ("分钟", "office_minute"),
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

#: Marks words left out of a quotation: "实行“三零”服务的…非居民用户" quotes two phrases of one sentence.
ELISION: Final = "…"
# A commitment word governs its sentence up to the target; a quotation with an elision stays within a sentence.
_CLAUSE_END = re.compile(r"[。；;！？!?\n]")
_SENTENCE_END = re.compile(r"[。！？!?\n]")
_COMMITMENT = re.compile("|".join(re.escape(word) for word in COMMITMENT_WORDS))

#: The words that name each period of a recurrence (每季度1次 recurs every quarter).
PERIOD_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "day": ("每日", "每天"),
    "week": ("每周",),
    "month": ("每月",),
    "quarter": ("每季度", "每季"),
    "half_year": ("每半年",),
    "year": ("每年",),
}


def is_quoted(phrase: str, text: str) -> bool:
    """Whether ``phrase`` quotes ``text``: a substring, or substrings in order within one sentence joined by
    :data:`ELISION` for the words left out ("除重大工程建设项目外，…一般社会投资项目").

    >>> is_quoted("实行“三零”服务的…非居民用户", "将实行“三零”服务的居民用户…压缩至5个工作日内，非居民用户…")
    True
    >>> is_quoted("小型工商用户", "居民、小、中型工商用户")
    False
    """
    parts = phrase.split(ELISION)
    if not all(parts):
        return False
    if len(parts) == 1:
        return phrase in text
    for first in re.finditer(re.escape(parts[0]), text):
        at = first.end()
        for part in parts[1:]:
            found = text.find(part, at)
            if found < 0:
                break
            at = found + len(part)
        else:
            if not _SENTENCE_END.search(text, first.start(), at):
                return True
    return False


def _clause_start(text: str, position: int) -> int:
    return max((m.end() for m in _CLAUSE_END.finditer(text, 0, position)), default=0)


def commitment_in(text: str, raw: str) -> tuple[str, int] | None:
    """The commitment word that governs the phrase ``raw`` of ``text``, with its position: the last of
    :data:`~bizenv.model.COMMITMENT_WORDS` in ``raw`` or before it in its sentence (up to 。 or ；). None when
    there is none, or ``raw`` is not in ``text``.

    >>> text = "一般性纳税当日即报即办，确保企业申报主税种办理时间在1小时内办结。"
    >>> commitment_in(text, "企业申报主税种办理时间在1小时内办结")
    ('确保', 12)
    >>> commitment_in(text, "一般性纳税当日即报即办") is None
    True
    """
    at = text.find(raw)
    if at < 0:
        return None
    words = list(_COMMITMENT.finditer(text, _clause_start(text, at), at + len(raw)))
    return (words[-1][0], words[-1].start()) if words else None


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
    - a pattern phrase of ``raw`` (:func:`read_phrases`) whose numbers are the target's has the target's unit;
    - its ``scope``, ``clock_start`` and ``excludes`` quote the text (:func:`is_quoted`), never paraphrase it;
    - each of its ``conditions`` quotes the text in ``raw`` and writes its ``value`` there, and every number of
      the condition's ``raw`` is its value;
    - its ``commitment`` is that of the word governing ``raw`` (:func:`commitment_in`), and none without one;
    - its ``recurrence`` quotes the text and names its period (每季度 for ``quarter``) and ``times``;
    - its ``stage_of`` is the number of another target of the measure.

    A data note on ``targets[i]`` (or on ``targets[i].value``, ``.unit``, ``.commitment``,
    ``.conditions[j]`` … for that field) stands for an explained exception to a check on target ``i``; scopes,
    clock starts and excluded time have none: they are quoted.
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
        problems += _check_meaning(target, i, len(targets), text, notes)
    return list(dict.fromkeys(problems))


def _check_meaning(target: Mapping[str, Any], i: int, count: int, text: str, notes: Sequence[DataNote]) -> list[str]:
    """The checks on what a target means: quoted scopes, conditions, commitment, recurrence, stage."""
    where = f"target #{i + 1}"
    raw = str(target.get("raw", ""))
    problems: list[str] = []
    for key in ("scope", "clock_start", "excludes"):
        phrase = target.get(key)
        if isinstance(phrase, str) and not is_quoted(phrase, text):
            problems.append(
                f"{where}: {key} {phrase!r} is not quoted from the measure's text "
                f"(quote it as written; {ELISION} marks words left out within a sentence)"
            )
    for j, condition in enumerate(target.get("conditions") or ()):
        problems += _check_condition(condition, f"{where} condition #{j + 1}", f"conditions[{j}]", i, text, notes)
    governing = commitment_in(text, raw)
    expected = COMMITMENT_WORDS[governing[0]] if governing else None
    given = target.get("commitment")
    if given != expected and not _noted(notes, i, "commitment"):
        said = f"says {governing[0]} ({expected})" if governing else "has no commitment word"
        problems.append(f"{where}: the sentence of its raw {said}; the target's commitment is {given!r}")
    recurrence = target.get("recurrence")
    if isinstance(recurrence, Mapping) and not _noted(notes, i, "recurrence"):
        problems += [f"{where}: {p}" for p in check_recurrence(recurrence, text)]
    stage_of = target.get("stage_of")
    if stage_of is not None and (not isinstance(stage_of, int) or not 1 <= stage_of <= count or stage_of == i + 1):
        problems.append(f"{where}: stage_of {stage_of!r} is not the number of another target of the measure")
    return problems


def _check_condition(
    condition: Mapping[str, Any], where: str, field: str, i: int, text: str, notes: Sequence[DataNote]
) -> list[str]:
    raw = str(condition.get("raw", ""))
    if not raw or raw not in text:
        return [f"{where}: raw {raw!r} is not in the measure's text"]
    problems: list[str] = []
    if condition.get("comparator") == "range":
        problems.append(f"{where}: a condition is one bound, not a range")
    value = condition.get("value")
    explained = _noted(notes, i, field) or _noted(notes, i, f"{field}.value")
    if not explained and isinstance(value, int | float):
        if not (value in numbers_in(raw) or value in counts_in_words(raw) or (value == 0 and zero_in_words(raw))):
            problems.append(f"{where}: value {_shown(value)} does not occur in raw {raw!r}")
        for number in numbers_in(raw):
            if number != value:
                problems.append(f"{where}: the number {_shown(number)} of raw {raw!r} is not accounted for")
    return problems


def check_recurrence(recurrence: Mapping[str, Any], text: str) -> list[str]:
    """What is wrong with a recurrence (of a target or a measure): its ``raw`` quotes ``text``, names the period
    ``every`` (:data:`PERIOD_WORDS`) and writes ``times`` where it is more than once."""
    raw = str(recurrence.get("raw", ""))
    if not raw or raw not in text:
        return [f"recurrence raw {raw!r} is not in the measure's text"]
    every = str(recurrence.get("every", ""))
    problems: list[str] = []
    if not any(word in raw for word in PERIOD_WORDS.get(every, ())):
        problems.append(f"recurrence raw {raw!r} does not name the period {every!r}")
    times = recurrence.get("times", 1)
    written = numbers_in(raw) + [float(n) for n in counts_in_words(raw)]
    if (times != 1 or written) and times not in written:
        problems.append(f"recurrence raw {raw!r} does not write {times} times")
    return problems


def check_measure(
    targets: Sequence[Mapping[str, Any]],
    text: str,
    notes: Sequence[DataNote],
    commitment: str | None = None,
    recurrence: Mapping[str, Any] | None = None,
    title: str = "",
) -> list[str]:
    """What is wrong with a measure's readings as a whole, as messages (empty when nothing is).

    - Every word of :data:`~bizenv.sources.numerals.FEE_ZERO_WORDS` in ``text`` is quoted by the ``raw`` of a
      zero-fee target (``<=`` 0 ``yuan`` on a metric of kind ``price_standard``), or by a data note on
      ``targets`` saying why it is none: one rule for fees in words, in every region.
    - The measure's ``commitment`` is said by a word of ``text`` or of its heading (``title``, where the layout keeps
      it apart from the text); a heading's word is the measure's ("探索…" headings carry ``explore``); every
      commitment word of ``text`` is the measure's, a target's (:func:`commitment_in`), or quoted by a data note
      on ``commitment`` saying which part of the measure it governs ("在确保…基础上" commits nothing).
    - The measure's ``recurrence`` quotes the text and names its period (:func:`check_recurrence`).
    """
    problems = _check_zero_fees(targets, text, notes)
    said = [COMMITMENT_WORDS[m[0]] for m in _COMMITMENT.finditer(text)]
    # A word of the heading (a title kept apart from the text, "33.探索报装…") governs the whole measure.
    headed = [COMMITMENT_WORDS[m[0]] for m in _COMMITMENT.finditer(title)] if title and title not in text else []
    if commitment is not None and commitment not in said + headed:
        problems.append(f"commitment {commitment!r}: no word of the text says it")
    for word in headed:
        if word != commitment and not any(n.field == "commitment" and n.raw and n.raw in title for n in notes):
            problems.append(
                f"the heading {title!r} says {word!r}: give the measure that commitment, or a note on 'commitment'"
            )
    governed = {
        found[1] for t in targets if (found := commitment_in(text, str(t.get("raw", "")))) and t.get("commitment")
    }
    for m in _COMMITMENT.finditer(text):
        if COMMITMENT_WORDS[m[0]] == commitment or m.start() in governed:
            continue
        if _note_covers(notes, "commitment", text, m.start(), m.end()):
            continue
        problems.append(
            f"{m[0]!r} in {_context(text, m.start(), m.end())!r} is neither the measure's commitment nor a target's; "
            "give the measure its commitment or a note on 'commitment' quoting it and saying what it governs"
        )
    if recurrence is not None:
        problems += check_recurrence(recurrence, text)
    return problems


def _spans(phrase: str, text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), text)] if phrase else []


def _note_covers(notes: Sequence[DataNote], field: str, text: str, start: int, end: int) -> bool:
    return any(n.field == field and any(a <= start and end <= b for a, b in _spans(n.raw, text)) for n in notes)


def _context(text: str, start: int, end: int) -> str:
    return text[max(0, start - 8) : end + 8]


def _check_zero_fees(targets: Sequence[Mapping[str, Any]], text: str, notes: Sequence[DataNote]) -> list[str]:
    metrics = registry()
    problems: list[str] = []
    zero_fees = [
        (i, t)
        for i, t in enumerate(targets)
        if (t.get("comparator"), t.get("value")) == ("<=", 0) and t.get("unit") in ("yuan", "ten_thousand_yuan")
    ]
    for start, end in fee_zero_spans(text):
        quoting = [
            (i, t) for i, t in zero_fees if any(a <= start and end <= b for a, b in _spans(str(t.get("raw", "")), text))
        ]
        for i, target in quoting:
            known = metrics.get(str(target.get("metric")))
            if known is not None and known.kind != "price_standard":
                problems.append(f"target #{i + 1}: a zero fee is a price standard; {known.code} is a {known.kind}")
        if quoting or _note_covers(notes, "targets", text, start, end):
            continue
        problems.append(
            f"{text[start:end]!r} in {_context(text, start, end)!r} says a fee is zero: give it a target "
            "(<= 0 yuan on a price standard) quoting it, or a note on 'targets' quoting it and saying why it is none"
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
    words = [
        target.get("scope"),
        target.get("label"),
        target.get("clock_start"),
        target.get("excludes"),
        due if isinstance(due, str) else None,
    ]
    if isinstance(due, Mapping):
        words.append(due.get("raw"))
    recurrence = target.get("recurrence")
    if isinstance(recurrence, Mapping):
        words.append(recurrence.get("raw"))
    # A condition's numbers are its own, checked with it.
    words += [c.get("raw") for c in target.get("conditions") or () if isinstance(c, Mapping)]
    return any(isinstance(w, str) and number in numbers_in(w) for w in words)


__all__ = [
    "ELISION",
    "PERIOD_WORDS",
    "UNIT_WORDS",
    "PhraseKind",
    "PhraseReading",
    "check_measure",
    "check_recurrence",
    "check_targets",
    "commitment_in",
    "is_quoted",
    "read_phrases",
]
