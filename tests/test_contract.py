"""A new feature plugs in through the contract alone (README, "How the engine is put together"): the worked
example of the README, a /now/ page from site/now.md, built here exactly as written there."""
from __future__ import annotations

import subprocess
import sys

from flask import Blueprint, render_template
from markupsafe import Markup

from folio import REPO_ROOT, create_app
from folio.build.pipeline import build
from folio.content.markdown import render_markdown
from folio.contract import Contribution, MadeUrl, NavItem, TemplateHooks
from folio.engine import engine

# -- the README's example, verbatim -------------------------------------------------------------------

bp = Blueprint("now", __name__)


@bp.route("/now/")
def now_page() -> str:
    site = engine().site()
    text = (site.root / "site" / "now.md").read_text(encoding="utf-8")
    return render_template("now.html", body=Markup(render_markdown(text)), title="Now", url="/now/",
                           nav_current="now")


class NowFeature:
    name = "now"
    watch = ("site/now.md",)  # the store re-reads the site when this file changes
    blueprint = bp
    hooks = TemplateHooks(head="now/head.html")  # a <link> in every page's <head>
    assets = ()

    def contribute(self, site, previous):
        return Contribution(urls=[MadeUrl("now.now_page", {}, site.root / "site" / "now.md")],
                            nav=[NavItem("Now", site.path("now.now_page"), "now")])

    def render_key(self, site):
        return ""  # no page but /now/ depends on site/now.md

# -----------------------------------------------------------------------------------------------------


def plug_in(root):
    (root / "site" / "now.md").write_text("Writing about **optimizers**.\n")
    (root / "templates" / "now.html").write_text(
        '{% extends "base.html" %}{% block main %}<article class="page"><h1>Now</h1>{{ body }}</article>'
        "{% endblock %}")
    (root / "templates" / "now").mkdir()
    (root / "templates" / "now" / "head.html").write_text('<link rel="author" href="{{ url_for(\'now.now_page\') }}">')


def test_a_feature_adds_its_page_nav_entry_and_head_hook_without_touching_the_others(site_root):
    plug_in(site_root)
    client = create_app(site_root, extra=[NowFeature()]).test_client()
    now = client.get("/now/").get_data(as_text=True)
    assert "<strong>optimizers</strong>" in now and '<a href="/now/" aria-current="page"' in now
    home = client.get("/").get_data(as_text=True)
    assert '<link rel="author" href="/now/">' in home and '>Now</a>' in home
    assert "/now/</loc>" in client.get("/sitemap.xml").get_data(as_text=True)


def test_the_feature_is_built_and_its_url_is_guarded(site_root, tmp_path):
    plug_in(site_root)
    build(site_root, tmp_path / "out", extra=[NowFeature()])
    assert "optimizers" in (tmp_path / "out" / "now" / "index.html").read_text()
    (site_root / "pages" / "clash.md").write_text("---\ntitle: Clash\npermalink: /now/\n---\n")
    client = create_app(site_root, extra=[NowFeature()]).test_client()
    text = client.get("/now/").get_data(as_text=True).replace("&#39;", "'")
    assert "pages/clash.md:3: permalink /now/ is a URL the site makes itself (from site/now.md)" in text


def test_flask_routes_shows_every_url_family():
    out = subprocess.run([sys.executable, "-m", "flask", "routes"], cwd=REPO_ROOT, capture_output=True,
                         text=True, check=True).stdout
    rules = {line.split()[0]: [] for line in out.splitlines()[2:]}
    for line in out.splitlines()[2:]:
        rules[line.split()[0]].append(line.split()[-1])
    assert sorted(rules["pages.page"]) == ["/", "/<path:url>"]
    assert "/experience/<slug>/" in rules["roles.role"] and "/experience/<slug>.html" in rules["roles.fragment"]
    assert rules["roles.all"] == ["/experience/all/"] and rules["roles.resume"] == ["/resume.json"]
    assert rules["talks.talk"] == ["/talks/<slug>/"] and rules["talks.calendar"] == ["/talks/<slug>.ics"]
    assert rules["talks.card"] == ["/talks/<slug>.png"] and rules["talks.feed"] == ["/talks/feed.xml"]
    assert sorted(rules["assets.asset"]) == ["/css/math.css", "/css/site.css", "/js/site.bundle.js",
                                             "/js/talks.js"]
    assert {"seo.sitemap", "seo.robots", "pages.not_found", "talks.index"} <= set(rules)
