"""Section cards on the home page, from site/data/sections.yml (or .json, .toml)."""
import json
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from folio import create_app
from folio.build.cli import main as freeze_main
from folio.build.pipeline import build
from folio.data.files import read_data_file
from folio.errors import ContentError
from folio.sections.cards import is_emoji, read_cards
from folio.web.images import ImageSizes

SECTIONS = """\
- title: Experience
  link: /experience/
  excerpt: Roles, research and talks.
  icons:
    - assets/images/fairy.jpg
    - "🧠"
- title: Talks
  link: /talks/
  icons: "🎤"
- title: Models
  link: https://huggingface.co/bird-of-paradise
  excerpt: Models and datasets.
"""


class _Cards(HTMLParser):
    """Each card as a reader gets it: title, link, excerpt, icons, and what is hidden from screen readers."""

    def __init__(self):
        super().__init__()
        self.cards, self._in, self._hidden = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "li" and attrs.get("class") == "card":
            self.cards.append({"icons": [], "title": "", "excerpt": ""})
        elif not self.cards:
            return
        card = self.cards[-1]
        if attrs.get("class") == "card-icons":
            self._hidden = attrs.get("aria-hidden") == "true"
        if tag == "img":
            card["icons"].append(("img", attrs["src"], attrs["alt"], attrs["width"], attrs["height"], self._hidden))
        if tag == "a":
            card["href"], card["rel"] = attrs["href"], attrs.get("rel")
        self._in.append(attrs.get("class") or tag)

    def handle_endtag(self, tag):
        if self._in:
            if self._in.pop() == "card-icons":
                self._hidden = False

    def handle_data(self, data):
        if not self._in or not data.strip():
            return
        where = self._in[-1]
        if where == "card-emoji":
            self.cards[-1]["icons"].append(("emoji", data, self._hidden))
        elif where == "a":
            self.cards[-1]["title"] += data
        elif where == "card-excerpt":
            self.cards[-1]["excerpt"] += data


def cards_of(html: str) -> list[dict]:
    if '<ul class="cards">' not in html:
        return []
    start = html.index('<ul class="cards">')
    parser = _Cards()
    parser.feed(html[start:html.index("</ul>", start)])
    return parser.cards


def test_the_home_page_shows_one_card_per_section(site_root, write):
    write("site/data/sections.yml", SECTIONS)
    html = create_app(site_root).test_client().get("/").get_data(as_text=True)
    # The icon is shown from a variant of its image, 32 px wide (folio/imaging).
    assert re.fullmatch(r"/_img/[0-9a-f]+-32\.webp", cards_of(html)[0]["icons"][0][1])
    variant = cards_of(html)[0]["icons"][0][1]
    assert cards_of(html) == [
        {"title": "Experience", "href": "/experience/", "rel": None, "excerpt": "Roles, research and talks.",
         "icons": [("img", variant, "", "32", "32", True), ("emoji", "🧠", True)]},
        {"title": "Talks", "href": "/talks/", "rel": None, "excerpt": "", "icons": [("emoji", "🎤", True)]},
        {"title": "Models", "href": "https://huggingface.co/bird-of-paradise", "rel": "noopener noreferrer",
         "excerpt": "Models and datasets.", "icons": []},
    ]
    assert html.index("Read more on the") < html.index('<ul class="cards">') < html.index("</main>"), \
        "after the page's own content"
    assert '<h2 class="card-title">' in html, "the page's <h1> is its own title; cards are one level below"


def test_no_file_no_cards_and_other_pages_never_have_them(site_root, write):
    client = create_app(site_root).test_client()
    assert 'class="cards"' not in client.get("/").get_data(as_text=True)
    write("site/data/sections.yml", SECTIONS)
    for url in ("/experience/", "/talks/", "/404.html"):
        assert 'class="cards"' not in client.get(url).get_data(as_text=True), url


def test_a_build_under_a_base_path_links_and_checks_them(site_root, write, tmp_path):
    write("site/data/sections.yml", SECTIONS)
    build(site_root, tmp_path / "out", base_url="https://owner.github.io/site/")
    cards = cards_of((tmp_path / "out" / "index.html").read_text())
    assert [card["href"] for card in cards] == ["/site/experience/", "/site/talks/",
                                               "https://huggingface.co/bird-of-paradise"]
    assert re.fullmatch(r"/site/_img/[0-9a-f]+-32\.webp", cards[0]["icons"][0][1])


def test_an_icon_keeps_its_aspect_ratio(site_root, write):
    from PIL import Image
    Image.new("RGB", (64, 32), "white").save(site_root / "static" / "assets" / "images" / "wide.png")
    write("site/data/sections.yml", "- title: Wide\n  link: /experience/\n  icons: [/assets/images/wide.png]\n")
    [card] = cards_of(create_app(site_root).test_client().get("/").get_data(as_text=True))
    assert [icon[2:] for icon in card["icons"]] == [("", "64", "32", True)]


