"""`python freeze.py`: what gets built, under a base path too, and what happens on every kind of failure."""
import subprocess
import time
import sys
from pathlib import Path

import pytest

from folio.engine import engine
from folio import REPO_ROOT, create_app
from folio.build.check import check_build
from folio.build.cli import main
from folio.build.swap import MARKER


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def expected_html_files(app) -> set[str]:
    site = engine(app).site()
    urls = [*site.pages, *site.made]
    return {u.lstrip("/") + "index.html" if u.endswith("/") else u.lstrip("/") for u in urls}


def test_the_build_has_every_page_and_file(frozen_root):
    files = set(snapshot(frozen_root))
    html = {f for f in files if f.endswith(".html")}
    expected = expected_html_files(create_app())
    assert html == {f for f in expected if f.endswith(".html")}
    assert expected <= files, "generated files that are not HTML (.ics, .png, feeds) are frozen too"
    static = {p.relative_to(REPO_ROOT / "static").as_posix() for p in (REPO_ROOT / "static").rglob("*") if p.is_file()}
    BUNDLED = engine(create_app()).assets.bundled
    assert BUNDLED == {"js/htmx.min.js", "js/site.js"}
    assert static - BUNDLED <= files and not BUNDLED & files, "static files, but a bundle's parts only inside it"
    assert "js/site.bundle.js" in files
    assert {"sitemap.xml", "robots.txt", ".nojekyll", MARKER} <= files


def test_sitemap_and_robots(frozen_root):
    sitemap = (frozen_root / "sitemap.xml").read_text()
    assert "<loc>https://owner.example/experience/</loc><lastmod>" in sitemap
    assert "404" not in sitemap
    assert "Sitemap: https://owner.example/sitemap.xml" in (frozen_root / "robots.txt").read_text()


def test_under_a_base_path_every_link_carries_the_prefix(frozen_subpath):
    build = frozen_subpath / "site"
    html = (build / "experience" / "index.html").read_text()
    assert 'href="/site/css/site.css?v=' in html and 'src="/site/js/site.bundle.js?v=' in html
    assert 'data-script="/site/js/talks.js?v=' in (build / "index.html").read_text(), "the banner's script"
    assert '<link rel="canonical" href="https://owner.github.io/site/experience/">' in html
    assert 'href="/experience/"' not in html
    assert check_build(build, "/site/") == []
    assert '<loc>https://owner.github.io/site/experience/</loc>' in (build / "sitemap.xml").read_text()


def test_the_404_page_links_work_from_any_depth(frozen_subpath):
    html = (frozen_subpath / "site" / "404.html").read_text()
    assert 'href="/site/css/site.css?v=' in html and 'href="/site/"' in html


def test_python_freeze_py_builds_and_prints_a_summary(tmp_path):
    dest = tmp_path / "out"
    result = subprocess.run([sys.executable, "freeze.py", "--dest", str(dest)], cwd=REPO_ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built ") and " pages, " in result.stdout and " bytes in " in result.stdout
    assert (dest / "experience" / "index.html").is_file()


def freeze(site_root: Path, dest: Path, *args: str) -> int:
    return main(["--dest", str(dest), *args], root=site_root)


def test_a_failed_freeze_leaves_the_previous_build_untouched(site_root, write, tmp_path, capsys):
    dest = tmp_path / "build"
    assert freeze(site_root, dest) == 0
    before = snapshot(dest)
    write("pages/broken.md", "---\ntitle: [oops\n---\n")
    write("pages/also-broken.md", "---\ntitle: Fine\n---\n{% if x %}\n")
    assert freeze(site_root, dest) == 1
    err = capsys.readouterr().err
    assert "pages/broken.md:2: front matter is not valid YAML" in err
    assert "pages/also-broken.md:4: unsupported Liquid" in err, "every problem is reported in one run"
    assert "Traceback" not in err
    assert snapshot(dest) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "site-copy"], "no temporary folder is left"


def test_a_broken_link_fails_the_freeze_naming_page_and_target(site_root, write, tmp_path, capsys):
    write("pages/links.md", "---\ntitle: Links\n---\n\nSee [nothing](/nowhere/).\n\n"
                            "![gone](/assets/images/gone.png)\n\n[bad anchor](/experience/#no-such-id)\n")
    assert freeze(site_root, tmp_path / "build") == 1
    err = capsys.readouterr().err
    assert "pages/links.md:5: broken link on /links/ -> /nowhere/: no such page or file" in err
    assert "pages/links.md:7: broken link on /links/ -> /assets/images/gone.png" in err
    assert "pages/links.md:9: broken link on /links/ -> /experience/#no-such-id: no element with id 'no-such-id'" in err
    assert not (tmp_path / "build").exists()


