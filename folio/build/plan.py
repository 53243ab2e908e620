"""Step 1 of a build, plan: which URLs the site has, and which of them the last build already holds."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from ..content.pages import Page
from ..content.settings import SETTINGS_FILE
from ..content.store import Site
from ..engine import engine
from ..web.images import ImageSizes
from .cache import Manifest, PageRecord, code_salt, digest, tree_digest


def plan_urls(app: Flask, site: Site) -> list[str]:
    """Every URL of the site: its pages, the URLs its features make, and the files of static/."""
    urls = dict.fromkeys(url for url in [*site.pages, *site.made] if url not in site.broken)
    static = Path(app.static_folder)
    bundled = engine(app).assets.bundled
    files = (p.relative_to(static).as_posix() for p in sorted(static.rglob("*")) if p.is_file())
    urls.update(dict.fromkeys("/" + name for name in files if name not in bundled))
    return list(urls)


def site_key(app: Flask, site: Site, public: str) -> str:
    """Everything besides its own source that a plain page's HTML depends on."""
    with app.test_request_context(base_url=public):
        feature_keys = [feature.render_key(site) for feature in engine(app).features]
    settings = (site.root / SETTINGS_FILE).read_bytes()
    return digest(code_salt(), tree_digest(Path(app.template_folder)), settings, public, repr(site.navigation),
                  *feature_keys)


def plain_pages(site: Site) -> dict[str, Page]:
    """Pages rendered from their own file alone (no feature renders their body), without errors."""
    return {url: page for url, page in site.pages.items() if url not in site.bodies and url not in site.broken}


def reuse_pages(site: Site, previous: Manifest | None, key: str, dest: Path, tmp: Path,
                sizes: ImageSizes) -> dict[str, PageRecord]:
    """Link the previous build's files for pages whose inputs are all unchanged into `tmp`."""
    if previous is None or previous.site_key != key:
        return {}
    reused = {}
    for url, page in plain_pages(site).items():
        record = previous.pages.get(url)
        if record is None or record.source_key != page.source_key:
            continue
        if any(sizes.size(name) != size for name, size in record.images.items()):
            continue
        old = dest / record.file
        try:
            if digest(old.read_bytes()) != record.file_key:
                continue  # changed by hand since: render it again
            target = tmp / record.file
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(old, target)
        except OSError:
            continue
        reused[url] = record
    return reused
