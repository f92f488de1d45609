"""The curated-file format: its shape is checked, and errors name the file and the key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from bizenv.model import DataNote
from bizenv.sources.curated import FragmentRef, curated_from_dict, load_curated
from bizenv.sources.deadlines import DeadlineReading
from bizenv.sources.errors import BuildError
from bizenv.sources.provenance import SourceText


def minimal(**extra: Any) -> dict[str, Any]:
    return {
        "region": {"id": "r"},
        "documents": [{"id": "d", "title": "t", "issuer": "i", "seed_file": "d.txt"}],
        "units": [{"name": "县公安局", "aliases": ["公安局"]}],
        **extra,
    }


def test_a_full_file() -> None:
    curated = curated_from_dict(
        minimal(
            cells={"prefixes": ["州", "州党委"]},
            fragments=[
                {"raw": "甘苗良等", "measure": "67", "role": "lead", "refs": [], "reading": "-", "reason": "a name"}
            ],
            areas={"（一）": {"categories": ["starting_a_business"], "title": "开办企业"}},
            measures={
                "107": {
                    "deadline": {"raw": "20235年12月", "date": "2023-12-31"},
                    "notes": [{"field": "deadline", "raw": "20235年12月", "reading": "2023", "reason": "typo"}],
                    "targets": [{"metric": "m", "comparator": "<=", "unit": "yuan", "value": 0, "raw": "零费用"}],
                }
            },
        )
    )
    assert curated.prefixes == ("州党委", "州")  # longest first
    assert curated.units[0].aliases == ("公安局",)
    assert curated.fragments[0].refs == ()
    assert curated.area("（一）").title == "开办企业"
    assert curated.area("（二）").categories is None
    entry = curated.measure("107")
    assert entry.deadline == DeadlineReading("20235年12月", dt.date(2023, 12, 31))
    assert entry.notes == (DataNote(field="deadline", raw="20235年12月", reading="2023", reason="typo"),)
    assert curated.measure("1").targets == ()
    assert curated.document("d")["seed_file"] == "d.txt"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"leaders": {}}, r"<top>: unknown keys \['leaders'\]"),
        ({"measures": {"1": {"unit_notes": {}}}}, r"measures.'1': unknown keys \['unit_notes'\]"),
        ({"measures": {"1": {"targets": [{"metric": "m", "raw": "x"}]}}}, r"targets\[0\]: missing keys"),
        (
            {"measures": {"1": {"targets": [{"metric": "m", "comparator": "<", "unit": "u", "raw": "x", "note": 1}]}}},
            "unknown keys",
        ),
        ({"measures": {"1": {"notes": [{"field": "x", "raw": "y"}]}}}, "missing keys"),
        ({"measures": {"1": {"deadline": {"raw": "x", "date": "soon"}}}}, "is not a date"),
        (
            {"fragments": [{"raw": "a", "refs": [], "reading": "r", "reason": "w", "role": "boss"}]},
            "'boss' is not one of",
        ),
        (
            {"fragments": [{"raw": "公安局", "refs": ["税务局"], "reading": "r", "reason": "w"}]},
            "is not part of the fragment",
        ),
        ({"areas": {"（一）": {"categories": "starting_a_business"}}}, "expected a list of strings"),
        ({"cells": {"prefix": "州"}}, r"cells: unknown keys"),
    ],
)
def test_mistakes_are_named(extra: dict[str, Any], message: str) -> None:
    with pytest.raises(BuildError, match=message):
        curated_from_dict(minimal(**extra), "c.toml")


def test_fragment_refs_by_name_or_raw_and_name() -> None:
    fragment = {"raw": "库尔勒市、尉犁县", "refs": ["尉犁县", {"raw": "库尔勒市", "name": "库尔勒市人民政府"}]}
    curated = curated_from_dict(minimal(fragments=[{**fragment, "reading": "r", "reason": "w"}]))
    assert curated.fragments[0].refs == (FragmentRef("尉犁县"), FragmentRef("库尔勒市", "库尔勒市人民政府"))


def test_load_curated_reports_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[region\n", encoding="utf-8")
    with pytest.raises(BuildError, match="not valid TOML"):
        load_curated(path)
    with pytest.raises(BuildError, match="cannot read"):
        load_curated(tmp_path / "missing.toml")


def test_source_text_lines_and_provenance() -> None:
    source = SourceText("d", "d.txt", "标题\n\n1.压缩 开办时间。\n2.降低成本。")
    assert source.lines[2] == "1.压缩 开办时间。"
    assert [n for n, _ in source.numbered(3)] == [3, 4]
    assert source.line_of("压缩开办") == 3
    assert source.line_of("。", start=4) == 4
    assert source.provenance("一、1", 3).line == 3
    with pytest.raises(BuildError, match="no line 9"):
        source.provenance("一、9", 9)
    with pytest.raises(BuildError, match="on no line"):
        source.line_of("不存在")
