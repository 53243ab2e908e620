"""folio: the site engine. `create_app()` builds the Flask app that serves and freezes the site.

content/   the owner's files read into plain dataclasses (settings, pages, the site snapshot)
contract   what a feature declares to plug in (folio/contract.py)
web/       the core features: pages and static files, the site's assets, sitemap; the layout; errors
data/      site/data/* as site.data.NAME in templates (Jekyll's _data)
roles/     the Experience page's expandable roles, role pages, /resume.json
talks/     talks: pages, calendar files, cards, feed, the banner
posts/     posts: pages/posts/*.md, the posts index, tags, feed, cards, a home page's recent posts
sections/  the home page's section cards, from site/data/sections.yml
covers/    a page's cover photo as a hero behind its title (front matter `cover:`)
imaging/   variants of the site's images (resized, WebP, no metadata) at /_img/, and their markup
mathml/    math in markdown: TeX to MathML at build time, numbered equations, the math stylesheet
styles/    the owner's inline styles, moved into a generated stylesheet (the CSP forbids inline styles)
build/     `python freeze.py`: plan → render → check → swap
jekyll/    `flask import-jekyll`: a Jekyll site read by Jekyll's rules and written into this project
livereload/ `flask run` only: an open page shows each saved file by itself
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from jinja2 import BytecodeCache, FileSystemBytecodeCache
from jinja2.bccache import Bucket

from . import web
from .build.cache import CACHE_DIR
from .content.store import ContentStore
from .contract import Feature
from .covers import CoversFeature
from .data import DataFeature
from .engine import EXTENSION_KEY, Engine
from .errors import ContentError
from .imaging import ImagingFeature
from .jekyll.cli import import_jekyll_command
from .livereload import for_flask_run
from .mathml.feature import MathFeature
from .posts import PostsFeature
from .roles import RolesFeature
from .sections import SectionsFeature
from .styles import InlineStylesFeature
from .talks import TalksFeature
from .web import images, layout_hooks, selflinks
from .web.assets import Assets, AssetsFeature, all_recipes
from .web.pages import PagesFeature
from .web.routing import Router, SiteFlask
from .web.seo import SeoFeature

REPO_ROOT = Path(__file__).resolve().parent.parent


def features(extra: Sequence[Feature] = ()) -> list[Feature]:
    """Every feature of the site, in the order their navigation entries, hooks and URLs come.

    A new feature is a package with one class that satisfies folio.contract.Feature, added to this list.
    """
    optional: list[Feature] = [CoversFeature(), RolesFeature(), TalksFeature(), PostsFeature(), SectionsFeature(),
                               MathFeature(),
                               *extra]
    return [PagesFeature(), AssetsFeature(all_recipes(optional)), SeoFeature(), DataFeature(), InlineStylesFeature(),
            ImagingFeature(), *optional]


def create_app(root: Path | str | None = None, *, watch: bool = True, extra: Sequence[Feature] = (),
               **config: Any) -> SiteFlask:
    """The site at `root` (default: this repository) as a Flask app.

    watch=True (the dev server) re-checks content files on every request; freezing passes False. Created by
    `flask run` with watch=True, the app also gets live reload (folio/livereload). `extra` adds features to
    the built-in ones (tests use it). Keyword arguments override config keys, e.g.
    BASE_URL="https://owner.github.io/site/".
    """
    root = Path(root or REPO_ROOT).resolve()
    app = SiteFlask(__name__, root_path=str(root), static_folder=None, template_folder=str(root / "templates"))
    app.jinja_options = {**app.jinja_options, "bytecode_cache": _template_cache(root)}
    app.static_folder = str(root / "static")
    app.config.update(
        TEMPLATES_AUTO_RELOAD=watch,
        SITE_NOW=None,  # a datetime for tests and previews; None means the real clock
        BASE_URL=None,  # the public URL; None means site.toml's base_url
    )
    app.config.update(config)
    if app.config["BASE_URL"]:
        app.config["BASE_URL"] = app.config["BASE_URL"].rstrip("/") + "/"
    parts = features([*extra, *(for_flask_run(root) if watch else ())])
    for feature in parts:
        if feature.blueprint is not None:
            app.register_blueprint(feature.blueprint)
    router = Router(app)
    app.extensions[EXTENSION_KEY] = Engine(
        root, parts, router, ContentStore(root, parts, router, watch=watch, clock=lambda: app.config["SITE_NOW"]),
        Assets(Path(app.static_folder), all_recipes(parts)), images.ImageSizes(Path(app.static_folder)),
        layout_hooks(parts))
    web.init_app(app)
    selflinks.init_app(app)
    app.cli.add_command(import_jekyll_command)
    _route_content(app)
    return app


def _route_content(app: SiteFlask) -> None:
    """Install the URL rules the content implies, so that `flask routes` shows the whole site."""
    try:
        app.extensions[EXTENSION_KEY].site()
    except ContentError:
        pass  # broken settings: every request shows why


class _TemplateCache(FileSystemBytecodeCache):
    """Compiled templates kept between runs; Jinja checks each against its template's source."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass  # a cache that cannot be written only means compiling again next time


def _template_cache(root: Path) -> BytecodeCache | None:
    folder = root / CACHE_DIR / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _TemplateCache(str(folder))
