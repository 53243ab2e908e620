"""What the talks feature serves: the talks index, a page per talk, its .ics and card, the Atom feed."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from flask import Blueprint, Response, current_app, render_template, request
from markupsafe import Markup

from ..engine import engine
from ..web import card
from ..web.jsonld import json_for_script
from ..web.pages import serve
from ..web.urls import public_url
from . import calendar, dates
from .model import UTC, Talk, TalkShelf

STATE_ORDER = {"live": 0, "upcoming": 1, "past": 2}
bp = Blueprint("talks", __name__)


def now() -> dt.datetime:
    """The one clock: app.config['SITE_NOW'] (tests, previews) or the real time."""
    value = current_app.config.get("SITE_NOW")
    if value is None:
        return dt.datetime.now(UTC)
    if value.tzinfo is None:
        raise ValueError("SITE_NOW must be a timezone-aware datetime")
    return value


def shelf() -> TalkShelf:
    return engine().site().part(TalkShelf)


def find(slug: str) -> Talk | None:
    return next((talk for talk in shelf().talks if talk.slug == slug), None)


def path_of(talk: Talk, endpoint: str = "talks.talk") -> str:
    """The site path of a talk's page (or its .ics, its card)."""
    return engine().router.path(endpoint, {"slug": talk.slug})


def ordered(items: list[Talk], moment: dt.datetime) -> tuple[list[Talk], list[Talk]]:
    """Upcoming (live ones first, then soonest first), and past (most recent first)."""
    coming = sorted((t for t in items if t.state(moment) != "past"),
                    key=lambda t: (STATE_ORDER[t.state(moment)], t.starts_at))
    past = sorted((t for t in items if t.state(moment) == "past"), key=lambda t: t.starts_at, reverse=True)
    return coming, past


@dataclass(frozen=True)
class TalkView:
    """Everything a template shows about a talk at one moment, computed once."""
    talk: Talk
    state: str  # upcoming, live or past
    when: str  # 'Tuesday 9 December 2025'
    machine: str  # for <time datetime>
    start_z: str  # UTC instants, for talks.js
    end_z: str
    tz: str
    path: str  # the talk page's site path
    ics_path: str
    card_path: str
    page_url: str  # its public URL
    location: str
    google: str  # the Google Calendar link


def view_model(talk: Talk, moment: dt.datetime) -> TalkView:
    path = path_of(talk)
    page_url = public_url(path)
    return TalkView(talk, talk.state(moment), dates.when(talk), dates.machine(talk), dates.iso_z(talk.starts_at),
                    dates.iso_z(talk.ends_at), talk.tz_name, path, path_of(talk, "talks.calendar"),
                    path_of(talk, "talks.card"), page_url, calendar.location(talk),
                    calendar.google_link(talk, page_url))


def json_ld(info: TalkView) -> dict[str, Any]:
    talk, page_url = info.talk, info.page_url
    settings = engine().site().settings
    start, end = dates.schema_dates(talk)
    mode = "Mixed" if talk.online and talk.place else "Online" if talk.online else "Offline"
    locations: list[dict[str, Any]] = []
    if talk.online:
        locations.append({"@type": "VirtualLocation", "url": talk.links.schedule or talk.event_url or page_url})
    if talk.place:
        locations.append({"@type": "Place", "name": talk.place, "address": talk.place})
    organizer: dict[str, Any] = {"@type": "Organization", "name": talk.organizer or talk.event}
    if talk.event_url:
        organizer["url"] = talk.event_url
    performer = {"@type": "Person", "name": talk.speaker or settings.author or settings.title,
                 "url": public_url("/")}
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Event", "name": talk.title,
        "description": talk.summary or f"{talk.title}, a talk at {talk.event}.",
        "startDate": start, "endDate": end,
        "eventAttendanceMode": f"https://schema.org/{mode}EventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": organizer, "performer": performer,
        "url": page_url, "image": public_url(info.card_path),
    }
    if talk.links.recording:
        data["recordedIn"] = {"@type": "CreativeWork", "url": _absolute(talk.links.recording)}
    return data


def _absolute(link: str) -> str:
    return public_url(link) if link.startswith("/") else link


def share_links(talk: Talk, page_url: str) -> list[tuple[str, str]]:
    """Plain links to each network's own share page: no script, no request until the visitor clicks."""
    text = f"{talk.title} — {talk.event}"
    both = f"{text} {page_url}"
    return [
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": page_url}, quote_via=quote)),
        ("X", "https://x.com/intent/tweet?" + urlencode({"text": text, "url": page_url}, quote_via=quote)),
        ("Mastodon", "https://share.joinmastodon.org/?" + urlencode({"text": both}, quote_via=quote)),
        ("Bluesky", "https://bsky.app/intent/compose?" + urlencode({"text": both}, quote_via=quote)),
        ("Email", "mailto:?" + urlencode({"subject": text, "body": f"{text}\n{page_url}"}, quote_via=quote)),
    ]


@bp.route("/talks/")
def index() -> str:
    moment = now()
    coming, past = ordered(shelf().talks, moment)
    return render_template("talks/index.html", coming=[view_model(t, moment) for t in coming],
                           past=[view_model(t, moment) for t in past],
                           title="Talks", description="Talks, upcoming and past.", url=request.path,
                           nav_current="talks")


@bp.route("/talks/<slug>/", endpoint="talk")
def talk_page(slug: str) -> Any:
    talk = find(slug)
    if talk is None:  # a page or file of the owner's may live under /talks/
        return serve(request.path)
    info = view_model(talk, now())
    return render_template("talks/talk.html", info=info, talk=talk, abstract=Markup(talk.html(request.script_root)),
                           json_ld=json_for_script(json_ld(info)), shares=share_links(talk, info.page_url),
                           title=talk.title, description=talk.summary or f"{talk.title} — {talk.event}, {info.when}",
                           url=info.path, image=info.card_path, og_type="article", nav_current="talks")


@bp.route("/talks/<slug>.ics", endpoint="calendar")
def calendar_file(slug: str) -> Any:
    talk = find(slug)
    if talk is None:
        return serve(request.path)
    response = Response(calendar.ics(talk, public_url(path_of(talk))), mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{talk.slug}.ics"'
    return response


@bp.route("/talks/<slug>.png", endpoint="card")
def card_image(slug: str) -> Any:
    talk = find(slug)
    if talk is None:
        return serve(request.path)
    site = engine().site()
    png = card.cached_card(site.root, talk.title, talk.event, dates.when(talk), site.settings.title)
    return Response(png, mimetype="image/png")


@bp.route("/talks/feed.xml")
def feed() -> Response:
    items = sorted(shelf().talks, key=lambda t: t.starts_at, reverse=True)
    updated = max((t.last_modified for t in items), default=dt.datetime(2000, 1, 1, tzinfo=UTC))
    xml = render_template("talks/feed.xml", entries=[view_model(t, now()) for t in items],
                          updated=updated, atom=lambda moment: dates.iso_z(moment),
                          prefix=request.script_root)
    return Response(xml, mimetype="application/atom+xml")


@bp.app_context_processor
def template_context() -> dict[str, Any]:
    return {"talk_promo": promo}


def promo(url: str | None) -> TalkView | None:
    """The featured talk for the banner on the page at `url`, or None (setting talk_promo)."""
    site = engine().site()
    talk = site.part(TalkShelf).featured
    where = site.settings.talk_promo
    if talk is None or where == "off" or (where == "home" and url != "/") or url == path_of(talk):
        return None
    return view_model(talk, now())
