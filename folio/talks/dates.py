"""A talk's date as people read it, always in the event's time zone (English, like the site)."""
from __future__ import annotations

import datetime as dt

from .model import UTC, Talk, tz_label


def _day(day: dt.date, weekday: bool = True) -> str:
    text = f"{day.day} {day:%B %Y}"
    return f"{day:%A} {text}" if weekday else text


def _days(first: dt.date, last: dt.date) -> str:
    if first == last:
        return _day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
    return f"{_day(first, False)} – {_day(last, False)}"


def when(talk: Talk) -> str:
    """'Tuesday 9 December 2025', or 'Tuesday 9 December 2025, 15:00–16:00 CET'."""
    if talk.all_day:
        return _days(talk.start, talk.end)
    start, end = talk.start.astimezone(talk.tz), talk.end.astimezone(talk.tz)
    start_zone, end_zone = tz_label(talk.tz, start), tz_label(talk.tz, end)
    if start.date() != end.date():
        return f"{_day(start.date())}, {start:%H:%M} {start_zone} – {_day(end.date())}, {end:%H:%M} {end_zone}"
    if start_zone != end_zone:
        return f"{_day(start.date())}, {start:%H:%M} {start_zone} – {end:%H:%M} {end_zone}"
    return f"{_day(start.date())}, {start:%H:%M}–{end:%H:%M} {start_zone}"


def machine(talk: Talk) -> str:
    """The value of a <time datetime> attribute: a date, or a date-time with its offset."""
    if talk.all_day:
        return talk.start.isoformat()
    return talk.start.astimezone(talk.tz).isoformat(timespec="minutes")


def iso_z(moment: dt.datetime) -> str:
    """'2025-12-09T00:00:00Z': what the browser script compares with its clock."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def schema_dates(talk: Talk) -> tuple[str, str]:
    """schema.org startDate/endDate: dates for an all-day talk (the end is its last day)."""
    if talk.all_day:
        return talk.start.isoformat(), talk.end.isoformat()
    return (talk.start.astimezone(talk.tz).isoformat(timespec="minutes"),
            talk.end.astimezone(talk.tz).isoformat(timespec="minutes"))
