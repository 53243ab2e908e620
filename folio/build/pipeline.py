"""A build: plan → render → check → swap, into a folder beside the destination, under a lock.

On any problem nothing is swapped: the previous build stays exactly as it was.
"""
from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urljoin, urlsplit

from flask import Flask

from .. import create_app
from ..content.store import Site
from ..data import SiteData
from ..engine import engine
from ..errors import ContentError, ContentErrors, ErrorCollector, source_line
from ..imaging import Images
from . import plan, render, swap
from .cache import BuildCache, Manifest
from .check import BrokenLink, HtmlFile, resolve_links

MARKER = swap.MARKER


@dataclass
class BuildSummary:
    urls: list[str]
    files: int
    bytes: int
    seconds: float
    dest: Path
    notes: tuple[str, ...] = ()  # what the features held back (drafts, posts dated later)

    @property
    def pages(self) -> int:
        return sum(1 for url in self.urls if url.endswith(("/", ".html")))

    def line(self) -> str:
        return "\n".join([f"Built {self.pages} pages, {self.files} files, {self.bytes:,} bytes "
                          f"in {self.seconds:.2f} s -> {self.dest}", *self.notes])


def build(root: Path, dest: Path, base_url: str | None = None,
          progress: Callable[[int, str], None] | None = None, jobs: int | None = None,
          **config: Any) -> BuildSummary:
    """Freeze the site at `root` into `dest`; raise ContentErrors (nothing written) or Refused.

    `jobs` is how many processes render (default: one per core). `config` overrides app config keys,
    e.g. SITE_NOW to build the site as it renders on another day.
    """
    started = time.perf_counter()
    swap.check_destination(dest, root)
    dest = dest.expanduser().resolve()
    with swap.build_lock(dest):
        swap.clear_leftovers(dest)
        app = create_app(root, watch=False, BASE_URL=base_url, TESTING=True, **config)
        collector = engine(app).collector = ErrorCollector()
        try:
            site = engine(app).site()
        except ContentError as error:
            raise ContentErrors([error]) from None
        public = app.config["BASE_URL"] or site.settings.base_url
        cache = BuildCache.load(root)
        tmp = swap.sibling(dest, "tmp")
        tmp.mkdir(parents=True)
        try:
            urls, manifest = _render_and_check(app, site, public, cache, dest, tmp, jobs, progress, collector)
            files = [p for p in tmp.rglob("*") if p.is_file()]
            count, size = len(files), sum(p.stat().st_size for p in files)
            with swap.no_interrupts():
                swap.swap(tmp, dest)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        cache.save(dest, manifest)
        site.part(Images).prune_cache(root)  # image variants this build did not use
    return BuildSummary(urls, count, size, time.perf_counter() - started, dest, tuple(site.notes))


def _render_and_check(app: Flask, site: Site, public: str, cache: BuildCache, dest: Path, tmp: Path,
                      jobs: int | None, progress: Callable[[int, str], None] | None,
                      collector: ErrorCollector) -> tuple[list[str], Manifest]:
    # Pages with errors are left out, the rest is built and checked: one run reports every problem.
    urls = plan.plan_urls(app, site)
    key = plan.site_key(app, site, public)
    reused = plan.reuse_pages(site, cache.manifests.get(str(dest)), key, dest, tmp, engine(app).images)
    outcome = render.render(app, site, [url for url in urls if url not in reused], tmp, public, cache, jobs,
                            progress)
    _write_extras(tmp, site)
    scans = {**{r.file: HtmlFile(r.ids, r.links) for r in reused.values()}, **outcome.scans}
    collector.extend(site.errors)
    collector.extend(outcome.errors)
    collector.extend(check_links(site, tmp, scans, urlsplit(public).path or "/"))
    if collector.errors:
        raise ContentErrors(collector.errors)
    return urls, Manifest(key, {**reused, **outcome.records})


def check_links(site: Site, tmp: Path, scans: dict[str, HtmlFile], base_path: str) -> list[ContentError]:
    """Step 3, check: every internal link resolves, but those into pages already reported broken."""
    files = {p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file()}
    skip = {base_path + url.lstrip("/") for url in site.broken}
    return [_link_error(site, link, base_path) for link in resolve_links(scans, files, base_path)
            if _target(link, base_path) not in skip]


def _write_extras(tmp: Path, site: Site) -> None:
    (tmp / ".nojekyll").write_bytes(b"")
    if site.settings.cname:
        (tmp / "CNAME").write_text(site.settings.cname.strip() + "\n", encoding="utf-8")
    (tmp / MARKER).write_text("A build of this site by `python freeze.py`; the next build replaces this folder.\n",
                              encoding="utf-8")


def _target(link: BrokenLink, base_path: str) -> str:
    """The absolute path a broken link points to, without its fragment."""
    return urljoin(base_path + link.page.lstrip("/"), link.target).split("#")[0]


def _link_error(site: Site, link: BrokenLink, base_path: str) -> ContentError:
    """The error at the place the link is written: the page's own file, or else a data file that holds it
    (a section card, or anything a template prints from site.data)."""
    source = site.source_of(link.page)
    needles = _as_written(link.target, base_path)
    where, line = source, None
    written = [(source, source.read_text(encoding="utf-8", errors="replace"))] if source is not None else []
    written += [(file.path, file.text) for file in site.part(SiteData).files.values()]
    for path, text in written:
        line = next((found for needle in needles if (found := source_line(text, needle)) is not None), None)
        if line is not None:
            where = path
            break
    where = where if where is not None else Path("build") / link.page.lstrip("/")
    return ContentError(where, line, f"broken link on {link.page} -> {link.target}: {link.reason}",
                        "fix the link, or create the page or file it points to")


def _as_written(target: str, base_path: str) -> list[str]:
    """How the owner may have written a link the build shows as `target`: as it is, or, under a base path,
    without it (the build adds it to root-relative links). Fragments aside: they may be elsewhere."""
    link = target.split("#")[0] or target
    if not link:
        return []
    unprefixed = "/" + link[len(base_path):] if base_path != "/" and link.startswith(base_path) else None
    return [link] + ([unprefixed] if unprefixed else [])
