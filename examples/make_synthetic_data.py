"""Write synthetic, clearly labelled example inputs for every installed region into examples/data/<region>/.

    python examples/make_synthetic_data.py            # rewrite the files
    python examples/make_synthetic_data.py --check    # exit 1 if a file differs from a fresh run

The data is made up from each region's own targets and deadlines (bizenv.synthetic, fixed seed): case
records around festival breaks, make-up Saturdays, the May and October office-hour switches and year ends;
a progress ledger, also as an office keeps it (progress.xlsx: a 说明 cover sheet, Chinese column names,
completion dates as date cells); observations of quantity targets; indicator values per sub-unit for scoring; and
for Yiwu two months of returned ledgers (returns/2024-06.csv, returns/2024-07.csv) for the monthly cycle: items
done in time, overdue items resolved in July, items falling due in July and left undone, lines not reported, and
one line with a status word no reader knows.
Every row says so in its `label` column, and examples/data/README.md says it again.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import sys
from collections.abc import Sequence
from pathlib import Path

import bizenv
from bizenv.evaluate import track_deadlines
from bizenv.synthetic import LABEL, SyntheticInputs, synthetic_inputs

SEED = 2025
OUT = Path(__file__).resolve().parent / "data"
#: The regions with returned ledgers for the monthly cycle, and the months' as-of dates.
RETURNS_REGIONS = ("yiwu",)
FIRST, SECOND = dt.date(2024, 6, 30), dt.date(2024, 7, 31)


def _csv(header: list[str], rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buffer.getvalue()


def _files(data: SyntheticInputs) -> dict[str, str]:
    def iso(moment: object) -> object:
        return moment.isoformat() if hasattr(moment, "isoformat") else moment

    cases = [
        [
            c.case_id,
            c.target_id,
            c.sub_unit,
            iso(c.submitted_at),
            iso(c.completed_at),
            "; ".join(f"{i.start.isoformat()}/{i.end.isoformat()}/{i.reason}" for i in c.excluded),
            LABEL,
        ]
        for c in data.cases
    ]
    ledger = [[r.measure_id, r.status, iso(r.completed_on), r.note, LABEL] for r in data.ledger]
    observed = [[o.target_id, o.value, o.subject, iso(o.observed_on), LABEL] for o in data.observations]
    values = [
        [v.subject, v.indicator, v.value, "lower" if data.directions[v.indicator] else "higher", LABEL]
        for v in data.indicator_values
    ]
    return {
        "cases.csv": _csv(
            ["case_id", "target_id", "sub_unit", "submitted_at", "completed_at", "excluded", "label"], cases
        ),
        "ledger.csv": _csv(["measure_id", "status", "completed_on", "note", "label"], ledger),
        "observations.csv": _csv(["target_id", "value", "subject", "observed_on", "label"], observed),
        "values.csv": _csv(["subject", "indicator", "value", "direction", "label"], values),
    }


def _returns(profile: bizenv.RegionProfile) -> dict[str, str]:
    """Two months of returns that tell a story: what fell due by June is mostly done, partly resolved in July, partly
    still open; what falls due in July is half done; some lines are left blank; one status word is unknown."""
    rng = random.Random(f"{profile.id}:{SEED}:returns")
    header = ["措施编号", "状态", "完成日期", "备注", "label"]
    june: list[list[object]] = []
    july: list[list[object]] = []
    for item in track_deadlines(profile, (), FIRST, ledger_given=False).items:
        if item.due is None or profile.is_heading(item.id):
            continue  # a heading follows its sub-measures
        due, draw = item.due.date, rng.random()
        if due <= FIRST:
            if draw < 0.55:
                done = due - dt.timedelta(days=rng.randrange(0, 60))
                june.append([item.id, "已完成", done.isoformat(), "", LABEL])
                july.append([item.id, "已完成", done.isoformat(), "", LABEL])
            elif draw < 0.75:
                done = FIRST + dt.timedelta(days=rng.randrange(1, 31))
                june.append([item.id, "推进中", "", "正在推进", LABEL])
                july.append([item.id, "已完成", done.isoformat(), "7月完成", LABEL])
            else:
                june.append([item.id, "推进中", "", "", LABEL])
                july.append([item.id, "推进中", "", "", LABEL])
        elif due <= SECOND:
            june.append([item.id, "推进中", "", "", LABEL])
            if draw < 0.5:
                july.append([item.id, "已完成", min(due, SECOND).isoformat(), "", LABEL])
            else:
                july.append([item.id, "推进中", "", "", LABEL])
        elif draw < 0.15:
            june.append([item.id, "", "", "", LABEL])  # left as sent: not reported
            july.append([item.id, "推进中", "", "", LABEL])
        else:
            june.append([item.id, "推进中", "", "", LABEL])
            july.append([item.id, "推进中", "", "", LABEL])
    if july:
        july[len(july) // 2][1:4] = ["基本完成", "", "状态词不在下拉列表中"]  # a word the tracker does not read
    return {f"returns/{FIRST:%Y-%m}.csv": _csv(header, june), f"returns/{SECOND:%Y-%m}.csv": _csv(header, july)}


def _workbook_cells(data: SyntheticInputs) -> dict[str, list[list[object]]]:
    cover = [
        [LABEL],
        ["进展台账：每行一项措施。状态填 已完成 或 推进中；已完成的填完成日期；未填的行视为未报送。"],
    ]
    ledger: list[list[object]] = [["措施编号", "状态", "完成日期", "备注", "标注"]]
    ledger += [[r.measure_id, r.status, r.completed_on, r.note, LABEL] for r in data.ledger]
    return {"说明": cover, "台账": ledger}


def _write_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    first = True
    for title, rows in sheets.items():
        ws = book.active if first else book.create_sheet(title)
        assert ws is not None
        ws.title = title
        first = False
        for row in rows:
            ws.append(row)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if cell.column == 1:
                    cell.number_format = "@"  # ids as text: 22.10 stays 22.10
                if cell.column == 3 and cell.value is not None:
                    cell.number_format = "yyyy-mm-dd"
    book.save(path)


def _read_workbook(path: Path) -> dict[str, list[list[object]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    out = {}
    for ws in book.worksheets:
        rows = [[_day(c) for c in row] for row in ws.iter_rows(values_only=True)]
        out[ws.title] = [r for r in rows if any(c is not None for c in r)]
    return out


def _day(value: object) -> object:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    stale = []
    for region in bizenv.region_ids():
        data = synthetic_inputs(bizenv.profile(region), seed=SEED)
        folder = OUT / region
        files = _files(data)
        if region in RETURNS_REGIONS:
            files |= _returns(bizenv.profile(region))
        for name, text in files.items():
            path = folder / name
            if args.check:
                if not path.is_file() or path.read_text("utf-8") != text:
                    stale.append(str(path))
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, "utf-8")
        workbook, sheets = folder / "progress.xlsx", _workbook_cells(data)
        # A workbook carries the time it was written: compare what it holds, and rewrite it only when that
        # changes (so a run that changes nothing leaves nothing to commit).
        current = workbook.is_file() and _read_workbook(workbook) == {
            k: [[_day(c) for c in r] for r in v] for k, v in sheets.items()
        }
        if args.check and not current:
            stale.append(str(workbook))
        elif not args.check and not current:
            _write_workbook(workbook, sheets)
        if not args.check:
            print(f"{region}: {len(data.cases)} cases, {len(data.ledger)} ledger rows, as of {data.as_of.isoformat()}")
    if stale:
        print("stale (run examples/make_synthetic_data.py):", *stale, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
