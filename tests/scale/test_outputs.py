"""The streamed outputs of a case evaluation (``bizenv.evaluate_file``, ``bizenv evaluate --format json|jsonl|csv``)
are what writing each case alone gives: the JSON document of the whole evaluation, byte for byte."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bizenv
from bizenv.calendars import get_calendar
from bizenv.cli._common import json_safe
from bizenv.cli._progress import Bar
from bizenv.errors import InputError
from bizenv.evaluate.cases import evaluate_cases_per_case
from bizenv.evaluate.table import Evaluator, columns_from_batch, result_schema
from bizenv.inputs.chunks import case_batches
from bizenv.inputs.readers import read_cases_rows
from bizenv.io.case_files import (
    CSV_COLUMNS,
    CaseOutput,
    csv_case_texts,
    evaluate_file,
    json_case_texts,
    safe_cell,
)
from bizenv.io.documents import (
    CaseRow,
    cases_document,
    document_schema,
    evaluation_document,
    to_json_data,
)

ROOT = Path(__file__).resolve().parents[2]
PROFILE = bizenv.load_profile(ROOT / "tests" / "data" / "test_region.toml")
CALENDAR = get_calendar(PROFILE.region.calendar, provisional="allow")
AS_OF = dt.datetime(2025, 3, 20, 12, tzinfo=dt.timezone(dt.timedelta(hours=8)))
ROWS = [
    "case_id,target_id,sub_unit,submitted_at,completed_at",
    "a,1#1,north,2025-03-03T10:00+08:00,2025-03-04T10:00+08:00",
    'b"q,1#2,南县,2025-03-03 09:15,2025-03-10 17:45:30.25',
    "=c,1#3,,2025-03-05 10:00,",
    "d,1#4,north,2025-03-01 08:00,2025-03-25 08:00",
    "a,1#1,north,2025-03-03T10:00+08:00,2025-03-04T10:00+08:00",
    "e,9#9,north,2025-03-03 10:00,2025-03-04 10:00",
    "f,1#1,west,2025-03-03 10:00,2025-03-04 10:00",
    "g,1#1,north,not a time,",
    "h,1#1,north,2025-03-06 10:00,2025-03-05 10:00",
    "-5,1#3,south,2025-03-07 16:59,2025-03-10 09:01",
    "i\tj,1#1,south,2025-03-07 16:59,",
]


def _cases_file(tmp_path: Path, rows: list[str] = ROWS) -> Path:
    path = tmp_path / "cases.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _case_dict(row: dict[str, Any]) -> dict[str, Any]:
    """A results row as the document's case (what the command built before it streamed)."""
    return {f.name: row[f.name] for f in attrs.fields(CaseRow)}


def _whole_document(path: Path, **options: Any) -> dict[str, Any]:
    """The bizenv-cases/2 document as the command made it before it streamed: every case held, then written."""
    reading = case_batches(path, zone=options.get("zone"))
    evaluator = Evaluator(PROFILE, CALENDAR, as_of=options.get("as_of"), zone=options.get("zone"))
    cases, judged = [], []
    for batch in reading:
        chunk = evaluator.evaluate(columns_from_batch(batch, reading.source))
        judged += chunk.rejections
        cases += [CaseRow(**_case_dict(r)) for r in chunk.results.to_pylist()]
    document = cases_document(
        PROFILE.id, "elapsed", options.get("as_of"), evaluator.summaries(), cases, (*reading.rejections, *judged)
    )
    return to_json_data(document)


def _streamed(path: Path, fmt: str, **options: Any) -> str:
    out = io.StringIO()
    evaluate_file(PROFILE, path, out, format=fmt, calendar=CALENDAR, **options)  # type: ignore[arg-type]
    return out.getvalue()


