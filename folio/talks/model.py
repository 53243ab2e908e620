"""Talks: one markdown file per talk under site/talks/, parsed once into a `Talk`.

A talk's `start` is a date (an all-day talk: the exact time is not known) or a date-time. Its state
(upcoming, live, past) depends only on two instants, `starts_at` and `ends_at`: for an all-day talk
they are midnights in the event's time zone, so "the day of the talk" is that day where it happens.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..content.fields import Field, Fields
from ..content.frontmatter import FrontMatter, split_front_matter
from ..content.markdown import render_markdown
from ..content.pages import read_source
from ..errors import ContentError, key_line

TALKS_DIR = "site/talks"
UTC = dt.timezone.utc
LINK_KINDS = ("schedule", "registration", "slides", "recording", "code")
FIELDS = ("title", "event", "event_url", "start", "timezone", "end", "duration", "online", "place", "track",
          "links", "featured", "summary", "speaker", "organizer", "updated")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DURATION = re.compile(r"(\d+)\s*(d|days?|h|hours?|m|min|mins|minutes?)(?![a-z])")
_UNIT_MINUTES = {"d": 1440, "h": 60, "m": 1}


@dataclass(frozen=True)
class Links:
    schedule: str = ""
    registration: str = ""
    slides: str = ""
    recording: str = ""
    code: str = ""


@dataclass
class Talk:
    source: Path
    slug: str
    title: str
    event: str
    start: dt.date | dt.datetime  # a date (all-day) or an aware date-time
    end: dt.date | dt.datetime  # all-day: the last day, inclusive; timed: an aware date-time
    tz: dt.tzinfo  # the event's time zone
    event_url: str = ""
    online: bool = False
    place: str = ""
    track: str = ""
    links: Links = Links()
    featured: bool = False
    summary: str = ""
    speaker: str = ""
    organizer: str = ""
    updated: dt.datetime | None = None
    abstract: str = ""
    abstract_line: int = 1  # the line of the talk's file the abstract starts on
    key_lines: dict[str, int] = field(default_factory=dict)
    _html: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def starts_at(self) -> dt.datetime:
        return _instant(self.start, self.tz)

    @property
    def ends_at(self) -> dt.datetime:
        """The first instant after the talk (for an all-day talk, midnight after its last day)."""
        if self.all_day:
            return _instant(self.end + dt.timedelta(days=1), self.tz)
        return self.end.astimezone(UTC)

    @property
    def tz_name(self) -> str:
        return getattr(self.tz, "key", None) or tz_label(self.tz, self.starts_at)

    @property
    def last_modified(self) -> dt.datetime:
        """The talk's revision time: `updated` when given, else its start (deterministic, unlike file times)."""
        return self.updated or self.starts_at

    def state(self, now: dt.datetime) -> str:
        if now < self.starts_at:
            return "upcoming"
        return "live" if now < self.ends_at else "past"

    def html(self, url_prefix: str = "") -> str:
        if url_prefix not in self._html:
            self._html[url_prefix] = render_markdown(self.abstract, url_prefix,
                                                     source=(self.source, self.abstract_line))
        return self._html[url_prefix]


@dataclass
class TalkShelf:
    """The talks feature's data in a snapshot."""
    talks: list[Talk]
    featured: Talk | None


