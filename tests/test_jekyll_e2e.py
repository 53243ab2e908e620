"""Leaving Jekyll end to end, as the owner would: `flask import-jekyll SRC --overwrite` in a copy of this project,
then a build. The build passes its link check, every URL the Jekyll site published still answers (directly or by
a redirect page), no tracker reaches the output, a second import without --overwrite changes nothing, and
--dry-run writes nothing."""
from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from folio import REPO_ROOT, create_app
from folio.build.pipeline import build
from jekyll_urls import FIXTURE, fixture_urls

TRACKERS = ("G-B1RDPARADISE", "googletagmanager", "google-analytics", "gtag(", "disqus", "analytics.js")
PROJECT_PARTS = ("pages", "site", "static", "templates")


def project_copy(root: Path) -> Path:
    for part in PROJECT_PARTS:
        shutil.copytree(REPO_ROOT / part, root / part, symlinks=True)
    return root


def import_jekyll(root: Path, *options: str):
    runner = create_app(root, watch=False).test_cli_runner()
    return runner.invoke(args=["import-jekyll", str(FIXTURE), *options])


def project_files(root: Path) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for part in PROJECT_PARTS for path in sorted((root / part).rglob("*")) if path.is_file()}


def answer(build_dir: Path, url: str) -> Path | None:
    """The file a static host serves for `url`, following a redirect page to where it leads."""
    target = build_dir / (url.lstrip("/") + ("index.html" if url.endswith("/") else ""))
    if not target.is_file():
        return None
    if target.suffix == ".html":
        refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)"', target.read_text())
        if refresh:
            return answer(build_dir, refresh.group(1))
    return target


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = project_copy(tmp_path_factory.mktemp("e2e") / "project")
    result = import_jekyll(root, "--overwrite")
    out = root.parent / "build"
    summary = build(root, out)  # raises ContentErrors on any broken link
    return root, result, out, summary


def test_the_import_reports_what_it_did_and_the_next_steps(imported):
    _, result, _, _ = imported
    assert result.exit_code == 0, result.output
    assert "Next steps:" in result.output and "pages/posts/2024-02-20-muon-optimizer.md" in result.output


def test_the_imported_site_builds_with_every_link_checked(imported):
    _, _, out, summary = imported
    assert (out / "index.html").is_file() and summary.pages > 20
    assert "Held back 1 draft" in summary.line()  # the fixture's _drafts/ came in as a draft


def test_every_old_url_still_answers(imported):
    _, _, out, _ = imported
    urls = fixture_urls()
    missing = [url for url in urls.urls if answer(out, url) is None]
    assert not missing, f"{missing} (URLs from the {urls.origin})"


def test_old_post_urls_lead_to_the_posts(imported):
    _, _, out, _ = imported
    assert answer(out, "/muon-optimizer.html") == out / "muon-optimizer" / "index.html"
    assert "<h1>" in (out / "muon-optimizer" / "index.html").read_text()


def test_no_tracker_reaches_the_output(imported):
    _, _, out, _ = imported
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".js", ".css", ".txt", ".json"):
            text = path.read_text(errors="replace").lower()
            found = [t for t in TRACKERS if t.lower() in text]
            assert not found, f"{found} in {path.relative_to(out)}"


def test_a_second_import_without_overwrite_changes_nothing(imported):
    root = imported[0]
    before = project_files(root)
    result = import_jekyll(root)
    assert result.exit_code == 0, result.output
    assert project_files(root) == before


def test_a_dry_run_writes_nothing(tmp_path):
    root = project_copy(tmp_path / "project")
    before = project_files(root)
    result = import_jekyll(root, "--overwrite", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dry run: nothing was written" in result.output
    assert project_files(root) == before
