"""Images in pages: finding a page's content images, and writing `srcset`, `sizes`, `width` and `height`."""
from __future__ import annotations

from dataclasses import dataclass

from ..content.htmltags import Attrs, rewrite_start_tags, start_tags
from ..content.pages import Page
from ..errors import ContentError, ContentErrors, source_line
from ..web.images import static_name
from .plan import VARIANT_PATH, ContentImage, Images, VariantSet
from .sources import is_raster

_DERIVED = "imaging.content_images"


@dataclass(frozen=True)
class Responsive:
    """What an <img> needs to show an image responsively; URLs carry the site's base path."""
    src: str
    srcset: str
    sizes: str
    width: int
    height: int

    def attrs(self) -> dict[str, str]:
        return {"src": self.src, "srcset": self.srcset, "sizes": self.sizes,
                "width": str(self.width), "height": str(self.height)}


def responsive_of(found: VariantSet, prefix: str) -> Responsive:
    """The smallest width is the 1× size: it is the `src`, and `width` and `height` say its shape."""
    urls = [f"{prefix}{VARIANT_PATH}{name}" for name in found.files]
    srcset = ", ".join(f"{url} {width}w" for url, width in zip(urls, found.widths))
    first = found.widths[0]
    return Responsive(urls[0], srcset, found.sizes, first, found.source.height_at(first))


def content_images(page: Page, link_rules: tuple) -> list[ContentImage]:
    """The raster images from static/ that a page's markdown and raw HTML show (kept while it is unchanged)."""
    if _DERIVED in page.derived:
        return page.derived[_DERIVED]
    found: list[ContentImage] = []
    if "![" in page.body or "<img" in page.body.lower():
        try:
            html = page.html("", link_rules)
        except (ContentError, ContentErrors):
            return []  # the page shows its own error (bad math, …) when it is rendered
        text = None
        for tag, attrs in start_tags(html):
            if tag != "img" or "srcset" in attrs or not attrs.get("src"):
                continue
            name = static_name(attrs["src"] or "", page.url, "")
            if name is None or not is_raster(name):
                continue
            if text is None:
                text = page.source.read_text(encoding="utf-8", errors="replace")
            line = source_line(text, attrs["src"] or "") or source_line(text, name) or page.body_line
            found.append(ContentImage(name, attrs.get("width"), attrs.get("height"), line))
    page.derived[_DERIVED] = found
    return found


def rewrite_images(html: str, page_path: str, prefix: str, images: Images, url: str) -> str:
    """Give the page's content images their variants; the first one loads at once, the others lazily."""
    planned = images.pages.get(url)
    if not planned or "<img" not in html:
        return html
    first = [True]

    def change(tag: str, attrs: Attrs) -> Attrs | None:
        if tag != "img" or "srcset" in attrs:
            return None
        name = static_name(attrs.get("src") or "", page_path, prefix)
        found = planned.get((name or "", attrs.get("width"), attrs.get("height")))
        if found is None:
            return None
        given = {k: v for k, v in attrs.items() if k not in ("loading", "decoding")}
        shown = responsive_of(found, prefix).attrs()
        if "width" in attrs or "height" in attrs:  # the owner's size stays; the other side follows
            shown.pop("width"), shown.pop("height")
            shown.update(_other_side(attrs, found))
        lazy = {} if first[0] else {"loading": "lazy", "decoding": "async"}
        first[0] = False
        return {**given, **shown, **lazy}

    return rewrite_start_tags(html, change)


def _other_side(attrs: Attrs, found: VariantSet) -> dict[str, str]:
    source = found.source
    width, height = (attrs.get("width") or "").strip(), (attrs.get("height") or "").strip()
    if width.isdigit() and not height:
        return {"height": str(max(1, round(int(width) * source.height / source.width)))}
    if height.isdigit() and not width:
        return {"width": str(max(1, round(int(height) * source.width / source.height)))}
    return {}
