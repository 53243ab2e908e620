"""The change log that open pages ask about: an epoch number that each burst of changes raises by one.

A page is rendered at some epoch; `wait(since)` answers with every change after it, blocking (the long poll)
until there is one. What a change asks of the page depends on the file (`Kind`).
"""
from __future__ import annotations

import secrets
import threading
from collections import deque
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Iterable

from .watcher import OVERFLOW

KEEP = 500  # changes kept; a page further behind reloads
IMAGES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico", ".bmp"})


class Kind(Enum):
    RELOAD = "reload"  # a page, a template, the settings, a talk, a script, a deleted file: the page again
    CSS = "css"  # a stylesheet under static/: swapped in place
    IMAGE = "image"  # an image under static/ that still exists: loaded again


@dataclass(frozen=True)
class Change:
    epoch: int
    kind: Kind
    what: str  # the file, relative to the site root (for people)
    path: str | None = None  # CSS and images: the file's URL path below the site root, e.g. /css/site.css


@dataclass(frozen=True)
class Since:
    """What a page at some epoch has missed."""
    epoch: int  # the current epoch
    changes: list[Change]
    lost: bool  # some of them are no longer kept, or the page's epoch is not this server's: reload


def classify(path: Path, root: Path, static: Path, epoch: int = 0) -> Change:
    if path is OVERFLOW:
        return Change(epoch, Kind.RELOAD, "(many files)")
    what = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    if path.is_relative_to(static) and path.is_file():
        url = "/" + path.relative_to(static).as_posix()
        suffix = path.suffix.lower()
        if suffix == ".css":
            return Change(epoch, Kind.CSS, what, url)
        if suffix in IMAGES:
            return Change(epoch, Kind.IMAGE, what, url)
    return Change(epoch, Kind.RELOAD, what)


class Channel:
    """Thread-safe: the watcher publishes, request threads wait."""

    def __init__(self, root: Path, static: Path):
        self.root = root
        self.static = static
        self.boot = secrets.token_hex(6)  # a new server process means new code: pages from the old one reload
        self.epoch = 0
        self._log: deque[Change] = deque(maxlen=KEEP)
        self._changed = threading.Condition()

    def publish(self, paths: Iterable[Path]) -> int:
        """Record one burst of changes as the next epoch; wake every waiting request."""
        with self._changed:
            changes = {change.what: change for change in
                       (classify(path, self.root, self.static, self.epoch + 1) for path in paths)}
            if not changes:
                return self.epoch
            self.epoch += 1
            self._log.extend(changes[what] for what in sorted(changes))
            self._changed.notify_all()
            return self.epoch

    def since(self, epoch: int) -> Since:
        with self._changed:
            changes = [change for change in self._log if change.epoch > epoch]
            oldest = self._log[0].epoch if self._log else self.epoch + 1
            lost = (epoch < self.epoch and epoch + 1 < oldest) or epoch > self.epoch
            return Since(self.epoch, changes, lost)

    def wait(self, epoch: int, timeout: float) -> Since:
        """Like since(), after waiting up to `timeout` seconds for a change after `epoch`."""
        with self._changed:
            self._changed.wait_for(lambda: self.epoch != epoch, timeout)
        return self.since(epoch)
