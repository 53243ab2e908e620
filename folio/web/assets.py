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
from flask import Blueprint, Response

from ..build.cache import file_stamp
from ..content.store import Site
from ..contract import Contribution, MadeUrl, TemplateHooks
from ..engine import engine
from ..errors import ContentError

HTMX = "js/htmx.min.js"
HTMX_INTEGRITY = "sha384-2OatzQy1H+Zd/IIrjr1TcuDGqLXeHhbooAyJY1KdQMKnr4LZ22k31GBLdYKHmVjg"  # htmx 2.0.11
BUNDLE = "js/site.bundle.js"


def minify_css(data: bytes) -> bytes:
    return rcssmin.cssmin(data.decode("utf-8")).encode("utf-8")


def minify_js(data: bytes) -> bytes:
    return rjsmin.jsmin(data.decode("utf-8")).encode("utf-8")


def _keep(data: bytes) -> bytes:
    return data


@dataclass(frozen=True)
class Recipe:
    """An asset published at `name`, made from static files: each transformed, then joined."""
    name: str
    sources: tuple[tuple[str, Callable[[bytes], bytes]], ...]
    mimetype: str
    joiner: bytes = b"\n"


SITE_RECIPES = (
    Recipe("css/site.css", (("css/site.css", minify_css),), "text/css"),
    # ";" ends htmx's last statement, so the next file's leading "(" cannot turn it into a call.
    Recipe(BUNDLE, ((HTMX, _keep), ("js/site.js", minify_js)), "text/javascript", b";\n"),
)


def all_recipes(features: "list") -> tuple[Recipe, ...]:
    """The site's own assets, and those the features declare."""
    return SITE_RECIPES + tuple(recipe for feature in features for recipe in feature.assets)


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

    def __init__(self, static: Path, recipes: tuple[Recipe, ...]):
        self.static = static
        self.recipes = {recipe.name: recipe for recipe in recipes}
        # The files an asset is made of that are not published on their own (htmx.min.js, site.js).
        self.bundled = frozenset(source for recipe in recipes for source, _ in recipe.sources
                                 if source != recipe.name)
        self._built: dict[str, tuple[tuple, Asset]] = {}

    def names(self) -> list[str]:
        return list(self.recipes)

    def get(self, name: str) -> Asset | None:
        """The asset published at `name`, or None when `name` is no asset. Raises ContentError."""
        recipe = self.recipes.get(name)
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
        return [self.integrity(name) for name in self.recipes]

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


def asset_view(name: str) -> Response:
    asset = engine().assets.get(name)
    assert asset is not None  # the rule exists only for the recipes' names
    return Response(asset.body, mimetype=asset.mimetype)


class AssetsFeature:
    """The site's own stylesheet and scripts, at their URLs (css/site.css, js/site.bundle.js, …)."""
    name = "assets"
    watch: tuple[str, ...] = ()
    hooks = TemplateHooks()
    assets: tuple[Recipe, ...] = ()

    def __init__(self, recipes: tuple[Recipe, ...]):
        self.recipes = recipes
        self.blueprint = Blueprint(self.name, __name__)
        for recipe in recipes:
            self.blueprint.add_url_rule("/" + recipe.name, "asset", asset_view, defaults={"name": recipe.name})

    def contribute(self, site: Site, previous: Site | None) -> Contribution:
        return Contribution(urls=[MadeUrl("assets.asset", {"name": recipe.name}, site.root / "static" / recipe.name,
                                          listed=False, what="the site's own script or stylesheet")
                                  for recipe in self.recipes])

    def render_key(self, site: Site) -> str:
        return " ".join(engine().assets.key())  # pages carry the assets' integrity hashes
