"""Deadlines as a calendar feed (iCalendar, RFC 5545) that units subscribe to or import: one all-day event per
dated measure or target, on its due date, with a reminder before it.

Each event's UID is made from the region and the item's id only, so a feed made again next month updates the same
events instead of adding copies. The summary is the id and the item's title; the description says where the due
date comes from, who answers for the item (with roles) and the clause of the source document, and the status at
the as-of date when a ledger was read. Built and serialised with the icalendar package (lines folded at 75 octets,
CRLF line ends).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import quote

from bizenv.cycle import vocabulary as words
from bizenv.errors import BizenvError
from bizenv.evaluate import DeadlineReport, TrackedItem
from bizenv.i18n import _, get_locale
from bizenv.model import UNIT_ROLES, RegionProfile

#: Days before the due date the reminder goes off, unless told otherwise.
DEFAULT_REMINDER_DAYS = 7
PRODID = "-//bizenv//monthly cycle deadlines//EN"


class CalendarFeedError(BizenvError):
    """The calendar feed cannot be made (the icalendar package is missing)."""


def event_uid(region: str, item_id: str) -> str:
    """The stable UID of an item's event: the region and the id (percent-encoded), ``@bizenv``."""
    return f"{quote(region, safe='')}-{quote(item_id, safe='.')}@bizenv"


def _one_line(text: str) -> str:
    # A name copied from a document can hold a line break; a summary or a calendar name is one line.
    return " ".join(text.split())


def _roles_of(item: TrackedItem) -> list[str]:
    lines = []
    for role in UNIT_ROLES:
        units = [_one_line(o.unit.name) for o in item.owners if o.role == role]
        if units:
            lines.append(f"{words.role(role)}: {'、'.join(dict.fromkeys(units))}")
    return lines


def _description(profile: RegionProfile, report: DeadlineReport, item: TrackedItem) -> str:
    assert item.due is not None
    source = words.due_source(item.due.source)
    if item.due.deadline is not None:
        source += f" ({item.due.deadline.raw})"
    lines = [item.target.raw if item.target is not None else (item.measure.text or item.measure.title), ""]
    lines.append(_("Due: {date}; {source}").format(date=item.due.date.isoformat(), source=source))
    if item.due.alternatives:
        others = ", ".join(d.isoformat() for d in item.due.alternatives)
        lines.append(_("The source's date is uncertain; it may also mean {dates}.").format(dates=others))
    lines += _roles_of(item)
    document = profile.document(item.measure.provenance.document)
    clause = item.measure.provenance.clause
    lines.append(_("Source: {document}, {clause}").format(document=document.title, clause=clause))
    if report.ledger_given:
        lines.append(
            _("Status at {date}: {status}").format(date=report.as_of.isoformat(), status=words.status(item.status))
        )
    return "\n".join(lines)


def feed_items(report: DeadlineReport, profile: RegionProfile, unit: str | None = None) -> list[TrackedItem]:
    """The items a feed holds: every dated item, or only those in which ``unit`` (any of its names) holds a role
    of its own."""
    name = profile.resolve_unit(unit) if unit is not None else None
    return [
        item
        for item in report.items
        if item.due is not None and (name is None or any(o.unit.name == name and not o.derived for o in item.owners))
    ]


def calendar_feed(
    profile: RegionProfile,
    report: DeadlineReport,
    *,
    unit: str | None = None,
    remind_days: int = DEFAULT_REMINDER_DAYS,
    stamp: dt.datetime | None = None,
    statuses: Iterable[str] | None = None,
) -> bytes:
    """The feed as the bytes of an .ics file (see the module's description). ``stamp`` is the DTSTAMP of every
    event (default: now); ``unit`` keeps that unit's items only, ``statuses`` (e.g. ``["overdue"]``) the items with
    one of those statuses.

    With a ledger read, an item done carries no reminder and says so: its summary starts with the status and its
    STATUS is CANCELLED (calendar programs show it struck through: nothing more to do by that date); an overdue or
    disputed item's summary starts with its status."""
    try:
        from icalendar import Alarm, Calendar, Event
    except ImportError:
        raise CalendarFeedError("calendar feeds need icalendar: pip install 'bizenv[cycle]'") from None
    if remind_days < 0:
        raise CalendarFeedError(f"a reminder {remind_days} days before the due date is after it; give 0 or more")
    moment = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    region = profile.region.names.get(get_locale())
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    title = _("{region}: business-environment deadlines").format(region=region)
    if unit is not None:
        title += f" · {_one_line(profile.resolve_unit(unit))}"
    calendar.add("x-wr-calname", title)
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    wanted = set(statuses) if statuses else None
    for item in feed_items(report, profile, unit):
        assert item.due is not None
        if wanted is not None and item.status not in wanted:
            continue
        done = report.ledger_given and item.status.startswith("done")
        event = Event()
        event.add("uid", event_uid(profile.id, item.id))
        event.add("dtstamp", moment)
        event.add("dtstart", item.due.date)
        event.add("dtend", item.due.date + dt.timedelta(days=1))
        summary = _one_line(f"[{item.id}] {item.title}")
        if report.ledger_given and (done or item.status in ("overdue", "disputed")):
            event.add("summary", f"{words.status(item.status)} · {summary}")
        else:
            event.add("summary", summary)
        event.add("status", "CANCELLED" if done else "CONFIRMED")
        event.add("description", _description(profile, report, item))
        event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
        event.add("categories", [words.status(item.status)] if report.ledger_given else [_("deadline")])
        if not done:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", _("Due in {days} days: {summary}").format(days=remind_days, summary=summary))
            alarm.add("trigger", dt.timedelta(days=-remind_days))
            event.add_component(alarm)
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def uids(feed: bytes) -> Iterable[str]:
    """The UIDs of a feed's events, in order (for a check that a feed made again keeps them)."""
    from icalendar import Calendar

    return [str(event["UID"]) for event in Calendar.from_ical(feed).walk("VEVENT")]


__all__ = [
    "DEFAULT_REMINDER_DAYS",
    "PRODID",
    "CalendarFeedError",
    "calendar_feed",
    "event_uid",
    "feed_items",
    "uids",
]
