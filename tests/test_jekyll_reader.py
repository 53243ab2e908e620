"""Reading a Jekyll site: which files are what, and the URL Jekyll 4 publishes each one at."""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

import pytest

from folio.jekyll import ImportRefused, published_urls, read_site
from folio.jekyll.config import read_config
from folio.jekyll.engine_urls import post_permalink
from folio.jekyll.files import Kind
from folio.jekyll.model import Link
from folio.jekyll.settings import base_url, settings_from
from folio.jekyll.site import parse_date
from folio.jekyll.urls import slugify
from jekyll_urls import FIXTURE, JekyllBuildFailed, build_urls, committed_urls, fixture_urls, jekyll_available, \
    url_of_output


def write_site(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


# -- the fixture --------------------------------------------------------------------------------------------

def test_every_url_of_the_fixture_is_predicted():
    expected = fixture_urls()
    assert published_urls(read_site(FIXTURE)) == set(expected.urls), expected.origin


def require_jekyll() -> None:
    """Debian's jekyll checks the committed list; `make test` installs it, and under CI it must be there."""
    if jekyll_available():
        return
    reason = "Debian's jekyll is not installed (apt-get install jekyll, or run `make test`)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def test_the_committed_url_list_is_what_jekyll_builds_today():
    require_jekyll()
    try:
        built = build_urls()
    except JekyllBuildFailed as failed:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(str(failed))
    assert built == committed_urls(), "run: python tests/jekyll_urls.py --write"


def test_the_fixture_documents_and_their_urls():
    site = read_site(FIXTURE)
    urls = {d.file.name: (d.url, d.output_url, d.published) for d in site.documents}
    assert urls["about/index.md"] == ("/about/", "/about/", True)
    assert urls["contact.md"] == ("/contact", "/contact.html", True)       # '/:title' style: no suffix
    assert urls["projects.html"] == ("/projects", "/projects.html", True)
    assert urls["services.md"] == ("/services/", "/services/", True)       # its own permalink
    assert urls["index.html"] == ("/", "/", True)
    assert urls["_posts/2023-06-02-mixture-of-experts.md"] == ("/mixture-of-experts", "/mixture-of-experts.html", True)
    assert urls["_posts/2024-09-10-fsdp-vs-zero.md"] == ("/fsdp-and-zero/", "/fsdp-and-zero/", True)
    assert urls["_drafts/grpo-notes.md"][2] is False                       # drafts are not published
    assert [d.file.name for d in site.drafts] == ["_drafts/grpo-notes.md"]


def test_the_fixture_files_by_kind():
    site = read_site(FIXTURE)
    names = {kind: sorted(f.name for f in site.of_kind(kind)) for kind in Kind}
    assert names[Kind.DATA] == ["_data/authors.json", "_data/sections.yml"]
    assert names[Kind.LAYOUT] == ["_layouts/default.html", "_layouts/page.html", "_layouts/post.html"]
    assert "_includes/section-header.html" in names[Kind.INCLUDE]
    assert "CNAME" in names[Kind.STATIC] and "favicon.ico" in names[Kind.STATIC]
    every = {f.name for f in site.files}
    for excluded in ("README.md", "Gemfile", "notes/todo.txt", "_config.yml"):
        assert excluded not in every
    assert site.cname == "www.birdofparadise.example"


# -- Jekyll's rules, checked against real builds -------------------------------------------------------------

MINI = {
    "index.md": "---\ntitle: Home\n---\nhi\n",
    "about.md": "---\ntitle: About\n---\nabout\n",
    "docs/index.html": "---\n---\n<p>docs</p>\n",
    "docs/guide.markdown": "---\n---\nguide\n",
    "feed.xml": "---\n---\n<feed></feed>\n",
    "_posts/2021-03-04-Hello World.md": "---\ncategories: [AI, Research]\n---\nhello\n",
    "_posts/2020-12-31-plain.md": "---\n---\nplain\n",
    "_posts/2022-07-08-with-slug.md": "---\nslug: Custom Slug\n---\nslug\n",
    "_posts/2022-02-02-explicit.md": "---\npermalink: /explicit-one\n---\nexplicit\n",
    "blog/_posts/2019-05-06-nested.md": "---\n---\nnested\n",
    "custom.md": "---\npermalink: /custom/:basename/\n---\ncustom\n",
    "img/x.txt": "static\n",
}
_COMMON = ["/", "/custom/custom/", "/docs/", "/explicit-one.html", "/feed.xml", "/img/x.txt"]
# What Debian's Jekyll 4.3.1 builds for MINI under each permalink style.
STYLE_URLS = {
    "date": ["/2020/12/31/plain.html", "/2022/07/08/Custom-Slug.html", "/about.html",
             "/ai/research/2021/03/04/Hello-World.html", "/blog/2019/05/06/nested.html", "/docs/guide.html"],
    "pretty": ["/2020/12/31/plain/", "/2022/07/08/Custom-Slug/", "/about/", "/ai/research/2021/03/04/Hello-World/",
               "/blog/2019/05/06/nested/", "/docs/guide/"],
    "ordinal": ["/2020/366/plain.html", "/2022/189/Custom-Slug.html", "/about.html",
                "/ai/research/2021/063/Hello-World.html", "/blog/2019/126/nested.html", "/docs/guide.html"],
    "none": ["/Custom-Slug.html", "/about.html", "/ai/research/Hello-World.html", "/blog/nested.html",
             "/docs/guide.html", "/plain.html"],
    "weekdate": ["/2020/W53/Thu/plain.html", "/2022/W27/Fri/Custom-Slug.html", "/about.html",
                 "/ai/research/2021/W09/Thu/Hello-World.html", "/blog/2019/W19/Mon/nested.html", "/docs/guide.html"],
    "/:year/:title/": ["/2019/nested/", "/2020/plain/", "/2021/Hello-World/", "/2022/Custom-Slug/", "/about/",
                       "/docs/guide/"],
    "/:title": ["/Custom-Slug.html", "/Hello-World.html", "/about.html", "/docs/guide.html", "/nested.html",
                "/plain.html"],
    "/:categories/:title:output_ext": ["/Custom-Slug.html", "/about.html", "/ai/research/Hello-World.html",
                                       "/blog/nested.html", "/docs/guide.html", "/plain.html"],
    "/:slug.html": ["/about.html", "/custom-slug.html", "/docs/guide.html", "/hello-world.html", "/nested.html",
                    "/plain.html"],
}


@pytest.mark.parametrize("style", list(STYLE_URLS))
def test_permalink_styles(tmp_path, style):
    src = write_site(tmp_path / "src", {**MINI, "_config.yml": f"permalink: {json.dumps(style)}\n"})
    expected = set(STYLE_URLS[style] + _COMMON)
    assert published_urls(read_site(src)) == expected
    if jekyll_available():  # the table above is Jekyll's own answer
        assert set(_jekyll_build(src, tmp_path / "out")) == expected


def _jekyll_build(src: Path, dest: Path) -> list[str]:
    subprocess.run(["jekyll", "build", "-q", "--disable-disk-cache", "-s", str(src), "-d", str(dest)],
                   check=True, capture_output=True, timeout=300)
    return [url_of_output(PurePosixPath(p.relative_to(dest).as_posix())) for p in dest.rglob("*") if p.is_file()]


def test_what_jekyll_skips_and_what_include_brings_back(tmp_path):
    src = write_site(tmp_path / "src", {
        "_config.yml": "exclude: [private/, secret.txt, 'drafts-*']\ninclude: [.well-known]\n",
        "a.txt": "a", ".hidden": "h", "#tmp": "t", "b.txt~": "backup", "_private.md": "p",
        "private/x.txt": "x", "secret.txt": "s", "drafts-one.txt": "d", ".well-known/security.txt": "w",
        ".htaccess": "deny", "node_modules/pkg/index.js": "js", "Gemfile": "g",
        "page.md": "---\n---\nbody", "nofm.md": "no front matter, so a static file",
    })
    site = read_site(src)
    assert sorted(f.name for f in site.of_kind(Kind.STATIC)) == [".well-known/security.txt", "a.txt", "nofm.md"]
    assert [d.file.name for d in site.pages] == ["page.md"]


def test_a_post_date_in_front_matter_wins_and_is_read_in_utc():
    assert parse_date("2023-06-02 23:30:00 -0200") == datetime(2023, 6, 3, 1, 30, tzinfo=timezone.utc)
    assert parse_date("2023-06-02") == datetime(2023, 6, 2)
    assert parse_date("2023-06-02 10:00:00 +0100", "Europe/Paris").hour == 11
    assert parse_date("not a date") is None and parse_date("2023-02-30") is None


def test_unpublished_and_future_posts_are_not_published(tmp_path):
    src = write_site(tmp_path / "src", {
        "_config.yml": "permalink: pretty\n",
        "_posts/2020-01-01-hidden.md": "---\npublished: false\n---\n",
        "_posts/2999-01-01-future.md": "---\n---\n",
        "_posts/2020-01-02-shown.md": "---\n---\n",
    })
    assert published_urls(read_site(src)) == {"/2020/01/02/shown/"}


def test_slugify_matches_jekyll():
    assert slugify("Hello World!", pretty=True, cased=True) == "Hello-World!"
    assert slugify("Hello World!") == "hello-world"
    assert slugify("Ünïcode – dash") == "ünïcode-dash"


# -- _config.yml --------------------------------------------------------------------------------------------

def test_a_folder_without_config_is_refused_in_one_line(tmp_path):
    with pytest.raises(ImportRefused) as refused:
        read_site(tmp_path)
    assert "no _config.yml" in str(refused.value) and "\n" not in str(refused.value)
    with pytest.raises(ImportRefused):
        read_site(tmp_path / "missing")


def test_a_broken_config_names_its_line(tmp_path):
    write_site(tmp_path, {"_config.yml": "title: ok\nbad: [unclosed\n"})
    with pytest.raises(ImportRefused) as refused:
        read_site(tmp_path)
    assert "_config.yml:" in str(refused.value) and "\n" not in str(refused.value)


def test_the_fixture_config_as_settings():
    config = read_config(FIXTURE)
    settings = settings_from(config, "www.birdofparadise.example")
    assert settings.title == "Bird Of Paradise AI"              # from `name`
    assert settings.base_url == "https://www.birdofparadise.example/"
    assert settings.author == "Ada Bird" and settings.language == "en"
    assert settings.post_permalink == "/:title/"
    assert settings.cname == "www.birdofparadise.example"
    assert settings.links == (
        Link("Twitter", "https://twitter.com/birdofparadise_ai"), Link("GitHub", "https://github.com/bird-of-paradise"),
        Link("LinkedIn", "https://www.linkedin.com/in/ada-bird"),
        Link("Hugging Face", "https://huggingface.co/bird-of-paradise"),
        Link("Google Scholar", "https://scholar.google.com/citations?user=BIRD123"))
    assert [e.key for e in config.trackers] == ["google_analytics", "disqus"]
    assert config.tracker_values == ("G-B1RDPARADISE", "birdofparadise-ai")


@pytest.mark.parametrize("url, baseurl, cname, expected", [
    ("https://example.org", "", "", "https://example.org/"),
    ("https://example.org/", "/blog", "x.org", "https://example.org/blog/"),
    ("", "", "www.example.com", "https://www.example.com/"),
    ("", "/site", "", ""),
])
def test_base_url(url, baseurl, cname, expected):
    assert base_url(url, baseurl, cname) == expected


@pytest.mark.parametrize("config, links", [
    ("twitter_username: ada\ngithub_username: ada-gh\n",
     [("Twitter", "https://twitter.com/ada"), ("GitHub", "https://github.com/ada-gh")]),
    ("twitter:\n  username: ada\n  card: summary\n", [("Twitter", "https://twitter.com/ada")]),
    ("social_links:\n  linkedin: ada-l\n  instagram: '@ada.i'\n",
     [("LinkedIn", "https://www.linkedin.com/in/ada-l"), ("Instagram", "https://www.instagram.com/ada.i")]),
    ("minima:\n  social_links:\n    - { platform: github, user_url: 'https://github.com/x' }\n",
     [("GitHub", "https://github.com/x")]),
    ("facebook: https://facebook.com/ada\nmastodon: not-a-url\n", [("Facebook", "https://facebook.com/ada")]),
    ("github: ada\nsocial:\n  links: [https://github.com/ada]\n", [("GitHub", "https://github.com/ada")]),
    ("google_analytics: UA-1\ndisqus_shortname: ada\n", []),
])
def test_social_links(tmp_path, config, links):
    write_site(tmp_path, {"_config.yml": config})
    assert [(link.name, link.url) for link in read_config(tmp_path).links] == links


@pytest.mark.parametrize("style, expected", [
    ("/:title", "/:title/"), ("date", "/:year/:month/:day/:title/"), ("pretty", "/:year/:month/:day/:title/"),
    ("none", "/:title/"), ("ordinal", "/:year/:title/"), ("/blog/:year/:slug.html", "/blog/:year/:title/"),
    ("/:categories/:i_month/", "/:title/"),
])
def test_post_permalink_for_the_engine(style, expected):
    assert post_permalink(style) == expected


def test_config_without_url_takes_the_cname(tmp_path):
    write_site(tmp_path, {"_config.yml": "title: T\n", "CNAME": "\nwww.example.com\n"})
    site = read_site(tmp_path)
    assert settings_from(site.config, site.cname).base_url == "https://www.example.com/"


def test_a_broken_page_is_reported_not_fatal(tmp_path):
    write_site(tmp_path, {"_config.yml": "", "ok.md": "---\ntitle: ok\n---\n", "bad.md": "---\ntitle: ok\ntags: [a, b\ndate: 2020-01-01\n---\n"})
    site = read_site(tmp_path)
    assert [d.file.name for d in site.pages] == ["ok.md"]
    assert [str(bad.where) for bad in site.unreadable] == ["bad.md:3"]  # where the unclosed list opens


def test_the_url_helper_falls_back_to_the_committed_list(monkeypatch):
    monkeypatch.setattr("jekyll_urls.jekyll_available", lambda: False)
    listed = fixture_urls()
    assert listed.origin.startswith("committed list") and "/about/" in listed.urls
    with tempfile.TemporaryDirectory():
        assert "/contact.html" in committed_urls()
