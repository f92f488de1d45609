"""A report as sections of translated, formatted text, ready for any output format (text, markdown, HTML)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from bizenv.i18n import N_, _
from bizenv.report import fmt
from bizenv.report.model import Report

#: Deadline statuses, worst first, with their display names.
STATUS_NAMES = {
    "overdue": N_("overdue"),
    "due_soon": N_("due soon"),
    "not_yet_due": N_("not yet due"),
    "done_late": N_("done late"),
    "done_on_time": N_("done on time"),
    "done_no_deadline": N_("done (no deadline)"),
    "no_deadline": N_("no deadline"),
}
MAX_ROWS = 40


@attrs.frozen(slots=True)
class Bar:
    label: str
    value: float
    shown: str
    flagged: bool = False


@attrs.frozen(slots=True)
class Chart:
    title: str
    bars: tuple[Bar, ...]
    #: The largest value a bar can have (100 for percentages and scores).
    scale: float


@attrs.frozen(slots=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: Rows of the table that need attention (shown highlighted), by index.
    flagged: frozenset[int] = frozenset()
    #: How many rows were left out of a long table (all of them are in the JSON and CSV outputs).
    more: int = 0


@attrs.frozen(slots=True)
class Section:
    key: str
    title: str
    intro: str = ""
    table: Table | None = None
    chart: Chart | None = None


@attrs.frozen(slots=True)
class Figure:
    label: str
    value: str
    flagged: bool = False


@attrs.frozen(slots=True)
class ReportView:
    """A report as translated, formatted sections, ready for text, markdown or HTML."""

    title: str
    subtitle: str
    inputs: str
    synthetic: bool
    figures: tuple[Figure, ...]
    sections: tuple[Section, ...]


def _table(headers: list[str], rows: Sequence[tuple[str, ...]], flagged: set[int] | None = None) -> Table:
    shown = rows[:MAX_ROWS]
    return Table(
        tuple(headers), tuple(shown), frozenset(i for i in (flagged or set()) if i < MAX_ROWS), len(rows) - len(shown)
    )


def view(report: Report) -> ReportView:
    """The report in the current locale (see :func:`bizenv.i18n.set_locale`)."""
    region = report.profile.region
    counts = report.deadlines.counts()
    figures = [
        Figure(_("Measures"), fmt.number(len(report.profile.measures), 0)),
        Figure(_("Targets"), fmt.number(sum(1 for _t in report.profile.targets()), 0)),
        Figure(_("Overdue measures"), fmt.number(counts["overdue"], 0), counts["overdue"] > 0),
        Figure(_("Due within 30 days"), fmt.number(counts["due_soon"], 0)),
    ]
    sections = [_deadline_section(report), _overdue_section(report)]
    if report.cases is not None:
        judged = [r for r in report.cases.results if r.status in ("pass", "fail")]
        passed = sum(r.status == "pass" for r in judged)
        figures.append(Figure(_("Cases judged"), fmt.number(len(judged), 0)))
        figures.append(Figure(_("Cases within the time limit"), fmt.percent(passed / len(judged) if judged else None)))
        unmet = sum(s.met is False for s in report.cases.summaries if s.sub_unit is None)
        figures.append(Figure(_("Targets not met"), fmt.number(unmet, 0), unmet > 0))
        sections.append(_compliance_section(report))
    if report.thresholds:
        sections.append(_threshold_section(report))
    if report.scores is not None:
        sections.append(_ranking_section(report))
    figures.append(Figure(_("Rejected input rows"), fmt.number(len(report.rejections), 0), bool(report.rejections)))
    sections.append(_rejection_section(report))
    title = _("Business environment report: {region}").format(region=fmt.names(region.names))
    subtitle = _("As of {date}").format(date=fmt.date(report.as_of.date()))
    return ReportView(title, subtitle, report.inputs, report.synthetic, tuple(figures), tuple(sections))


def _deadline_section(report: Report) -> Section:
    counts = report.deadlines.counts()
    bars = tuple(
        Bar(_(STATUS_NAMES[s]), counts[s], fmt.number(counts[s], 0), s == "overdue") for s in STATUS_NAMES if counts[s]
    )
    rows = [(_(STATUS_NAMES[s]), fmt.number(counts[s], 0)) for s in STATUS_NAMES]
    return Section(
        "deadlines",
        _("Deadlines"),
        _("Every measure with its deadline (完成时限), judged against the progress ledger."),
        _table([_("Status"), _("Measures")], rows, {0} if counts["overdue"] else set()),
        Chart(_("Measures by deadline status"), bars, max([b.value for b in bars], default=1)),
    )


def _overdue_section(report: Report) -> Section:
    groups = sorted((g for g in report.deadlines.by_unit if g.overdue), key=lambda g: (-len(g.overdue), g.name))
    rows = [(g.name, fmt.number(len(g.overdue), 0), " ".join(g.overdue)) for g in groups]
    bars = tuple(Bar(g.name, len(g.overdue), fmt.number(len(g.overdue), 0), True) for g in groups[:15])
    return Section(
        "overdue",
        _("Overdue items by unit"),
        _("Units that lead or share a measure whose deadline has passed without the measure being done."),
        _table([_("Unit"), _("Overdue"), _("Overdue measures")], rows),
        Chart(_("Overdue measures per unit"), bars, max([b.value for b in bars], default=1)) if bars else None,
    )


def _compliance_section(report: Report) -> Section:
    assert report.cases is not None
    subs = {s.id: fmt.names(s.names) for s in report.profile.region.sub_units}
    rows: list[tuple[str, ...]] = []
    flagged: set[int] = set()
    bars: list[Bar] = []
    summaries = sorted(report.cases.summaries, key=lambda s: (s.sub_unit is not None, s.target_id, s.sub_unit or ""))
    for s in summaries:
        if s.met is False:
            flagged.add(len(rows))
        target = fmt.limit(report.profile.target(s.target_id)[1])
        rows.append(
            (
                s.target_id,
                report.profile.target(s.target_id)[1].metric,
                _("all") if s.sub_unit is None else subs.get(s.sub_unit, s.sub_unit),
                target,
                fmt.aggregation(s.aggregation),
                fmt.number(s.cases, 0),
                fmt.percent(None if s.pass_rate is None else s.pass_rate / 100),
                fmt.measured(s.mean, s.unit),
                fmt.yes_no(s.met),
            )
        )
        if s.sub_unit is None and s.pass_rate is not None:
            bars.append(Bar(s.target_id, s.pass_rate, fmt.percent(s.pass_rate / 100), s.met is False))
    return Section(
        "compliance",
        _("Case compliance per target and sub-unit"),
        _("Working time from submission to completion on the region's calendar, against each time limit."),
        _table(
            [
                _("Target"),
                _("Metric"),
                _("Sub-unit"),
                _("Limit"),
                _("Aggregation"),
                _("Cases"),
                _("Within limit"),
                _("Mean"),
                _("Met"),
            ],
            rows,
            flagged,
        ),
        Chart(_("Share of cases within the time limit"), tuple(bars[:20]), 100.0) if bars else None,
    )


def _threshold_section(report: Report) -> Section:
    rows: list[tuple[str, ...]] = []
    flagged: set[int] = set()
    for r in report.thresholds:
        if not r.met:
            flagged.add(len(rows))
        rows.append(
            (
                r.observation.target_id,
                r.target.metric,
                fmt.limit(r.target),
                fmt.measured(r.observation.value, r.target.unit),
                fmt.yes_no(r.met),
                fmt.percent(r.progress) if r.progress is not None else "–",
            )
        )
    return Section(
        "thresholds",
        _("Quantity targets"),
        _("Observed values against rates, fees, prices and other quantity targets."),
        _table([_("Target"), _("Metric"), _("Target value"), _("Observed"), _("Met"), _("Progress")], rows, flagged),
    )


def _ranking_section(report: Report) -> Section:
    assert report.scores is not None
    subs = {s.id: fmt.names(s.names) for s in report.profile.region.sub_units}
    rows = []
    flagged = set()
    for i, r in enumerate(report.scores.overall):
        if r.bottom:
            flagged.add(i)
        rows.append((fmt.number(r.rank, 0), subs.get(r.subject, r.subject), fmt.number(r.score), fmt.yes_no(r.bottom)))
    bars = tuple(
        Bar(subs.get(r.subject, r.subject), r.score, fmt.number(r.score), r.bottom) for r in report.scores.overall
    )
    return Section(
        "ranking",
        _("Ranking"),
        _("Distance-to-frontier scores (0–100) averaged over the indicators; the last place is flagged for a talk."),
        _table([_("Rank"), _("Sub-unit"), _("Score"), _("Bottom")], rows, flagged),
        Chart(_("Composite score"), bars, 100.0) if bars else None,
    )


def _rejection_section(report: Report) -> Section:
    rows = [(str(r.origin), r.record_id or "", r.reason) for r in report.rejections]
    intro = (
        _("No input row was rejected.")
        if not rows
        else _("Input rows that could not be judged; they are counted, not dropped.")
    )
    return Section(
        "rejections",
        _("Rejected input rows"),
        intro,
        _table([_("Where"), _("Record"), _("Reason")], rows) if rows else None,
    )
