"""Deadline phrases: read by the core's parse_deadline_date; a typo is refused, never fixed."""

from __future__ import annotations

import datetime as dt

import pytest

from bizenv.model import DataNote, Deadline
from bizenv.sources.deadlines import DeadlineReading, find_deadline_phrases, read_deadline
from bizenv.sources.errors import BuildError

NOTE = DataNote(field="deadline", raw="完成时限：20235年12月", reading="2023-12-31", reason="typo in the year")


def test_phrases_are_found_as_written() -> None:
    text = "到2023年底，实现…；2024年6月完成；2025年12月底前全部办结；20235年12月；在2年内"
    assert find_deadline_phrases(text) == ["到2023年底", "2024年6月", "2025年12月底前", "20235年12月"]


@pytest.mark.parametrize(
    ("raw", "date"),
    [("2024年6月", dt.date(2024, 6, 30)), ("到2023年底", dt.date(2023, 12, 31)), ("2023年底前", dt.date(2023, 12, 31))],
)
def test_the_source_deadline_reads_as_its_date(raw: str, date: dt.date) -> None:
    assert read_deadline(raw, None, text="", notes=(), where="m") == Deadline(raw, date)


def test_no_deadline() -> None:
    assert read_deadline(None, None, text="", notes=(), where="m") is None


def test_a_typo_is_refused_without_a_curated_reading() -> None:
    with pytest.raises(BuildError, match="curated file"):
        read_deadline("20235年12月", None, text="", notes=(), where="measure 107")


def test_a_curated_reading_of_a_typo_needs_a_note() -> None:
    reading = DeadlineReading("20235年12月", dt.date(2023, 12, 31))
    with pytest.raises(BuildError, match="data note"):
        read_deadline("20235年12月", reading, text="", notes=(), where="measure 107")
    assert read_deadline("20235年12月", reading, text="", notes=(NOTE,), where="m") == Deadline(
        "20235年12月", dt.date(2023, 12, 31)
    )


def test_a_curated_reading_quotes_the_source() -> None:
    reading = DeadlineReading("2023年12月", dt.date(2023, 12, 31))
    with pytest.raises(BuildError, match="not the source's"):
        read_deadline("20235年12月", reading, text="", notes=(NOTE,), where="m")
    with pytest.raises(BuildError, match="repeats"):
        read_deadline("2024年6月", "2024年6月", text="", notes=(NOTE,), where="m")


def test_a_deadline_the_source_field_does_not_give_is_read_from_the_text_with_a_note() -> None:
    text = "到2022年底，实现“好差评”线上全覆盖"
    assert read_deadline(None, "到2022年底", text=text, notes=(NOTE,), where="m") == Deadline(
        "到2022年底", dt.date(2022, 12, 31)
    )
    with pytest.raises(BuildError, match="data note"):
        read_deadline(None, "到2022年底", text=text, notes=(), where="m")
    with pytest.raises(BuildError, match="not in the measure's text"):
        read_deadline(None, "到2023年底", text=text, notes=(NOTE,), where="m")