@pytest.mark.parametrize("chunk_rows", [2, 1000])
def test_the_streamed_document_is_the_whole_document_byte_for_byte(tmp_path: Path, chunk_rows: int) -> None:
    path = _cases_file(tmp_path)
    options = {"zone": "Asia/Shanghai", "as_of": AS_OF}
    whole = _whole_document(path, **options)
    assert whole["cases"] and whole["rejections"] and whole["summaries"]
    # Cases come before the summaries (known only at the end); the rest is json.dump(indent=2) of the document.
    ordered = {k: whole[k] for k in ("schema", "region", "convention", "as_of", "cases", "summaries", "rejections")}
    expected = json.dumps(json_safe(ordered), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    assert _streamed(path, "json", chunk_rows=chunk_rows, **options) == expected
    jsonschema.Draft202012Validator(document_schema("cases")).validate(json.loads(expected))


def test_the_streamed_document_gives_the_per_case_reference_answers(tmp_path: Path) -> None:
    path = _cases_file(tmp_path)
    read = read_cases_rows(path, zone="Asia/Shanghai")
    reference = evaluate_cases_per_case(PROFILE, read.records, CALENDAR, rejections=read.rejections, as_of=AS_OF)
    streamed = json.loads(_streamed(path, "json", zone="Asia/Shanghai", as_of=AS_OF, chunk_rows=3))
    assert streamed == json.loads(json.dumps(json_safe(to_json_data(evaluation_document(reference)))))


def test_nothing_judged_writes_an_empty_case_list(tmp_path: Path) -> None:
    path = _cases_file(tmp_path, [ROWS[0], "g,1#1,north,not a time,"])
    data = json.loads(_streamed(path, "json", zone="Asia/Shanghai"))
    assert data["cases"] == [] and data["summaries"] == [] and len(data["rejections"]) == 1


def test_json_lines_have_a_header_the_cases_the_summaries_and_the_rejections(tmp_path: Path) -> None:
    path = _cases_file(tmp_path)
    options = {"zone": "Asia/Shanghai", "as_of": AS_OF}
    whole = _whole_document(path, **options)
    lines = [json.loads(line) for line in _streamed(path, "jsonl", chunk_rows=4, **options).splitlines()]
    validator = jsonschema.Draft202012Validator(
        document_schema("case-lines"), format_checker=jsonschema.FormatChecker()
    )
    for line in lines:
        validator.validate(line)
    kinds = [line["record"] for line in lines]
    assert kinds == sorted(kinds, key=["header", "case", "summary", "rejection"].index)
    head, rest = lines[0], lines[1:]
    assert head == {
        "record": "header",
        "schema": "bizenv-case-lines/1",
        "region": "testland",
        "convention": "elapsed",
        "as_of": AS_OF.isoformat(),
    }
    by_kind: dict[str, list[dict[str, Any]]] = {"case": [], "summary": [], "rejection": []}
    for line in rest:
        by_kind[line.pop("record")].append(line)
    assert by_kind["case"] == whole["cases"]
    assert by_kind["summary"] == json_safe(whole["summaries"])
    assert by_kind["rejection"] == whole["rejections"]


def test_csv_cases_are_the_rows_the_table_output_gives(tmp_path: Path) -> None:
    path = _cases_file(tmp_path)
    whole = _whole_document(path, zone="Asia/Shanghai", as_of=AS_OF)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in whole["cases"]:
        source = f"{c['source']}:{c['row']}" if c["row"] is not None else c["source"]
        cells = [
            c["case_id"],
            c["target_id"],
            c["measure_id"],
            c["sub_unit_as_written"],
            c["status"],
            c["duration"],
            c["unit"],
            0 if c["excluded"] == 0 else c["excluded"],
            c["due"],
            c["provisional"],
            source,
        ]
        writer.writerow([safe_cell(v) for v in cells])
    assert _streamed(path, "csv", zone="Asia/Shanghai", as_of=AS_OF, chunk_rows=5) == buffer.getvalue()
    assert "'=c" in buffer.getvalue() and ",-5," not in buffer.getvalue().replace("\n-5,", "")


def test_outputs_to_files_appear_whole_or_not_at_all(tmp_path: Path) -> None:
    path = _cases_file(tmp_path)
    names = [tmp_path / n for n in ("out.json", "out.jsonl", "out.csv", "out.parquet")]
    evaluation = evaluate_file(
        PROFILE,
        path,
        names[0],
        outputs=[CaseOutput(names[1], "jsonl")],
        zone="Asia/Shanghai",
        as_of=AS_OF,
        calendar=CALENDAR,
    )
    evaluate_file(PROFILE, path, names[2], zone="Asia/Shanghai", as_of=AS_OF, calendar=CALENDAR)
    evaluate_file(PROFILE, path, names[3], zone="Asia/Shanghai", as_of=AS_OF, calendar=CALENDAR)
    assert json.loads(names[0].read_text("utf-8"))["cases"][0]["case_id"] == "a"
    assert len(names[1].read_text("utf-8").splitlines()) == 1 + evaluation.cases + len(evaluation.summaries) + len(
        evaluation.rejections
    )
    assert pq.read_table(names[3]).num_rows == evaluation.cases == len(names[2].read_text("utf-8").splitlines()) - 1
    assert evaluation.summary("1#1").cases == 2 and evaluation.info.rows == len(ROWS) - 1
    broken = tmp_path / "broken.csv"
    broken.write_text(ROWS[0] + "\n" + 'a,1#1,north,"2025-03-03 10:00\n', encoding="utf-8")
    target = tmp_path / "never.json"
    with pytest.raises(InputError):
        evaluate_file(PROFILE, broken, target, zone="Asia/Shanghai", calendar=CALENDAR)
    assert not target.exists() and not list(tmp_path.glob(".never*"))
    with pytest.raises(InputError, match="output format"):
        evaluate_file(PROFILE, path, tmp_path / "out.txt", zone="Asia/Shanghai")


def test_the_command_streams_json_jsonl_and_csv(cli: Any, tmp_path: Path) -> None:
    path = _cases_file(tmp_path)
    env = {
        "BIZENV_PLUGINS": "",
        "BIZENV_PROFILE_FILES": str(ROOT / "tests" / "data" / "test_region.toml"),
        "BIZENV_LOCALE": "en",
    }
    base = ["evaluate", "testland", "--cases", str(path), "--zone", "Asia/Shanghai", "--as-of", AS_OF.isoformat()]
    whole = cli(*base, "--format", "json", env=env)
    assert whole.returncode == 0 and json.loads(whole.stdout)["cases"][0]["case_id"] == "a"
    assert whole.stdout == _streamed(path, "json", zone="Asia/Shanghai", as_of=AS_OF)
    lines = cli(*base, "--format", "jsonl", "--chunk-rows", "2", env=env)
    assert lines.stdout == _streamed(path, "jsonl", zone="Asia/Shanghai", as_of=AS_OF)
    rows = cli(*base, "--format", "csv", "--show", "cases", env=env)
    assert rows.stdout == _streamed(path, "csv", zone="Asia/Shanghai", as_of=AS_OF)
    assert "rejected" in rows.stderr


# -- the columns' text is Python's text, for any values -----------------------------------------------------

TEXT = st.one_of(
    st.none(),
    st.text(max_size=6),
    st.sampled_from(["a", "=1+1", "-5", "+x", "@y", "\tz", "1,2", 'say "hi"', "北县", "a\\b", "\x7f", "1e5"]),
)
FLOAT = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**6), 10**6).map(float),
    st.floats(min_value=0, max_value=400).map(lambda x: round(x, 3)),
)
MOMENT = st.one_of(
    st.none(),
    st.integers(-(2**52), 2**52),
    st.integers(1_500_000_000_000_000, 1_900_000_000_000_000),
    st.integers(1_500_000_000, 1_900_000_000).map(lambda s: s * 1_000_000),
)


