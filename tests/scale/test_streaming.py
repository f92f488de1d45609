"""The chunk-wise reader gives the records and rejections of the row reader (the corpus, and generated files
read in small blocks); the command streams a file into summaries and a Parquet file of results."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from bizenv.errors import InputError
from bizenv.i18n import using_locale
from bizenv.inputs import chunks, read_cases
from bizenv.inputs.batches import records_from_batch
from bizenv.inputs.readers import read_cases_rows

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted(p for p in (ROOT / "tests" / "data" / "inputs").iterdir() if p.suffix not in (".py", ".md"))
BIG5 = {"encoding": "big5", "columns": {"辦件編號": "case_id", "目標編號": "target_id", "受理時間": "submitted_at"}}


def outcome(reader: Any, path: Any, **options: Any) -> Any:
    try:
        read = reader(path, **options)
    except InputError as exc:
        return ("refused", str(exc))
    iso = [(r.submitted_at.isoformat(), r.completed_at.isoformat() if r.completed_at else None) for r in read.records]
    return read.records, iso, read.rejections, [str(r) for r in read.rejections], read.info


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
@pytest.mark.parametrize("zone", [None, "Asia/Shanghai"])
def test_the_chunk_wise_reader_reads_the_corpus_as_the_row_reader(path: Path, zone: str | None) -> None:
    options: dict[str, Any] = {"zone": zone, **(BIG5 if path.name == "big5.csv" else {})}
    assert outcome(read_cases, path, **options) == outcome(read_cases_rows, path, **options)


def generated(rng: random.Random, rows: int) -> tuple[str, str]:
    """A case file as exports come: title rows, Chinese headers, blank and totals rows, every date form, ids and
    names to be folded, rows cut short or too long, quoted cells (some across lines) here and there."""
    sep = rng.choice([",", ";", "\t", "|"])
    newline = rng.choice(["\n", "\r\n"])
    lines = ["某州办件统计表"] if rng.random() < 0.3 else []
    lines.append(sep.join(["办件编号", "目标编号", "县市", "受理时间", "办结时间", "不计时段"]))

    def moment() -> str:
        y, m, d, h = rng.choice([2024, 2025]), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23)
        forms = [
            f"{y}-{m:02d}-{d:02d} {h:02d}:30", f"{y}-{m:02d}-{d:02d}T{h:02d}:30:15+08:00", f"{y}/{m}/{d} {h}:05",
            f"{y}.{m}.{d} {h}:05:01.5", f"{y}年{m}月{d}日 {h}时00分", f"{y}-02-30 10:00", f"{y}-{m:02d}-{d:02d}",
            f"{y}-{m:02d}/{d:02d} 10:00", f"{y}-{m:02d}-{d:02d} 24:00", f"{y}-{m:02d}-{d:02d} 10:00Z",
            "", "—", "45473.4",
        ]  # fmt: skip
        return rng.choices(forms, [30, 15, 8, 3, 2, 1, 1, 1, 1, 2, 2, 1, 1])[0]

    for i in range(rows):
        kind = rng.random()
        if kind < 0.02:
            lines.append("")
        elif kind < 0.03:
            lines.append(rng.choice(["合计", " Total: ", "sum"]) + sep * 5)
        else:
            cells = [
                rng.choice([f"c{i}", f"c{i}", f"Ｃ{i}", f" c{i} ", "", "无", f"c{rng.randrange(rows)}"]),
                rng.choice(["1#1", "1#3", "", "１#1"]),
                rng.choice(["北县", "南县", "", "north", "n/a"]),
                moment(),
                rng.choice([moment(), ""]),
                rng.choice(["", "", "", "2025-03-03 10:00/2025-03-03 11:00/补正", "bad"]),
            ]
            if rng.random() < 0.02:
                cells[5] = rng.choice(['"a, b"', '"two\nlines"'])
            if rng.random() < 0.01:
                cells = cells[:3]
            if rng.random() < 0.01:
                cells.append("more")
            lines.append(sep.join(cells))
    return newline.join(lines) + newline, rng.choice(["utf-8", "utf-8-sig", "gb18030"])


@pytest.mark.parametrize("seed", range(12))
def test_generated_files_read_in_small_blocks_and_chunks_as_the_row_reader(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chunks, "BLOCK_BYTES", 1500)
    monkeypatch.setattr(chunks, "_FIRST_BLOCK_BYTES", 300)
    rng = random.Random(seed)
    text, encoding = generated(rng, rng.randint(50, 400))
    path = tmp_path / "cases.csv"
    path.write_bytes(text.encode(encoding))
    for zone in (None, "Asia/Shanghai"):
        expected = outcome(read_cases_rows, path, zone=zone)
        assert outcome(read_cases, path, zone=zone) == expected
        if expected[0] == "refused":
            continue
        reading = chunks.case_batches(path, zone=zone, chunk_rows=7)
        records = [r for batch in reading for r in records_from_batch(batch, reading.source)]
        assert (tuple(records), tuple(reading.rejections), reading.info) == (expected[0], expected[2], expected[4])


def test_pyarrows_reader_takes_the_blocks_it_can(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    used = []
    original = chunks._arrow_block
    monkeypatch.setattr(chunks, "_arrow_block", lambda *a: used.append(original(*a)) or used[-1])
    monkeypatch.setattr(chunks, "BLOCK_BYTES", 2000)
    monkeypatch.setattr(chunks, "_FIRST_BLOCK_BYTES", 300)
    path = tmp_path / "plain.csv"
    path.write_text(
        "case_id,target_id,submitted_at\n" + "".join(f"c{i},1#1,2025-03-03 10:{i % 60:02d}+08:00\n" for i in range(500))
    )
    assert len(read_cases(path).records) == 500
    assert used and all(block is not None for block in used)


def test_parquet_is_read_as_a_table(tmp_path: Path) -> None:
    import pandas as pd

    frame = pd.DataFrame(
        {"case_id": ["a", "b"], "目标编号": ["1#1", "1#1"], "受理时间": ["2025-03-03 10:00+08:00", "x"]}
    )
    frame.to_parquet(tmp_path / "cases.parquet")
    read = read_cases(tmp_path / "cases.parquet")
    assert [r.case_id for r in read.records] == ["a"] and read.rejections[0].origin.row == 2
    with using_locale("en"):
        assert read.info.describe().startswith(f"{tmp_path / 'cases.parquet'}: case records; keys as column names")


def test_the_command_streams_into_summaries_and_parquet_results(cli: Any, tmp_path: Path) -> None:
    cases = tmp_path / "cases.csv"
    body = "".join(f"c{i},1#1,north,2025-03-03T11:00+08:00,2025-03-0{3 + i % 3}T11:00+08:00\n" for i in range(300))
    cases.write_text(
        "case_id,target_id,sub_unit,submitted_at,completed_at\n" + body + "c1,1#1,,2025-03-03T11:00+08:00,\n"
    )
    env = {"BIZENV_PLUGINS": "", "BIZENV_PROFILE_FILES": str(ROOT / "tests" / "data" / "test_region.toml")}
    out = tmp_path / "results.parquet"
    done = cli(
        "evaluate", "testland", "--cases", str(cases), "--out", str(out), "--chunk-rows", "64", "--format", "json",
        env={**env, "BIZENV_LOCALE": "en"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    table = pq.read_table(out)
    assert table.num_rows == 300 and table.column("status").to_pylist().count("pass") == 200
    assert "case 'c1' appears twice" in done.stderr
    bad = cli("evaluate", "testland", "--cases", str(cases), "--out", str(tmp_path / "r.csv"), env=env)
    assert bad.returncode == 2 and "*.parquet" in bad.stderr


def test_a_file_refused_half_way_leaves_no_half_written_results(cli: Any, tmp_path: Path) -> None:
    cases = tmp_path / "cases.csv"
    good = "".join(f"c{i},1#1,2025-03-03T11:00+08:00,2025-03-04T11:00+08:00\n" for i in range(200))
    # A time without a zone, read without --zone, refuses the whole file: after 3 chunks were judged and written.
    cases.write_text("case_id,target_id,submitted_at,completed_at\n" + good + "late,1#1,2025-03-03 11:00,\n")
    env = {"BIZENV_PLUGINS": "", "BIZENV_PROFILE_FILES": str(ROOT / "tests" / "data" / "test_region.toml")}
    out = tmp_path / "results.parquet"
    out.write_bytes(b"yesterday's results")
    # Without --force the old file is not touched at all; with it, the refusal still keeps it.
    kept = cli("evaluate", "testland", "--cases", str(cases), "--out", str(out), env=env)
    assert kept.returncode == 2 and "--force" in kept.stderr
    args = ("evaluate", "testland", "--cases", str(cases), "--out", str(out), "--chunk-rows", "64", "--force")
    done = cli(*args, env=env)
    assert done.returncode == 2 and "zone" in done.stderr
    # The results of the file's first rows were not put in place of the old file, nor left beside it.
    assert out.read_bytes() == b"yesterday's results"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases.csv", "results.parquet"]
