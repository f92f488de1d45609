"""Loading a year the library does not ship: from a file, the environment, or a plugin."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import chinese_calendar
import pytest

import bizenv
from bizenv.calendars import (
    Break,
    CalendarDataError,
    YearSchedule,
    built_in_data,
    dump_calendar_data,
    get_calendar,
    load_calendar_data,
)
from bizenv.calendars.registry import build_calendar

Run = Callable[..., Any]

D = dt.date
YEAR_2027 = """schema = "bizenv-calendar/1"

[[years]]
calendar = "CN"
year = 2027
status = "official"
source = "test notice for 2027"

[[years.breaks]]
name = "元旦"
from = 2027-01-01
to = 2027-01-03

[[years.breaks]]
name = "春节"
from = 2027-02-05
to = 2027-02-11
workdays = [2027-02-13]

[[years]]
calendar = "CN-XJ"
year = 2027
status = "official"
source = "test Xinjiang notice for 2027"

[[years.breaks]]
name = "肉孜节"
from = 2027-03-10
to = 2027-03-10
"""


@pytest.fixture
def file_2027(tmp_path: Path) -> Path:
    path = tmp_path / "2027.toml"
    path.write_text(YEAR_2027, encoding="utf-8")
    return path


def test_a_loaded_year_is_official(file_2027: Path) -> None:
    xj = get_calendar("CN-XJ", data_files=[file_2027], provisional="allow")
    assert xj.year_status(2027) == "official"
    assert not xj.is_working_day(D(2027, 1, 1)) and xj.is_working_day(D(2027, 2, 13))
    assert not xj.is_working_day(D(2027, 3, 10))
    assert xj.day_info(D(2027, 3, 10)).source == "test Xinjiang notice for 2027"
    assert xj.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)


def test_the_environment_variable_loads_files(file_2027: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BIZENV_CALENDAR_FILES", str(file_2027))
    assert get_calendar("CN").year_status(2027) == "official"


def test_a_plugin_can_ship_a_year(file_2027: Path) -> None:
    class CalendarPlugin:
        @bizenv.hookimpl
        def bizenv_calendar_files(self) -> Iterable[Path]:
            return [file_2027]

    env = bizenv.Environment(use_entry_points=False, plugins=[("cal", CalendarPlugin())])
    assert env.registry.calendar_files == [("cal", str(file_2027))]
    assert env.calendar("CN").year_status(2027) == "official"
    assert env.calendar("CN", use_plugins=False).year_status(2027) == "unknown"
    # The calendar layer itself knows no plugins: only the data it is given.
    assert get_calendar("CN").year_status(2027) == "unknown"


def test_two_different_official_versions_of_a_year_are_an_error() -> None:
    data = built_in_data()
    clash = YearSchedule("CN", 2025, "official", "another notice", (Break("元旦", D(2025, 1, 2), D(2025, 1, 2)),))
    with pytest.raises(CalendarDataError, match="2025 is defined twice, differently"):
        build_calendar("CN", data + type(data)(years=(clash,)))


def test_dump_and_load_round_trip_the_built_in_data(tmp_path: Path) -> None:
    data = built_in_data()
    path = tmp_path / "all.toml"
    path.write_text(dump_calendar_data(data.years, data.office_seasons), encoding="utf-8")
    again = load_calendar_data(path)
    assert again.years == data.years and again.office_seasons == data.office_seasons


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('schema = "x"', "schema must be"),
        ('schema = "bizenv-calendar/1"\n[[years]]\ncalendar = "CN"\nyear = 2027\n', "missing field 'source'"),
        (YEAR_2027.replace("to = 2027-01-03", "to = 2026-12-03"), "ends .* before it starts"),
        (YEAR_2027.replace("from = 2027-02-05", 'from = "5 Feb"'), r"breaks\[1\]\.from: expected a date"),
    ],
)
def test_bad_files_are_refused_with_the_entry_named(_cli: Run, tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CalendarDataError, match=message) as info:
        load_calendar_data(path)
    assert "bad.toml" in str(info.value)


@pytest.fixture
def _cli(cli: Run) -> Run:
    return lambda *args: cli(*args)


def test_cli_days_json_has_the_documented_fields(_cli: Run, file_2027: Path) -> None:
    result = _cli(
        "calendar", "days", "--calendar", "CN-XJ", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    days = json.loads(result.stdout)
    assert len(days) == 365
    assert set(days[0]) >= {"date", "working", "name", "provisional", "source"}
    by_date = {d["date"]: d for d in days}
    assert by_date["2025-03-31"]["name"] == "肉孜节" and not by_date["2025-03-31"]["working"]
    assert by_date["2025-10-11"]["working"] and by_date["2025-10-11"]["name"] == "国庆节、中秋节调休上班"
    national = sum(chinese_calendar.is_workday(D(2025, 1, 1) + dt.timedelta(days=i)) for i in range(365))
    assert sum(d["working"] for d in days) == national - 4  # 肉孜节 03-31, 古尔邦节 06-06, 06-09, 06-10
    unknown = _cli("calendar", "days", "--from", "2027-01-01", "--to", "2027-01-03")
    assert unknown.returncode == 2 and "2027" in unknown.stderr and "--calendar-data" in unknown.stderr
    loaded = _cli(
        "calendar",
        "days",
        "--from",
        "2027-01-01",
        "--to",
        "2027-01-03",
        "--format",
        "json",
        "--calendar-data",
        str(file_2027),
    )
    assert loaded.returncode == 0 and [d["provisional"] for d in json.loads(loaded.stdout)] == [False] * 3


REGION_OVERRIDE = """schema = "bizenv-calendar/1"

