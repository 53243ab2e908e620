"""The talk promo in a real browser, on frozen builds: the state follows the visitor's clock whatever
day the site was built, dismissal sticks without layout shift, and the pages pass axe."""
import datetime as dt
import re
import shutil

import pytest
from playwright.sync_api import expect

from folio import REPO_ROOT
from folio.build.pipeline import build
from helpers import axe_violations, format_violations

UTC = dt.timezone.utc
SLUG = "transformer-from-scratch"
BEFORE = dt.datetime(2025, 12, 2, 9, 0, tzinfo=UTC)  # a week before: 6 days 15 hours to go
ON_THE_DAY = dt.datetime(2025, 12, 9, 15, 0, tzinfo=UTC)
A_YEAR_LATER = dt.datetime(2026, 12, 9, 12, 0, tzinfo=UTC)
# Chromium cancels a favicon fetch still in flight when the page navigates or reloads: not a site problem.
NAVIGATION_NOISE = [r"/favicon\.(svg|ico): net::ERR_ABORTED"]
CLOCKS = {"before": (BEFORE, "upcoming"), "on the day": (ON_THE_DAY, "live"), "a year later": (A_YEAR_LATER, "past")}

# Sums the layout shifts of the page so far (buffered), as CLS does; shifts right after input do not count.
CLS_SCRIPT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) { if (!entry.hadRecentInput) total += entry.value; }
  }).observe({ type: "layout-shift", buffered: true });
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve(total), 100)));
})"""


@pytest.fixture(scope="module")
def frozen_before(tmp_path_factory):
    """The real site frozen a week before the talk (build-time state: upcoming)."""
    dest = tmp_path_factory.mktemp("frozen-before") / "build"
    build(REPO_ROOT, dest, base_url="https://owner.example/", SITE_NOW=BEFORE)
    return dest


@pytest.fixture(scope="module")
def builds(frozen_before, frozen_root, static_server):
    """Two builds whose build-time states differ: a week before the talk, and today (after it)."""
    html = (frozen_root / "index.html").read_text()
    assert 'data-state="past"' in html, "the session build runs on the real clock, after the talk"
    assert 'data-state="upcoming"' in (frozen_before / "index.html").read_text()
    return {"built before": static_server(frozen_before), "built after": static_server(frozen_root)}


def open_at(page, url, when):
    page.clock.set_fixed_time(when)
    page.goto(url)
    return page.locator(".talk-banner")


def layout_shift(page) -> float:
    return page.evaluate(CLS_SCRIPT)


@pytest.mark.parametrize("clock", CLOCKS)
@pytest.mark.parametrize("built", ["built before", "built after"])
def test_the_banner_follows_the_visitors_clock(builds, page_guard, built, clock):
    when, state = CLOCKS[clock]
    page = page_guard.page
    banner = open_at(page, builds[built] + "/", when)
    expect(banner).to_have_attribute("data-state", state)
    # talks.js moves the `hidden` attribute, so that readers ignoring CSS get the visitor's state too.
    expect(banner.locator("[data-show]:not([hidden])")).to_have_count(2)  # the badge and the actions
    assert set(banner.locator("[data-show]:not([hidden])").evaluate_all("els => els.map(e => e.dataset.show)")) \
        == {state}
    expect(banner.get_by_role("link", name="I Built a Transformer from Scratch So You Don't Have To")).to_be_visible()
    expect(banner).to_contain_text("PyData Global 2025 · Tuesday 9 December 2025")
    calendar = banner.get_by_role("link", name="Add to calendar")
    recording = banner.get_by_role("link", name="Watch the recording")
    if state == "upcoming":
        expect(banner.get_by_text("Starts in 6 days, 15 hours.")).to_be_visible()
        expect(calendar).to_be_visible()
        expect(recording).to_have_count(0)
    elif state == "live":
        expect(banner.get_by_text("It is today!")).to_be_visible()
        expect(recording).to_have_count(0)
    else:
        expect(recording).to_be_visible()
        expect(banner.get_by_role("link", name="Code")).to_be_visible()
        expect(calendar).to_have_count(0)
        expect(banner.get_by_text("Starts in")).to_have_count(0)
    assert layout_shift(page) == 0
    page_guard.assert_clean()


def test_a_dismissal_persists_across_a_reload_and_navigation(builds, page_guard):
    page = page_guard.page
    base = builds["built before"]
    banner = open_at(page, base + "/", BEFORE)
    button = banner.get_by_role("button", name="Dismiss this announcement")
    expect(button).to_be_visible()
    button.click()
    expect(banner).to_be_hidden()
    expect(page.locator("#main")).to_be_focused()
    page.reload()
    expect(page.locator(".talk-banner")).to_be_hidden()
    assert layout_shift(page) == 0, "a dismissed banner never shows, so nothing moves"
    # A boosted navigation swaps <main> (banner included): it stays dismissed.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Experience").click()
    expect(page).to_have_url(base + "/experience/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    expect(page).to_have_url(base + "/")
    expect(page.locator(".talk-banner")).to_have_count(1)
    expect(page.locator(".talk-banner")).to_be_hidden()
    page_guard.assert_clean(ignore=NAVIGATION_NOISE)


def test_a_banner_swapped_in_by_navigation_gets_the_visitors_state(builds, page_guard):
    page = page_guard.page
    base = builds["built before"]
    page.clock.set_fixed_time(A_YEAR_LATER)
    page.goto(base + "/experience/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    banner = page.locator(".talk-banner")
    expect(banner).to_have_attribute("data-state", "past")
    expect(banner.get_by_role("link", name="Watch the recording")).to_be_visible()
    expect(banner.get_by_role("button", name="Dismiss this announcement")).to_be_visible()
    page_guard.assert_clean(ignore=NAVIGATION_NOISE)


def test_without_javascript_the_build_time_state_and_date_show(builds, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(builds["built before"] + "/")
    banner = page.locator(".talk-banner")
    expect(banner).to_have_attribute("data-state", "upcoming")
    expect(banner.get_by_text("Coming up.")).to_be_visible()
    expect(banner.get_by_role("link", name="Add to calendar")).to_be_visible()
    expect(banner.locator("time")).to_have_text("Tuesday 9 December 2025")
    expect(banner.get_by_role("button")).to_have_count(0)
    context.close()


@pytest.mark.parametrize("when", [BEFORE, A_YEAR_LATER], ids=["upcoming", "past"])
def test_axe_finds_nothing_on_the_banner_and_talk_pages(builds, axe_page, when):
    axe_page.clock.set_fixed_time(when)
    for path in ("/", f"/talks/{SLUG}/", "/talks/"):
        axe_page.goto(builds["built before"] + path)
        violations = axe_violations(axe_page)
        assert not violations, f"{path}: " + format_violations(violations)


def test_the_talk_page_and_banner_under_a_sub_path(frozen_subpath, static_server, page_guard):
    base = static_server(frozen_subpath) + "/site"
    page = page_guard.page
    banner = open_at(page, base + "/", ON_THE_DAY)
    expect(banner).to_have_attribute("data-state", "live")
    banner.get_by_role("link", name="I Built a Transformer from Scratch So You Don't Have To").click()
    expect(page).to_have_url(f"{base}/talks/{SLUG}/")
    talk = page.locator("article.talk")
    expect(talk).to_have_attribute("data-state", "live")
    expect(talk.get_by_text("The talk is today.")).to_be_visible()
    ics = talk.get_by_role("link", name="Calendar file (.ics)")
    assert ics.get_attribute("href") == f"/site/talks/{SLUG}.ics"
    response = page.request.get(base + f"/talks/{SLUG}.ics")
    assert response.ok and b"DTSTART;VALUE=DATE:20251209" in response.body()
    page.goto(base + "/talks/")
    expect(page.locator("[data-talk-group=upcoming] li.talk-item")).to_have_count(1)
    expect(page.locator("[data-talk-group=past] li.talk-item")).to_have_count(0)
    expect(page.locator("[data-talk-group=past]").get_by_text("No past talks yet.")).to_be_visible()
    page_guard.assert_clean(ignore=NAVIGATION_NOISE)


@pytest.fixture(scope="module")
def timed_site(tmp_path_factory, static_server):
    """A copy of the site whose featured talk has a time, frozen the day after it (state: past)."""
    root = tmp_path_factory.mktemp("timed-site")
    for part in ("pages", "site", "static", "templates"):
        shutil.copytree(REPO_ROOT / part, root / part)
    talk = root / "site" / "talks" / f"{SLUG}.md"
    talk.write_text(talk.read_text().replace("start: 2025-12-09\ntimezone: UTC", "start: 2025-12-09T15:00\n"
                                             "timezone: Europe/Berlin\nduration: 30m"))
    build(root, root / "build", base_url="https://owner.example/", SITE_NOW=dt.datetime(2025, 12, 10, tzinfo=UTC))
    return static_server(root / "build")


def test_a_timed_talk_shows_the_visitors_local_time(timed_site, browser):
    context = browser.new_context(timezone_id="America/New_York", locale="en-US")
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(2025, 12, 9, 13, 0, tzinfo=UTC))  # 14:00 in Berlin
    page.goto(timed_site + "/")
    banner = page.locator(".talk-banner")
    expect(banner).to_have_attribute("data-state", "upcoming")
    expect(banner.locator("time")).to_have_text("Tuesday 9 December 2025, 15:00–15:30 CET")
    expect(banner.locator("[data-talk-local]")).to_have_text(re.compile(r"Tue, Dec 9, 09:00\s?AM EST, your time"))
    expect(banner.get_by_text("Starts in 1 hour.")).to_be_visible()
    page.clock.set_fixed_time(dt.datetime(2025, 12, 9, 14, 10, tzinfo=UTC))
    page.reload()
    expect(banner).to_have_attribute("data-state", "live")
    expect(banner.get_by_text("It is on now!")).to_be_visible()
    context.close()