@pytest.mark.parametrize("name, text", [
    ("sections.json", '[\n  {"title": "Experience", "link": "/experience/",\n   "icons": ["🧠"]}\n]\n'),
    ("sections.toml", '[[sections]]\ntitle = "Experience"\nlink = "/experience/"\nicons = ["🧠"]\n'),
])
def test_json_and_toml_files_work_too(site_root, write, name, text):
    write(f"site/data/{name}", text)
    [card] = cards_of(create_app(site_root).test_client().get("/").get_data(as_text=True))
    assert card["title"] == "Experience" and card["icons"] == [("emoji", "🧠", True)]


@pytest.mark.parametrize("name, text, where, words", [
    ("sections.yml", "- title: A\n  link: /experience/\n- link: /talks/\n  excerpt: No title\n", "sections.yml:3",
     "a section card has no title"),
    ("sections.yml", "- title: A\n  link: /experience/\n  url: /x/\n", "sections.yml:3", "unknown card field 'url'"),
    ("sections.yml", "- title: A\n  link: experience/\n", "sections.yml:2", "neither a site path nor a full URL"),
    ("sections.yml", "- title: A\n  link: /experience/\n  icons:\n    - \"🧠\"\n    - assets/images/none.png\n",
     "sections.yml:5", "the icon static/assets/images/none.png does not exist"),
    ("sections.yml", "- title: A\n  link: /experience/\n  icons: [brain]\n", "sections.yml:3",
     "neither an image under static/ nor an emoji"),
    ("sections.yml", "- title: A\n  link: /experience/\n  icons: [https://x.org/a.png]\n", "sections.yml:3",
     "is not a file under static/"),
    ("sections.yml", "- title: [A]\n  link: /experience/\n", "sections.yml:1", "the card's 'title' must be text"),
    ("sections.yml", "title: A\n", "sections.yml:1", "must be a list of cards"),
    ("sections.json", '[\n  {"title": "A", "link": "/experience/"},\n  {"title": "B",\n   "link": 7}\n]\n',
     "sections.json:4", "the card's 'link' must be text"),
    ("sections.toml", '[[sections]]\ntitle = "A"\nlink = "/experience/"\n\n[[sections]]\ntitle = "B"\nicons = 3\n'
                      'link = "/talks/"\n', "sections.toml:7", "'icons' must be a list"),
])
def test_a_wrong_card_is_an_error_at_its_line(site_root, write, tmp_path, capsys, name, text, where, words):
    write(f"site/data/{name}", text)
    assert freeze_main(["--dest", str(tmp_path / "out")], root=site_root) == 1
    err = capsys.readouterr().err.replace("&#39;", "'")
    assert f"site/data/{where}: " in err and words in err, err
    client = create_app(site_root).test_client()
    home = client.get("/")
    assert home.status_code == 500 and f"site/data/{where}" in home.get_data(as_text=True)
    assert client.get("/experience/").status_code == 200


def test_a_card_linking_to_a_missing_page_fails_the_build_at_its_line(site_root, write, tmp_path, capsys):
    write("site/data/sections.yml", "- title: A\n  link: /experience/\n- title: Projects\n  link: /projects/\n")
    assert freeze_main(["--dest", str(tmp_path / "out")], root=site_root) == 1
    assert "site/data/sections.yml:4: broken link on / -> /projects/: no such page or file" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["🧠", "🎤", "👩🏽‍💻", "🇬🇧", "1️⃣", "❤️", "✨"])
def test_emoji_are_recognised(text):
    assert is_emoji(text)


@pytest.mark.parametrize("text", ["", "brain", "a🧠", "🧠 🎤", "→x", "Ω", "-"])
def test_words_are_not_emoji(text):
    assert not is_emoji(text)


VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=12)
                      | st.sampled_from(["/experience/", "assets/images/fairy.jpg", "🧠", "https://x.org/", "x.png"]),
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                          st.sampled_from(["title", "link", "excerpt", "icons", "other"]), inner, max_size=4),
                      max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(VALUES, st.sampled_from([".yml", ".json"]))
def test_any_sections_file_gives_cards_or_an_error_at_a_line_of_it(value, suffix):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "static" / "assets" / "images").mkdir(parents=True)
        (root / "static" / "assets" / "images" / "fairy.jpg").write_bytes(b"not really a jpeg")
        path = root / "site" / "data" / f"sections{suffix}"
        path.parent.mkdir(parents=True)
        text = json.dumps(value, ensure_ascii=False, indent=1) if suffix == ".json" else \
            yaml.safe_dump(value, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
        file = read_data_file(path, ("sections",), root, 2048)
        assert file.error is None
        try:
            cards = read_cards(file, ImageSizes(root / "static"))
        except ContentError as error:
            assert error.path == path and (error.line is None or 1 <= error.line <= text.count("\n") + 1)
        else:
            assert all(card.title and card.link for card in cards)
