"""Cover images: front matter `cover: /assets/images/photo.jpg` shows the photo as a hero at the top of the
page, behind its title, as the owner's Jasper home page did.

The cover is the page's largest paint, so it is preloaded from <head> (the `head` hook) with the same srcset
and sizes as its <img>, at high priority, never lazily; the hero's box has its size in CSS before the photo
arrives, so nothing moves. The layout (templates/layouts/page.html) sets `hero = cover_hero(page, content)` at
its top, fills the base layout's `hero` block with templates/covers/hero.html, and the preload follows `hero`.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint
from markupsafe import Markup

from ..content.pages import Page
from ..content.store import Site
from ..contract import Contribution, MadeUrl, TemplateHooks
from ..engine import engine
from ..errors import ContentError
from .hero import Hero, hero
from .model import Covers, CoverSpec, read_spec
from .sources import CoverImage, cover_image, cover_urls

__all__ = ["CoverImage", "CoverSpec", "Covers", "CoversFeature", "Hero"]

bp = Blueprint("covers", __name__)


class CoversFeature:
    name = "covers"
    watch: tuple[str, ...] = ()  # the covers' files are images: folio/imaging watches them
    blueprint = bp
    hooks = TemplateHooks(head="covers/preload.html")
    assets = ()

    def contribute(self, site: Site, previous: Site | None) -> Contribution:
        covers: dict[str, CoverSpec] = {}
        urls: list[MadeUrl] = []
        for url, page in site.pages.items():
            try:
                spec = read_spec(page)
                urls += cover_urls(site, spec) if spec else []
            except ContentError as error:
                site.fail(error, url)
                continue
            if spec is not None:
                covers[url] = spec
        return Contribution(urls=urls, part=Covers(covers))

    def render_key(self, site: Site) -> str:
        return ""  # a replaced cover has new variants: folio/imaging's key changes, and every page is built again


def cover_hero(page: Page | None, content: Markup) -> Hero | None:
    """The page's hero (its cover, and the title shown on it), or None when it has no cover."""
    if page is None:
        return None
    spec = engine().site().part(Covers).of(page.url)
    if spec is None:
        return None
    return hero(page, cover_image(spec), spec.alt, content)


@bp.app_context_processor
def template_context() -> dict[str, Any]:
    return {"cover_hero": cover_hero}
