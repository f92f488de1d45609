"""A report as sections of translated, formatted text, ready for any output format (text, markdown, HTML).

What a reader acts on comes first: the ranking with its last places (末位约谈), then the overdue items with
their owners and days late, then the rest. Every number is printed with the precision it has, and next to the
verdict drawn from it: a printed number never contradicts a printed verdict.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import attrs

from bizenv.evaluate import TargetSummary, ThresholdResult, TrackedItem
from bizenv.evaluate.deadlines import DUE_SOURCE_NAMES, STATUS_NAMES
from bizenv.i18n import N_, _
from bizenv.metrics import is_metric, metric
from bizenv.model import Metric, RegionProfile
from bizenv.report import fmt
from bizenv.report.model import Report
from bizenv.synthetic import LABEL
from bizenv.tables import Bar
from bizenv.views import Chart, Figure, Section, Table


@attrs.frozen(slots=True)
class ReportView:
    """A report as translated, formatted sections, ready for text, markdown or HTML."""

    title: str
    subtitle: str
    inputs: str
    synthetic: bool
    figures: tuple[Figure, ...]
    sections: tuple[Section, ...]


def _table(headers: Sequence[str], rows: Sequence[tuple[str, ...]], flagged: set[int] | None = None) -> Table:
    # A report's long tables fold in HTML; every row is there.
    return Table(tuple(headers), tuple(rows), flagged=frozenset(flagged or ()), foldable=True)


def _section(key: str, title: str, intro: str, table: Table | None = None, chart: Chart | None = None) -> Section:
    return Section(key, title, (intro,) if intro else (), table=table, chart=chart)


def metric_label(profile: RegionProfile, code: str) -> str:
    """A metric's name in the current locale; the code for one neither bizenv nor the region names."""
    return fmt.metric_name(code, metric(code, profile).names if is_metric(code, profile) else None)


def _metric(profile: RegionProfile, code: str) -> Metric | None:
    return metric(code, profile) if is_metric(code, profile) else None


def document_order(profile: RegionProfile) -> Callable[[str], tuple[int, int, str]]:
    """A sort key putting measure, target and milestone ids ("4", "(16)", "2#1", "70@1") in the order of the source
    document, not as strings ("(1) (16) (4)"); an id the profile does not have goes last."""
    index = {m.id: i for i, m in enumerate(profile.measures)}

    def key(item_id: str) -> tuple[int, int, str]:
        # A target "2#1" or a milestone "70@1" sorts with its measure, after the measure itself.
        measure_id, number = item_id, "0"
        for mark in ("#", "@"):
            head, sep, tail = item_id.rpartition(mark)
            if sep and tail.isdigit():
                measure_id, number = head, tail
                break
        return index.get(measure_id, len(index)), int(number), item_id

    return key


def _subject_names(profile: RegionProfile) -> dict[str, str]:
    return {s.id: fmt.names(s.names) for s in profile.region.sub_units}


