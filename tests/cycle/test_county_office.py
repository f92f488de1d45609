"""Two months of Yiwu as a county office runs them: templates sent to every unit, returns filled in per unit (some
late, some conflicting, some missing, one on last month's template), July and August recorded, and the August
通报 circulated as generated."""

from __future__ import annotations

import datetime as dt
import shutil
import zlib
from pathlib import Path

import docx
import openpyxl
import pytest

import bizenv
from bizenv.cycle import (
    BulletinSettings,
    SnapshotStore,
    build_bulletin,
    bulletin_docx,
    compare_months,
    record_month,
    render_markdown,
    task_lists,
    write_templates,
)
from bizenv.cycle.templates import TITLE_ROWS
from bizenv.i18n import using_locale
from bizenv.model import RegionProfile

from .conftest import Run

D = dt.date
#: The item whose four area leads disagree in July (the issue's 48.7), and the one disputed in August.
DISPUTED_JULY = "48.7"
#: Units that send nothing: one each month.
SILENT_JULY, SILENT_AUGUST = "县市场监督管理局", "县自然资源局"
#: A unit whose July return comes in late, after the month was first recorded.
LATE = "县人力资源和社会保障局"


def _answer(item: str, roles: str, due: dt.date | None, month_end: dt.date) -> tuple[str, dt.date | None, str]:
    """What a unit writes on a line: leads report the item, responsible units say their part is done, helpers
    leave the status blank with a note. Which items are done is fixed by the id (the same every run)."""
    if "牵头" not in roles:  # responsible (or helping) only: the unit's own part
        if zlib.crc32(item.encode()) % 4 == 0:
            return "", None, "配合推进"  # a note without a status: no answer
        return "已完成", D(2024, 6, 15), "本单位部分已完成"
    if due is not None and due < month_end.replace(day=1) and zlib.crc32(item.encode()) % 3:
        return "已完成", max(due - dt.timedelta(days=3), D(2023, 1, 2)), ""
    return "推进中", None, "按计划推进"


def _fill(path: Path, month_end: dt.date, overrides: dict[str, tuple[str, dt.date | None]]) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[1]
    for row in sheet.iter_rows(min_row=TITLE_ROWS + 2):
        item = row[0].value
        if not item:
            continue
        due = row[4].value.date() if isinstance(row[4].value, dt.datetime) else None
        status, day, note = _answer(str(item), str(row[3].value), due, month_end)
        if item in overrides:
            status, day = overrides[item]
        row[7].value = status or None
        row[8].value = dt.datetime.combine(day, dt.time()) if day else None
        row[9].value = note or None
    sheet.cell(4, 2, "张三")
    sheet.cell(4, 6, "0902-6712345")
    sheet.cell(4, 9, "李四")
    sheet.cell(3, 6, dt.datetime.combine(month_end, dt.time()))
    book.save(path)


def _send(yiwu: RegionProfile, folder: Path, day: dt.date) -> dict[str, Path]:
    lists = task_lists(yiwu, day)
    return dict(
        zip(lists, write_templates(folder, yiwu, lists, day, return_by=day + dt.timedelta(days=24)), strict=True)
    )


