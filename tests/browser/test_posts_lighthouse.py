"""Lighthouse on a post of a frozen build (the test posts of tests/posts_fixture.py), mobile and desktop: at least
95 in every category, as for the site's other pages (tests/browser/test_lighthouse.py)."""
from __future__ import annotations

import os
import shutil

import pytest

from folio import REPO_ROOT
from folio.build.pipeline import build
from posts_fixture import NOW, write_posts
from test_lighthouse import FLOOR, LIGHTHOUSE, audit

pytestmark = pytest.mark.browser
POSTS = ("posts/muon/",)


@pytest.fixture(scope="module")
def posts_build(tmp_path_factory, static_server, browser_type_launch_args):
    if not LIGHTHOUSE.exists():
        pytest.fail("Lighthouse is not installed: run `npm ci` (make test does)")
    os.environ["CHROME_PATH"] = browser_type_launch_args["executable_path"]
    root = tmp_path_factory.mktemp("posts-lh") / "site"
    for part in ("pages", "site", "static", "templates"):
        shutil.copytree(REPO_ROOT / part, root / part)
    write_posts(root)
    build(root, root.parent / "build", base_url="https://owner.example/", SITE_NOW=NOW)
    return static_server(root.parent / "build") + "/"


@pytest.mark.parametrize("preset", ["mobile", "desktop"])
def test_a_post_scores_at_least_95(posts_build, preset, tmp_path):
    for path in POSTS:
        scores = audit(posts_build + path, preset, tmp_path / "report.json")
        print(f"lighthouse {preset:<7} /{path:<30} " + " ".join(f"{k} {v}" for k, v in scores.items()))
        low = {k: v for k, v in scores.items() if v < FLOOR}
        assert not low, f"/{path} below {FLOOR}: {low}"
