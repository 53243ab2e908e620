"""Talks: site/talks/*.md become /talks/, a page, an .ics file and a social card per talk, an Atom
feed, and a banner for the featured talk that is right on any day the site is built or viewed.

The state (upcoming, live, past) is computed when a page renders, from `now()`, and again in the
visitor's browser by static/js/talks.js from the page's data attributes, so a frozen site stays right.
"""
from __future__ import annotations

from pathlib import Path

from ..content.store import Site
from ..contract import Contribution, MadeUrl, NavItem, TemplateHooks
from ..errors import ContentError
from ..web.assets import Recipe, minify_js
from . import views
from .model import TALKS_DIR, Talk, TalkShelf, load_talk

INDEX_TEMPLATE = Path("templates") / "talks" / "index.html"


class TalksFeature:
    name = "talks"
    watch = (f"{TALKS_DIR}/*.md",)
    blueprint = views.bp
    hooks = TemplateHooks(head_scripts="talks/scripts.html", head="talks/head.html", banner="talks/banner.html")
    assets = (Recipe("js/talks.js", (("js/talks.js", minify_js),), "text/javascript"),)

    def __init__(self) -> None:
        self._parsed: dict[Path, tuple[tuple[int, int], Talk]] = {}

    def contribute(self, site: Site, previous: Site | None) -> Contribution:
        talks = [talk for path in sorted((site.root / TALKS_DIR).glob("*.md"))
                 if (talk := self._load(site, path)) is not None]
        index = site.root / INDEX_TEMPLATE
        urls = [MadeUrl("talks.index", {}, index), MadeUrl("talks.feed", {}, index)]
        for talk in talks:
            line = talk.key_lines.get("title", 1)
            urls += [MadeUrl(endpoint, {"slug": talk.slug}, talk.source, line)
                     for endpoint in ("talks.talk", "talks.calendar", "talks.card")]
        return Contribution(urls=urls, nav=[NavItem("Talks", site.path("talks.index"), "talks")],
                            part=TalkShelf(talks, self._featured(site, talks)))

    def render_key(self, site: Site) -> str:
        """What the banner on any page depends on: the talks as written and each one's state now.

        A build reuses a page's previous HTML only when this key is unchanged (folio/build/cache.py).
        """
        moment = views.now()
        return repr([(talk.source.read_bytes(), talk.state(moment)) for talk in site.part(TalkShelf).talks])

    def _load(self, site: Site, path: Path) -> Talk | None:
        """Parse a talk file, or reuse the previous parse when the file did not change."""
        url = site.path("talks.talk", slug=path.stem)
        try:
            stat = path.stat()
            key = (stat.st_mtime_ns, stat.st_size)
            cached = self._parsed.get(path)
            if cached and cached[0] == key:
                return cached[1]
            talk = load_talk(path, site.root)
        except ContentError as error:
            site.fail(error, url)
            return None
        except OSError as error:
            site.fail(ContentError(path, None, f"cannot read the file ({error.strerror})",
                                   "check that the file exists and is readable"), url)
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
                      site.path("talks.talk", slug=extra.slug))
        return featured[0] if featured else None
