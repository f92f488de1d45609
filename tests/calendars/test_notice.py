"""Importing a year's holiday notice: round trip against the built-in data, mutations, the command."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bizenv.calendars import CalendarCoverageError, get_calendar, load_calendar_data
from bizenv.calendars.notice import NoticeError, read_notice
from bizenv.calendars.registry import built_in_data

Run = Callable[..., Any]

NOTICES = Path(__file__).resolve().parents[1] / "data" / "notices"
NATIONAL_YEARS = range(2018, 2027)
XINJIANG_YEARS = (2022, 2025)


def notice_text(name: str) -> str:
    return (NOTICES / name).read_text("utf-8")


def built_in(calendar: str, year: int) -> set[tuple[object, ...]]:
    (schedule,) = [y for y in built_in_data().years if y.calendar == calendar and y.year == year]
    return {b.days_key for b in schedule.breaks}


def imported(name: str, calendar: str) -> set[tuple[object, ...]]:
    notice = read_notice(notice_text(name))
    (schedule,) = [y for y in notice.schedules() if y.calendar == calendar]
    return {b.days_key for b in schedule.breaks}


@pytest.mark.parametrize("year", NATIONAL_YEARS)
def test_state_council_notice_reproduces_the_built_in_year(year: int) -> None:
    notice = read_notice(notice_text(f"cn-{year}.txt"))
    assert (notice.kind, notice.year) == ("national", year)
    assert imported(f"cn-{year}.txt", "CN") == built_in("CN", year)


@pytest.mark.parametrize("year", XINJIANG_YEARS)
def test_xinjiang_notice_reproduces_the_built_in_festivals_and_national_days(year: int) -> None:
    notice = read_notice(notice_text(f"xj-{year}.txt"))
    assert (notice.kind, notice.year) == ("xinjiang", year)
    assert imported(f"xj-{year}.txt", "CN-XJ") == built_in("CN-XJ", year)
    assert imported(f"xj-{year}.txt", "CN") == built_in("CN", year)


def test_xinjiang_office_hours_read_as_the_built_in_seasons() -> None:
    notice = read_notice(notice_text("xj-2022.txt"))
    got = {(s.season, s.starts, s.periods) for _, s in notice.seasons}
    want = {(s.season, s.starts, s.periods) for s in built_in_data().office_seasons if s.calendar == "CN-XJ"}
    assert got == want
    assert {s.since_year for _, s in notice.seasons} == {2022}


def test_written_file_loads_back_unchanged_and_agrees_with_the_built_in_data(tmp_path: Path) -> None:
    path = tmp_path / "2022.toml"
    notice = read_notice(notice_text("xj-2022.txt"))
    path.write_text(notice.to_toml(), "utf-8")
    assert load_calendar_data(path).years == notice.data().years
    # Loading it next to the built-in data is no conflict: it says the same.
    cal = get_calendar("CN-XJ", data_files=[path])
    assert not cal.is_working_day(dt.date(2022, 7, 12))


def test_explanation_lists_every_day_and_every_passed_over_line() -> None:
    notice = read_notice(notice_text("cn-2024.txt"))
    text = "\n".join(notice.explain())
    assert "2023-12-30 Sat  day off (weekend)" in text  # 与周末连休 takes in the weekend before 1 January
    assert "2024-02-18 Sun  working day (make-up)" in text
    passed = [line for line, _, _ in notice.passed_over]
    assert passed == [1, 2, 3, 11]


# --- a made-up notice for a year no source covers, to show a new year becoming official ---------------------

MADE_UP_2030 = """测试用通知（虚构）：关于2030年节假日放假安排和冬夏季作息时间的通知
一、节假日放假安排
（一）元旦：1月1日（周二）放假1天，不调休。
（二）春节：2月2日（周六）至9日（周六）放假调休，共8天。1月27日（周日）、2月10日（周日）上班。
（三）肉孜节：3月5日（周二）是肉孜节，3月5日放假1天。
（四）清明节：4月5日（周五）至7日（周日）放假，共3天。
（五）劳动节：5月1日（周三）至5日（周日）放假调休，共5天。4月28日（周日）上班。
（六）古尔邦节：5月13日（周一）是古尔邦节，5月13日至15日放假，共3天。
（七）端午节：6月5日（周三）放假1天。
（八）中秋节：9月12日（周四）至14日（周六）放假，共3天。
（九）国庆节：10月1日（周二）至7日（周一）放假调休，共7天。9月29日（周日）、10月12日（周六）上班。
二、冬夏季作息时间安排
（一）夏季作息时间：自2030年5月6日起实行夏季作息时间，上班时间为：上午10:00至14:00，下午16:30至20:30。
（二）冬季作息时间：自2030年10月1日起实行冬季作息时间，上班时间为：上午10:00至14:00，下午15:30至19:30。
"""


def test_an_imported_year_becomes_official_and_its_office_hours_apply_from_that_year(tmp_path: Path) -> None:
    with pytest.raises(CalendarCoverageError, match="2030"):
        get_calendar("CN-XJ").is_working_day(dt.date(2030, 3, 5))
    path = tmp_path / "2030.toml"
    path.write_text(read_notice(MADE_UP_2030).to_toml(), "utf-8")
    cal = get_calendar("CN-XJ", data_files=[path])
    assert cal.year_status(2030) == "official"
    assert not cal.is_working_day(dt.date(2030, 3, 5))  # the festival
    assert cal.is_working_day(dt.date(2030, 2, 10))  # a make-up Sunday
    bj = dt.timezone(dt.timedelta(hours=8))

    def four_to_five_pm(day: dt.date) -> float:
        start = dt.datetime.combine(day, dt.time(16), bj)
        return cal.office_hours_between(start, start + dt.timedelta(hours=1))

    assert four_to_five_pm(dt.date(2030, 5, 6)) == 0.5  # the 2030 summer afternoon starts at 16:30
    assert four_to_five_pm(dt.date(2025, 5, 6)) == 1  # earlier years keep the hours they had


# --- mutations: a bad paste or a typo is an error that names the line -------------------------------------


def mutated(name: str, old: str, new: str) -> str:
    text = notice_text(name)
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_weekday_annotation_is_checked(year: int) -> None:
    text = notice_text(f"cn-{year}.txt")
    annotations = list(re.finditer(r"（[^）]*周([一二三四五六日])）", text))
    assert len(annotations) > 15
    wrong = {"一": "二", "二": "三", "三": "四", "四": "五", "五": "六", "六": "日", "日": "一"}
    for m in annotations:
        start, end = m.span(1)
        bad = text[:start] + wrong[m[1]] + text[end:]
        line = text[:start].count("\n") + 1
        with pytest.raises(NoticeError, match=rf"line {line}: .* but the notice says 周{wrong[m[1]]}"):
            read_notice(bad)


def test_a_wrong_make_up_weekday_is_an_error_quoting_the_line() -> None:
    bad = mutated("cn-2022.txt", "1月29日（星期六）", "1月29日（星期日）")
    with pytest.raises(NoticeError, match=r"line 5: 2022-01-29 is a Saturday, but the notice says 星期日.*«二、春节"):
        read_notice(bad)


@pytest.mark.parametrize("year", NATIONAL_YEARS)
def test_a_dropped_clause_is_an_error(year: int) -> None:
    lines = notice_text(f"cn-{year}.txt").splitlines()
    dropped = [line for line in lines if "端午节" not in line]
    with pytest.raises(NoticeError, match="no clause for 端午节"):
        read_notice("\n".join(dropped))


def test_a_dropped_regional_festival_is_an_error() -> None:
    text = "\n".join(line for line in notice_text("xj-2022.txt").splitlines() if "古尔邦节：" not in line)
    with pytest.raises(NoticeError, match="no clause for 古尔邦节"):
        read_notice(text)


def test_a_wrong_total_is_an_error() -> None:
    bad = mutated("cn-2023.txt", "放假调休，共8天", "放假调休，共7天")
    with pytest.raises(NoticeError, match=r"line 9: the notice says 7 days, but 2023-09-29 to 2023-10-06 is 8 days"):
        read_notice(bad)


def test_a_clause_it_cannot_read_is_an_error_not_a_skip() -> None:
    bad = mutated("cn-2021.txt", "6月12日至14日放假，共3天。", "6月12日至14日放假，共3天。另行通知。")
    with pytest.raises(NoticeError, match=r"line 8: cannot read '另行通知'"):
        read_notice(bad)


def test_a_clause_that_lost_its_number_is_an_error() -> None:
    bad = mutated("cn-2021.txt", "五、端午节：", "端午节：")
    with pytest.raises(NoticeError, match=r"line 8: this reads like a schedule clause but has no clause number"):
        read_notice(bad)


def test_a_weekday_named_as_make_up_day_is_an_error() -> None:
    bad = mutated("cn-2018.txt", "4月8日（星期日）上班", "4月9日上班")
    with pytest.raises(NoticeError, match="2018-04-09 is a weekday"):
        read_notice(bad)


def test_an_impossible_date_is_an_error() -> None:
    bad = mutated("cn-2019.txt", "2月4日至10日", "2月30日至10日")
    with pytest.raises(NoticeError, match="2019年2月30日 is not a date"):
        read_notice(bad)


def test_overlapping_office_periods_are_an_error_quoting_the_pasted_line() -> None:
    bad = mutated("xj-2022.txt", "下午16:00至20:00", "下午13:00至20:00")
    with pytest.raises(
        NoticeError, match=r"line 14: office periods 10:00-14:00, 13:00-20:00 .* overlap.*«（一）夏季作息时间："
    ):
        read_notice(bad)


def test_a_regional_festival_in_a_national_import_is_an_error() -> None:
    with pytest.raises(NoticeError, match="import this notice with kind xinjiang"):
        read_notice(notice_text("xj-2025.txt"), kind="national")


def test_stray_spaces_and_half_width_punctuation_are_read() -> None:
    text = notice_text("cn-2025.txt").replace("：", ":").replace("，", ",").replace("4月27日", "4 月 27 日")
    assert {b.brk.days_key for b in read_notice(text).breaks} == built_in("CN", 2025)


def test_a_notice_without_a_year_needs_one(bizenv: Run) -> None:
    clauses = "\n".join(notice_text("cn-2022.txt").splitlines()[3:])
    with pytest.raises(NoticeError, match="give the year"):
        read_notice(clauses)
    assert read_notice(clauses, year=2022).year == 2022


# --- the command ----------------------------------------------------------------------------------------


@pytest.fixture
def bizenv(cli: Run) -> Run:
    return lambda *args: cli(*args, env={"BIZENV_PLUGINS": ""})


def test_import_command_writes_a_file_that_every_command_can_use(bizenv: Run, tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text(MADE_UP_2030, "utf-8")
    out = tmp_path / "2030.toml"
    done = bizenv("calendar", "import", str(notice), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "2030-03-05 Tue  day off" in done.stdout
    assert "2030-02-10 Sun  working day (make-up)" in done.stdout
    before = bizenv("calendar", "days", "--from", "2030-03-04", "--to", "2030-03-06")
    assert before.returncode == 2 and "2030" in before.stderr
    after = bizenv("calendar", "days", "--from", "2030-03-04", "--to", "2030-03-06", "--calendar-data", str(out))
    assert after.returncode == 0, after.stderr
    assert re.search(r"2030-03-05 .*否 .*肉孜节", after.stdout)  # a table in the default locale, Chinese
    again = bizenv("calendar", "import", str(notice), "--out", str(out))
    assert again.returncode == 2 and "--force" in again.stderr


def test_import_command_reports_a_bad_notice_in_one_line(bizenv: Run, tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text(mutated("cn-2023.txt", "放假调休，共8天", "放假调休，共7天"), "utf-8")
    done = bizenv("calendar", "import", str(notice))
    assert done.returncode == 2
    assert "notice.txt: line 9: the notice says 7 days" in done.stderr
    assert done.stdout == ""
