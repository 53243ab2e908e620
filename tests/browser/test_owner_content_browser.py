"""The owner's raw HTML and data in a real browser: inline styles apply under the strict CSP (no violation, no
console error), on a frozen build, after a boosted navigation and in the dev server; the home page's section
cards are accessible, fit 320 px, do not shift and lead where they say."""
import re
import shutil
import threading

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from playwright.sync_api import expect
from werkzeug.serving import make_server

from folio import REPO_ROOT, create_app
from folio.build.pipeline import build
from folio.content.styles import StyleError, style_rule
from helpers import PageGuard, axe_violations, csp_violations, format_violations, install_csp_recorder

# The About page of the issue: icons shown inline with style attributes (five CSP violations before).
ABOUT = """---
title: About
navigation: true
---

Find me on
<img src="/assets/images/fairy.jpg" alt="Hugging Face" width="20" height="20" style="display: inline-block;">
<img src="/assets/images/fairy.jpg" alt="GitHub" width="20" height="20" style="display: inline-block;">
<img src="/assets/images/fairy.jpg" alt="LinkedIn" width="20" height="20" style="display: inline-block;">
<img src="/assets/images/fairy.jpg" alt="X" width="20" height="20" style="display: inline-block;">
<img src="/assets/images/fairy.jpg" alt="Mastodon" width="20" height="20" style="display: inline-block; vertical-align: middle">

<p>Some <span class="big" style="font-size: 2em">big</span> words, <b style="color: var(--accent)">in colour</b>.</p>

| Model | Parameters |
|:------|-----------:|
| tiny  | 1 M        |
"""
SECTIONS = """\
- title: About
  link: /about/
  excerpt: Who I am and what I work on.
  icons: ["🐦"]
- title: Experience
  link: /experience/
  excerpt: Roles and research, from pretraining to distributed systems.
  icons: [assets/images/fairy.jpg, "🧠"]
- title: Talks
  link: /talks/
  excerpt: Upcoming and past talks.
"""
NAVIGATION_NOISE = [r"/favicon\.(svg|ico): net::ERR_ABORTED"]


def owner_copy(root):
    for part in ("pages", "site", "static", "templates"):
        shutil.copytree(REPO_ROOT / part, root / part)
    (root / "pages" / "about.md").write_text(ABOUT)
    (root / "site" / "data").mkdir()
    (root / "site" / "data" / "sections.yml").write_text(SECTIONS)
    return root


@pytest.fixture(scope="module")
def owner_site(tmp_path_factory, static_server):
    """The site with the About page and section cards, frozen at the root and under /site/."""
    root = owner_copy(tmp_path_factory.mktemp("owner-site"))
    build(root, root / "build", base_url="https://owner.example/")
    build(root, root / "sub" / "site", base_url="https://owner.github.io/site/")
    return {"root": static_server(root / "build"), "subpath": static_server(root / "sub") + "/site"}


def styles_of_about(page) -> dict:
    return page.evaluate("""() => ({
        icons: Array.from(document.querySelectorAll("article img")).map((img) => getComputedStyle(img).display),
        middle: getComputedStyle(document.querySelectorAll("article img")[4]).verticalAlign,
        big: parseFloat(getComputedStyle(document.querySelector(".big")).fontSize)
             / parseFloat(getComputedStyle(document.querySelector(".big").parentElement).fontSize),
        accent: getComputedStyle(document.querySelector("article b")).color
                === getComputedStyle(document.querySelector(".skip-link")).backgroundColor,  // var(--accent)
        right: getComputedStyle(document.querySelectorAll("article th")[1]).textAlign,
        styleAttributes: document.querySelectorAll("[style]").length,
    })""")


EXPECTED = {"icons": ["inline-block"] * 5, "middle": "middle", "big": 2, "accent": True, "right": "right",
            "styleAttributes": 0}


@pytest.mark.parametrize("base", ["root", "subpath"])
def test_inline_styles_apply_without_a_csp_violation(owner_site, page_guard, base):
    page = page_guard.page
    stylesheets = []
    page.on("request", lambda request: request.resource_type == "stylesheet" and stylesheets.append(request.url))
    page.goto(owner_site[base] + "/about/")
    assert styles_of_about(page) == EXPECTED
    assert sum("/css/inline-styles.css?v=" in url for url in stylesheets) == 1
    page_guard.assert_clean()


def test_pages_without_inline_styles_do_not_fetch_the_stylesheet(owner_site, page_guard):
    page = page_guard.page
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ("/", "/experience/", "/talks/"):
        page.goto(owner_site["root"] + path)
    assert not [url for url in requests if "inline-styles" in url]
    page_guard.assert_clean(ignore=NAVIGATION_NOISE)


def test_a_boosted_navigation_brings_the_styles_along(owner_site, page_guard):
    page = page_guard.page
    page.goto(owner_site["root"] + "/experience/")
    page.evaluate("window.sameDocument = true")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="About").click()
    expect(page).to_have_url(owner_site["root"] + "/about/")
    expect(page.locator("article img").first).to_have_css("display", "inline-block")
    assert page.evaluate("window.sameDocument") is True, "the navigation swapped <main>, not the page"
    assert styles_of_about(page) == EXPECTED
    page_guard.assert_clean(ignore=NAVIGATION_NOISE)


# -- the dev server, and styles of any shape --------------------------------------------------------

