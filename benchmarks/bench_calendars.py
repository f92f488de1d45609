"""Calendar speed against the libraries people would otherwise use. Run: python benchmarks/bench_calendars.py

Times the same random 2022-2026 date pairs with bizenv and with workalendar, holidays,
chinese-calendar, numpy.busday_count and pandas CustomBusinessHour, and prints per-item times and
ratios. Goals: batch working-day delta at least as fast as numpy.busday_count; the scalar path at
least 20x holidays; adding office hours in batch at least 100x pandas' element-wise
``start + n * CustomBusinessHour``. benchmarks/run.py runs it after its own sections.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
import warnings
from collections.abc import Callable

import numpy as np

from bizenv.calendars import batch, get_calendar

START, END = dt.date(2022, 1, 1), dt.date(2026, 12, 31)


def per_item(fn: Callable[[], object], items: int, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best / items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=1_000_000, help="pairs for the batch comparisons")
    parser.add_argument("--scalar", type=int, default=100_000, help="days for the scalar comparisons")
    parser.add_argument("--slow", type=int, default=300, help="pairs for the slow per-pair libraries")
    args = parser.parse_args()
    rng = np.random.default_rng(20261123)
    span = (END - START).days
    a = np.datetime64(START) + rng.integers(0, span - 60, args.pairs).astype("timedelta64[D]")
    b = a + rng.integers(0, 60, args.pairs).astype("timedelta64[D]")

    cn = get_calendar("CN")
    xj = get_calendar("CN-XJ", provisional="allow")
    rows: list[tuple[str, float, float, str]] = []

    # 1. Batch working-day delta vs numpy.busday_count (which cannot express make-up days).
    holiday_days = [d for y in range(2022, 2027) for d, _ in cn.holidays(y)]
    bdc = np.busdaycalendar(weekmask="1111100", holidays=np.array(holiday_days, dtype="datetime64[D]"))
    ours = per_item(lambda: batch.working_days_between(cn, a, b), args.pairs)
    theirs = per_item(lambda: np.busday_count(a + 1, b + 1, busdaycal=bdc), args.pairs)
    wrong = int(np.count_nonzero(batch.working_days_between(cn, a, b) != np.busday_count(a + 1, b + 1, busdaycal=bdc)))
    rows.append(
        (
            "batch working-day delta",
            ours,
            theirs,
            f"numpy.busday_count ({wrong / args.pairs:.1%} of its answers wrong: no make-up days)",
        )
    )

    # 2. Scalar is_working_day vs holidays and chinese-calendar.
    import chinese_calendar
    import holidays

    days = [START + dt.timedelta(days=int(x)) for x in rng.integers(0, span, args.scalar)]
    ref = holidays.China(years=range(2022, 2027))
    make_up = ref.weekend_workdays

    def with_holidays() -> None:
        for d in days:
            _ = (d.weekday() < 5 and d not in ref) or d in make_up

    ours = per_item(lambda: [cn.is_working_day(d) for d in days], len(days))
    rows.append(
        (
            "scalar is_working_day",
            ours,
            per_item(lambda: [ref.is_working_day(d) for d in days], len(days)),
            "holidays.China.is_working_day",
        )
    )
    rows.append(
        ("scalar is_working_day", ours, per_item(with_holidays, len(days)), "holidays.China, hand-made dict lookup")
    )
    rows.append(
        (
            "scalar is_working_day",
            ours,
            per_item(lambda: [chinese_calendar.is_workday(d) for d in days], len(days)),
            "chinese_calendar.is_workday",
        )
    )

    # 3. Scalar working-day delta vs workalendar (whose China calendar stops at 2023).
    from workalendar.asia import China

    wc = China()
    pairs_2223 = [
        (START + dt.timedelta(days=int(x)), int(n))
        for x, n in zip(rng.integers(0, 600, args.slow), rng.integers(0, 60, args.slow), strict=True)
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = per_item(
            lambda: [wc.get_working_days_delta(d, d + dt.timedelta(days=n)) for d, n in pairs_2223],
            len(pairs_2223),
            repeat=1,
        )
    ours = per_item(
        lambda: [cn.get_working_days_delta(d, d + dt.timedelta(days=n)) for d, n in pairs_2223], len(pairs_2223)
    )
    rows.append(("scalar working-day delta", ours, theirs, "workalendar China (2022-2023 only)"))
    pairs_all = [
        (START + dt.timedelta(days=int(x)), int(n))
        for x, n in zip(rng.integers(0, span - 60, args.slow * 10), rng.integers(0, 60, args.slow * 10), strict=True)
    ]
    ours = per_item(
        lambda: [cn.get_working_days_delta(d, d + dt.timedelta(days=n)) for d, n in pairs_all], len(pairs_all)
    )
    theirs = per_item(
        lambda: [ref.get_working_days_count(d, d + dt.timedelta(days=n)) for d, n in pairs_all], len(pairs_all)
    )
    rows.append(("scalar working-day delta", ours, theirs, "holidays.China.get_working_days_count"))

    # 4. Batch office hours vs pandas CustomBusinessHour (two periods a day, summer hours only).
    import pandas as pd

    seconds = rng.integers(0, 86400, args.pairs)
    starts = a.astype("datetime64[s]") + seconds.astype("timedelta64[s]")
    ends = b.astype("datetime64[s]") + rng.integers(0, 86400, args.pairs).astype("timedelta64[s]")
    ends = np.maximum(starts, ends)
    ours = per_item(lambda: batch.add_office_seconds(xj, starts, 16 * 3600, zone="Asia/Shanghai"), args.pairs)
    cbh = pd.offsets.CustomBusinessHour(
        start=["10:00", "16:00"], end=["14:00", "20:00"], holidays=[str(d) for d in holiday_days]
    )
    stamps = [pd.Timestamp(s) for s in starts[: args.slow]]

    def with_pandas() -> None:
        for s in stamps:
            _ = s + 16 * cbh

    rows.append(
        (
            "batch adding office hours",
            ours,
            per_item(with_pandas, args.slow, repeat=1),
            "pandas start + 16 * CustomBusinessHour, element-wise (no seasons, no make-up days)",
        )
    )

    print(f"{'operation':26} {'bizenv/item':>12} {'other/item':>12} {'speed-up':>9}  against")
    for name, mine, other, against in rows:
        print(f"{name:26} {mine * 1e9:10.1f}ns {other * 1e9:10.1f}ns {other / mine:8.1f}x  {against}")


if __name__ == "__main__":
    main()
