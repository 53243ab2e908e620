"""Posts as a reader and the owner see them: pages, lists, tags, neighbours, the feed, the sitemap, JSON-LD,
cards, drafts and scheduled posts held back (and counted) by the build, permalinks, errors."""
from __future__ import annotations

import io
import json
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from folio import create_app
from folio.build import cli
from folio.build.pipeline import build
from posts_fixture import NOW, write_posts

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def posts_root(site_root):
    return write_posts(site_root)


@pytest.fixture
def dev(posts_root):
    return create_app(posts_root, SITE_NOW=NOW).test_client()


@pytest.fixture
def built(posts_root, tmp_path):
    summary = build(posts_root, tmp_path / "out", base_url="https://owner.example/", SITE_NOW=NOW)
    return tmp_path / "out", summary


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


class Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.json_ld: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script" and dict(attrs).get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._inside:
            self.json_ld.append(data)
            self._inside = False


class VisibleText(HTMLParser):
    """The text a reader sees: without <annotation> (a formula's TeX source), scripts and styles."""
    HIDDEN = ("annotation", "script", "style")

    def __init__(self, html: str):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in self.HIDDEN

    def handle_endtag(self, tag):
        self._hidden -= tag in self.HIDDEN

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def test_the_index_lists_published_posts_newest_first_with_date_reading_time_and_excerpt(built):
    out, _ = built
    html = (out / "posts" / "index.html").read_text()
    titles = ["Muon, explained", "KL divergence", "Attention"]
    assert [html.index(t) for t in titles] == sorted(html.index(t) for t in titles)
    assert '<time datetime="2026-01-15">15 January 2026</time> · 1 min read' in html
    assert "Orthogonalised updates for matrix parameters." in html  # the description
    assert "First paragraph about attention." in html and "Second paragraph" not in html  # else the first paragraph
    assert "Work in progress" not in html and "Scheduled post" not in html


def test_a_build_holds_back_drafts_and_later_posts_and_says_how_many(built, posts_root, tmp_path, capsys):
    out, summary = built
    assert (out / "posts" / "muon" / "index.html").is_file()
    assert not (out / "posts" / "draft").exists() and not (out / "posts" / "later").exists()
    assert "Held back 1 draft and 1 post dated later" in summary.line()
    assert cli.main(["--dest", str(tmp_path / "again")], root=posts_root) == 0
    assert "Held back 1 draft and 1 post dated later (not published" in capsys.readouterr().out


def test_a_later_post_is_published_once_its_day_has_come(posts_root, tmp_path):
    import datetime as dt
    build(posts_root, tmp_path / "out", SITE_NOW=dt.datetime(2099, 3, 1, tzinfo=dt.timezone.utc))
    assert (tmp_path / "out" / "posts" / "later" / "index.html").is_file()


def test_the_dev_server_shows_drafts_and_later_posts_marked(dev):
    draft = text(dev, "/posts/draft/")
    assert '<strong>Draft</strong>: only <code>flask run</code> shows it' in draft
    assert "<strong>Scheduled</strong>: dated 1 March 2099" in text(dev, "/posts/later/")
    index = text(dev, "/posts/")
    assert '<span class="post-mark">Draft</span><a href="/posts/draft/">' in index
    assert '<span class="post-mark">Scheduled</span><a href="/posts/later/">' in index
    assert "Work in progress" not in text(dev, "/posts/feed.xml")
    assert "/posts/draft/" not in text(dev, "/sitemap.xml")


def test_posts_are_not_pages_at_their_file_path(dev, built):
    assert dev.get("/posts/2026-01-15-muon/").status_code == 404
    assert not (built[0] / "posts" / "2026-01-15-muon").exists()


def test_a_post_page_has_its_header_tags_toc_figure_code_label_and_neighbours(dev):
    html = text(dev, "/posts/muon/")
    assert "<h1>Muon, explained</h1>" in html
    assert 'updated <time datetime="2026-01-18">18 January 2026</time>' in html
    assert '<a href="/tags/optimizers/" rel="tag">optimizers</a>' in html
    assert '<a href="/tags/deep-learning/" rel="tag">Deep Learning</a>' in html
    assert '<li class="toc-level-2"><a href="#the-update">The update</a></li>' in html
    assert '<li class="toc-level-3"><a href="#a-detail">A detail</a></li>' in html and 'id="a-detail"' in html
    assert ('<figure><img src="/apple-touch-icon.png" alt="A plot of the loss"' in html
            and "<figcaption>Loss over steps</figcaption></figure>" in html)
    assert '<p class="code-lang">Python</p><div class="highlight">' in html
    assert ' style=' not in html
    assert '<link rel="stylesheet" href="/css/code.css">' in html
    # Neighbours among the posts shown (the dev server shows the draft, newer than Muon).
    assert 'Previous: <a href="/posts/kl/" rel="prev">KL divergence</a>' in html
    assert 'Next: <a href="/posts/draft/" rel="next">Work in progress</a>' in html


