from __future__ import annotations

import copy
from typing import Any

import bizenv
from bizenv.io.profile_file import profile_from_dict, profile_to_dict
from bizenv.validate import errors, validate_profile


def _mutated(profile: bizenv.RegionProfile, change: Any) -> list[str]:
    data = copy.deepcopy(profile_to_dict(profile))
    change(data)
    return [f"{p.where}: {p.message}" for p in errors(validate_profile(profile_from_dict(data)))]


def test_the_example_profile_is_valid(example_profile: bizenv.RegionProfile) -> None:
    assert errors(validate_profile(example_profile)) == []


def test_cross_references_must_resolve(example_profile: bizenv.RegionProfile) -> None:
    def bad_refs(d: dict[str, Any]) -> None:
        m = d["measures"][0]
        m["document"] = "nope"
        m["area"] = "9"
        m["categories"] = ["not_a_category"]
        m["responsibility"]["responsible_units"].append({"raw": "某某局", "name": "某某局"})

    found = _mutated(example_profile, bad_refs)
    assert "measure 1.1: unknown document 'nope'" in found
    assert "measure 1.1: unknown area '9'" in found
    assert "measure 1.1: unknown indicator category 'not_a_category'" in found
    assert any("'某某局'" in f and "unit table" in f for f in found)


def test_duplicate_ids_and_missing_categories_are_errors(example_profile: bizenv.RegionProfile) -> None:
    def dup(d: dict[str, Any]) -> None:
        d["measures"].append(copy.deepcopy(d["measures"][0]))
        d["measures"][1]["categories"] = []

    found = _mutated(example_profile, dup)
    assert "measure 1.1: measure id '1.1' is used 2 times" in found
    assert "measure 1.1: no indicator category" in found


def test_a_deadline_reading_that_differs_from_its_text_needs_a_note(example_profile: bizenv.RegionProfile) -> None:
    def typo(d: dict[str, Any]) -> None:
        d["measures"][0]["deadline"] = {"raw": "20235年12月", "date": "2025-12-31"}

    assert any("deadline" in f and "data note" in f for f in _mutated(example_profile, typo))

    def noted(d: dict[str, Any]) -> None:
        typo(d)
        d["measures"][0]["notes"] = [
            {
                "field": "deadline",
                "raw": "20235年12月",
                "reading": "2025-12-31",
                "reason": "a digit too many; the plan runs to 2025",
            }
        ]

    assert _mutated(example_profile, noted) == []
    data = copy.deepcopy(profile_to_dict(example_profile))
    noted(data)
    notes = [p for p in validate_profile(profile_from_dict(data)) if p.level == "note"]
    assert len(notes) == 1 and "20235年12月" in notes[0].message


def test_empty_text_needs_a_note(example_profile: bizenv.RegionProfile) -> None:
    def empty(d: dict[str, Any]) -> None:
        d["measures"][0]["text"] = ""

    assert any("empty text" in f for f in _mutated(example_profile, empty))
