"""Rendering a build: which URLs, which of them the last build already has, and Frozen-Flask on both cores.

Every URL goes through Frozen-Flask and the Flask test client, as `flask run` would answer it. The list is
split between worker processes (forked, so they share the loaded site), each scanning what it writes for
the link check and handing back new markdown for the cache.
"""
from __future__ import annotations

import os
import sys
import traceback
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from flask import Flask
from flask_frozen import Freezer, MimetypeMismatchWarning, MissingURLGeneratorWarning

from .assets import BUNDLED
from .buildcache import BuildCache, Manifest, PageRecord, digest, code_salt, markdown_key, tree_digest
from .content import Site
from .errors import ContentError
from .images import ImageSizes
from .linkcheck import HtmlFile, scan_html

PARALLEL_FROM = 200  # below this many URLs a second process costs more than it saves


def plan_urls(app: Flask, public: str) -> list[str]:
    """Every URL of the site, from the URL generators that sit next to their routes, plus static files."""
    urls: dict[str, None] = {}
    with app.test_request_context(base_url=public):
        for generator in app.extensions["folio.url_generators"]:
            urls.update(dict.fromkeys(generator()))
    static = Path(app.static_folder)
    files = (p.relative_to(static).as_posix() for p in sorted(static.rglob("*")) if p.is_file())
    urls.update(dict.fromkeys("/" + name for name in files if name not in BUNDLED))
    return list(urls)


def site_key(app: Flask, site: Site, public: str) -> str:
    """Everything besides its own source that a plain page's HTML depends on."""
    nav = repr(site.navigation)
    with app.test_request_context(base_url=public):
        extension_keys = [ext.render_key(site) for ext in app.extensions["folio.extensions"]
                          if hasattr(ext, "render_key")]
    settings = (site.root / "site" / "site.toml").read_bytes()
    assets = app.extensions["folio.assets"].key()
    return digest(code_salt(), tree_digest(Path(app.template_folder)), settings, public, nav, *extension_keys, *assets)


def plain_pages(site: Site) -> dict[str, Any]:
    """Pages rendered from their own file alone (no extension replaces their body), without errors."""
    bodies = site.extras.get("bodies", {})
    return {url: page for url, page in site.pages.items() if url not in bodies and url not in site.broken}


def reuse_pages(site: Site, previous: Manifest | None, key: str, dest: Path, tmp: Path,
                sizes: ImageSizes) -> dict[str, PageRecord]:
    """Link the previous build's files for pages whose inputs are all unchanged into `tmp`."""
    if previous is None or previous.site_key != key:
        return {}
    reused = {}
    for url, page in plain_pages(site).items():
        record = previous.pages.get(url)
        if record is None or record.source_key != digest(page.source.read_bytes()):
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


@dataclass
class Outcome:
    scans: dict[str, HtmlFile] = field(default_factory=dict)  # build-relative HTML file -> its links and ids
    records: dict[str, PageRecord] = field(default_factory=dict)  # plain page URL -> what the manifest keeps
    errors: list[ContentError] = field(default_factory=list)
    markdown: dict[str, str] = field(default_factory=dict)  # new markdown cache entries

    def merge(self, other: "Outcome") -> None:
        self.scans.update(other.scans)
        self.records.update(other.records)
        self.errors.extend(other.errors)
        self.markdown.update(other.markdown)


_JOB: dict[str, Any] = {}  # what forked workers inherit


def render(app: Flask, site: Site, urls: list[str], tmp: Path, public: str, cache: BuildCache,
           jobs: int | None, progress: Callable[[int, str], None] | None) -> Outcome:
    prefix = urlsplit(public).path.rstrip("/")
    keys = _prefill_markdown(site, urls, prefix, cache)
    _JOB.update(app=app, site=site, tmp=tmp, public=public, prefix=prefix, keys=keys, progress=progress)
    jobs = jobs or default_jobs()
    outcome = Outcome()
    if jobs == 1 or len(urls) < PARALLEL_FROM:
        outcome = _render_shard(urls)
    else:
        shards = [urls[i::jobs] for i in range(jobs)]
        with ProcessPoolExecutor(jobs, mp_context=get_context("fork")) as pool:
            for result in pool.map(_render_shard, shards):
                if isinstance(result, str):
                    raise RuntimeError(f"a build worker failed:\n{result}")
                outcome.merge(result)
    for key, html in outcome.markdown.items():
        cache.store_markdown(key, html)
    return outcome


def default_jobs() -> int:
    """One worker per core where workers can be forked (Linux); one process elsewhere.

    Forking is what lets workers share the loaded site for free. Windows cannot fork, and on macOS a fork
    of a process that has loaded system frameworks may crash, so those build in one process.
    """
    if sys.platform != "linux" or "fork" not in get_all_start_methods():
        return 1
    return os.cpu_count() or 1


def _prefill_markdown(site: Site, urls: list[str], prefix: str, cache: BuildCache) -> dict[str, str]:
    """Put cached markdown HTML into the pages about to be rendered; return URL -> cache key."""
    keys = {}
    for url in urls:
        page = site.pages.get(url)
        if page is None:
            continue
        keys[url] = key = markdown_key(page.body, prefix, site.settings.link_rules)
        html = cache.lookup_markdown(key)
        if html is not None:
            page._html[prefix] = html
    return keys


def _render_shard(urls: list[str]) -> Outcome | str:
    try:
        return _freeze(urls)
    except Exception:  # noqa: BLE001 - reported by the parent process
        return traceback.format_exc()


def _freeze(urls: list[str]) -> Outcome:
    app, site, tmp, prefix = _JOB["app"], _JOB["site"], _JOB["tmp"], _JOB["prefix"]
    collected: list[ContentError] = []
    app.config.update(FREEZER_DESTINATION=str(tmp), FREEZER_BASE_URL=_JOB["public"], FOLIO_COLLECT_ERRORS=collected,
                      FREEZER_REMOVE_EXTRA_FILES=False, FREEZER_IGNORE_MIMETYPE_WARNINGS=True)
    freezer = Freezer(app, with_static_files=False, with_no_argument_rules=False, log_url_for=False)
    freezer.register_generator(lambda: iter(urls))
    plain = plain_pages(site)
    outcome = Outcome()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MimetypeMismatchWarning)
        # Our generators yield URLs, not endpoints; tests compare the frozen URLs with the site instead.
        warnings.simplefilter("ignore", MissingURLGeneratorWarning)
        for count, frozen in enumerate(freezer.freeze_yield(), start=1):
            _record(frozen.url, tmp / frozen.path, site, plain, prefix, outcome)
            if _JOB["progress"]:
                _JOB["progress"](count, frozen.url)
    outcome.errors = collected
    return outcome


def _record(url: str, path: Path, site: Site, plain: dict, prefix: str, outcome: Outcome) -> None:
    relative = path.relative_to(_JOB["tmp"]).as_posix()
    if relative.endswith(".html"):
        data = path.read_bytes()
        scan = outcome.scans[relative] = scan_html(data.decode("utf-8"))
        if url in plain:
            images = _JOB["app"].extensions["folio.image_uses"].pop(url, {})
            outcome.records[url] = PageRecord(digest(plain[url].source.read_bytes()), relative, digest(data),
                                              scan.ids, scan.links, images)
    page = site.pages.get(url)
    key = _JOB["keys"].get(url)
    if page is not None and key and prefix in page._html:
        outcome.markdown[key] = page._html[prefix]
