"""The dev server, on the Flask test client."""
import os
import time
from html.parser import HTMLParser

import pytest

import folio.content.store


def test_app_py_is_found_by_flask_run():
    import app as app_module
    assert app_module.app.name == "folio"


def test_home_and_experience_render_in_the_layout(real_client):
    for url, title in [("/", "Bird Of Paradise AI — Independent AI research, from first principles"), ("/experience/", "Experience · Bird Of Paradise AI")]:
        html = real_client.get(url).get_data(as_text=True)
        assert f"<title>{title}</title>" in html
        assert '<html lang="en">' in html
        assert '<nav id="site-nav" aria-label="Main">' in html and "<main id=\"main\"" in html and "<footer" in html


def test_experience_header_comes_from_the_liquid_include(real_client):
    html = real_client.get("/experience/").get_data(as_text=True)
    assert html.count("<h1") == 1
    assert '<header class="section-header">' in html and "<h1>Experience</h1>" in html
    assert "{%" not in html and "include section-header" not in html


def test_navigation_marks_the_current_page(real_client):
    html = real_client.get("/experience/").get_data(as_text=True)
    assert '<a href="/experience/" aria-current="page"' in html
    assert html.count('aria-current="page"') == 1


def test_every_page_has_head_metadata(real_client):
    html = real_client.get("/experience/").get_data(as_text=True)
    for needle in ['<meta name="description" content="', '<link rel="canonical" href="https://example.github.io/experience/">',
                   '<meta property="og:title" content="Experience">', '<meta name="twitter:card"',
                   '<link rel="icon" href="/favicon.svg"']:
        assert needle in html


def test_security_headers_and_csp_meta(real_client):
    response = real_client.get("/")
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert '<meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;' in response.get_data(as_text=True)


class _InlineFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inline = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs:
            self.inline.append(f"<script type={attrs.get('type')!r}>")
        if tag == "style" or "style" in attrs or any(name.startswith("on") for name in attrs):
            self.inline.append(f"inline style or handler on <{tag}>")


TALK_PAGE = "/talks/transformer-from-scratch/"


@pytest.mark.parametrize("url", ["/", "/experience/", "/404.html", "/experience/principal-data-scientist/",
                                 "/experience/all/", "/talks/", TALK_PAGE])
def test_no_inline_scripts_or_styles(real_client, url):
    """The strict CSP would block them; the talk page's JSON-LD is data, not a script, and the only exception."""
    finder = _InlineFinder()
    finder.feed(real_client.get(url).get_data(as_text=True))
    assert finder.inline == (["<script type='application/ld+json'>"] if url == TALK_PAGE else [])


def test_htmx_config_keeps_its_inline_indicator_styles_out(real_client):
    assert '"includeIndicatorStyles": false' in real_client.get("/").get_data(as_text=True)


def test_unknown_url_gets_the_404_page(real_client):
    response = real_client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_unknown_url_is_not_reflected(real_client):
    response = real_client.get("/%3Cscript%3Ealert(1)%3C/script%3E/")
    assert response.status_code == 404
    assert "alert(1)" not in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/../app.py", "/%2e%2e/app.py", "/..%2fapp.py", "/css/../../app.py",
                                 "/%2e%2e%2f%2e%2e%2fetc/passwd", "//etc/passwd"])
def test_path_traversal_reads_nothing(real_client, url):
    response = real_client.get(url)
    assert response.status_code == 404
    assert b"create_app" not in response.data and b"root:" not in response.data


def test_static_files_are_served_at_the_root(real_client):
    assert real_client.get("/css/site.css").status_code == 200
    assert real_client.get("/assets/images/fairy.jpg").mimetype == "image/jpeg"


def test_missing_slash_redirects_to_the_page(real_client):
    response = real_client.get("/experience")
    assert response.status_code == 308 and response.headers["Location"] == "/experience/"


