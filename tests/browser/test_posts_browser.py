"""A post as a reader gets it from a frozen build: axe finds nothing in light or dark, the code takes the
scheme's colours from the code stylesheet (no inline style), and everything reads with JavaScript off."""
from __future__ import annotations

import shutil

import pytest

from folio import REPO_ROOT
from folio.build.pipeline import build
from helpers import PageGuard, axe_violations, format_violations
from posts_fixture import NOW, write_posts

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def posts_site(tmp_path_factory, static_server):
    root = tmp_path_factory.mktemp("posts") / "site"
    for part in ("pages", "site", "static", "templates"):
        shutil.copytree(REPO_ROOT / part, root / part)
    write_posts(root)
    build(root, root.parent / "build", base_url="https://owner.example/", SITE_NOW=NOW)
    return static_server(root.parent / "build") + "/"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["posts/muon/", "posts/", "tags/optimizers/"])
def test_post_pages_have_no_axe_violations(axe_page, posts_site, scheme, path):
    axe_page.emulate_media(color_scheme=scheme)
    axe_page.goto(posts_site + path)
    violations = axe_violations(axe_page)
    assert not violations, format_violations(violations)


@pytest.mark.parametrize("scheme, background", [("light", "rgb(248, 248, 248)"), ("dark", "rgb(13, 17, 23)")])
def test_code_follows_the_colour_scheme(browser, posts_site, scheme, background):
    context = browser.new_context(color_scheme=scheme)
    guard = PageGuard(context.new_page())
    guard.page.goto(posts_site + "posts/muon/")
    block = guard.page.locator(".highlight").first
    assert block.evaluate("e => getComputedStyle(e).backgroundColor") == background
    assert guard.page.locator(".code-lang").first.inner_text() == "Python"
    guard.assert_clean()
    context.close()


def test_a_post_reads_with_javascript_off(browser, posts_site):
    context = browser.new_context(java_script_enabled=False)
    guard = PageGuard(context.new_page())
    page = guard.page
    page.goto(posts_site + "posts/")
    page.get_by_role("link", name="Muon, explained").click()
    page.wait_for_url(posts_site + "posts/muon/")
    assert page.get_by_role("heading", name="Muon, explained", level=1).is_visible()
    assert page.locator("figure figcaption").inner_text() == "Loss over steps"
    page.get_by_role("link", name="A detail").click()
    assert page.url.endswith("#a-detail")
    page.get_by_role("link", name="KL divergence").click()
    page.wait_for_url(posts_site + "posts/kl/")
    guard.assert_clean()
    context.close()
