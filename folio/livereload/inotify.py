"""The Linux watcher: inotify through ctypes. The thread sleeps in select() until the kernel reports a change.

A burst ends when no change came for SETTLE seconds and every file written was closed again, or for QUIET
seconds while one is still open for writing (editors save in several steps: a temporary file, a rename, a
backup removed), or after BURST_MAX seconds of changes. Symlinked pages are followed to their target's folder.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import logging
import os
import select
import struct
import time
from pathlib import Path

from .watcher import BURST_MAX, OVERFLOW, Watcher, ignored

log = logging.getLogger(__name__)

SETTLE = 0.008  # seconds without a change that end a burst when every file written was also closed
QUIET = 0.05  # seconds without a change that end a burst while a file is still open for writing

IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE = 0x2, 0x4, 0x8
IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x40, 0x80, 0x100, 0x200
IN_DELETE_SELF, IN_MOVE_SELF = 0x400, 0x800
IN_Q_OVERFLOW, IN_IGNORED, IN_ISDIR = 0x4000, 0x8000, 0x40000000
IN_ONLYDIR = 0x01000000
MASK = (IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE
        | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
EVENT = struct.Struct("iIII")  # wd, mask, cookie, length of the name that follows


class InotifyWatcher(Watcher):
    name = "inotify"

    def _prepare(self) -> None:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        self._add = libc.inotify_add_watch
        self._add.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
        fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        self._fd = fd
        self._wake_r, self._wake_w = os.pipe()
        self._dirs: dict[int, Path] = {}
        self._targets: dict[int, Path] = {}  # folders outside the roots that hold the target of a symlink
        self._links: dict[Path, set[Path]] = {}  # such a target -> the symlinks to it
        self._writing: set[Path] = set()  # modified, not closed yet: the save may go on
        self._seen: set[tuple[int, int]] = set()
        try:
            for root in self.roots:
                if root.is_dir():
                    self._watch_tree(root, None)
        except OSError:
            self._close()
            raise

    def _watch_tree(self, top: Path, found: set[Path] | None) -> None:
        """Watch `top` and every folder below it; add the files found to `found` (a folder that appeared)."""
        for folder, subfolders, files in os.walk(top, followlinks=True):
            path = Path(folder)
            try:
                stat = path.stat()
            except OSError:
                subfolders[:] = []
                continue
            if (stat.st_dev, stat.st_ino) in self._seen:  # a symlink loop, or a folder linked twice
                subfolders[:] = []
                continue
            self._seen.add((stat.st_dev, stat.st_ino))
            if not self._watch(path):
                subfolders[:] = []
                continue
            # os.walk listed this folder before the watch existed: list it again, or a subfolder made in
            # between (`mkdir -p new/deep`) would be neither walked nor reported.
            subfolders[:] = [name for name in _subfolders(path) if not ignored(name)]
            for name in files:
                if found is not None:
                    found.add(path / name)
                if (path / name).is_symlink():
                    self._follow(path / name)

    def _watch(self, folder: Path) -> bool:
        wd = self._add(self._fd, os.fsencode(folder), MASK)
        if wd < 0:
            code = ctypes.get_errno()
            if code in (errno.ENOENT, errno.ENOTDIR):  # gone already
                return False
            raise OSError(code, f"inotify_add_watch {folder}: {os.strerror(code)}")
        self._dirs[wd] = folder
        return True

    def _follow(self, link: Path) -> None:
        """A file that links outside the watched folders: watch the folder of its target too."""
        try:
            target = link.resolve(strict=True)
        except (OSError, RuntimeError):
            return
        if any(target.is_relative_to(root.resolve()) for root in self.roots):
            return
        wd = self._add(self._fd, os.fsencode(target.parent), MASK)
        if wd >= 0:
            self._links.setdefault(target, set()).add(link)
            self._targets[wd] = target.parent

    def _wake(self) -> None:
        try:
            os.write(self._wake_w, b"x")
        except OSError:
            pass

    def _close(self) -> None:
        for fd in (self._fd, getattr(self, "_wake_r", -1), getattr(self, "_wake_w", -1)):
            try:
                os.close(fd)
            except OSError:
                pass

    def _run(self) -> None:
        try:
            while not self._stopped.is_set():
                select.select([self._fd, self._wake_r], [], [])  # sleeps until something changes
                if self._stopped.is_set():
                    return
                self._burst()
        finally:
            self._close()

    def _burst(self) -> None:
        """Gather changes until they settle, then report them as one burst."""
        paths: set[Path] = set()
        created: set[Path] = set()
        self._writing = set()
        started = time.monotonic()
        while self._drain(paths, created):  # more came in time: the burst goes on
            if time.monotonic() - started > BURST_MAX:
                break
            wait = QUIET if self._writing else SETTLE
            ready, _, _ = select.select([self._fd, self._wake_r], [], [], wait)
            if not ready or self._stopped.is_set():
                break
        self._report(paths, created)

    def _drain(self, paths: set[Path], created: set[Path]) -> bool:
        """Read every queued event into `paths`; False when there was none."""
        any_event = False
        while True:
            try:
                data = os.read(self._fd, 65536)
            except BlockingIOError:
                return any_event
            except InterruptedError:
                continue
            any_event = True
            offset = 0
            while offset < len(data):
                wd, mask, _cookie, length = EVENT.unpack_from(data, offset)
                offset += EVENT.size
                name = data[offset:offset + length].rstrip(b"\0")
                offset += length
                self._event(wd, mask, os.fsdecode(name), paths, created)

    def _event(self, wd: int, mask: int, name: str, paths: set[Path], created: set[Path]) -> None:
        if mask & IN_Q_OVERFLOW:
            paths.add(OVERFLOW)
            return
        if mask & IN_IGNORED:  # the watch is gone (its folder was deleted)
            self._dirs.pop(wd, None)
            self._targets.pop(wd, None)
            return
        folder = self._dirs.get(wd)
        if folder is None:
            outside = self._targets.get(wd)
            if outside is not None and name:
                paths.update(self._links.get(outside / name, ()))
            return
        if not name:  # the watched folder itself was deleted or moved away
            if mask & (IN_DELETE_SELF | IN_MOVE_SELF):
                paths.add(folder)
            return
        if ignored(name):
            return
        path = folder / name
        if mask & IN_ISDIR:
            paths.update(self._new_folder(path) if mask & (IN_CREATE | IN_MOVED_TO) else ())
            paths.add(path)
            return
        if mask & (IN_CREATE | IN_MOVED_TO) and path.is_symlink():
            self._follow(path)
        if mask & IN_CREATE:
            created.add(path)
        if mask & (IN_CREATE | IN_MODIFY):
            self._writing.add(path)
        if mask & (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE):
            self._writing.discard(path)
        paths.add(path)

    def _new_folder(self, path: Path) -> set[Path]:
        """Watch a folder that appeared, and count what it already holds as changed."""
        found: set[Path] = set()
        try:
            self._watch_tree(path, found)
        except OSError as exc:
            log.warning("live reload: cannot watch %s (%s)", path, exc)
        return found


def _subfolders(folder: Path) -> list[str]:
    try:
        with os.scandir(folder) as entries:
            return [entry.name for entry in entries if entry.is_dir(follow_symlinks=True)]
    except OSError:
        return []
