"""What search engines fetch: /sitemap.xml (every listed HTML page) and /robots.txt."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, render_template

from ..content.store import Site
from ..contract import Contribution, MadeUrl, TemplateHooks
from ..engine import engine
from .urls import public_url

HTML_SUFFIXES = ("/", ".html")


def sitemap() -> Response:
    site = engine().site()
    entries = []
    urls = [u for u in [*site.pages, *site.made] if u.endswith(HTML_SUFFIXES) and listed(site, u)]
    for url in sorted(urls):
        source = site.source_of(url)
        lastmod = dt.date.fromtimestamp(source.stat().st_mtime).isoformat() if source else None
        entries.append((public_url(url), lastmod))
    return Response(render_template("sitemap.xml", entries=entries), mimetype="application/xml")


def listed(site: Site, url: str) -> bool:
    page = site.pages.get(url)
    return not (page and page.meta.get("sitemap") is False) and url not in site.unlisted


def robots() -> Response:
    text = f"User-agent: *\nAllow: /\n\nSitemap: {public_url('/sitemap.xml')}\n"
    return Response(text, mimetype="text/plain")


class SeoFeature:
    name = "seo"
    watch: tuple[str, ...] = ()
    hooks = TemplateHooks()
    assets = ()

    def __init__(self) -> None:
        self.blueprint = Blueprint(self.name, __name__)
        self.blueprint.add_url_rule("/sitemap.xml", "sitemap", sitemap)
        self.blueprint.add_url_rule("/robots.txt", "robots", robots)

    def contribute(self, site: Site, previous: Site | None) -> Contribution:
        source = site.root / "templates" / "sitemap.xml"
        return Contribution(urls=[MadeUrl("seo.sitemap", {}, source), MadeUrl("seo.robots", {}, source)])

    def render_key(self, site: Site) -> str:
        return ""
