"""Section cards: when site/data/sections.yml exists, the home page shows one card per section (title as
a link, excerpt, icons), as the owner's Jekyll home page did from `_data/sections.yml`.

The cards come after the home page's own content (the layout's `main_end` hook). Their links go through
the build's link check like any other; a broken one is reported at its line in the data file.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint

from ..content.store import Site
from ..contract import Contribution, TemplateHooks
from ..data import SiteData
from ..engine import engine
from ..errors import ContentError
from ..imaging import declare_image
from ..web.images import ImageSizes
from .cards import Card, Icon, SectionCards, read_cards

__all__ = ["Card", "Icon", "SectionCards", "SectionsFeature"]

DATA_NAME = "sections"
HOME = "/"
bp = Blueprint("sections", __name__)


class SectionsFeature:
    name = "sections"
    watch: tuple[str, ...] = ()  # site/data/ is the data feature's, which comes before this one
    blueprint = bp
    hooks = TemplateHooks(main_end="sections/cards.html")
    assets = ()

    def __init__(self) -> None:
        self._sizes: ImageSizes | None = None

    def contribute(self, site: Site, previous: Site | None) -> Contribution:
        file = site.part(SiteData).file(DATA_NAME)
        if file is None:
            return Contribution(part=SectionCards())
        if file.error is not None:  # reported by the data feature; the home page shows it too
            site.broken.setdefault(HOME, file.error)
            return Contribution(part=SectionCards(source=file.path))
        try:
            cards = read_cards(file, self._image_sizes(site))
            urls = [url for card in cards for icon in card.icons if icon.src
                    for url in declare_image(site, icon.src, (icon.width, 2 * icon.width), file.path, card.line)]
        except ContentError as error:
            site.fail(error, HOME)
            return Contribution(part=SectionCards(source=file.path))
        return Contribution(urls=urls, part=SectionCards(cards, file.path))

    def render_key(self, site: Site) -> str:
        return repr(site.part(SectionCards).cards)  # with each icon's size, read from its file

    def _image_sizes(self, site: Site) -> ImageSizes:
        if self._sizes is None:
            self._sizes = ImageSizes(site.root / "static")
        return self._sizes


@bp.app_context_processor
def template_context() -> dict[str, Any]:
    return {"section_cards": section_cards}


def section_cards(url: str | None) -> tuple[Card, ...]:
    """The cards the page at `url` shows: the home page's, none elsewhere."""
    if url != HOME:
        return ()
    return engine().site().part(SectionCards).cards
