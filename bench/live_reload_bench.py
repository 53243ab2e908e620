"""Live reload: save-to-visible latency under `flask run`, and what the watcher costs while nothing happens.

    python bench/live_reload_bench.py [--edits 20] [--pages 1000] [--idle 10]

For the owner's site (a copy, in bench/.work/) and for a site of N generated pages (bench/corpus.py), it starts
`flask run` exactly as `make run` does, opens a page in Chromium (Playwright, /usr/bin/chromium or $CHROMIUM),
and saves an edit to that page's file E times. Each edit puts a new marker in the page's title; a script that
Playwright runs in every document reports when the marker is first in a frame (requestAnimationFrame, so the
frame that shows it), and the latency is that time minus the time the file was written and closed.

Idle cost: with the page open (its long poll waiting), the server process's CPU time (user + system, from
/proc/PID/task/*/schedstat) over --idle seconds, with live reload on (each watcher backend) and off
(FOLIO_LIVERELOAD=0). "Off" is the floor: Werkzeug's own server loop wakes twice a second.
"""
from __future__ import annotations

import argparse
import math
import os
import shutil
import signal
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE), str(REPO / "tests" / "browser")]

from corpus import make_site  # noqa: E402
from flask_run import FlaskRun  # noqa: E402

WORK = HERE / ".work"
CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
ARGS = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

# In every document: say (on the console) when a marker LRB<n>Z is first in a frame. Python hears it as an
# event, so it never has to evaluate in a page that may be in the middle of a reload.
SPOTTER = """
(() => {
  let said = null;
  const check = () => {
    const text = document.body ? document.body.textContent : "";
    const found = text.match(/LRB(\\d+)Z/);
    if (found && found[1] !== said) {
      said = found[1];
      console.debug("lrb " + found[1] + " " + (performance.timeOrigin + performance.now()));
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();
"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def fresh(name: str) -> Path:
    folder = WORK / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


class Tab:
    def __init__(self, context, url: str):
        self.open_polls: set = set()
        self.seen: dict[str, float] = {}  # marker number -> when a frame first showed it (ms since the epoch)
        context.on("request", self._request)
        context.on("requestfinished", lambda request: self.open_polls.discard(request))
        context.on("requestfailed", lambda request: self.open_polls.discard(request))
        context.on("console", self._console)
        context.add_init_script(SPOTTER)
        self.page = context.new_page()
        self.page.goto(url)

    def _request(self, request) -> None:
        if "/__folio/livereload?" in request.url and "wait=0" not in request.url:
            self.open_polls.add(request)

    def _console(self, message) -> None:
        parts = message.text.split()
        if len(parts) == 3 and parts[0] == "lrb":
            self.seen.setdefault(parts[1], float(parts[2]))

    def wait(self, predicate, what: str, timeout: float = 20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            self.page.wait_for_timeout(5)  # lets Playwright deliver the page's events
        raise TimeoutError(f"timed out waiting for {what}")

    def listening(self) -> None:
        self.wait(lambda: self.open_polls, "the page's long poll")


def latencies(browser, server: FlaskRun, url: str, source: Path, old: str, edits: int) -> list[float]:
    context = browser.new_context()
    tab = Tab(context, server.url + url)
    text = source.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {source}"
    results = []
    try:
        for i in range(edits):
            tab.listening()
            tab.page.wait_for_timeout(150)  # the page has settled (its roles, its scroll)
            source.write_text(text.replace(old, f"{old} LRB{i}Z", 1), encoding="utf-8")
            saved = time.time() * 1000
            seen = tab.wait(lambda: tab.seen.get(str(i)), f"edit {i} on the page")
            results.append(seen - saved)
    finally:
        source.write_text(text, encoding="utf-8")
        context.close()
    return results


def idle_cpu(browser, root: Path, url: str, seconds: float, env: dict[str, str]) -> tuple[float, float]:
    """(the server process's CPU seconds per second, its watcher thread's) while nothing changes."""
    with FlaskRun(root, env=env) as server:
        context = browser.new_context()
        tab = Tab(context, server.url + url)
        if env.get("FOLIO_LIVERELOAD") != "0":
            tab.listening()
        tab.page.wait_for_timeout(1000)
        before, watcher_before = server.cpu_seconds(), server.cpu_seconds("livereload")
        started = time.monotonic()
        tab.page.wait_for_timeout(seconds * 1000)  # nothing changes meanwhile
        used = server.cpu_seconds() - before
        watcher = server.cpu_seconds("livereload") - watcher_before
        elapsed = time.monotonic() - started
        context.close()
    return used / elapsed, watcher / elapsed


def report(name: str, values: list[float], target: float) -> str:
    p50, p95 = statistics.median(values), percentile(values, 95)
    verdict = "meets" if p50 <= target else "MISSES"
    return (f"{name}: {len(values)} edits, save-to-visible p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
            f"min {min(values):.0f}, max {max(values):.0f} ({verdict} the p50 target of {target:.0f} ms)")


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # `timeout`, say: stop the servers on the way out
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idle CPU measurement (0: skip)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    owner = fresh("live-owner")
    for part in ("pages", "site", "static", "templates"):
        shutil.copytree(REPO / part, owner / part)
    corpus = make_site(fresh("live-corpus"), args.pages)
    lines = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        with FlaskRun(owner) as server:
            print(server.output().splitlines()[0])
            values = latencies(browser, server, "/experience/", owner / "pages/experience.md",
                               "title: Experience", args.edits)
            lines.append(report("owner's site, /experience/", values, 200))
            print(lines[-1], flush=True)
        with FlaskRun(corpus) as server:
            middle = args.pages // 2
            values = latencies(browser, server, f"/notes/note-{middle}/", corpus / f"pages/notes/note-{middle}.md",
                               f"title: Note {middle}", args.edits)
            lines.append(report(f"{args.pages:,}-page site, /notes/note-{middle}/", values, 500))
            print(lines[-1], flush=True)
        if args.idle:
            for root, label in ((owner, "owner's site"), (corpus, f"{args.pages:,}-page site")):
                runs = [("live reload on, inotify", {"FOLIO_LIVERELOAD_WATCHER": "inotify"}),
                        ("live reload on, watchfiles", {"FOLIO_LIVERELOAD_WATCHER": "watchfiles"}),
                        ("live reload on, polling", {"FOLIO_LIVERELOAD_WATCHER": "poll"}),
                        ("live reload off", {"FOLIO_LIVERELOAD": "0"})]
                for name, env in runs:
                    share, watcher = idle_cpu(browser, root, "/", args.idle, env)
                    lines.append(f"idle, {label}, {name}: server process {share * 1000:.2f} ms CPU/s "
                                 f"({share * 100:.3f}% of a core), of which the watcher thread "
                                 f"{watcher * 1000:.3f} ms/s, over {args.idle:.0f} s")
                    print(lines[-1], flush=True)
        browser.close()
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
