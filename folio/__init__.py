"""folio: the site engine. `create_app()` builds the Flask app that serves and freezes the site."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import BytecodeCache, FileSystemBytecodeCache
from jinja2.bccache import Bucket

from . import images, seo, web
from . import role_pages
from . import talks
from .buildcache import CACHE_DIR
from .content import ContentStore

REPO_ROOT = Path(__file__).resolve().parent.parent


def create_app(root: Path | str | None = None, *, watch: bool = True, **config: Any) -> Flask:
    """The site at `root` (default: this repository) as a Flask app.

    watch=True (the dev server) re-checks content files on every request; freezing passes False.
    Keyword arguments override config keys, e.g. BASE_URL="https://owner.github.io/site/".
    """
    root = Path(root or REPO_ROOT).resolve()
    app = Flask(__name__, root_path=str(root), static_folder=None, template_folder=str(root / "templates"))
    app.jinja_options = {**app.jinja_options, "bytecode_cache": _template_cache(root)}
    app.static_folder = str(root / "static")
    app.config.update(
        TEMPLATES_AUTO_RELOAD=watch,
        SITE_NOW=None,  # a datetime for tests and previews; None means the real clock
        BASE_URL=None,  # the public URL; None means site.toml's base_url
    )
    app.config.update(config)
    extensions: list[Any] = []
    app.extensions["folio.extensions"] = extensions
    app.extensions["folio.store"] = ContentStore(root, extensions, watch=watch)
    if app.config["BASE_URL"]:
        app.config["BASE_URL"] = app.config["BASE_URL"].rstrip("/") + "/"
    web.init_app(app)
    images.init_app(app)
    seo.init_app(app)
    role_pages.init_app(app)
    talks.init_app(app)
    return app


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
