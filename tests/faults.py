"""Helpers for the fault tests: a real `python freeze.py` process on a copy of the site, held mid-build."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from folio import REPO_ROOT

PAGES = 240  # above render.PARALLEL_FROM: the build forks its workers

# A 1×1 PNG: what a held build gets through its pipe when the test lets it go on.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def add_pages(root: Path, count: int = PAGES) -> None:
    notes = root / "pages" / "notes"
    notes.mkdir(exist_ok=True)
    for i in range(count):
        (notes / f"n{i}.md").write_text(f"---\ntitle: Note {i}\n---\n## Part {i}\n\nSee [the next]"
                                        f"(/notes/n{(i + 1) % count}/).\n")


def add_hold(root: Path) -> Path:
    """A page whose image is a named pipe: the build blocks on it, mid-render, until the test writes to it."""
    pipe = root / "static" / "hold.png"
    os.mkfifo(pipe)
    (root / "pages" / "held.md").write_text("---\ntitle: Held\n---\n![held](/hold.png)\n")
    return pipe


def release(pipe: Path, data: bytes = PNG) -> None:
    with open(pipe, "wb") as f:
        f.write(data)


def add_held_page(root: Path) -> Path:
    """A page that is a named pipe: the build blocks reading it (lock taken, nothing rendered yet)."""
    pipe = root / "pages" / "held.md"
    os.mkfifo(pipe)
    return pipe


def start_freeze(root: Path, dest: Path) -> subprocess.Popen:
    """`python freeze.py --dest DEST` for the site at `root`, in a process group of its own (like a terminal)."""
    code = ("import sys; from pathlib import Path; from folio.build.cli import main; "
            "sys.exit(main(sys.argv[2:], root=Path(sys.argv[1])))")
    return subprocess.Popen([sys.executable, "-c", code, str(root), "--dest", str(dest)], cwd=REPO_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})


def children(pid: int) -> set[int]:
    """The child processes of `pid` (Linux /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(int(word) for word in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat")
    return not (state.exists() and state.read_text().split(") ")[-1].startswith("Z"))  # a zombie is dead


def wait_until(condition, timeout: float = 30.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def working_folder(process: subprocess.Popen, dest: Path) -> Path:
    return dest.parent / f".{dest.name}.tmp-{process.pid}"


def held_mid_render(process: subprocess.Popen, dest: Path, workers: int = 2) -> Path:
    """Wait until the build has forked its workers and written pages into its working folder."""
    tmp = working_folder(process, dest)
    wait_until(lambda: process.poll() is not None or (
        len(children(process.pid)) >= workers and tmp.is_dir() and sum(1 for _ in tmp.rglob("*.html")) > 20),
        what="the build to be rendering")
    assert process.poll() is None, process.communicate()
    return tmp


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
