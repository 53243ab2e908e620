"""Links as pages write them: site paths with the base path, public URLs, versioned assets."""
from __future__ import annotations

from flask import current_app, request

from ..engine import engine


def site_url(path: str) -> str:
    """A root-relative site path ('/experience/') as a link, with the base path in front."""
    return request.script_root + path


def public_url(path: str) -> str:
    """The absolute public URL of a site path, for canonical links, feeds and cards."""
    base = current_app.config["BASE_URL"] or engine().site().settings.base_url
    return base + path.lstrip("/")


def asset_url(filename: str) -> str:
    """A static file's link. The site's own CSS and JS carry their version (?v=…), so that a browser never
    pairs a new page with the old file it cached (GitHub Pages lets browsers keep files for 10 minutes)."""
    name = filename.lstrip("/")
    version = engine().assets.version(name)
    return site_url("/" + name) + (f"?v={version}" if version else "")