def _leads(yiwu: RegionProfile, item: str) -> list[str]:
    return [o.unit.name for o in yiwu.leads(item) if not o.unit.group]


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The office's two months, recorded: what the tests below look at."""
    yiwu = bizenv.profile("yiwu")
    root = tmp_path_factory.mktemp("yiwu-office")
    store = SnapshotStore(root / "snapshots.sqlite3")
    groups = {u.name for u in yiwu.units if u.group}
    # July: every unit gets its template; all but one return it (a group's file stays with the group).
    sent_july = _send(yiwu, root / "2024-07" / "sent", D(2024, 7, 1))
    returned = root / "2024-07" / "returned"
    returned.mkdir(parents=True)
    july_leads = _leads(yiwu, DISPUTED_JULY)
    for n, (unit, path) in enumerate(sent_july.items()):
        if unit in groups or unit in (SILENT_JULY, LATE):
            continue
        overrides = {DISPUTED_JULY: ("已完成", D(2024, 6, 1))} if unit == july_leads[0] else {}
        # The units name their files as they like: the office never renames them.
        target = returned / f"{n:02d}-回执.xlsx"
        shutil.copy(path, target)
        _fill(target, D(2024, 7, 31), overrides)
    first = record_month(yiwu, [returned], as_of=D(2024, 7, 31), store=store, today=D(2024, 8, 2))
    # The late return comes in; the month is recorded again from all of them.
    late = returned / "人社局-迟报.xlsx"
    shutil.copy(sent_july[LATE], late)
    _fill(late, D(2024, 7, 31), {})
    july = record_month(yiwu, [returned], as_of=D(2024, 7, 31), store=store, today=D(2024, 8, 3))
    # August: the July dispute settled (all leads say done on 2024-08-10); one unit silent; one unit sends back
    # its July template; two leads of another item disagree.
    sent_august = _send(yiwu, root / "2024-08" / "sent", D(2024, 8, 1))
    august_returned = root / "2024-08" / "returned"
    august_returned.mkdir(parents=True)
    disputed_august = next(
        m.id for m in yiwu.measures if len(_leads(yiwu, m.id)) >= 2 and m.id != DISPUTED_JULY and not m.targets
    )
    august_leads = _leads(yiwu, disputed_august)
    stale = next(u for u in sent_july if u not in groups and u not in (SILENT_AUGUST, *july_leads, *august_leads))
    for unit, path in sent_august.items():
        if unit in groups or unit == SILENT_AUGUST:
            continue
        overrides: dict[str, tuple[str, dt.date | None]] = {DISPUTED_JULY: ("已完成", D(2024, 8, 10))}
        if unit == august_leads[0]:
            overrides[disputed_august] = ("已完成", D(2024, 8, 5))
        elif unit in august_leads:
            overrides[disputed_august] = ("推进中", None)
        target = august_returned / f"{unit}.xlsx"
        shutil.copy(sent_july[unit] if unit == stale else path, target)
        _fill(target, D(2024, 8, 31), overrides)
    # An extension approved in August for an item overdue in July.
    extended = next(i.id for i in july.month.report.items if i.status == "overdue" and i.kind == "measure")
    store.record_extension(yiwu, extended, D(2024, 12, 31), approved_by="县营商办", approved_on=D(2024, 8, 12),
                           reason="资金未到位", recorded_by="王芳")  # fmt: skip
    august = record_month(yiwu, [august_returned], as_of=D(2024, 8, 31), store=store, today=D(2024, 9, 2))
    return {
        "yiwu": yiwu,
        "store": store,
        "root": root,
        "first": first,
        "july": july,
        "august": august,
        "disputed_august": disputed_august,
        "extended": extended,
        "stale": stale,
        "groups": groups,
    }


def test_july_one_answer_per_item_from_the_leads(office: dict[str, object]) -> None:
    yiwu, july = office["yiwu"], office["july"]
    assert isinstance(yiwu, RegionProfile)
    month = july.month  # type: ignore[attr-defined]
    report = month.report
    # 48.7: one of its four area leads says done, the others in progress: to be verified, with who said what.
    assert report.item(DISPUTED_JULY).status == "disputed"
    (dispute,) = [d for d in month.merged.disputes if d.item_id == DISPUTED_JULY]
    said = {(a.unit, a.row.status) for a in dispute.answers}
    leads = _leads(yiwu, DISPUTED_JULY)
    assert said == {(leads[0], "已完成"), *((u, "推进中") for u in leads[1:])}
    # Where a lead says in progress, a responsible unit's 已完成 is its own part, not the item's status.
    parts = [a for a in month.merged.answers if a.role == "responsible" and a.row.status == "已完成" and not a.counted]
    assert parts
    for part in parts[:20]:
        assert not report.item(part.item_id).status.startswith("done") or any(
            a.counted and a.role in ("lead", "area_lead") for a in month.merged.answers if a.item_id == part.item_id
        )
    # Helpers' notes are kept per unit; no line is refused; identical lead lines are one answer.
    assert any(a.row.note == "配合推进" and not a.reported and not a.counted for a in month.merged.answers)
    # The only lines refused: headings said done while sub-measures are overdue, without a note saying why.
    assert report.rejections and all("sub-measures" in r.reason for r in report.rejections)
    assert all(yiwu.is_heading(r.record_id or "") for r in report.rejections)
    assert not month.consolidated


def test_july_who_has_not_reported_and_the_late_return(office: dict[str, object]) -> None:
    first, july = office["first"].month, office["july"].month  # type: ignore[attr-defined]
    assert set(first.unreported) == {SILENT_JULY, LATE}
    assert july.unreported == (SILENT_JULY,)
    assert office["july"].recorded.replaced is not None  # type: ignore[attr-defined]
    # Groups owe no return and are never listed as not reported.
    assert not set(july.unreported) & office["groups"]  # type: ignore[operator]
    stored = office["store"].load("yiwu", "2024-07")  # type: ignore[attr-defined]
    assert stored.unreported == (SILENT_JULY,) and stored.info.unreported == 1
    (signed,) = {(r.filled_by, r.phone, r.reviewer) for r in stored.returns}
    assert signed == ("张三", "0902-6712345", "李四")
    assert all("/" not in name for name in stored.info.sources)  # files by name


