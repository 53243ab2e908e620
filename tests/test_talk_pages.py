"""What visitors and machines get from the talks module, on the Flask test client and in a freeze."""
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from icalendar import Calendar
from PIL import Image

from folio import create_app
from folio.build.cli import main as freeze_main
from folio.build.pipeline import build
from readers import text_nodes, text_without_css

UTC = dt.timezone.utc
SLUG = "transformer-from-scratch"
PAGE = f"/talks/{SLUG}/"
BEFORE, ON_THE_DAY, AFTER = (dt.datetime(2025, 12, 2, 9, tzinfo=UTC), dt.datetime(2025, 12, 9, 15, tzinfo=UTC),
                             dt.datetime(2026, 12, 9, tzinfo=UTC))
TIMED = ("---\ntitle: Timed talk\nevent: Meetup\nstart: 2026-03-10T18:30\ntimezone: Europe/Berlin\nduration: 45m\n"
         "place: Berlin\nlinks:\n  registration: https://meetup.example/r\n---\nAn *abstract*.\n")


def client_at(root, now, **config):
    return create_app(root, SITE_NOW=now, **config).test_client()


def get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.json_ld, self._in = [], False

    def handle_starttag(self, tag, attrs):
        self._in = tag == "script" and dict(attrs).get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in:
            self.json_ld.append(data)

    def handle_endtag(self, tag):
        self._in = False


def json_ld_of(html: str) -> list[dict]:
    parser = _Scripts()
    parser.feed(html)
    return [json.loads(text) for text in parser.json_ld]


def banner_of(html: str) -> str:
    match = re.search(r'<section class="talk-banner".*?</section>', html, re.S)
    return match.group(0) if match else ""


# -- the calendar file -------------------------------------------------------------------------

