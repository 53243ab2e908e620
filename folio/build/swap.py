"""Step 4 of a build, swap: the new build takes the destination's place in one move.

Also what keeps the destination safe around it: the folders a build refuses to write into, a lock so that
two builds never write one destination at once, and the clearing of what a killed build left behind.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .faults import Refused

try:
    import fcntl
except ImportError:  # Windows: builds are not locked there
    fcntl = None  # type: ignore[assignment]

MARKER = ".folio-build"
RENAME_EXCHANGE = 2
AT_FDCWD = -100


def check_destination(dest: Path, root: Path) -> None:
    """Refuse any destination that is not (or could hold more than) a previous build of this site."""
    dest = dest.expanduser().resolve()
    root = root.resolve()
    protected = {Path("/"), Path.home().resolve(), root}
    if dest in protected or root.is_relative_to(dest):
        raise Refused(f"{dest} holds the site's own files or your home folder")
    for folder in ("pages", "static", "templates", "site", "tests", "folio", ".git"):
        if dest.is_relative_to(root / folder):
            raise Refused(f"{dest} is inside {folder}/, which holds the site's sources")
    if not dest.exists():
        return
    if not dest.is_dir():
        raise Refused(f"{dest} is a file, not a build folder")
    if (dest / ".git").exists():
        raise Refused(f"{dest} holds a .git folder")
    if any(dest.iterdir()) and not (dest / MARKER).is_file():
        raise Refused(f"{dest} is not empty and is not a previous build of this site (no {MARKER} file)")


def sibling(dest: Path, kind: str) -> Path:
    """A working folder beside the destination: .build.tmp-<pid>, .build.old-<pid>."""
    return dest.parent / f".{dest.name}.{kind}-{os.getpid()}"


@contextmanager
def build_lock(dest: Path) -> Iterator[None]:
    """Only one build writes `dest` at a time; a second one is refused at once.

    The lock is a file beside the destination, removed when the build ends. A build that takes a lock on a
    file another build has just removed notices (the name no longer leads to it) and takes the new one.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    path = dest.parent / f".{dest.name}.lock"
    if fcntl is None:
        yield
        return
    while True:
        lock = open(path, "a+", encoding="utf-8")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "another process"
            lock.close()
            raise Refused(f"another build into {dest.name}/ is running ({holder}); wait for it to finish") from None
        if _same_file(lock, path):
            break
        lock.close()
    try:
        lock.seek(0)
        lock.truncate()
        lock.write(f"pid {os.getpid()}\n")
        lock.flush()
        yield
    finally:
        path.unlink(missing_ok=True)
        lock.close()  # closing releases the lock


def _same_file(handle: object, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(path))  # type: ignore[attr-defined]
    except FileNotFoundError:
        return False


def clear_leftovers(dest: Path) -> None:
    """Working folders of earlier builds into `dest` (killed, or replaced builds not deleted yet).

    Called with the lock held, so no build that could still use them is running.
    """
    for kind in ("tmp", "old"):
        for left in dest.parent.glob(f".{dest.name}.{kind}-*"):
            if left.name.rpartition("-")[2].isdigit() and left.is_dir() and not left.is_symlink():
                shutil.rmtree(left, ignore_errors=True)


@contextmanager
def no_interrupts() -> Iterator[None]:
    """Ctrl-C waits until the block is over: a swap is never left half done."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    blocked = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, blocked)


def swap(tmp: Path, dest: Path) -> None:
    """Put `tmp` at `dest`. The previous build, if any, is deleted in the background afterwards."""
    if not dest.exists():
        tmp.rename(dest)
        return
    old = sibling(dest, "old")
    if _exchange(tmp, dest):  # atomic: at every instant dest is a whole build, the old or the new
        tmp.rename(old)
    else:
        dest.rename(old)
        try:
            tmp.rename(dest)
        except OSError:
            old.rename(dest)
            raise
    _discard(old)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0
    except (OSError, AttributeError, TypeError):
        return False


def _discard(old: Path) -> None:
    """Delete the replaced build without making the owner wait: it is already out of the way.

    A separate process removes it (thousands of folders take a while on some disks); if that cannot be
    started, or is stopped halfway, the next build removes what is left (`clear_leftovers`).
    """
    rm = shutil.which("rm") if os.name == "posix" else None
    if rm:
        try:
            subprocess.Popen([rm, "-rf", "--", str(old)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
            return
        except OSError:
            pass
    shutil.rmtree(old, ignore_errors=True)