def _python_json(row: dict[str, Any], indent: bool) -> str:
    data = json_safe(to_json_data_case(row))
    if indent:
        return json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\n    ")
    return json.dumps(data, ensure_ascii=False)


def to_json_data_case(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.datetime) else v) for k, v in _case_dict(row).items()}


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            TEXT,
            TEXT,
            TEXT,
            TEXT,
            FLOAT,
            FLOAT,
            MOMENT,
            st.booleans(),
            st.sampled_from(["f.csv", "-x", "a,b"]),
            st.one_of(st.none(), st.integers(0, 10**6)),
        ),
        max_size=12,
    )
)
def test_case_texts_made_on_columns_are_those_python_writes(rows: list[tuple[Any, ...]]) -> None:
    schema = result_schema("Asia/Shanghai")
    n = len(rows)
    columns = {
        "case_id": [r[0] or "" for r in rows],
        "target_id": [r[1] or "t" for r in rows],
        "measure_id": ["m"] * n,
        "sub_unit": [r[2] for r in rows],
        "sub_unit_as_written": [r[3] for r in rows],
        "submitted_at": [0] * n,
        "completed_at": [None] * n,
        "status": ["pass"] * n,
        "duration": [r[4] for r in rows],
        "unit": ["working_day"] * n,
        "excluded": [r[5] for r in rows],
        "due": [r[6] for r in rows],
        "provisional": [r[7] for r in rows],
        "source": [r[8] for r in rows],
        "row": [r[9] for r in rows],
    }
    arrays = []
    for field in schema:
        values = columns[field.name]
        if pa.types.is_timestamp(field.type):
            arrays.append(pa.array(values, pa.int64()).cast(field.type))
        elif pa.types.is_dictionary(field.type):
            arrays.append(pa.array(values).dictionary_encode().cast(field.type))
        else:
            arrays.append(pa.array(values, field.type))
    table = pa.Table.from_arrays(arrays, schema=schema)
    listed = table.to_pylist()
    for indent in (True, False):
        assert json_case_texts(table, CALENDAR, indent=indent).to_pylist() == [_python_json(r, indent) for r in listed]
    expected = []
    for r in listed:
        buffer = io.StringIO()
        source = f"{r['source']}:{r['row']}" if r["row"] is not None else r["source"]
        due = r["due"].isoformat() if r["due"] is not None else None
        cells = [
            r["case_id"],
            r["target_id"],
            r["measure_id"],
            r["sub_unit_as_written"],
            r["status"],
            r["duration"],
            r["unit"],
            0 if r["excluded"] == 0 else r["excluded"],
            due,
            r["provisional"],
            source,
        ]
        csv.writer(buffer, lineterminator="\n").writerow([safe_cell(v) for v in cells])
        expected.append(buffer.getvalue())
    assert csv_case_texts(table, CALENDAR).to_pylist() == expected