def test_the_ics_file_parses_back_to_the_talk(site_root):
    response = client_at(site_root, BEFORE).get(f"/talks/{SLUG}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"{SLUG}@example.github.io"
    assert event["DTSTART"].dt == dt.date(2025, 12, 9) and event["DTSTART"].params.get("VALUE") == "DATE"
    assert event["DTEND"].dt == dt.date(2025, 12, 10), "DTEND of an all-day event is the next day (exclusive)"
    assert event["DTSTAMP"].dt == dt.datetime(2025, 12, 9, tzinfo=UTC)
    assert str(event["SUMMARY"]) == "I Built a Transformer from Scratch So You Don't Have To (PyData Global 2025)"
    assert str(event["URL"]) == f"https://example.github.io{PAGE}"
    assert str(event["LOCATION"]) == "Online (PyData Global 2025)"
    assert "positional encoding" in str(event["DESCRIPTION"]) and "Details: https://example.github.io" in str(event["DESCRIPTION"])
    assert b"\r\n" in response.data, "RFC 5545 lines end with CRLF"


def test_a_timed_talk_in_a_named_zone_has_tzid_and_vtimezone(site_root, write):
    write("site/talks/timed.md", TIMED)
    data = client_at(site_root, BEFORE).get("/talks/timed.ics").data
    assert b"DTSTART;TZID=Europe/Berlin:20260310T183000" in data and b"BEGIN:VTIMEZONE" in data
    [event] = Calendar.from_ical(data).walk("VEVENT")
    assert event["DTSTART"].dt == dt.datetime(2026, 3, 10, 17, 30, tzinfo=UTC)
    assert event["DTEND"].dt - event["DTSTART"].dt == dt.timedelta(minutes=45)
    assert str(event["LOCATION"]) == "Berlin"


def test_a_timed_talk_with_an_offset_is_written_in_utc(site_root, write):
    write("site/talks/offset.md", TIMED.replace("2026-03-10T18:30\ntimezone: Europe/Berlin", "2026-03-10T18:30+05:30"))
    data = client_at(site_root, BEFORE).get("/talks/offset.ics").data
    assert b"DTSTART:20260310T130000Z" in data and b"DTEND:20260310T134500Z" in data


def test_builds_are_byte_identical_whatever_the_day(site_root):
    first = client_at(site_root, BEFORE).get(f"/talks/{SLUG}.ics").data
    assert client_at(site_root, AFTER).get(f"/talks/{SLUG}.ics").data == first
    (site_root / "site" / "talks" / f"{SLUG}.md").touch()
    assert client_at(site_root, None).get(f"/talks/{SLUG}.ics").data == first


# -- the talk page ---------------------------------------------------------------------------

def test_the_talk_page_has_every_detail_and_link(real_client):
    html = get(real_client, PAGE)
    assert "<h1>I Built a Transformer from Scratch So You Don&#39;t Have To</h1>" in html
    for text in ("PyData Global 2025", "Tuesday 9 December 2025", "Machine Learning &amp; AI", "Online",
                 "https://cfp.pydata.org/pydataglobal2025/talk/QWXTAN", "https://www.youtube.com/watch?v=ID5zSzycQBg",
                 "positional encoding", f'href="/talks/{SLUG}.ics"'):
        assert text in html, text
    assert '<time datetime="2025-12-09">' in html


def test_google_calendar_link_uses_all_day_dates(real_client):
    html = get(real_client, PAGE)
    href = re.search(r'href="(https://calendar\.google\.com/[^"]+)"', html).group(1).replace("&amp;", "&")
    query = parse_qs(urlsplit(href).query)
    assert query["action"] == ["TEMPLATE"] and query["dates"] == ["20251209/20251210"]
    assert query["text"] == ["I Built a Transformer from Scratch So You Don't Have To (PyData Global 2025)"]


def test_google_calendar_link_of_a_timed_talk_is_in_utc(site_root, write):
    write("site/talks/timed.md", TIMED)
    html = get(client_at(site_root, BEFORE), "/talks/timed/")
    assert "dates=20260310T173000Z%2F20260310T181500Z" in html


def test_share_links_are_plain_encoded_links(real_client):
    html = get(real_client, PAGE)
    shares = dict(re.findall(r'<li><a href="([^"]+)" rel="noopener noreferrer">(LinkedIn|X|Mastodon|Bluesky|Email)</a>', html))
    by_name = {name: href.replace("&amp;", "&") for href, name in shares.items()}
    assert set(by_name) == {"LinkedIn", "X", "Mastodon", "Bluesky", "Email"}
    page_url = f"https://example.github.io{PAGE}"
    assert parse_qs(urlsplit(by_name["LinkedIn"]).query)["url"] == [page_url]
    assert parse_qs(urlsplit(by_name["X"]).query)["url"] == [page_url]
    for name in ("Mastodon", "Bluesky"):
        assert parse_qs(urlsplit(by_name[name]).query)["text"][0].endswith(" " + page_url)
    assert by_name["Email"].startswith("mailto:?subject=I%20Built%20a%20Transformer")
    assert " " not in "".join(by_name.values()), "spaces are encoded"
    assert "<script" not in html.split("application/ld+json")[1].split("</script>", 1)[1], "no share scripts"


def test_json_ld_event(real_client):
    [data] = json_ld_of(get(real_client, PAGE))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == "I Built a Transformer from Scratch So You Don't Have To"
    assert (data["startDate"], data["endDate"]) == ("2025-12-09", "2025-12-09")
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://cfp.pydata.org/pydataglobal2025/talk/QWXTAN"}
    assert data["organizer"]["@type"] == "Organization" and data["organizer"]["name"] == "PyData Global 2025"
    assert data["performer"]["@type"] == "Person" and data["performer"]["name"]
    assert data["description"] and data["url"] == f"https://example.github.io{PAGE}"


def test_json_ld_cannot_break_out_of_its_script(site_root, write):
    nasty = "</script><script>alert(1)</script> <!-- &"
    write("site/talks/nasty.md", f"---\ntitle: '{nasty}'\nevent: E\nstart: 2025-12-09\nonline: true\n"
                                 f"summary: '</SCRIPT >'\n---\n")
    html = get(client_at(site_root, BEFORE), "/talks/nasty/")
    script = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in script and ">" not in script and "&" not in script.replace("\\u0026", "")
    [data] = json_ld_of(html)
    assert data["name"] == nasty and data["description"] == "</SCRIPT >"
    assert "<script>alert(1)" not in html


def test_json_for_script_escapes_what_html_parsers_see():
    from folio.web.jsonld import json_for_script
    text = str(json_for_script({"a": "</script>\u2028&<!--"}))
    assert text == '{"a":"\\u003c/script\\u003e\\u2028\\u0026\\u003c!--"}'
    assert json.loads(text) == {"a": "</script>\u2028&<!--"}


def test_social_card_is_a_1200_by_630_png_referenced_absolutely(real_client):
    response = real_client.get(f"/talks/{SLUG}.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    with Image.open(io.BytesIO(response.data)) as image:
        assert image.format == "PNG" and image.size == (1200, 630)
    html = get(real_client, PAGE)
    card = f"https://example.github.io/talks/{SLUG}.png"
    assert f'<meta property="og:image" content="{card}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_social_card_of_any_title(site_root, write):
    write("site/talks/long.md", "---\ntitle: '" + "Überlong <b>&amp; title ✓ " * 30 + "'\nevent: E\n"
                                "start: 2025-12-09\nonline: true\n---\n")
    data = client_at(site_root, BEFORE).get("/talks/long.png").data
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (1200, 630)


# -- states on the server --------------------------------------------------------------------

@pytest.mark.parametrize("now, state", [(BEFORE, "upcoming"), (ON_THE_DAY, "live"), (AFTER, "past")])
def test_the_banner_and_talk_page_render_the_state_of_the_clock(site_root, now, state):
    client = client_at(site_root, now)
    banner = banner_of(get(client, "/"))
    assert f'data-state="{state}"' in banner
    assert 'data-talk-start="2025-12-09T00:00:00Z" data-talk-end="2025-12-10T00:00:00Z"' in banner
    assert 'data-talk-all-day="true" data-talk-tz="UTC"' in banner
    assert f'data-state="{state}"' in get(client, PAGE)


def test_the_banner_offers_what_fits_each_state(real_client):
    banner = banner_of(get(real_client, "/"))
    upcoming = re.search(r'<p data-show="upcoming"(?: hidden)?>(.*?)</p>', banner, re.S).group(1)
    past = re.search(r'<p data-show="past"(?: hidden)?>(.*?)</p>', banner, re.S).group(1)
    assert "Schedule" in upcoming and f"/talks/{SLUG}.ics" in upcoming and "Register" not in upcoming, \
        "only links that exist"
    assert "Watch the recording" in past and "Code" in past and "Slides" not in past
    assert "I Built a Transformer from Scratch" in banner and "PyData Global 2025" in banner
    assert '<time datetime="2025-12-09">Tuesday 9 December 2025</time>' in banner
    assert '<button type="button" class="talk-dismiss" data-talk-dismiss hidden' in banner


# What each state says, in the badge (a text node of its own) and in the sentences around it.
STATE_TEXT = {
    "upcoming": ("Upcoming", ["Coming up."]),
    "live": ("Today", ["The talk is today.", "It is today!"]),
    "past": ("Past", ["This talk has taken place."]),
}


@pytest.mark.parametrize("now, state", [(BEFORE, "upcoming"), (ON_THE_DAY, "live"), (AFTER, "past")])
def test_a_reader_that_ignores_css_sees_only_the_current_state(site_root, tmp_path, now, state):
    """Reader mode, a text browser, a crawler or a link preview: the frozen pages' text, CSS ignored."""
    build(site_root, tmp_path / "out", SITE_NOW=now)
    talk = (tmp_path / "out" / "talks" / SLUG / "index.html").read_text()
    home = (tmp_path / "out" / "index.html").read_text()
    index = (tmp_path / "out" / "talks" / "index.html").read_text()
    for html in (talk, banner_of(home)):
        nodes, text = text_nodes(html), text_without_css(html)
        for other, (badge, sentences) in STATE_TEXT.items():
            assert (badge in nodes) == (other == state), (state, badge, nodes)
            if other != state:
                assert not any(sentence in text for sentence in sentences), (state, text)
    assert any(sentence in text_without_css(talk) for sentence in STATE_TEXT[state][1])
    banner = text_without_css(banner_of(home))
    assert ("Add to calendar" in banner, "Watch the recording" in banner) == (state != "past", state == "past")
    assert ("Watch the recording" in text_without_css(index)) == (state == "past")


def test_the_hidden_parts_are_in_the_page_for_talks_js(real_client):
    """Every state's text is in the page (talks.js shows it when the visitor's clock says so), all but one hidden."""
    html = get(real_client, PAGE)
    parts = re.findall(r'<(?:p|span) data-show="(\w+)"( hidden)?>', html)
    assert sorted(state for state, _ in parts) == ["live", "live", "past", "past", "upcoming", "upcoming"]
    assert [state for state, hidden in parts if not hidden] == ["past", "past"], "the real clock is after the talk"


@pytest.mark.parametrize("setting, with_banner", [
    ("home", {"/"}), ("all", {"/", "/experience/", "/talks/", "/404.html"}), ("off", set()),
])
def test_talk_promo_setting_chooses_the_pages(site_root, setting, with_banner):
    settings = site_root / "site" / "site.toml"
    settings.write_text(settings.read_text().replace('talk_promo = "home"', f'talk_promo = "{setting}"'))
    client = client_at(site_root, BEFORE)
    shown = {url for url in ("/", "/experience/", "/talks/", "/404.html", PAGE) if banner_of(get(client, url))}
    assert shown == with_banner, "never on the talk's own page"


def test_the_banner_sits_inside_main(real_client):
    html = get(real_client, "/")
    assert html.index('<main id="main"') < html.index('class="talk-banner"') < html.index("</main>")


def test_no_featured_talk_no_banner(site_root):
    path = site_root / "site" / "talks" / f"{SLUG}.md"
    path.write_text(path.read_text().replace("featured: true", "featured: false"))
    assert banner_of(get(client_at(site_root, BEFORE), "/")) == ""


def test_two_featured_talks_are_an_error(site_root, write):
    write("site/talks/other.md", "---\ntitle: O\nevent: E\nstart: 2026-01-01\nonline: true\nfeatured: true\n---\n")
    client = client_at(site_root, BEFORE)
    html = client.get(PAGE).get_data(as_text=True)
    assert f"site/talks/{SLUG}.md:15: another talk is featured already (other.md)" in html, "files go in name order"
    assert client.get("/talks/other/").status_code == 200


# -- the index, the navigation, the feed ---------------------------------------------------------

def test_talks_index_lists_upcoming_first_then_past_by_date(site_root, write):
    for name, day in (("a-old", "2024-05-01"), ("b-soon", "2026-02-01"), ("c-later", "2026-06-01"), ("d-recent", "2025-06-01")):
        write(f"site/talks/{name}.md", f"---\ntitle: Talk {name}\nevent: E\nstart: {day}\nonline: true\n---\n")
    html = get(client_at(site_root, dt.datetime(2026, 1, 1, tzinfo=UTC)), "/talks/")
    upcoming, past = html.split('id="past-talks"')
    order = lambda text: re.findall(r'class="talk-item-title">.*?<a href="/talks/([a-z0-9-]+)/">', text)
    assert order(upcoming) == ["b-soon", "c-later"]
    assert order(past) == [SLUG, "d-recent", "a-old"]


def test_talks_are_in_the_navigation(real_client):
    html = get(real_client, "/")
    nav = html.split('<nav id="site-nav"')[1].split("</nav>")[0]
    assert re.findall(r'href="([^"]+)"', nav) == ["/", "/experience/", "/talks/"]
    assert '<a href="/talks/" aria-current="page"' in get(real_client, PAGE)


def test_every_page_advertises_the_feed(real_client):
    for url in ("/", "/experience/", PAGE, "/404.html"):
        assert '<link rel="alternate" type="application/atom+xml" title="Bird Of Paradise AI: talks" ' \
               'href="/talks/feed.xml">' in get(real_client, url)


def test_the_atom_feed(real_client):
    response = real_client.get("/talks/feed.xml")
    assert response.mimetype == "application/atom+xml"
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(response.data)
    assert feed.find("a:id", ns).text == "https://example.github.io/talks/"
    assert feed.find("a:updated", ns).text == "2025-12-09T00:00:00Z"
    [entry] = feed.findall("a:entry", ns)
    assert entry.find("a:title", ns).text == "I Built a Transformer from Scratch So You Don't Have To"
    assert entry.find("a:link", ns).get("href") == f"https://example.github.io{PAGE}"
    assert "<p>" in entry.find("a:content", ns).text and entry.find("a:content", ns).get("type") == "html"


# -- the Experience page's link rule -----------------------------------------------------------

@pytest.mark.parametrize("url", ["/experience/independent-ai-researcher.html", "/experience/independent-ai-researcher/",
                                 "/experience/all/"])
def test_the_experience_sentence_links_to_the_talk_page(real_client, url):
    """The sentence sits in the Independent AI Researcher role's details: its fragment, its page, all roles."""
    html = get(real_client, url)
    assert (f'<em>“<a href="{PAGE}">I Built a Transformer from Scratch So You Don’t Have To</a>.”</em>') in html


def test_the_link_rule_links_prose_on_any_page(site_root, write):
    write("pages/notes.md", "---\ntitle: Notes\n---\nI gave “I Built a Transformer from Scratch So You Don’t Have To” "
                            "once, and [I Built a Transformer from Scratch So You Don’t Have To](/elsewhere/) is a link.\n")
    html = get(client_at(site_root, BEFORE, BASE_URL="https://o.github.io/site/"), "/notes/")
    assert html.count(f'href="{PAGE}"') == 1 and 'href="/elsewhere/"' in html


# -- the freeze --------------------------------------------------------------------------------

def test_the_freeze_has_the_talk_files(frozen_subpath):
    build = frozen_subpath / "site"
    for name in ("talks/index.html", f"talks/{SLUG}/index.html", f"talks/{SLUG}.ics", f"talks/{SLUG}.png", "talks/feed.xml"):
        assert (build / name).is_file(), name
    html = (build / "talks" / SLUG / "index.html").read_text()
    assert f'href="/site/talks/{SLUG}.ics"' in html and 'href="/site/talks/feed.xml"' in html
    assert f'content="https://owner.github.io/site/talks/{SLUG}.png"' in html
    assert f"<loc>https://owner.github.io/site{PAGE}</loc>" in (build / "sitemap.xml").read_text()
    assert f"https://owner.github.io/site{PAGE}" in (build / "talks" / "feed.xml").read_text()


def test_a_broken_talk_fails_the_freeze_with_file_and_line(site_root, write, tmp_path, capsys):
    write("site/talks/bad.md", "---\ntitle: T\nevent: E\nonline: true\nstart: 2025-12-09\ntimezone: Nowhere/Land\n---\n")
    assert freeze_main(["--dest", str(tmp_path / "out")], root=site_root) == 1
    assert "site/talks/bad.md:6: unknown time zone 'Nowhere/Land'" in capsys.readouterr().err


def test_a_broken_talk_shows_on_its_url_and_the_rest_works(site_root, write):
    write("site/talks/bad.md", "---\ntitle: T\nevent: E\nonline: true\nstart: 2025-12-09\nvenue: x\n---\n")
    client = client_at(site_root, BEFORE)
    response = client.get("/talks/bad/")
    assert response.status_code == 500 and "site/talks/bad.md:6: unknown field &#39;venue&#39;" in response.get_data(as_text=True)
    assert client.get("/talks/").status_code == 200 and client.get("/").status_code == 200


def test_editing_a_talk_shows_on_the_next_request(site_root):
    client = client_at(site_root, BEFORE)
    assert "Tuesday 9 December 2025" in get(client, PAGE)
    path = site_root / "site" / "talks" / f"{SLUG}.md"
    path.write_text(path.read_text().replace("start: 2025-12-09", "start: 2025-12-10"))
    assert "Wednesday 10 December 2025" in get(client, PAGE)
