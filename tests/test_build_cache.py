"""The build's shortcuts (reused pages, cached markdown, parallel workers) never change what is built."""
import os

import pytest

from folio.build import cache as buildcache
from folio.build.pipeline import build

PAGES = 240  # above freezing.PARALLEL_FROM, so the workers run


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def big_site(site_root):
    notes = site_root / "pages" / "notes"
    notes.mkdir()
    for i in range(PAGES):
        (notes / f"n{i}.md").write_text(f"---\ntitle: Note {i}\n---\n## Part {i}\n\nSee [the next](/notes/n{(i + 1) % PAGES}/)"
                                        f" and [a part](#part-{i}).\n\n```python\nx = {i}\n```\n")
    return site_root


def clean_build(root, dest, **kwargs):
    (root / ".folio-cache" / "build-cache.pickle").unlink(missing_ok=True)
    build(root, dest, **kwargs)
    return snapshot(dest)


def test_parallel_and_single_process_builds_are_identical(big_site, tmp_path):
    assert clean_build(big_site, tmp_path / "one", jobs=1) == clean_build(big_site, tmp_path / "two", jobs=2)


def test_a_one_page_edit_rebuild_is_byte_identical_to_a_clean_build(big_site, tmp_path):
    dest = tmp_path / "build"
    build(big_site, dest)
    page = big_site / "pages" / "notes" / "n7.md"
    page.write_text(page.read_text() + "\nAn edit.\n")
    summary_before = snapshot(dest)
    build(big_site, dest)
    after = snapshot(dest)
    assert after["notes/n7/index.html"] != summary_before["notes/n7/index.html"]
    assert "An edit." in after["notes/n7/index.html"].decode()
    assert after == clean_build(big_site, tmp_path / "clean")


def test_unchanged_pages_are_reused_not_rendered(big_site, tmp_path, monkeypatch):
    dest = tmp_path / "build"
    build(big_site, dest)
    rendered = []
    import folio.web.pages
    original = folio.web.pages.render_page
    monkeypatch.setattr(folio.web.pages, "render_page", lambda site, page: rendered.append(page.url) or original(site, page))
    page = big_site / "pages" / "notes" / "n3.md"
    page.write_text(page.read_text() + "\nEdited.\n")
    build(big_site, dest, jobs=1)
    assert "/notes/n3/" in rendered and "/notes/n4/" not in rendered
    assert "/" not in rendered
    assert "/experience/" in rendered, "a page whose body an extension renders is always rendered"


@pytest.mark.parametrize("edit", ["template", "settings", "include", "script"])
def test_a_shared_input_changes_every_page(big_site, tmp_path, edit):
    dest = tmp_path / "build"
    build(big_site, dest)
    if edit == "template":
        path, old, new = big_site / "templates" / "base.html", "</footer>", "<p>New footer line</p></footer>"
    elif edit == "settings":
        path, old, new = big_site / "site" / "site.toml", 'title = "Bird Of Paradise AI"', 'title = "New Name"'
    elif edit == "include":
        path, old, new = big_site / "templates" / "nav.html", "</nav>", "<!-- nav edited --></nav>"
    else:  # the bundled script: every page's integrity attribute for it changes
        path, old, new = big_site / "static" / "js" / "site.js", "})();", "  window.folioEdited = true;\n})();"
    path.write_text(path.read_text().replace(old, new))
    before = snapshot(dest)
    build(big_site, dest)
    after = snapshot(dest)
    pages = [f for f in before if f.endswith("index.html")]  # every full page (fragments have no layout)
    assert len(pages) > PAGES
    assert all(before[f] != after[f] for f in pages), "a page kept its old HTML"
    assert after == clean_build(big_site, tmp_path / "clean")


def test_a_base_url_change_rebuilds_every_link(big_site, tmp_path):
    dest = tmp_path / "build"
    build(big_site, dest)
    build(big_site, dest, base_url="https://o.github.io/sub/")
    assert 'href="/sub/notes/n2/"' in (dest / "notes" / "n1" / "index.html").read_text()
    assert snapshot(dest) == clean_build(big_site, tmp_path / "clean", base_url="https://o.github.io/sub/")


def test_a_build_file_changed_by_hand_is_rendered_again(big_site, tmp_path):
    dest = tmp_path / "build"
    build(big_site, dest)
    target = dest / "notes" / "n5" / "index.html"
    original = target.read_bytes()
    os.chmod(target, 0o644)
    target.write_bytes(b"tampered")
    build(big_site, dest)
    assert target.read_bytes() == original


def test_a_cache_from_other_code_is_ignored(site_root, tmp_path, monkeypatch):
    build(site_root, tmp_path / "build")
    assert buildcache.BuildCache.load(site_root).manifests
    monkeypatch.setattr(buildcache, "code_salt", lambda: "other code")
    assert buildcache.BuildCache.load(site_root).manifests == {}


def test_a_talk_changing_state_renders_its_banner_again(site_root, tmp_path):
    import datetime as dt
    dest = tmp_path / "build"
    before = dt.datetime(2025, 12, 1, tzinfo=dt.timezone.utc)
    after = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    build(site_root, dest, SITE_NOW=before)
    assert 'data-state="upcoming"' in (dest / "index.html").read_text()
    build(site_root, dest, SITE_NOW=after)
    assert 'data-state="past"' in (dest / "index.html").read_text()
    assert snapshot(dest) == clean_build(site_root, tmp_path / "clean", SITE_NOW=after)


def test_platforms_that_cannot_fork_safely_build_in_one_process(monkeypatch):
    from folio.build import render as freezing
    monkeypatch.setattr(freezing.sys, "platform", "darwin")
    assert freezing.default_jobs() == 1
    monkeypatch.setattr(freezing.sys, "platform", "linux")
    assert freezing.default_jobs() == (os.cpu_count() or 1)


def test_compiled_templates_are_kept_between_runs_and_never_stale(site_root):
    from folio import create_app
    assert "© Bird Of Paradise AI" in create_app(site_root).test_client().get("/").get_data(as_text=True)
    cached = list((site_root / ".folio-cache" / "templates").iterdir())
    assert len(cached) >= 3, "base.html, nav.html, the layout and the rest were compiled once and kept"
    base = site_root / "templates" / "base.html"
    base.write_text(base.read_text().replace("</footer>", "<p>Changed since</p></footer>"))
    html = create_app(site_root).test_client().get("/").get_data(as_text=True)
    assert "<p>Changed since</p>" in html


def test_an_unwritable_template_cache_only_means_compiling_again(site_root, monkeypatch):
    from jinja2 import FileSystemBytecodeCache

    from folio import create_app

    def refuse(self, bucket):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(FileSystemBytecodeCache, "dump_bytecode", refuse)
    response = create_app(site_root).test_client().get("/experience/")
    assert response.status_code == 200 and "Independent AI Researcher" in response.get_data(as_text=True)