def view(report: Report) -> ReportView:
    """The report in the current locale (see :func:`bizenv.i18n.set_locale`)."""
    region = report.profile.region
    deadlines = report.deadlines
    overdue = deadlines.overdue()
    figures: list[Figure] = []
    sections: list[Section] = []
    if report.scores is not None and report.scores.overall:
        bottom = [r for r in report.scores.overall if r.bottom]
        names = _subject_names(report.profile)
        shown = "、".join(names.get(r.subject, r.subject) for r in bottom) or "–"
        figures.append(Figure(_("Last in the ranking"), shown, bool(bottom)))
        sections.append(_ranking_section(report))
    if deadlines.ledger_given:
        figures.append(Figure(_("Overdue items"), fmt.number(len(overdue), 0), bool(overdue)))
    else:
        figures.append(Figure(_("Past their due date, progress not reported"), fmt.number(len(overdue), 0)))
    soon = [i for i in deadlines.items if i.status == "due_soon"]
    figures.append(
        Figure(
            _("Due within {days} days").format(days=fmt.number(deadlines.due_soon_days, 0)), fmt.number(len(soon), 0)
        )
    )
    sections += [_overdue_section(report), _overdue_by_unit_section(report), _deadline_section(report)]
    if report.cases is not None:
        judged = [r for r in report.cases.results if r.status in ("pass", "fail")]
        passed = sum(r.status == "pass" for r in judged)
        figures.append(Figure(_("Cases within the time limit"), fmt.count_of(passed, len(judged))))
        unmet = sum(s.met is False for s in report.cases.summaries if s.sub_unit is None)
        figures.append(Figure(_("Case targets not met"), fmt.number(unmet, 0), unmet > 0))
        sections.append(_compliance_section(report))
    if report.thresholds:
        unmet_quantities = sum(not r.met for r in report.thresholds)
        figures.append(Figure(_("Quantity targets not met"), fmt.number(unmet_quantities, 0), unmet_quantities > 0))
        sections.append(_threshold_section(report))
    figures.append(Figure(_("Rejected input rows"), fmt.number(len(report.rejections), 0), bool(report.rejections)))
    sections.append(_rejection_section(report))
    title = _("Business environment report: {region}").format(region=fmt.names(region.names))
    subtitle = _("As of {date}").format(date=fmt.date(report.as_of.date()))
    return ReportView(title, subtitle, _inputs(report), report.synthetic, tuple(figures), tuple(sections))


#: The synthetic data's label (bizenv.synthetic.LABEL), marked here for the catalogs.
_SYNTHETIC = N_("SYNTHETIC EXAMPLE DATA (bizenv.synthetic): made up, not observed")
assert _SYNTHETIC == LABEL


def _inputs(report: Report) -> str:
    """The inputs line: file names as given; the synthetic data's label in the report's language."""
    seed = re.fullmatch(re.escape(LABEL) + r", seed (\d+)", report.inputs)
    if not report.synthetic or seed is None:
        return report.inputs
    return _("{label}, seed {seed}").format(label=_(_SYNTHETIC), seed=seed[1])


def _owners(item: TrackedItem) -> tuple[str, str]:
    leads = item.units(("lead",)) or item.units(("area_lead",))
    return "、".join(leads) or "–", "、".join(item.units(("responsible",))) or "–"


def _due(item: TrackedItem) -> str:
    if item.due is None:
        return "–"
    shown = fmt.date(item.due.date)
    if item.due.derived:
        shown += f" ({_(DUE_SOURCE_NAMES[item.due.source])})"
    if item.other_readings:
        others = "; ".join(f"{fmt.date(day)}: {_(STATUS_NAMES[status])}" for day, status in item.other_readings)
        shown += " " + _("[uncertain source date; other reading {others}]").format(others=others)
    return shown


def _overdue_section(report: Report) -> Section:
    order = document_order(report.profile)
    items = sorted(report.deadlines.overdue(), key=lambda i: (-(i.days or 0), order(i.id)))
    rows = []
    for item in items:
        lead, responsible = _owners(item)
        rolled = _("rolled up from its sub-measures")
        title = item.title + (f" ({rolled})" if item.rolled_up else "")
        rows.append((item.id, title, _due(item), fmt.number(item.days, 0), lead, responsible))
    if not report.deadlines.ledger_given:
        intro = _(
            "No progress ledger was given, so no item is known to be done: these items are past their due date "
            "and their progress is not reported."
        )
    elif not items:
        intro = _("No measure or dated target is overdue.")
    else:
        intro = _("Measures and dated targets whose due date has passed without the ledger saying they are done.")
    headers = [_("Item"), _("Title"), _("Due"), _("Days late"), _("Lead units"), _("Responsible units")]
    return _section(
        "overdue_items",
        _("Overdue items") if report.deadlines.ledger_given else _("Past their due date, progress not reported"),
        intro,
        _table(headers, rows, set(range(len(rows))) if report.deadlines.ledger_given else set()) if rows else None,
    )


