"""bizenv.dask judges a Dask DataFrame partition by partition, on a cluster of two worker processes, with the
summaries and rejections of the in-process call (duplicate ids across partitions included)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pyarrow.parquet as pq
import pytest

import bizenv
from bizenv.evaluate import evaluate_table

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

PROFILE = bizenv.load_profile(Path(__file__).resolve().parents[1] / "data" / "scale_region.toml")
AS_OF = dt.datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))


def cases(n: int) -> pd.DataFrame:
    rng = random.Random(5)
    rows = []
    for i in range(n):
        start = dt.datetime(2025, 1, 1) + dt.timedelta(seconds=rng.randrange(300 * 86400))
        end = start + dt.timedelta(seconds=rng.randrange(20 * 86400))
        rows.append(
            {
                # Some ids come back in a later partition: the later case is the duplicate.
                "case_id": f"c{rng.randrange(n)}" if rng.random() < 0.1 else f"c{i}",
                "target_id": rng.choice(["1#1", "1#2", "1#3", "1#4", "1#9", "1#99"]),
                "submitted_at": start.strftime("%Y-%m-%d %H:%M"),
                "completed_at": end.strftime("%Y-%m-%d %H:%M") if rng.random() < 0.9 else None,
                "sub_unit": rng.choice(["北县", "south", None, "nowhere"]),
            }
        )
    return pd.DataFrame(rows)


def test_a_cluster_of_two_workers_gives_the_in_process_summaries(tmp_path: Path) -> None:
    from bizenv.dask import evaluate_cases

    frame = cases(2000)
    expected = evaluate_table(PROFILE, frame, zone="Asia/Shanghai", as_of=AS_OF)
    seen: list[tuple[int, int]] = []
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster),
    ):
        got = evaluate_cases(
            PROFILE,
            dd.from_pandas(frame, npartitions=4),
            zone="Asia/Shanghai",
            as_of=AS_OF,
            out=tmp_path / "results",
            progress=lambda done, total: seen.append((done, total)),
        )
    assert got.summaries == expected.summaries
    assert sorted(r.reason for r in got.rejections) == sorted(r.reason for r in expected.rejections)
    assert got.rows == 2000 and got.partitions == 4 and seen[-1] == (4, 4)
    written = pq.read_table(sorted((tmp_path / "results").glob("*.parquet")))
    assert sorted(written.column("case_id").to_pylist()) == sorted(expected.results.column("case_id").to_pylist())


def test_without_a_cluster_the_local_scheduler_does(tmp_path: Path) -> None:
    from bizenv.dask import evaluate_cases

    frame = cases(300)
    expected: Any = evaluate_table(PROFILE, frame, zone="Asia/Shanghai", as_of=AS_OF)
    got = evaluate_cases(PROFILE, dd.from_pandas(frame, npartitions=3), zone="Asia/Shanghai", as_of=AS_OF)
    assert got.summaries == expected.summaries and got.summary("1#1") == expected.summary("1#1")


def test_parquet_files_are_read_by_the_workers_with_the_in_process_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow as pa

    from bizenv import dask as bizenv_dask

    frame = cases(1500)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    folder = tmp_path / "cases"
    folder.mkdir()
    # Two files, the second in row groups of 200 rows, judged in pieces of two; rows are numbered in the file.
    pq.write_table(table.slice(0, 700), folder / "a.parquet")
    pq.write_table(table.slice(700), folder / "b.parquet", row_group_size=200)
    monkeypatch.setattr(bizenv_dask, "PIECE_ROWS", 400)
    expected = evaluate_table(PROFILE, frame, zone="Asia/Shanghai", as_of=AS_OF)
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster),
    ):
        got = bizenv_dask.evaluate_cases(PROFILE, folder, zone="Asia/Shanghai", as_of=AS_OF)
    assert got.summaries == expected.summaries
    assert got.rows == 1500 and got.partitions == 1 + 2
    where = {(str(Path(r.origin.source).name), r.origin.row): r.reason for r in got.rejections}
    wanted = {
        (
            "a.parquet" if r.origin.row <= 700 else "b.parquet",
            r.origin.row if r.origin.row <= 700 else r.origin.row - 700,
        ): r.reason
        for r in expected.rejections
    }
    assert where == wanted


def test_a_folder_without_parquet_files_is_refused_naming_it(tmp_path: Path) -> None:
    from bizenv.dask import evaluate_cases
    from bizenv.errors import InputError

    with pytest.raises(InputError, match="no Parquet file") as caught:
        evaluate_cases(PROFILE, tmp_path)
    assert str(tmp_path) in str(caught.value)
