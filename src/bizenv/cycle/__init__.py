"""The monthly cycle (月调度): task lists and ledger templates sent to units, their returns recorded as monthly
snapshots in an embedded database, month-over-month changes and the ranking of units, the 通报 (bulletin) as a
Word document, HTML or Markdown, and calendar feeds of deadlines. See docs/monthly-cycle.md.

::

    import datetime as dt
    import bizenv
    from bizenv.cycle import SnapshotStore, compare_months

    store = SnapshotStore("snapshots.sqlite3")
    july = store.load("yiwu", "2024-07")
    changes = compare_months(july, store.previous("yiwu", "2024-07"), store.history("yiwu", "2024-07"))
    changes.to_frame("ranking")
"""

from bizenv.cycle.bulletin import Bulletin, BulletinSection, BulletinTable, build_bulletin, render_html, render_markdown
from bizenv.cycle.changes import GroupChange, Headline, ItemChange, MonthChanges, UnitRank, compare_months, rank_units
from bizenv.cycle.ics import calendar_feed, event_uid
from bizenv.cycle.returns import Returns, combine, read_returns
from bizenv.cycle.store import (
    CaseRow,
    Recorded,
    Snapshot,
    SnapshotInfo,
    SnapshotItem,
    SnapshotStore,
    StoreError,
    case_rows,
    default_db_path,
    month_of,
)
from bizenv.cycle.tasks import UnitTask, task_lists, task_units, unit_tasks
from bizenv.cycle.templates import TemplateError, safe_filename, write_template, write_templates
from bizenv.cycle.word import bulletin_docx, write_bulletin_docx

__all__ = [
    "Bulletin",
    "BulletinSection",
    "BulletinTable",
    "CaseRow",
    "GroupChange",
    "Headline",
    "ItemChange",
    "MonthChanges",
    "Recorded",
    "Returns",
    "Snapshot",
    "SnapshotInfo",
    "SnapshotItem",
    "SnapshotStore",
    "StoreError",
    "TemplateError",
    "UnitRank",
    "UnitTask",
    "build_bulletin",
    "bulletin_docx",
    "calendar_feed",
    "case_rows",
    "combine",
    "compare_months",
    "default_db_path",
    "event_uid",
    "month_of",
    "rank_units",
    "read_returns",
    "render_html",
    "render_markdown",
    "safe_filename",
    "task_lists",
    "task_units",
    "unit_tasks",
    "write_bulletin_docx",
    "write_template",
    "write_templates",
]