[[office_hours]]
calendar = "CN-XJ-testland"
season = "all-year"
starts = "01-01"
periods = ["09:30-13:30", "16:00-20:00"]

[[years]]
calendar = "CN-XJ-testland"
year = 2025
status = "official"
source = "test: a county's own day off"

[[years.breaks]]
name = "县庆"
from = 2025-08-15
to = 2025-08-15
"""


def test_a_region_overlays_the_xinjiang_calendar(tmp_path: Path) -> None:
    path = tmp_path / "county.toml"
    path.write_text(REGION_OVERRIDE, encoding="utf-8")
    county = get_calendar("CN-XJ-testland", data_files=[path])
    assert not county.is_working_day(D(2025, 3, 31))  # 肉孜节 from the Xinjiang level
    assert not county.is_working_day(D(2025, 8, 15)) and get_calendar("CN-XJ").is_working_day(D(2025, 8, 15))
    assert county.office_periods(D(2025, 3, 3))[0][0].time() == dt.time(9, 30)
    with pytest.raises(KeyError, match="unknown calendar 'CN-XJ-nowhere'"):
        get_calendar("CN-XJ-nowhere")


ONE_YEAR = """schema = "bizenv-calendar/1"

[[years]]
calendar = "CN"
year = 2027
source = "test notice"
{breaks}
"""


@pytest.mark.parametrize(
    ("breaks", "says"),
    [
        (
            '[[years.breaks]]\nname = "春节"\nfrom = 2027-02-06\nto = 2027-02-12\nworkdays = [2027-02-10]\n',
            r"break '春节': make-up working day 2027-02-10 \(Wednesday\) is a weekday",
        ),
        (
            '[[years.breaks]]\nname = "春节"\nfrom = 2027-02-06\nto = 2027-02-14\nworkdays = [2027-02-13]\n',
            r"make-up working day 2027-02-13 \(Saturday\) lies inside the break",
        ),
        (
            '[[years.breaks]]\nname = "春节"\nfrom = 2027-02-06\nto = 2027-02-12\n\n'
            '[[years.breaks]]\nname = "元宵"\nfrom = 2027-02-12\nto = 2027-02-13\n',
            r"2027-02-12 \(Friday\) is in break '元宵' and in break '春节': the breaks overlap",
        ),
    ],
    ids=["make-up on a weekday", "make-up inside its break", "overlapping breaks"],
)
def test_calendar_files_get_the_checks_of_the_notice_importer(tmp_path: Path, breaks: str, says: str) -> None:
    path = tmp_path / "2027.toml"
    path.write_text(ONE_YEAR.format(breaks=breaks), encoding="utf-8")
    with pytest.raises(CalendarDataError, match=says) as info:
        load_calendar_data(path)
    assert str(info.value).startswith(f"{path}: years[0]")


def test_a_year_defined_twice_is_an_error_in_one_file_and_across_files(tmp_path: Path) -> None:
    one = '[[years.breaks]]\nname = "元旦"\nfrom = 2027-01-01\nto = 2027-01-01\n'
    twice = tmp_path / "twice.toml"
    twice.write_text(ONE_YEAR.format(breaks=one) + ONE_YEAR.split("\n", 2)[2].format(breaks=one), encoding="utf-8")
    with pytest.raises(CalendarDataError, match=r"twice\.toml: years\[1\]: CN 2027 is defined twice in the file"):
        load_calendar_data(twice)
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text(ONE_YEAR.format(breaks=one), encoding="utf-8")
    b.write_text(ONE_YEAR.format(breaks=one.replace("01-01\n", "01-02\n")), encoding="utf-8")
    with pytest.raises(CalendarDataError, match="CN 2027 is defined twice, differently"):
        get_calendar("CN", data_files=[a, b])
    assert get_calendar("CN", data_files=[a, a]).year_status(2027) == "official"  # the same twice is one


def test_calendar_files_in_gbk_are_read(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes(ONE_YEAR.format(breaks='[[years.breaks]]\nname = "元旦"\nfrom = 2027-01-01\n').encode("gbk"))
    assert load_calendar_data(path).years[0].breaks[0].name == "元旦"
