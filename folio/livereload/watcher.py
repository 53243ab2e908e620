"""Watching the site's folders: one thread that hands each burst of file changes to a callback.

Three backends, best first (`start()`; FOLIO_LIVERELOAD_WATCHER=inotify|watchfiles|poll tries one first):

- inotify (Linux, through ctypes; inotify.py): the thread sleeps in select() until the kernel reports a
  change, so an idle server spends no CPU on watching, and a save is seen at once.
- watchfiles (macOS, Windows; pinned in requirements.txt): Rust notify (FSEvents, ReadDirectoryChangesW). Its
  loop wakes every `step_ms` to look for changes (measured: ~0.2% of a core).
- polling: stat snapshots of every file twice a second, when neither works (no inotify watches left, say).

Editors' temporary and hidden files are ignored, and so is a file that appeared and went again within one
burst (`sed -i`'s temporary file).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import threading
from pathlib import Path
from typing import Callable, Iterable

log = logging.getLogger(__name__)

BURST_MAX = 0.5  # seconds: a burst is reported after this long even if changes keep coming
POLL_INTERVAL = 0.5  # the polling backend's period, in seconds
OVERFLOW = Path("*")  # reported when the kernel dropped events: anything may have changed

Callback = Callable[[set[Path]], None]


def ignored(name: str) -> bool:
    """Editors' temporary, backup and lock files, and hidden files and folders."""
    return (name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".swpx", ".tmp", ".part"))
            or name in ("4913", "__pycache__"))  # 4913: the file vim creates to test that it may write


def _ignored_path(path: Path, roots: Iterable[Path]) -> bool:
    for root in roots:
        if path.is_relative_to(root):
            return any(ignored(part) for part in path.relative_to(root).parts)
    return True


class Watcher:
    """Base class: `start()` runs the backend in a daemon thread; `stop()` ends it."""

    name = "?"
    event_driven = True  # told of each change as it happens (not by a periodic scan)

    def __init__(self, roots: Iterable[Path], callback: Callback):
        self.roots = [Path(root) for root in roots]
        self.callback = callback
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()

    def start(self) -> None:
        self._prepare()
        self._thread = threading.Thread(target=self._guarded, name=f"livereload-{self.name}", daemon=True)
        self._thread.start()

    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and not self._stopped.is_set()

    def stop(self) -> None:
        self._stopped.set()
        self._wake()
        if self._thread is not None:
            self._thread.join(timeout=2)

    @property
    def native_id(self) -> int | None:
        return self._thread.native_id if self._thread is not None else None

    def _guarded(self) -> None:
        _name_thread(b"livereload")  # seen in top -H, ps -L and /proc/PID/task/*/comm
        try:
            self._run()
        except Exception:  # a watcher that dies must not take the server with it; pages then poll the store
            log.exception("live reload: the %s watcher stopped", self.name)

    def _report(self, paths: set[Path], created: set[Path]) -> None:
        # A file that appeared and went within the burst was an editor's temporary file.
        paths = {p for p in paths if p is OVERFLOW or p not in created or os.path.lexists(p)}
        paths = {p for p in paths if p is OVERFLOW or not _ignored_path(p, self.roots)}
        if paths:
            self.callback(paths)

    def _prepare(self) -> None:
        """Set up in the caller's thread, so that a backend that cannot start fails there."""

    def _wake(self) -> None:
        """Make a blocked _run return soon after _stopped is set."""

    def _run(self) -> None:
        raise NotImplementedError


def _name_thread(name: bytes) -> None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.prctl(15, ctypes.c_char_p(name[:15]), 0, 0, 0)  # PR_SET_NAME (Linux)
    except (OSError, AttributeError):
        pass


class WatchfilesWatcher(Watcher):
    name = "watchfiles"
    step_ms = 30

    def _prepare(self) -> None:
        import watchfiles  # noqa: F401 - fail here, in the caller's thread, when it is not installed

    def _run(self) -> None:
        import watchfiles

        roots = [str(root) for root in self.roots if root.is_dir()]
        for changes in watchfiles.watch(*roots, watch_filter=None, debounce=int(BURST_MAX * 1000),
                                        step=self.step_ms, stop_event=self._stopped, rust_timeout=0,
                                        yield_on_timeout=False, raise_interrupt=False):
            created = {Path(path) for change, path in changes if change == watchfiles.Change.added}
            self._report({Path(path) for _, path in changes}, created)


Snapshot = dict[Path, tuple[int, int]]


class PollingWatcher(Watcher):
    name = "poll"
    event_driven = False

    def _snapshot(self) -> Snapshot:
        snapshot = {}
        for root in self.roots:
            for folder, subfolders, files in os.walk(root, followlinks=True):
                subfolders[:] = [name for name in subfolders if not ignored(name)]
                for name in files:
                    path = Path(folder, name)
                    try:
                        stat = path.stat()
                    except OSError:
                        continue
                    snapshot[path] = (stat.st_mtime_ns, stat.st_size)
        return snapshot

    def _prepare(self) -> None:
        self._before = self._snapshot()

    def _run(self) -> None:
        while not self._stopped.wait(POLL_INTERVAL):
            now = self._snapshot()
            if now != self._before:
                changed = {p for p in now.keys() | self._before.keys() if now.get(p) != self._before.get(p)}
                self._before = now
                self._report(changed, set())


def backends() -> dict[str, type[Watcher]]:
    from .inotify import InotifyWatcher

    return {"inotify": InotifyWatcher, "watchfiles": WatchfilesWatcher, "poll": PollingWatcher}


def start(roots: Iterable[Path], callback: Callback, prefer: str | None = None) -> Watcher:
    """The best backend that starts here, running; `prefer` (inotify, watchfiles or poll) is tried first."""
    roots = list(roots)
    available = backends()
    order = sorted(available, key=lambda name: name != prefer)  # stable: the others keep their order
    problems = []
    for name in order:
        watcher = available[name](roots, callback)
        try:
            watcher.start()
        except (OSError, ImportError, AttributeError) as exc:  # AttributeError: no inotify in this libc
            problems.append(f"{name}: {exc}")
            continue
        if problems:
            log.warning("live reload: watching with %s (%s)", name, "; ".join(problems))
        return watcher
    raise RuntimeError("no file watcher could start: " + "; ".join(problems))
