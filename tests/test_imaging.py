"""Image variants (folio/imaging): resized WebP files at the widths each image is shown at, srcset and sizes in
markdown, raw HTML, the logo and section cards, at the root and under a base path; the cache; orientation and
metadata; bad images."""
from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from PIL import Image, ImageCms

from folio import create_app
from folio.build.cli import main
from folio.build.pipeline import build
from folio.content.htmltags import start_tags
from folio.imaging import COUNTER, sources

PAGE = """---
title: Gallery
---
Some text first.

![A photo](/assets/images/photo.jpg)

<img src="/assets/images/photo.jpg" alt="Raw HTML">

<img src="/assets/images/photo.jpg" width="300" alt="Shown small">

![Tiny](/assets/images/tiny.png)

[The original](/assets/images/photo.jpg)
"""
BASE = "https://owner.github.io/site/"


def jpeg(width: int, height: int, exif: Image.Exif | None = None, colour="teal") -> bytes:
    image = Image.new("RGB", (width, height), colour)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (200, 30, 30, 128)).save(out, "PNG")
    return out.getvalue()


def imgs(html: str) -> dict[str, dict]:
    return {attrs.get("alt") or attrs.get("class") or f"img{i}": attrs
            for i, (name, attrs) in enumerate(start_tags(html)) if name == "img"}


def srcset(attrs: dict) -> dict[int, str]:
    """width -> URL of each candidate."""
    pairs = (item.strip().rsplit(" ", 1) for item in attrs["srcset"].split(","))
    return {int(descriptor[:-1]): url for url, descriptor in pairs}


@pytest.fixture
def gallery(write):
    write("pages/gallery.md", PAGE)
    write("static/assets/images/photo.jpg", jpeg(2000, 1500))
    write("static/assets/images/tiny.png", png(120, 90))


def test_markdown_and_raw_html_images_get_variants_at_the_column_width(gallery, client):
    html = client.get("/gallery/").get_data(as_text=True)
    found = imgs(html)
    for alt in ("A photo", "Raw HTML"):
        attrs = found[alt]
        assert sorted(srcset(attrs)) == [736, 1472], alt  # the 46rem column, 1× and 2×
        assert (attrs["width"], attrs["height"]) == ("736", "552")
        assert attrs["sizes"] == "(max-width: 768px) calc(100vw - 32px), 736px"
        assert attrs["src"] == srcset(attrs)[736]
    assert "loading" not in found["A photo"] and "decoding" not in found["A photo"]
    assert found["Raw HTML"]["loading"] == "lazy" and found["Raw HTML"]["decoding"] == "async"
    small = found["Shown small"]
    assert sorted(srcset(small)) == [300, 600] and small["sizes"] == "300px"
    assert (small["width"], small["height"]) == ("300", "225")
    tiny = found["Tiny"]  # never upscaled: one variant, at its own size
    assert sorted(srcset(tiny)) == [120] and (tiny["width"], tiny["height"]) == ("120", "90")
    assert 'href="/assets/images/photo.jpg"' in html  # the original keeps its URL
    for attrs in found.values():
        for width, url in srcset(attrs).items():
            response = client.get(url)
            assert response.status_code == 200 and response.mimetype == "image/webp", url
            with Image.open(io.BytesIO(response.data)) as variant:
                assert variant.format == "WEBP" and variant.width == width
    assert client.get("/assets/images/photo.jpg").data[:2] == b"\xff\xd8"


