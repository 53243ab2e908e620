"""Cover images: front matter `cover:` shows the photo as a hero behind the title, preloaded at high priority,
sized so that nothing moves; a bad cover is one line at the `cover:` key."""
import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st
from PIL import Image

from folio import create_app
from folio.build.cli import main as freeze_main
from folio.build.pipeline import build
from folio.content.htmltags import start_tags
from folio.content.markdown import render_markdown
from folio.covers.hero import leading_heading_end

from bench.photos import jpeg, photo

HOME = "pages/index.md"
LINE = re.compile(r"^(?P<where>[^\s:]+:\d+): (?P<message>.+) — (?P<hint>.+)$")


def jpeg_of(width: int, height: int) -> bytes:
    return jpeg(photo(width, height, shapes=8))


def with_cover(site_root: Path, cover: str = "/assets/images/cover.jpg", extra: str = "") -> None:
    """The home page with a cover, its key on line 8 of the front matter."""
    text = (site_root / HOME).read_text(encoding="utf-8")
    assert text.splitlines()[6] == "show_layout_title: false"
    (site_root / HOME).write_text(text.replace("show_layout_title: false\n",
                                               f"show_layout_title: false\ncover: {cover}\n{extra}", 1))


@pytest.fixture
def covered(site_root, write):
    write("static/assets/images/cover.jpg", jpeg_of(900, 600))
    with_cover(site_root)
    return site_root


def tags(html: str, name: str, **wanted: str) -> list[dict]:
    return [attrs for tag, attrs in start_tags(html) if tag == name
            and all(attrs.get(key) == value for key, value in wanted.items())]


def head_and_main(html: str) -> tuple[str, str]:
    head, _, body = html.partition("</head>")
    return head, body[body.index("<main"):]


def candidates(srcset: str) -> list[tuple[str, int]]:
    return [(url, int(width.rstrip("w"))) for url, width in (c.split() for c in srcset.split(", "))]


def check_cover(html: str, prefix: str) -> list[str]:
    """Checks the home page's cover markup; returns the URLs of its candidates."""
    head, main = head_and_main(html)
    preload = tags(head, "link", rel="preload")
    assert len(preload) == 1, preload
    link = preload[0]
    assert link["as"] == "image" and link["fetchpriority"] == "high"
    assert "href" not in link  # a browser without imagesrcset must not fetch the original
    # Resized WebP variants, 640 px wide and up, never wider than the 900 px photo (folio/imaging).
    found = candidates(link["imagesrcset"])
    assert [width for _, width in found] == [640, 800, 900]
    assert all(url.startswith(f"{prefix}/_img/") and url.endswith(f"-{width}.webp") for url, width in found)
    assert link["imagesizes"] == "(min-width: 48rem) 48rem, 100vw"
    images = tags(main, "img", **{"class": "cover-image"})
    assert len(images) == 1
    img = images[0]
    assert img["src"] == found[0][0]
    assert (img["srcset"], img["sizes"]) == (link["imagesrcset"], link["imagesizes"])  # the same candidate
    assert (img["width"], img["height"]) == ("640", "427")  # the photo's shape, 3:2
    assert img["fetchpriority"] == "high" and "loading" not in img and img.get("decoding") != "lazy"
    assert img["alt"] == ""
    # The cover comes first in <main>, before the talk banner, and carries the page's one <h1>.
    assert main.index('class="cover"') < main.index("talk-banner")
    assert main.count("<h1") == 1
    cover = main[main.index('class="cover"'):main.index("</div>\n</div>")]
    assert re.search(r"<h1[^>]*>Bird Of Paradise AI</h1>", cover)
    return [url for url, _ in found]


def test_cover_markup_in_the_dev_server(covered):
    check_cover(create_app(covered).test_client().get("/").get_data(as_text=True), "")


@pytest.mark.parametrize("base_url, prefix", [("https://owner.example/", ""),
                                              ("https://owner.github.io/site/", "/site")])