def _instant(value: dt.date | dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.astimezone(UTC)
    return dt.datetime.combine(value, dt.time(), tz).astimezone(UTC)


def tz_label(tz: dt.tzinfo, when: dt.datetime) -> str:
    """'CET', 'UTC', or 'UTC+05:30' where a zone has no letter abbreviation."""
    local = when.astimezone(tz)
    name = local.tzname() or ""
    if name == "UTC" or (name[:1].isalpha() and not name.startswith("UTC")):
        return name
    offset = local.utcoffset() or dt.timedelta()
    sign = "-" if offset < dt.timedelta() else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


# -- parsing ---------------------------------------------------------------------------------


def load_talk(path: Path, root: Path) -> Talk:
    """Parse one talk file; raise ContentError naming file:line on any mistake."""
    slug = path.stem
    if not _SLUG.match(slug):
        raise ContentError(path, None, f"the file name {path.name!r} cannot be a URL",
                           "rename it with lowercase letters, digits and dashes, e.g. my-talk.md")
    text = read_source(path, root)
    fm = split_front_matter(text, path)
    _check_fields(fm, path)
    p = _Parser(fm, path, text)
    tz, explicit_tz = p.timezone()
    start = p.start(tz, explicit_tz)
    if isinstance(start, dt.datetime) and not explicit_tz:
        tz = start.tzinfo
    online, place = p.flag("online"), p.text("place")
    if not online and not place:
        raise ContentError(path, fm.line_of("online") if "online" in fm.data else 1,
                           "the talk does not say where it is",
                           "write online: true, or place: \"Venue, City\"")
    return Talk(
        source=path, slug=slug, title=p.required("title"), event=p.required("event"),
        start=start, end=p.end(start, tz), tz=tz,
        event_url=p.url("event_url"), online=online, place=place, track=p.text("track"),
        links=p.links(), featured=p.flag("featured"), summary=p.one_line("summary"),
        speaker=p.text("speaker"), organizer=p.text("organizer"), updated=p.updated(tz),
        abstract=fm.body, abstract_line=fm.body_line, key_lines=fm.key_lines,
    )


def _check_fields(fm: FrontMatter, path: Path) -> None:
    for key in fm.data:
        if key not in FIELDS:
            raise ContentError(path, fm.line_of(key), f"unknown field {key!r} in a talk",
                               "use only " + ", ".join(FIELDS) + " (see README, 'Talks')")


class _Parser(Fields):
    """Reads and checks one talk's front-matter values, each error at that key's line."""

    def __init__(self, fm: FrontMatter, path: Path, text: str):
        super().__init__(fm.data, path, fm.line_of)
        self.fm, self.text_of_file = fm, text

    def text(self, key: str) -> str:
        return self.get(key, Field(str, f'write {key}: "…"'), "").strip()

    def required(self, key: str) -> str:
        value = self.text(key)
        if not value:
            raise ContentError(self.path, self.fm.line_of(key) if key in self.data else 1,
                               f"the talk has no {key}", f'add a line {key}: "…" to the front matter')
        return value

    def one_line(self, key: str) -> str:
        value = self.text(key)
        if "\n" in value:
            raise self.error(key, f"{key!r} must be one line", "shorten it to one sentence")
        return value

    def flag(self, key: str) -> bool:
        return self.get(key, Field(bool, f"write {key}: true"), False)

    def url(self, key: str, value: Any = None, line_key: str | None = None) -> str:
        value = self.data.get(key, "") if value is None else value
        if value in ("", None):
            return ""
        if not (isinstance(value, str) and re.match(r"^(https?://[^\s/]+|/)\S*$", value.strip())):
            raise self.error(line_key or key, f"{key!r} is not a link: {value!r}",
                             "write a full https:// address, or a site path starting with /")
        return value.strip()

    def links(self) -> Links:
        raw = self.data.get("links") or {}
        if not isinstance(raw, dict):
            raise self.error("links", "'links' must be a list of 'kind: address' lines",
                             "write links: then indented lines such as   schedule: https://…")
        raw = dict(raw)
        if "video" in raw:
            if "recording" in raw:
                raise self.error("links", "both 'video' and 'recording' are given", "keep one of them")
            raw["recording"] = raw.pop("video")
        values = {}
        for kind, value in raw.items():
            if kind not in LINK_KINDS:
                line = key_line(self.text_of_file, str(kind), ":", after=self.fm.line_of("links"), indented=True)
                raise ContentError(self.path, line or self.fm.line_of("links"), f"unknown link {kind!r}",
                                   "use " + ", ".join(LINK_KINDS) + " (or video)")
            values[kind] = self.url(kind, value, line_key="links")
        return Links(**values)

    def timezone(self) -> tuple[dt.tzinfo, bool]:
        name = self.data.get("timezone")
        if name is None:
            return UTC, False
        if not isinstance(name, str) or not name.strip():
            raise self.error("timezone", "'timezone' must be a time zone name", "write timezone: Europe/Berlin")
        try:
            return ZoneInfo(name.strip()), True
        except (ZoneInfoNotFoundError, ValueError):
            raise self.error("timezone", f"unknown time zone {name!r}",
                             "use an IANA name such as UTC, Europe/Berlin or America/New_York") from None

    def start(self, tz: dt.tzinfo, explicit_tz: bool) -> dt.date | dt.datetime:
        if "start" not in self.data:
            raise ContentError(self.path, 1, "the talk has no start",
                               "add start: 2025-12-09 (a date), or start: 2025-12-09T15:00 with timezone:")
        return self._moment("start", tz, explicit_tz)

    def _moment(self, key: str, tz: dt.tzinfo, explicit_tz: bool) -> dt.date | dt.datetime:
        value = self.data[key]
        if isinstance(value, str):
            value = self._parse_iso(key, value.strip())
        if isinstance(value, dt.datetime):
            return self._aware(key, value, tz, explicit_tz)
        if isinstance(value, dt.date):
            return value
        raise self.error(key, f"{key!r} is not a date: {value!r}",
                         f"write {key}: 2025-12-09, or {key}: 2025-12-09T15:00 with a timezone: line")

    def _parse_iso(self, key: str, text: str) -> dt.date | dt.datetime:
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return dt.date.fromisoformat(text)
            return dt.datetime.fromisoformat(text)
        except ValueError:
            raise self.error(key, f"{key!r} is not a valid date or date-time: {text!r}",
                             f"write {key}: 2025-12-09, or 2025-12-09T15:00 (with timezone:), "
                             "or 2025-12-09T15:00+01:00") from None

    def _aware(self, key: str, value: dt.datetime, tz: dt.tzinfo, explicit_tz: bool) -> dt.datetime:
        if value.tzinfo is not None:
            return value
        if not explicit_tz:
            raise self.error(key, f"{key!r} has a time but no time zone",
                             "add a line timezone: Europe/Berlin (an IANA name), or an offset such as +01:00")
        aware = value.replace(tzinfo=tz)
        if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != value:
            raise self.error(key, f"{value:%Y-%m-%d %H:%M} does not exist in {tz} (the clocks skip it)",
                             "pick a time outside the daylight-saving change")
        return aware

    def end(self, start: dt.date | dt.datetime, tz: dt.tzinfo) -> dt.date | dt.datetime:
        if "end" in self.data and "duration" in self.data:
            raise self.error("duration", "both 'end' and 'duration' are given", "keep one of them")
        all_day = not isinstance(start, dt.datetime)
        if "end" in self.data:
            end = self._moment("end", tz, True)
            if isinstance(end, dt.datetime) == all_day:
                raise self.error("end", "'end' must be a date when 'start' is a date, and a date-time when it "
                                 "has a time", "write both the same way")
            if (end < start) if all_day else (end <= start):
                raise self.error("end", "the talk ends before it starts", "check the dates of start and end")
            return end
        minutes = self._duration() if "duration" in self.data else (1440 if all_day else 60)
        if all_day:
            if minutes % 1440:
                raise self.error("duration", "an all-day talk lasts whole days",
                                 "write duration: 1d, or give start a time")
            return start + dt.timedelta(days=minutes // 1440 - 1)
        # Added in absolute time, so a duration across a daylight-saving change stays exact.
        return (start.astimezone(UTC) + dt.timedelta(minutes=minutes)).astimezone(start.tzinfo)

    def _duration(self) -> int:
        value = self.data["duration"]
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        text = str(value).strip().lower() if isinstance(value, str) else ""
        parts = _DURATION.findall(text)
        if not parts or _DURATION.sub("", text).strip(" ,and"):
            raise self.error("duration", f"'duration' is not a length of time: {value!r}",
                             "write duration: 45m, 1h30m, 2d, or a number of minutes")
        minutes = sum(int(n) * _UNIT_MINUTES[unit[0]] for n, unit in parts)
        if minutes <= 0:
            raise self.error("duration", "'duration' must be longer than zero", "write duration: 45m")
        return minutes

    def updated(self, tz: dt.tzinfo) -> dt.datetime | None:
        if "updated" not in self.data:
            return None
        value = self._moment("updated", tz, True)
        return _instant(value, tz)
