"""Distance-to-frontier scores, composite ranking and the bottom of the table (标准量化、综合排名、末位约谈).

Score of a value x for one indicator (World Bank Doing Business "distance to frontier"):
lower-is-better: (worst − x) / (worst − frontier) × 100; higher-is-better: (x − worst) / (frontier − worst)
× 100; clipped to 0–100. Frontier and worst come from the data unless given.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from bizenv.errors import InputError, NotFoundError, UnknownSubUnitError, UnknownUnitError
from bizenv.evaluate import _arguments as arguments
from bizenv.i18n import Message, message
from bizenv.model import RegionProfile
from bizenv.records import IndicatorValue, Rejection
from bizenv.tables import Bar, ChartKind, Column, bar_chart, fields_html, frame, html_table, short_repr

#: The columns of :meth:`ScoreBoard.to_frame`; the composite's rows have the indicator ``"overall"``.
SCORE_COLUMNS = (
    Column("indicator", "text"),
    Column("subject", "text"),
    Column("value", "float"),
    Column("score", "float"),
    Column("rank", "int"),
    Column("bottom", "bool"),
)


@attrs.frozen(slots=True)
class IndicatorSpec:
    """How to score one indicator: its direction, and optionally fixed frontier and worst values."""

    name: str
    lower_is_better: bool
    frontier: float | None = None
    worst: float | None = None
    weight: float = 1.0


@attrs.frozen(slots=True)
class Ranked:
    """A subject's score and rank; ``bottom`` marks the last places (末位)."""

    _repr_html_ = fields_html

    subject: str
    score: float
    rank: int
    bottom: bool


@attrs.frozen(slots=True)
class IndicatorScores:
    """One indicator's values, frontier and worst, and the ranking they give."""

    _repr_html_ = fields_html

    indicator: IndicatorSpec
    frontier: float
    worst: float
    values: dict[str, float]
    ranking: tuple[Ranked, ...]


@attrs.frozen(slots=True)
class ScoreBoard:
    """Scores per indicator, the composite ranking, missing values and rejected rows."""

    indicators: tuple[IndicatorScores, ...]
    #: Weighted mean of a subject's indicator scores over the indicators it has a value for.
    overall: tuple[Ranked, ...]
    #: Indicators a subject has no value for (its composite is over the others).
    missing: dict[str, tuple[str, ...]]
    rejections: tuple[Rejection, ...]

    def rows(self) -> list[list[object]]:
        """One row per indicator and subject, then the composite ranking (indicator ``"overall"``, no value)."""
        rows: list[list[object]] = [
            [ind.indicator.name, r.subject, ind.values[r.subject], r.score, r.rank, r.bottom]
            for ind in self.indicators
            for r in ind.ranking
        ]
        rows += [["overall", r.subject, None, r.score, r.rank, r.bottom] for r in self.overall]
        return rows

    def to_frame(self) -> Any:
        """A pandas DataFrame of :meth:`rows` (needs ``bizenv[pandas]``)."""
        return frame(SCORE_COLUMNS, self.rows())

    def _repr_html_(self) -> str:
        return html_table(SCORE_COLUMNS, self.rows(), "ScoreBoard")

    def __repr__(self) -> str:
        def ranked(items: tuple[Ranked, ...]) -> str:
            return ", ".join(f"{r.rank}. {r.subject} {r.score:.2f}" + (" (bottom)" if r.bottom else "") for r in items)

        lines = [
            f"{len(self.indicators)} indicators: {', '.join(i.indicator.name for i in self.indicators)}",
            f"overall: {ranked(self.overall)}",
            f"subjects missing a value: {len(self.missing)}; rejected rows: {len(self.rejections)}",
        ]
        return short_repr("ScoreBoard", f"{len(self.overall)} subjects", lines)

    def chart(self, kind: ChartKind = "svg", indicator: str | None = None) -> Any:
        """The ranking as bars, the last places red: the composite, or one ``indicator``'s scores. ``kind="svg"``
        draws the report's chart (shown in a notebook); ``"matplotlib"`` gives a Figure to style and save."""
        if indicator is None:
            ranking, title = self.overall, "Composite score"
        else:
            found = [i for i in self.indicators if i.indicator.name == indicator]
            if not found:
                names = ", ".join(i.indicator.name for i in self.indicators)
                raise NotFoundError(f"no indicator {indicator!r} in the scores (there are: {names})")
            ranking, title = found[0].ranking, f"Score: {indicator}"
        bars = [Bar(r.subject, r.score, f"{r.score:.2f}", r.bottom) for r in ranking]
        return bar_chart(title, bars, 100.0, kind)


def dtf_score(value: float, frontier: float, worst: float) -> float:
    """Distance to frontier, 0-100; frontier and worst may be in either order (the direction)."""
    if frontier == worst:
        return 100.0
    score = (worst - value) / (worst - frontier) * 100.0
    return min(100.0, max(0.0, score))


def rank(scores: Mapping[str, float], bottom_n: int = 1) -> tuple[Ranked, ...]:
    """Competition ranking (1, 2, 2, 4): equal scores share a rank. The last ``bottom_n`` ranks are
    flagged, ties included (two subjects tied for last are both flagged). Where every subject scores the same
    (or there is only one) nobody is last: no one is flagged for a talk (约谈)."""
    arguments.whole(bottom_n, "bottom_n")
    ordered = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    if len({score for _s, score in ordered}) <= 1:
        return tuple(Ranked(subject, score, 1, False) for subject, score in ordered)
    ranks: list[tuple[str, float, int]] = []
    for position, (subject, score) in enumerate(ordered, start=1):
        shared = ranks[-1][2] if ranks and ranks[-1][1] == score else position
        ranks.append((subject, score, shared))
    if not ranks:
        return ()
    cutoff_score = ordered[max(len(ordered) - bottom_n, 0)][1] if bottom_n > 0 else None
    return tuple(Ranked(s, sc, r, cutoff_score is not None and sc <= cutoff_score) for s, sc, r in ranks)


