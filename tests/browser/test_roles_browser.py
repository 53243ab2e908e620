"""The Experience page in Chromium, on frozen builds at the domain root and under /site/."""
import pytest
from playwright.sync_api import expect

from helpers import axe_violations, format_violations

SLUGS = ["independent-ai-researcher", "principal-data-scientist", "senior-machine-learning-engineer",
         "data-science-technical-lead", "senior-quantitative-analyst"]
DETAILS = ["I lead self-directed foundational AI research", "Designing and deploying pricing models",
           "Founding member of a 3D perception team", "Led a small data science team",
           "Developed quantitative models for electricity trading"]
WHERE = ["root", "sub"]


@pytest.fixture(scope="module")
def bases(static_server, frozen_root, frozen_subpath):
    return {"root": static_server(frozen_root) + "/", "sub": static_server(frozen_subpath) + "/site/"}


@pytest.fixture(params=WHERE)
def base(request, bases):
    return bases[request.param]


def regions(page):
    return [page.locator(f"#{slug}--details") for slug in SLUGS]


def toggle(page, slug):
    return page.locator(f'a.role-toggle[aria-controls="{slug}--details"]')


def fragment_requests(page):
    requests = []
    page.on("request", lambda r: requests.append(r.url) if r.url.endswith(".html") else None)
    return requests


def test_every_role_opens_on_one_click_and_folds_on_the_next_fetching_once(page_guard, base):
    page = page_guard.page
    fetched = fragment_requests(page)
    page.goto(base + "experience/")
    for slug, region, details in zip(SLUGS, regions(page), DETAILS):
        link = toggle(page, slug)
        expect(region).to_be_hidden()
        link.click()
        expect(region).to_be_visible()
        expect(region).to_contain_text(details)
        expect(link).to_have_attribute("aria-expanded", "true")
        link.click()
        expect(region).to_be_hidden()
        expect(link).to_have_attribute("aria-expanded", "false")
        link.click()
        expect(region).to_be_visible()
    assert fetched == [f"{base}experience/{slug}.html" for slug in SLUGS]
    # While a fragment loads, htmx puts .htmx-request on the toggle: the stylesheet alone shows a spinner.
    spinner = toggle(page, SLUGS[0]).evaluate("""el => { el.classList.add("htmx-request");
        const after = getComputedStyle(el, "::after"); const seen = [after.content, after.animationName];
        el.classList.remove("htmx-request"); return seen; }""")
    assert spinner == ['""', "role-spin"]
    assert page.url == base + "experience/"
    page_guard.assert_clean()


def test_the_keyboard_works_with_enter_and_space_and_focus_shows(page_guard, base):
    page = page_guard.page
    page.goto(base + "experience/")
    link, region = toggle(page, SLUGS[1]), regions(page)[1]
    link.focus()
    page.keyboard.press("Enter")
    expect(region).to_contain_text(DETAILS[1])
    page.keyboard.press("Space")
    expect(region).to_be_hidden()
    page.keyboard.press("Space")
    expect(region).to_be_visible()
    assert page.evaluate("window.scrollY") == 0  # Space did not scroll the page
    assert link.evaluate("el => el.matches(':focus-visible') && getComputedStyle(el).outlineStyle") == "solid"
    page_guard.assert_clean()


def test_expand_all_and_collapse_all_after_arriving_through_the_navigation(page_guard, base):
    page = page_guard.page
    page.goto(base)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Experience").click()
    expect(page).to_have_url(base + "experience/")
    page.get_by_role("button", name="Expand all").click()
    for region, details in zip(regions(page), DETAILS):
        expect(region).to_contain_text(details)
        expect(region).to_be_visible()
    page.get_by_role("button", name="Collapse all").click()
    for region in regions(page):
        expect(region).to_be_hidden()
    page_guard.assert_clean()


def test_a_deep_link_opens_the_role_and_scrolls_to_it(page_guard, base):
    page = page_guard.page
    page.set_viewport_size({"width": 800, "height": 400})
    page.goto(base + "experience/#senior-quantitative-analyst")
    region = regions(page)[4]
    expect(region).to_contain_text(DETAILS[4])
    expect(page.locator("#senior-quantitative-analyst")).to_be_in_viewport()
    assert all(r.is_hidden() for r in regions(page)[:4])
    page_guard.assert_clean()


def test_without_javascript_the_toggle_leads_to_the_role_page(browser, base):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "experience/")
    expect(page.get_by_role("button", name="Expand all")).to_be_hidden()
    page.emulate_media(media="print")  # printed without JavaScript, the page says where every role's details are
    expect(page.locator(".roles-print-note")).to_contain_text("experience/all/")
    page.emulate_media(media="screen")
    expect(page.locator(".roles-print-note")).to_be_hidden()
    page.get_by_role("link", name="Principal Data Scientist").click()
    expect(page).to_have_url(base + "experience/principal-data-scientist/")
    expect(page.locator("main")).to_contain_text(DETAILS[1])
    page.get_by_role("link", name="Back to Experience").click()
    page.get_by_role("link", name="Every role on one page").click()
    expect(page).to_have_url(base + "experience/all/")
    for details in DETAILS:
        expect(page.locator("main")).to_contain_text(details)
    context.close()