def test_the_logo_and_section_icons_get_variants_at_their_displayed_sizes(write, client):
    write("static/assets/images/fairy.jpg", jpeg(1080, 1080))
    write("static/assets/images/exp.png", png(200, 100))
    write("site/data/sections.yml", "- title: Experience\n  link: /experience/\n  icons: [assets/images/exp.png]\n")
    write("pages/about.md", "---\ntitle: About\n---\n{% include section-header.html %}\n\nHello.\n")
    home = client.get("/").get_data(as_text=True)
    header = next(attrs for name, attrs in start_tags(home) if name == "img")
    assert sorted(srcset(header)) == [40, 80] and header["sizes"] == "40px"
    assert (header["width"], header["height"]) == ("40", "40") and "loading" not in header
    icon = next(attrs for name, attrs in start_tags(home) if name == "img" and "64px" in attrs.get("sizes", ""))
    assert sorted(srcset(icon)) == [64, 128] and (icon["width"], icon["height"]) == ("64", "32")
    about = imgs(client.get("/about/").get_data(as_text=True))
    assert sorted(srcset(about["section-icon"])) == [64, 128] and about["section-icon"]["sizes"] == "64px"
    for attrs in (header, icon, about["section-icon"]):
        for url in srcset(attrs).values():
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("base", ["https://owner.example/", BASE])
def test_a_build_freezes_every_variant_at_the_root_and_under_a_base_path(gallery, write, site_root, tmp_path, base):
    write("static/assets/images/fairy.jpg", jpeg(1080, 1080))
    prefix = "/site" if base == BASE else ""
    dest = tmp_path / "out"
    build(site_root, dest, base_url=base)  # the link check passes: every variant is in the build
    found = imgs((dest / "gallery" / "index.html").read_text())
    for attrs in found.values():
        assert attrs["src"].startswith(prefix + "/_img/") or attrs["src"].startswith(prefix + "/assets/")
        for width, url in srcset(attrs).items():
            assert url.startswith(prefix + "/_img/")
            with Image.open(dest / url[len(prefix) + 1:]) as variant:
                assert variant.width == width
    assert (dest / "assets" / "images" / "photo.jpg").read_bytes()[:2] == b"\xff\xd8"
    assert "/_img/" not in (dest / "sitemap.xml").read_text()


def test_an_unchanged_image_is_never_encoded_again_and_a_changed_one_is(gallery, write, site_root, tmp_path):
    dest = tmp_path / "out"
    before = COUNTER.encodes
    build(site_root, dest, jobs=1)
    first = COUNTER.encodes - before
    assert first >= 7  # photo 736, 1472, 300, 600; tiny 120; logo 40, 80, 64, 128 (capped at its size)
    before = COUNTER.encodes
    build(site_root, dest, jobs=1)
    build(site_root, tmp_path / "elsewhere", jobs=1)
    assert COUNTER.encodes == before, "nothing changed: nothing encoded"
    write("static/assets/images/photo.jpg", jpeg(2000, 1500, colour="navy"))
    build(site_root, dest, jobs=1)
    assert COUNTER.encodes - before == 4  # the photo's four variants, nothing else
    with Image.open(next((dest / "_img").glob(f"*-736.webp"))) as variant:
        assert variant.convert("RGB").getpixel((10, 10))[2] > 80  # navy now


def test_the_dev_server_encodes_on_first_request_then_serves_the_cache(gallery, site_root):
    client = create_app(site_root).test_client()
    url = srcset(imgs(client.get("/gallery/").get_data(as_text=True))["A photo"])[736]
    before = COUNTER.encodes
    first = client.get(url).data
    assert COUNTER.encodes == before + 1
    again = create_app(site_root).test_client().get(url).data  # a new server: from .folio-cache/images
    assert again == first and COUNTER.encodes == before + 1
    assert list((site_root / ".folio-cache" / "images").glob("*-736.webp"))


def gps_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 17.0, 40.0)}  # GPSInfo
    return exif


def test_variants_are_upright_and_carry_no_metadata(write, client):
    # 60 wide, 30 high as stored, left half red; orientation 6 ("rotate 90° clockwise to show").
    image = Image.new("RGB", (60, 30), "blue")
    image.paste("red", (0, 0, 30, 30))
    out = io.BytesIO()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image.save(out, "JPEG", quality=95, exif=gps_exif(orientation=6), icc_profile=srgb)
    write("static/assets/images/phone.jpg", out.getvalue())
    with Image.open(io.BytesIO(out.getvalue())) as original:
        assert original.getexif().get_ifd(0x8825), "the test photo holds a GPS position"
        assert original.info.get("icc_profile"), "and a colour profile"
    write("pages/phone.md", "---\ntitle: Phone\n---\n![Phone](/assets/images/phone.jpg)\n")
    attrs = imgs(client.get("/phone/").get_data(as_text=True))["Phone"]
    assert (attrs["width"], attrs["height"]) == ("30", "60")  # shown upright: taller than wide
    data = client.get(attrs["src"]).data
    with Image.open(io.BytesIO(data)) as variant:
        assert variant.size == (30, 60)
        rgb = variant.convert("RGB")
        assert rgb.getpixel((15, 5))[0] > 150 and rgb.getpixel((15, 55))[2] > 150  # red on top, blue below
        assert not variant.getexif() and not set(variant.info) & {"exif", "xmp", "icc_profile"}
    assert b"Exif" not in data and b"PhoneMaker" not in data and b"XMP" not in data and b"ICCP" not in data


