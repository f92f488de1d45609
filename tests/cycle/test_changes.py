"""Month over month: newly overdue, resolved, still overdue (for how many months), per unit and area, and the
ranking of units with its movement and the units flagged for a talk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

import bizenv
from bizenv.cycle import Snapshot, SnapshotStore, compare_months, rank_units
from bizenv.evaluate import LedgerRow, track_deadlines

D = dt.date


def _months(region: bizenv.RegionProfile, db: Path, *months: tuple[dt.date, list[LedgerRow]]) -> list[Snapshot]:
    store = SnapshotStore(db)
    for as_of, ledger in months:
        store.record(region, track_deadlines(region, ledger, as_of), ledger)
    return list(store.history(region.id))


def test_items_newly_overdue_resolved_and_still_overdue(region: bizenv.RegionProfile, db: Path) -> None:
    # April: 1 not due yet; 2 and 4.1 overdue. May: 4.1 done. June: 2 still open, 1 falls due (due 2024-06-30).
    april, may, june, july = _months(
        region,
        db,
        (D(2024, 4, 30), []),
        (D(2024, 5, 31), [LedgerRow("4.1", "已完成", D(2024, 5, 10))]),
        (D(2024, 6, 30), [LedgerRow("4.1", "已完成", D(2024, 5, 10))]),
        (D(2024, 7, 31), [LedgerRow("4.1", "已完成", D(2024, 5, 10))]),
    )
    changes = compare_months(may, april, [april, may])
    assert [c.id for c in changes.resolved] == ["4.1"]
    resolved = changes.resolved[0]
    assert (resolved.status_before, resolved.status, resolved.days, resolved.months_overdue) == (
        "overdue",
        "done_late",
        40,
        1,
    )  # fmt: skip  (due 2024-03-31, done 2024-05-10)
    assert changes.newly_overdue == ()
    still = {c.id: c.months_overdue for c in changes.still_overdue}
    assert still["2"] == 2 and still["2#4"] == 2
    later = compare_months(july, june, [april, may, june, july])
    assert [c.id for c in later.newly_overdue] == ["1", "6"]  # both due 2024-06-30
    assert later.newly_overdue[0].days == 31 and later.newly_overdue[0].months_overdue == 1
    assert {c.id: c.months_overdue for c in later.still_overdue}["2"] == 4
    h = later.headline
    assert (h.overdue, h.overdue_before, h.newly_overdue, h.resolved) == (
        len(later.overdue), sum(i.status == "overdue" for i in june.items), 2, 0,
    )  # fmt: skip


def test_per_unit_and_per_area_counts(region: bizenv.RegionProfile, db: Path) -> None:
    april, may = _months(
        region, db, (D(2024, 4, 30), []), (D(2024, 5, 31), [LedgerRow("4.1", "已完成", D(2024, 5, 10))])
    )
    changes = compare_months(may, april)
    power = next(g for g in changes.by_unit if g.name == "州供电公司")
    # 2 and 2#4 (lead) still overdue; 4.1 (responsible) resolved; its heading 4 still open (4.2 not due).
    assert (power.overdue, power.overdue_before, power.resolved, power.still_overdue) == (2, 3, 1, 2)
    assert power.items == 4 and power.fallen_due == 3 and power.share == 2 / 3
    water = next(g for g in changes.by_area if g.name.startswith("（一）"))
    assert water.resolved == 1 and water.name == "（一） 获得用水"


def test_units_are_ranked_with_ties_and_the_last_flagged(region: bizenv.RegionProfile, db: Path) -> None:
    (april,) = _months(region, db, (D(2024, 4, 30), [LedgerRow("6", "已完成", D(2024, 4, 1))]))
    ranking = {r.unit: r for r in rank_units(april, bottom=1)}
    # 州市场监督管理局 has nothing overdue; 州供电公司 (2, 2#4, 4.1) and 州政务服务中心 (2, 2#4, 4.1 as area lead) each
    # have 3 overdue of 3 fallen due: tied for last, both flagged.
    assert (ranking["州市场监督管理局"].rank, ranking["州市场监督管理局"].bottom) == (1, False)
    assert ranking["州供电公司"].rank == ranking["州政务服务中心"].rank == 2
    assert ranking["州供电公司"].bottom and ranking["州政务服务中心"].bottom
    assert (ranking["州供电公司"].overdue, ranking["州供电公司"].fallen_due) == (3, 3)
    by_share = {r.unit: r.rank for r in rank_units(april, rank_by="share")}
    assert set(by_share) == set(ranking)
    # Ties share a rank: ranking everyone with bottom larger than the field flags every unit with something overdue.
    everyone = rank_units(april, bottom=10)
    assert {r.unit for r in everyone if r.bottom} == {r.unit for r in everyone if r.overdue}


def test_movement_is_last_months_rank_minus_this_months(region: bizenv.RegionProfile, db: Path) -> None:
    april, may = _months(
        region,
        db,
        (D(2024, 4, 30), []),
        (
            D(2024, 5, 31),
            [
                LedgerRow("2", "已完成", D(2024, 5, 10)),
                LedgerRow("2#4", "已完成", D(2024, 5, 10)),
                LedgerRow("4.1", "已完成", D(2024, 5, 10)),
            ],
        ),
    )
    changes = compare_months(may, april)
    power = next(r for r in changes.ranking if r.unit == "州供电公司")
    assert power.previous_rank is not None and power.movement == power.previous_rank - power.rank > 0
    first = compare_months(april)
    assert all(r.movement is None and r.previous_rank is None for r in first.ranking)
    assert first.previous_month is None and first.resolved == () and first.headline.overdue_before is None


def test_changes_are_frames(region: bizenv.RegionProfile, db: Path) -> None:
    april, may = _months(
        region, db, (D(2024, 4, 30), []), (D(2024, 5, 31), [LedgerRow("4.1", "已完成", D(2024, 5, 10))])
    )
    changes = compare_months(may, april)
    items = changes.to_frame()
    assert isinstance(items["change"].dtype, pd.CategoricalDtype)
    assert set(items.loc[items["change"] == "resolved", "id"]) == {"4.1"}
    ranking = changes.to_frame("ranking")
    assert list(ranking["unit"]) == [r.unit for r in changes.ranking] and ranking["movement"].dtype == "Int64"
    assert len(changes.to_frame("areas")) == len(changes.by_area) and "州供电公司" in changes._repr_html_()


def test_the_ranking_and_the_trend_draw_charts(region: bizenv.RegionProfile, db: Path) -> None:
    april, may = _months(
        region,
        db,
        (D(2024, 4, 30), []),
        (
            D(2024, 5, 31),
            [
                LedgerRow("2", "已完成", D(2024, 5, 20)),
                LedgerRow("2#4", "已完成", D(2024, 5, 20)),
                LedgerRow("4.1", "已完成", D(2024, 5, 20)),
            ],
        ),
    )
    changes = compare_months(may, april)
    chart = changes.chart()
    assert chart.count("<rect ") == len(changes.ranking)
    assert chart.count('fill="#c0392b"') == len(changes.bottom) and "▲" in chart  # 州供电公司 moved up
    assert len(repr(changes)) < 2048 and "bottom:" in repr(changes)
    figure = changes.chart("matplotlib")
    assert figure.axes[0].get_yticklabels()[0].get_text().startswith(changes.ranking[0].unit)
    trend = SnapshotStore(db).chart(region.id)
    assert trend.count("<rect ") == 2 and f"{april.info.overdue}/{april.info.items}" in trend
    assert len(repr(may)) < 2048 and repr(may).startswith(f"<Snapshot {region.id} {may.month}")