def test_edits_show_on_the_next_request(client, write):
    write("pages/about.md", "---\ntitle: About\n---\nFirst words.\n")
    assert "First words." in client.get("/about/").get_data(as_text=True)
    time.sleep(0.01)
    path = write("pages/about.md", "---\ntitle: About\n---\nSecond words, longer.\n")
    os.utime(path, ns=(time.time_ns(), time.time_ns()))
    assert "Second words" in client.get("/about/").get_data(as_text=True)


def test_template_edits_show_without_restart(client, site_root):
    client.get("/")
    nav = site_root / "templates" / "nav.html"
    nav.write_text(nav.read_text() + "<!-- edited -->")
    stat = nav.stat()
    os.utime(nav, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    assert "<!-- edited -->" in client.get("/").get_data(as_text=True)


def test_unchanged_files_are_not_parsed_again(client, write, monkeypatch):
    client.get("/")
    parsed = []
    original = folio.content.store.load_page
    monkeypatch.setattr(folio.content.store, "load_page", lambda path, root, *a: parsed.append(path.name) or original(path, root, *a))
    write("pages/new.md", "---\ntitle: New\n---\nhi\n")
    client.get("/new/")
    client.get("/experience/")
    assert parsed == ["new.md"]


def test_a_broken_page_shows_its_error_and_others_keep_working(client, write):
    write("pages/broken.md", "---\ntitle: [oops\n---\nhi\n")
    response = client.get("/broken/")
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "pages/broken.md:2: front matter is not valid YAML" in text
    assert client.get("/experience/").status_code == 200
    assert client.get("/").status_code == 200


def test_a_liquid_error_is_shown_with_file_and_line(client, write):
    write("pages/liquid.md", "---\ntitle: L\n---\n\nHello {{ page.title }}\n")
    text = client.get("/liquid/").get_data(as_text=True)
    assert "pages/liquid.md:5: unsupported Liquid" in text and "Hello" not in text.split("<main")[1].split("</main>")[0].replace("Hello {{", "")


def test_duplicate_permalinks_are_an_error_on_that_url(client, write):
    write("pages/other.md", "---\ntitle: Other\npermalink: /experience/\n---\n")
    response = client.get("/experience/")
    assert response.status_code == 500
    assert "permalink /experience/ is used by both pages/experience.md and pages/other.md" in response.get_data(as_text=True)


def test_broken_settings_show_an_error(client, site_root):
    (site_root / "site" / "site.toml").write_text('title = "x\n')
    response = client.get("/")
    assert response.status_code == 500
    assert "site/site.toml:1: settings are not valid TOML" in response.get_data(as_text=True)


def test_a_wrong_setting_type_names_the_line(client, site_root):
    path = site_root / "site" / "site.toml"
    path.write_text(path.read_text().replace('navigation = ["/", "/experience/", "/talks/"]', 'navigation = "/"'))
    text = client.get("/").get_data(as_text=True)
    line = next(i for i, l in enumerate(path.read_text().splitlines(), 1) if l.startswith("navigation"))
    assert f"site/site.toml:{line}: setting &#39;navigation&#39; must be a list" in text


def test_navigation_follows_settings_order(client, write):
    write("pages/about.md", "---\ntitle: About\nnavigation: true\n---\n")
    html = client.get("/").get_data(as_text=True)
    nav = html.split('<nav id="site-nav"')[1].split("</nav>")[0]
    assert nav.index(">Home<") < nav.index(">Experience<") < nav.index(">About<")


@pytest.mark.parametrize("url", ["/experience/", "/talks/", "/experience/all/", "/404.html"])
def test_pages_without_the_talk_banner_have_no_render_blocking_script(real_client, url):
    html = real_client.get(url).get_data(as_text=True)
    scripts = [tag for tag in html.split("<script")[1:] if "src=" in tag.split(">")[0]]
    assert scripts and all(" defer" in tag.split(">")[0] for tag in scripts)
    assert 'blocking="render"' not in html
