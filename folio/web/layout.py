"""Rendering inside the one layout: a page's body, its Liquid includes, and the error page."""
from __future__ import annotations

from flask import render_template, request
from jinja2 import TemplateError
from markupsafe import Markup

from ..content.liquid import PLACEHOLDER, Include
from ..content.pages import Page
from ..content.store import Site
from ..engine import engine
from ..errors import ContentError


def fill_includes(page: Page, html: str) -> str:
    """Put each Liquid include's rendered template where markdown kept its placeholder."""
    for index, include in enumerate(page.includes):
        html = html.replace(PLACEHOLDER.format(index), render_include(page, include), 1)
    return html


def render_include(page: Page, include: Include) -> str:
    try:
        return render_template(include.template, page=page, include=include.params)
    except RecursionError:
        raise ContentError(page.source, include.line, f"include {include.name!r} includes itself without end",
                           f"remove the include of itself from templates/{include.template}") from None
    except TemplateError as exc:
        raise ContentError(page.source, include.line, f"include {include.name!r} failed: {exc}",
                           f"fix templates/{include.template}") from None


def render_in_layout(page: Page, body: str, *, title: str | None, url: str) -> str:
    """A page's body (includes still to fill) inside the page's layout, as the document at `url`."""
    content = Markup(fill_includes(page, body))
    try:
        return render_template(f"layouts/{page.layout}.html", page=page, content=content, title=title,
                               description=page.description, url=url, nav_current=page.current or page.nav_key)
    except RecursionError:
        raise ContentError(page.source, page.key_lines.get("layout"),
                           f"layout {page.layout!r} includes or extends itself without end",
                           f"fix templates/layouts/{page.layout}.html") from None


def render_page(site: Site, page: Page) -> str:
    body_renderer = site.bodies.get(page.url)
    html = body_renderer(page) if body_renderer else page.html(request.script_root, site.settings.link_rules)
    return render_in_layout(page, html, title=page.title if page.url != "/" else None, url=page.url)


def render_error(error: ContentError | list[ContentError], status: int = 500) -> tuple[str, int]:
    errors = error if isinstance(error, list) else [error]
    collector = engine().collector
    if collector is not None:  # a build: note the problems and go on, so one run reports every one
        collector.extend(errors)
        status = 200
    root = engine().root
    lines = [e.format(root) for e in errors]
    return render_template("error.html", error=lines[0], errors=lines, status=status), status

