"""The owner's pages at their permalinks, and every other file of static/ at the same URL.

The site keeps Jekyll's flat URL space (/experience/, /assets/images/x.jpg), so one rule answers both: a
page when one has the URL, else the static file. Features' URLs have rules of their own (flask routes).
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, send_from_directory

from ..content.store import Site
from ..contract import Contribution, MadeUrl, Redirect, TemplateHooks
from ..engine import engine
from .layout import render_page
from .urls import site_url


def page_or_file(url: str = "") -> Any:
    return serve("/" + url)


def serve(path: str) -> Any:
    """What the site has at `path` besides features' URLs: a page, an old URL's redirect page, a redirect to the
    path with its slash, a static file."""
    site = engine().site()
    if path in site.pages:
        return render_page(site, site.pages[path])
    if path in site.redirects:
        return render_template("redirect.html", target=site.redirects[path].target)
    if path + "/" in site.pages or path + "/" in site.made:
        return redirect(site_url(path + "/"), code=308)
    filename = path.lstrip("/")
    if not filename or filename.endswith("/") or filename in engine().assets.bundled:
        abort(404)
    return send_from_directory(current_app.static_folder, filename)


def not_found_page() -> str:
    """The 404 page as a file of its own, which static hosts serve for unknown URLs."""
    return render_template("404.html")


class PagesFeature:
    name = "pages"
    watch: tuple[str, ...] = ()  # pages/ and site.toml are watched by the store itself
    hooks = TemplateHooks()
    assets = ()

    def __init__(self) -> None:
        self.blueprint = Blueprint(self.name, __name__)
        self.blueprint.add_url_rule("/", "page", page_or_file)
        self.blueprint.add_url_rule("/<path:url>", "page", page_or_file)
        self.blueprint.add_url_rule("/404.html", "not_found", not_found_page)

    def contribute(self, site: Site, previous: Site | None) -> Contribution:
        redirects = [Redirect(old, page.url, page.source, page.key_lines.get("redirect_from"))
                     for page in site.pages.values() for old in page.redirect_from]
        return Contribution(urls=[MadeUrl("pages.not_found", {}, site.root / "templates" / "404.html", listed=False)],
                            redirects=redirects)

    def render_key(self, site: Site) -> str:
        return ""
