"""The site's content as one immutable snapshot, rebuilt only when a content file changes.

`ContentStore.site()` stats the content files on every call (cheap) and re-parses only the files whose
size or mtime changed, so `flask run` never serves a stale page and never re-parses an unchanged one.
A store that follows a `ChangeSource` (live reload's file watcher) stats them only after it saw a change.
Features (folio/contract.py) add their URLs, navigation and data to each snapshot.
"""
from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Mapping, Protocol, TypeVar, cast

from ..contract import BodyRenderer, ContentRule, Contribution, Feature, MadeUrl, NavItem, Redirect
from ..errors import ContentError
from .pages import PAGES_DIR, Page, default_url, file_of, load_page
from .settings import SETTINGS_FILE, Settings, load_settings

Fingerprint = dict[Path, tuple[int, int]]
T = TypeVar("T")


class Router(Protocol):
    """The app's URL map, as the store needs it: content-dependent rules in, paths of endpoints out."""

    def install(self, rules: list[ContentRule]) -> None: ...

    def path(self, endpoint: str, values: Mapping[str, object]) -> str: ...


class ChangeSource(Protocol):
    """Something told of every change to the files the store reads (live reload's file watcher)."""

    def epoch(self) -> int | None:
        """How many changes it has seen so far; None while it cannot vouch for every change (no watcher,
        or one that only polls now and then)."""
        ...


@dataclass
class Site:
    root: Path
    settings: Settings
    router: Router = field(repr=False, compare=False)
    pages: dict[str, Page] = field(default_factory=dict)
    broken: dict[str, ContentError] = field(default_factory=dict)  # URL -> the error shown there
    errors: list[ContentError] = field(default_factory=list)  # every problem, in file order
    made: dict[str, MadeUrl] = field(default_factory=dict)  # URL -> what makes it (features' URLs)
    bodies: dict[str, BodyRenderer] = field(default_factory=dict)  # page URL -> a feature renders its body
    feature_nav: list[NavItem] = field(default_factory=list)
    redirects: dict[str, Redirect] = field(default_factory=dict)  # old site path -> where it leads
    parts: dict[type, object] = field(default_factory=dict)  # each feature's data, by its type
    preview: bool = False  # the dev server's snapshot: drafts are shown (marked); a build's holds none
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))  # when it was taken
    notes: list[str] = field(default_factory=list)  # what features held back, for the build's report

    def fail(self, error: ContentError, url: str | None = None) -> None:
        self.errors.append(error)
        if url is not None:
            self.broken.setdefault(url, error)

    def path(self, endpoint: str, **values: object) -> str:
        """The site path of a feature's endpoint: site.path("talks.talk", slug="x") -> '/talks/x/'."""
        return self.router.path(endpoint, values)

    def part(self, kind: type[T]) -> T:
        """A feature's data in this snapshot, e.g. site.part(TalkShelf)."""
        return cast(T, self.parts[kind])

    @cached_property
    def navigation(self) -> list[NavItem]:
        """The navigation, in the settings' order; computed once per snapshot (every page shows it)."""
        items = [NavItem(p.title, p.url, p.current or p.nav_key) for p in self.pages.values() if p.navigation]
        items += self.feature_nav
        order = {url: i for i, url in enumerate(self.settings.navigation)}
        return sorted(items, key=lambda item: (order.get(item.url, len(order)), item.url != "/", item.title))

    @cached_property
    def unlisted(self) -> frozenset[str]:
        return frozenset(url for url, made in self.made.items() if not made.listed)

    def document(self, url: str) -> Page | None:
        """The markdown document rendered at `url`: a page, or the document a feature's URL renders."""
        made = self.made.get(url)
        return self.pages.get(url) or (made.document if made is not None else None)

    def source_of(self, url: str) -> Path | None:
        page = self.pages.get(url)
        made = self.made.get(url)
        return page.source if page else made.source if made else None

    def claim(self, url: str, made: MadeUrl) -> None:
        """Give `url` to a feature's view, unless a page or another view already has it."""
        page = self.pages.get(url)
        if page is not None:  # the owner fixes this in the page, so the error points there
            maker = made.source.relative_to(self.root) if made.source.is_relative_to(self.root) else made.source
            message = f"permalink {url} is also {made.what}" if made.what else \
                f"permalink {url} is a URL the site makes itself (from {maker})"
            self.fail(ContentError(page.source, page.key_lines.get("permalink", 1), message,
                                   "give the page another permalink"), url)
        elif url in self.made:
            self.fail(ContentError(made.source, made.line, f"URL {url} is made twice "
                                   f"({self.made[url].source.name} and {made.source.name})",
                                   "give one of them another slug"), url)
        else:
            self.made[url] = made


def _where(thing: object, root: Path) -> str:
    source = getattr(thing, "source", None)
    if source is None:
        return "another page"
    return str(source.relative_to(root)) if source.is_relative_to(root) else str(source)


