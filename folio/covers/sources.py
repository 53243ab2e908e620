"""The files a cover is shown from: `cover_image(spec)` -> the <img> and preload attributes of one photo.

This is the one place that decides which files a cover is served as: its resized variants (folio/imaging),
declared with the page's snapshot (`cover_urls`) so that a build publishes them, and shown with srcset and
sizes. A file that is missing or is no photo is a ContentError at the page's `cover:` line; one that is not an
image, is cut short or is too large to open is imaging's ContentError, at the same line.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content.store import Site
from ..contract import MadeUrl
from ..engine import engine
from ..imaging import declare_image, responsive
from ..web.urls import asset_url
from .model import CoverSpec

# The hero spans <main>: the whole viewport below 48rem, 48rem from there (static/css/site.css, .cover).
HERO_SIZES = "(min-width: 48rem) 48rem, 100vw"
# Widths of the variants: 320 px at 2×, 412 px at 1.75× (721), 390 at 2 (780), 412 at 2.625 (1082), 390 at 3
# (1170), 768 px at 2× (1536). Never wider than the photo itself.
HERO_WIDTHS = (640, 800, 1200, 1600)
RASTER = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif")


@dataclass(frozen=True)
class CoverImage:
    """What the page writes for a cover: <img src srcset sizes width height>, and the same in the preload."""
    src: str
    srcset: str
    sizes: str
    width: int
    height: int


def check_file(static: Path, spec: CoverSpec) -> None:
    """A ContentError at the `cover:` line unless the cover names a photo file under static/."""
    if not spec.name.lower().endswith(RASTER):
        raise spec.error(f"the cover static/{spec.name} is not a photo (JPEG, PNG, WebP, AVIF or GIF)",
                         "export the photo as JPEG or PNG, and write that file's path")
    if not (static / spec.name).is_file():
        raise spec.error(f"the cover static/{spec.name} does not exist",
                         "add the photo under static/, or fix the path")


def cover_urls(site: Site, spec: CoverSpec) -> list[MadeUrl]:
    """The URLs a build publishes for the cover besides the original (a static file): its variants."""
    check_file(site.root / "static", spec)
    return declare_image(site, spec.name, HERO_WIDTHS, spec.source, spec.line, HERO_SIZES)


def cover_image(spec: CoverSpec) -> CoverImage:
    """The cover's image, as the page's <img> and its preload link show it."""
    shown = responsive(spec.name, HERO_SIZES, HERO_WIDTHS)
    if shown.srcset:
        return CoverImage(shown.src, shown.srcset, shown.sizes, shown.width, shown.height)
    # An image published as it is (an animated GIF): the original, at its own size.
    src = asset_url(spec.name)
    width, height = engine().images.size(spec.name) or (shown.width, shown.height)
    return CoverImage(src, f"{src} {width}w", HERO_SIZES, width, height)