def specs_from_values(values: Iterable[IndicatorValue], source: str = "<values>") -> list[IndicatorSpec]:
    """One spec per indicator, its direction from the values' direction column; an indicator without a
    direction, or with both, is an :class:`~bizenv.errors.InputError` naming it (nothing can be scored then)."""
    directions: dict[str, set[str]] = defaultdict(set)
    for v in values:
        directions[v.indicator]
        if v.direction is not None:
            directions[v.indicator].add(v.direction)
    both = sorted(name for name, found in directions.items() if len(found) > 1)
    if both:
        raise InputError(f"indicator(s) {', '.join(both)} have both directions, lower and higher", source=source)
    missing = sorted(name for name, found in directions.items() if not found)
    if missing:
        raise InputError(
            f"no direction (lower or higher is better) for indicator(s): {', '.join(missing)}", source=source
        )
    return [IndicatorSpec(name, lower_is_better=found == {"lower"}) for name, found in sorted(directions.items())]


def _subject(profile: RegionProfile | None, written: str) -> str | Message:
    """The subject a value is for: as written without a profile; else the region's sub-unit or unit it names."""
    if profile is None:
        return " ".join(written.split())
    try:
        return profile.sub_unit(written).names.zh
    except UnknownSubUnitError:
        pass
    try:
        return profile.resolve_unit(written)
    except UnknownUnitError:
        known = ", ".join(s.names.zh for s in profile.region.sub_units) or "none declared"
        return message(
            "{name} is not a sub-unit or unit of region {region} (its sub-units: {known})",
            name=repr(written),
            region=profile.id,
            known=known,
        )


def score_indicators(
    values: Iterable[IndicatorValue],
    specs: Iterable[IndicatorSpec],
    *,
    bottom_n: int = 1,
    rejections: Iterable[Rejection] = (),
    profile: RegionProfile | None = None,
) -> ScoreBoard:
    """Scores per indicator, a composite per subject, rankings, and the bottom ``bottom_n`` flagged.

    With ``profile``, subjects are the region's: a county named by its name, alias or code is one subject (its
    Chinese name), a unit by any of its names is its normalised name, and a subject the region does not have is
    rejected, never ranked. In an indicator whose values are written as percentages, a value of 0–1 written
    without % is a share, not percent points, and is rejected rather than ranked as the worst.
    """
    if profile is not None:
        arguments.profile(profile)
    arguments.whole(bottom_n, "bottom_n")
    listed = list(arguments.items(values, IndicatorValue, "values"))
    spec_by_name = {s.name: s for s in arguments.items(specs, IndicatorSpec, "specs")}
    table: dict[str, dict[str, float]] = defaultdict(dict)
    rejected = list(rejections)
    in_percent = {v.indicator for v in listed if v.percent}
    for v in listed:
        subject = _subject(profile, v.subject)
        if isinstance(subject, Message):
            rejected.append(Rejection.of(v.origin, subject, v.subject, field="subject"))
            continue
        if v.indicator in in_percent and not v.percent and 0 < v.value <= 1:
            rejected.append(
                Rejection.of(
                    v.origin,
                    message(
                        "{value} looks like a share (0-1), not percent points: write {percent} or {percent}%",
                        value=format(v.value, "g"),
                        percent=format(v.value * 100, "g"),
                    ),
                    v.subject,
                    field="value",
                )
            )
            continue
        written, v = v.subject, attrs.evolve(v, subject=subject)
        if not math.isfinite(v.value):
            rejected.append(
                Rejection.of(v.origin, message("{value} is not a finite number", value=repr(v.value)), written)
            )
        elif v.indicator not in spec_by_name:
            rejected.append(
                Rejection.of(
                    v.origin,
                    message(
                        "indicator {indicator} has no direction (known: {known})",
                        indicator=repr(v.indicator),
                        known=", ".join(sorted(spec_by_name)),
                    ),
                    written,
                )
            )
        elif v.subject in table[v.indicator]:
            rejected.append(
                Rejection.of(
                    v.origin,
                    message(
                        "{subject} has two values for {indicator}", subject=repr(v.subject), indicator=repr(v.indicator)
                    ),
                    written,
                )
            )
        else:
            table[v.indicator][v.subject] = v.value
    boards = []
    subject_scores: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for name, spec in spec_by_name.items():
        observed = table.get(name, {})
        if not observed:
            continue
        best = min(observed.values()) if spec.lower_is_better else max(observed.values())
        poor = max(observed.values()) if spec.lower_is_better else min(observed.values())
        frontier = spec.frontier if spec.frontier is not None else best
        worst = spec.worst if spec.worst is not None else poor
        scores = {s: dtf_score(x, frontier, worst) for s, x in observed.items()}
        for subject, score in scores.items():
            subject_scores[subject].append((score, spec.weight))
        boards.append(IndicatorScores(spec, frontier, worst, dict(observed), rank(scores, bottom_n)))
    composite = {s: sum(sc * w for sc, w in parts) / sum(w for _, w in parts) for s, parts in subject_scores.items()}
    missing = {s: tuple(n for n in spec_by_name if table.get(n) and s not in table[n]) for s in composite}
    return ScoreBoard(
        tuple(boards), rank(composite, bottom_n), {s: m for s, m in missing.items() if m}, tuple(rejected)
    )
