"""Real-browser test infrastructure (pytest-playwright + Debian's Chromium).

Fixtures:
- ``browser_type_launch_args`` (session): launches /usr/bin/chromium with flags
  that keep it off the network. If Chromium is missing, browser tests are
  skipped locally and fail under CI=true.
- ``static_server`` (session): ``serve(directory) -> "http://127.0.0.1:PORT"``,
  a quiet threaded static server; a missing path gets the directory's
  ``404.html`` with status 404 when there is one (like GitHub Pages).
- ``page_guard``: a ``helpers.PageGuard`` on pytest-playwright's ``page``;
  use ``page_guard.page`` to drive it, then ``page_guard.assert_clean()``.
- ``axe_page``: a page whose context has ``bypass_csp=True``, for axe.
- ``csp_page``: a page in a normal context with the CSP recorder installed.

Tests using a browser are marked ``browser`` (``pytest -m "not browser"``).
"""

from __future__ import annotations

import functools
import os
import socketserver
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from helpers import PageGuard, install_csp_recorder

# Debian's Chromium by default; CHROMIUM=/path/to/chrome points the tests at another build (GitHub runners).
CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent


def _require_chromium() -> None:
    if os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK):
        return
    reason = (
        f"Debian's Chromium is not installed at {CHROMIUM} "
        "(install it with `apt-get install -y chromium`, or run `make test`)"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, browser_name):
    """pytest-playwright's launch args, pointed at Debian's Chromium.

    ``playwright install`` cannot download browsers on these machines, so the
    bundled-browser default would fail. --headed / --slowmo still work.
    """
    if browser_name != "chromium":
        return browser_type_launch_args
    _require_chromium()
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


def pytest_collection_modifyitems(config, items):
    browser_marker = pytest.mark.browser
    for item in items:
        in_here = HERE in Path(str(item.path)).resolve().parents
        if in_here or "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(browser_marker)


# -- static server ------------------------------------------------------------------

class _StaticHandler(SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler without request logging, with a custom 404 page."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".mjs": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".ico": "image/x-icon",
        ".webmanifest": "application/manifest+json",
        ".xml": "application/xml",
        ".ics": "text/calendar; charset=utf-8",
        ".txt": "text/plain; charset=utf-8",
        ".woff2": "font/woff2",
    }

    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass

    def send_error(self, code, message=None, explain=None):
        page = os.path.join(self.directory, "404.html")
        if code == HTTPStatus.NOT_FOUND and os.path.isfile(page):
            with open(page, "rb") as f:
                body = f.read()
            self.send_response(code, message)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


class _LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True

    def server_bind(self):
        # HTTPServer.server_bind would call socket.getfqdn() (a DNS lookup).
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]


@pytest.fixture(scope="session")
def static_server():
    """Factory: ``serve(directory) -> "http://127.0.0.1:PORT"`` (no trailing slash).

    Each call starts a server on a free loopback port in a daemon thread; all
    are shut down at the end of the session.
    """
    running = []

    def serve(directory) -> str:
        directory = os.fspath(directory)
        if not os.path.isdir(directory):
            raise FileNotFoundError(f"static_server: no such directory: {directory}")
        handler = functools.partial(_StaticHandler, directory=directory)
        server = _LoopbackServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"static_server:{server.server_port}",
            daemon=True,
        )
        thread.start()
        running.append((server, thread))
        return f"http://127.0.0.1:{server.server_port}"

    yield serve
    for server, thread in running:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# -- pages --------------------------------------------------------------------------

@pytest.fixture
def page_guard(page) -> PageGuard:
    """A PageGuard on pytest-playwright's ``page`` (drive it via ``page_guard.page``).

    Blocks and records requests to hosts other than 127.0.0.1; records console
    errors, page errors, failed requests, HTTP >= 400 responses and CSP
    violations. Finish with ``page_guard.assert_clean()``.
    """
    return PageGuard(page)


@pytest.fixture
def axe_page(new_context):
    """A page from a context created with ``bypass_csp=True``, for axe checks.

    The site's ``<meta http-equiv="Content-Security-Policy" content="default-src
    'self'">`` blocks scripts a test injects into the page (``add_script_tag``,
    an inline ``<script>``), so axe runs in a context that ignores CSP.
    (axe-playwright-python 0.1.8 injects through ``page.evaluate``, which CSP did
    not block on Chromium 156, but axe-core builds and other injection routes
    may.) Such a context does not enforce CSP at all: check for CSP violations
    separately, in a normal context (``page_guard`` or ``csp_page``).
    Usage: ``axe_page.goto(url); v = axe_violations(axe_page); assert not v,
    format_violations(v)``.
    """
    context = new_context(bypass_csp=True)
    return context.new_page()


@pytest.fixture
def csp_page(context):
    """A page in a normal (CSP-enforcing) context with the CSP recorder installed;
    read the current document's violations with ``helpers.csp_violations(page)``."""
    install_csp_recorder(context)
    return context.new_page()
