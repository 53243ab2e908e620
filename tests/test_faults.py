"""A bad day for the owner, tried from outside with real processes: Ctrl-C, kill -9, two builds at once, a full
disk, a bug in the engine. Each ends in one clear line, and the previous build is left as it was."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from faults import (add_held_page, add_hold, add_pages, alive, children, held_mid_render, release, snapshot,
                    start_freeze, wait_until)
from folio import REPO_ROOT
from folio.build.cli import main as freeze


@pytest.fixture
def held_site(site_root, tmp_path):
    """A site with a previous build in build/, and a page that holds the next build mid-render."""
    add_pages(site_root)
    dest = tmp_path / "build"
    assert freeze(["--dest", str(dest)], root=site_root) == 0
    shutil.rmtree(site_root / ".folio-cache")  # the next build renders every page, in its workers
    return site_root, dest, add_hold(site_root), snapshot(dest)


def only_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


def leftovers(dest: Path) -> list[str]:
    """Working folders beside the build; a replaced build is deleted in the background, so give it a moment."""
    def names() -> list[str]:
        return sorted(p.name for p in dest.parent.iterdir() if p.name.startswith(f".{dest.name}."))
    try:
        wait_until(lambda: not names(), 10)
    except AssertionError:
        pass
    return names()


def test_ctrl_c_stops_the_build_and_its_workers_at_once(held_site):
    root, dest, pipe, before = held_site
    process = start_freeze(root, dest)
    held_mid_render(process, dest)
    workers = children(process.pid)
    os.killpg(process.pid, signal.SIGINT)  # what a terminal does on Ctrl-C: the whole group gets it
    _, err = process.communicate(timeout=20)
    assert process.returncode == 130
    assert only_line(err) == "freeze.py: interrupted; the previous build was left as it was."
    wait_until(lambda: not any(alive(pid) for pid in workers), 5, "the workers to stop")
    assert snapshot(dest) == before
    assert leftovers(dest) == []


def test_kill_9_takes_the_workers_down_and_the_next_build_clears_what_was_left(held_site):
    root, dest, pipe, before = held_site
    process = start_freeze(root, dest)
    tmp = held_mid_render(process, dest)
    workers = children(process.pid)
    assert workers
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=10)
    wait_until(lambda: not any(alive(pid) for pid in workers), 5, "the workers to die with the build")
    assert tmp.is_dir() and snapshot(dest) == before, "the half-written build is beside the untouched one"
    os.unlink(pipe)
    (root / "pages" / "held.md").unlink()
    assert freeze(["--dest", str(dest)], root=root) == 0
    assert leftovers(dest) == []


def test_a_second_build_into_the_same_folder_is_refused_in_one_line(site_root, tmp_path):
    dest = tmp_path / "build"
    assert freeze(["--dest", str(dest)], root=site_root) == 0
    before = snapshot(dest)
    pipe = add_held_page(site_root)
    first = start_freeze(site_root, dest)
    wait_until(lambda: (dest.parent / ".build.lock").exists() and "pid" in (dest.parent / ".build.lock").read_text(),
               what="the first build to take the lock")
    second = start_freeze(site_root, dest)
    _, err = second.communicate(timeout=30)
    assert second.returncode == 2
    line = only_line(err)
    assert line == ("freeze.py: refusing to write to --dest: another build into build/ is running "
                    f"(pid {first.pid}); wait for it to finish. Choose an empty or new folder, or a previous build."), line
    assert snapshot(dest) == before, "the refused build wrote nothing"
    release(pipe, b"---\ntitle: Held\n---\nWritten while the other build waited.\n")
    _, err = first.communicate(timeout=60)
    assert first.returncode == 0, err
    after = snapshot(dest)
    assert "Written while the other build waited." in after["held/index.html"].decode()
    assert {name for name in after if name != "held/index.html"} == set(before), "one whole build, not a mix"
    assert leftovers(dest) == []


def test_an_engine_bug_is_one_line_with_the_url_and_a_log_file(site_root, tmp_path):
    (site_root / "pages" / "buggy.md").write_text("---\ntitle: Buggy\n---\n```python\nx = 1\n```\n")
    dest = tmp_path / "build"
    (site_root / "pages" / "buggy.md").rename(site_root / "buggy.md")
    assert freeze(["--dest", str(dest)], root=site_root) == 0
    before = snapshot(dest)
    (site_root / "buggy.md").rename(site_root / "pages" / "buggy.md")
    code = ("import sys; from pathlib import Path; from folio.content import markdown; from folio.build.cli import main\n"
            "def boom(self, code, info=None): raise ZeroDivisionError('a bug planted by the test')\n"
            "markdown.FolioRenderer.block_code = boom\n"
            "sys.exit(main(['--dest', sys.argv[2]], root=Path(sys.argv[1])))")
    result = subprocess.run([sys.executable, "-c", code, str(site_root), str(dest)], cwd=REPO_ROOT,
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert result.returncode == 1
    line = only_line(result.stderr)
    assert line.startswith("freeze.py: building /buggy/ failed: this is a bug in the site engine "
                           "(ZeroDivisionError: a bug planted by the test); the previous build was left as it was"
                           " — the details are in .folio-cache/logs/bug-"), line
    log = site_root / line.rsplit(" ", 1)[1]
    assert "Traceback" in log.read_text() and "ZeroDivisionError" in log.read_text()
    assert snapshot(dest) == before and leftovers(dest) == []


def test_the_dev_server_shows_an_engine_bug_as_one_line(site_root, monkeypatch):
    from folio import create_app
    from folio.content import markdown
    (site_root / "pages" / "buggy.md").write_text("---\ntitle: Buggy\n---\n```python\nx = 1\n```\n")
    monkeypatch.setattr(markdown.FolioRenderer, "block_code", lambda *a, **k: 1 / 0)
    client = create_app(site_root).test_client()
    response = client.get("/buggy/")
    html = response.get_data(as_text=True)
    assert response.status_code == 500 and "Traceback" not in html
    assert "/buggy/: this is a bug in the site engine (ZeroDivisionError: division by zero)" in html
    assert client.get("/experience/").status_code == 200, "every other page keeps working"


DISK_SCRIPT = Path(__file__).with_name("faults_disk.py")


def test_a_full_disk_is_one_line_and_the_previous_build_stays(site_root, tmp_path):
    """On a small tmpfs, in a mount namespace of its own (tests/faults_disk.py does the mounting)."""
    unshare = shutil.which("unshare")
    assert unshare, "unshare (util-linux) is needed to give the test a small disk of its own"
    prefix = [unshare, "--mount", "--propagation", "private"]
    if os.geteuid() != 0:
        prefix[1:1] = ["--user", "--map-root-user"]
    result = subprocess.run([*prefix, sys.executable, str(DISK_SCRIPT), str(site_root), str(tmp_path / "disk")],
                            cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["first"] == 0 and report["second"] == 1
    line = only_line(report["stderr"])
    assert line == ("freeze.py: no space left on the device holding build/; the previous build was left as it was "
                    "— free some space, then run it again."), line
    assert report["unchanged"] and report["leftovers"] == []
