"""Live reload in Chromium, against a real `flask run` on a copy of the site, as the owner uses it.

Each test starts its own `flask run` (tests/browser/flask_run.py) on a private copy of the site, opens pages,
saves files there and waits (polling, with a deadline) for the page to show the change. "Not reloaded" is a
marker set on `window` that a reload would wipe.

The error cases cover the three ways a page fails in the dev server (folio/web: a content error, a template
error, broken settings); each error page carries the script through the contract's `error_head` hook.

Headless Chromium reports every tab as visible, so the hidden-tab test hides a tab the way the script sees
it: document.visibilityState and a visibilitychange event.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageOps
from playwright.sync_api import expect

from flask_run import FlaskRun
from flask_run import wait_for as _wait_for
from helpers import PageGuard

POLL = "/__folio/livereload?"  # the long poll (the script is /__folio/livereload.js)
TIMEOUT = 15.0  # generous for a 2-core machine running Chromium, Flask and pytest at once
POLL_NOISE = [r"/__folio/livereload"]  # a reload aborts the poll in flight: that is expected


@pytest.fixture
def site(site_root) -> Path:
    return site_root  # tests/conftest.py: a private copy of the site


@pytest.fixture
def server(site):
    with FlaskRun(site) as running:
        yield running


class Polls:
    """The requests to the live-reload endpoint, per page: made, and still open."""

    def __init__(self, context):
        self.made: dict[object, list[str]] = {}
        self.open: dict[object, set] = {}
        context.on("request", self._request)
        context.on("requestfinished", self._done)
        context.on("requestfailed", self._done)

    @staticmethod
    def _page(request):
        try:
            return request.frame.page
        except Exception:
            return None

    def _request(self, request):
        if POLL in request.url:
            page = self._page(request)
            self.made.setdefault(page, []).append(request.url)
            if "wait=0" not in request.url:
                self.open.setdefault(page, set()).add(request)

    def _done(self, request):
        for requests in self.open.values():
            requests.discard(request)

    def long_polls(self, page=None) -> int:
        if page is not None:
            return len(self.open.get(page, ()))
        return sum(len(requests) for requests in self.open.values())


@pytest.fixture
def polls(context):
    return Polls(context)


def wait_for(predicate, timeout=TIMEOUT, message="condition", page=None):
    """flask_run.wait_for, sleeping in Playwright so that its events (requests, responses) keep coming."""
    pump = page or _PUMP[-1]
    return _wait_for(predicate, timeout, message=message, sleep=lambda s: pump.wait_for_timeout(s * 1000))


_PUMP: list = []  # the last page opened: waiting on it lets Playwright dispatch every page's events


@pytest.fixture(autouse=True)
def _fresh_pump():
    yield
    _PUMP.clear()


def open_page(context, url, guard=True):
    page = context.new_page()
    _PUMP.append(page)
    checker = PageGuard(page, ignore=tuple(POLL_NOISE)) if guard else None
    page.goto(url)
    page.evaluate("window.__notReloaded = true")
    return page, checker


def text_of(page) -> str:
    return page.evaluate("document.body ? document.body.innerText : ''")


def wait_text(page, text, timeout=TIMEOUT):
    wait_for(lambda: text in text_of(page), timeout, message=f"{text!r} on {page.url}", page=page)


def reloaded(page) -> bool:
    return page.evaluate("window.__notReloaded !== true")


def listening(polls, page=None):
    """Some tab (or `page`) holds a long poll open: an edit now is seen."""
    wait_for(lambda: polls.long_polls(page) >= 1, TIMEOUT, message="a long poll")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def set_visibility(page, state: str) -> None:
    page.evaluate("""(state) => {
        Object.defineProperty(document, "visibilityState", { configurable: true, get: () => state });
        Object.defineProperty(document, "hidden", { configurable: true, get: () => state === "hidden" });
        document.dispatchEvent(new Event("visibilitychange"));
    }""", state)


# -- each kind of change ------------------------------------------------------------------------

def test_a_page_edit_shows_without_a_manual_reload(context, server, site, polls):
    page, guard = open_page(context, server.url + "/experience/")
    listening(polls, page)
    edit(site / "pages/experience.md", "title: Experience", "title: Experience, live")
    wait_text(page, "Experience, live")
    assert reloaded(page)
    guard.assert_clean()


def test_a_template_edit_shows(context, server, site, polls):
    page, guard = open_page(context, server.url + "/")
    listening(polls, page)
    edit(site / "templates/base.html", '<footer class="site-footer">',
         '<footer class="site-footer">\n  <p>Template edited live</p>')
    wait_text(page, "Template edited live")
    guard.assert_clean()


def test_a_settings_edit_shows(context, server, site, polls):
    page, guard = open_page(context, server.url + "/experience/")
    listening(polls, page)
    edit(site / "site/site.toml", 'title = "Bird Of Paradise AI"', 'title = "Bird Of Paradise Live"')
    wait_text(page, "Bird Of Paradise Live")
    expect(page.locator(".brand")).to_have_text("Bird Of Paradise Live", timeout=TIMEOUT * 1000)
    guard.assert_clean()


def test_a_stylesheet_edit_restyles_without_a_reload(context, server, site, polls):
    page, guard = open_page(context, server.url + "/experience/")
    listening(polls, page)
    footer = page.locator(".site-footer")
    assert footer.evaluate("el => getComputedStyle(el).outlineStyle") == "none"
    href = page.locator('link[rel="stylesheet"]').get_attribute("href")
    css = site / "static/css/site.css"
    css.write_text(css.read_text() + "\n.site-footer { outline: 3px solid rgb(1, 2, 3); }\n")
    wait_for(lambda: footer.evaluate("el => getComputedStyle(el).outlineColor") == "rgb(1, 2, 3)", TIMEOUT,
             message="the new rule applied")
    assert not reloaded(page), "the page was reloaded"
    links = page.locator('link[rel="stylesheet"]')
    wait_for(lambda: links.count() == 1, TIMEOUT, message="the old stylesheet removed")
    new_href = links.get_attribute("href")
    assert new_href != href and new_href.startswith("/css/site.css?v=")
    assert page.evaluate("h => fetch(h).then(r => r.text())", new_href).endswith(
        ".site-footer{outline:3px solid rgb(1,2,3)}")  # the minified stylesheet, versioned as pages link it
    guard.assert_clean()


def test_an_image_edit_shows_its_new_variants_and_an_icon_refreshes_in_place(context, server, site, polls):
    page, guard = open_page(context, server.url + "/experience/")
    listening(polls, page)
    icon = page.locator('link[rel="icon"][type="image/svg+xml"]')
    svg = site / "static/favicon.svg"
    svg.write_text(svg.read_text().replace("</svg>", "<!-- edited --></svg>"))
    wait_for(lambda: "?livereload=" in icon.get_attribute("href"), TIMEOUT, message="the icon loaded again")
    assert not reloaded(page), "the page was reloaded for an icon"
    # The logo is shown from variants (folio/imaging): a new file means new variant names, so the page again.
    logo = page.locator(".brand img")
    before = logo.get_attribute("src")
    assert before.startswith("/_img/")
    path = site / "static/assets/images/fairy.jpg"
    with Image.open(path) as image:
        ImageOps.invert(image.convert("RGB")).save(path, "JPEG")  # same size, other pixels
    wait_for(lambda: reloaded(page), TIMEOUT, message="a reload for an edited image")
    wait_for(lambda: logo.get_attribute("src") not in (None, before) and logo.evaluate("img => img.complete"),
             TIMEOUT, message="the new variant shown")
    assert logo.evaluate("img => img.naturalWidth") > 0
    guard.assert_clean()


# -- what a reload keeps --------------------------------------------------------------------------

def expand(page, slug):
    toggle = page.locator(f'a.role-toggle[aria-controls="{slug}--details"]')
    toggle.click()
    expect(page.locator(f"#{slug}--details")).to_be_visible(timeout=TIMEOUT * 1000)
    return toggle


def test_expanded_roles_stay_expanded_and_the_scroll_position_is_kept(context, server, site, polls):
    page, guard = open_page(context, server.url + "/experience/")
    page.set_viewport_size({"width": 800, "height": 500})
    listening(polls, page)
    for slug in ("independent-ai-researcher", "data-science-technical-lead"):
        expand(page, slug)
    page.evaluate("document.getElementById('data-science-technical-lead').scrollIntoView()")
    y = page.evaluate("window.scrollY")
    assert y > 300, "the page must be scrolled for this test to mean something"
    edit(site / "pages/experience.md", "I lead self-directed", "I now lead self-directed")
    wait_text(page, "I now lead self-directed")  # in the details of a role that is expanded again
    assert reloaded(page)
    for slug in ("independent-ai-researcher", "data-science-technical-lead"):
        expect(page.locator(f'a.role-toggle[aria-controls="{slug}--details"]')).to_have_attribute(
            "aria-expanded", "true", timeout=TIMEOUT * 1000)
    expect(page.locator("#principal-data-scientist--details")).to_be_hidden()
    wait_for(lambda: abs(page.evaluate("window.scrollY") - y) <= 1, TIMEOUT, message=f"scrollY back at {y}")
    guard.assert_clean()


# -- errors -------------------------------------------------------------------------------------

@pytest.mark.parametrize("broken, fixed, where", [
    ("pages/experience.md", ("title: Experience", "title: [Experience"), "pages/experience.md:3:"),
    ("templates/layouts/page.html", ("{% block main %}", "{% block main %}{{ oops( }}"),
     "templates/layouts/page.html:2:"),
    ("site/site.toml", ('title = "Bird Of Paradise AI"', 'title = "Bird Of Paradise AI'), "site/site.toml:4:"),
], ids=["page", "template", "settings"])
def test_an_error_shows_then_the_page_comes_back_when_fixed(context, server, site, polls, broken, fixed, where):
    page, guard = open_page(context, server.url + "/experience/")
    listening(polls, page)
    expand(page, "principal-data-scientist")
    path = site / broken
    original = path.read_text(encoding="utf-8")
    edit(path, *fixed)
    wait_text(page, where)
    assert page.locator("main").inner_text().count(where) == 1
    listening(polls, page)  # the error page listens too
    path.write_text(original, encoding="utf-8")
    wait_text(page, "Designing and deploying pricing models")  # the page, with its role expanded again
    expect(page.locator('a.role-toggle[aria-controls="principal-data-scientist--details"]')).to_have_attribute(
        "aria-expanded", "true", timeout=TIMEOUT * 1000)
    # The error page answers with 500; while the settings are broken, so do the stylesheet and the icon
    # (folio/web/__init__.py, check_snapshot: every URL shows that error), which the error page does without.
    guard.assert_clean(ignore=[r"^500 GET .*/(experience/|favicon\.svg)$", r"status of 500 .*:1\]$",
                               r"css/site\.css\?v=\w+(' because its MIME type|: net::ERR_ABORTED)"])


# -- tabs and connections ---------------------------------------------------------------------------

def test_a_hidden_tab_stops_polling_and_catches_up_when_shown(context, server, site, polls):
    hidden, _ = open_page(context, server.url + "/experience/")
    shown, guard = open_page(context, server.url + "/experience/")
    listening(polls)
    set_visibility(hidden, "hidden")
    wait_for(lambda: polls.long_polls(hidden) == 0, TIMEOUT, message="the hidden tab's poll ended")
    listening(polls, shown)  # the visible tab took over
    made = len(polls.made.get(hidden, []))
    edit(site / "pages/experience.md", "title: Experience", "title: Experience, seen later")
    wait_text(shown, "Experience, seen later")
    shown.wait_for_timeout(500)  # give a hidden tab that still listened the time to react
    assert not reloaded(hidden) and "seen later" not in text_of(hidden)
    assert len(polls.made.get(hidden, [])) == made, "the hidden tab asked the server"
    set_visibility(hidden, "visible")
    wait_text(hidden, "Experience, seen later")
    guard.assert_clean()


def test_many_tabs_hold_one_connection_and_navigation_is_not_blocked(context, server, site, polls):
    tabs = [open_page(context, server.url + url, guard=False)[0]
            for url in ["/experience/", "/", "/talks/", "/experience/all/"] * 2]
    listening(polls)
    for tab in tabs:  # every tab has started (each asks once what changed while it loaded)
        wait_for(lambda: polls.made.get(tab), TIMEOUT, message="each tab started")
    tabs[0].wait_for_timeout(300)
    assert polls.long_polls() == 1, "one tab polls for all of them"
    extra = context.new_page()
    _PUMP.append(extra)
    for url in ["/experience/principal-data-scientist/", "/talks/", "/experience/"]:
        extra.goto(server.url + url, timeout=10_000)  # blocked, it would wait for a poll to end (25 s)
    edit(site / "templates/base.html", '<footer class="site-footer">',
         '<footer class="site-footer">\n  <p>Every tab sees this</p>')
    for tab in tabs:
        wait_text(tab, "Every tab sees this")


def test_without_web_locks_each_visible_tab_polls_for_itself(context, server, site, polls):
    context.add_init_script("Object.defineProperty(navigator, 'locks', { value: undefined });")
    tabs = [open_page(context, server.url + "/experience/")[0] for _ in range(2)]
    for tab in tabs:
        listening(polls, tab)
    edit(site / "pages/experience.md", "title: Experience", "title: Experience, per tab")
    for tab in tabs:
        wait_text(tab, "Experience, per tab")


def test_under_debug_a_restart_reloads_the_page(context, site, polls):
    with FlaskRun(site, "--debug") as server:
        page, _ = open_page(context, server.url + "/experience/", guard=False)
        listening(polls, page)
        boot = page.evaluate("document.querySelector('script[data-boot]').dataset.boot")
        app = site / "app.py"
        app.write_text(app.read_text() + "\n# changed\n")  # Werkzeug's reloader restarts the server
        wait_for(lambda: reloaded(page), 30, message="a reload after the restart")
        wait_for(lambda: page.evaluate("document.querySelector('script[data-boot]').dataset.boot") != boot,
                 TIMEOUT, message="the page from the new server")
        edit(site / "pages/experience.md", "title: Experience", "title: Experience, after restart")
        wait_text(page, "Experience, after restart")
        assert server.output().count("Live reload") == 1  # said once, by the process the owner started


# -- never in the build --------------------------------------------------------------------------

def test_the_frozen_site_opens_no_reload_connection(page_guard, static_server, frozen_root):
    page = page_guard.page
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    base = static_server(frozen_root)
    for url in ["/", "/experience/", "/talks/transformer-from-scratch/", "/404.html"]:
        page.goto(base + url)
        page.wait_for_load_state("networkidle")
        assert page.locator("script[data-endpoint], script[src*='livereload']").count() == 0
    assert requests and not [url for url in requests if "livereload" in url or "__folio" in url]
    page_guard.assert_clean(ignore=[r"404 .*/404\.html"])
