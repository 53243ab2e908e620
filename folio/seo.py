"""What search engines fetch: /sitemap.xml and /robots.txt."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask, Response, render_template

from .web import current_site, public_url

HTML_SUFFIXES = ("/", ".html")


def sitemap() -> Response:
    site = current_site()
    entries = []
    urls = [u for u in [*site.pages, *site.routes] if u.endswith(HTML_SUFFIXES) and not _hidden(site, u)]
    for url in sorted(urls):
        source = site.source_of(url)
        lastmod = dt.date.fromtimestamp(source.stat().st_mtime).isoformat() if source else None
        entries.append((public_url(url), lastmod))
    xml = render_template("sitemap.xml", entries=entries)
    return Response(xml, mimetype="application/xml")


def _hidden(site: Any, url: str) -> bool:
    page = site.pages.get(url)
    return bool(page and page.meta.get("sitemap") is False) or url in site.extras.get("unlisted", set())


def robots() -> Response:
    text = f"User-agent: *\nAllow: /\n\nSitemap: {public_url('/sitemap.xml')}\n"
    return Response(text, mimetype="text/plain")


def init_app(app: Flask) -> None:
    app.add_url_rule("/sitemap.xml", "sitemap", sitemap)
    app.add_url_rule("/robots.txt", "robots", robots)
    app.extensions["folio.url_generators"].append(lambda: iter(["/sitemap.xml", "/robots.txt"]))