# -- the progress bar -------------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_draws_on_a_terminal_as_the_file_is_read(tmp_path: Path) -> None:
    path = _cases_file(tmp_path, [ROWS[0], *[f"c{i},1#1,north,2025-03-03 10:00,2025-03-04 10:00" for i in range(3000)]])
    terminal = _Terminal()
    bar = Bar("Evaluating cases", 0, terminal, threshold=1000)
    evaluate_file(PROFILE, path, zone="Asia/Shanghai", calendar=CALENDAR, chunk_rows=500, progress=bar.update)
    bar.close()
    drawn = terminal.getvalue().split("\r")[1:]
    percents = [int(d.split("]")[1].strip().rstrip("%\n")) for d in drawn]
    assert len(percents) >= 3 and percents == sorted(percents) and percents[-1] == 100
    assert terminal.getvalue().endswith("\n")
    pipe = io.StringIO()
    bar = Bar("Evaluating cases", 0, pipe, threshold=0)
    bar.update(5, 10)
    bar.close()
    assert pipe.getvalue() == ""
    hidden = Bar("Evaluating cases", 0, _Terminal(), threshold=0, shown=False)
    hidden.update(5, 10)
    assert hidden.out.getvalue() == ""  # type: ignore[attr-defined]


def test_the_command_draws_no_bar_with_json_on_stdout(monkeypatch: pytest.MonkeyPatch) -> None:
    from bizenv.cli import evaluate as command

    monkeypatch.setattr("sys.stderr", _Terminal())
    monkeypatch.setattr("sys.stdout", io.StringIO())
    assert command._bar_stream("json", "summary") is None
    assert command._bar_stream("jsonl", "summary") is None
    assert command._bar_stream("table", "summary") is not None
    assert command._bar_stream("csv", "cases") is not None  # stdout is a file or a pipe
    monkeypatch.setattr("sys.stdout", _Terminal())
    assert command._bar_stream("csv", "cases") is None  # cases stream to the terminal the bar would draw on
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert command._bar_stream("table", "summary") is None