def _overdue_by_unit_section(report: Report) -> Section:
    order = document_order(report.profile)
    groups = sorted((g for g in report.deadlines.by_unit if g.overdue), key=lambda g: (-len(g.overdue), g.name))
    rows = [
        (
            g.name,
            fmt.number(len(g.overdue), 0),
            fmt.number(g.items, 0),
            fmt.percent(g.overdue_share),
            " ".join(sorted(g.overdue, key=order)),
        )
        for g in groups
    ]
    bars = tuple(Bar(g.name, len(g.overdue), fmt.number(len(g.overdue), 0), True) for g in groups[:15])
    return _section(
        "overdue",
        _("Overdue items by unit"),
        _("Units that lead an item, lead its area, or are responsible for it, with the items past their due date."),
        _table([_("Unit"), _("Overdue"), _("Items"), _("Share overdue"), _("Overdue items")], rows) if rows else None,
        Chart(_("Overdue items per unit"), bars, max([b.value for b in bars], default=1)) if bars else None,
    )


def _deadline_section(report: Report) -> Section:
    measures, targets = report.deadlines.counts("measure"), report.deadlines.counts("target")
    bars = tuple(
        Bar(_(STATUS_NAMES[s]), measures[s], fmt.number(measures[s], 0), s == "overdue")
        for s in STATUS_NAMES
        if measures[s]
    )
    rows = [(_(STATUS_NAMES[s]), fmt.number(measures[s], 0), fmt.number(targets[s], 0)) for s in STATUS_NAMES]
    return _section(
        "deadlines",
        _("Deadlines"),
        _(
            "Every measure and every target with a date of its own, judged against the progress ledger. A measure "
            "without its own 完成时限 takes the latest date of its sub-measures, the latest of its dated goals, "
            "or the end of the programme, and says so."
        ),
        _table([_("Status"), _("Measures"), _("Dated targets")], rows, {0} if measures["overdue"] else set()),
        Chart(_("Measures by deadline status"), bars, max([b.value for b in bars], default=1)),
    )


def _statistic(summary: TargetSummary) -> str:
    if summary.aggregation in ("mean", "median", "p90"):
        value = getattr(summary, summary.aggregation)
        if value is None:
            return "–"
        return f"{fmt.aggregation(summary.aggregation)} {fmt.measured(value, summary.unit, against=summary.value)}"
    return "–"


def _verdict_basis(summary: TargetSummary) -> str:
    if summary.aggregation in ("mean", "median", "p90"):
        return _("the {statistic} of completed cases against the limit").format(
            statistic=fmt.aggregation(summary.aggregation)
        )
    return _("every case within the limit and none open past it")


def _compliance_section(report: Report) -> Section:
    assert report.cases is not None
    subs = _subject_names(report.profile)
    rows: list[tuple[str, ...]] = []
    flagged: set[int] = set()
    bars: list[Bar] = []
    order = document_order(report.profile)
    summaries = sorted(
        report.cases.summaries, key=lambda s: (s.sub_unit is not None, order(s.target_id), s.sub_unit or "")
    )
    for s in summaries:
        _measure, target = report.profile.target(s.target_id)
        found = _metric(report.profile, target.metric)
        if s.met is False:
            flagged.add(len(rows))
        rows.append(
            (
                s.target_id,
                metric_label(report.profile, target.metric),
                _("all") if s.sub_unit is None else subs.get(s.sub_unit, s.sub_unit),
                fmt.limit(target, found.direction if found else None, found.counter if found else None),
                fmt.number(s.cases, 0),
                fmt.count_of(s.passed, s.completed),
                fmt.number(s.open_overdue, 0),
                _statistic(s),
                fmt.yes_no(s.met),
                _verdict_basis(s),
            )
        )
        if s.sub_unit is None and s.pass_rate is not None:
            bars.append(Bar(s.target_id, s.pass_rate, fmt.percent(s.pass_rate / 100), s.met is False))
    headers = [
        _("Target"),
        _("Metric"),
        _("Sub-unit"),
        _("Limit"),
        _("Cases"),
        _("Completed within the limit"),
        _("Open past the limit"),
        _("Statistic"),
        _("Met"),
        _("Judged by"),
    ]
    return _section(
        "compliance",
        _("Case compliance per target and sub-unit"),
        _("Working time from submission to completion on the region's calendar, against each time limit."),
        _table(headers, rows, flagged),
        Chart(_("Share of completed cases within the time limit"), tuple(bars[:20]), 100.0) if bars else None,
    )