def test_neighbours_in_a_build_skip_held_posts(built):
    html = (built[0] / "posts" / "muon" / "index.html").read_text()
    assert 'rel="prev">KL divergence</a>' in html and 'rel="next"' not in html
    oldest = (built[0] / "posts" / "attention" / "index.html").read_text()
    assert 'rel="next">KL divergence</a>' in oldest and 'rel="prev"' not in oldest


def test_code_stylesheet_follows_the_colour_scheme(dev):
    css = text(dev, "/css/code.css")
    light, dark = css.split("@media (prefers-color-scheme: dark)")
    assert ".highlight .k " in light and ".highlight .k " in dark


def test_tag_pages_list_their_posts(built):
    html = (built[0] / "tags" / "optimizers" / "index.html").read_text()
    assert "Posts tagged “optimizers”" in html and "Muon, explained" in html and "KL divergence" in html
    assert "Attention" not in html.split("<main")[1]
    attention = (built[0] / "tags" / "attention" / "index.html").read_text()
    assert "Work in progress" not in attention


def test_the_feed_is_atom_with_every_published_post(built):
    out, _ = built
    feed = ET.parse(out / "posts" / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://owner.example/posts/feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Muon, explained", "KL divergence", "Attention"]
    muon = entries[0]
    assert muon.find(f"{ATOM}link").get("href") == "https://owner.example/posts/muon/"
    assert muon.find(f"{ATOM}id").text == "https://owner.example/posts/muon/"
    assert muon.find(f"{ATOM}published").text == "2026-01-15T00:00:00Z"
    assert muon.find(f"{ATOM}updated").text == "2026-01-18T00:00:00Z"
    assert feed.find(f"{ATOM}updated").text == "2026-01-18T00:00:00Z"
    assert "<em>matrices</em>" in muon.find(f"{ATOM}content").text
    assert {c.get("term") for c in muon.findall(f"{ATOM}category")} == {"optimizers", "Deep Learning"}


def test_every_page_links_the_posts_feed(built):
    for page in ("index.html", "experience/index.html", "posts/muon/index.html"):
        assert 'type="application/atom+xml" title="Bird Of Paradise AI: posts" href="/posts/feed.xml"' in \
            (built[0] / page).read_text()


def test_the_sitemap_lists_posts_and_tags_but_no_draft(built):
    sitemap = (built[0] / "sitemap.xml").read_text()
    for url in ("posts/", "posts/muon/", "posts/kl/", "tags/optimizers/"):
        assert f"<loc>https://owner.example/{url}</loc>" in sitemap
    assert "draft" not in sitemap and "later" not in sitemap and "old-attention" not in sitemap


def test_json_ld_is_a_blog_posting(built):
    parser = Scripts()
    parser.feed((built[0] / "posts" / "muon" / "index.html").read_text())
    data = json.loads(parser.json_ld[0])
    assert data["@type"] == "BlogPosting" and data["headline"] == "Muon, explained"
    assert data["datePublished"].startswith("2026-01-15") and data["dateModified"].startswith("2026-01-18")
    assert data["url"] == "https://owner.example/posts/muon/"
    assert data["image"] == "https://owner.example/posts/muon/card.png"
    assert data["keywords"] == ["optimizers", "Deep Learning"]


def test_each_post_has_a_1200_by_630_card_named_by_og_image(built):
    out, _ = built
    image = Image.open(io.BytesIO((out / "posts" / "muon" / "card.png").read_bytes()))
    assert image.format == "PNG" and image.size == (1200, 630)
    html = (out / "posts" / "muon" / "index.html").read_text()
    assert '<meta property="og:image" content="https://owner.example/posts/muon/card.png">' in html
    assert '<meta property="og:type" content="article">' in html


def test_front_matter_image_replaces_the_card_in_og_image(write, posts_root):
    write("pages/posts/2025-01-01-pic.md", "---\ntitle: Pic\nimage: /assets/images/fairy.jpg\n---\nx\n")
    write("pages/posts/2025-01-02-ext.md", "---\ntitle: Ext\nimage: https://cdn.example/x.png\n---\nx\n")
    client = create_app(posts_root, SITE_NOW=NOW).test_client()
    assert 'og:image" content="https://example.github.io/assets/images/fairy.jpg"' in text(client, "/posts/pic/")
    assert 'og:image" content="https://cdn.example/x.png"' in text(client, "/posts/ext/")


def test_redirect_from_in_a_post_publishes_a_redirect_page(built):
    html = (built[0] / "old-attention" / "index.html").read_text()
    assert 'content="0; url=/posts/attention/"' in html or "/posts/attention/" in html


def test_post_permalink_setting_moves_posts(posts_root, write):
    settings = posts_root / "site" / "site.toml"
    settings.write_text(settings.read_text() + '\npost_permalink = "/:year/:month/:day/:title/"\n')
    client = create_app(posts_root, SITE_NOW=NOW).test_client()
    assert "<h1>Muon, explained</h1>" in text(client, "/2026/01/15/muon/")
    assert client.get("/posts/muon/").status_code == 404
    assert '<a href="/2025/11/02/kl/">KL divergence</a>' in text(client, "/posts/")


def test_a_permalink_in_front_matter_wins(write, posts_root):
    write("pages/posts/2025-02-02-own.md", "---\ntitle: Own\npermalink: /writing/own-url/\n---\nx\n")
    client = create_app(posts_root, SITE_NOW=NOW).test_client()
    assert "<h1>Own</h1>" in text(client, "/writing/own-url/")
    assert client.get("/writing/own-url/card.png").mimetype == "image/png"


def test_a_bad_post_permalink_setting_is_one_line_at_its_line(posts_root):
    settings = posts_root / "site" / "site.toml"
    lines = settings.read_text().count("\n")
    settings.write_text(settings.read_text() + '\npost_permalink = "/:year/:slug/"\n')
    html = create_app(posts_root, SITE_NOW=NOW).test_client().get("/posts/").get_data(as_text=True)
    assert f"site/site.toml:{lines + 2}: post_permalink &#39;/:year/:slug/&#39; has an unknown placeholder :slug" in html


@pytest.mark.parametrize("name, front, line, message", [
    ("2026-01-15-bad.md", "title: Bad\ndate: 2026-13-45\n", 3, "date"),
    ("2026-01-15-bad.md", "title: Bad\ndate: next tuesday\n", 3, "'date' is not a date: 'next tuesday'"),
    ("2026-02-30-bad.md", "title: Bad\n", 1, "the file name's date 2026-02-30 is not a date"),
    ("undated.md", "title: Bad\n", 1, "a post needs a date"),
    ("2026-01-15-bad.md", "title: Bad\ntags: {a: 1}\n", 3, "'tags' must be a list of words"),
    ("2026-01-15-bad.md", "title: Bad\ndraft: maybe\n", 3, "'draft' must be true or false"),
])
def test_a_mistake_in_a_post_is_one_line_with_file_and_line(posts_root, write, tmp_path, capsys, name, front, line,
                                                            message):
    write(f"pages/posts/{name}", f"---\n{front}---\nText.\n")
    assert cli.main(["--dest", str(tmp_path / "out")], root=posts_root) == 1
    err = capsys.readouterr().err
    lines = [l for l in err.splitlines() if f"pages/posts/{name}" in l]
    assert len(lines) == 1 and lines[0].startswith(f"pages/posts/{name}:{line}: ") and message in lines[0], err
    assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_the_home_page_lists_recent_posts_when_it_asks(posts_root, built, tmp_path):
    assert "Recent posts" not in (built[0] / "index.html").read_text()
    home = posts_root / "pages" / "index.md"
    home.write_text(home.read_text().replace("---\n", "---\nshow_posts: true\n", 1))
    build(posts_root, tmp_path / "again", SITE_NOW=NOW)
    html = (tmp_path / "again" / "index.html").read_text()
    assert '<h2 id="home-posts-title">Recent posts</h2>' in html
    assert html.index("Muon, explained") < html.index("KL divergence") and "Work in progress" not in html


def test_a_site_without_posts_gets_nothing_of_the_feature(client):
    assert client.get("/posts/").status_code == 404
    assert "posts/feed.xml" not in text(client, "/") and ">Posts</a>" not in text(client, "/")


def test_cards_are_drawn_once_and_kept_in_the_cache(built, posts_root):
    from folio.web.card import cached_card, render_card
    cards = list((posts_root / ".folio-cache" / "cards").glob("*.png"))
    assert len(cards) == 4  # one per published post, and the talk's
    args = ("A title", "An event", "1 January 2026", "Site")
    assert cached_card(posts_root, *args) == render_card(*args) == cached_card(posts_root, *args)


def test_a_build_keeps_each_posts_markdown_html_for_the_next(built, posts_root):
    from folio.build.cache import BuildCache, markdown_key
    from folio.content.frontmatter import split_front_matter
    from folio.content.settings import load_settings
    path = posts_root / "pages" / "posts" / "2026-01-15-muon.md"
    body = split_front_matter(path.read_text(), path).body
    key = markdown_key(body, "", load_settings(posts_root).link_rules)
    html = BuildCache.load(posts_root).lookup_markdown(key)
    assert html is not None and "<em>matrices</em>" in html


def test_the_dev_server_shows_a_broken_post_at_its_file_url_and_every_other_page_works(posts_root, write):
    write("pages/posts/2026-01-16-bad.md", "---\ntitle: Bad\ndate: someday\n---\nText.\n")
    client = create_app(posts_root, SITE_NOW=NOW).test_client()
    html = client.get("/posts/2026-01-16-bad/").get_data(as_text=True).replace("&#39;", "'")
    assert "pages/posts/2026-01-16-bad.md:3: 'date' is not a date: 'someday'" in html
    assert "<h1>Muon, explained</h1>" in text(client, "/posts/muon/") and "Bad" not in text(client, "/posts/")


# -- a math-heavy post (tests/fixtures/posts/, with math at build time: folio/mathml) ---------------------------

FIXTURE_POSTS = Path(__file__).resolve().parent / "fixtures" / "posts"


@pytest.fixture
def math_built(site_root, tmp_path):
    shutil.copytree(FIXTURE_POSTS, site_root / "pages" / "posts")
    (site_root / "pages" / "posts" / "2026-01-10-softmax.md").write_text(
        "---\ntitle: Softmax\n---\nThe softmax of $x$ is $e^{x_i} / \\sum_j e^{x_j}$.\n\n## Why $\\exp$\n\nText.\n")
    build(site_root, tmp_path / "out", base_url="https://owner.example/", SITE_NOW=NOW)
    return tmp_path / "out"


def test_a_math_heavy_post_is_published_with_mathml_and_its_stylesheet(math_built):
    html = (math_built / "posts" / "muon" / "index.html").read_text()
    article = html.split('<div class="post-body">')[1]
    seen = VisibleText(article.split("</article>")[0]).text
    assert article.count("<math") >= 15 and "$" not in seen.replace("$5", "") and "\\" not in seen
    assert '<link rel="stylesheet" href="/css/math.css' in html
    assert 'href="#eq:first-moment"' in article or 'href="#eq-first-moment"' in article
    assert "a price of $5 per hour" in article  # an escaped dollar stays prose
    feed = ET.parse(math_built / "posts" / "feed.xml").getroot()
    muon = next(e for e in feed.findall(f"{ATOM}entry") if e.find(f"{ATOM}title").text == "Muon, with the math")
    assert "<math" in muon.find(f"{ATOM}content").text


def test_formulas_in_lists_and_contents_are_mathml_never_raw_tex(math_built):
    index = (math_built / "posts" / "index.html").read_text()
    item = index.split("Softmax</a>")[1].split("</li>")[0]
    assert "<math" in item and "\\sum" not in VisibleText(item).text
    assert '<link rel="stylesheet" href="/css/math.css' in index
    softmax = (math_built / "posts" / "softmax" / "index.html").read_text()
    toc = softmax.split('class="post-toc"')[1].split("</nav>")[0] if 'class="post-toc"' in softmax else ""
    assert toc == ""  # no toc: true
    parser = Scripts()
    parser.feed(softmax)
    assert "e^{x_i}" in json.loads(parser.json_ld[0])["description"]  # plain text: a formula as its TeX
