"""The frozen site in a real browser, at the domain root and under a GitHub Pages project sub-path."""
import time
from pathlib import Path

import pytest

from helpers import LAYOUT_SHIFT_RECORDER, PageGuard, axe_violations, format_violations

BASES = ["root", "subpath"]


@pytest.fixture(scope="module")
def served(static_server, frozen_root, frozen_subpath):
    """base name -> (URL of the site's root, the build folder)."""
    return {
        "root": (static_server(frozen_root) + "/", frozen_root),
        "subpath": (static_server(frozen_subpath) + "/site/", frozen_subpath / "site"),
    }


def page_paths(build: Path) -> list[str]:
    """Every full page of the build (fragments, such as a role's details, are parts of pages)."""
    paths = [f.relative_to(build).as_posix()[: -len("index.html")] for f in sorted(build.rglob("index.html"))]
    return paths + ["404.html"]


@pytest.mark.parametrize("base", BASES)
def test_every_page_loads_cleanly_and_passes_axe(served, base, page, axe_page):
    site, build = served[base]
    guard = PageGuard(page)
    paths = page_paths(build)
    assert "" in paths and "experience/" in paths and "404.html" in paths
    for path in paths:
        response = page.goto(site + path)
        assert response.status == 200, path
        assert page.locator("h1").count() >= 1, path
        assert page.evaluate("getComputedStyle(document.body).display") == "flex", f"CSS missing on {path}"
        axe_page.goto(site + path)
        violations = axe_violations(axe_page)
        assert not violations, f"{path}: " + format_violations(violations)
    guard.assert_clean()


@pytest.mark.parametrize("base", BASES)
def test_boosted_navigation_swaps_main_and_updates_title_url_nav_and_focus(served, base, page):
    site, _ = served[base]
    guard = PageGuard(page)
    page.goto(site)
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Experience").click()
    page.wait_for_url(site + "experience/")
    page.wait_for_function("document.title.startsWith('Experience')")
    assert page.evaluate("window.__sameDocument") is True, "navigation reloaded the whole page"
    assert page.locator("main h1").inner_text() == "Experience"
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Experience").get_attribute("aria-current") == "page"
    assert nav.get_by_role("link", name="Home").get_attribute("aria-current") is None
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")
    page.go_back()
    page.wait_for_url(site)
    page.wait_for_function("!document.title.startsWith('Experience')")
    guard.assert_clean()


def test_navigation_without_javascript_is_plain_links(served, browser):
    site, _ = served["subpath"]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site)
    page.get_by_role("link", name="Experience").first.click()
    page.wait_for_url(site + "experience/")
    assert page.locator("main h1").inner_text() == "Experience"
    context.close()


def test_unknown_url_shows_the_404_page(served, page):
    site, _ = served["root"]
    response = page.goto(site + "no/such/page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.evaluate("getComputedStyle(document.body).display") == "flex"


def test_narrow_phone_has_no_horizontal_scroll(served, browser):
    site, _ = served["root"]
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in ("", "experience/"):
        page.goto(site + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    context.close()


def test_nothing_moves_when_the_scripts_arrive_after_the_first_paint(served, page):
    """The scripts are deferred: on a slow phone the page paints first, and what they enhance must not
    push the text the visitor has started reading (the roles' buttons once did, by 43 px)."""
    site, build = served["root"]
    page.route("**/js/site.bundle.js*", lambda route: (time.sleep(0.5), route.continue_()))
    page.add_init_script(LAYOUT_SHIFT_RECORDER)
    page.set_viewport_size({"width": 412, "height": 900})
    talk = next(p for p in page_paths(build) if p.startswith("talks/") and p != "talks/")
    for path in ["", "experience/", "talks/", talk]:
        page.goto(site + path, wait_until="networkidle")
        page.wait_for_function("window.htmx !== undefined")
        assert page.evaluate("window.__shifts") == [], f"/{path} on a 412 px phone"
