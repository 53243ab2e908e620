"""What a build may reuse from the last one, and the proof that reusing it is safe.

- Markdown HTML, by a hash of everything it depends on: the body, the base path, the link rules and the
  code that renders it (folio's sources and the versions of mistune, Pygments and latex2mathml).
- Whole pages of the previous build: a plain page's file is reused only when its source bytes are the same,
  its images have the sizes it was written with, AND the build-wide key is the same. That key covers every other input a page's HTML has: folio's code, every
  template, the settings, the public URL, the navigation, and each extension's `render_key` (for example a
  talk banner's state). The reused file's bytes are checked against the hash recorded when it was written.

The cache lives in .folio-cache/ (one pickle, rewritten with only what the last build used, so it stays
bounded); deleting the folder only makes the next build slower.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

CACHE_DIR = ".folio-cache"
CACHE_FILE = "build-cache.pickle"
FORMAT = 2


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_salt() -> str:
    """Changes whenever folio's code or a package that shapes the HTML changes."""
    package = Path(__file__).resolve().parent.parent  # folio/
    parts: list[str | bytes] = [str(FORMAT)]
    for source in sorted(package.rglob("*.py")):
        parts += [source.relative_to(package).as_posix(), source.read_bytes()]
    for name in ("mistune", "pygments", "flask", "jinja2", "markupsafe", "frozen-flask", "pyyaml", "latex2mathml"):
        parts.append(f"{name}={metadata.version(name)}")
    return digest(*parts)


def file_stamp(*paths: Path) -> tuple:
    """What changes when one of the files does: (mtime, size) of each, None for one that cannot be read."""
    stamps = []
    for path in paths:
        try:
            stat = path.stat()
        except (OSError, ValueError):
            stamps.append(None)
        else:
            stamps.append((stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


def tree_digest(folder: Path) -> str:
    parts: list[str | bytes] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


@dataclass
class PageRecord:
    source_key: str  # the page's Page.source_key: a hash of its file's text
    file: str  # build-relative path of the page's HTML
    file_key: str  # digest of that HTML, as written
    ids: set[str]
    links: list[str]
    images: dict[str, Any] = field(default_factory=dict)  # static image -> the (width, height) the page used


@dataclass
class Manifest:
    site_key: str
    pages: dict[str, PageRecord] = field(default_factory=dict)  # URL -> record


@dataclass
class BuildCache:
    root: Path
    markdown: dict[str, str] = field(default_factory=dict)
    manifests: dict[str, Manifest] = field(default_factory=dict)  # destination path -> its last build
    used: set[str] = field(default_factory=set, repr=False)

    @property
    def path(self) -> Path:
        return self.root / CACHE_DIR / CACHE_FILE

    @classmethod
    def load(cls, root: Path) -> "BuildCache":
        cache = cls(root)
        try:
            with cache.path.open("rb") as f:
                data = pickle.load(f)
            if data.get("format") == FORMAT and data.get("salt") == code_salt():
                cache.markdown, cache.manifests = data["markdown"], data["manifests"]
        except Exception:  # noqa: BLE001 - no cache, or one from other code (a moved class): start afresh
            pass
        return cache

    def lookup_markdown(self, key: str) -> str | None:
        html = self.markdown.get(key)
        if html is not None:
            self.used.add(key)
        return html

    def store_markdown(self, key: str, html: str) -> None:
        self.markdown[key] = html
        self.used.add(key)

    def save(self, dest: Path, manifest: Manifest) -> None:
        """Keep what the next build may reuse. A cache that cannot be written only makes it slower."""
        self.manifests = {str(dest): manifest}
        data: dict[str, Any] = {"format": FORMAT, "salt": code_salt(), "manifests": self.manifests,
                                "markdown": {k: v for k, v in self.markdown.items() if k in self.used}}
        try:
            self.path.parent.mkdir(exist_ok=True)
            # A name of its own, so that two builds at once never write the same file.
            handle, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=CACHE_FILE, suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as f:
                    pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, self.path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError:
            pass


def markdown_key(body: str, url_prefix: str, link_rules: tuple) -> str:
    return digest(code_salt(), url_prefix, repr(link_rules), body)
