"""Step 2 of a build, render: every URL through Frozen-Flask and the Flask test client, on both cores.

Each URL is answered as `flask run` would answer it. The list is split between worker processes (forked,
so they share the loaded site), each scanning what it writes for the link check and handing back new
markdown for the cache. Workers ignore Ctrl-C (the build stops them), die with the build (kill -9
included), and send back any exception as an exception.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys
import warnings
from dataclasses import dataclass, field
from multiprocessing import connection, get_all_start_methods, get_context
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from flask import Flask
from flask_frozen import Freezer, MimetypeMismatchWarning, MissingURLGeneratorWarning

from ..bugs import format_exception, summary
from ..content.store import Site
from ..engine import engine
from ..errors import ContentError, ContentErrors
from ..mathml.cache import FORMULAS
from .cache import BuildCache, PageRecord, digest, markdown_key
from .check import HtmlFile, scan_html
from .faults import EngineBug, is_full_disk
from .plan import plain_pages

PARALLEL_FROM = 200  # below this many URLs a second process costs more than it saves
PR_SET_PDEATHSIG = 1


@dataclass
class Outcome:
    scans: dict[str, HtmlFile] = field(default_factory=dict)  # build-relative HTML file -> its links and ids
    records: dict[str, PageRecord] = field(default_factory=dict)  # plain page URL -> what the manifest keeps
    errors: list[ContentError] = field(default_factory=list)
    markdown: dict[str, str] = field(default_factory=dict)  # new markdown cache entries
    formulas: dict[str, str] = field(default_factory=dict)  # formulas converted (folio/mathml/cache.py)

    def merge(self, other: "Outcome") -> None:
        self.scans.update(other.scans)
        self.records.update(other.records)
        self.errors.extend(other.errors)
        self.markdown.update(other.markdown)
        self.formulas.update(other.formulas)


@dataclass
class RenderJob:
    """What every worker needs; forked workers inherit it."""
    app: Flask
    site: Site
    tmp: Path
    public: str
    markdown_keys: dict[str, str]  # page URL -> its markdown cache key
    progress: Callable[[int, str], None] | None

    @property
    def prefix(self) -> str:
        return urlsplit(self.public).path.rstrip("/")


def render(app: Flask, site: Site, urls: list[str], tmp: Path, public: str, cache: BuildCache,
           jobs: int | None, progress: Callable[[int, str], None] | None) -> Outcome:
    prefix = urlsplit(public).path.rstrip("/")
    FORMULAS.load(cache.root)  # before the workers fork, so that they share it
    job = RenderJob(app, site, tmp, public, _prefill_markdown(site, urls, prefix, cache), progress)
    jobs = jobs or default_jobs()
    if jobs == 1 or len(urls) < PARALLEL_FROM:
        outcome = _render_here(job, urls)
    else:
        outcome = _render_in_workers(job, [urls[i::jobs] for i in range(jobs)])
    for key, html in outcome.markdown.items():
        cache.store_markdown(key, html)
    FORMULAS.add(outcome.formulas)
    FORMULAS.save(cache.root)
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


# -- workers ------------------------------------------------------------------------------------


def _render_in_workers(job: RenderJob, shards: list[list[str]]) -> Outcome:
    context = get_context("fork")
    parent = os.getpid()
    # Workers ignore Ctrl-C from the start (a terminal sends it to them too): the build stops them.
    handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
    workers = []
    try:
        for shard in shards:
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_worker, args=(job, shard, send, parent), daemon=True)
            process.start()
            send.close()
            workers.append((process, receive))
    finally:
        signal.signal(signal.SIGINT, handler)
    try:
        return _gather(workers)
    finally:
        for process, _ in workers:
            if process.is_alive():
                process.kill()
            process.join()


def _gather(workers: list) -> Outcome:
    outcome = Outcome()
    waiting = {receive: process for process, receive in workers}
    while waiting:
        for ready in connection.wait(list(waiting)):
            process = waiting.pop(ready)
            try:
                kind, result = ready.recv()
            except EOFError:
                process.join()
                raise EngineBug("", f"a build worker stopped unexpectedly (exit code {process.exitcode})",
                                "") from None
            if kind == "error":
                raise result
            outcome.merge(result)
    return outcome


def _worker(job: RenderJob, urls: list[str], send: Any, parent: int) -> None:
    _die_with(parent)
    try:
        send.send(("ok", _render_here(job, urls)))
    except BaseException as error:  # noqa: BLE001 - every failure goes back to the build as it is
        send.send(("error", error))


def _die_with(parent: int) -> None:
    """Make the kernel kill this worker when the build dies, even by kill -9 (Linux)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the build died before the request took hold
        os._exit(1)


# -- rendering in this process ------------------------------------------------------------------


def _render_here(job: RenderJob, urls: list[str]) -> Outcome:
    current = [""]  # the URL being rendered, for a bug report

    def generate() -> Any:
        for url in urls:
            current[0] = url
            yield url
    try:
        return _freeze(job, generate)
    except (ContentError, ContentErrors, EngineBug, KeyboardInterrupt):
        raise
    except Exception as error:  # noqa: BLE001
        if is_full_disk(error):
            raise
        raise EngineBug(current[0], summary(error), format_exception(error)) from None


def _freeze(job: RenderJob, generate: Callable[[], Any]) -> Outcome:
    app, collector = job.app, engine(job.app).collector
    app.config.update(FREEZER_DESTINATION=str(job.tmp), FREEZER_BASE_URL=job.public,
                      FREEZER_REMOVE_EXTRA_FILES=False, FREEZER_IGNORE_MIMETYPE_WARNINGS=True)
    freezer = Freezer(app, with_static_files=False, with_no_argument_rules=False, log_url_for=False)
    freezer.register_generator(generate)
    plain = plain_pages(job.site)
    outcome = Outcome()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MimetypeMismatchWarning)
        # Our generator yields URLs, not endpoints; tests compare the frozen URLs with the site instead.
        warnings.simplefilter("ignore", MissingURLGeneratorWarning)
        for count, frozen in enumerate(freezer.freeze_yield(), start=1):
            _record(job, frozen.url, job.tmp / frozen.path, plain, outcome)
            if job.progress:
                job.progress(count, frozen.url)
    outcome.errors = list(collector.errors) if collector else []
    outcome.formulas = FORMULAS.take_fresh()
    return outcome


def _record(job: RenderJob, url: str, path: Path, plain: dict, outcome: Outcome) -> None:
    relative = path.relative_to(job.tmp).as_posix()
    if relative.endswith(".html"):
        data = path.read_bytes()
        scan = outcome.scans[relative] = scan_html(data.decode("utf-8"))
        if url in plain:
            images = engine(job.app).image_uses.pop(url, {})
            outcome.records[url] = PageRecord(plain[url].source_key, relative, digest(data),
                                              scan.ids, scan.links, images)
    page = job.site.pages.get(url)
    key = job.markdown_keys.get(url)
    if page is not None and key and job.prefix in page._html:
        outcome.markdown[key] = page._html[job.prefix]