def test_a_fragment_that_fails_shows_an_inline_error_and_never_the_error_page(page_guard, base):
    page = page_guard.page
    page.goto(base + "experience/")
    not_found = page.request.get(base + "no-such-page/").text()  # what the static host answers: its 404.html
    page.route(f"{base}experience/{SLUGS[1]}.html",
               lambda route: route.fulfill(status=404, body=not_found, content_type="text/html"))
    page.route(f"{base}experience/{SLUGS[2]}.html", lambda route: route.abort("connectionrefused"))
    for slug, region in [(SLUGS[1], regions(page)[1]), (SLUGS[2], regions(page)[2])]:
        toggle(page, slug).click()
        expect(region).to_be_visible()
        expect(region).to_contain_text("The details could not be loaded")
        role_page = toggle(page, slug).get_attribute("href")
        assert role_page.endswith(f"experience/{slug}/")
        expect(region.get_by_role("link")).to_have_attribute("href", role_page)
        expect(region).not_to_contain_text("Page not found")
        assert region.locator("nav, main, header").count() == 0
    region = regions(page)[1]
    region.get_by_role("link").click()
    expect(page).to_have_url(f"{base}experience/{SLUGS[1]}/")
    expect(page.locator("main")).to_contain_text(DETAILS[1])
    # What the two failures log on purpose: the 404, the refused connection, and htmx reporting both.
    page_guard.assert_clean(ignore=[r"404", r"Response Status Error Code 404", r"ERR_CONNECTION_REFUSED",
                                    r"^htmx:(sendError|afterRequest), \[object HTMLDivElement\]"])


def test_printing_prints_every_roles_details(page_guard, base):
    page = page_guard.page
    # Registered before site.js's own listener, so it sees the page as it printed.
    page.add_init_script("""window.addEventListener("afterprint", () => {
        window.__printed = [...document.querySelectorAll(".role-details")]
            .map((r) => r.hidden ? "" : r.textContent.trim()); });""")
    page.goto(base + "experience/")
    toggle(page, SLUGS[0]).click()
    expect(regions(page)[0]).to_be_visible()
    page.pdf()
    printed = page.evaluate("window.__printed")
    assert [text[:len(details)] for text, details in zip(printed, DETAILS)] == DETAILS
    assert [r.is_visible() for r in regions(page)] == [True, False, False, False, False]  # as it was before
    page.emulate_media(media="print")
    expect(page.locator(".roles-print-note")).to_be_hidden()  # only for printing without JavaScript
    page_guard.assert_clean()


def test_axe_finds_nothing_collapsed_expanded_on_a_role_page_and_the_all_roles_view(axe_page, base):
    axe_page.goto(base + "experience/")
    violations = axe_violations(axe_page)
    assert not violations, "collapsed: " + format_violations(violations)
    axe_page.get_by_role("button", name="Expand all").click()
    for region in regions(axe_page):
        expect(region).to_be_visible()
    violations = axe_violations(axe_page)
    assert not violations, "expanded: " + format_violations(violations)
    for url in ["experience/principal-data-scientist/", "experience/all/"]:
        axe_page.goto(base + url)
        violations = axe_violations(axe_page)
        assert not violations, url + ": " + format_violations(violations)


@pytest.fixture(scope="module")
def later_site(tmp_path_factory, static_server):
    """The owner's later Experience page (dates dropped, a group of bold roles, entities), frozen and served."""
    import shutil
    from pathlib import Path

    from folio import REPO_ROOT
    from folio.build.pipeline import build
    root = tmp_path_factory.mktemp("later") / "site"
    for part in ("pages", "site", "static", "templates"):
        shutil.copytree(REPO_ROOT / part, root / part)
    later = Path(__file__).resolve().parent.parent / "data" / "experience-later.md"
    (root / "pages" / "experience.md").write_bytes(later.read_bytes())
    build(root, root.parent / "build", base_url="https://owner.example/")
    return static_server(root.parent / "build") + "/"


def test_every_role_of_the_later_page_expands_in_place(page_guard, later_site):
    page = page_guard.page
    page.goto(later_site + "experience/")
    for slug, region, details in zip(SLUGS, regions(page), DETAILS):
        expect(region).to_be_hidden()
        toggle(page, slug).click()
        expect(region).to_be_visible()
        expect(region).to_contain_text(details)
    expect(page.locator("#industry-experience h2")).to_have_text("Industry Experience")
    expect(toggle(page, SLUGS[0])).to_have_text("Independent AI Researcher")
    page_guard.assert_clean()