BAD = {
    "not-an-image": (b"<html>not a picture</html>", "is not an image"),
    "truncated": (None, "is damaged or truncated"),
    "bomb": (None, "is too large to decode"),
}


def bad_image(kind: str) -> bytes:
    if kind == "truncated":
        noisy = Image.effect_noise((150, 100), 60).convert("RGB")
        out = io.BytesIO()
        noisy.save(out, "JPEG", quality=95)
        return out.getvalue()[: len(out.getvalue()) * 2 // 3]
    if kind == "bomb":
        return png(300, 300)
    return BAD[kind][0]


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(sources, "PIXEL_LIMIT", 200 * 200)


BAD_PAGE = "---\ntitle: Broken\n---\nText.\n\n![Bad](/assets/images/bad.jpg)\n"


@pytest.mark.parametrize("kind", list(BAD))
def test_a_bad_image_is_an_error_at_its_line_and_the_previous_build_stays(kind, site_root, write, tmp_path,
                                                                           capsys, small_limit):
    dest = tmp_path / "build"
    assert main(["--dest", str(dest)], root=site_root) == 0
    before = {p: p.read_bytes() for p in dest.rglob("*") if p.is_file()}
    write("pages/broken.md", BAD_PAGE)
    write("static/assets/images/bad.jpg", bad_image(kind))
    assert main(["--dest", str(dest)], root=site_root) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    line = next(line for line in err.splitlines() if line.startswith("pages/broken.md:"))
    assert line.startswith("pages/broken.md:6: static/assets/images/bad.jpg ") and BAD[kind][1] in line
    assert re.search(r" — \S", line), "says what to do"
    assert {p: p.read_bytes() for p in dest.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("kind", list(BAD))
def test_the_dev_server_shows_a_bad_image_on_its_page_only(kind, site_root, write, small_limit):
    write("pages/broken.md", BAD_PAGE)
    write("static/assets/images/bad.jpg", bad_image(kind))
    client = create_app(site_root).test_client()
    response = client.get("/broken/")
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "pages/broken.md:6" in text and "static/assets/images/bad.jpg" in text and BAD[kind][1] in text
    assert client.get("/").status_code == 200


def test_a_bad_logo_is_an_error_at_its_setting(site_root, write):
    write("static/assets/images/fairy.jpg", b"GIF89a broken")
    client = create_app(site_root).test_client()
    response = client.get("/")
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "site/site.toml:12" in text and "static/assets/images/fairy.jpg is not an image" in text


def test_the_next_build_reads_no_unchanged_image_again_but_sees_any_change(gallery, site_root, tmp_path,
                                                                          monkeypatch):
    photo = site_root / "static" / "assets" / "images" / "photo.jpg"
    photo.write_bytes(jpeg(2000, 1500) + bytes(1000))  # room for other bytes of the same length, below
    build(site_root, tmp_path / "one", jobs=1)
    read = []
    real_probe = sources._probe
    monkeypatch.setattr(sources, "_probe", lambda data, name: read.append(name) or real_probe(data, name))
    build(site_root, tmp_path / "two", jobs=1)
    assert read == [], "unchanged images are known from .folio-cache/images/sources.json"
    stat = photo.stat()
    data = jpeg(2000, 1500, colour="olive")
    assert len(data) < stat.st_size
    photo.write_bytes(data.ljust(stat.st_size, b"\0"))  # same length, same mtime: other bytes
    os.utime(photo, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    build(site_root, tmp_path / "three", jobs=1)
    assert read == ["assets/images/photo.jpg"]


def test_a_build_leaves_in_the_cache_only_the_variants_it_used(gallery, write, site_root, tmp_path):
    cache = site_root / ".folio-cache" / "images"
    build(site_root, tmp_path / "out", jobs=1)
    before = {p.name for p in cache.glob("*.webp")}
    write("pages/gallery.md", PAGE.replace("![Tiny](/assets/images/tiny.png)", ""))
    build(site_root, tmp_path / "out", jobs=1)
    after = {p.name for p in cache.glob("*.webp")}
    assert len(before - after) == 1 and next(iter(before - after)).endswith("-120.webp")  # tiny.png's one
    assert after == {p.name for p in (tmp_path / "out" / "_img").glob("*.webp")}


def test_the_column_width_comes_from_the_stylesheet(gallery, site_root, client):
    css = site_root / "static" / "css" / "site.css"
    css.write_text(css.read_text().replace("--measure: 46rem", "--measure: 40rem"))
    attrs = imgs(client.get("/gallery/").get_data(as_text=True))["A photo"]
    assert sorted(srcset(attrs)) == [640, 1280] and attrs["sizes"].endswith(", 640px")


class FixedSources:
    """Stands for Sources: one image of the given size."""

    def __init__(self, width: int, height: int):
        self.static = Path("/nowhere")
        self.source = sources.Source("x.jpg", "0" * 64, width, height)

    def get(self, name: str) -> sources.Source:
        return self.source


@given(width=st.integers(1, 9000), height=st.integers(1, 9000), column=st.integers(200, 1600),
       attr=st.one_of(st.none(), st.integers(1, 3000).map(str), st.sampled_from(["100%", "", "auto", "0"])))
@settings(max_examples=300, deadline=None)
def test_variants_are_never_wider_than_the_image_and_keep_its_shape(width, height, column, attr):
    from folio.imaging.plan import ContentImage, Images
    images = Images(FixedSources(width, height), column)
    found, made = images.content_set(ContentImage("x.jpg", attr, None, 3), Path("pages/x.md"))
    assert list(found.widths) == sorted(set(found.widths)) and 1 <= len(found.widths) <= 2
    assert all(1 <= w <= width for w in found.widths)
    assert len(made) == len(found.widths) and {m.values["name"] for m in made} == set(found.files)
    shown = int(attr) if attr and attr.isdigit() and 0 < int(attr) < column else column
    assert found.widths[-1] == min(2 * shown, width)
    for w in found.widths:
        assert abs(found.source.height_at(w) / w - height / width) <= 1 / w + 1e-9


def test_the_dev_server_shows_an_edited_or_added_image_without_a_restart(gallery, write, client):
    before = imgs(client.get("/gallery/").get_data(as_text=True))
    write("static/assets/images/photo.jpg", jpeg(1000, 1000, colour="navy"))  # a new size, new pixels
    write("pages/later.md", "---\ntitle: Later\n---\n![Not there yet](/assets/images/later.png)\n")
    assert "srcset" not in imgs(client.get("/later/").get_data(as_text=True))["Not there yet"]
    write("static/assets/images/later.png", png(50, 40))
    after = imgs(client.get("/gallery/").get_data(as_text=True))
    assert after["A photo"]["src"] != before["A photo"]["src"]
    assert (after["A photo"]["width"], after["A photo"]["height"]) == ("736", "736")
    assert client.get(after["A photo"]["src"]).status_code == 200
    assert client.get(before["A photo"]["src"]).status_code == 404  # that image is gone
    assert sorted(srcset(imgs(client.get("/later/").get_data(as_text=True))["Not there yet"])) == [50]


def test_a_bad_section_icon_is_an_error_at_its_card(site_root, write):
    write("static/assets/images/exp.png", b"\x89PNG\r\n\x1a\n" + bytes(40))
    write("site/data/sections.yml", "- title: Experience\n  link: /experience/\n  icons: [assets/images/exp.png]\n")
    client = create_app(site_root).test_client()
    response = client.get("/")
    assert response.status_code == 500
    assert "site/data/sections.yml:1: static/assets/images/exp.png" in response.get_data(as_text=True)
    assert client.get("/experience/").status_code == 200


def test_a_page_whose_markdown_fails_keeps_its_own_error_and_the_site_works(site_root, write):
    write("static/assets/images/photo.jpg", jpeg(800, 600))
    write("pages/maths.md", "---\ntitle: Maths\n---\n![A photo](/assets/images/photo.jpg)\n\n$\\frac{1}{$\n")
    client = create_app(site_root).test_client()
    response = client.get("/maths/")
    assert response.status_code == 500 and "pages/maths.md:" in response.get_data(as_text=True)
    assert client.get("/").status_code == 200
