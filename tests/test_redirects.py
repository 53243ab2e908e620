"""Old URLs keep answering: `redirect_from` in a page's front matter (jekyll-redirect-from's key) publishes a small
redirect page at each old URL — a meta refresh, a canonical link, a visible link, noindex — link-checked and kept
out of the sitemap; an old URL that something of the site already has is an error at its line."""
from __future__ import annotations

from folio import create_app
from folio.build.cli import main as freeze
from folio.build.check import scan_html


def about(root, redirect_from: str) -> None:
    (root / "pages" / "about.md").write_text(f"---\ntitle: About\nredirect_from: {redirect_from}\n---\nHello.\n")


def test_each_old_url_gets_a_redirect_page_in_the_build(site_root, tmp_path):
    about(site_root, "[/about-me/, /about.html, /who, /old/about/index.html]")
    dest = tmp_path / "out"
    assert freeze(["--dest", str(dest), "--base-url", "https://owner.github.io/site/"], root=site_root) == 0
    for file in ("about-me/index.html", "about.html", "who/index.html", "old/about/index.html"):
        html = (dest / file).read_text()
        assert '<meta http-equiv="refresh" content="0; url=/site/about/">' in html
        assert '<link rel="canonical" href="https://owner.github.io/site/about/">' in html
        assert '<meta name="robots" content="noindex">' in html
        assert '<a href="/site/about/">https://owner.github.io/site/about/</a>' in html
        assert "/site/about/" in scan_html(html).links
    sitemap = (dest / "sitemap.xml").read_text()
    assert "/site/about/</loc>" in sitemap and "about-me" not in sitemap and "about.html" not in sitemap


def test_the_dev_server_answers_an_old_url_with_its_redirect_page(site_root):
    about(site_root, "/about-me/")
    response = create_app(site_root).test_client().get("/about-me/")
    assert response.status_code == 200 and 'content="0; url=/about/"' in response.get_data(as_text=True)


def test_an_old_url_that_is_taken_is_an_error_at_its_line(site_root, tmp_path, capsys):
    about(site_root, "[/experience/, /talks/]")
    assert freeze(["--dest", str(tmp_path / "out")], root=site_root) == 1
    err = capsys.readouterr().err
    assert "pages/about.md:3: redirect_from /experience/ is the URL of pages/experience.md" in err
    assert "pages/about.md:3: redirect_from /talks/ is the URL of templates/talks/index.html" in err


def test_a_redirect_to_nowhere_cannot_happen_and_a_bad_old_url_is_refused(site_root):
    about(site_root, "[javascript:alert(1)]")
    client = create_app(site_root).test_client()
    text = client.get("/about/").get_data(as_text=True).replace("&#39;", "'")
    assert "pages/about.md:3: permalink 'javascript:alert(1)' is not a path on this site" in text
