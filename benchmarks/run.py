"""Every benchmark of bizenv's scale work, measured side by side in one run. Run: python benchmarks/run.py

Prints each goal with both sides' numbers and their ratio (met or not), writes benchmarks/results.json and
plots how time and peak memory grow from 1e3 to 1e7 rows (benchmarks/scaling.png). Sections:

1. the columnar core (evaluate_table on an Arrow table, one core) against the per-case path, working days and
   office hours;
2. the command on a 1e6-row CSV against the per-case path (the file read row by row, each case judged alone),
   time and peak memory, each in its own process;
3. growth from 1e3 to 1e7 rows (the 1e7-row file streamed under 500 MiB);
4. Dask on a two-worker cluster against one process;
5. the calendar: scalar is_working_day against holidays, batch memory per pair against NumPy's 8 bytes, adding
   office hours against pandas' element-wise ``+ n * CustomBusinessHour``; then benchmarks/bench_calendars.py.

``--quick`` runs everything ten times smaller (a check that the script works, not a measurement).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PROFILE_FILE = ROOT / "tests" / "data" / "test_region.toml"
AS_OF = dt.datetime(2026, 7, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
ENV = {**os.environ, "BIZENV_PLUGINS": "", "BIZENV_PROFILE_FILES": str(PROFILE_FILE), "BIZENV_LOCALE": "en"}
GOALS: list[dict[str, Any]] = []


def goal(name: str, measured: float, wanted: float, *, higher: bool = True, unit: str = "x", detail: str = "") -> None:
    met = measured >= wanted if higher else measured <= wanted
    GOALS.append({"goal": name, "measured": measured, "wanted": wanted, "higher": higher, "met": met, "unit": unit})
    sign = ">=" if higher else "<="
    print(f"  {'MET    ' if met else 'NOT MET'} {name}: {measured:,.2f}{unit} (goal {sign} {wanted:,g}{unit}) {detail}")


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


#: Runs a command and prints its time and peak memory. A small process starts it: a child forked from this
#: benchmark (which holds arrays) would count this process's memory as its own until it execs.
_MEASURE = """
import os, resource, subprocess, sys, time
t0 = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
elapsed = time.perf_counter() - t0
if done.returncode not in (0, 1):
    sys.exit(done.stderr.decode()[-2000:])
print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def run_process(args: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MiB) of a command run in its own process."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, *args], env=ENV, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        raise RuntimeError(f"{args} failed: {done.stderr}")
    elapsed, peak = done.stdout.split()
    return float(elapsed), float(peak)


# -- data -------------------------------------------------------------------------------------------------


def case_columns(n: int, seed: int = 0) -> dict[str, np.ndarray[Any, Any]]:
    rng = np.random.default_rng(seed)
    start = np.datetime64("2022-01-01T00:00:00") + rng.integers(0, 4 * 365 * 86400, n).astype("timedelta64[s]")
    end = start + rng.integers(0, 20 * 86400, n).astype("timedelta64[s]")
    return {
        "case_id": np.char.add("XJ2025", np.arange(n).astype(str)),
        "target_id": rng.choice(["1#1", "1#2", "1#3", "1#4"], n),
        "sub_unit": rng.choice(["北县", "南县", "north"], n),
        "start": start,
        "end": end,
    }


def write_csv(n: int, path: Path, *, open_share: float = 0.0) -> Path:
    """A case file as a platform exports it (Chinese headers, Beijing time without a zone), written in slices;
    ``open_share`` of the cases have no completion time."""
    with pacsv.CSVWriter(
        path,
        pa.schema([(c, pa.string()) for c in ("办件编号", "目标编号", "县市", "受理时间", "办结时间")]),
        write_options=pacsv.WriteOptions(quoting_style="none"),
    ) as writer:
        for lo in range(0, n, 1_000_000):
            part = case_columns(min(1_000_000, n - lo), seed=lo)
            ids = np.char.add("XJ", (np.arange(part["start"].size) + lo).astype(str))
            writer.write_table(
                pa.table(
                    {
                        "办件编号": pa.array(ids),
                        "目标编号": pa.array(part["target_id"]),
                        "县市": pa.array(part["sub_unit"]),
                        "受理时间": pa.array(np.datetime_as_string(part["start"], unit="m")),
                        "办结时间": pa.array(
                            np.where(
                                np.random.default_rng(lo).random(part["end"].size) < open_share,
                                "",
                                np.datetime_as_string(part["end"], unit="m"),
                            )
                        ),
                    }
                )
            )
    return path


