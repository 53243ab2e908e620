"""Add to calendar: an iCalendar file (RFC 5545, by the icalendar package) and a Google Calendar link."""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode, quote, urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from .model import UTC, Talk

PRODID = "-//folio//talks//EN"
GOOGLE = "https://calendar.google.com/calendar/render"


def location(talk: Talk) -> str:
    if talk.online and talk.place:
        return f"{talk.place} and online"
    return talk.place or f"Online ({talk.event})"


def plain_abstract(talk: Talk) -> str:
    """The abstract as plain text for calendars: markdown links become 'text (url)', marks go."""
    text = re.sub(r"!?\[([^\]]*)\]\(([^)\s]+)[^)]*\)", r"\1 (\2)", talk.abstract)
    text = re.sub(r"[*_`#>]+", "", text)
    paragraphs = (" ".join(block.split()) for block in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def description(talk: Talk, page_url: str) -> str:
    parts = [f"{talk.title} — {talk.event}"]
    if talk.summary:
        parts.append(talk.summary)
    abstract = plain_abstract(talk)
    if abstract:
        parts.append(abstract)
    parts.append(f"Details: {page_url}")
    return "\n\n".join(parts)


def _moment(value: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """An IANA zone is written with TZID (and a VTIMEZONE); a bare offset or UTC as UTC."""
    if isinstance(tz, ZoneInfo) and tz.key != "UTC":
        return value.astimezone(tz)
    return value.astimezone(UTC)


def ics(talk: Talk, page_url: str) -> bytes:
    """The talk as a one-event calendar. Byte-identical for the same talk file: DTSTAMP is the talk's
    revision time (`updated`, else its start), never the time of the build."""
    event = Event()
    host = urlsplit(page_url).hostname or "localhost"
    event.add("uid", f"{talk.slug}@{host}")
    event.add("dtstamp", talk.last_modified.astimezone(UTC))
    if talk.all_day:
        event.add("dtstart", talk.start)
        event.add("dtend", talk.end + dt.timedelta(days=1))  # exclusive, as RFC 5545 wants
    else:
        event.add("dtstart", _moment(talk.start, talk.tz))
        event.add("dtend", _moment(talk.end, talk.tz))
    event.add("summary", f"{talk.title} ({talk.event})")
    event.add("description", description(talk, page_url))
    event.add("url", page_url)
    event.add("location", location(talk))
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def google_dates(talk: Talk) -> str:
    """'20251209/20251210' (all-day, exclusive end) or '20251209T150000Z/20251209T160000Z'."""
    if talk.all_day:
        return f"{talk.start:%Y%m%d}/{talk.end + dt.timedelta(days=1):%Y%m%d}"
    return f"{talk.starts_at:%Y%m%dT%H%M%SZ}/{talk.ends_at:%Y%m%dT%H%M%SZ}"


def google_link(talk: Talk, page_url: str) -> str:
    query = {"action": "TEMPLATE", "text": f"{talk.title} ({talk.event})", "dates": google_dates(talk),
             "details": f"{talk.summary}\n\n{page_url}".strip(), "location": location(talk)}
    return GOOGLE + "?" + urlencode(query, quote_via=quote)