def test_august_merged_month_and_ranking(office: dict[str, object]) -> None:
    store = office["store"]
    assert isinstance(store, SnapshotStore)
    august = store.load("yiwu", "2024-08")
    assert august.item(DISPUTED_JULY).status.startswith("done")
    assert august.item(DISPUTED_JULY).completed_on == D(2024, 8, 10)
    assert august.item(str(office["disputed_august"])).status == "disputed"
    assert august.unreported == (SILENT_AUGUST,)
    # Last month's template sent back is flagged, not refused.
    assert any(office["stale"] in str(f) or "2024-07" in str(f) for f in august.flags)
    changes = compare_months(august, store.previous("yiwu", "2024-08"), store.history("yiwu"), bottom=3)
    ranked = [r.unit for r in changes.ranking]
    assert not set(ranked) & office["groups"]  # type: ignore[operator]
    silent = ranked.index(SILENT_AUGUST)
    assert all(r.reported for r in changes.ranking[:silent])
    assert changes.ranking[silent].reported is False
    assert DISPUTED_JULY in {c.id for c in changes.resolved} or august.item(DISPUTED_JULY).status.startswith("done")
    assert changes.headline.disputed == 1 and changes.headline.unreported == 1 and changes.headline.completed >= 1
    # The extended item is judged by its new date, its original date kept; July keeps what July said.
    extended = august.item(str(office["extended"]))
    assert extended.due == D(2024, 12, 31) and extended.due_from == "extension" and extended.status != "overdue"
    assert extended.original_due is not None and extended.original_due < D(2024, 8, 1)
    assert store.load("yiwu", "2024-07").item(str(office["extended"])).status == "overdue"


def test_the_august_bulletin_is_an_official_notice_circulated_as_generated(
    office: dict[str, object], tmp_path: Path
) -> None:
    store, yiwu = office["store"], office["yiwu"]
    assert isinstance(store, SnapshotStore) and isinstance(yiwu, RegionProfile)
    august = store.load("yiwu", "2024-08")
    changes = compare_months(august, store.previous("yiwu", "2024-08"), store.history("yiwu"), bottom=3)
    settings = BulletinSettings(
        issuer="伊吾县优化营商环境工作领导小组办公室",
        number="伊营商办〔2024〕9号",
        to=("各乡镇人民政府", "县直各部门单位"),
        cc=("县委办公室", "县人民政府办公室"),
        issued_on=D(2024, 9, 5),
        masthead=True,
    )
    with using_locale("zh_Hans"):
        bulletin = build_bulletin(yiwu, august, changes, settings=settings)
        text = render_markdown(bulletin)
    (tmp_path / "通报.docx").write_bytes(bulletin_docx(bulletin))
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "通报.docx")).paragraphs]
    assert paragraphs[:2] == ["伊吾县优化营商环境工作领导小组办公室", "伊营商办〔2024〕9号"]
    assert "各乡镇人民政府、县直各部门单位：" in paragraphs
    assert "2024年9月5日" in paragraphs and "抄送：县委办公室、县人民政府办公室" in paragraphs
    keys = [s.key for s in bulletin.sections]
    assert keys == [
        "overview",
        "overdue",
        "completed",
        "resolved",
        "disputed",
        "extended",
        "unreported",
        "ranking",
        "cases",
    ]
    sections = {s.key: s for s in bulletin.sections}
    completed = sections["completed"].table
    assert completed is not None and DISPUTED_JULY in {row[0] for row in completed.rows}
    disputed = sections["disputed"].table
    assert disputed is not None and disputed.rows[0][0] == office["disputed_august"]
    assert SILENT_AUGUST in sections["unreported"].paragraphs[0]
    extended = sections["extended"].table
    assert extended is not None and [row[0] for row in extended.rows] == [office["extended"]]
    assert extended.rows[0][3:6] == ("2024-12-31", "县营商办", "2024-08-12")
    assert all(not any(g in row[1] for g in office["groups"]) for row in sections["ranking"].table.rows)  # type: ignore[union-attr, operator]
    # Nothing of the office's folders is printed; the annex names files by name.
    assert str(office["root"]) not in text and "/tmp" not in text
    assert bulletin.annexes[0].title == "附件：未采用的台账行"


def test_the_month_rechecks_from_the_folder_with_the_same_answer(office: dict[str, object], yiwu: Run) -> None:
    root = office["root"]
    assert isinstance(root, Path)
    done = yiwu("deadlines", "yiwu", "--ledger", str(root / "2024-08" / "returned"), "--as-of", "2024-08-31",
                "--format", "json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    import json

    items = {i["id"]: i["status"] for i in json.loads(done.stdout)["items"]}
    stored = office["store"].load("yiwu", "2024-08")  # type: ignore[attr-defined]
    assert items == {i.id: i.status for i in stored.items}
    assert "to be verified" in done.stderr or "待核实" in done.stderr