def arrow_cases(n: int, target: str) -> pa.Table:
    c = case_columns(n)
    zone = "Asia/Shanghai"
    return pa.table(
        {
            "case_id": pa.array(c["case_id"]),
            "target_id": pa.array(np.full(n, target)),
            "sub_unit": pa.array(c["sub_unit"]),
            "submitted_at": pa.array(c["start"].astype("datetime64[us]") - np.timedelta64(8, "h")).cast(
                pa.timestamp("us", tz=zone)
            ),
            "completed_at": pa.array(c["end"].astype("datetime64[us]") - np.timedelta64(8, "h")).cast(
                pa.timestamp("us", tz=zone)
            ),
        }
    )


# -- sections ---------------------------------------------------------------------------------------------


def core(n: int, sample: int, results: dict[str, Any]) -> None:
    import bizenv
    from bizenv.evaluate import evaluate_table
    from bizenv.evaluate.cases import evaluate_cases_per_case
    from bizenv.inputs import read_cases

    print(f"\n1. The columnar core on {n:,} cases (pyarrow on one thread) beside the per-case path")
    pa.set_cpu_count(1)
    profile = bizenv.load_profile(PROFILE_FILE)
    for target, unit, wanted in (("1#1", "working-day", 1_000_000), ("1#3", "office-hour", 300_000)):
        table = arrow_cases(n, target)
        seconds = best(lambda table=table: evaluate_table(profile, table), repeat=3)
        rate = n / seconds
        records = read_cases(table.slice(0, sample)).records
        per_case = best(lambda records=records: evaluate_cases_per_case(profile, records), repeat=1)
        per_case_rate = sample / per_case
        results[f"core_{unit}"] = {"cases_per_s": rate, "per_case_cases_per_s": per_case_rate}
        goal(
            f"columnar core, {unit} cases/s",
            rate,
            wanted,
            unit="/s",
            detail=f"(per-case path {per_case_rate:,.0f}/s: {rate / per_case_rate:.0f}x)",
        )


def command(n: int, folder: Path, results: dict[str, Any]) -> Path:
    print(f"\n2. bizenv evaluate on a {n:,}-row CSV beside the per-case path (each in its own process)")
    path = write_csv(n, folder / f"cases-{n}.csv")
    ours = run_process(
        [sys.executable, "-m", "bizenv", "evaluate", "testland", "--cases", str(path), "--zone", "Asia/Shanghai"]
    )
    theirs = run_process(
        [sys.executable, str(HERE / "per_case_cli.py"), str(PROFILE_FILE), "testland", str(path), "Asia/Shanghai"]
    )
    results["command"] = {"rows": n, "ours": ours, "per_case": theirs}
    print(f"  bizenv evaluate: {ours[0]:.1f}s, {ours[1]:.0f} MiB; per-case path: {theirs[0]:.1f}s, {theirs[1]:.0f} MiB")
    goal("command speed-up over the per-case path", theirs[0] / ours[0], 10)
    goal("command peak memory / per-case path's", ours[1] / theirs[1], 1 / 3, higher=False)
    return path


def growth(
    sizes: list[int],
    folder: Path,
    known: dict[int, tuple[float, float]],
    results: dict[str, Any],
    per_case_max: int = 1_000_000,
) -> None:
    print("\n3. Growth: bizenv evaluate (streaming) and the per-case path, time and peak memory")
    rows = []
    for n in sizes:
        path = folder / f"cases-{n}.csv"
        if not path.exists():
            write_csv(n, path)
        ours = run_process(
            [sys.executable, "-m", "bizenv", "evaluate", "testland", "--cases", str(path), "--zone", "Asia/Shanghai"]
        )
        theirs = known.get(n)
        if theirs is None and n <= per_case_max:
            theirs = run_process(
                [
                    sys.executable,
                    str(HERE / "per_case_cli.py"),
                    str(PROFILE_FILE),
                    "testland",
                    str(path),
                    "Asia/Shanghai",
                ]
            )
        rows.append({"rows": n, "ours": ours, "per_case": theirs})
        shown = f"; per-case path {theirs[0]:8.2f}s {theirs[1]:7.0f} MiB" if theirs else ""
        print(f"  {n:>10,} rows: bizenv evaluate {ours[0]:8.2f}s {ours[1]:7.0f} MiB{shown}")
        if path.stat().st_size > 200 << 20:
            path.unlink()
    results["growth"] = rows
    largest = rows[-1]
    goal(f"peak memory streaming {largest['rows']:,} rows", largest["ours"][1], 500, higher=False, unit=" MiB")
    plot(rows, HERE / "scaling.png")


