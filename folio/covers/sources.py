"""The files a cover is shown from: `cover_image(spec)` -> the <img> and preload attributes of one photo.

This is the one place that decides which files a cover is served as. Today it is the original alone,
sized from its file; with resized variants (folio/imaging) it becomes their srcset, and nothing else changes.
A file that is missing, is not an image, is cut short or is too large to open is a ContentError at the
page's `cover:` line.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ..build.cache import file_stamp
from ..content.store import Site
from ..contract import MadeUrl
from ..web.urls import asset_url
from .model import CoverSpec

# The hero spans <main>: the whole viewport below 48rem, 48rem from there (static/css/site.css, .cover).
HERO_SIZES = "(min-width: 48rem) 48rem, 100vw"
# Widths of the variants: 320 px at 2×, 412 px at 1.75× (721), 390 at 2 (780), 412 at 2.625 (1082), 390 at 3
# (1170), 768 px at 2× (1536).
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


class CoverFiles:
    """Checks cover files under static/ and remembers each one's size while its stamp holds."""

    def __init__(self, static: Path):
        self.static = static
        self._known: dict[str, tuple[tuple, tuple[int, int] | str]] = {}

    def stamp(self, spec: CoverSpec) -> tuple:
        return file_stamp(self.static / spec.name)

    def size(self, spec: CoverSpec) -> tuple[int, int]:
        """The photo's (width, height); a ContentError at the `cover:` line when it cannot be shown."""
        path = self.static / spec.name
        if not spec.name.lower().endswith(RASTER):
            raise spec.error(f"the cover static/{spec.name} is not a photo (JPEG, PNG, WebP, AVIF or GIF)",
                             "export the photo as JPEG or PNG, and write that file's path")
        stamp = self.stamp(spec)
        if stamp == (None,) or not path.is_file():
            raise spec.error(f"the cover static/{spec.name} does not exist",
                             "add the photo under static/, or fix the path")
        known = self._known.get(spec.name)
        if known is None or known[0] != stamp:
            known = self._known[spec.name] = (stamp, _inspect(path))
        if isinstance(known[1], str):
            raise spec.error(f"the cover static/{spec.name} cannot be read: {known[1]}",
                             "export the photo again (JPEG or PNG) and replace the file")
        return known[1]


def _inspect(path: Path) -> tuple[int, int] | str:
    """The image's size after decoding it whole (a file cut short fails here), or why it cannot be read."""
    try:
        with Image.open(path) as image:
            size = image.size
            image.draft("RGB", (max(size[0] // 8, 1), max(size[1] // 8, 1)))  # JPEG: decode at 1/8, fast
            image.load()
            return size
    except Image.DecompressionBombError:
        return "it has too many pixels to open safely"
    except UnidentifiedImageError:
        return "it is not an image"
    except (OSError, ValueError, SyntaxError) as exc:
        return f"the file is damaged or cut short ({exc})"


def cover_urls(site: Site, spec: CoverSpec) -> list[MadeUrl]:
    """The URLs a build publishes for the cover besides the original (a static file): none yet."""
    return []


def cover_image(spec: CoverSpec, size: tuple[int, int]) -> CoverImage:
    """The cover's image, as the page's <img> and its preload link show it."""
    src = asset_url(spec.name)
    return CoverImage(src, f"{src} {size[0]}w", HERO_SIZES, size[0], size[1])
