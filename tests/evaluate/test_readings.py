"""How due dates and conflicts are read: a measure due at its last goal, staged goals as a series, conflicts
found through links, each explained."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import bizenv
from bizenv.evaluate import compare_category
from bizenv.model import Deadline, Measure, Relation, SourceDocument, Target

D = dt.date
_TEST_REGION = Path(__file__).resolve().parents[1] / "data" / "test_region.toml"


def _with(profile: bizenv.RegionProfile, *measures: Measure, period_end: dt.date | None = None) -> bizenv.RegionProfile:
    """The profile with ``measures`` in place of those of the same id (added where new)."""
    replaced = {m.id: m for m in measures}
    kept = [replaced.pop(m.id, m) for m in profile.measures]
    documents: tuple[SourceDocument, ...] = profile.documents
    if period_end is not None:
        period = bizenv.model.Period(raw="2023—2025年", start=D(2023, 1, 1), end=period_end)
        documents = tuple(attrs.evolve(d, period=period) for d in documents)
    return attrs.evolve(profile, measures=(*kept, *replaced.values()), documents=documents)


def _goal(value: float, raw: str, due: str | None, **more: object) -> Target:
    deadline = None if due is None else Deadline(due, bizenv.model.parse_deadline_date(due))
    return Target(
        metric="online_service_rate",
        comparator=">=",
        value=value,
        unit="percent",
        aggregation="rate",
        raw=raw,
        due=deadline,
        **more,  # type: ignore[arg-type]
    )


def test_a_measure_is_due_at_its_last_dated_goal(region: bizenv.RegionProfile) -> None:
    m = attrs.evolve(
        region.measure("5"),
        targets=(_goal(90, "到2023年底达到90%", "到2023年底"), _goal(95, "到2025年底达到95%", "到2025年底")),
    )
    profile = _with(region, m)
    due = profile.due_of_measure("5")
    assert due is not None and (due.date, due.source) == (D(2025, 12, 31), "targets")
    assert due.deadline is not None and due.deadline.raw == "到2025年底"
    # The earlier goal stays an item of its own, due at its own date.
    first = profile.due_of_target("5#1")
    assert first is not None and (first.date, first.source) == (D(2023, 12, 31), "own")
    report = bizenv.evaluate.track_deadlines(profile, [], D(2024, 7, 1))
    assert report.item("5").status == "not_yet_due"
    assert report.item("5#1").status == "overdue"


def test_an_undated_goal_makes_the_measure_due_at_the_programmes_end(region: bizenv.RegionProfile) -> None:
    m = attrs.evolve(
        region.measure("5"), targets=(_goal(90, "到2023年底达到90%", "到2023年底"), _goal(95, "达到95%", None))
    )
    due = _with(region, m, period_end=D(2025, 12, 31)).due_of_measure("5")
    assert due is not None and (due.date, due.source) == (D(2025, 12, 31), "programme")
    # Without a programme end the last dated goal is all there is.
    without = attrs.evolve(region, documents=tuple(attrs.evolve(d, period=None) for d in region.documents))
    alone = _with(without, m).due_of_measure("5")
    assert alone is not None and (alone.date, alone.source) == (D(2023, 12, 31), "targets")


@given(st.lists(st.dates(D(2020, 1, 1), D(2030, 12, 31)), min_size=1, max_size=6))
def test_the_measure_is_never_due_before_any_of_its_goals(days: list[dt.date]) -> None:
    profile = bizenv.load_profile(_TEST_REGION)
    goals = tuple(
        attrs.evolve(_goal(90, "到2024年底达到90%", "到2024年底"), due=Deadline(d.isoformat(), d)) for d in days
    )
    due = _with(profile, attrs.evolve(profile.measure("5"), targets=goals)).due_of_measure("5")
    assert due is not None and due.date == max(days)


def _staged(region: bizenv.RegionProfile) -> bizenv.RegionProfile:
    return _with(
        region,
        attrs.evolve(
            region.measure("5"),
            targets=(
                _goal(88, "到2023年底达到88%", "到2023年底"),
                _goal(91, "到2024年底达到91%", "到2024年底"),
                _goal(94, "到2025年底达到94%", "到2025年底"),
            ),
        ),
    )


def test_staged_goals_are_a_series_not_a_conflict(region: bizenv.RegionProfile) -> None:
    rows = {r.target_id: r for r in compare_category([_staged(region)], "getting_water_and_gas")}
    for tid in ("5#2", "5#3"):
        assert rows[tid].disagrees_with == ()
        # 2#4 (95 % by 2023) is of the same metric: the series lines up every stage by its date.
        assert rows[tid].series == ("2#4", "5#1", "5#2", "5#3")
    # 88 % and 95 % asked for by the same day do disagree.
    assert rows["5#1"].disagrees_with == ("2#4",)


def test_goals_due_on_the_same_day_that_ask_for_more_disagree(region: bizenv.RegionProfile) -> None:
    rows = {r.target_id: r for r in compare_category([region], "starting_a_business")}
    # Measure 1 asks for 1 working day each and a mean of 5 to open a business, both by its 完成时限.
    assert rows["1#1"].disagrees_with == ("1#2",)
    (why,) = rows["1#1"].disagreements
    assert (why.differs, why.found_by) == (("value", "aggregation"), "scope")  # 1 each, a mean of 5
    assert rows["1#1"].series == ()


def _linked(region: bizenv.RegionProfile, second_scope: str, aggregation: str = "mean") -> bizenv.RegionProfile:
    one = attrs.evolve(
        region.measure("1"),
        targets=(
            Target(
                metric="export_tax_refund_time",
                comparator="<=",
                value=5,
                unit="working_day",
                scope="企业申报材料完整准确",
                raw="5个工作日办结退税",
            ),
        ),
    )
    other = attrs.evolve(
        region.measure("7"),
        deadline=region.measure("1").deadline,
        related=(Relation("1", "refines", "export tax refunds"),),
        targets=(
            Target(
                metric="export_tax_refund_time",
                comparator="<=",
                value=6,
                unit="working_day",
                aggregation=aggregation,  # type: ignore[arg-type]
                scope=second_scope,
                raw="平均办理时间不超过6个工作日",
            ),
        ),
    )
    return _with(region, one, other)


def test_linked_measures_disagree_whatever_their_scopes_wording(region: bizenv.RegionProfile) -> None:
    profile = _linked(region, "正常出口退税业务")
    rows = {r.target_id: r for r in compare_category([profile], "starting_a_business")}
    (why,) = rows["1#1"].disagreements
    assert (why.target_id, why.differs, why.found_by) == ("7#1", ("value", "aggregation"), "link")
    (back,) = [r for r in compare_category([profile], "getting_water_and_gas") if r.target_id == "7#1"]
    assert back.disagrees_with == ("1#1",)


def test_unlinked_measures_with_other_scopes_do_not_disagree(region: bizenv.RegionProfile) -> None:
    profile = _linked(region, "正常出口退税业务")
    unlinked = _with(profile, attrs.evolve(profile.measure("7"), related=()))
    rows = {r.target_id: r for r in compare_category([unlinked], "starting_a_business")}
    assert rows["1#1"].disagrees_with == ()


def test_the_same_time_in_another_unit_is_no_disagreement(region: bizenv.RegionProfile) -> None:
    m = attrs.evolve(
        region.measure("1"),
        targets=(
            Target(metric="business_opening_time", comparator="<=", value=1, unit="working_day", raw="1个工作日"),
            Target(metric="business_opening_time", comparator="<=", value=8, unit="office_hour", raw="8小时"),
            Target(metric="business_opening_time", comparator="<=", value=4, unit="office_hour", raw="4小时"),
        ),
    )
    rows = {r.target_id: r for r in compare_category([_with(region, m)], "starting_a_business")}
    assert rows["1#1"].disagrees_with == ("1#3",)
    assert rows["1#1"].disagreements[0].differs == ("value", "unit")


def test_a_dated_goal_without_a_number_is_a_milestone_the_tracker_follows(region: bizenv.RegionProfile) -> None:
    milestone = bizenv.model.Milestone("到2025年底实现全覆盖", Deadline("到2025年底", D(2025, 12, 31)))
    m = attrs.evolve(region.measure("5"), milestones=(milestone,))
    profile = _with(region, m)
    due = profile.due_of_measure("5")
    # Its one target is due 到2024年底; the milestone is the measure's last goal.
    assert due is not None and (due.date, due.source) == (D(2025, 12, 31), "targets")
    assert [(i, g.raw) for i, _, g in profile.milestones()] == [("5@1", "到2025年底实现全覆盖")]
    ledger = [bizenv.evaluate.LedgerRow("5@1", "已完成", D(2025, 3, 1))]
    report = bizenv.evaluate.track_deadlines(profile, ledger, D(2025, 6, 1))
    item = report.item("5@1")
    assert (item.kind, item.status, item.title, item.due and item.due.source) == (
        "milestone",
        "done_on_time",
        "到2025年底实现全覆盖",
        "own",
    )
    assert report.rejections == ()
    with pytest.raises(bizenv.errors.NotFoundError):
        profile.milestone("5@2")