def plot(rows: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    n = [r["rows"] for r in rows]
    theirs = [r for r in rows if r["per_case"]]
    for axis, index, label in ((left, 0, "time (s)"), (right, 1, "peak memory (MiB)")):
        axis.plot(n, [r["ours"][index] for r in rows], "o-", label="bizenv evaluate (columnar, streaming)")
        axis.plot([r["rows"] for r in theirs], [r["per_case"][index] for r in theirs], "s--", label="per-case path")
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("case rows in the CSV")
        axis.set_ylabel(label)
        axis.grid(True, which="both", alpha=0.3)
    right.axhline(500, color="grey", linestyle=":", label="500 MiB")
    right.legend(fontsize=8)
    fig.suptitle("bizenv evaluate: time and peak memory by file size")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(f"  plot: {path.relative_to(ROOT)}")


def exactness(path: Path, results: dict[str, Any]) -> None:
    """The streaming evaluation against the per-case path on the same file, case by case."""
    import bizenv
    from bizenv.calendars import get_calendar
    from bizenv.evaluate.cases import evaluate_cases_per_case
    from bizenv.evaluate.table import Evaluator, columns_from_batch
    from bizenv.inputs.chunks import case_batches
    from bizenv.inputs.readers import read_cases_rows

    profile = bizenv.load_profile(PROFILE_FILE)
    calendar = get_calendar(profile.region.calendar, provisional="allow")
    read = read_cases_rows(path, zone="Asia/Shanghai")
    print(f"\n6. Exactness on {len(read.records):,} rows: the chunk-wise command path against the per-case path")
    reference = evaluate_cases_per_case(profile, read.records, calendar, rejections=read.rejections, as_of=AS_OF)
    reading = case_batches(path, zone="Asia/Shanghai")
    evaluator = Evaluator(profile, calendar, as_of=AS_OF)
    tables, judged = [], []
    for batch in reading:
        chunk = evaluator.evaluate(columns_from_batch(batch, reading.source))
        tables.append(chunk.results)
        judged += chunk.rejections
    table = pa.concat_tables(tables)
    checks = {
        "case ids": table.column("case_id").to_pylist() == [r.case.case_id for r in reference.results],
        "statuses": table.column("status").to_pylist() == [r.status for r in reference.results],
        "durations": table.column("duration").to_pylist() == [r.duration for r in reference.results],
        "due times": table.column("due").to_pylist() == [r.due for r in reference.results],
        "summaries": evaluator.summaries() == reference.summaries,
        "rejections": (*reading.rejections, *judged) == reference.rejections,
    }
    results["exactness"] = {"rows": len(read.records), **checks}
    for name, same in checks.items():
        print(f"  {'equal  ' if same else 'DIFFER '} {name}")
    goal("cases judged exactly as the per-case path", float(all(checks.values())), 1.0, unit="")


def parquet_files(n: int, pieces: int = 20) -> Path:
    """``n`` cases in ``pieces`` Parquet files under /tmp, made once and kept (10**7 cases take a while)."""
    import pyarrow.parquet as pq

    folder = Path(tempfile.gettempdir()) / f"bizenv-bench-parquet-{n}"
    done = folder / "complete"
    if done.exists():
        return folder
    folder.mkdir(exist_ok=True)
    per = max(1, n // pieces)
    zone = "Asia/Shanghai"
    for k in range(pieces):
        c = case_columns(per, seed=k)
        table = pa.table(
            {
                "case_id": pa.array(np.char.add(f"XJ{k:03d}-", np.arange(per).astype(str))),
                "target_id": pa.array(c["target_id"]),
                "sub_unit": pa.array(c["sub_unit"]),
                "submitted_at": pa.array(c["start"].astype("datetime64[us]") - np.timedelta64(8, "h")).cast(
                    pa.timestamp("us", tz=zone)
                ),
                "completed_at": pa.array(c["end"].astype("datetime64[us]") - np.timedelta64(8, "h")).cast(
                    pa.timestamp("us", tz=zone)
                ),
            }
        )
        pq.write_table(table, folder / f"part-{k:03d}.parquet", row_group_size=250_000)
    done.write_text(str(n))
    return folder


def dask_section(n: int, folder: Path, results: dict[str, Any]) -> None:
    import dask.dataframe as dd
    import pyarrow.parquet as pq
    from distributed import Client, LocalCluster

    import bizenv
    from bizenv.calendars import get_calendar
    from bizenv.dask import evaluate_cases
    from bizenv.evaluate import evaluate_table

    parts = parquet_files(n)
    files = sorted(str(p) for p in parts.glob("*.parquet"))
    print(f"\n4. Dask on a two-worker cluster beside one process ({n:,} cases in {len(files)} Parquet files, {parts})")
    pa.set_cpu_count(os.cpu_count() or 1)
    profile = bizenv.load_profile(PROFILE_FILE)
    calendar = get_calendar(profile.region.calendar, provisional="allow")
    one_result = evaluate_table(profile, pq.read_table(files), calendar=calendar)
    one = best(lambda: evaluate_table(profile, pq.read_table(files), calendar=calendar), repeat=1)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster),
    ):
        evaluate_cases(profile, files[:2], calendar=calendar)  # warm the workers
        got = evaluate_cases(profile, files, calendar=calendar)
        two_files = best(lambda: evaluate_cases(profile, files, calendar=calendar), repeat=1)
        two_frame = best(lambda: evaluate_cases(profile, dd.read_parquet(files), calendar=calendar), repeat=1)
    same = got.summaries == one_result.summaries
    results["dask"] = {
        "rows": n,
        "one_process_s": one,
        "two_workers_files_s": two_files,
        "two_workers_dataframe_s": two_frame,
        "same_summaries": same,
    }
    print(
        f"  one process (evaluate_table): {one:.1f}s; two workers: {two_files:.1f}s on the files (read by the "
        f"workers), {two_frame:.1f}s on dd.read_parquet; the same summaries: {same}"
    )
    goal("Dask, two workers over one process (Parquet files)", one / two_files, 1.0, detail="(2 cores)")
    goal("Dask, two workers over one process (Dask DataFrame)", one / two_frame, 1.0, detail="(2 cores)")


