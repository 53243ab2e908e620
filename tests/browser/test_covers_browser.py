"""A page with a cover in a real browser, on a site with images like the owner's (bench/photos.py: the
6000×4000 cover on the home page, the 1080×1080 logo): nothing moves while the photo loads, axe passes in light
and dark, the hero fits from 320 px, and Lighthouse mobile scores it."""
import time

import pytest

from bench.photos import owner_site
from folio.build.pipeline import build
from helpers import LAYOUT_SHIFT_RECORDER, PageGuard, axe_violations, format_violations
from test_lighthouse import CATEGORIES, FLOOR, audit

# Records every layout shift and the largest contentful paint from the very first paint on.
OBSERVE = LAYOUT_SHIFT_RECORDER + """
window.__lcp = null;
new PerformanceObserver((list) => { const all = list.getEntries(); const last = all[all.length - 1];
  window.__lcp = {tag: last.element ? last.element.className || last.element.tagName : '', url: last.url};
}).observe({type: 'largest-contentful-paint', buffered: true});
"""


@pytest.fixture(scope="module")
def owner_like(tmp_path_factory, static_server):
    """(base URL, build) of the owner-like site frozen at the root, and under /site/."""
    root = owner_site(tmp_path_factory.mktemp("owner-like") / "site")
    builds = {}
    for name, base_url in (("root", "https://owner.example/"), ("subpath", "https://owner.github.io/site/")):
        serve_root = tmp_path_factory.mktemp(f"owner-like-{name}")
        dest = serve_root / "site" if name == "subpath" else serve_root / "build"
        build(root, dest, base_url=base_url)
        served = static_server(dest.parent if name == "subpath" else dest)
        builds[name] = (served + ("/site/" if name == "subpath" else "/"), dest)
    return builds


@pytest.mark.parametrize("base", ["root", "subpath"])
def test_nothing_moves_while_the_cover_loads(owner_like, base, page):
    site, _ = owner_like[base]
    guard = PageGuard(page)
    requests = []

    def slow_images(route):
        if route.request.resource_type == "image" and "favicon" not in route.request.url:
            requests.append(route.request.url)
            time.sleep(1.5)  # the photo (every image) arrives well after the text has painted
        route.continue_()
    page.route("**/*", slow_images)
    page.add_init_script(OBSERVE)
    page.set_viewport_size({"width": 412, "height": 915})
    page.goto(site, wait_until="commit")
    page.wait_for_selector(".cover h1")
    box_before = page.locator(".cover").bounding_box()
    # The photo, once decoded and painted, is the page's largest paint.
    for _ in range(150):
        if page.evaluate("window.__lcp && window.__lcp.tag") == "cover-image":
            break
        page.wait_for_timeout(100)
    chosen = page.evaluate("document.querySelector('.cover-image').currentSrc")
    assert page.evaluate("window.__lcp") == {"tag": "cover-image", "url": chosen}
    assert page.locator(".cover").bounding_box() == box_before
    assert page.evaluate("window.__shifts") == []
    srcset = page.locator(".cover-image").get_attribute("srcset")
    origin = "/".join(site.split("/")[:3])
    cover_urls = {origin + candidate.split()[0] for candidate in srcset.split(", ")}
    assert [url for url in requests if url in cover_urls] == [chosen]  # preload and <img>: one download
    guard.assert_clean()


def test_a_boosted_navigation_brings_the_cover_in_and_takes_it_away(owner_like, page):
    site, _ = owner_like["subpath"]
    guard = PageGuard(page)
    page.goto(site + "experience/")
    assert page.locator(".cover").count() == 0
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    page.wait_for_url(site)
    page.wait_for_selector(".cover h1")
    assert page.evaluate("window.__sameDocument") is True  # swapped in place by htmx, not reloaded
    page.wait_for_function("document.querySelector('.cover-image').complete")
    assert page.evaluate("document.querySelector('.cover-image').naturalWidth") > 0
    assert page.locator("main h1").count() == 1
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Experience").click()
    page.wait_for_url(site + "experience/")
    page.wait_for_function("!document.querySelector('.cover')")
    guard.assert_clean()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_page_with_a_cover_passes_axe(owner_like, scheme, axe_page):
    site, _ = owner_like["root"]
    axe_page.emulate_media(color_scheme=scheme)
    axe_page.goto(site)
    axe_page.wait_for_function("document.querySelector('.cover-image').complete")
    violations = axe_violations(axe_page)
    assert not violations, format_violations(violations)


@pytest.mark.parametrize("width", [320, 412, 1280])
def test_the_hero_fits_the_screen(owner_like, width, page):
    site, _ = owner_like["root"]
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    cover, title = page.locator(".cover").bounding_box(), page.locator(".cover h1").bounding_box()
    image = page.locator(".cover-image").bounding_box()
    assert image == cover  # the photo fills the box it was given
    assert cover["x"] >= 0 and cover["x"] + cover["width"] <= width
    assert cover["y"] <= title["y"] and title["y"] + title["height"] <= cover["y"] + cover["height"]
    assert cover["height"] >= 224  # 14rem: room for the title on a narrow phone
    color = page.evaluate("getComputedStyle(document.querySelector('.cover h1')).color")
    assert color == "rgb(255, 255, 255)"


def test_a_phone_downloads_a_photo_of_its_width(owner_like, new_context):
    """412 CSS px at DPR 1.75 want 721 pixels: the phone gets the 800 px variant, not the 1.6 MB original."""
    site, _ = owner_like["root"]
    page = new_context(viewport={"width": 412, "height": 915}, device_scale_factor=1.75, is_mobile=True).new_page()
    images = []
    page.on("response", lambda response: images.append(response) if response.request.resource_type == "image"
            else None)
    page.goto(site, wait_until="networkidle")
    chosen = page.evaluate("document.querySelector('.cover-image').currentSrc")
    assert chosen.endswith("-800.webp")
    cover = [response for response in images if response.url == chosen]
    assert len(cover) == 1 and len(cover[0].body()) < 150_000
    assert not any(response.url.endswith("/assets/images/cover.jpg") for response in images)


@pytest.mark.lighthouse
def test_lighthouse_mobile_on_the_page_with_the_big_cover(owner_like, lighthouse_ready, tmp_path):
    site, _ = owner_like["root"]
    scores = audit(site, "mobile", tmp_path / "report.json")
    print("lighthouse mobile / (6000×4000 cover) " + " ".join(f"{k} {v}" for k, v in scores.items()))
    assert all(scores[name] >= FLOOR for name in CATEGORIES), scores


@pytest.fixture
def lighthouse_ready(browser_type_launch_args):
    import os

    from test_lighthouse import LIGHTHOUSE
    if not LIGHTHOUSE.exists():
        pytest.fail("Lighthouse is not installed: run `npm ci` (make test does)")
    os.environ["CHROME_PATH"] = browser_type_launch_args["executable_path"]
