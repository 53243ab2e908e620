"""`flask run` as the owner starts it, on a site folder of our choosing, for live-reload tests and the bench.

    with FlaskRun(site_root) as server:   # writes site_root/app.py unless there is one
        page.goto(server.url + "/experience/")

The server runs in its own process (a real `flask run`, so the app is created by Flask's CLI exactly as under
`make run`) on a free loopback port, and is stopped (SIGTERM, then SIGKILL) on exit. `server.output()` is
everything it printed so far.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
APP = '''from pathlib import Path

from folio import create_app

app = create_app(Path(__file__).resolve().parent)
'''
RUNNING = re.compile(r"Running on (http://127\.0\.0\.1:\d+)")


class FlaskRun:
    def __init__(self, root: Path, *args: str, env: dict[str, str] | None = None, python: str | None = None,
                 timeout: float = 30.0):
        self.root = Path(root)
        self.args = args
        self.env = env or {}
        self.python = python or sys.executable
        self.timeout = timeout
        self.url = ""
        self.process: subprocess.Popen | None = None
        self._lines: list[str] = []
        self._started = threading.Event()

    def __enter__(self) -> "FlaskRun":
        if not (self.root / "app.py").exists():
            (self.root / "app.py").write_text(APP, encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1", "NO_COLOR": "1", **self.env}
        for name in ("FLASK_APP", "FLASK_DEBUG", "FLASK_RUN_FROM_CLI", "WERKZEUG_RUN_MAIN", "WERKZEUG_SERVER_FD"):
            if name not in self.env:
                env.pop(name, None)
        self.process = subprocess.Popen(
            [self.python, "-m", "flask", "run", "--host", "127.0.0.1", "--port", "0", *self.args],
            cwd=self.root, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()
        if not self._started.wait(self.timeout) or not self.url:
            self.__exit__(None, None, None)
            raise RuntimeError("flask run did not start:\n" + self.output())
        return self

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.append(line)
            match = RUNNING.search(line)
            if match and not self.url:
                self.url = match.group(1)
                self._started.set()
        self._started.set()  # the process ended

    def output(self) -> str:
        return "".join(self._lines)

    def __exit__(self, *exc) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)  # its own session: the reloader's child goes too
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)

    def cpu_seconds(self, thread: str | None = None) -> float:
        """CPU time the server process's threads (or those named `thread`) have run so far, to the nanosecond
        (Linux schedstat)."""
        assert self.process is not None
        total = 0
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            try:
                if thread is not None and (task / "comm").read_text().strip() != thread:
                    continue
                total += int((task / "schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):  # a thread that just ended
                continue
        return total / 1e9


def wait_for(predicate, timeout: float = 10.0, interval: float = 0.02, message: str = "condition",
             sleep=time.sleep):
    """Poll `predicate()` until it returns something truthy; fail after `timeout` seconds.

    With Playwright's sync API, pass `sleep=lambda s: page.wait_for_timeout(s * 1000)`: events (requests,
    console messages) are only dispatched while Playwright is called, never during time.sleep."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except Exception as exc:  # a page mid-navigation, say
            last_error = exc
        else:
            if value:
                return value
        sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {message}"
                         + (f" (last error: {last_error})" if last_error else ""))