def test_raw_html_links_get_the_base_path(site_root, write, tmp_path):
    write("pages/raw.md", '---\ntitle: Raw\n---\n\n<a href="/experience/">raw HTML link</a>\n')
    assert freeze(site_root, tmp_path / "build", "--base-url", "https://o.github.io/site/") == 0
    assert 'href="/site/experience/"' in (tmp_path / "build" / "raw" / "index.html").read_text()


def test_a_link_that_ignores_the_base_path_is_caught(site_root, write, tmp_path, capsys):
    write("templates/includes/hardcoded.html", '<a href="/experience/">written without site_url</a>')
    write("pages/raw.md", "---\ntitle: Raw\n---\n\n{% include hardcoded.html %}\n")
    assert freeze(site_root, tmp_path / "build", "--base-url", "https://o.github.io/site/") == 1
    assert "broken link on /raw/ -> /experience/: points outside the site's base path /site/" in capsys.readouterr().err


def test_a_custom_domain_writes_cname(site_root, tmp_path):
    settings = site_root / "site" / "site.toml"
    settings.write_text(settings.read_text().replace('cname = ""', 'cname = "www.example.com"'))
    assert freeze(site_root, tmp_path / "build") == 0
    assert (tmp_path / "build" / "CNAME").read_text() == "www.example.com\n"


def owners_file(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("the owner's words")
    return path


@pytest.mark.parametrize("make_dest", [
    lambda root, tmp: root,
    lambda root, tmp: Path.home(),
    lambda root, tmp: Path("/"),
    lambda root, tmp: root / "pages",
    lambda root, tmp: (tmp / "repo").mkdir() or (tmp / "repo" / ".git").mkdir() or tmp / "repo",
    lambda root, tmp: owners_file(tmp / "docs" / "notes.txt").parent,
    lambda root, tmp: owners_file(tmp / "file.txt"),
], ids=["repo-root", "home", "filesystem-root", "inside-pages", "has-dot-git", "not-a-build", "a-file"])
def test_refuses_any_destination_that_is_not_its_own_build(site_root, tmp_path, capsys, make_dest):
    dest = make_dest(site_root, tmp_path)
    before = snapshot(dest) if dest.is_dir() and dest not in (Path.home(), Path("/")) else None
    assert freeze(site_root, dest) == 2
    assert "refusing to write to --dest" in capsys.readouterr().err
    if before is not None:
        assert snapshot(dest) == before


def test_a_previous_build_and_an_empty_folder_are_accepted(site_root, tmp_path):
    (tmp_path / "empty").mkdir()
    assert freeze(site_root, tmp_path / "empty") == 0
    assert freeze(site_root, tmp_path / "empty") == 0
    assert (tmp_path / "empty" / MARKER).is_file()


def test_a_clean_rebuild_is_byte_identical(site_root, tmp_path):
    assert freeze(site_root, tmp_path / "a") == 0
    assert freeze(site_root, tmp_path / "b") == 0
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_a_first_build_that_fails_says_nothing_was_written(site_root, write, tmp_path, capsys):
    write("pages/broken.md", "---\ntitle: [oops\n---\n")
    assert freeze(site_root, tmp_path / "new") == 1
    assert capsys.readouterr().err.strip().endswith("freeze.py: 1 problem(s); nothing was written.")
    assert not (tmp_path / "new").exists()


def test_the_replaced_build_goes_away_without_the_owner_waiting_for_it(site_root, tmp_path):
    dest = tmp_path / "build"
    assert main(["--dest", str(dest)], root=site_root) == 0
    assert main(["--dest", str(dest)], root=site_root) == 0
    assert (dest / MARKER).is_file()
    deadline = time.monotonic() + 20
    while list(tmp_path.glob(".build.old-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(tmp_path.glob(".build.old-*")) == []


def test_a_replaced_build_left_half_deleted_is_cleared_by_the_next_build(site_root, tmp_path):
    leftover = tmp_path / ".build.old-4242" / "notes"
    leftover.mkdir(parents=True)
    (leftover / "index.html").write_text("old")
    kept = tmp_path / ".build.old-notes"  # not a name the build gives: someone else's
    kept.mkdir()
    assert main(["--dest", str(tmp_path / "build")], root=site_root) == 0
    assert not (tmp_path / ".build.old-4242").exists() and kept.is_dir()
