"""Math in a real browser: every formula has a size, axe finds nothing in light and dark, and a phone never
scrolls sideways (a wide display scrolls in its own focusable box)."""
from __future__ import annotations

import shutil

import pytest

from folio import REPO_ROOT
from folio.build.pipeline import build
from helpers import axe_violations, format_violations, install_csp_recorder, csp_violations
from math_corpus import corpus_entries

POST = REPO_ROOT / "tests" / "data" / "math_post.md"


@pytest.fixture(scope="module")
def math_site(tmp_path_factory, static_server):
    """A frozen site with the math-heavy post, and a page holding the whole corpus.

    The post has no fenced code: code blocks are the posts feature's (their highlighting and scrolling).
    """
    root = tmp_path_factory.mktemp("math-site")
    for part in ("pages", "site", "static", "templates"):
        shutil.copytree(REPO_ROOT / part, root / part)
    shutil.copy(POST, root / "pages" / "muon.md")
    corpus = "\n\n".join(f"Formula {i}:\n\n$$\n{tex}\n$$" for i, tex in enumerate(corpus_entries()))
    (root / "pages" / "corpus.md").write_text(f"---\ntitle: Corpus\n---\n\n{corpus}\n", encoding="utf-8")
    build(root, root / "build", base_url="https://owner.example/")
    return static_server(root / "build")


def sizes(page) -> list[list[float]]:
    return page.evaluate("""() => Array.from(document.querySelectorAll("math"))
        .map((m) => { const r = m.getBoundingClientRect(); return [r.width, r.height]; })""")


@pytest.mark.parametrize("path, count", [("/muon/", 11), ("/corpus/", len(corpus_entries()))])
def test_every_formula_is_laid_out_with_a_size(math_site, page, path, count):
    page.goto(math_site + path)
    found = sizes(page)
    assert len(found) == count
    empty = [i for i, (width, height) in enumerate(found) if width <= 0 or height <= 0]
    assert not empty, f"formulas with no size: {empty}"


def test_the_math_font_and_the_numbers_beside_equations(math_site, page):
    page.goto(math_site + "/muon/")
    family = page.evaluate("getComputedStyle(document.querySelector('math')).fontFamily")
    assert family.startswith('"STIX Two Math"')
    numbers = page.locator("mtd.math-number mtext").all_text_contents()
    assert numbers == ["(1)", "(2)", "(3)", "(4)", "(5)"]
    page.get_by_role("link", name="(2)").first.click()
    assert page.evaluate("location.hash") == "#eq-ns"
    row = page.evaluate("document.getElementById('eq-ns').getBoundingClientRect().top")
    assert -1 <= row < page.viewport_size["height"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_math_post_passes_axe(math_site, axe_page, scheme):
    axe_page.emulate_media(color_scheme=scheme)
    axe_page.set_viewport_size({"width": 360, "height": 800})
    axe_page.goto(math_site + "/muon/")
    violations = axe_violations(axe_page)
    assert not violations, format_violations(violations)


def test_a_phone_never_scrolls_sideways_and_a_wide_display_scrolls_in_its_box(math_site, browser):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    install_csp_recorder(context)
    page = context.new_page()
    page.goto(math_site + "/muon/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    wide = page.evaluate("""() => Array.from(document.querySelectorAll(".math-display"))
        .filter((box) => box.scrollWidth > box.clientWidth).map((box) => box.tabIndex)""")
    assert wide and all(index == 0 for index in wide), "the DPO loss is wider than a phone, and focusable"
    assert csp_violations(page) == []
    context.close()
