"""The site's content as one immutable snapshot, rebuilt only when a content file changes.

`ContentStore.site()` stats the content files on every call (cheap) and re-parses only the
files whose size or mtime changed, so `flask run` never serves a stale page and never re-parses
an unchanged one. Modules such as roles and talks plug in as extensions.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Protocol

from .assets import RECIPES
from .errors import ContentError
from .pages import PAGES_DIR, Page, default_url, file_of, load_page
from .settings import SETTINGS_FILE, Settings, load_settings

Fingerprint = dict[Path, tuple[int, int]]


class Extension(Protocol):
    """A module that adds content (and URLs) derived from pages or from files under site/."""

    name: str
    watch: tuple[str, ...]  # glob patterns, relative to the repo root, of the files it reads

    def load(self, site: "Site", previous: "Site | None") -> None: ...


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str
    key: str


@dataclass
class Site:
    root: Path
    settings: Settings
    pages: dict[str, Page] = field(default_factory=dict)
    broken: dict[str, ContentError] = field(default_factory=dict)  # URL -> the error shown there
    errors: list[ContentError] = field(default_factory=list)  # every problem, in file order
    extras: dict[str, Any] = field(default_factory=dict)  # per-extension data
    routes: dict[str, Callable[[], Any]] = field(default_factory=dict)  # URL -> view, added by extensions
    sources: dict[str, Path] = field(default_factory=dict)  # URL of a route -> the file it comes from

    def fail(self, error: ContentError, url: str | None = None) -> None:
        self.errors.append(error)
        if url is not None:
            self.broken.setdefault(url, error)

    def claim(self, url: str, view: Callable[[], Any], source: Path, line: int | None = None) -> bool:
        """Give `url` to an extension's view, unless a page or another view already has it."""
        page = self.pages.get(url)
        if page is not None:  # the owner fixes this in the page, so the error points there
            maker = source.relative_to(self.root) if source.is_relative_to(self.root) else source
            self.fail(ContentError(page.source, page.key_lines.get("permalink"),
                                   f"permalink {url} is a URL the site makes itself (from {maker})",
                                   "give the page another permalink"), url)
            return False
        if url in self.routes:
            self.fail(ContentError(source, line, f"URL {url} is made twice ({self.sources[url].name} and "
                                   f"{source.name})", "give one of them another slug"), url)
            return False
        self.routes[url] = view
        self.sources[url] = source
        return True

    @cached_property
    def navigation(self) -> list[NavItem]:
        """The navigation, in the settings' order; computed once per snapshot (every page shows it)."""
        items = [NavItem(p.title, p.url, p.current or p.nav_key) for p in self.pages.values() if p.navigation]
        items += self.extras.get("nav", [])
        order = {url: i for i, url in enumerate(self.settings.navigation)}
        return sorted(items, key=lambda item: (order.get(item.url, len(order)), item.url != "/", item.title))

    def source_of(self, url: str) -> Path | None:
        page = self.pages.get(url)
        return page.source if page else self.sources.get(url)


class SettingsBroken(Exception):
    def __init__(self, error: ContentError):
        super().__init__(str(error))
        self.error = error


class ContentStore:
    def __init__(self, root: Path, extensions: list[Extension], watch: bool = True):
        self.root = root
        self.extensions = extensions
        self.watch = watch
        self._lock = threading.Lock()
        self._fingerprint: Fingerprint | None = None
        self._site: Site | None = None
        self._settings_error: ContentError | None = None

    def site(self) -> Site:
        """The current snapshot; raises SettingsBroken when site.toml is broken."""
        if self._fingerprint is not None and not self.watch:
            return self._current()
        with self._lock:
            fingerprint = self._scan()
            if fingerprint != self._fingerprint:
                self._rebuild(fingerprint)
            return self._current()

    def _current(self) -> Site:
        if self._settings_error is not None:
            raise SettingsBroken(self._settings_error)
        assert self._site is not None
        return self._site

    def _scan(self) -> Fingerprint:
        patterns = [f"{PAGES_DIR}/**/*.md", str(SETTINGS_FILE)]
        for extension in self.extensions:
            patterns.extend(extension.watch)
        fingerprint: Fingerprint = {}
        for pattern in patterns:
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
        site = Site(self.root, settings)
        settings_file = self.root / SETTINGS_FILE
        same_settings = old.get(settings_file) == fingerprint.get(settings_file)
        # Rendered HTML may depend on settings, so a settings change re-parses every page.
        reusable = {page.source: page for page in previous.pages.values()} if previous and same_settings else {}
        pages_dir = self.root / PAGES_DIR
        for path in (p for p in fingerprint if p.is_relative_to(pages_dir) and p.suffix == ".md"):
            page = reusable.get(path) if old.get(path) == fingerprint[path] else None
            self._add_page(site, path, page)
        for extension in self.extensions:
            extension.load(site, previous)
        self._site, self._fingerprint = site, fingerprint

    def _add_page(self, site: Site, path: Path, page: Page | None) -> None:
        if page is None:
            try:
                page = load_page(path, self.root)
            except ContentError as error:
                url = default_url(path.relative_to(self.root / PAGES_DIR))
                site.fail(error, url)
                return
        name = file_of(page.url)
        static_twin = self.root / "static" / name
        what = (f"the static file {static_twin.relative_to(self.root)}" if static_twin.is_file()
                else "the site's own script or stylesheet" if name in RECIPES else None)
        if what:
            site.fail(ContentError(path, page.key_lines.get("permalink", 1), f"permalink {page.url} is also {what}",
                                   "give the page another permalink, or move the static file"), page.url)
            return
        if page.url in site.pages:
            other = site.pages[page.url].source.relative_to(self.root)
            site.fail(ContentError(path, page.key_lines.get("permalink", 1),
                                   f"permalink {page.url} is used by both {other} and {path.relative_to(self.root)}",
                                   "give one of the two pages another permalink"), page.url)
            return
        site.pages[page.url] = page