def calendar_section(pairs: int, results: dict[str, Any]) -> None:
    import holidays
    import pandas as pd

    from bizenv.calendars import batch, get_calendar

    print("\n5. The calendar")
    cn = get_calendar("CN")
    xj = get_calendar("CN-XJ", provisional="allow")
    rng = np.random.default_rng(20261123)
    start = dt.date(2022, 1, 1)
    days = [start + dt.timedelta(days=int(x)) for x in rng.integers(0, 1800, 200_000)]
    ref = holidays.China(years=range(2022, 2027))
    cn.is_working_day(start)
    ours = best(lambda: [cn.is_working_day(d) for d in days]) / len(days)
    theirs = best(lambda: [ref.is_working_day(d) for d in days]) / len(days)
    loop = best(lambda: [None for _d in days]) / len(days)
    results["is_working_day"] = {"ours_ns": ours * 1e9, "holidays_ns": theirs * 1e9, "empty_loop_ns": loop * 1e9}
    goal(
        "scalar is_working_day over holidays.China.is_working_day",
        theirs / ours,
        20,
        detail=f"({ours * 1e9:.0f} ns against {theirs * 1e9:.0f} ns a call; a Python function call alone costs "
        f"about {1e9 * best(lambda: [_noop(d) for d in days]) / len(days):.0f} ns)",
    )

    a = (np.datetime64("2022-01-01") + rng.integers(0, 1700, pairs)).astype("datetime64[D]")
    b = a + rng.integers(0, 60, pairs).astype("timedelta64[D]")
    starts = a.astype("datetime64[s]") + rng.integers(0, 86400, pairs).astype("timedelta64[s]")
    ends = np.maximum(starts, b.astype("datetime64[s]") + rng.integers(0, 86400, pairs).astype("timedelta64[s]"))

    def per_pair(fn: Callable[[], object]) -> float:
        fn()  # tables and caches built once, not counted
        tracemalloc.start()
        fn()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak / pairs

    wd = per_pair(lambda: batch.working_days_between(cn, a, b))
    oh = per_pair(lambda: batch.office_hours_between(xj, starts, ends, zone="Asia/Shanghai"))
    results["batch_bytes_per_pair"] = {"working_days": wd, "office_hours": oh}
    goal("batch working days, bytes per pair (NumPy's result: 8)", wd, 12, higher=False, unit=" B")
    goal("batch office hours, bytes per pair (NumPy's result: 8)", oh, 12, higher=False, unit=" B")

    holiday_days = [d for y in range(2022, 2027) for d, _ in xj.holidays(y)]
    cbh = pd.offsets.CustomBusinessHour(
        start=["10:00", "16:00"], end=["14:00", "20:00"], holidays=[str(d) for d in holiday_days]
    )
    hours = 16
    slow = 2000
    stamps = [pd.Timestamp(s) for s in starts[:slow]]
    pandas_each = best(lambda: [s + hours * cbh for s in stamps], repeat=1) / slow
    ours_each = best(lambda: batch.add_office_seconds(xj, starts, hours * 3600, zone="Asia/Shanghai")) / pairs
    results["add_office_hours"] = {"ours_ns": ours_each * 1e9, "pandas_ns": pandas_each * 1e9}
    goal(
        "adding office hours, batch over pandas' element-wise start + n * CustomBusinessHour",
        pandas_each / ours_each,
        100,
        detail=f"({ours_each * 1e9:.0f} ns against {pandas_each * 1e9:,.0f} ns a case)",
    )