def test_cover_markup_in_a_build(covered, tmp_path, base_url, prefix):
    dest = tmp_path / "build"
    build(covered, dest, base_url=base_url)
    for url in check_cover((dest / "index.html").read_text(), prefix):
        with Image.open(dest / url[len(prefix) + 1:]) as variant:  # published, and of the width it says
            assert variant.format == "WEBP" and url.endswith(f"-{variant.width}.webp")
    assert (dest / "assets" / "images" / "cover.jpg").read_bytes() == (covered / "static/assets/images/cover.jpg").read_bytes()
    other = (dest / "experience" / "index.html").read_text()
    assert "preload" not in other and 'class="cover"' not in other


def test_a_page_that_prints_its_title_shows_it_on_the_photo(site_root, write):
    write("static/assets/images/cover.jpg", jpeg_of(600, 400))
    write("pages/trip.md", '---\ntitle: "A trip & a <walk>"\ncover: assets/images/cover.jpg\n'
                           'cover_alt: Hills at dusk\n---\n\nText.\n')
    html = create_app(site_root).test_client().get("/trip/").get_data(as_text=True)
    _, main = head_and_main(html)
    assert main.count("<h1") == 1
    cover = main[main.index('class="cover"'):main.index("<article")]
    assert "<h1>A trip &amp; a &lt;walk&gt;</h1>" in cover
    assert tags(main, "img", **{"class": "cover-image"})[0]["alt"] == "Hills at dusk"


def test_a_page_that_starts_otherwise_shows_the_photo_above_its_content(site_root, write):
    write("static/assets/images/cover.jpg", jpeg_of(600, 400))
    write("pages/trip.md", "---\ntitle: Trip\nshow_layout_title: false\ncover: /assets/images/cover.jpg\n---\n\n"
                           "Text first.\n\n# A heading later\n")
    _, main = head_and_main(create_app(site_root).test_client().get("/trip/").get_data(as_text=True))
    assert 'class="cover-text"' not in main
    assert main.index('class="cover"') < main.index("<p>Text first.</p>") < main.index("<h1")


def test_pages_without_a_cover_are_as_before(real_client):
    html = real_client.get("/").get_data(as_text=True)
    assert 'rel="preload"' not in html and 'class="cover' not in html


def test_a_build_shows_a_replaced_cover_at_its_new_size(covered, write, tmp_path):
    dest = tmp_path / "build"
    build(covered, dest)
    write("static/assets/images/cover.jpg", jpeg_of(900, 300))
    build(covered, dest)
    img = tags((dest / "index.html").read_text(), "img", **{"class": "cover-image"})[0]
    assert (img["width"], img["height"]) == ("640", "213")


def test_the_dev_server_sees_a_cover_replaced_by_a_broken_file(covered, write):
    client = create_app(covered).test_client()
    assert client.get("/").status_code == 200
    write("static/assets/images/cover.jpg", b"not a photo")
    response = client.get("/")
    assert response.status_code == 500
    assert f"{HOME}:8: static/assets/images/cover.jpg is not an image Pillow can read" \
        in response.get_data(as_text=True)
    assert client.get("/experience/").status_code == 200  # every other page keeps working


