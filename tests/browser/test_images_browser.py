"""Image variants in a real browser (folio/imaging): on a phone and a desktop, at the root and under a base
path, each image loads from a variant wide enough for the screen, nothing shifts as images load, and the
page stays clean (CSP, no failed request) and accessible."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image

from folio import REPO_ROOT
from folio.build.pipeline import build
from helpers import PageGuard, axe_violations, format_violations

pytestmark = pytest.mark.browser

PAGE = """---
title: Gallery
---
{% include section-header.html %}

A first paragraph of text, so that the photo comes after some words.

![A wide photo of a landscape](/assets/images/photo.jpg)

<img src="/assets/images/photo.jpg" width="300" alt="The same photo, shown small">
"""


def photo() -> bytes:
    image = Image.effect_noise((2400, 1600), 40).convert("RGB")
    out = io.BytesIO()
    image.resize((2400, 1600)).save(out, "JPEG", quality=80)
    return out.getvalue()


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    site = tmp_path_factory.mktemp("images-site")
    for part in ("pages", "site", "static", "templates"):
        shutil.copytree(REPO_ROOT / part, site / part)
    (site / "pages" / "gallery.md").write_text(PAGE, encoding="utf-8")
    (site / "static" / "assets" / "images" / "photo.jpg").write_bytes(photo())
    root, sub = tmp_path_factory.mktemp("images-root"), tmp_path_factory.mktemp("images-sub")
    build(site, root / "build", base_url="https://owner.example/")
    build(site, sub / "site", base_url="https://owner.github.io/site/")
    return {"root": (root / "build", "/"), "subpath": (sub, "/site/")}


LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 300);
})"""


@pytest.mark.parametrize("base", ["root", "subpath"])
@pytest.mark.parametrize("screen", [(412, 823, 1.75), (1280, 800, 1)], ids=["phone", "desktop"])
def test_images_load_from_variants_wide_enough_without_shifting_the_page(builds, base, screen, browser,
                                                                          static_server):
    folder, path = builds[base]
    width, height, ratio = screen
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=ratio)
    page = context.new_page()
    guard = PageGuard(page)
    page.goto(static_server(folder) + path + "gallery/")
    photo = page.locator('img[alt="A wide photo of a landscape"]')
    photo.scroll_into_view_if_needed()
    page.wait_for_function("() => Array.from(document.images).every(img => img.complete && img.naturalWidth > 0)")
    shown = photo.evaluate("img => ({src: img.currentSrc, css: img.clientWidth})")
    assert f"{path}_img/" in shown["src"] and shown["src"].endswith(".webp")
    pixels = int(shown["src"].rsplit("-", 1)[1].split(".")[0])  # /_img/HASH-WIDTH.webp
    assert pixels >= min(shown["css"] * ratio, 1472) - 1, shown  # sharp on this screen
    assert pixels <= 1472, "never more than twice the column"
    for img in page.locator("img").all():
        assert img.evaluate("img => img.currentSrc.includes('/_img/')"), img.get_attribute("alt")
    assert page.evaluate(LAYOUT_SHIFT) == 0
    guard.assert_clean()
    context.close()


def test_a_page_with_images_passes_axe(builds, axe_page, static_server):
    folder, path = builds["root"]
    axe_page.goto(static_server(folder) + path + "gallery/")
    violations = axe_violations(axe_page)
    assert not violations, format_violations(violations)
