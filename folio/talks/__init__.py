"""Talks: site/talks/*.md become /talks/, a page, an .ics file and a social card per talk, an Atom
feed, and a banner for the featured talk that is right on any day the site is built or viewed.

The state (upcoming, live, past) is computed when a page renders, from `now()`, and again in the
visitor's browser by static/js/talks.js from the page's data attributes, so a frozen site stays right.
"""
from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from flask import Flask

from ..content import Site
from ..errors import ContentError
from ..web import NavItem
from . import views
from .model import TALKS_DIR, Talk, load_talk

INDEX_TEMPLATE = Path("templates") / "talks" / "index.html"


class TalksExtension:
    name = "talks"
    watch = (f"{TALKS_DIR}/*.md",)

    def __init__(self) -> None:
        self._parsed: dict[Path, tuple[tuple[int, int], Talk]] = {}

    def load(self, site: Site, previous: Site | None) -> None:
        talks = [talk for path in sorted((site.root / TALKS_DIR).glob("*.md"))
                 if (talk := self._load(site, path)) is not None]
        site.extras["talks"] = talks
        site.extras["talks.featured"] = self._featured(site, talks)
        site.extras.setdefault("nav", []).append(NavItem("Talks", "/talks/", "talks"))
        site.claim("/talks/", views.index, site.root / INDEX_TEMPLATE)
        site.claim("/talks/feed.xml", views.feed, site.root / INDEX_TEMPLATE)
        for talk in talks:
            line = talk.key_lines.get("title", 1)
            site.claim(talk.url, partial(views.talk_page, talk.slug), talk.source, line)
            site.claim(f"/talks/{talk.slug}.ics", partial(views.ics_file, talk.slug), talk.source, line)
            site.claim(f"/talks/{talk.slug}.png", partial(views.card_image, talk.slug), talk.source, line)

    def render_key(self, site: Site) -> str:
        """What the banner on any page depends on: the talks as written and each one's state now.

        A build reuses a page's previous HTML only when this key is unchanged (folio/buildcache.py).
        """
        moment = views.now()
        return repr([(talk.source.read_bytes(), talk.state(moment)) for talk in site.extras.get("talks", [])])

    def _load(self, site: Site, path: Path) -> Talk | None:
        """Parse a talk file, or reuse the previous parse when the file did not change."""
        try:
            stat = path.stat()
            key = (stat.st_mtime_ns, stat.st_size)
            cached = self._parsed.get(path)
            if cached and cached[0] == key:
                return cached[1]
            talk = load_talk(path, site.root)
        except ContentError as error:
            site.fail(error, f"/talks/{path.stem}/")
            return None
        except OSError as error:
            site.fail(ContentError(path, None, f"cannot read the file ({error.strerror})",
                                   "check that the file exists and is readable"), f"/talks/{path.stem}/")
            return None
        self._parsed[path] = (key, talk)
        return talk

    @staticmethod
    def _featured(site: Site, talks: list[Talk]) -> Talk | None:
        featured = [talk for talk in talks if talk.featured]
        for extra in featured[1:]:
            site.fail(ContentError(extra.source, extra.key_lines.get("featured"),
                                   f"another talk is featured already ({featured[0].source.name})",
                                   "the banner advertises one talk: set featured: false on all but one"),
                      extra.url)
        return featured[0] if featured else None


def template_context() -> dict[str, Any]:
    return {"talk_promo": views.promo}


def init_app(app: Flask) -> None:
    app.extensions["folio.extensions"].append(TalksExtension())
    app.context_processor(template_context)