def truncated(root: Path) -> None:
    data = jpeg_of(600, 400)
    (root / "static/assets/images/cover.jpg").write_bytes(data[: len(data) // 2])


def not_an_image(root: Path) -> None:
    (root / "static/assets/images/cover.jpg").write_text("<html>not a photo</html>")


def bomb(root: Path) -> None:
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")  # 400 megapixels in a few KB
    (root / "static/assets/images/cover.png").write_bytes(out.getvalue())


BAD = [
    ("missing", None, "/assets/images/nowhere.jpg", "the cover static/assets/images/nowhere.jpg does not exist"),
    ("not-an-image", not_an_image, "/assets/images/cover.jpg", "cover.jpg is not an image Pillow can read"),
    ("truncated", truncated, "/assets/images/cover.jpg", "cover.jpg is damaged or truncated"),
    ("decompression-bomb", bomb, "/assets/images/cover.png", "cover.png is too large to decode"),
    ("svg", None, "/favicon.svg", "is not a photo"),
    ("other-site", None, "https://example.com/x.jpg", "is on another site"),
    ("outside-static", None, "/assets/../../site/site.toml", "is not a path under static/"),
    ("not-text", None, "[a.jpg, b.jpg]", "'cover' must be text"),
]


@pytest.mark.parametrize("setup, cover, words", [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_a_bad_cover_is_one_line_at_its_key_and_the_build_stays(site_root, tmp_path, capsys, setup, cover, words):
    dest = tmp_path / "build"
    assert freeze_main(["--dest", str(dest)], root=site_root) == 0
    before = {p: p.read_bytes() for p in dest.rglob("*") if p.is_file()}
    if setup:
        setup(site_root)
    with_cover(site_root, cover)
    assert freeze_main(["--dest", str(dest)], root=site_root) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    problems = [line for line in err.strip().splitlines() if not line.startswith("freeze.py: ")]
    assert len(problems) == 1, problems
    found = LINE.match(problems[0])
    assert found and found["where"] == f"{HOME}:8" and words in found["message"], problems[0]
    assert {p: p.read_bytes() for p in dest.rglob("*") if p.is_file()} == before


def test_cover_alt_must_be_text(covered):
    text = (covered / HOME).read_text().replace("cover: /assets/images/cover.jpg\n",
                                                "cover: /assets/images/cover.jpg\ncover_alt: 3\n")
    (covered / HOME).write_text(text)
    body = create_app(covered).test_client().get("/").get_data(as_text=True)
    assert f"{HOME}:9: &#39;cover_alt&#39; must be text" in body


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@example(title="`</h1>` in code", rest="Text.")
@example(title='<span title="</h1>">x</span>', rest="Text.")
@example(title="R&amp;D <em>now</em>", rest="")
@given(title=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40),
       rest=st.sampled_from(["", "Text.", "## Sub\n\nText.", "<div>raw</div>", "<!-- </h1> -->"]))
def test_the_leading_heading_moves_whole(title, rest):
    """Whatever the title holds (markup, entities, '</h1>' in code or in an attribute), a page that starts with
    an <h1> gets exactly that heading on the photo, and keeps all the rest."""
    alone = render_markdown(f"# {title}\n").strip()
    html = render_markdown(f"# {title}\n\n{rest}\n")
    end = leading_heading_end(html)
    if not (alone.startswith("<h1") and alone.endswith("</h1>")):  # e.g. '#' alone: no heading
        return
    if alone.count("</h1>") > 1:  # a raw '</h1>' in the title ends the heading there, for browsers too
        return
    assert end is not None and html[:end].strip() == alone
    assert html[end:].strip() == render_markdown(f"{rest}\n").strip()


def test_only_the_page_that_shows_the_hero_preloads_it(site_root, write):
    """A role page is rendered with its role page's `page`, but shows no hero: it must not fetch the photo."""
    write("static/assets/images/cover.jpg", jpeg_of(600, 400))
    experience = site_root / "pages" / "experience.md"
    experience.write_text(experience.read_text().replace("show_layout_title: false\n",
                                                         "show_layout_title: false\ncover: /assets/images/cover.jpg\n"))
    client = create_app(site_root).test_client()
    head, main = head_and_main(client.get("/experience/").get_data(as_text=True))
    assert tags(head, "link", rel="preload") and tags(main, "img", **{"class": "cover-image"})
    assert main.index('class="cover"') < main.index('class="section-header"')  # above the page's own header
    role = client.get("/experience/principal-data-scientist/").get_data(as_text=True)
    assert 'rel="preload"' not in role and "cover-image" not in role
