"""Case files read in chunks, as Arrow batches, by the same rules as the row reader.

:func:`case_batches` reads CSV/TSV text, Parquet, Excel, OpenDocument, JSON, a pandas DataFrame or a pyarrow
Table a chunk at a time and yields case batches (:data:`~bizenv.inputs.batches.CASE_SCHEMA`); its
rejections and :class:`~bizenv.inputs.ReadInfo` are those of the row reader
(:func:`~bizenv.inputs.readers.read_cases_rows`), row for row. Memory is bounded by the chunk, not the file.

How the rules are kept while the work is done on columns: a row is read by the vectorised path only when
each of its cells is of a form whose reading is certain (plain text, an empty cell, a date-time written
``2025-03-03 10:30[:00][+08:00]``, with ``/`` or ``.`` between the parts of the day, ``2025年3月3日 10时30分``,
``20250303 10:30``, or an Excel day number with its fraction, as text or a number); any other row, and
any row with something to reject, is read by the row reader's own code (:func:`~bizenv.inputs.readers.row_outcome`).
CSV text is parsed by pyarrow's reader block by block when a block has no quotes, no lone carriage returns and
no row of another width, and by Python's ``csv`` module otherwise, so that line numbers stay the file's own.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from bizenv.calendars.batch import DAY_US, US, utc_to_wall_us, wall_to_utc_us
from bizenv.errors import InputError
from bizenv.i18n import message
from bizenv.inputs import values
from bizenv.inputs.batches import CASE_SCHEMA, INSTANT, records_from_batch, records_to_batch
from bizenv.inputs.columns import Header, find_header, is_totals_row, missing_columns_error
from bizenv.inputs.readers import (
    FIELDS,
    Opened,
    Read,
    ReadInfo,
    _check_mapping,
    _data_rows,
    _open_sheet,
    _uncached,
    case_builder,
    check_time_columns,
    combined_info,
    open_source,
    row_outcome,
    sheet_info,
)
from bizenv.inputs.sheets import SPREADSHEET_SUFFIXES, Sheet, _sniff_delimiter, check_path, table_error
from bizenv.records import CaseRecord, Origin, Rejection
from bizenv.textfile import TextFileError, decode, detect_encoding

#: Rows in a chunk: a few tens of megabytes of Arrow data, whatever the file's size.
CHUNK_ROWS = 50_000
#: Bytes of text read at once.
BLOCK_BYTES = 2 << 20
_FIRST_BLOCK_BYTES = 1 << 16
#: Python's whitespace among ASCII characters (what ``str.strip`` removes from ASCII text).
_WS = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
_EMPTY_ASCII = pa.array(sorted(w for w in values._EMPTY_WORDS if w.isascii()))
_SPACE = r"[ \t\n\r\x0b\x0c\x1c-\x1f]"
# A totals word as ``is_totals_row`` reads ASCII text: spaces anywhere, stars before it, colons after it.
_TOTAL_ASCII = (
    rf"(?i)^(?:{_SPACE}|\*)*(?:"
    + "|".join(f"{_SPACE}*".join(word) for word in ("totals", "total", "subtotal", "sum"))
    + rf")(?:{_SPACE}|:)*$"
)
_MOMENT = (
    r"^(?P<y>\d{4})(?P<s1>[-/.])(?P<mo>\d{1,2})(?P<s2>[-/.])(?P<d>\d{1,2})[T ](?P<h>\d{1,2}):(?P<mi>\d{2})"
    r"(?::(?P<se>\d{2})(?:\.(?P<f>\d{1,6}))?)?(?P<z>Z|[+-]\d{2}:?\d{2})?$"
)
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


# -- cells as columns -------------------------------------------------------------------------------------


def _bools(array: Any) -> BoolArray:
    return np.asarray(pc.fill_null(array, False).to_numpy(zero_copy_only=False), dtype=bool)


_IS_SPACE = np.zeros(256, bool)
_IS_SPACE[[ord(c) for c in _WS]] = True


def _string_buffers(array: pa.Array) -> tuple[npt.NDArray[Any], npt.NDArray[np.uint8]]:
    """The offsets (as the array stores them: no copy) and the data bytes of a string array."""
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        array = array.cast(pa.string())
    width = np.int64 if pa.types.is_large_string(array.type) else np.int32
    n = len(array)
    offsets = np.frombuffer(array.buffers()[1], dtype=width)[array.offset : array.offset + n + 1]
    data_buffer = array.buffers()[2]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.zeros(0, np.uint8)
    return offsets, data


def _has_outer_space(array: pa.Array) -> bool:
    """Whether any cell of a string array begins or ends with whitespace (looked at on the bytes)."""
    offsets, data = _string_buffers(array)
    if not data.size:
        return False
    starts, ends = offsets[:-1], offsets[1:]
    filled = ends > starts
    if not filled.any():
        return False
    return bool(_IS_SPACE[data[starts[filled]]].any() or _IS_SPACE[data[ends[filled] - 1]].any())


#: The first bytes of the ASCII words for "nothing" (lower or upper case).
_EMPTY_START = np.zeros(256, bool)
_EMPTY_START[[ord(c) for w in values._EMPTY_WORDS if w.isascii() and w for c in (w[0], w[0].upper())]] = True


def _could_be_empty(array: pa.Array) -> BoolArray:
    """Whether each cell (trimmed) is empty, or is at most 4 bytes long and begins as a word for "nothing" does."""
    offsets, data = _string_buffers(array)
    n = len(array)
    lengths = np.diff(offsets)
    if not data.size or not n:
        result: BoolArray = lengths == 0
        return result
    first = data[np.minimum(offsets[:-1], data.size - 1)]
    found: BoolArray = (lengths == 0) | ((lengths <= 4) & _EMPTY_START[first])
    return found


def _texts(array: pa.Array) -> tuple[pa.Array, BoolArray]:
    """Each cell as ``values.text`` reads it, and whether ``values.is_empty`` says it is empty."""
    n = len(array)
    if n == 0:
        return pa.array([], pa.string()), np.zeros(0, bool)
    valid = _bools(pc.is_valid(array)) if array.null_count else np.ones(n, bool)
    ascii_ = _bools(pc.string_is_ascii(array))
    trimmed = pc.utf8_trim(array, _WS) if _has_outer_space(array) else array
    # Only short cells that begin as one of the words for "nothing" (-, /, n/a, none …) can be one: told on
    # the bytes, so that a column of short ids is not lowered and looked up cell by cell.
    empty = ~valid
    short = np.flatnonzero(_could_be_empty(trimmed) & valid)
    if short.size:
        cells = trimmed.take(pa.array(short))
        empty[short] = _bools(pc.is_in(pc.utf8_lower(cells), value_set=_EMPTY_ASCII))
    other = np.flatnonzero(~ascii_ & valid)
    if not other.size:
        return trimmed, empty
    # Text beyond ASCII (Chinese names, full-width digits): the row reader's own functions, once per value.
    cells = array.take(pa.array(other)) if other.size != n else array
    encoded = pc.dictionary_encode(cells)
    distinct = encoded.dictionary
    listed = distinct.to_pylist()
    texts = [values.normalise(v) for v in listed]
    empties = np.array([values.is_empty(v) for v in listed], dtype=bool)
    where = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    empty[other] = empties[where]
    if texts == listed and trimmed is array:
        return trimmed, empty  # every such text reads as it is written (the common case: plain Chinese names)
    index = np.arange(n)
    index[other] = n + where
    combined = pa.concat_arrays([trimmed.cast(pa.string()), pa.array(texts, pa.string())])
    return combined.take(pa.array(index)), empty


_TOTAL_START = np.zeros(256, bool)
_TOTAL_START[[ord(c) for c in _WS + "*tTsS"]] = True
_TOTAL_START[128:] = True  # text beyond ASCII (合计 …) is looked at in full


def _total_words(array: pa.Array) -> BoolArray:
    """Whether each cell, as the first filled cell of its row, marks a row of totals (``is_totals_row``)."""
    strings = array.cast(pa.large_string())
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int64)[strings.offset : strings.offset + len(strings) + 1]
    data_buffer = strings.buffers()[2]
    result = np.zeros(len(strings), bool)
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.zeros(0, np.uint8)
    if not data.size:
        return result
    # Only a cell that begins with a space, a star, t, s or a character beyond ASCII can be a totals word.
    starts = np.minimum(offsets[:-1], max(data.size - 1, 0))
    candidates = np.flatnonzero((offsets[1:] > offsets[:-1]) & _TOTAL_START[data[starts]])
    if not candidates.size:
        return result
    array = strings.take(pa.array(candidates))
    ascii_ = _bools(pc.string_is_ascii(array))
    found = _bools(pc.match_substring_regex(array, _TOTAL_ASCII))
    other = np.flatnonzero(~ascii_)
    if other.size:
        cells = array.take(pa.array(other))
        distinct = pc.unique(cells)
        marks = np.array([is_totals_row([v]) is not None for v in distinct.to_pylist()], dtype=bool)
        found[other] = marks[np.asarray(pc.index_in(cells, value_set=distinct).to_numpy(), dtype=np.int64)]
    result[candidates] = found
    return result


def _ints(array: Any) -> IntArray:
    return np.asarray(pc.fill_null(pc.cast(array, pa.int64()), 0).to_numpy(), dtype=np.int64)


def _moments(array: pa.Array, zone: str | None) -> tuple[BoolArray, IntArray, IntArray]:
    """Date-times in the plain forms, read as ``values.datetime`` reads them: (read, UTC microseconds, offset
    seconds). A cell not read here (another form, a day that does not exist, no zone and none given) is left to
    the row reader."""
    ok, utc, offset = _fixed_moments(array, zone)
    valid = _bools(pc.is_valid(array))
    for parse in (_pattern_moments, _office_moments, _serial_text_moments):
        rest = np.flatnonzero(~ok & valid)
        if not rest.size:
            break
        ok_rest, utc_rest, offset_rest = parse(array.take(pa.array(rest)), zone)
        ok[rest], utc[rest], offset[rest] = ok_rest, utc_rest, offset_rest
    return ok, utc, offset


#: The byte layouts of the commonest date-times, by length: where the digits are and what stands between them
#: ("D" a digit, "-" the date separator, "T" T or a space, ":" a colon, "Z" Z, "+" a sign).
_LAYOUTS = {
    16: "DDDD-DD-DDTDD:DD",
    17: "DDDD-DD-DDTDD:DDZ",
    19: "DDDD-DD-DDTDD:DD:DD",
    20: "DDDD-DD-DDTDD:DD:DDZ",
    21: "DDDD-DD-DDTDD:DD+DDDD",
    22: "DDDD-DD-DDTDD:DD+DD:DD",
    24: "DDDD-DD-DDTDD:DD:DD+DDDD",
    25: "DDDD-DD-DDTDD:DD:DD+DD:DD",
}


def _number(cells: npt.NDArray[Any], first: int, width: int) -> IntArray:
    """The number the digits ``cells[:, first:first + width]`` write (``cells``: digit values, not bytes)."""
    value = cells[:, first].astype(np.int64)
    for k in range(first + 1, first + width):
        value = value * 10 + cells[:, k]
    return value


#: Days before each month in a common year (index 0: January).
_DAYS_BEFORE = np.array([0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334], np.int64)
_MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int64)


def _is_leap(year: IntArray) -> BoolArray:
    result: BoolArray = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    return result


def _civil_days(year: IntArray, month: IntArray, day: IntArray) -> tuple[IntArray, BoolArray]:
    """Days since 1970-01-01 of each (year, month, day), and whether the day exists (month 1-12, day within
    the month): integer arithmetic, without NumPy's calendar conversions."""
    exists = (month >= 1) & (month <= 12) & (day >= 1)
    m = np.clip(month, 1, 12) - 1
    leap = _is_leap(year)
    exists &= day <= _MONTH_DAYS[m] + (leap & (m == 1))
    before = year - 1
    days = (
        (year - 1970) * 365
        + (before // 4 - before // 100 + before // 400 - 477)  # leap days of 1970 .. year-1 (477 before 1970)
        + _DAYS_BEFORE[m]
        + (leap & (m >= 2))
        + day
        - 1
    )
    return days, exists


def _fixed_moments(array: pa.Array, zone: str | None) -> tuple[BoolArray, IntArray, IntArray]:
    """The date-times of :data:`_LAYOUTS`, read on their bytes (a fixed layout needs no pattern matching)."""
    n = len(array)
    ok = np.zeros(n, bool)
    utc = np.zeros(n, np.int64)
    offset = np.zeros(n, np.int64)
    lengths = np.asarray(pc.fill_null(pc.binary_length(array), 0).to_numpy(), dtype=np.int64)
    for length, layout in _LAYOUTS.items():
        rows = np.flatnonzero(lengths == length)
        if not rows.size:
            continue
        # Every cell of one length (the common case): its bytes as they are, without a copy.
        picked = (array if rows.size == n else array.take(pa.array(rows))).cast(pa.string())
        data = picked.buffers()[2]
        assert data is not None
        first = int(np.frombuffer(picked.buffers()[1], dtype=np.int32)[picked.offset])
        cells = np.frombuffer(data, dtype=np.uint8)[first : first + rows.size * length].reshape(rows.size, length)
        digit_at = [k for k, mark in enumerate(layout) if mark == "D"]
        # Bytes below "0" wrap around past 9 in uint8: one comparison tells the digits.
        good = ((cells[:, digit_at] - np.uint8(48)) <= 9).all(axis=1)
        for k, mark in enumerate(layout):
            column = cells[:, k]
            if mark == "D":
                continue
            elif mark == "-":
                good &= (column == cells[:, 4]) & ((column == 45) | (column == 47) | (column == 46))
            elif mark == "T":
                good &= (column == 84) | (column == 32)
            elif mark == ":":
                good &= column == 58
            elif mark == "Z":
                good &= column == 90
            elif mark == "+":
                good &= (column == 43) | (column == 45)
        digits = cells - np.uint8(48)  # digit values where the layout has digits (checked above)
        year, month, day = _number(digits, 0, 4), _number(digits, 5, 2), _number(digits, 8, 2)
        hour, minute = _number(digits, 11, 2), _number(digits, 14, 2)
        second = _number(digits, 17, 2) if layout[16:19] == ":DD" else np.zeros(rows.size, np.int64)
        zone_at = layout.find("+")
        zone_offset = np.zeros(rows.size, np.int64)
        if zone_at >= 0:
            sign = np.where(cells[:, zone_at] == 45, -1, 1)
            minutes_at = zone_at + (4 if layout[zone_at + 3] == ":" else 3)
            zone_minutes = _number(digits, minutes_at, 2)
            good &= zone_minutes <= 59  # +08:99 is no offset: the row reader says so
            zone_offset = sign * (_number(digits, zone_at + 1, 2) * 3600 + zone_minutes * 60)
        days, exists = _civil_days(year, month, day)
        good &= (year >= values.MIN_YEAR) & exists
        good &= (hour <= 23) & (minute <= 59) & (second <= 59)
        good &= np.abs(zone_offset) <= values.MAX_OFFSET_MINUTES * 60
        # Cells that only look like the layout (other bytes in its places) hold no time: none is converted.
        wall = np.where(good, days * DAY_US + ((hour * 60 + minute) * 60 + second) * US, 0)
        if zone_at < 0 and "Z" not in layout:
            if zone is None:
                continue  # no zone in the text and none given: the row reader says so
            tz = values.zone_info(zone)
            here = wall_to_utc_us(tz, wall)
            zone_offset = (wall - here) // US
        else:
            here = wall - zone_offset * US
        ok[rows] = good
        utc[rows] = here
        offset[rows] = zone_offset
    return ok, utc, offset


#: The office forms ``values.datetime`` reads beyond :data:`_MOMENT`: ``2024年6月30日 10时00分[30秒]``, the
#: compact day ``20240630 10:00``, ``-``/``/``/``.`` days with spaces or ``T`` before the time, seconds after
#: ``时``/``分``. Only ASCII digits, and a day always ended by 日, a ``T`` or a space: a cell the row reader
#: could read another way (``2025-3-31:00``, full-width digits, spaces at the ends) is left to it.
_OFFICE = (
    r"^(?P<y>[0-9]{4})(?:(?P<s1>[-/.])(?P<mo>[0-9]{1,2})(?P<s2>[-/.])(?P<d>[0-9]{1,2})[T ]+"
    r"|年(?P<mo2>[0-9]{1,2})月(?P<d2>[0-9]{1,2})(?:日[T ]*|[T ]+)|(?P<mo3>[0-9]{2})(?P<d3>[0-9]{2})[T ]+)"
    r"(?P<h>[0-9]{1,2})(?::|时)(?P<mi>[0-9]{2})分?(?::?(?P<se>[0-9]{2})(?:\.(?P<f>[0-9]{1,6}))?秒?)?"
    r"(?P<z>Z|[+-][0-9]{2}:?[0-9]{2})?$"
)
#: An Excel day number written as text, with the fraction that carries the time of day.
_SERIAL_TEXT = r"^[0-9]{5}\.[0-9]+$"
_EXCEL_EPOCH_DAYS = -25569  # 1899-12-30, day 0 of Excel's 1900 date system, in days since 1970-01-01


def _field_ints(parts: Any, name: str, pad: int = 0) -> IntArray:
    """The number a group of ``extract_regex`` matched (0 where it matched nothing)."""
    text = parts.field(name)
    if pad:
        text = pc.utf8_rpad(text, pad, "0")
    text = pc.if_else(pc.equal(text, ""), "0", text)
    return _ints(pc.fill_null(text, "0"))


def _offsets(zone_text: pa.Array, matched: BoolArray) -> tuple[BoolArray, IntArray, BoolArray]:
    """The zones written after times (``Z``, ``+08:00``, ``+0800``, nothing): whether each time has one, its
    offset in seconds, and whether that offset is one the row reader accepts."""
    has_zone = _bools(pc.not_equal(zone_text, "")) & matched
    sign = np.where(_bools(pc.starts_with(zone_text, "-")), -1, 1)
    digits = pc.replace_substring(pc.utf8_slice_codeunits(zone_text, 1), ":", "")
    digits = pc.if_else(pc.equal(pc.utf8_length(digits), 4), digits, "0000")
    zh = _ints(pc.utf8_slice_codeunits(digits, 0, 2))
    zm = _ints(pc.utf8_slice_codeunits(digits, 2, 4))
    offset: IntArray = np.where(_bools(pc.equal(zone_text, "Z")), 0, sign * (zh * 3600 + zm * 60))
    return has_zone, offset, (np.abs(offset) <= values.MAX_OFFSET_MINUTES * 60) & (zm <= 59)


def _in_zone(
    ok: BoolArray, wall: IntArray, offset: IntArray, has_zone: BoolArray, zone: str | None
) -> tuple[BoolArray, IntArray, IntArray]:
    """UTC microseconds and offsets of wall-clock times: by their own offset, or in ``zone`` for times written
    without one (left to the row reader, which says the file needs a zone, when there is none)."""
    utc = wall - offset * US
    naive = ok & ~has_zone
    if naive.any():
        if zone is None:
            ok = ok & ~naive
        else:
            tz = values.zone_info(zone)
            local = wall[naive]
            utc[naive] = wall_to_utc_us(tz, local)
            offset[naive] = (local - utc[naive]) // US
    return ok, utc, offset


def _office_moments(array: pa.Array, zone: str | None) -> tuple[BoolArray, IntArray, IntArray]:
    """The office forms of :data:`_OFFICE`, by a regular expression, checked as ``values.datetime`` checks them."""
    n = len(array)
    parts = pc.extract_regex(array, _OFFICE)
    matched = _bools(parts.is_valid())
    if not matched.any():
        return matched, np.zeros(n, np.int64), np.zeros(n, np.int64)
    year = _field_ints(parts, "y")
    # One of the three day forms matched: the others' groups are empty (0).
    month = _field_ints(parts, "mo") + _field_ints(parts, "mo2") + _field_ints(parts, "mo3")
    day = _field_ints(parts, "d") + _field_ints(parts, "d2") + _field_ints(parts, "d3")
    hour, minute, second = _field_ints(parts, "h"), _field_ints(parts, "mi"), _field_ints(parts, "se")
    micro = _field_ints(parts, "f", 6)
    same_sep = _bools(pc.equal(parts.field("s1"), parts.field("s2")))
    days, exists = _civil_days(year, month, day)
    ok = matched & same_sep & exists & (year >= values.MIN_YEAR) & (hour <= 23) & (minute <= 59) & (second <= 59)
    wall = days * DAY_US + ((hour * 60 + minute) * 60 + second) * US + micro
    has_zone, offset, zone_ok = _offsets(parts.field("z"), matched)
    return _in_zone(ok & zone_ok, wall, offset, has_zone, zone)


def _serial_moments(serial: npt.NDArray[np.float64], zone: str | None) -> tuple[BoolArray, IntArray, IntArray]:
    """Excel day numbers with a fraction (the time of day) as ``values.datetime`` reads them: within 1954-2119,
    the time rounded to the second (half to even, as Python's ``round``), a time without a zone."""
    n = serial.size
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(serial) & (serial >= 20000.0) & (serial <= 80000.0) & (serial != np.floor(serial))
    seconds = np.rint(np.where(ok, serial, 30000.0) * 86400).astype(np.int64)
    wall = _EXCEL_EPOCH_DAYS * DAY_US + seconds * US
    return _in_zone(ok, wall, np.zeros(n, np.int64), np.zeros(n, bool), zone)


def _serial_text_moments(array: pa.Array, zone: str | None) -> tuple[BoolArray, IntArray, IntArray]:
    """Excel day numbers written as text (``45473.4167``)."""
    n = len(array)
    matched = _bools(pc.match_substring_regex(array, _SERIAL_TEXT))
    if not matched.any():
        return matched, np.zeros(n, np.int64), np.zeros(n, np.int64)
    # Arrow reads decimal text to the nearest double, as Python's float() does.
    numbers = pc.cast(pc.if_else(pa.array(matched), array, "0"), pa.float64())
    serial = np.asarray(pc.fill_null(numbers, 0.0).to_numpy(zero_copy_only=False), dtype=np.float64)
    ok, utc, offset = _serial_moments(np.where(matched, serial, np.nan), zone)
    return ok & matched, utc, offset


def _pattern_moments(array: pa.Array, zone: str | None) -> tuple[BoolArray, IntArray, IntArray]:
    """The other forms :data:`_MOMENT` matches, by a regular expression."""
    n = len(array)
    parts = pc.extract_regex(array, _MOMENT)
    matched = _bools(parts.is_valid())
    if not matched.any():
        return matched, np.zeros(n, np.int64), np.zeros(n, np.int32).astype(np.int64)

    def field(name: str, pad: int = 0) -> IntArray:
        text = parts.field(name)
        if pad:
            text = pc.utf8_rpad(text, pad, "0")
        text = pc.if_else(pc.equal(text, ""), "0", text)
        return _ints(pc.fill_null(text, "0"))

    year, month, day = field("y"), field("mo"), field("d")
    hour, minute, second, micro = field("h"), field("mi"), field("se"), field("f", 6)
    same_sep = _bools(pc.equal(parts.field("s1"), parts.field("s2")))
    month_start = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
    month_days = ((month_start + 1).astype("datetime64[D]") - month_start.astype("datetime64[D]")).astype(np.int64)
    ok = (
        matched
        & same_sep
        & (year >= values.MIN_YEAR)
        & (month >= 1)
        & (month <= 12)
        & (day >= 1)
        & (day <= np.where((month >= 1) & (month <= 12), month_days, 0))
        & (hour <= 23)
        & (minute <= 59)
        & (second <= 59)
    )
    days = month_start.astype("datetime64[D]").astype(np.int64) + day - 1
    wall = days * DAY_US + ((hour * 60 + minute) * 60 + second) * US + micro
    has_zone, offset, zone_ok = _offsets(parts.field("z"), matched)
    return _in_zone(ok & zone_ok, wall, offset, has_zone, zone)


# -- one chunk of rows ------------------------------------------------------------------------------------


class _Assembler:
    """Turns rows of cells into case batches and rejections, by the rules of the row reader."""

    def __init__(self, header: Header, name: str, zone: str | None, *, spreadsheet: bool = False) -> None:
        self.header = header
        self.name = name
        self.zone = zone
        self.spreadsheet = spreadsheet
        self.build: Callable[[Any, Origin], CaseRecord] = case_builder(zone)
        self.rejections: list[Rejection] = []
        self.totals: list[int] = []
        self.blanks = [header.blank_rows]
        self.rows = 0

    def row_batch(self, rows: Sequence[tuple[int, Sequence[Any]]]) -> pa.Table:
        """Rows read one by one by the row reader's code (rows not yet checked for blanks or totals)."""
        records: list[CaseRecord] = []
        for number, cells in _data_rows(iter(rows), self.totals, self.header, self.blanks):
            if self.spreadsheet:
                _uncached(cells, self.header, self.name)
            outcome = row_outcome(self.build, cells, self.header, Origin(self.name, number), "case_id")
            self.rows += 1
            if isinstance(outcome, Rejection):
                self.rejections.append(outcome)
            else:
                records.append(outcome)
        return records_to_batch(records)

    def column_batch(
        self, numbers: IntArray, columns: Sequence[pa.Array], width_ok: BoolArray | None = None
    ) -> pa.Table:
        """Rows given as columns (string or typed Arrow arrays, one per header column, every row as wide as the
        header, unless ``width_ok`` says otherwise): the plain rows on columns, the others row by row."""
        n = numbers.size
        if n == 0:
            return CASE_SCHEMA.empty_table()
        empties: list[BoolArray] = []
        texts: dict[int, pa.Array] = {}
        plain_cells: list[BoolArray] = []
        for index, column in enumerate(columns):
            kind = column.type
            if pa.types.is_dictionary(kind):
                column = column.cast(kind.value_type)
                kind = column.type
            if pa.types.is_integer(kind):
                column = column.cast(pa.string())
                kind = column.type
            if pa.types.is_string(kind) or pa.types.is_large_string(kind):
                text, empty = _texts(column)
                texts[index] = text
                plain_cells.append(np.ones(n, bool))
            else:
                empty = ~_bools(pc.is_valid(column))
                if pa.types.is_floating(kind):
                    empty |= _bools(pc.is_nan(column))
                plain_cells.append(empty | pa.types.is_timestamp(kind))
            empties.append(empty)
        empty_all = np.logical_and.reduce(empties) if empties else np.ones(n, bool)
        # Totals: the first filled cell of the row is 合计, total … (only text can be).
        first_filled = np.full(n, -1)
        for index in range(len(columns) - 1, -1, -1):
            first_filled = np.where(~empties[index], index, first_filled)
        totals = np.zeros(n, bool)
        for index in texts:
            at = np.flatnonzero(first_filled == index)
            if at.size:
                totals[at] = _total_words(columns[index].take(pa.array(at)).cast(pa.string()))
        if totals.any():
            # As ``is_totals_row`` with the header: a row with every other required field filled is data.
            lacking = np.zeros(n, bool)
            required = [self.header.columns[f][0] for f in self.header.required if f in self.header.columns]
            for index in required:
                lacking |= empties[index] & (first_filled != index)
            if any(True for _ in required):
                totals &= lacking | np.logical_and.reduce([first_filled == i for i in required])
        self.blanks[0] += int(empty_all.sum())
        data = ~empty_all & ~totals
        if width_ok is not None:
            data &= width_ok
        self.totals += numbers[~empty_all & totals & (width_ok if width_ok is not None else True)].tolist()

        plain = data.copy()
        fields = {name: index for name, (index, _w) in self.header.columns.items()}

        def text_field(name: str, required: bool) -> tuple[pa.Array | None, BoolArray]:
            index = fields.get(name)
            if index is None:
                return None, np.ones(n, bool)
            if index not in texts:
                nonlocal plain
                # A typed cell in a text column (a number, a date): the row reader decides.
                plain &= np.zeros(n, bool) if required else empties[index]
                return None, empties[index]
            if required:
                plain &= ~empties[index]
            return texts[index], empties[index]

        case_id, _e = text_field("case_id", True)
        target_id, _e = text_field("target_id", True)
        sub_unit, sub_empty = text_field("sub_unit", False)
        if "excluded" in fields:
            plain &= empties[fields["excluded"]]

        def moment_field(name: str, required: bool) -> tuple[IntArray, IntArray, BoolArray]:
            index = fields.get(name)
            if index is None:
                return np.zeros(n, np.int64), np.zeros(n, np.int64), np.ones(n, bool)
            column, empty = columns[index], empties[index]
            if pa.types.is_integer(column.type):
                column = column.cast(pa.string())  # whole numbers are no time of the plain forms: as text
            plain_here = ~empty if required else np.ones(n, bool)
            kind = column.type
            if pa.types.is_timestamp(kind):
                ok, utc, offset = _typed_moments(column, self.zone)
            elif pa.types.is_floating(kind):
                serial = np.asarray(pc.fill_null(column.cast(pa.float64()), np.nan).to_numpy(), dtype=np.float64)
                ok, utc, offset = _serial_moments(serial, self.zone)
            elif index in texts:
                ok, utc, offset = _moments(column, self.zone)
            else:
                ok, utc, offset = np.zeros(n, bool), np.zeros(n, np.int64), np.zeros(n, np.int64)
            nonlocal plain
            plain &= plain_here & (empty | ok)
            return utc, offset, empty

        start, start_offset, _e = moment_field("submitted_at", True)
        end, end_offset, end_empty = moment_field("completed_at", False)
        for cells_plain in plain_cells:
            _ = cells_plain  # typed cells in columns no field reads do not matter
        fast = np.flatnonzero(plain)
        slow = np.flatnonzero(data & ~plain)
        self.rows += int(fast.size)
        batches = []
        if fast.size:
            every = fast.size == n

            def pick(column: pa.Array) -> pa.Array:
                return column if every else column.take(pa.array(fast))

            assert case_id is not None and target_id is not None
            sub = (
                pa.array(np.full(fast.size, None), pa.string())
                if sub_unit is None
                else pc.if_else(pa.array(sub_empty[fast]), pa.scalar(None, pa.string()), pick(sub_unit))
            )
            done = end_empty[fast]
            batches.append(
                pa.table(
                    {
                        "case_id": pick(case_id).cast(pa.string()),
                        "target_id": pick(target_id).cast(pa.string()),
                        "submitted_at": pa.array(start[fast], pa.int64()).cast(INSTANT),
                        "submitted_offset": pa.array(start_offset[fast], pa.int32()),
                        "completed_at": pa.array(end[fast], pa.int64(), mask=done).cast(INSTANT),
                        "completed_offset": pa.array(end_offset[fast], pa.int32(), mask=done),
                        "sub_unit": sub.cast(pa.string()),
                        "excluded": pa.nulls(fast.size, CASE_SCHEMA.field("excluded").type),
                        "row": pa.array(numbers[fast], pa.int64()),
                    },
                    schema=CASE_SCHEMA,
                )
            )
        if slow.size:
            python_columns = [c.take(pa.array(slow)).to_pylist() for c in columns]
            rows = [(int(numbers[k]), [_plain(col[j]) for col in python_columns]) for j, k in enumerate(slow.tolist())]
            before = len(self.rejections)
            rows_before = self.rows
            batches.append(self.row_batch(rows))
            # row_batch counted and checked the rows again: blanks and totals were already taken out.
            assert self.rows - rows_before == slow.size and len(self.rejections) >= before
        if not batches:
            return CASE_SCHEMA.empty_table()
        merged = pa.concat_tables(batches) if len(batches) > 1 else batches[0]
        if len(batches) > 1:
            merged = merged.take(pc.sort_indices(merged.column("row")))
        return merged


def _plain(value: Any) -> Any:
    """A cell from an Arrow column as the DataFrame reader hands it to the row reader."""
    if isinstance(value, float) and value != value:
        return None
    return value


def _typed_moments(column: pa.Array, zone: str | None) -> tuple[BoolArray, IntArray, IntArray]:
    """Timestamps (a DataFrame's or Parquet's datetime columns): with their zone, or read in ``zone``."""
    kind = column.type
    n = len(column)
    raw = _ints(column.cast(pa.timestamp(kind.unit, tz=kind.tz)).view(pa.int64()))
    per_us = {"s": 1_000_000, "ms": 1000, "us": 1, "ns": 1}[kind.unit]
    us = raw // 1000 if kind.unit == "ns" else raw * per_us
    valid = _bools(pc.is_valid(column))
    if kind.tz is not None:
        tz = values.zone_info(kind.tz) if "/" in kind.tz or kind.tz == "UTC" else None
        if tz is None:
            return np.zeros(n, bool), us, np.zeros(n, np.int64)  # an offset such as +08:00: the row reader
        offset = (utc_to_wall_us(tz, us) - us) // US
        return valid, us, offset
    if zone is None:
        return np.zeros(n, bool), us, np.zeros(n, np.int64)
    tz = values.zone_info(zone)
    utc = wall_to_utc_us(tz, us)
    return valid, utc, (us - utc) // US


# -- sources ----------------------------------------------------------------------------------------------


class CaseReading:
    """Case batches of one source, in order; its :attr:`rejections` grow as batches are read, and :attr:`info`
    says how it was read once the last batch is out. :attr:`progress` is (done, total) in bytes or rows."""

    def __init__(
        self,
        source: Any,
        *,
        zone: str | None = None,
        columns: Mapping[str, str] | None = None,
        sheet: str | None = None,
        encoding: str | None = None,
        delimiter: str | None = None,
        chunk_rows: int = CHUNK_ROWS,
    ) -> None:
        if zone is not None:
            values.zone_info(zone)
        self.user = dict(columns or {})
        _check_mapping(self.user, "cases")
        self.zone = zone
        self.sheet = sheet
        self.encoding = encoding
        self.delimiter = delimiter
        self.chunk_rows = chunk_rows
        self.rejections: list[Rejection] = []
        #: Rejections of the sheets read before the one being read.
        self._rejected_before = 0
        self.progress = (0, 0)
        self._info: ReadInfo | None = None
        self._iterator = self._batches(source)
        self.source = "<DataFrame>"

    def __iter__(self) -> Iterator[pa.Table]:
        return self

    def __next__(self) -> pa.Table:
        return next(self._iterator)

    @property
    def info(self) -> ReadInfo:
        """How the source was read (complete once every batch has been read)."""
        if self._info is None:
            raise RuntimeError("the source has not been read yet")
        return self._info

    def _finish(self, assembler: _Assembler, sheet: Sheet, opened: Opened | None = None) -> None:
        info = self._sheet_info(assembler, sheet)
        self._info = combined_info(opened or Opened([], assembler.name), [info])

    @staticmethod
    def _sheet_info(assembler: _Assembler, sheet: Sheet) -> ReadInfo:
        return sheet_info(
            assembler.name, "cases", sheet, assembler.header, assembler.totals, assembler.rows, assembler.blanks[0]
        )

    def _batches(self, source: Any) -> Iterator[pa.Table]:
        if not isinstance(source, str | Path):
            yield from self._frame(source)
            return
        path = check_path(source)
        self.source = str(path)
        suffix = path.suffix.lower()
        if suffix == ".parquet":
            yield from self._parquet(path)
        elif suffix in SPREADSHEET_SUFFIXES or suffix == ".json":
            yield from self._rows(path, spreadsheet=suffix != ".json")
        else:
            if self.sheet is not None:
                raise InputError(
                    message("--sheet {sheet} applies to spreadsheets, not to {suffix} files", sheet=repr(self.sheet),
                            suffix=suffix),
                    source=str(path),
                )  # fmt: skip
            yield from self._text(path)

    def _emit(self, assembler: _Assembler, batch: pa.Table) -> Iterator[pa.Table]:
        self.rejections[self._rejected_before :] = assembler.rejections
        if batch.num_rows:
            yield batch

    # Spreadsheets and JSON: the row reader's own sheet, a chunk of rows at a time.
    def _rows(self, path: Path, *, spreadsheet: bool) -> Iterator[pa.Table]:
        opened = open_source(path, "cases", self.user, self.sheet, self.encoding, self.delimiter)
        infos = []
        for part in opened.parts:  # every visible sheet with the header, one after the other
            self.source = part.sheet.name
            self._rejected_before = len(self.rejections)
            assembler = _Assembler(part.header, part.sheet.name, self.zone, spreadsheet=spreadsheet)
            chunk: list[tuple[int, Sequence[Any]]] = []
            for row in part.rows:
                chunk.append(row)
                if len(chunk) >= self.chunk_rows:
                    yield from self._emit(assembler, assembler.row_batch(chunk))
                    chunk = []
            yield from self._emit(assembler, assembler.row_batch(chunk))
            infos.append(self._sheet_info(assembler, part.sheet))
        self._info = combined_info(opened, infos)

    # DataFrames and Arrow tables: typed columns, sliced.
    def _frame(self, frame: Any) -> Iterator[pa.Table]:
        table = _as_arrow(frame)
        if table is None:  # columns Arrow cannot type (mixed objects): the row reader, row by row
            sheet, header, rows = _open_sheet(frame, "cases", self.user, None, None, None)
            assembler = _Assembler(header, sheet.name, self.zone)
            yield from self._emit(assembler, assembler.row_batch(list(rows)))
            self._finish(assembler, sheet)
            return
        names = [str(c) for c in table.column_names]
        sheet = Sheet("<DataFrame>", iter([(0, names)]), keyed=True)
        header = self._keyed_header(sheet)
        check_time_columns(header, [(str(t), pa.types.is_integer(t)) for t in table.schema.types], sheet.name)
        assembler = _Assembler(header, sheet.name, self.zone)
        self.progress = (0, table.num_rows)
        for lo in range(0, max(table.num_rows, 1), self.chunk_rows):
            part = table.slice(lo, self.chunk_rows)
            numbers = np.arange(lo + 1, lo + 1 + part.num_rows, dtype=np.int64)
            batch = assembler.column_batch(numbers, [_plain_array(c) for c in part.columns])
            self.progress = (lo + part.num_rows, table.num_rows)
            yield from self._emit(assembler, batch)
        self._finish(assembler, sheet)

    def _keyed_header(self, sheet: Sheet) -> Header:
        found, rest = find_header(sheet, FIELDS["cases"], self.user)
        if found is None:
            assert isinstance(rest, list)
            raise missing_columns_error(sheet.name, FIELDS["cases"], self.user, rest)
        return found

    def _parquet(self, path: Path) -> Iterator[pa.Table]:
        import pyarrow.parquet as pq

        file = pq.ParquetFile(path)
        names = list(file.schema_arrow.names)
        sheet = Sheet(str(path), iter([(0, names)]), keyed=True)
        header = self._keyed_header(sheet)
        schema = file.schema_arrow
        check_time_columns(header, [(str(t), pa.types.is_integer(t)) for t in schema.types], str(path))
        assembler = _Assembler(header, str(path), self.zone)
        total = file.metadata.num_rows
        done = 0
        used = sorted({i for i, _w in header.columns.values()})
        for record_batch in file.iter_batches(batch_size=self.chunk_rows):
            numbers = np.arange(done + 1, done + 1 + record_batch.num_rows, dtype=np.int64)
            # Columns no field reads still decide blank and totals rows; they are read too.
            _ = used
            batch = assembler.column_batch(numbers, list(record_batch.columns))
            done += record_batch.num_rows
            self.progress = (done, total)
            yield from self._emit(assembler, batch)
        self._finish(assembler, sheet)

    # CSV/TSV text: decoded block by block.
    def _text(self, path: Path) -> Iterator[pa.Table]:
        chosen = _encoding_of(path, self.encoding)
        size = path.stat().st_size
        blocks = _utf8_blocks(path, chosen) if _is_utf8(chosen) else _text_blocks(path, chosen)
        first_text = next(blocks, ("", 1, 0))
        first, line, done = first_text
        text = first if isinstance(first, str) else _decoded(first, path, chosen)
        sep = self.delimiter or _sniff_delimiter(text)
        name = str(path)
        parsed = list(_python_rows(text, sep, line, name))
        sheet = Sheet(name, iter(parsed), chosen, sep)
        found, rest = find_header(sheet, FIELDS["cases"], self.user)
        if found is None:
            assert isinstance(rest, list)
            raise missing_columns_error(name, FIELDS["cases"], self.user, rest)
        assert not isinstance(rest, list)
        header = found
        assembler = _Assembler(header, name, self.zone)
        yield from self._emit(assembler, self._python_chunk(assembler, list(rest)))
        self.progress = (done, size)
        for block, line, read in blocks:
            # A block holds many chunks: the bytes done move on with each chunk, not only with each block.
            for part, batch in self._text_block(assembler, block, line, sep, name, chosen):
                self.progress = (done + int((read - done) * part), size)
                yield from self._emit(assembler, batch)
            done = read
            self.progress = (done, size)
        self._finish(assembler, sheet)

    def _python_chunk(self, assembler: _Assembler, rows: Sequence[tuple[int, Sequence[Any]]]) -> pa.Table:
        """Rows the ``csv`` module parsed: rows as wide as the header on columns, the others row by row."""
        width = assembler.header.width
        regular = [r for r in rows if len(r[1]) == width]
        if len(regular) != len(rows):
            if not regular:
                return assembler.row_batch(rows)
            # Keep the file's order: column batches for runs of regular rows, row batches between them.
            out = []
            run: list[tuple[int, Sequence[Any]]] = []
            for r in rows:
                if len(r[1]) == width:
                    run.append(r)
                    continue
                if run:
                    out.append(self._columns_of(assembler, run))
                    run = []
                out.append(assembler.row_batch([r]))
            if run:
                out.append(self._columns_of(assembler, run))
            return pa.concat_tables(out)
        return self._columns_of(assembler, rows)

    def _columns_of(self, assembler: _Assembler, rows: Sequence[tuple[int, Sequence[Any]]]) -> pa.Table:
        numbers = np.array([n for n, _c in rows], dtype=np.int64)
        width = assembler.header.width
        columns = [pa.array([cells[i] for _n, cells in rows], pa.string()) for i in range(width)]
        return assembler.column_batch(numbers, columns)

    def _text_block(
        self, assembler: _Assembler, block: str | bytes, line: int, sep: str, name: str, encoding: str
    ) -> Iterator[tuple[float, pa.Table]]:
        """The chunks of a block (text, or the bytes of UTF-8 text), each with the share of the block read once
        it is out."""
        fast = _arrow_block(block, line, sep, assembler.header.width)
        if fast is None:
            text = block if isinstance(block, str) else _decoded(block, Path(name), encoding)
            rows = list(_python_rows(text, sep, line, name))
            for lo in range(0, len(rows), self.chunk_rows):
                yield (
                    min(lo + self.chunk_rows, len(rows)) / len(rows),
                    self._python_chunk(assembler, rows[lo : lo + self.chunk_rows]),
                )
            return
        numbers, table = fast
        # Empty lines are no rows to pyarrow; the row reader counts them as blank rows.
        assembler.blanks[0] += _lines_in(block) - int(numbers.size)
        for lo in range(0, table.num_rows, self.chunk_rows):
            part = table.slice(lo, self.chunk_rows)
            yield (
                (lo + part.num_rows) / table.num_rows,
                assembler.column_batch(numbers[lo : lo + self.chunk_rows], [_plain_array(c) for c in part.columns]),
            )


def _plain_array(column: Any) -> pa.Array:
    if isinstance(column, pa.ChunkedArray):
        return column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    return column


def _as_arrow(frame: Any) -> pa.Table | None:
    """A DataFrame or Arrow table as an Arrow table, or None when its columns cannot be typed."""
    if isinstance(frame, pa.Table):
        return frame
    if isinstance(frame, pa.RecordBatch):
        return pa.Table.from_batches([frame])
    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
        return None
    if any(pa.types.is_null(t) for t in table.schema.types) and len(table):
        return table
    return table


def _python_rows(text: str, sep: str, first_line: int, name: str) -> Iterator[tuple[int, list[str]]]:
    """Rows of a block of text as the row reader's ``csv`` module reads them, numbered by the file's lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    line = 1
    try:
        for cells in reader:
            yield first_line + line - 1, cells
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(table_error(first_line + reader.line_num - 1, exc), source=name) from None


def _lines_in(text: str | bytes) -> int:
    """How many lines the ``csv`` module counts in a block (lines end with \\n, \\r or \\r\\n)."""
    if isinstance(text, bytes):
        count = text.count(b"\n")
        if b"\r" in text:
            count += text.count(b"\r") - text.count(b"\r\n")
        return count + (1 if text and not text.endswith((b"\n", b"\r")) else 0)
    count = text.count("\n")
    if "\r" in text:
        count += text.count("\r") - text.count("\r\n")
    if text and not text.endswith(("\n", "\r")):
        count += 1
    return count


def _arrow_block(block: str | bytes, first_line: int, sep: str, width: int) -> tuple[IntArray, pa.Table] | None:
    """A block (text, or UTF-8 bytes) parsed by pyarrow, with the file's line number of each row; None when the
    block needs the ``csv`` module (quotes, lone carriage returns, NUL, very long lines, rows of another width)."""
    import pyarrow.csv as pacsv

    # The marks looked for are ASCII: in UTF-8 bytes they stand for themselves (never inside a character).
    data = block.encode("utf-8") if isinstance(block, str) else block
    if not data or b'"' in data or b"\x00" in data or (b"\r" in data and data.count(b"\r") != data.count(b"\r\n")):
        return None
    raw = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(raw == 10)
    if not data.endswith(b"\n"):
        ends = np.append(ends, len(data))
    starts = np.concatenate(([0], ends[:-1] + 1))
    lengths = ends - starts
    carriage = np.zeros(lengths.size, bool)
    has_length = lengths > 0
    carriage[has_length] = raw[np.minimum(ends[has_length] - 1, len(raw) - 1)] == 13
    filled = (lengths - carriage) > 0
    if lengths.size and int(lengths.max()) > csv.field_size_limit():
        return None
    invalid: list[int] = []

    def skip(row: Any) -> str:
        invalid.append(1)
        return "skip"

    names = [f"c{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, use_threads=False, block_size=max(len(data), 1 << 20)),
            parse_options=pacsv.ParseOptions(
                delimiter=sep, quote_char=False, newlines_in_values=False, invalid_row_handler=skip
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        return None
    if invalid or table.num_rows != int(filled.sum()):
        return None
    numbers = first_line + np.flatnonzero(filled).astype(np.int64)
    return numbers, table


def _encoding_of(path: Path, named: str | None) -> str:
    """The encoding the row reader decides for the file (``textfile.detect_encoding``), read in blocks."""
    if named:
        chosen = named
        if chosen.lower().replace("_", "-") in ("gbk", "gb2312"):
            chosen = "gb18030"
        try:
            codecs.lookup(chosen)
        except LookupError:
            decode(b"", str(path), named)  # the row reader's message
        return chosen
    with path.open("rb") as handle:
        head = handle.read(4000)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _decodes(path, "utf-8"):
        return "utf-8"
    # Rare encodings decide on the whole text: the row reader's own test, on the file at once.
    return detect_encoding(path.read_bytes(), str(path))


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    with path.open("rb") as handle:
        try:
            while block := handle.read(BLOCK_BYTES):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _is_utf8(encoding: str) -> bool:
    return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")


def _decoded(data: bytes, path: Path, encoding: str) -> str:
    """A block of UTF-8 bytes (whole lines) as text; a byte that does not decode gets the row reader's message."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        decode(path.read_bytes(), str(path), encoding)  # the row reader's message, with the byte
        raise TextFileError(f"does not decode as {encoding}", source=str(path)) from None


def _utf8_blocks(path: Path, encoding: str) -> Iterator[tuple[str | bytes, int, int]]:
    """:func:`_text_blocks` for UTF-8 files, on bytes: the first block as text (the header and the delimiter
    are read from it), the others as the bytes of whole lines, decoded only where the ``csv`` module reads
    them (pyarrow checks the UTF-8 of the rest). Lines end at the same places: \n, \r and " are ASCII."""
    pending = b""
    line = 1
    read = 0
    first = True
    with path.open("rb") as handle:
        while True:
            raw = handle.read(_FIRST_BLOCK_BYTES if first else BLOCK_BYTES)
            read += len(raw)
            if first and not pending:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            pending += raw
            if not raw:
                if pending:
                    yield (_decoded(pending, path, encoding) if first else pending), line, read
                return
            cut = pending.rfind(b"\n") + 1
            if cut == 0:
                continue
            block = pending[:cut]
            if b'"' in block and block.count(b'"') % 2:
                continue  # inside a quoted field: read on
            if first and block.count(b"\n") < 31:
                continue  # the delimiter is sniffed from the first 30 lines
            yield (_decoded(block, path, encoding) if first else block), line, read
            first = False
            line += _lines_in(block)
            pending = pending[cut:]


def _text_blocks(path: Path, encoding: str) -> Iterator[tuple[str | bytes, int, int]]:
    """Decoded blocks of whole lines, never cut inside a quoted field: (text, first line, bytes read)."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    pending = ""
    line = 1
    read = 0
    started = False
    first = True
    with path.open("rb") as handle:
        while True:
            raw = handle.read(_FIRST_BLOCK_BYTES if first else BLOCK_BYTES)
            read += len(raw)
            final = not raw
            try:
                text = decoder.decode(raw, final=final)
            except UnicodeDecodeError:
                decode(path.read_bytes(), str(path), encoding)  # the row reader's message, with the byte
                raise TextFileError(
                    message("does not decode as {encoding}", encoding=encoding), source=str(path)
                ) from None
            if not started and text:
                started = True
                text = text.removeprefix("\ufeff")
            pending += text
            if final:
                if pending:
                    yield pending, line, read
                return
            cut = pending.rfind("\n") + 1
            if cut == 0:
                continue
            block = pending[:cut]
            if '"' in block and block.count('"') % 2:
                continue  # inside a quoted field: read on
            if first and block.count("\n") < 31:
                continue  # the delimiter is sniffed from the first 30 lines
            first = False
            yield block, line, read
            line += _lines_in(block)
            pending = pending[cut:]


def case_batches(
    source: Any,
    *,
    zone: str | None = None,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> CaseReading:
    """The case batches of a file (CSV/TSV text, Parquet, Excel, OpenDocument, JSON), a pandas DataFrame or a
    pyarrow Table, read in chunks of about ``chunk_rows`` rows by the rules of :func:`~bizenv.inputs.read_cases`."""
    return CaseReading(
        source, zone=zone, columns=columns, sheet=sheet, encoding=encoding, delimiter=delimiter, chunk_rows=chunk_rows
    )


def read_cases(
    source: Any,
    *,
    zone: str | None = None,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> Read[CaseRecord]:
    """Case records (columns: case_id, target_id, submitted_at, completed_at, sub_unit, excluded).

    ``zone`` is the zone of times written without one (Excel date cells have none); without it such a time is
    an :class:`~bizenv.errors.InputError` for the whole file. ``columns`` maps other header names to fields.
    The file is read in chunks (:func:`bizenv.inputs.chunks.case_batches`), as the evaluation command reads it.
    """
    reading = case_batches(source, zone=zone, columns=columns, sheet=sheet, encoding=encoding, delimiter=delimiter)
    records: list[CaseRecord] = []
    for batch in reading:
        records += records_from_batch(batch, reading.source)
    return Read(tuple(records), tuple(reading.rejections), reading.info)


__all__ = ["CHUNK_ROWS", "CaseReading", "case_batches", "read_cases"]
