"""Calendar feeds: valid iCalendar (RFC 5545), one all-day event per dated item, UIDs that stay the same, a
reminder before each due date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

import bizenv
from bizenv.cycle import calendar_feed, event_uid
from bizenv.cycle.ics import CalendarFeedError, uids
from bizenv.evaluate import LedgerRow, track_deadlines
from bizenv.i18n import using_locale

from .conftest import Run

D = dt.date


def _events(feed: bytes) -> dict[str, Calendar]:
    return {str(e["UID"]): e for e in Calendar.from_ical(feed).walk("VEVENT")}


def test_one_all_day_event_per_dated_item_with_a_reminder(region: bizenv.RegionProfile) -> None:
    report = track_deadlines(region, [LedgerRow("1", "已完成", D(2024, 6, 20))], D(2024, 7, 1))
    feed = calendar_feed(region, report, remind_days=10)
    calendar = Calendar.from_ical(feed)
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"])
    events = _events(feed)
    dated = [i for i in report.items if i.due is not None]
    assert len(events) == len(dated) and "3" not in {i.id for i in dated}  # measure 3 has no date: no event
    event = events[event_uid("testland", "2#4")]
    assert event.decoded("DTSTART") == D(2023, 12, 31) and event.decoded("DTEND") == D(2024, 1, 1)
    assert event["DTSTART"].params["VALUE"] == "DATE"
    with using_locale("en"):
        english = calendar_feed(region, report, remind_days=10)
    # With a ledger read, an overdue item says so in its summary.
    assert (
        str(_events(english)[event_uid("testland", "2#4")]["SUMMARY"])
        == "overdue · [2#4] 到2023年底网上办理比例达95%以上"
    )
    assert str(event["STATUS"]) == "CONFIRMED"
    description = str(event["DESCRIPTION"])
    assert "州供电公司" in description and "州政务服务中心" in description and "2" in description
    assert "测试方案" in description  # the source document and clause
    assert event.decoded("DTSTAMP").tzinfo is not None
    (alarm,) = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY" and alarm.decoded("TRIGGER") == dt.timedelta(days=-10)
    assert str(alarm["DESCRIPTION"])
    done = events[event_uid("testland", "1")]
    assert "2024-07-01" in str(done["DESCRIPTION"])  # the status at the as-of date, with a ledger read
    # A done item carries no reminder, and says it is done (STATUS and summary).
    assert done.walk("VALARM") == [] and str(done["STATUS"]) == "CANCELLED"
    assert str(_events(english)[event_uid("testland", "1")]["SUMMARY"]).startswith("done on time · [1]")


def test_the_feed_keeps_the_statuses_asked_for(region: bizenv.RegionProfile) -> None:
    report = track_deadlines(region, [LedgerRow("1", "已完成", D(2024, 6, 20))], D(2024, 7, 1))
    feed = calendar_feed(region, report, statuses=["overdue"])
    overdue = {event_uid("testland", i.id) for i in report.overdue() if i.due is not None}
    assert set(uids(feed)) == overdue and event_uid("testland", "1") not in overdue


def test_a_unit_name_with_a_line_break_makes_one_line_names(tmp_path: Path) -> None:
    # A unit name copied from a PDF table keeps its line break; the feed's names are one line each.
    text = (Path(__file__).resolve().parents[1] / "data" / "test_region.toml").read_text("utf-8")
    path = tmp_path / "broken.toml"
    path.write_text(text.replace('"州供电公司"', '"州供电\\n公司"'), "utf-8")
    broken = bizenv.load_profile(path)
    feed = calendar_feed(broken, track_deadlines(broken, [], D(2024, 7, 1)), unit="州供电\n公司")
    calendar = Calendar.from_ical(feed)
    assert str(calendar["X-WR-CALNAME"]).endswith("州供电 公司")
    assert all("\n" not in str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert "州供电 公司" in str(_events(feed)[event_uid("testland", "2")]["DESCRIPTION"])


def test_the_feed_is_rfc_5545_text(region: bizenv.RegionProfile) -> None:
    feed = calendar_feed(region, track_deadlines(region, [], D(2024, 7, 1)))
    assert feed.startswith(b"BEGIN:VCALENDAR\r\n") and feed.endswith(b"END:VCALENDAR\r\n")
    lines = feed.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)  # folded at 75 octets
    assert b"\n" not in feed.replace(b"\r\n", b"")
    for event in Calendar.from_ical(feed).walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART"):
            assert required in event


def test_uids_stay_the_same_from_run_to_run_and_month_to_month(region: bizenv.RegionProfile) -> None:
    june = calendar_feed(
        region, track_deadlines(region, [], D(2024, 6, 1)), stamp=dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
    )
    july = calendar_feed(region, track_deadlines(region, [LedgerRow("1", "已完成", D(2024, 6, 20))], D(2024, 7, 1)))
    assert list(uids(june)) == list(uids(july)) and len(set(uids(june))) == len(list(uids(june)))
    assert event_uid("yiwu", "（19）") != event_uid("yiwu", "19") and "@bizenv" in event_uid("yiwu", "14#1")


def test_a_units_feed_holds_its_items_only(region: bizenv.RegionProfile) -> None:
    feed = calendar_feed(region, track_deadlines(region, [], D(2024, 7, 1)), unit="州供电公司")
    assert set(uids(feed)) == {event_uid("testland", i) for i in ("2", "2#4", "4.1")}
    assert "州供电公司" in str(Calendar.from_ical(feed)["X-WR-CALNAME"])
    with pytest.raises(CalendarFeedError):
        calendar_feed(region, track_deadlines(region, [], D(2024, 7, 1)), remind_days=-1)


def test_the_command_writes_the_feed(testland: Run, tmp_path: Path) -> None:
    out = tmp_path / "deadlines.ics"
    done = testland(
        "deadlines", "testland", "--format", "ics", "--unit", "州市场监管局", "--out", str(out), "--as-of", "2024-07-01"
    )
    assert done.returncode == 0, done.stderr
    assert set(uids(out.read_bytes())) == {event_uid("testland", i) for i in ("1", "4.2")}
    printed = testland("deadlines", "testland", "--format", "ics", "--as-of", "2024-07-01")
    assert printed.returncode == 0 and printed.stdout.startswith("BEGIN:VCALENDAR")
    table = testland("deadlines", "testland", "--unit", "州供电公司", "--as-of", "2024-07-01", "--format", "csv")
    assert [line.split(",")[0] for line in table.stdout.splitlines()[1:]] == ["2", "2#4", "4.1"]
    text = tmp_path / "deadlines.md"
    written = testland("deadlines", "testland", "--as-of", "2024-07-01", "--format", "markdown", "--out", str(text))
    assert written.returncode == 0 and written.stdout == "" and text.read_text("utf-8").startswith("| id |")
