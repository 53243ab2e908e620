"""An old URL (redirect_from) takes a visitor to the page, with JavaScript on or off, under the strict CSP."""
import shutil

import pytest

from folio import REPO_ROOT
from folio.build.pipeline import build
from helpers import axe_violations, format_violations


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory, static_server):
    root = tmp_path_factory.mktemp("moved") / "site"
    for part in ("pages", "site", "static", "templates"):
        shutil.copytree(REPO_ROOT / part, root / part)
    (root / "pages" / "about.md").write_text("---\ntitle: About\nredirect_from: [/about-me/, /about.html]\n---\n"
                                             "The page that moved.\n")
    build(root, root.parent / "build", base_url="https://owner.github.io/site/")
    serve_root = root.parent / "serve"
    serve_root.mkdir()
    (serve_root / "site").symlink_to(root.parent / "build")
    return static_server(serve_root) + "/site/"


@pytest.mark.parametrize("old", ["about-me/", "about.html"])
@pytest.mark.parametrize("javascript", [True, False])
def test_an_old_url_leads_to_the_page(browser, moved_site, old, javascript):
    from helpers import PageGuard
    context = browser.new_context(java_script_enabled=javascript)
    guard = PageGuard(context.new_page())
    guard.page.goto(moved_site + old)
    guard.page.wait_for_url(moved_site + "about/")
    assert "The page that moved." in guard.page.content()
    guard.assert_clean()
    context.close()


def test_the_redirect_page_itself_is_accessible(axe_page, moved_site):
    """What a visitor sees for a moment: the page as built, held still (without its refresh) for axe."""
    import urllib.request
    html = urllib.request.urlopen(moved_site + "about.html").read().decode()
    refresh = '<meta http-equiv="refresh" content="0; url=/site/about/">'
    assert refresh in html
    axe_page.route(moved_site + "held.html", lambda route: route.fulfill(
        status=200, content_type="text/html", body=html.replace(refresh, "")))
    axe_page.goto(moved_site + "held.html")
    violations = axe_violations(axe_page)
    assert not violations, format_violations(violations)