class ContentStore:
    def __init__(self, root: Path, features: list[Feature], router: Router, watch: bool = True,
                 clock: Callable[[], dt.datetime | None] = lambda: None):
        self.root = root
        self.clock = clock  # "now" for each snapshot (app.config SITE_NOW); None means the real time
        self.features = features
        self.router = router
        self.watch = watch
        self._lock = threading.Lock()
        self._fingerprint: Fingerprint | None = None
        self._site: Site | None = None
        self._settings_error: ContentError | None = None
        self._source: ChangeSource | None = None
        self._scanned_at: int | None = None  # the source's epoch when the files were last stat'ed

    def follow(self, source: ChangeSource | None) -> None:
        """Stat the files again only after `source`'s epoch moved; None: on every call again.

        Every call stats every content file: at 1,000 pages that is ~100 ms, and a page asks several times
        (its snapshot, its public URL, the banner). A watcher told of each change knows when that is needed.
        """
        with self._lock:
            self._source, self._scanned_at = source, None

    def patterns(self) -> list[str]:
        """Glob patterns, relative to the root, of every file the store reads."""
        return [f"{PAGES_DIR}/**/*.md", str(SETTINGS_FILE), *(p for f in self.features for p in f.watch)]

    def site(self) -> Site:
        """The current snapshot; raises the settings' ContentError when site.toml is broken."""
        if self._fingerprint is not None and not self.watch:
            return self._current()
        # The epoch is read before the scan: a change during the scan moves it, and the next call looks again.
        source = self._source
        epoch = source.epoch() if source is not None else None
        if epoch is not None and epoch == self._scanned_at:
            return self._current()
        with self._lock:
            fingerprint = self._scan()
            if fingerprint != self._fingerprint:
                self._rebuild(fingerprint)
            if source is self._source:
                self._scanned_at = epoch
            return self._current()

    def _current(self) -> Site:
        if self._settings_error is not None:
            raise self._settings_error
        assert self._site is not None
        return self._site

    def _scan(self) -> Fingerprint:
        fingerprint: Fingerprint = {}
        for pattern in self.patterns():
            for path in sorted(self.root.glob(pattern)):
                try:
                    stat = path.stat()
                except OSError:  # a dangling symlink; load_page reports it
                    stat = path.lstat()
                fingerprint[path] = (stat.st_mtime_ns, stat.st_size)
        return fingerprint

    def _rebuild(self, fingerprint: Fingerprint) -> None:
        previous, old = self._site, self._fingerprint or {}
        try:
            settings = load_settings(self.root)
        except ContentError as error:
            self._settings_error, self._fingerprint = error, fingerprint
            return
        self._settings_error = None
        site = Site(self.root, settings, self.router, preview=self.watch)
        site.now = self.clock() or site.now
        settings_file = self.root / SETTINGS_FILE
        same_settings = old.get(settings_file) == fingerprint.get(settings_file)
        # Rendered HTML may depend on settings, so a settings change re-parses every page.
        reusable = {page.source: page for page in previous.pages.values()} if previous and same_settings else {}
        pages_dir = self.root / PAGES_DIR
        owned = self._feature_files()
        for path in (p for p in fingerprint if p.is_relative_to(pages_dir) and p.suffix == ".md" and p not in owned):
            page = reusable.get(path) if old.get(path) == fingerprint[path] else None
            self._add_page(site, path, page)
        contributions = []
        for feature in self.features:
            contribution = feature.contribute(site, previous)
            if contribution.part is not None:  # the features after this one may read it in theirs
                site.parts[type(contribution.part)] = contribution.part
            contributions.append(contribution)
        self.router.install([rule for c in contributions for rule in c.rules])
        for contribution in contributions:
            self._absorb(site, contribution)
        for redirect in (r for c in contributions for r in c.redirects):  # after every URL the site makes
            self._add_redirect(site, redirect)
        site.notes = [note for c in contributions for note in c.notes]
        self._site, self._fingerprint = site, fingerprint

    def _feature_files(self) -> set[Path]:
        """The files under pages/ that a feature declares its own (its `watch` patterns): they are no pages."""
        patterns = [p for f in self.features for p in f.watch if p.startswith(PAGES_DIR + "/")]
        return {path for pattern in patterns for path in self.root.glob(pattern)}

    def _absorb(self, site: Site, contribution: Contribution) -> None:
        site.feature_nav.extend(contribution.nav)
        site.bodies.update(contribution.bodies)
        if contribution.part is not None:
            site.parts[type(contribution.part)] = contribution.part
        for made in contribution.urls:
            site.claim(site.path(made.endpoint, **made.values), made)

    def _add_redirect(self, site: Site, redirect: Redirect) -> None:
        """An old URL gets a redirect page, unless something of the site lives there."""
        path = redirect.path
        taken = site.pages.get(path) or site.made.get(path) or site.redirects.get(path)
        if taken is not None or (self.root / "static" / file_of(path)).is_file():
            what = f"the URL of {_where(taken, self.root)}" if taken is not None else "a static file's URL"
            site.fail(ContentError(redirect.source, redirect.line, f"redirect_from {path} is {what}",
                                   "remove it from redirect_from, or move what lives there"), path)
            return
        site.redirects[path] = redirect
        site.made[path] = MadeUrl("pages.page", {"url": path.lstrip("/")}, redirect.source, redirect.line,
                                  listed=False)

    def _add_page(self, site: Site, path: Path, page: Page | None) -> None:
        if page is None:
            try:
                page = load_page(path, self.root, site.settings.max_page_kb)
            except ContentError as error:
                url = default_url(path.relative_to(self.root / PAGES_DIR))
                site.fail(error, url)
                return
        static_twin = self.root / "static" / file_of(page.url)
        if static_twin.is_file():
            site.fail(ContentError(path, page.key_lines.get("permalink", 1),
                                   f"permalink {page.url} is also the static file {static_twin.relative_to(self.root)}",
                                   "give the page another permalink, or move the static file"), page.url)
            return
        if page.url in site.pages:
            other = site.pages[page.url].source.relative_to(self.root)
            site.fail(ContentError(path, page.key_lines.get("permalink", 1),
                                   f"permalink {page.url} is used by both {other} and {path.relative_to(self.root)}",
                                   "give one of the two pages another permalink"), page.url)
            return
        site.pages[page.url] = page
