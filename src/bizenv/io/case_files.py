"""A case file judged as it is read, its results written as they are judged: :func:`evaluate_file`.

This is what ``bizenv evaluate`` does, for programs: the file is read a chunk at a time
(:func:`bizenv.inputs.chunks.case_batches`), each chunk is judged by the columnar core
(:class:`bizenv.evaluate.table.Evaluator`) and its cases are written at once to every output asked for:

- ``json``: the ``bizenv-cases/2`` document, written as a stream: the cases first, chunk by chunk, then the
  summaries and the rejections (known only at the end; JSON objects have no key order);
- ``jsonl``: JSON Lines (``bizenv-case-lines/1``): a header line, one line a case, then one line a summary and
  one a rejection, each with a ``record`` key saying which;
- ``csv``: one row a case, the columns of ``bizenv evaluate --show cases --format csv``;
- ``parquet``: the results table (:func:`bizenv.evaluate.table.result_schema`), one row group a chunk.

Memory stays that of a chunk: no output holds the cases. The text of a chunk's cases is made on its columns
(pyarrow string kernels); a cell whose text needs more care (quotes, control characters, numbers Python writes
with an exponent) is written by Python's own ``json``/``csv`` code, so the output is byte for byte what
writing each case alone gives.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import math
import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Literal, Protocol, TextIO

import attrs
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from bizenv.calendars import WorkingCalendar
from bizenv.calendars import batch as cb
from bizenv.errors import InputError
from bizenv.evaluate import TargetSummary
from bizenv.evaluate.cases import Convention
from bizenv.evaluate.summary import find_summary
from bizenv.evaluate.table import Evaluator
from bizenv.inputs import ReadInfo
from bizenv.inputs.chunks import CHUNK_ROWS, case_batches
from bizenv.io.documents import DOCUMENTS, CaseRow, rejection_row
from bizenv.model import RegionProfile
from bizenv.plaindata import converter
from bizenv.records import Rejection

CaseFormat = Literal["json", "jsonl", "csv", "parquet"]
#: Output formats by file suffix.
SUFFIXES: dict[str, CaseFormat] = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
}
#: The keys of a case in JSON, in order: the fields of :class:`bizenv.io.documents.CaseRow`, derived from it.
JSON_KEYS = tuple(field.name for field in attrs.fields(CaseRow))
#: The columns of a case in CSV (those of ``bizenv evaluate --show cases --format csv``): the JSON keys but the
#: sub-unit as written and the row, which a CSV reader finds beside its own file.
CSV_COLUMNS = tuple(key for key in JSON_KEYS if key not in ("sub_unit_as_written", "row"))
_CONVERTER = converter()


@attrs.frozen(slots=True)
class CaseOutput:
    """Where :func:`evaluate_file` writes every judged case, and in which format. ``target`` is a path (written
    beside and renamed into place once the whole file is judged, so a file refused half-way leaves nothing), or
    an open stream: text for ``json``, ``jsonl`` and ``csv``, binary for ``parquet``."""

    target: str | os.PathLike[str] | IO[Any]
    format: CaseFormat


@attrs.frozen(slots=True)
class FileEvaluation:
    """What :func:`evaluate_file` found: the summaries, the rejected rows (those of reading first, then those of
    judging), how the file was read, and how many cases were judged."""

    region: str
    convention: Convention
    as_of: dt.datetime | None
    summaries: tuple[TargetSummary, ...]
    rejections: tuple[Rejection, ...]
    info: ReadInfo
    cases: int

    def summary(self, target_id: str, sub_unit: str | None = None) -> TargetSummary:
        """The summary of one target, for all sub-units (None) or one."""
        return find_summary(self.summaries, target_id, sub_unit)


def output_format(path: str | os.PathLike[str]) -> CaseFormat:
    """The output format a file name asks for (``.json``, ``.jsonl``/``.ndjson``, ``.csv``, ``.parquet``)."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            "cannot tell the output format from the name: name the file *.json, *.jsonl, *.csv or *.parquet",
            source=str(path),
        )
    return SUFFIXES[suffix]


