"""The site's own images carry their width and height, so nothing moves when they load (folio/images.py)."""
import io

from PIL import Image

from folio.content.htmltags import start_tags
from folio.build.pipeline import build

PAGE = """---
title: Pictures
---
![A photo](/assets/images/photo.png)

<img src="/assets/images/photo.png" alt="Raw HTML">

<img src="/assets/images/photo.png" width="100" alt="Their own width">

![Beside the page](photo.png)

![Far away](https://example.com/far.png)

![Drawn](/assets/images/drawing.svg)
"""


def png(width: int, height: int) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(data, "PNG")
    return data.getvalue()


def images(html: str) -> dict[str, dict]:
    return {attrs["alt"]: attrs for name, attrs in start_tags(html) if name == "img" and attrs.get("alt")}


def picture_site(write):
    write("pages/pictures.md", PAGE)
    write("static/assets/images/photo.png", png(640, 480))
    write("static/pictures/photo.png", png(30, 20))
    write("static/assets/images/drawing.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>')


def test_local_images_get_their_pixel_size(client, write):
    picture_site(write)
    found = images(client.get("/pictures/").get_data(as_text=True))
    for alt in ("A photo", "Raw HTML"):
        assert (found[alt]["width"], found[alt]["height"]) == ("640", "480"), alt
    assert (found["Beside the page"]["width"], found["Beside the page"]["height"]) == ("30", "20")
    # A width of the owner's stays, and the height follows from the image's shape.
    assert (found["Their own width"]["width"], found["Their own width"]["height"]) == ("100", "75")
    for alt in ("Far away", "Drawn"):
        assert "width" not in found[alt] and "height" not in found[alt], alt
    assert "loading" not in found["A photo"]  # the first image loads at once; the others lazily
    assert found["Raw HTML"]["loading"] == "lazy" and found["Raw HTML"]["decoding"] == "async"


def test_a_replaced_image_is_measured_again_without_a_restart(client, write):
    picture_site(write)
    client.get("/pictures/")
    write("static/assets/images/photo.png", png(200, 100))
    found = images(client.get("/pictures/").get_data(as_text=True))
    assert (found["A photo"]["width"], found["A photo"]["height"]) == ("200", "100")


def test_under_a_base_path_the_build_sizes_images_too(site_root, write, tmp_path):
    picture_site(write)
    build(site_root, tmp_path / "out", base_url="https://owner.github.io/site/")
    found = images((tmp_path / "out" / "pictures" / "index.html").read_text())
    assert found["A photo"]["src"].startswith("/site/_img/")
    assert (found["A photo"]["width"], found["A photo"]["height"]) == ("640", "480")
    assert (found["Beside the page"]["width"], found["Beside the page"]["height"]) == ("30", "20")


def test_a_page_is_built_again_when_its_image_changes_size(site_root, write, tmp_path):
    picture_site(write)
    dest = tmp_path / "build"
    build(site_root, dest)
    write("static/assets/images/photo.png", png(320, 240))
    build(site_root, dest)
    found = images((dest / "pictures" / "index.html").read_text())
    assert (found["A photo"]["width"], found["A photo"]["height"]) == ("320", "240")
    (site_root / ".folio-cache").rename(tmp_path / "old-cache")
    build(site_root, tmp_path / "clean")
    assert (dest / "pictures" / "index.html").read_bytes() == (tmp_path / "clean" / "pictures" / "index.html").read_bytes()