_PYARROW_READ = """
import sys
import pyarrow as pa, pyarrow.csv as pacsv
times = {"受理时间": pa.timestamp("us"), "办结时间": pa.timestamp("us")}
table = pacsv.read_csv(sys.argv[1], convert_options=pacsv.ConvertOptions(column_types=times))
assert table.num_rows > 0
"""


def limits(n: int, folder: Path, results: dict[str, Any]) -> None:
    """The command against the limit it should approach (a bare pyarrow read-and-parse of the same file), in
    every output format; the core against numpy.busday_count with a holiday list and pandas element-wise on
    the same cases, with the share of each alternative's answers that differ from bizenv's (which are the
    per-case reference's: section 6)."""
    import pandas as pd

    import bizenv
    from bizenv.calendars import get_calendar
    from bizenv.evaluate import evaluate_table

    print(f"\n7. Against the limits, side by side in one run ({n:,} rows)")
    path = folder / f"cases-{n}.csv"
    if not path.exists():
        write_csv(n, path)
    limit = min(run_process([sys.executable, "-c", _PYARROW_READ, str(path)])[0] for _ in range(2))
    base = [sys.executable, "-m", "bizenv", "evaluate", "testland", "--cases", str(path), "--zone", "Asia/Shanghai"]
    rows: dict[str, tuple[float, float]] = {}
    formats: list[tuple[str, list[str]]] = [
        ("table", []),
        ("json", ["--format", "json"]),
        ("jsonl", ["--format", "jsonl"]),
        ("csv cases", ["--format", "csv", "--show", "cases"]),
    ]
    for name, extra in formats:
        rows[name] = run_process([*base, *extra])
        goal(
            f"bizenv evaluate --format {name}, time / pyarrow read-and-parse",
            rows[name][0] / limit,
            3,
            higher=False,
            detail=f"({rows[name][0]:.2f}s, {rows[name][1]:.0f} MiB; pyarrow {limit:.2f}s)",
        )
    results["limits_command"] = {"rows": n, "pyarrow_read_s": limit, **{k: list(v) for k, v in rows.items()}}

    # The core on working-day targets, against what a user would write instead on the same cases.
    pa.set_cpu_count(1)
    profile = bizenv.load_profile(PROFILE_FILE)
    cn = get_calendar(profile.region.calendar, provisional="allow")
    c = case_columns(n, seed=7)
    rng = np.random.default_rng(7)
    targets = rng.choice(["1#1", "1#2", "2#2"], n)
    local_start = c["start"].astype("datetime64[us]")
    local_end = c["end"].astype("datetime64[us]")
    table = pa.table(
        {
            "case_id": pa.array(c["case_id"]),
            "target_id": pa.array(targets),
            "sub_unit": pa.array(rng.choice(["北县", "南县", "north", "south"], n)),
            "submitted_at": pa.array(np.datetime_as_string(local_start, unit="m")),
            "completed_at": pa.array(np.datetime_as_string(local_end, unit="m")),
        }
    )
    typed = table.set_column(
        3, "submitted_at", pa.array(local_start - np.timedelta64(8, "h")).cast(pa.timestamp("us", tz="Asia/Shanghai"))
    ).set_column(
        4, "completed_at", pa.array(local_end - np.timedelta64(8, "h")).cast(pa.timestamp("us", tz="Asia/Shanghai"))
    )
    # The calendar is built once and kept (tens of milliseconds a build), as docs/scale.md advises.
    text_s = best(lambda: evaluate_table(profile, table, calendar=cn, zone="Asia/Shanghai"), repeat=2)
    typed_s = best(lambda: evaluate_table(profile, typed, calendar=cn), repeat=2)
    ours = evaluate_table(profile, typed, calendar=cn).results
    status = np.array(ours.column("status").to_pylist())
    limit_of = {"1#1": 1.0, "1#2": 5.0, "2#2": 5.0}
    values = np.array([limit_of[t] for t in targets.tolist()])
    a, b = local_start.astype("datetime64[D]"), local_end.astype("datetime64[D]")
    years = range(int(str(a.min())[:4]), int(str(b.max())[:4]) + 1)
    holidays = np.array([d for y in years for d, _ in cn.holidays(y)], dtype="datetime64[D]")
    week = np.busdaycalendar(weekmask="1111100", holidays=holidays)
    busday_s = best(lambda: np.busday_count(a + 1, b + 1, busdaycal=week), repeat=3)
    # What a user would write: whole working days after the start day, met when within the limit.
    numpy_pass = np.busday_count(a + 1, b + 1, busdaycal=week) <= values
    each = targets != "1#2"  # 1#2 judges the mean, not each case
    ours_pass = status[each] == "pass"
    numpy_wrong = float(np.mean(numpy_pass[each] != ours_pass))
    sample = min(2000, n)
    day = pd.offsets.CustomBusinessDay(holidays=[str(d) for d in holidays])
    starts = pd.to_datetime(local_start[:sample]).normalize()
    ends = pd.to_datetime(local_end[:sample]).normalize()
    t0 = time.perf_counter()
    pandas_days = np.array(
        [
            len(pd.date_range(x, y, freq=day)) - (1 if day.is_on_offset(x) else 0)
            for x, y in zip(starts, ends, strict=True)
        ]
    )
    pandas_s = (time.perf_counter() - t0) / sample * n
    pandas_wrong = float(
        np.mean((pandas_days <= values[:sample])[each[:sample]] != (status[:sample] == "pass")[each[:sample]])
    )
    polars = _polars_business_days(a, b, holidays)
    if polars is not None:
        polars_s, polars_days = polars
        polars_wrong = float(np.mean((polars_days <= values)[each] != ours_pass))
    results["limits_core"] = {
        "rows": n,
        "text_times_cases_per_s": n / text_s,
        "typed_times_cases_per_s": n / typed_s,
        "busday_count_pairs_per_s": n / busday_s,
        "busday_count_wrong_share": numpy_wrong,
        "pandas_elementwise_cases_per_s": n / pandas_s,
        "pandas_wrong_share": pandas_wrong,
        "polars_business_day_count_pairs_per_s": n / polars[0] if polars else None,
        "polars_wrong_share": polars_wrong if polars else None,
    }
    for label, seconds in (("text times", text_s), ("Arrow timestamps", typed_s)):
        goal(
            f"evaluate_table ({label}), time / numpy.busday_count on the same pairs",
            seconds / busday_s,
            10,
            higher=False,
            detail=f"({n / seconds:,.0f} cases/s against {n / busday_s:,.0f} pairs/s)",
        )
    print("  What users would write instead, on the same cases (bizenv's answers are the per-case reference's):")
    rows_out = [
        ("bizenv evaluate_table (Arrow timestamps)", n / typed_s, 0.0),
        ("numpy.busday_count, holiday list", n / busday_s, numpy_wrong),
        ("pandas element-wise (date_range, CustomBusinessDay)", n / pandas_s, pandas_wrong),
    ]
    if polars is not None:
        rows_out.append(("polars business_day_count, holiday list", n / polars_s, polars_wrong))
    else:
        print("  (polars is not installed: pip install polars to compare it too)")
    for label, rate, wrong in rows_out:
        print(
            f"    {label:<55} {rate:>14,.0f} cases/s  {rate / (n / typed_s):>8.2f}x bizenv's rate  "
            f"{wrong:6.1%} of verdicts wrong"
        )
    print("    (wrong: no make-up working days (调休), no part days, the start day counted as the calendar says)")


