"""Every URL the fixture's own Jekyll build publishes.

From a real `jekyll build` when Debian's jekyll (and the fixture's plugins) are installed, from the committed
list otherwise. The build always runs on a copy: Jekyll writes `.jekyll-cache` and `_site` next to its source.

    python tests/jekyll_urls.py            # print the URLs of a fresh build
    python tests/jekyll_urls.py --write    # rewrite tests/fixtures/jekyll-site.urls.txt from a fresh build
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE = FIXTURES / "jekyll-site"
COMMITTED = FIXTURES / "jekyll-site.urls.txt"
# Debian packages the fixture's `plugins:` list needs.
PLUGIN_PACKAGES = ("ruby-jekyll-redirect-from", "ruby-jekyll-sitemap", "ruby-jekyll-seo-tag")


class JekyllBuildFailed(Exception):
    pass


@dataclass(frozen=True)
class UrlList:
    urls: tuple[str, ...]
    origin: str  # "jekyll build" or "committed list (why)"


def url_of_output(relative: PurePosixPath) -> str:
    """A file of Jekyll's _site as the URL a static host answers for it: about/index.html -> /about/."""
    text = relative.as_posix()
    if relative.name == "index.html":
        return "/" + text[: -len("index.html")]
    return "/" + text


@lru_cache(maxsize=None)
def build_urls(source: Path = FIXTURE) -> tuple[str, ...]:
    """Run `jekyll build` on a copy of `source` and list what it published (once per run and source)."""
    with tempfile.TemporaryDirectory(prefix="jekyll-urls-") as work:
        copy = Path(work) / "src"
        shutil.copytree(source, copy)
        dest = Path(work) / "site"
        env = {**os.environ, "JEKYLL_ENV": "production"}
        result = subprocess.run(["jekyll", "build", "--source", str(copy), "--destination", str(dest),
                                 "--disable-disk-cache", "--quiet"],
                                capture_output=True, text=True, env=env, timeout=300, check=False)
        if result.returncode != 0:
            last = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
            raise JekyllBuildFailed(f"jekyll build failed: {last[0]} (install {' '.join(PLUGIN_PACKAGES)})")
        return tuple(sorted(url_of_output(PurePosixPath(path.relative_to(dest).as_posix()))
                            for path in dest.rglob("*") if path.is_file()))


def committed_urls() -> tuple[str, ...]:
    lines = COMMITTED.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def jekyll_available() -> bool:
    return shutil.which("jekyll") is not None


def fixture_urls() -> UrlList:
    if not jekyll_available():
        return UrlList(committed_urls(), "committed list (jekyll is not installed)")
    try:
        return UrlList(build_urls(), "jekyll build")
    except JekyllBuildFailed as failed:
        return UrlList(committed_urls(), f"committed list ({failed})")


def write_committed(urls: tuple[str, ...]) -> None:
    header = ("# Every URL that Debian's Jekyll 4.3.1 publishes for tests/fixtures/jekyll-site,\n"
              "# one per line. Regenerate with: python tests/jekyll_urls.py --write\n")
    COMMITTED.write_text(header + "".join(url + "\n" for url in urls), encoding="utf-8")


if __name__ == "__main__":
    found = build_urls()
    if sys.argv[1:] == ["--write"]:
        write_committed(found)
    else:
        print("\n".join(found))
