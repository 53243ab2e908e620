"""Width and height for the site's own images, so the browser reserves their room before they load.

An <img> whose source is one of the site's static files and that has neither width nor height gets the
image's pixel size, read from the file's header (Pillow). The owner's markdown and raw HTML alike; an image
with a width or a height of its own is left as written. Pages record the sizes they used, so a build reuses
a page only while its images keep their sizes.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urljoin, urlsplit

from flask import Flask, Response, request
from PIL import Image, UnidentifiedImageError

from ..build.cache import file_stamp
from ..content.htmltags import Attrs, rewrite_start_tags
from ..engine import engine

# A cheap first look: an <img> tag without a width. Only then is the page tokenized.
_UNSIZED = re.compile(r"<img\b(?![^>]*\bwidth\s*=)", re.I)

Size = tuple[int, int] | None


class ImageSizes:
    """Pixel sizes of files under static/, remembered while a file's modification time and length stay."""

    def __init__(self, static: Path):
        self.static = static
        self._known: dict[str, tuple[tuple, Size]] = {}

    def size(self, name: str) -> Size:
        """(width, height) of static/<name>, or None when it is no image this can read."""
        path = self.static / name
        stamp = file_stamp(path)
        if stamp == (None,):
            return None
        known = self._known.get(name)
        if known is None or known[0] != stamp:
            known = self._known[name] = (stamp, _read_size(path))
        return known[1]


def _read_size(path: Path) -> Size:
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return None


def size_images(html: str, page_path: str, prefix: str, sizes: ImageSizes) -> tuple[str, dict[str, Size]]:
    """`html` with its unsized local images sized, and the sizes it used (static file name -> size).

    page_path: the page's own path with the base path (for relative sources); prefix: the base path.
    """
    used: dict[str, Size] = {}
    if not _UNSIZED.search(html):
        return html, used

    def change(tag: str, attrs: Attrs) -> Attrs | None:
        if tag != "img" or "width" in attrs or "height" in attrs or not attrs.get("src"):
            return None
        name = static_name(attrs["src"] or "", page_path, prefix)
        if name is None:
            return None
        size = used[name] = sizes.size(name)
        if size is None:
            return None
        return {**attrs, "width": str(size[0]), "height": str(size[1])}

    return rewrite_start_tags(html, change), used


def static_name(src: str, page_path: str, prefix: str) -> str | None:
    """The static file a same-site image source names ('/site/assets/a.jpg' -> 'assets/a.jpg'), else None."""
    parts = urlsplit(urljoin(page_path, src))
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    base = prefix.rstrip("/") + "/"
    if not path.startswith(base):
        return None
    name = path[len(base):]
    if not name or any(part in ("", ".", "..") for part in name.split("/")):
        return None
    return name


def size_response_images(response: Response, rewrite: Callable[[str], str] | None = None) -> Response:
    """after_request: size the images of every HTML page the site answers (dev server and build alike);
    `rewrite` first changes the page's HTML (folio/imaging gives content images their variants)."""
    if response.status_code != 200 or response.mimetype != "text/html" or response.direct_passthrough:
        return response
    original = response.get_data(as_text=True)
    html = rewrite(original) if rewrite is not None else original
    html, used = size_images(html, request.script_root + request.path, request.script_root, engine().images)
    if used or html != original:
        response.set_data(html)
    if used:
        engine().image_uses[request.path] = used
    return response


def init_app(app: Flask) -> None:
    """Size images without variants (folio/imaging registers its own hook, which does both, instead)."""
    app.after_request(size_response_images)
