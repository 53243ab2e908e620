"""The math stylesheet as a feature: published at /css/math.css, linked only by pages that show a formula.

The link sits at the top of <main> (the `banner` hook place), so that a boosted navigation, which swaps
<main>, brings it along to a page with math. Pages without math make no extra request.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint
from markupsafe import Markup

from ..content.store import Site
from ..contract import Contribution, TemplateHooks
from ..web.assets import Recipe, minify_css
from ..web.urls import asset_url

SHEET = "css/math.css"
bp = Blueprint("mathml", __name__)


def has_math(html: Any) -> bool:
    """Whether a page's rendered body shows a formula (markdown escapes a written '<math', so it is ours)."""
    return isinstance(html, str) and "<math" in html


@bp.app_context_processor
def template_context() -> dict[str, Any]:
    return {"math_stylesheet": math_stylesheet}


def math_stylesheet(html: Any) -> Markup | None:
    """The math stylesheet's link for a page whose body is `html`, when it has a formula; else None."""
    if not has_math(html):
        return None
    return Markup('<link rel="stylesheet" href="{}">').format(asset_url(SHEET))


class MathFeature:
    name = "mathml"
    watch: tuple[str, ...] = ()
    blueprint = bp
    hooks = TemplateHooks(banner="mathml/link.html")
    assets = (Recipe(SHEET, ((SHEET, minify_css),), "text/css"),)

    def contribute(self, site: Site, previous: Site | None) -> Contribution:
        return Contribution()

    def render_key(self, site: Site) -> str:
        return ""
