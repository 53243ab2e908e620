"""Links to the site's own address written in full (https://HOST/x/) are internal: base path, link check."""
import pytest
from hypothesis import given, strategies as st

from folio import create_app
from folio.build.cli import main as freeze_main
from folio.build.pipeline import build
from folio.content.htmltags import start_tags
from folio.web.selflinks import Origin, localize

ROOT = Origin.of("https://owner.example/")
SUB = Origin.of("https://owner.github.io/site/")


@pytest.mark.parametrize("origin, url, path", [
    (ROOT, "https://owner.example/projects/", "/projects/"),
    (ROOT, "http://owner.example/projects/", "/projects/"),
    (ROOT, "//owner.example/projects/?a=1#top", "/projects/?a=1#top"),
    (ROOT, "HTTPS://Owner.Example/x.png", "/x.png"),
    (ROOT, "https://owner.example", "/"),
    (ROOT, "https://other.example/projects/", None),
    (ROOT, "https://owner.example.evil.org/", None),
    (ROOT, "mailto:me@owner.example", None),
    (ROOT, "/projects/", None),
    (SUB, "https://owner.github.io/site/x/", "/x/"),
    (SUB, "https://owner.github.io/site", "/"),
    (SUB, "https://owner.github.io/other/", None),
    (SUB, "https://owner.github.io/sitemap/", None),
    (SUB, "https://owner.github.io/", None),
])
def test_which_urls_are_the_sites_own(origin, url, path):
    assert origin.site_path(url) == path


@given(st.text(st.characters(codec="ascii", categories=("L", "N"), include_characters="-._~/"), max_size=30))
def test_any_path_under_the_base_url_comes_back_as_that_site_path(path):
    path = path.lstrip("/")
    assert SUB.site_path("https://owner.github.io/site/" + path) == "/" + path
    assert ROOT.site_path("https://elsewhere.example/" + path) is None


def test_links_in_the_body_are_localized_and_the_heads_absolute_urls_stay():
    html = ('<html><head><link rel="canonical" href="https://owner.github.io/site/a/"></head><body>'
            '<a href="https://owner.github.io/site/b/" rel="noopener noreferrer">b</a>'
            '<a href="https://owner.github.io/other/" rel="noopener noreferrer">o</a>'
            '<a href="//owner.github.io/site/c/" rel="me noopener">c</a>'
            '<img src="https://owner.github.io/site/i.png" alt=""></body></html>')
    tags = [(name, attrs) for name, attrs in start_tags(localize(html, SUB, "/site")) if name in ("a", "img", "link")]
    assert tags == [("link", {"rel": "canonical", "href": "https://owner.github.io/site/a/"}),
                    ("a", {"href": "/site/b/"}),
                    ("a", {"href": "https://owner.github.io/other/", "rel": "noopener noreferrer"}),
                    ("a", {"href": "/site/c/", "rel": "me"}),
                    ("img", {"src": "/site/i.png", "alt": ""})]


def test_a_page_without_such_links_is_returned_as_it_is():
    html = '<head><link rel="canonical" href="https://owner.example/"></head><body><a href="/x/">x</a></body>'
    assert localize(html, ROOT, "") is html


PAGE = """---
title: Links
---

See [my projects](https://owner.github.io/site/experience/) and ![me](https://owner.github.io/site/assets/images/fairy.jpg),
<a href="http://owner.github.io/site/talks/">talks</a>, and [another project](https://owner.github.io/other/).
"""


def test_the_dev_server_serves_them_as_site_links_with_the_base_path(site_root, write):
    write("pages/links.md", PAGE)
    client = create_app(site_root, BASE_URL="https://owner.github.io/site/").test_client()
    html = client.get("/links/").get_data(as_text=True)
    body = html[html.index("<article"):]
    assert '<a href="/experience/">my projects</a>' in body, "no rel: it is an internal link"
    assert '<img src="/assets/images/fairy.jpg" alt="me" loading="lazy" decoding="async" width="96" height="96">' \
        in body, "a local image: sized from its file"
    assert '<a href="/talks/">talks</a>' in body
    assert '<a href="https://owner.github.io/other/" rel="noopener noreferrer">another project</a>' in body
    assert '<link rel="canonical" href="https://owner.github.io/site/links/">' in html


def test_a_build_under_a_base_path_links_them_there(site_root, write, tmp_path):
    write("pages/links.md", PAGE)
    build(site_root, tmp_path / "out", base_url="https://owner.github.io/site/")
    html = (tmp_path / "out" / "links" / "index.html").read_text()
    assert '<a href="/site/experience/">my projects</a>' in html and 'src="/site/assets/images/fairy.jpg"' in html
    assert '<a href="/site/talks/">talks</a>' in html and 'href="https://owner.github.io/other/"' in html


@pytest.mark.parametrize("base_url, link", [
    ("https://owner.example/", "https://owner.example/nowhere/"),
    ("https://owner.github.io/site/", "//owner.github.io/site/nowhere/"),
])
def test_a_broken_one_fails_the_build_at_its_line(site_root, write, tmp_path, capsys, base_url, link):
    write("pages/links.md", f"---\ntitle: Links\n---\n\nFine: [home]({base_url}).\n\nBroken: [x]({link}).\n")
    assert freeze_main(["--dest", str(tmp_path / "out"), "--base-url", base_url], root=site_root) == 1
    assert "pages/links.md:7: broken link on /links/ -> " in capsys.readouterr().err


def test_another_project_on_the_same_host_is_external_and_not_checked(site_root, write, tmp_path):
    write("pages/links.md", "---\ntitle: Links\n---\n\n[x](https://owner.github.io/nowhere/)\n")
    build(site_root, tmp_path / "out", base_url="https://owner.github.io/site/")
    assert 'href="https://owner.github.io/nowhere/" rel="noopener noreferrer"' in \
        (tmp_path / "out" / "links" / "index.html").read_text()