# -- text of a chunk's cases, made on columns -------------------------------------------------------------

#: Characters json.dumps escapes (ensure_ascii=False): quotes, backslashes and control characters.
_JSON_ESCAPED = r'[\x00-\x1f"\\]'
#: A cell the csv module quotes, or that bizenv's CSV writer guards against being run as a formula.
_CSV_CAREFUL = r'[,"\r\n]|^[=+\-@\t\r]'


def _plain_strings(column: Any) -> pa.Array:
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    result: pa.Array = column.cast(pa.string())
    return result


def _flags(array: pa.Array) -> np.ndarray[Any, np.dtype[np.bool_]]:
    return np.asarray(pc.fill_null(array, False).to_numpy(zero_copy_only=False), dtype=bool)


def _with(values: pa.Array, rows: np.ndarray[Any, Any], texts: Sequence[str]) -> pa.Array:
    """``values`` with the entries at ``rows`` replaced by ``texts``."""
    if not rows.size:
        return values
    mask = np.zeros(len(values), bool)
    mask[rows] = True
    result: pa.Array = pc.replace_with_mask(values, pa.array(mask), pa.array(list(texts), pa.string()))
    return result


def _data_bytes(strings: pa.Array) -> np.ndarray[Any, np.dtype[np.uint8]]:
    """The bytes of a string array's cells, one after the other."""
    data = strings.buffers()[2]
    if data is None or not len(strings):
        return np.zeros(0, np.uint8)
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int32)
    start, stop = int(offsets[strings.offset]), int(offsets[strings.offset + len(strings)])
    return np.frombuffer(data, dtype=np.uint8)[start:stop]


#: Bytes that json.dumps escapes: control characters, '"' and '\\'.
_JSON_MARKS = np.zeros(256, bool)
_JSON_MARKS[[*range(32), 34, 92]] = True
#: Bytes the csv module quotes for (',', '"', CR, LF) and those that begin a guarded formula cell.
_CSV_MARKS = np.zeros(256, bool)
_CSV_MARKS[[44, 34, 13, 10]] = True
_CSV_FIRST = np.zeros(256, bool)
_CSV_FIRST[[ord(c) for c in "=+-@\t\r"]] = True


def _has_bytes(data: np.ndarray[Any, Any], marks: np.ndarray[Any, Any]) -> bool:
    """Whether ``data`` holds a byte ``marks`` marks: a comparison or two a byte (a run of marks from 0 as one),
    not a table lookup a byte, which is several times slower."""
    values = np.flatnonzero(marks)
    below = 0
    while below < values.size and values[below] == below:
        below += 1
    if below and bool((data < below).any()):
        return True
    return any(bool((data == value).any()) for value in values[below:].tolist())


def _any_mark(strings: pa.Array, marks: np.ndarray[Any, Any], first: np.ndarray[Any, Any] | None = None) -> bool:
    """Whether any cell holds one of ``marks`` (or begins with one of ``first``): one look at the bytes, so
    that the per-cell pattern runs only on chunks that have such a cell."""
    data = _data_bytes(strings)
    if _has_bytes(data, marks):
        return True
    if first is None or not data.size:
        return False
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int32)[strings.offset : strings.offset + len(strings) + 1]
    starts = offsets[:-1][offsets[1:] > offsets[:-1]] - offsets[0]
    return bool(first[data[starts]].any())


def _json_strings(column: Any) -> pa.Array:
    """Each string as json.dumps writes it (null: ``null``)."""
    strings = _plain_strings(column)
    quoted = pc.binary_join_element_wise('"', strings, '"', "")
    careful = (
        np.flatnonzero(_flags(pc.match_substring_regex(strings, _JSON_ESCAPED)))
        if _any_mark(strings, _JSON_MARKS)
        else np.zeros(0, np.int64)
    )
    quoted = _with(quoted, careful, [json.dumps(v, ensure_ascii=False) for v in strings.take(careful).to_pylist()])
    result: pa.Array = pc.fill_null(quoted, "null")
    return result


