"""Hostile text in front matter stays text; nothing from the request is reflected."""
from html.parser import HTMLParser

EVIL = '</title><script>alert(1)</script>"\'><img src=x onerror=alert(2)>'


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.meta = [], {}

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.handlers = getattr(self, "handlers", []) + [n for n, _ in attrs if n.startswith("on")]
        attrs = dict(attrs)
        if tag == "meta":
            self.meta[attrs.get("name") or attrs.get("property")] = attrs.get("content")


def parse(html):
    parser = Elements()
    parser.feed(html)
    return parser


def test_hostile_title_and_description_are_escaped_in_text_and_attributes(client, write):
    write("pages/evil.md", f"---\ntitle: '{EVIL.replace(chr(39), chr(39) * 2)}'\n"
                           f"description: '{EVIL.replace(chr(39), chr(39) * 2)}'\nnavigation: true\n---\nBody\n")
    html = client.get("/evil/").get_data(as_text=True)
    parsed = parse(html)
    assert parsed.tags.count("script") == 1, "only the site's script"
    assert getattr(parsed, "handlers", []) == [], "no event-handler attribute made it into the page"
    assert "<script>alert(1)" not in html and "onerror=alert(2)>" not in html
    assert parsed.meta["description"] == EVIL and parsed.meta["og:title"] == EVIL
    nav_html = html.split('<nav id="site-nav"')[1].split("</nav>")[0]
    assert "&lt;script&gt;" in nav_html


def test_external_markdown_links_do_not_leak_the_opener(client, write):
    write("pages/ext.md", "---\ntitle: Ext\n---\n[out](https://example.org/)\n")
    assert '<a href="https://example.org/" rel="noopener noreferrer">out</a>' in client.get("/ext/").get_data(as_text=True)


def test_javascript_urls_in_markdown_are_neutralised(client, write):
    write("pages/js.md", "---\ntitle: Js\n---\n[click](javascript:alert(1))\n")
    html = client.get("/js/").get_data(as_text=True)
    assert "javascript:alert" not in html


def test_query_strings_and_headers_are_not_reflected(real_client):
    response = real_client.get("/experience/?q=%3Cb%3Ezzz%3C/b%3E", headers={"Referer": "https://zzz-evil.example/",
                                                                               "User-Agent": "zzz-agent"})
    body = response.get_data(as_text=True)
    assert "zzz" not in body


def test_hostile_talk_fields_stay_text_in_every_context(site_root, write):
    """HTML text and attributes, JSON-LD, the calendar file, the Atom feed and the social card."""
    import json
    import re
    import xml.etree.ElementTree as ET
    from io import BytesIO

    from icalendar import Calendar
    from PIL import Image

    from folio import create_app

    title = "</script><script>alert(1)</script> & \"quotes\" 'n' <b>bold</b>"
    quoted = title.replace("'", "''")
    write("site/talks/transformer-from-scratch.md", f"---\ntitle: '{quoted}'\nevent: 'Conf </script> & <i>co</i>'\n"
          f"start: 2030-01-02\ntimezone: UTC\nonline: true\nsummary: '{quoted}'\nfeatured: true\n---\n"
          "Abstract.\n")
    client = create_app(site_root).test_client()
    page = client.get("/talks/transformer-from-scratch/").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<b>bold</b>" not in page
    [ld] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert json.loads(ld)["name"] == title
    parsed = parse(page)
    assert parsed.meta["og:title"] == title and getattr(parsed, "handlers", []) == []
    home = client.get("/").get_data(as_text=True)
    assert "<script>alert(1)" not in home and "&lt;b&gt;bold&lt;/b&gt;" in home
    calendar = Calendar.from_ical(client.get("/talks/transformer-from-scratch.ics").data)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == f"{title} (Conf </script> & <i>co</i>)"  # title (event), as text
    feed = ET.fromstring(client.get("/talks/feed.xml").data)
    assert feed.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title").text == title
    card = Image.open(BytesIO(client.get("/talks/transformer-from-scratch.png").data))
    assert card.size == (1200, 630)
