"""The month as its readers ask for it: the history document, the 通报 of a recorded month, and a unit's part of a
deadlines document. One composition each, used by the ``bizenv`` command and by ``bizenv serve`` alike, so that
neither judges anything the other does not."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from bizenv.cycle.bulletin import Bulletin, BulletinSettings, build_bulletin
from bizenv.cycle.changes import RankBy, compare_months
from bizenv.cycle.store import SnapshotInfo, SnapshotStore
from bizenv.cycle.tasks import items_of_unit
from bizenv.evaluate import DeadlineReport
from bizenv.io.documents import DeadlinesDocument, HistoryDocument, HistoryRow, deadlines_document
from bizenv.model import RegionProfile


def history_document(region: str, snapshots: Sequence[SnapshotInfo]) -> HistoryDocument:
    """The ``bizenv-history/1`` document of the months recorded (``SnapshotStore.snapshots(region)``)."""
    return HistoryDocument(
        region,
        tuple(
            HistoryRow(s.month, s.as_of, s.recorded_at, s.items, s.overdue, s.done, s.rejected, s.disputed,
                       s.unreported, s.cases_recorded, s.replaced, s.sources)
            for s in snapshots
        ),
    )  # fmt: skip


def month_bulletin(
    store: SnapshotStore,
    profile: RegionProfile,
    month: str,
    *,
    bottom: int = 1,
    rank_by: RankBy = "count",
    settings: BulletinSettings | None = None,
    version: str = "",
) -> Bulletin:
    """The 通报 of a recorded month: the month compared with the one before and the months before it, ranked, and
    laid out by :func:`build_bulletin`."""
    current = store.load(profile.id, month)
    history = store.history(profile.id, month)
    previous = store.previous(profile.id, month)
    changes = compare_months(current, previous, history, bottom=bottom, rank_by=rank_by)
    return build_bulletin(profile, current, changes, settings=settings or BulletinSettings(), version=version)


def deadlines_view(
    report: DeadlineReport,
    profile: RegionProfile,
    *,
    unit: str | None = None,
    statuses: Sequence[str] | None = None,
) -> DeadlinesDocument:
    """The ``bizenv-deadlines/2`` document of ``report``; with ``unit`` (any of its names) only the items it holds
    a role of its own in and its own counts, with ``statuses`` only the items of those statuses."""
    document = deadlines_document(report)
    if unit:
        own = {i.id for i in items_of_unit(report, profile, unit)}
        name = profile.resolve_unit(unit)
        document = attrs.evolve(
            document,
            items=tuple(i for i in document.items if i.id in own),
            by_unit=tuple(g for g in document.by_unit if g.name == name),
        )
    if statuses:
        document = attrs.evolve(document, items=tuple(i for i in document.items if i.status in statuses))
    return document


__all__ = ["deadlines_view", "history_document", "month_bulletin"]
