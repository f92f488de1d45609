"""Public functions check their arguments where they come in: a wrong kind of argument is a BizenvError (also a
TypeError or ValueError) naming the argument, never an AttributeError from deep inside."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest

import bizenv
from bizenv.errors import ArgumentError, ProfileError
from bizenv.evaluate import evaluate_cases, evaluate_observations, evaluate_table, track_deadlines
from bizenv.i18n import set_locale, using_locale

BJ = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(scope="module")
def bazhou() -> bizenv.RegionProfile:
    return bizenv.profile("bazhou")


CALLS: list[tuple[str, Callable[[bizenv.RegionProfile], Any], str]] = [
    ("region id for a profile", lambda p: evaluate_cases("bazhou", []), "profile must be a RegionProfile"),  # type: ignore[arg-type]
    ("datetime for a day", lambda p: track_deadlines(p, [], dt.datetime(2024, 7, 1)), "as_of must be a date"),
    ("text for a day", lambda p: track_deadlines(p, [], "2024-07-01"), "as_of must be a date"),  # type: ignore[arg-type]
    ("float days", lambda p: track_deadlines(p, [], dt.date(2024, 7, 1), due_soon_days=1.5), "due_soon_days"),  # type: ignore[arg-type]
    ("naive as-of", lambda p: evaluate_cases(p, [], as_of=dt.datetime(2024, 7, 1)), "has no time zone"),
    ("text as-of", lambda p: evaluate_cases(p, [], as_of="2024-07-01"), "as_of must be a datetime"),  # type: ignore[arg-type]
    ("list for a table", lambda p: evaluate_table(p, [{"case_id": "1"}]), "table must be a pandas DataFrame"),
    ("dict for a table", lambda p: evaluate_table(p, {"case_id": ["1"]}), "table must be a pandas DataFrame"),
    ("dicts for records", lambda p: evaluate_cases(p, [{"case_id": "1"}]), "records[0] must be a CaseRecord"),  # type: ignore[list-item]
    ("text for observations", lambda p: evaluate_observations(p, "2#1,5"), "observations must be an iterable"),  # type: ignore[arg-type]
    ("unknown convention", lambda p: evaluate_cases(p, [], convention="wall"), "convention"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("what", "call", "says"), CALLS, ids=[c[0] for c in CALLS])
def test_a_wrong_argument_is_an_argument_error_naming_it(
    bazhou: bizenv.RegionProfile, what: str, call: Callable[[bizenv.RegionProfile], Any], says: str
) -> None:
    with pytest.raises(ArgumentError, match=says.replace("[", r"\[").replace("]", r"\]")) as caught:
        call(bazhou)
    assert isinstance(caught.value, bizenv.BizenvError | TypeError)


def test_a_naive_as_of_is_read_in_the_zone_given() -> None:
    evaluation = evaluate_cases(bizenv.profile("bazhou"), [], as_of=dt.datetime(2024, 7, 1), zone="Asia/Shanghai")
    assert evaluation.results == ()


def test_model_rules_and_locales_raise_bizenv_errors(bazhou: bizenv.RegionProfile) -> None:
    _measure, target = bazhou.target("2#1")
    with pytest.raises(ProfileError, match="comparator"):
        attrs.evolve(target, comparator="≈")
    with pytest.raises(ArgumentError, match="not translated"):
        set_locale("fr")
    with pytest.raises(ArgumentError), using_locale("xx-nonsense"):
        pass
