"""The minified and bundled assets in a real browser: the minified stylesheet styles every element exactly as
its source does, and talks.js comes along when a boosted navigation brings a talk onto a page without it."""
import datetime as dt

import pytest
from playwright.sync_api import expect

from folio import REPO_ROOT

SOURCE_CSS = (REPO_ROOT / "static" / "css" / "site.css").read_text()
NAVIGATION_NOISE = [r"/favicon\.(svg|ico): net::ERR_ABORTED"]

# Every element's computed value of every CSS property, ::before and ::after included.
COMPUTED_STYLES = """() => Array.from(document.querySelectorAll("*")).flatMap((el, i) =>
  [null, "::before", "::after"].map((pseudo) => {
    const style = getComputedStyle(el, pseudo);
    return i + (pseudo || "") + " " + el.tagName + " " + Array.from(style).map((p) => p + ":" + style.getPropertyValue(p)).join(";");
  }))"""


def first_difference(minified: str, source: str) -> str:
    element = minified.split(" ", 2)[:2]
    pairs = zip(minified.split(" ", 2)[2].split(";"), source.split(" ", 2)[2].split(";"))
    return " ".join(element) + ": " + next(f"{a} (minified) vs {b} (source)" for a, b in pairs if a != b)


def styles(page, url, css=None):
    page.unroute("**/css/site.css?v=*")
    if css is not None:
        page.route("**/css/site.css?v=*", lambda route: route.fulfill(body=css, content_type="text/css"))
    page.goto(url)
    expect(page.locator("main")).to_be_visible()
    return page.evaluate(COMPUTED_STYLES)


@pytest.mark.parametrize("media", [{"color_scheme": "light"}, {"color_scheme": "dark"}, {"media": "print"}],
                         ids=["light", "dark", "print"])
@pytest.mark.parametrize("path", ["/", "/experience/", "/talks/transformer-from-scratch/"])
def test_the_minified_stylesheet_styles_every_element_as_its_source_does(frozen_root, static_server, page, media, path):
    page.emulate_media(**media)
    url = static_server(frozen_root) + path
    served = (frozen_root / "css" / "site.css").read_text()
    assert len(served) < len(SOURCE_CSS)
    minified, source = styles(page, url), styles(page, url, SOURCE_CSS)
    assert len(minified) > 100
    assert len(minified) == len(source)
    differing = [first_difference(a, b) for a, b in zip(minified, source) if a != b]
    assert not differing, f"{len(differing)} element(s) differ, first: {differing[0]}"


# Called before each frame is painted: notes a visible talk banner.
WATCH_BANNER = """() => {
  window.bannerPainted = false;
  (function check() {
    const banner = document.querySelector(".talk-banner");
    if (banner && banner.getClientRects().length) window.bannerPainted = true;
    requestAnimationFrame(check);
  })();
}"""


def test_a_boosted_navigation_brings_talks_js_once_and_never_paints_a_dismissed_banner(frozen_root, static_server,
                                                                                         page_guard):
    page = page_guard.page
    page.clock.set_fixed_time(dt.datetime(2025, 12, 2, 9, 0, tzinfo=dt.timezone.utc))  # a week before the talk
    base = static_server(frozen_root)
    talks_requests = []
    page.on("request", lambda request: "/js/talks.js" in request.url and talks_requests.append(request.url))
    page.goto(base + "/")
    page.get_by_role("button", name="Dismiss this announcement").click()
    page.goto(base + "/experience/")
    assert page.locator('script[src*="talks.js"]').count() == 0, "the Experience page does without it"
    talks_requests.clear()
    page.evaluate(WATCH_BANNER)
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Home").click()
    expect(page).to_have_url(base + "/")
    expect(page.locator(".talk-banner")).to_be_hidden()
    nav.get_by_role("link", name="Talks").click()
    expect(page).to_have_url(base + "/talks/")
    # Built today (after the talk), the page says past; the visitor's clock says a week to go.
    talk = page.locator("li.talk-item")
    expect(talk).to_have_attribute("data-state", "upcoming")
    expect(page.locator("[data-talk-group=upcoming] li.talk-item")).to_have_count(1)
    assert page.evaluate("window.bannerPainted") is False, "the dismissed banner was painted"
    assert [url.split("?")[0] for url in talks_requests] == [base + "/js/talks.js"]
    page_guard.assert_clean(ignore=NAVIGATION_NOISE)
