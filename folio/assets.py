"""The engine's own CSS and JavaScript as browsers get them: minified, with htmx bundled in front.

/css/site.css and /js/talks.js are their static files minified. /js/site.bundle.js is the vendored htmx,
checked against its pin, followed by static/js/site.js minified: one request carries htmx and the site's
script. The files a bundle is made of are not published on their own. Every other static file (the
owner's images, scripts, styles) is served exactly as it is.
"""
from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import rcssmin
import rjsmin

from .buildcache import file_stamp
from .errors import ContentError

HTMX = "js/htmx.min.js"
HTMX_INTEGRITY = "sha384-2OatzQy1H+Zd/IIrjr1TcuDGqLXeHhbooAyJY1KdQMKnr4LZ22k31GBLdYKHmVjg"  # htmx 2.0.11
BUNDLE = "js/site.bundle.js"


def _minify_css(data: bytes) -> bytes:
    return rcssmin.cssmin(data.decode("utf-8")).encode("utf-8")


def _minify_js(data: bytes) -> bytes:
    return rjsmin.jsmin(data.decode("utf-8")).encode("utf-8")


def _keep(data: bytes) -> bytes:
    return data


@dataclass(frozen=True)
class Recipe:
    """An asset made from static files: each transformed, then joined."""
    sources: tuple[tuple[str, Callable[[bytes], bytes]], ...]
    mimetype: str
    joiner: bytes = b"\n"


RECIPES = {
    "css/site.css": Recipe((("css/site.css", _minify_css),), "text/css"),
    "js/talks.js": Recipe((("js/talks.js", _minify_js),), "text/javascript"),
    # ";" ends htmx's last statement, so the next file's leading "(" cannot turn it into a call.
    BUNDLE: Recipe(((HTMX, _keep), ("js/site.js", _minify_js)), "text/javascript", b";\n"),
}
BUNDLED = frozenset(source for name, recipe in RECIPES.items() for source, _ in recipe.sources if source != name)


@dataclass(frozen=True)
class Asset:
    name: str
    body: bytes
    mimetype: str
    integrity: str  # for the integrity attribute of the tags that load it
    version: str  # a short fingerprint of the body, for the ?v= of its links


def sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


class Assets:
    """Builds each asset when first asked and again only after one of its sources changed."""

    def __init__(self, static: Path):
        self.static = static
        self._built: dict[str, tuple[tuple, Asset]] = {}

    def names(self) -> list[str]:
        return list(RECIPES)

    def get(self, name: str) -> Asset | None:
        """The asset published at `name`, or None when `name` is no asset. Raises ContentError."""
        recipe = RECIPES.get(name)
        if recipe is None:
            return None
        paths = [self.static / source for source, _ in recipe.sources]
        stamp = file_stamp(*paths)
        cached = self._built.get(name)
        if cached is None or cached[0] != stamp:
            body = self._make(recipe, paths)
            asset = Asset(name, body, recipe.mimetype, sri(body), hashlib.sha256(body).hexdigest()[:10])
            cached = self._built[name] = (stamp, asset)
        return cached[1]

    def usable(self, name: str) -> Asset | None:
        """For the tags that load it: None for no asset, or a broken one (its own URL reports why)."""
        try:
            return self.get(name)
        except ContentError:
            return None

    def integrity(self, name: str) -> str:
        asset = self.usable(name)
        return asset.integrity if asset else ""

    def version(self, name: str) -> str:
        asset = self.usable(name)
        return asset.version if asset else ""

    def key(self) -> list[str]:
        """What pages depend on: every asset's hash (pages carry integrity attributes)."""
        return [self.integrity(name) for name in RECIPES]

    def _make(self, recipe: Recipe, paths: list[Path]) -> bytes:
        parts = []
        for (source, transform), path in zip(recipe.sources, paths):
            data = _read(path)
            if source == HTMX and sri(data) != HTMX_INTEGRITY:
                raise ContentError(path, None, "is not the htmx 2.0.11 file pinned by its integrity hash",
                                   "restore it from htmx 2.0.11, or update HTMX_INTEGRITY in folio/assets.py "
                                   "when upgrading htmx")
            parts.append(transform(data))
        return recipe.joiner.join(parts)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ContentError(path, None, f"cannot be read ({exc.strerror})",
                           "restore it from the repository") from None
