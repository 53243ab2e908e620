import hashlib
from pathlib import Path, PurePosixPath

import pytest

from folio import REPO_ROOT
from folio.errors import ContentError
from folio.content.pages import default_url, load_page


# The owner's Experience page as their Jekyll site has it (shared/content/experience.md), pinned by its hash.
EXPERIENCE_SHA256 = "5455314ca624e6ead0cd8b4f55ce533aa4fe77472fc74f91f87da32f22d11c02"


def test_experience_page_is_the_owners_file_byte_for_byte():
    data = (REPO_ROOT / "pages" / "experience.md").read_bytes()
    assert hashlib.sha256(data).hexdigest() == EXPERIENCE_SHA256


@pytest.mark.parametrize("relative, url", [
    ("index.md", "/"), ("about.md", "/about/"), ("blog/index.md", "/blog/"), ("blog/first-post.md", "/blog/first-post/"),
])
def test_url_from_file_path(relative, url):
    assert default_url(PurePosixPath(relative)) == url


def test_the_owners_jekyll_keys(site_root):
    page = load_page(site_root / "pages" / "experience.md", site_root)
    assert (page.url, page.title, page.layout, page.navigation, page.current) == \
        ("/experience/", "Experience", "page", True, "experience")
    assert page.logo == "assets/images/fairy.jpg" and page.show_layout_title is False
    assert [i.name for i in page.includes] == ["section-header.html"]
    assert page.includes[0].line == 11


def test_unknown_keys_are_kept(write, site_root):
    path = write("pages/x.md", "---\ntitle: X\nmood: sunny\n---\nhi\n")
    assert load_page(path, site_root).meta["mood"] == "sunny"


@pytest.mark.parametrize("permalink, url", [("/about", "/about/"), ("/feed.xml", "/feed.xml"), ("/a/b/", "/a/b/")])
def test_permalinks_are_normalised(write, site_root, permalink, url):
    path = write("pages/x.md", f"---\ntitle: X\npermalink: {permalink}\n---\n")
    assert load_page(path, site_root).url == url


@pytest.mark.parametrize("front, line, words", [
    ("permalink: ../up/", 3, "not a path on this site"),
    ("permalink: https://evil.example/", 3, "not a path on this site"),
    ("permalink: /a/../b/", 3, "not a path on this site"),
    ("layout: fancy", 3, "layout 'fancy' does not exist"),
    ("navigation: yes please", 3, "'navigation' must be true or false, not text"),
    ("title: [a, b]", 2, "'title' must be text, not a list"),
])
def test_bad_keys_name_their_line(write, site_root, front, line, words):
    if front.startswith("title"):
        text = f"---\n{front}\n---\n"
    else:
        text = f"---\ntitle: X\n{front}\n---\n"
    path = write("pages/x.md", text)
    with pytest.raises(ContentError) as caught:
        load_page(path, site_root)
    assert caught.value.line == line and words in caught.value.message


def test_not_utf8_names_the_line(write, site_root):
    path = write("pages/x.md", b"---\ntitle: X\n---\nok\n\xff\xfe bad\n")
    with pytest.raises(ContentError) as caught:
        load_page(path, site_root)
    assert caught.value.line == 5 and "not UTF-8" in caught.value.message
