"""The monthly cycle (月调度): task lists and ledger templates sent to units, their returns recorded as monthly
snapshots in an embedded database, month-over-month changes and the ranking of units, the 通报 (bulletin) as a
Word document, HTML or Markdown, and calendar feeds of deadlines. See docs/monthly-cycle.md.

::

    import datetime as dt
    from pathlib import Path
    import bizenv
    from bizenv.cycle import SnapshotStore, compare_months, record_month

    store = SnapshotStore("snapshots.sqlite3")
    record_month(bizenv.profile("yiwu"), [Path("2024-07/returned")], as_of=dt.date(2024, 7, 31), store=store)
    july = store.load("yiwu", "2024-07")
    changes = compare_months(july, store.previous("yiwu", "2024-07"), store.history("yiwu", "2024-07"))
    changes.to_frame("ranking")
"""

from bizenv.cycle.bulletin import (
    Bulletin,
    BulletinError,
    BulletinSection,
    BulletinSettings,
    BulletinTable,
    build_bulletin,
    render_html,
    render_markdown,
)
from bizenv.cycle.changes import GroupChange, Headline, ItemChange, MonthChanges, UnitRank, compare_months, rank_units
from bizenv.cycle.ics import calendar_feed, event_uid
from bizenv.cycle.month import (
    Dispute,
    Merged,
    Month,
    MonthError,
    RecordedMonth,
    UnitAnswer,
    compose_month,
    merge_returns,
    record_month,
)
from bizenv.cycle.returns import ReturnInfo, ReturnLine, Returns, read_returns
from bizenv.cycle.store import (
    CaseRow,
    OwedReturn,
    Recorded,
    Snapshot,
    SnapshotInfo,
    SnapshotItem,
    SnapshotStore,
    StoredAnswer,
    StoredReturn,
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
    "BulletinError",
    "BulletinSection",
    "BulletinSettings",
    "BulletinTable",
    "CaseRow",
    "Dispute",
    "GroupChange",
    "Headline",
    "ItemChange",
    "Merged",
    "Month",
    "MonthChanges",
    "MonthError",
    "OwedReturn",
    "Recorded",
    "RecordedMonth",
    "ReturnInfo",
    "ReturnLine",
    "Returns",
    "Snapshot",
    "SnapshotInfo",
    "SnapshotItem",
    "SnapshotStore",
    "StoreError",
    "StoredAnswer",
    "StoredReturn",
    "TemplateError",
    "UnitAnswer",
    "UnitRank",
    "UnitTask",
    "build_bulletin",
    "bulletin_docx",
    "calendar_feed",
    "case_rows",
    "compare_months",
    "compose_month",
    "default_db_path",
    "event_uid",
    "merge_returns",
    "month_of",
    "rank_units",
    "read_returns",
    "record_month",
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
