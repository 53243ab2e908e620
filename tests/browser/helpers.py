"""Helpers for real-browser tests (Playwright, sync API).

Importable from any test as ``from helpers import ...`` (pytest.ini puts
tests/browser on sys.path). The fixtures that wrap them live in
tests/browser/conftest.py.

- ``PageGuard``: records console errors, uncaught page errors, failed requests,
  HTTP error responses, CSP violations, and every request to a host other than
  127.0.0.1 (those are blocked, so nothing leaves the machine).
  ``assert_clean()`` fails with a readable list.
- ``axe_violations(page)`` / ``format_violations(...)``: axe-core accessibility
  results, trimmed for assertion messages. Run axe on a page from a context
  created with ``bypass_csp=True`` (the ``axe_page`` fixture): the site's
  strict CSP blocks scripts that tests inject (see that fixture's docstring).
- ``install_csp_recorder(context_or_page)`` / ``csp_violations(page)``: record
  ``securitypolicyviolation`` events with an init script. Use them in a normal
  context (not ``bypass_csp``), or CSP is not enforced at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable
from urllib.parse import urlsplit

ALLOWED_HOSTS = ("127.0.0.1",)
_NETWORK_SCHEMES = ("http", "https", "ws", "wss", "ftp")

# Runs in every document before its own scripts. Pushes each violation to
# window.__cspViolations and, when PageGuard exposed it, to Python as well.
CSP_RECORDER_SCRIPT = """
(() => {
  if (window.__cspRecorderInstalled) return;
  window.__cspRecorderInstalled = true;
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    const v = {
      documentURI: e.documentURI,
      blockedURI: e.blockedURI,
      effectiveDirective: e.effectiveDirective,
      violatedDirective: e.violatedDirective,
      originalPolicy: e.originalPolicy,
      disposition: e.disposition,
      sourceFile: e.sourceFile,
      lineNumber: e.lineNumber,
      columnNumber: e.columnNumber,
      sample: e.sample,
    };
    window.__cspViolations.push(v);
    if (typeof window.__folioReportCspViolation === 'function') {
      try { window.__folioReportCspViolation(v); } catch (err) { /* page closing */ }
    }
  }, true);
})();
"""


# An init script: records every layout shift (not caused by input) in window.__shifts from the first paint on.
LAYOUT_SHIFT_RECORDER = """
window.__shifts = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput)
  window.__shifts.push({value: e.value, sources: e.sources.map((s) => s.node ? s.node.outerHTML.slice(0, 80) : '')});
}).observe({type: 'layout-shift', buffered: true});
"""


def install_csp_recorder(target: Any) -> None:
    """Record CSP violations in every document that ``target`` loads from now on.

    ``target`` is a BrowserContext (all its pages) or a Page. Call it before
    navigating. Read the results with ``csp_violations(page)``.
    """
    target.add_init_script(script=CSP_RECORDER_SCRIPT)


def csp_violations(page: Any, settle_ms: int = 50) -> list[dict]:
    """CSP violations recorded in the page's current document.

    Violation events are dispatched asynchronously, so this waits ``settle_ms``
    inside the page before reading them. Only the current document is seen: a
    navigation starts a fresh list (PageGuard keeps them across navigations).
    """
    return page.evaluate(
        """(ms) => new Promise((resolve) =>
               setTimeout(() => resolve(window.__cspViolations || null), ms))""",
        settle_ms,
    ) or []


def describe_csp_violation(v: dict) -> str:
    where = v.get("sourceFile") or v.get("documentURI") or "?"
    if v.get("lineNumber"):
        where += f":{v['lineNumber']}"
    blocked = v.get("blockedURI") or "?"
    sample = f" sample={v['sample']!r}" if v.get("sample") else ""
    return f"{v.get('effectiveDirective') or v.get('violatedDirective')} blocked {blocked} at {where}{sample}"


def is_allowed_url(url: str, allowed_hosts: Iterable[str] = ALLOWED_HOSTS) -> bool:
    """True for non-network URLs (data:, blob:, about:) and loopback hosts listed."""
    parts = urlsplit(url)
    if parts.scheme not in _NETWORK_SCHEMES:
        return True
    return parts.hostname in set(allowed_hosts)


@dataclass
class PageGuard:
    """Watches one Playwright page; ``assert_clean()`` fails on anything recorded.

    Usage::

        guard = PageGuard(page)           # or the ``page_guard`` fixture
        page.goto(base_url + "/")
        guard.assert_clean()

    - Requests to any host not in ``allowed_hosts`` are aborted (via
      ``page.route``) and recorded; note that routing disables the browser's
      HTTP cache for this page.
    - ``ignore``: regular expressions; a recorded problem whose text matches one
      is dropped (e.g. ``[r"404 \\(Not Found\\)"]`` for a test that visits a
      missing page on purpose). ``assert_clean(ignore=...)`` adds more.
    - CSP violations are recorded through an init script plus an exposed
      function, so they survive navigations. Pass ``csp=False`` to skip.
    """

    page: Any
    allowed_hosts: tuple[str, ...] = ALLOWED_HOSTS
    ignore: tuple[str, ...] = ()
    csp: bool = True
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    error_responses: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    csp_violations: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.allowed_hosts = tuple(self.allowed_hosts)
        self.ignore = tuple(self.ignore)
        self._blocked_urls: set[str] = set()
        page = self.page
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)
        page.route("**/*", self._route)
        if self.csp:
            page.expose_function("__folioReportCspViolation", self._on_csp_violation)
            install_csp_recorder(page)

    # -- event handlers -----------------------------------------------------
    def _route(self, route: Any) -> None:
        url = route.request.url
        if is_allowed_url(url, self.allowed_hosts):
            route.continue_()
        else:
            self._blocked_urls.add(url)
            self.external_requests.append(f"{route.request.method} {url} ({route.request.resource_type})")
            route.abort("blockedbyclient")

    def _on_csp_violation(self, violation: dict) -> None:
        self.csp_violations.append(violation)

    def _on_console(self, msg: Any) -> None:
        if msg.type != "error":
            return
        location = msg.location or {}
        if location.get("url") in self._blocked_urls:
            return  # already reported as an external request
        where = location.get("url") or ""
        if where and location.get("lineNumber") is not None:
            where += f":{location['lineNumber'] + 1}"
        self.console_errors.append(f"{msg.text}" + (f" [{where}]" if where else ""))

    def _on_page_error(self, error: Any) -> None:
        name = getattr(error, "name", "") or "Error"
        message = getattr(error, "message", None) or str(error)
        self.page_errors.append(f"{name}: {message}")

    def _on_request_failed(self, request: Any) -> None:
        if request.url in self._blocked_urls:
            return
        self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def _on_response(self, response: Any) -> None:
        if response.status >= 400:
            self.error_responses.append(f"{response.status} {response.request.method} {response.url}")

    # -- results --------------------------------------------------------------
    def problems(self, ignore: Iterable[str] = ()) -> dict[str, list[str]]:
        """Everything recorded so far, by kind, minus ignored entries."""
        patterns = [re.compile(p) for p in (*self.ignore, *ignore)]
        kinds = {
            "requests to hosts other than " + ", ".join(self.allowed_hosts) + " (blocked)": self.external_requests,
            "uncaught page errors": self.page_errors,
            "console errors": self.console_errors,
            "failed requests": self.failed_requests,
            "HTTP error responses": self.error_responses,
            "CSP violations": [describe_csp_violation(v) for v in self.csp_violations],
        }
        out = {}
        for kind, entries in kinds.items():
            kept = [e for e in entries if not any(p.search(e) for p in patterns)]
            if kept:
                out[kind] = kept
        return out

    def report(self, ignore: Iterable[str] = ()) -> str:
        problems = self.problems(ignore)
        if not problems:
            return "page is clean"
        lines = [f"page {self.page.url} is not clean:"]
        for kind, entries in problems.items():
            lines.append(f"  {kind}:")
            lines.extend(f"    - {e}" for e in entries)
        return "\n".join(lines)

    def assert_clean(self, ignore: Iterable[str] = ()) -> None:
        """Fail with a readable list of everything recorded (minus ``ignore``)."""
        if self.csp and not self.page.is_closed():
            # Violation events are async: let any pending ones arrive.
            self.page.wait_for_timeout(50)
        problems = self.problems(ignore)
        assert not problems, self.report(ignore)

    def clear(self) -> None:
        for entries in (self.console_errors, self.page_errors, self.failed_requests,
                        self.error_responses, self.external_requests, self.csp_violations):
            entries.clear()


# -- accessibility (axe-core via axe-playwright-python) ---------------------------

def axe_violations(page: Any, context: Any = None, options: dict | None = None) -> list[dict]:
    """Run axe-core on the page and return its violations, trimmed for messages.

    Each item: ``{"id", "impact", "help", "helpUrl", "nodes": [{"target", "html",
    "summary"}]}``. The page must come from a context with ``bypass_csp=True``
    (the ``axe_page`` fixture) when the site sends a strict CSP. ``context`` and
    ``options`` are axe.run's (e.g. ``options={"runOnly": ["wcag2a", "wcag2aa"]}``).
    """
    from axe_playwright_python.sync_playwright import Axe

    opts = {"resultTypes": ["violations"], **(options or {})}
    results = Axe().run(page, context=context, options=opts)
    violations = []
    for v in results.response.get("violations", []):
        violations.append({
            "id": v["id"],
            "impact": v.get("impact"),
            "help": v.get("help"),
            "helpUrl": v.get("helpUrl"),
            "nodes": [
                {
                    "target": node.get("target"),
                    "html": node.get("html"),
                    "summary": node.get("failureSummary"),
                }
                for node in v.get("nodes", [])
            ],
        })
    return violations


def format_violations(violations: list[dict], max_nodes: int = 5) -> str:
    """Readable text for an assertion message: ``assert not v, format_violations(v)``."""
    if not violations:
        return "no accessibility violations"
    lines = [f"{len(violations)} accessibility violation(s):"]
    for v in violations:
        lines.append(f"- {v['id']} [{v.get('impact')}] {v.get('help')}")
        for node in v["nodes"][:max_nodes]:
            target = " ".join(map(str, node.get("target") or []))
            html = (node.get("html") or "").replace("\n", " ")
            if len(html) > 160:
                html = html[:157] + "..."
            lines.append(f"    at {target}: {html}")
        if len(v["nodes"]) > max_nodes:
            lines.append(f"    ... and {len(v['nodes']) - max_nodes} more node(s)")
    return "\n".join(lines)