def _float_texts(values: np.ndarray[Any, Any], *, missing: str) -> pa.Array:
    """Each float as ``repr`` writes it (what json and str give); NaN and infinities as ``missing``."""
    texts = pc.cast(pa.array(values, pa.float64()), pa.string())
    texts = pc.if_else(pc.match_substring(texts, "."), texts, pc.binary_join_element_wise(texts, ".0", ""))
    size = np.abs(values)
    # Arrow writes these without Python's exponent (1e-05, 1e+16): Python writes them.
    careful = np.flatnonzero(
        ~np.isfinite(values) | ((size > 0) & (size < 1e-4)) | (size >= 1e16) | _flags(pc.match_substring(texts, "e"))
    )
    listed = values[careful].tolist()
    return _with(texts, careful, [repr(v) if math.isfinite(v) else missing for v in listed])


def _iso_texts(column: Any, calendar: WorkingCalendar) -> pa.Array:
    """Each timestamp (in the calendar's zone) as ``datetime.isoformat`` writes it; nulls stay null."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    n = len(column)
    valid = _flags(pc.is_valid(column))
    utc = np.asarray(pc.fill_null(column.view(pa.int64()), 0).to_numpy(), dtype=np.int64)
    wall = cb.utc_to_wall_us(calendar.timezone, utc)
    offset = (wall - utc) // 1_000_000
    result = _iso_layout(wall // 1_000_000, offset)
    # Microseconds, offsets with seconds and years outside 1970–2099: Python's own isoformat.
    careful = np.flatnonzero(
        valid & ((wall % 1_000_000 != 0) | (offset % 60 != 0) | (utc < 0) | (utc >= 4_102_444_800_000_000))
    )
    if careful.size:
        moments = column.take(pa.array(careful)).to_pylist()
        result = _with(result, careful, [m.isoformat() for m in moments])
    if not valid.all():
        result = pc.if_else(pa.array(valid), result, pa.scalar(None, pa.string()))
    assert len(result) == n
    return result


def _iso_layout(seconds: np.ndarray[Any, Any], offset: np.ndarray[Any, Any]) -> pa.Array:
    """``YYYY-MM-DDTHH:MM:SS+HH:MM`` of wall-clock seconds and their offsets, written digit by digit into one
    byte matrix (years 1970–2099 of whole seconds and whole-minute offsets: the others are Python's)."""
    n = seconds.size
    days = seconds // 86400
    of_day = seconds - days * 86400
    calendar_days = days.astype("datetime64[D]")
    months = calendar_days.astype("datetime64[M]")
    cells = np.empty((n, 25), np.uint8)

    def put(at: int, value: np.ndarray[Any, Any], width: int) -> None:
        for k in range(width):
            cells[:, at + width - 1 - k] = 48 + (value // 10**k) % 10

    size = np.abs(offset)
    put(0, months.astype("datetime64[Y]").astype(np.int64) + 1970, 4)
    put(5, months.astype(np.int64) % 12 + 1, 2)
    put(8, (calendar_days - months.astype("datetime64[D]")).astype(np.int64) + 1, 2)
    put(11, of_day // 3600, 2)
    put(14, of_day // 60 % 60, 2)
    put(17, of_day % 60, 2)
    put(20, size // 3600, 2)
    put(23, size // 60 % 60, 2)
    cells[:, [4, 7]] = ord("-")
    cells[:, 10] = ord("T")
    cells[:, [13, 16, 22]] = ord(":")
    cells[:, 19] = np.where(offset < 0, ord("-"), ord("+"))
    offsets = pa.py_buffer(np.arange(n + 1, dtype=np.int32) * 25)
    result: pa.Array = pa.Array.from_buffers(pa.string(), n, [None, offsets, pa.py_buffer(cells.tobytes())])
    return result


def _joined_bytes(array: pa.Array) -> bytes:
    """The texts of a string array one after the other (its data buffer, without copying each)."""
    if not len(array):
        return b""
    array = array.cast(pa.string())
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)
    start, stop = int(offsets[array.offset]), int(offsets[array.offset + len(array)])
    data = array.buffers()[2]
    return data[start:stop].to_pybytes() if data is not None else b""


def _join(pieces: Sequence[pa.Array | str]) -> pa.Array:
    """Element-wise concatenation of arrays and constant texts."""
    result: pa.Array = pc.binary_join_element_wise(*pieces, "")
    return result


def json_case_texts(
    results: pa.Table,
    calendar: WorkingCalendar,
    *,
    indent: bool,
    before: str = "",
    after: str = "",
    record: str | None = None,
) -> pa.Array:
    """The JSON object of each case of a results table, as ``json.dumps`` writes :class:`CaseRow` (with
    ``indent=2`` inside a document's ``cases`` list, or on one line, with a first key ``record`` when given),
    with ``before`` and ``after`` it."""
    values: dict[str, pa.Array] = {}
    for key in ("case_id", "target_id", "measure_id", "sub_unit", "sub_unit_as_written", "status", "unit", "source"):
        values[key] = _json_strings(results.column(key))
    for key in ("duration", "excluded"):
        values[key] = _float_texts(results.column(key).to_numpy(), missing="null")
    due = _iso_texts(results.column("due"), calendar)
    values["due"] = pc.fill_null(pc.binary_join_element_wise('"', due, '"', ""), "null")
    values["provisional"] = pc.if_else(results.column("provisional"), "true", "false")
    values["row"] = pc.fill_null(results.column("row").cast(pa.string()), "null")
    if indent:
        first, between, last = '{\n      "', ',\n      "', "\n    }"
    else:
        first, between, last = '{"', ', "', "}"
        if record is not None:
            first = '{"record": ' + json.dumps(record) + ', "'
    pieces: list[pa.Array | str] = []
    for k, key in enumerate(JSON_KEYS):
        pieces += [(before + first if k == 0 else between) + key + '": ', values[key]]
    pieces.append(last + after)
    return _join([_chunked(p) for p in pieces])


def _chunked(piece: Any) -> Any:
    if isinstance(piece, pa.ChunkedArray):
        return piece.combine_chunks()
    return piece


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet program will not run as a formula (CSV injection); numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return "" if isinstance(value, float) and not math.isfinite(value) else str(value)
    text = str(value)
    if _NUMBER.fullmatch(text):
        return text
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_case_texts(results: pa.Table, calendar: WorkingCalendar) -> pa.Array:
    """The CSV line of each case of a results table (:data:`CSV_COLUMNS`), as the ``csv`` module writes it."""
    n = results.num_rows
    careful = np.zeros(n, bool)
    cells: dict[str, pa.Array] = {}
    for key, column in (
        ("case_id", "case_id"),
        ("target_id", "target_id"),
        ("measure_id", "measure_id"),
        ("sub_unit", "sub_unit_as_written"),
        ("status", "status"),
        ("unit", "unit"),
    ):
        strings = _plain_strings(results.column(column))
        if _any_mark(strings, _CSV_MARKS, _CSV_FIRST):
            careful |= _flags(pc.match_substring_regex(strings, _CSV_CAREFUL))
        cells[key] = pc.fill_null(strings, "")
    cells["duration"] = _float_texts(results.column("duration").to_numpy(), missing="")
    excluded = results.column("excluded").to_numpy()
    cells["excluded"] = pc.if_else(pa.array(excluded == 0), "0", _float_texts(excluded, missing=""))
    cells["due"] = pc.fill_null(_iso_texts(results.column("due"), calendar), "")
    cells["provisional"] = pc.if_else(results.column("provisional"), "True", "False")
    source = _plain_strings(results.column("source"))
    row = _chunked(results.column("row"))
    located = pc.binary_join_element_wise(source, row.cast(pa.string()), ":")
    source_cell = pc.if_else(pc.is_valid(row), located, source)
    if _any_mark(source_cell, _CSV_MARKS, _CSV_FIRST):
        careful |= _flags(pc.match_substring_regex(source_cell, _CSV_CAREFUL))
    cells["source"] = pc.fill_null(source_cell, "")
    pieces: list[pa.Array | str] = []
    for k, key in enumerate(CSV_COLUMNS):
        if k:
            pieces.append(",")
        pieces.append(_chunked(cells[key]))
    pieces.append("\n")
    lines = _join(pieces)
    rows = np.flatnonzero(careful)
    if rows.size:
        # The csv module and the formula guard, for the rows that need them.
        table = results.take(pa.array(rows)).to_pylist()
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        texts = []
        for r in table:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow([safe_cell(v) for v in _csv_values(r)])
            texts.append(buffer.getvalue())
        lines = _with(lines, rows, texts)
    return lines


def flat_case(r: Mapping[str, Any]) -> dict[str, Any]:
    """A results row (a :class:`CaseRow`'s fields) as the table and CSV outputs show a case
    (``bizenv evaluate --show cases``): the columns of :data:`CSV_COLUMNS`, the sub-unit as the record wrote it,
    the source with its row."""
    flat = {key: r[key] for key in CSV_COLUMNS}
    flat["sub_unit"] = r["sub_unit_as_written"]
    flat["excluded"] = 0 if r["excluded"] == 0 else r["excluded"]
    flat["due"] = r["due"].isoformat() if r["due"] is not None else None
    flat["source"] = f"{r['source']}:{r['row']}" if r["row"] is not None else r["source"]
    return flat


def _csv_values(r: Mapping[str, Any]) -> list[Any]:
    return list(flat_case(r).values())


# -- outputs ----------------------------------------------------------------------------------------------


def _write_bytes(out: TextIO, data: bytes) -> None:
    """UTF-8 text to a text stream: into its byte buffer when it has one that takes UTF-8 unchanged (no
    decoded copy of a chunk's text is made), else as text."""
    buffer = getattr(out, "buffer", None)
    encoding = getattr(out, "encoding", None)
    if buffer is not None and encoding and codecs.lookup(encoding).name == "utf-8" and os.linesep == "\n":
        out.flush()
        buffer.write(data)
    else:
        out.write(data.decode("utf-8"))


class _Sink(Protocol):
    def write(self, results: pa.Table) -> None: ...

    def finish(self, evaluation: FileEvaluation) -> None: ...


def _json_safe(value: Any) -> Any:
    """``value`` with NaN and infinities as null: JSON has no such numbers."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


def _indented_list(items: Sequence[Any]) -> str:
    """A list as ``json.dump(..., indent=2)`` writes it one level down."""
    return json.dumps(_json_safe(list(items)), ensure_ascii=False, indent=2, allow_nan=False).replace("\n", "\n  ")


class _JsonSink:
    """The ``bizenv-cases/2`` document, cases first."""

    def __init__(self, out: TextIO, evaluator: Evaluator, region: str) -> None:
        self.out = out
        self.calendar = evaluator.calendar
        self.cases = 0
        head = {
            "schema": DOCUMENTS["cases"][1],
            "region": region,
            "convention": evaluator.convention,
            "as_of": evaluator.as_of.isoformat() if evaluator.as_of is not None else None,
        }
        text = json.dumps(head, ensure_ascii=False, indent=2)
        out.write(text[:-2] + ',\n  "cases": [')

    def write(self, results: pa.Table) -> None:
        if not results.num_rows:
            return
        data = _joined_bytes(json_case_texts(results, self.calendar, indent=True, before=",\n    "))
        _write_bytes(self.out, data[1:] if not self.cases else data)
        self.cases += results.num_rows

    def finish(self, evaluation: FileEvaluation) -> None:
        summaries = [_CONVERTER.unstructure(s) for s in evaluation.summaries]
        rejections = [_CONVERTER.unstructure(rejection_row(r)) for r in evaluation.rejections]
        self.out.write(
            ("\n  ]" if self.cases else "]")
            + f',\n  "summaries": {_indented_list(summaries)},\n  "rejections": {_indented_list(rejections)}\n}}\n'
        )


def _line(record: str, data: Mapping[str, Any]) -> str:
    return json.dumps(_json_safe({"record": record, **data}), ensure_ascii=False, allow_nan=False) + "\n"


class _LinesSink:
    """JSON Lines: a header, the cases, the summaries, the rejections."""

    def __init__(self, out: TextIO, evaluator: Evaluator, region: str) -> None:
        self.out = out
        self.calendar = evaluator.calendar
        out.write(
            _line(
                "header",
                {
                    "schema": DOCUMENTS["case-lines"][1],
                    "region": region,
                    "convention": evaluator.convention,
                    "as_of": evaluator.as_of.isoformat() if evaluator.as_of is not None else None,
                },
            )
        )

    def write(self, results: pa.Table) -> None:
        if not results.num_rows:
            return
        texts = json_case_texts(results, self.calendar, indent=False, record="case", after="\n")
        _write_bytes(self.out, _joined_bytes(texts))

    def finish(self, evaluation: FileEvaluation) -> None:
        for s in evaluation.summaries:
            self.out.write(_line("summary", _CONVERTER.unstructure(s)))
        for r in evaluation.rejections:
            self.out.write(_line("rejection", _CONVERTER.unstructure(rejection_row(r))))


class _CsvSink:
    """One CSV row a case."""

    def __init__(self, out: TextIO, evaluator: Evaluator, region: str) -> None:
        self.out = out
        self.calendar = evaluator.calendar
        out.write(",".join(CSV_COLUMNS) + "\n")

    def write(self, results: pa.Table) -> None:
        if results.num_rows:
            _write_bytes(self.out, _joined_bytes(csv_case_texts(results, self.calendar)))

    def finish(self, evaluation: FileEvaluation) -> None:
        return None


class _ParquetSink:
    """The results table, a row group a chunk."""

    def __init__(self, out: Any, evaluator: Evaluator, region: str) -> None:
        import pyarrow.parquet as pq

        self.writer = pq.ParquetWriter(out, evaluator.empty_results().schema)

    def write(self, results: pa.Table) -> None:
        self.writer.write_table(results)

    def finish(self, evaluation: FileEvaluation) -> None:
        self.writer.close()

    def close(self) -> None:
        self.writer.close()


_SINKS: dict[CaseFormat, Callable[[Any, Evaluator, str], _Sink]] = {
    "json": _JsonSink,
    "jsonl": _LinesSink,
    "csv": _CsvSink,
    "parquet": _ParquetSink,
}


class _Outputs:
    """The outputs of one evaluation: files written beside their names and moved into place at the end."""

    def __init__(self, outputs: Sequence[CaseOutput], evaluator: Evaluator, region: str) -> None:
        self.sinks: list[_Sink] = []
        self.files: list[tuple[Path, Path, IO[Any] | None]] = []
        try:
            for output in outputs:
                target = output.target
                if isinstance(target, str | os.PathLike):
                    path = Path(target)
                    partial = path.with_name(f".{path.name}.partial")
                    handle: IO[Any] | None = None
                    if output.format == "parquet":
                        self.files.append((path, partial, None))
                        self.sinks.append(_SINKS["parquet"](str(partial), evaluator, region))
                    else:
                        handle = partial.open("w", encoding="utf-8", newline="")
                        self.files.append((path, partial, handle))
                        self.sinks.append(_SINKS[output.format](handle, evaluator, region))
                else:
                    self.sinks.append(_SINKS[output.format](target, evaluator, region))
        except BaseException:
            self.abort()
            raise

    def write(self, results: pa.Table) -> None:
        for sink in self.sinks:
            sink.write(results)

    def finish(self, evaluation: FileEvaluation) -> None:
        for sink in self.sinks:
            sink.finish(evaluation)
        for path, partial, handle in self.files:
            if handle is not None:
                handle.close()
            partial.replace(path)
        self.files = []

    def abort(self) -> None:
        for sink in self.sinks:
            if isinstance(sink, _ParquetSink):
                sink.close()
        for _path, partial, handle in self.files:
            if handle is not None:
                handle.close()
            partial.unlink(missing_ok=True)
        self.files = []


def evaluate_file(
    profile: RegionProfile,
    cases: str | os.PathLike[str] | Any,
    out: str | os.PathLike[str] | IO[Any] | None = None,
    *,
    format: CaseFormat | None = None,
    outputs: Sequence[CaseOutput] = (),
    calendar: WorkingCalendar | None = None,
    convention: Convention = "elapsed",
    as_of: dt.datetime | None = None,
    zone: str | None = None,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    chunk_rows: int = CHUNK_ROWS,
    on_chunk: Callable[[pa.Table], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> FileEvaluation:
    """Judge a case file (or a DataFrame / Arrow table) against the profile's time limits, a chunk at a time,
    writing each judged case to ``out`` (a path, whose suffix names the format unless ``format`` does, or an open
    stream with ``format``) and to each of ``outputs``, and return the summaries and rejections.

    The file is read by the rules of :func:`bizenv.inputs.read_cases` (``zone``: the zone of times written
    without one; ``columns``, ``sheet``, ``encoding``, ``delimiter`` as there) and judged as
    :func:`bizenv.evaluate.evaluate_cases` judges (``calendar`` defaults to the region's). Memory is bounded by
    ``chunk_rows``, not by the file. ``on_chunk`` receives each chunk's results table
    (:func:`bizenv.evaluate.table.result_schema`); ``progress`` (done, total) after each chunk, in bytes of a
    text file or rows otherwise.
    """
    wanted = list(outputs)
    if out is not None:
        if format is None:
            if not isinstance(out, str | os.PathLike):
                raise InputError("an output stream needs its format: format='json', 'jsonl', 'csv' or 'parquet'")
            format = output_format(out)
        wanted.insert(0, CaseOutput(out, format))
    for output in wanted:
        if output.format not in _SINKS:
            raise InputError(f"no output format {output.format!r}: json, jsonl, csv or parquet")
    reading = case_batches(
        cases,
        zone=zone,
        columns=columns,
        sheet=sheet,
        encoding=encoding,
        delimiter=delimiter,
        chunk_rows=chunk_rows,
    )
    evaluator = Evaluator(profile, calendar, convention=convention, as_of=as_of, zone=zone)
    judged: list[Rejection] = []
    count = 0
    sinks = _Outputs(wanted, evaluator, profile.id)
    try:
        for chunk in evaluator.judge((batch, reading.source) for batch in reading):
            judged += chunk.rejections
            count += chunk.results.num_rows
            sinks.write(chunk.results)
            if on_chunk is not None:
                on_chunk(chunk.results)
            if progress is not None:
                progress(*reading.progress)
        if progress is not None:
            progress(*reading.progress)  # the end of the file, read once the last chunk is out
        evaluation = FileEvaluation(
            profile.id,
            convention,
            as_of,
            evaluator.summaries(),
            (*reading.rejections, *judged),
            reading.info,
            count,
        )
        sinks.finish(evaluation)
    except BaseException:
        sinks.abort()
        raise
    return evaluation


__all__ = [
    "CSV_COLUMNS",
    "SUFFIXES",
    "CaseFormat",
    "CaseOutput",
    "FileEvaluation",
    "csv_case_texts",
    "evaluate_file",
    "json_case_texts",
    "output_format",
    "safe_cell",
]
