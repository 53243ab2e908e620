"""One app's live reload while it serves: the watcher, the channel it publishes to, and what the content
store follows (a `ChangeSource`: folio/content/store.py)."""
from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from ..content.store import ContentStore
from ..engine import engine
from . import watcher as watchers
from .channel import Channel
from .launch import RunOptions

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Folders:
    paths: list[Path]
    covers_store: bool  # every file the content store reads is below one of them


def watched_folders(root: Path, store_patterns: list[str], *more: Path) -> Folders:
    """The folders that hold what the store reads (the top folder of each pattern), and `more`."""
    tops = [Path(pattern).parts for pattern in store_patterns]
    # A pattern for files at the root, or with a wildcard in its top folder, would need the whole root watched.
    plain = [len(parts) > 1 and not any(c in parts[0] for c in "*?[") for parts in tops]
    folders = {root / parts[0] for parts, ok in zip(tops, plain) if ok}
    return Folders(sorted(folders | set(more)), covers_store=all(plain))


class LiveReload:
    """Started by the first request, so only the process that serves watches (not the reloader's parent)."""

    def __init__(self, root: Path, static: Path, options: RunOptions):
        self.channel = Channel(root, static)
        self.options = options
        self.watcher: watchers.Watcher | None = None
        self.failed = False  # no watcher could start: pages get no script
        self._covers_store = False
        self._app: Flask | None = None
        self._store: ContentStore | None = None
        self._lock = threading.Lock()

    def attach(self, app: Flask) -> None:
        """The app it serves (its blueprint is registered on it)."""
        self._app = app

    def ensure_started(self) -> bool:
        if self.watcher is None and not self.failed and self._app is not None:
            with self._lock:
                if self.watcher is None and not self.failed:
                    self._start(self._app)
        return self.watcher is not None

    def _start(self, app: Flask) -> None:
        store = engine(app).store
        folders = watched_folders(engine(app).root, store.patterns(), Path(app.template_folder or "templates"),
                                  Path(app.static_folder or "static"))
        try:
            self.watcher = watchers.start(folders.paths, self.changed, os.environ.get("FOLIO_LIVERELOAD_WATCHER"))
        except RuntimeError as exc:
            log.warning("live reload is off: %s", exc)
            self.failed = True
            return
        self._store, self._covers_store = store, folders.covers_store
        store.follow(self)  # what changed before the watcher started is unknown: the store looks once more

    def epoch(self) -> int | None:
        """The store's ChangeSource: the channel's epoch while a watcher told of every change is running."""
        watcher = self.watcher
        if watcher is None or not watcher.event_driven or not watcher.alive() or not self._covers_store:
            return None
        return self.channel.epoch

    def changed(self, paths: set[Path]) -> None:
        """The watcher's callback: tell the pages, then read the content again while they reload, so that
        their request finds it read (at 1,000 pages that takes longer than the browser takes to ask)."""
        self.channel.publish(paths)
        if self._app is None or self._store is None:
            return
        with self._app.app_context():
            try:
                self._store.site()
            except Exception:  # noqa: BLE001 - a broken site.toml, say: the page's own request shows it
                pass

    def stop(self) -> None:
        with self._lock:
            if self.watcher is not None:
                self.watcher.stop()
                self.watcher = None
            if self._store is not None:
                self._store.follow(None)
