"""Shared fixtures: a private copy of the site to break, apps and clients on it, and frozen builds."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from folio import REPO_ROOT, create_app
from folio.build.pipeline import build

SITE_PARTS = ("pages", "site", "static", "templates")


def copy_site(dest: Path) -> Path:
    for part in SITE_PARTS:
        shutil.copytree(REPO_ROOT / part, dest / part, symlinks=True)
    return dest


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    """A copy of this repository's site content, safe to edit or break."""
    return copy_site(tmp_path / "site-copy")


@pytest.fixture
def write(site_root: Path):
    """write('pages/x.md', text) into the copied site, returning the path."""
    def _write(relative: str, text: str | bytes) -> Path:
        path = site_root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path
    return _write


@pytest.fixture
def app(site_root: Path):
    return create_app(site_root)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def real_client():
    """The test client on the repository's own site, as `flask run` serves it."""
    return create_app().test_client()


@pytest.fixture(scope="session")
def frozen_root(tmp_path_factory) -> Path:
    """The repository's site frozen at the domain root."""
    dest = tmp_path_factory.mktemp("frozen") / "build"
    build(REPO_ROOT, dest, base_url="https://owner.example/")
    return dest


@pytest.fixture(scope="session")
def frozen_subpath(tmp_path_factory) -> Path:
    """The site frozen for a GitHub Pages project site: served at /site/, so it sits in <serve-root>/site."""
    serve_root = tmp_path_factory.mktemp("frozen-sub")
    build(REPO_ROOT, serve_root / "site", base_url="https://owner.github.io/site/")
    return serve_root