def _threshold_row(report: Report, r: ThresholdResult) -> tuple[str, ...]:
    found = _metric(report.profile, r.target.metric)
    counter = found.counter if found else None
    subject = r.observation.subject or "–"
    return (
        r.observation.target_id,
        metric_label(report.profile, r.target.metric),
        _subject_names(report.profile).get(subject, subject),
        fmt.limit(r.target, found.direction if found else None, counter),
        fmt.measured(r.observation.value, r.target.unit, counter=counter),
        fmt.yes_no(r.met),
        fmt.measured(r.margin, r.target.unit, against=0.0, counter=counter) if r.target.comparator != "==" else "–",
        fmt.percent(r.progress) if r.progress is not None else "–",
    )


def _threshold_section(report: Report) -> Section:
    rows: list[tuple[str, ...]] = []
    flagged: set[int] = set()
    for r in report.thresholds:
        if not r.met:
            flagged.add(len(rows))
        rows.append(_threshold_row(report, r))
    headers = [
        _("Target"),
        _("Metric"),
        _("Subject"),
        _("Target value"),
        _("Observed"),
        _("Met"),
        _("Margin"),
        _("Progress from the baseline"),
    ]
    return _section(
        "thresholds",
        _("Quantity targets"),
        _(
            "Observed values against rates, fees, prices and other quantity targets. The margin is how far the value "
            "is on the good side of what is judged (negative: short of it); a range is judged at its wall on the "
            "side that matters."
        ),
        _table(headers, rows, flagged),
    )


def _ranking_section(report: Report) -> Section:
    assert report.scores is not None
    subs = _subject_names(report.profile)
    rows = []
    flagged = set()
    shown = fmt.column([r.score for r in report.scores.overall])
    for i, r in enumerate(report.scores.overall):
        if r.bottom:
            flagged.add(i)
        missing = report.scores.missing.get(r.subject, ())
        rows.append(
            (
                fmt.number(r.rank, 0),
                subs.get(r.subject, r.subject),
                shown[i],
                _("yes: last place, for a talk (约谈)") if r.bottom else _("no"),
                "、".join(missing) or "–",
            )
        )
    bars = tuple(
        Bar(subs.get(r.subject, r.subject), r.score, text, r.bottom)
        for r, text in zip(report.scores.overall, shown, strict=True)
    )
    return _section(
        "ranking",
        _("Ranking"),
        _(
            "Distance-to-frontier scores (0–100) averaged over the indicators; the last places are flagged for a "
            "talk (末位约谈). A subject without a value for an indicator is scored on the others, and said so."
        ),
        _table([_("Rank"), _("Sub-unit"), _("Score"), _("Last place"), _("Indicators without a value")], rows, flagged),
        Chart(_("Composite score"), bars, 100.0) if bars else None,
    )


def _rejection_section(report: Report) -> Section:
    rows = [
        (str(r.origin) + (f" {r.cell}" if r.cell else ""), r.record_id or "", r.field or "", r.localized())
        for r in report.rejections
    ]
    intro = (
        _("No input row was rejected.")
        if not rows
        else _("Input rows that could not be judged: they are not in the figures above, and each says why.")
    )
    return _section(
        "rejections",
        _("Rejected input rows"),
        intro,
        _table([_("Where"), _("Record"), _("Column"), _("Reason")], rows) if rows else None,
    )