def _polars_business_days(
    a: np.ndarray[Any, Any], b: np.ndarray[Any, Any], holidays: np.ndarray[Any, Any]
) -> tuple[float, np.ndarray[Any, Any]] | None:
    """polars' business_day_count on the same pairs as numpy's (the days after the start, up to the end day), with
    its time; None when polars is not installed."""
    try:
        import polars as pl
    except ImportError:
        return None
    frame = pl.DataFrame({"a": a + 1, "b": b + 1})
    listed = holidays.astype("datetime64[D]").tolist()
    expression = pl.business_day_count("a", "b", week_mask=[True] * 5 + [False] * 2, holidays=listed)
    seconds = best(lambda: frame.select(expression), repeat=3)
    return seconds, frame.select(expression).to_series().to_numpy()


def _noop(_day: object) -> None:
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="ten times smaller: checks that the script works")
    parser.add_argument("--skip-calendars", action="store_true", help="do not run benchmarks/bench_calendars.py")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=("core", "command", "growth", "dask", "calendar", "exactness", "limits"),
        help="run these sections alone",
    )
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the file-sized sections (default 1e6)")
    parser.add_argument(
        "--largest", type=int, default=10_000_000, help="the largest file of the growth section (default 1e7)"
    )
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    results: dict[str, Any] = {"when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "cpus": os.cpu_count()}
    sections = set(args.only or ("core", "command", "growth", "dask", "calendar", "exactness", "limits"))
    rows = args.rows // scale
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if "core" in sections:
            core(rows, rows // 50, results)
        known: dict[int, tuple[float, float]] = {}
        if "command" in sections:
            command(rows, folder, results)
            known = {results["command"]["rows"]: tuple(results["command"]["per_case"])}
        if "growth" in sections:
            largest = args.largest // scale
            sizes = [10**k // scale for k in range(3, 8) if 10**k // scale <= largest]
            # The per-case path (minutes at 1e6 rows) runs up to the size of the command section only.
            growth(sizes, folder, known, results, per_case_max=rows)
        if "dask" in sections:
            dask_section(10 * rows, folder, results)
        if "calendar" in sections:
            calendar_section(rows, results)
        if "exactness" in sections:
            exactness(write_csv(rows, folder / "exact.csv", open_share=0.05), results)
        if "limits" in sections:
            limits(rows, folder, results)
    if args.only:
        return
    results["goals"] = GOALS
    (HERE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print("\nSummary")
    for g in GOALS:
        print(f"  {'met    ' if g['met'] else 'NOT MET'}  {g['goal']}: {g['measured']:,.2f}{g['unit']}")
    if not args.skip_calendars:
        print("\nbenchmarks/bench_calendars.py (the calendar against other libraries):")
        subprocess.run(
            [sys.executable, str(HERE / "bench_calendars.py"), *(["--pairs", "100000"] if args.quick else [])],
            check=True,
            cwd=ROOT,
        )


if __name__ == "__main__":
    main()
