"""Serving: error handling, security headers, and what every template can use. Routes live with their
features (folio/web/pages.py, folio/web/assets.py, folio/web/seo.py, folio/roles, folio/talks)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, render_template, request
from jinja2 import TemplateError
from werkzeug.exceptions import HTTPException, NotFound

from ..bugs import format_exception, log_bug, shown_path, summary
from ..contract import TOOLS_PATH, Feature
from ..data import template_site
from ..engine import engine
from ..errors import ContentError, ContentErrors
from .layout import error_page, render_error, template_error
from .urls import asset_url, public_url, site_url

CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"


@dataclass(frozen=True)
class LayoutHooks:
    """The templates features ask the layout to include, by place (folio/contract.py, TemplateHooks)."""
    head_scripts: tuple[str, ...]
    head: tuple[str, ...]
    banner: tuple[str, ...]
    main_end: tuple[str, ...]
    error_head: tuple[str, ...]  # error.html includes these


def layout_hooks(features: list[Feature]) -> LayoutHooks:
    def names(place: str) -> tuple[str, ...]:
        return tuple(name for f in features if (name := getattr(f.hooks, place)))
    return LayoutHooks(names("head_scripts"), names("head"), names("banner"), names("main_end"),
                       names("error_head"))


def check_snapshot() -> None:
    """Before every request: the content must load, and the URL must not be one whose source is broken."""
    if request.path.startswith(TOOLS_PATH):
        return  # the dev server's tools read no content (folio/contract.py)
    site = engine().site()  # a broken site.toml raises its ContentError: every URL shows it
    if request.path in site.broken:
        raise site.broken[request.path]


def show_content_error(error: ContentError) -> Any:
    return render_error(error)


def show_content_errors(errors: ContentErrors) -> Any:
    return render_error(errors.errors)


def show_template_error(error: TemplateError) -> Any:
    """A mistake in a template (the site's own files, which the owner may edit): its file and line."""
    return render_error(template_error(error))


def show_not_found(_: NotFound) -> Any:
    return render_template("404.html"), 404


def show_bug(error: Exception) -> Any:
    """The dev server's answer to a bug in the engine: one line and a log file, never a traceback."""
    if isinstance(error, HTTPException):
        return error
    log = log_bug(engine().root, format_exception(error))
    line = (f"{request.path}: this is a bug in the site engine ({summary(error)}); "
            f"the details are in {shown_path(log, engine().root)}")
    current_app.logger.error(line)
    return error_page([line], 500, heading="This page hit a bug in the site engine")


def security_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP + "; frame-ancestors 'none'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    return response


def template_context() -> dict[str, Any]:
    context: dict[str, Any] = {"site_url": site_url, "asset_url": asset_url, "public_url": public_url,
                               "csp": CSP, "integrity": engine().assets.integrity,
                               "hooks": engine().hooks}
    try:
        site = engine().site()
    except ContentError:  # the error page stands alone: it needs none of these
        return context
    context.update(site=template_site(site), nav=site.navigation, snapshot=site)
    return context


def init_app(app: Flask) -> None:
    app.before_request(check_snapshot)
    app.register_error_handler(ContentError, show_content_error)
    app.register_error_handler(ContentErrors, show_content_errors)
    app.register_error_handler(TemplateError, show_template_error)
    app.register_error_handler(NotFound, show_not_found)
    if not app.testing:  # tests and builds want the exception itself
        app.register_error_handler(Exception, show_bug)
    app.after_request(security_headers)
    app.context_processor(template_context)