@pytest.fixture(scope="module")
def dev_server(tmp_path_factory):
    """`flask run` on a copy of the site: (its URL, the copy), for edits between page loads."""
    root = owner_copy(tmp_path_factory.mktemp("dev-site"))
    server = make_server("127.0.0.1", 0, create_app(root), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", root
    server.shutdown()
    thread.join(timeout=5)


def test_the_dev_server_serves_the_styles_under_the_csp(dev_server, page_guard):
    base, _ = dev_server
    page_guard.page.goto(base + "/about/")
    assert styles_of_about(page_guard.page) == EXPECTED
    page_guard.assert_clean()


NAMES = st.sampled_from(["color", "display", "font-size", "--x", "--Shade", "margin", "BACKGROUND-COLOR", "content",
                         "width", "grid-template-columns", "font-family", "transform"])
PIECES = st.sampled_from(["red", "1px", "2em", "var(--x)", "var(--Shade, blue)", "calc(1px + 2px)", "'a;b'", '"x y"',
                          "!important", "inline-block", "#abc", "50%", "auto", "(", ")", ":", ",", "/", "*", "é",
                          "repeat(2, 1fr)", "rotate(3deg)", "}", "{", "<", "@import", "url(x.png)", "/*", "\\", ";"])
DECLARATION = st.builds(lambda name, pieces, gap: f"{name}:{gap}{gap.join(pieces)}", NAMES,
                        st.lists(PIECES, min_size=1, max_size=4), st.sampled_from([" ", "", "  ", "\n"]))
STYLE = st.lists(DECLARATION, min_size=1, max_size=3).map("; ".join)


def movable(style: str) -> bool:
    try:
        return style_rule(style) is not None
    except StyleError:
        return False


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(styles=st.lists(STYLE.filter(movable), min_size=1, max_size=6))
def test_no_style_breaks_out_of_the_stylesheet_or_trips_the_csp(dev_server, context, styles):
    """Whatever the owner writes that the build accepts, the stylesheet holds one plain rule per style."""
    base, root = dev_server
    elements = "\n".join(f'<span id="e{i}" style="{style.replace(chr(34), "&quot;")}">{i}</span>'
                         for i, style in enumerate(styles))
    (root / "pages" / "fuzz.md").write_text(f"---\ntitle: Fuzz\n---\n\n<div>\n{elements}\n</div>\n")
    install_csp_recorder(context)
    page = context.new_page()
    response = page.goto(base + "/fuzz/")
    assert response.status == 200
    rules = page.evaluate("""() => {
        const sheet = Array.from(document.styleSheets).find((s) => (s.href || "").includes("inline-styles.css"));
        return Array.from(sheet.cssRules).map((rule) => [rule.constructor.name, rule.selectorText]);
    }""")
    expected = {style_rule(style).cls for style in styles}
    assert all(kind == "CSSStyleRule" and re.fullmatch(r"\.s-[0-9a-f]{10}", selector) for kind, selector in rules), rules
    assert {selector[1:] for _, selector in rules} >= expected
    classes = page.evaluate("() => Array.from(document.querySelectorAll('[id^=e]')).map((el) => el.className)")
    assert classes == [style_rule(style).cls for style in styles]
    assert csp_violations(page) == []
    page.close()


# -- section cards ----------------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_cards_pass_axe(owner_site, axe_page, scheme):
    axe_page.emulate_media(color_scheme=scheme)
    axe_page.goto(owner_site["root"] + "/")
    expect(axe_page.locator(".card")).to_have_count(3)
    violations = axe_violations(axe_page)
    assert not violations, format_violations(violations)


def test_each_card_is_one_link_named_by_its_title(owner_site, page_guard):
    page = page_guard.page
    page.goto(owner_site["subpath"] + "/")
    cards = page.locator(".card")
    assert [cards.nth(i).get_by_role("link").inner_text() for i in range(3)] == ["About", "Experience", "Talks"]
    assert page.get_by_role("heading", level=2, name="Experience").count() == 1
    assert page.locator(".card-icons img").get_attribute("alt") == ""
    excerpt = page.locator(".card").nth(1).get_by_text("Roles and research")
    excerpt.scroll_into_view_if_needed()
    excerpt = excerpt.bounding_box()
    page.mouse.click(excerpt["x"] + 5, excerpt["y"] + 5)  # the title's link covers the whole card
    expect(page).to_have_url(owner_site["subpath"] + "/experience/")
    page_guard.assert_clean(ignore=NAVIGATION_NOISE)


@pytest.mark.parametrize("width", [320, 768, 1280])
def test_the_cards_fit_from_320_px_up_and_do_not_shift(owner_site, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(owner_site["root"] + "/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    boxes = page.locator(".card").evaluate_all("cards => cards.map((c) => c.getBoundingClientRect().toJSON())")
    main = page.locator("main").bounding_box()
    assert all(box["left"] >= main["x"] - 0.5 and box["right"] <= main["x"] + main["width"] + 0.5 for box in boxes)
    columns = len({round(box["left"]) for box in boxes})
    assert columns == (1 if width == 320 else 3)
    shift = page.evaluate("""() => new Promise((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => { for (const e of list.getEntries()) total += e.value; })
            .observe({ type: "layout-shift", buffered: true });
        setTimeout(() => resolve(total), 300);
    })""")
    assert shift == 0
    context.close()
