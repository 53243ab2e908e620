"""Serving: pages by permalink, extension routes, static files, the 404 and error pages."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from flask import (Flask, Response, abort, current_app, redirect, render_template, request,
                   send_from_directory)
from jinja2 import TemplateError
from markupsafe import Markup

from .assets import BUNDLED, Assets
from .content import ContentStore, NavItem, SettingsBroken, Site  # noqa: F401 (NavItem for extensions)
from .errors import ContentError
from .liquid import PLACEHOLDER
from .pages import Page

CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"


def store() -> ContentStore:
    return current_app.extensions["folio.store"]


def assets() -> Assets:
    return current_app.extensions["folio.assets"]


def current_site() -> Site:
    return store().site()


def site_url(path: str) -> str:
    """A root-relative site path ('/experience/') as a link, with the base path in front."""
    return request.script_root + path


def public_url(path: str) -> str:
    """The absolute public URL of a site path, for canonical links, feeds and cards."""
    base = current_app.config["BASE_URL"] or current_site().settings.base_url
    return base + path.lstrip("/")


def asset_url(filename: str) -> str:
    """A static file's link. The site's own CSS and JS carry their version (?v=…), so that a browser never
    pairs a new page with the old file it cached (GitHub Pages lets browsers keep files for 10 minutes)."""
    name = filename.lstrip("/")
    version = assets().version(name)
    return site_url("/" + name) + (f"?v={version}" if version else "")


def render_error(error: ContentError, status: int = 500) -> tuple[str, int]:
    collected = current_app.config.get("FOLIO_COLLECT_ERRORS")
    if collected is not None:  # freezing: note the error and go on, so one run reports every problem
        collected.append(error)
        status = 200
    root = Path(current_app.root_path)
    return render_template("error.html", error=error.format(root), status=status), status


def fill_includes(page: Page, html: str) -> str:
    """Put each Liquid include's rendered template where markdown kept its placeholder."""
    for index, include in enumerate(page.includes):
        try:
            rendered = render_template(include.template, page=page, include=include.params)
        except TemplateError as exc:
            raise ContentError(page.source, include.line, f"include {include.name!r} failed: {exc}",
                               f"fix templates/{include.template}") from None
        html = html.replace(PLACEHOLDER.format(index), rendered, 1)
    return html


def render_in_layout(page: Page, body: str, *, title: str | None, url: str) -> str:
    """A page's body (includes still to fill) inside the page's layout, as the document at `url`."""
    return render_template(f"layouts/{page.layout}.html", page=page, content=Markup(fill_includes(page, body)),
                           title=title, description=page.description, url=url,
                           nav_current=page.current or page.nav_key)


def render_page(site: Site, page: Page) -> str:
    body_renderer = site.extras.get("bodies", {}).get(page.url)
    html = body_renderer(page) if body_renderer else page.html(request.script_root, site.settings.link_rules)
    return render_in_layout(page, html, title=page.title if page.url != "/" else None, url=page.url)


def serve(filename: str) -> Any:
    """Every URL the site has that is not a fixed route: a page, an extension's view, or a static file."""
    try:
        site = current_site()
    except SettingsBroken as broken:
        return render_error(broken.error)
    url = "/" + filename
    if url in site.broken:
        return render_error(site.broken[url])
    try:
        if url in site.pages:
            return render_page(site, site.pages[url])
        if url in site.routes:
            return site.routes[url]()
    except ContentError as error:
        return render_error(error)
    if url + "/" in site.pages or url + "/" in site.routes:
        return redirect(site_url(url + "/"), code=308)
    if not filename or filename.endswith("/") or filename in BUNDLED:
        abort(404)
    try:
        asset = assets().get(filename)
    except ContentError as error:
        return render_error(error)
    if asset is not None:
        return Response(asset.body, mimetype=asset.mimetype)
    return send_from_directory(current_app.static_folder, filename)


def not_found_page() -> Any:
    """The 404 page as a file of its own, which static hosts serve for unknown URLs."""
    try:
        current_site()
    except SettingsBroken as broken:
        return render_error(broken.error)
    return render_template("404.html")


def handle_404(_: Exception) -> Any:
    body = not_found_page()
    if isinstance(body, tuple):
        return body
    return body, 404


def security_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP + "; frame-ancestors 'none'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    return response


def template_context() -> dict[str, Any]:
    context: dict[str, Any] = {"site_url": site_url, "asset_url": asset_url, "public_url": public_url,
                               "csp": CSP, "integrity": assets().integrity}
    try:
        site = current_site()
    except SettingsBroken:
        return context
    context.update(site=site.settings, nav=site.navigation, snapshot=site)
    return context


def page_urls(app: Flask) -> Callable[[], Any]:
    """Frozen-Flask URL generator for everything `serve` answers, next to the view it feeds."""
    def generate() -> Any:
        site = app.extensions["folio.store"].site()
        yield from (url for url in [*site.pages, *site.routes] if url not in site.broken)
        yield "/404.html"
        yield from ("/" + name for name in app.extensions["folio.assets"].names())
    return generate


def init_app(app: Flask) -> None:
    app.extensions["folio.assets"] = Assets(Path(app.static_folder))
    app.add_url_rule("/", "home", serve, defaults={"filename": ""})
    # Named 'static' so that url_for('static', …) and Frozen-Flask's static-file generator work,
    # although it answers pages first: the site keeps Jekyll's flat URL space (/assets/…, /experience/).
    app.add_url_rule("/<path:filename>", "static", serve)
    app.add_url_rule("/404.html", "not_found", not_found_page)
    app.register_error_handler(404, handle_404)
    app.after_request(security_headers)
    app.context_processor(template_context)
    app.extensions.setdefault("folio.url_generators", []).append(page_urls(app))
