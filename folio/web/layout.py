"""Rendering inside the one layout: a page's body, its Liquid includes, and the error page."""
from __future__ import annotations

import traceback
from pathlib import Path

from flask import current_app, render_template, render_template_string, request
from jinja2 import TemplateError, TemplateSyntaxError
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
    return error_page([e.format(root) for e in errors], status)


# When templates/error.html itself is broken: the same lines, and why error.html failed. It keeps the
# features' error_head hooks, so that it too shows the page again once the file is fixed.
BARE_ERROR_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="robots" content="noindex">
<title>Content error</title>
{%- for hook in hooks.error_head %}
{% include hook %}
{%- endfor %}
</head>
<body>
<main id="main">
<h1>{{ heading or "This page has a content error" }}</h1>
{%- for line in errors %}
<p><code>{{ line }}</code></p>
{%- endfor %}
</main>
</body>
</html>
"""


def error_page(lines: list[str], status: int, heading: str | None = None) -> tuple[str, int]:
    """templates/error.html showing `lines` (one problem each), or a bare page when error.html fails."""
    try:
        return render_template("error.html", error=lines[0], errors=lines, heading=heading, status=status), status
    except TemplateError as exc:
        broken = template_error(exc).format(engine().root)
        return render_template_string(BARE_ERROR_PAGE, errors=[*lines, broken], heading=heading), status


def template_error(error: TemplateError) -> ContentError:
    """A mistake in a template, at its file and line."""
    path, line = _template_frame(error)
    root = engine().root
    hint = f"fix {path.relative_to(root) if path.is_relative_to(root) else path}"
    return ContentError(path, line, f"template error: {error.message or type(error).__name__}", hint)


def _template_frame(error: TemplateError) -> tuple[Path, int | None]:
    templates = Path(current_app.template_folder or "templates")
    if isinstance(error, TemplateSyntaxError) and error.filename:
        return Path(error.filename), error.lineno
    frames = [f for f in traceback.extract_tb(error.__traceback__) if Path(f.filename).is_relative_to(templates)]
    if frames:
        return Path(frames[-1].filename), frames[-1].lineno
    return templates, None
