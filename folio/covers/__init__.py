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
from .sources import CoverFiles, CoverImage, cover_image, cover_urls

__all__ = ["CoverImage", "CoverSpec", "Covers", "CoversFeature", "Hero"]

bp = Blueprint("covers", __name__)


class CoversFeature:
    name = "covers"
    watch: tuple[str, ...] = ()  # the covers' files are checked when their pages render
    blueprint = bp
    hooks = TemplateHooks(head="covers/preload.html")
    assets = ()

    def __init__(self) -> None:
        self._files: CoverFiles | None = None  # kept across snapshots: each file is read once while unchanged

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
        if self._files is None:
            self._files = CoverFiles(site.root / "static")
        return Contribution(urls=urls, part=Covers(self._files, covers))

    def render_key(self, site: Site) -> str:
        """Each cover's file as it is now: a build renders the pages again when one is replaced."""
        covers = site.part(Covers)
        return repr([(url, spec.name, covers.files.stamp(spec)) for url, spec in sorted(covers.by_url.items())])


def cover_hero(page: Page | None, content: Markup) -> Hero | None:
    """The page's hero (its cover, and the title shown on it), or None when it has no cover."""
    if page is None:
        return None
    covers = engine().site().part(Covers)
    spec = covers.of(page.url)
    if spec is None:
        return None
    return hero(page, cover_image(spec, covers.files.size(spec)), spec.alt, content)


@bp.app_context_processor
def template_context() -> dict[str, Any]:
    return {"cover_hero": cover_hero}
