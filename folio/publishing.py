"""`python freeze.py`: build the whole site into a temporary folder, check it, then swap it in.

The previous build is replaced only after every page rendered and every link resolved; on any
problem the command prints one line per problem, exits 1, and leaves the previous build as it was.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urljoin, urlsplit

from . import REPO_ROOT, create_app
from .content import SettingsBroken, Site
from .errors import ContentError, ContentErrors
from . import freezing
from .buildcache import BuildCache, Manifest
from .linkcheck import HtmlFile, resolve_links

MARKER = ".folio-build"
EXIT_PROBLEMS, EXIT_REFUSED = 1, 2


class Refused(Exception):
    """The destination is not a folder this tool may replace."""


@dataclass
class BuildSummary:
    urls: list[str]
    files: int
    bytes: int
    seconds: float
    dest: Path

    @property
    def pages(self) -> int:
        return sum(1 for url in self.urls if url.endswith(("/", ".html")))

    def line(self) -> str:
        return (f"Built {self.pages} pages, {self.files} files, {self.bytes:,} bytes "
                f"in {self.seconds:.2f} s -> {self.dest}")


def check_destination(dest: Path, root: Path) -> None:
    """Refuse any destination that is not (or could hold more than) a previous build of this site."""
    dest = dest.expanduser().resolve()
    root = root.resolve()
    protected = {Path("/"), Path.home().resolve(), root}
    if dest in protected or root.is_relative_to(dest):
        raise Refused(f"{dest} holds the site's own files or your home folder")
    for folder in ("pages", "static", "templates", "site", "tests", "folio", ".git"):
        if dest.is_relative_to(root / folder):
            raise Refused(f"{dest} is inside {folder}/, which holds the site's sources")
    if not dest.exists():
        return
    if not dest.is_dir():
        raise Refused(f"{dest} is a file, not a build folder")
    if (dest / ".git").exists():
        raise Refused(f"{dest} holds a .git folder")
    if any(dest.iterdir()) and not (dest / MARKER).is_file():
        raise Refused(f"{dest} is not empty and is not a previous build of this site (no {MARKER} file)")


def build(root: Path, dest: Path, base_url: str | None = None,
          progress: Callable[[int, str], None] | None = None, jobs: int | None = None,
          **config: Any) -> BuildSummary:
    """Freeze the site at `root` into `dest`; raise ContentErrors (nothing written) or Refused.

    `jobs` is how many processes render (default: one per core). `config` overrides app config keys,
    e.g. SITE_NOW to build the site as it renders on another day.
    """
    started = time.perf_counter()
    check_destination(dest, root)
    dest = dest.expanduser().resolve()
    _clear_leftovers(dest)
    app = create_app(root, watch=False, BASE_URL=base_url, TESTING=True, **config)
    try:
        site = app.extensions["folio.store"].site()
    except SettingsBroken as broken:
        raise ContentErrors([broken.error]) from None
    public = app.config["BASE_URL"] or site.settings.base_url
    base_path = urlsplit(public).path or "/"
    tmp = dest.parent / f".{dest.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    cache = BuildCache.load(root)
    try:
        # Pages with errors are left out, the rest is built and checked: one run reports every problem.
        plan = freezing.plan_urls(app, public)
        key = freezing.site_key(app, site, public)
        reused = freezing.reuse_pages(site, cache.manifests.get(str(dest)), key, dest, tmp,
                                      app.extensions["folio.image_sizes"])
        todo = [url for url in plan if url not in reused]
        outcome = freezing.render(app, site, todo, tmp, public, cache, jobs, progress)
        _write_extras(tmp, site)
        scans = {**{r.file: HtmlFile(r.ids, r.links) for r in reused.values()}, **outcome.scans}
        files = {p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file()}
        skip = {base_path + url.lstrip("/") for url in site.broken}
        broken = [link for link in resolve_links(scans, files, base_path) if _target(link, base_path) not in skip]
        problems = site.errors + outcome.errors + [_link_error(site, link) for link in broken]
        if problems:
            raise ContentErrors(problems)
        count, size = len(files), sum((tmp / f).stat().st_size for f in files)
        _swap(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    cache.save(dest, Manifest(key, {**reused, **outcome.records}))
    return BuildSummary(plan, count, size, time.perf_counter() - started, dest)


def _write_extras(tmp: Path, site: Site) -> None:
    (tmp / ".nojekyll").write_bytes(b"")
    if site.settings.cname:
        (tmp / "CNAME").write_text(site.settings.cname.strip() + "\n", encoding="utf-8")
    (tmp / MARKER).write_text("A build of this site by `python freeze.py`; the next build replaces this folder.\n",
                              encoding="utf-8")


def _target(link, base_path: str) -> str:
    """The absolute path a broken link points to, without its fragment."""
    return urljoin(base_path + link.page.lstrip("/"), link.target).split("#")[0]


def _link_error(site: Site, link) -> ContentError:
    source = site.source_of(link.page)
    line = None
    if source is not None:
        text = source.read_text(encoding="utf-8", errors="replace")
        needle = link.target.split("#")[0] or link.target
        for number, content in enumerate(text.splitlines(), start=1):
            if needle and needle in content:
                line = number
                break
    where = source if source is not None else Path("build") / link.page.lstrip("/")
    return ContentError(where, line, f"broken link on {link.page} -> {link.target}: {link.reason}",
                        "fix the link, or create the page or file it points to")


def _swap(tmp: Path, dest: Path) -> None:
    old = dest.parent / f".{dest.name}.old-{os.getpid()}"
    if dest.exists():
        dest.rename(old)
    try:
        tmp.rename(dest)
    except OSError:
        if old.exists():
            old.rename(dest)
        raise
    _discard(old)


def _discard(old: Path) -> None:
    """Delete the replaced build without making the owner wait: it is already out of the way.

    A separate process removes it (thousands of folders take a while on some disks); if that cannot be
    started, or is stopped halfway, the next build removes what is left (`_clear_leftovers`).
    """
    if not old.exists():
        return
    rm = shutil.which("rm") if os.name == "posix" else None
    if rm:
        try:
            subprocess.Popen([rm, "-rf", "--", str(old)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
            return
        except OSError:
            pass
    shutil.rmtree(old, ignore_errors=True)


def _clear_leftovers(dest: Path) -> None:
    """Replaced builds that an earlier run could not finish deleting (named by `_swap`)."""
    for old in dest.parent.glob(f".{dest.name}.old-*"):
        if old.name.rpartition("-")[2].isdigit() and old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str] | None = None, root: Path = REPO_ROOT) -> int:
    parser = argparse.ArgumentParser(prog="python freeze.py",
                                     description="Build the static site into a folder (default: build/).")
    parser.add_argument("--dest", type=Path, default=root / "build", help="where to write the site")
    parser.add_argument("--base-url", help="the public URL, e.g. https://owner.github.io/site/ "
                                           "(default: base_url in site/site.toml)")
    args = parser.parse_args(argv)
    if args.base_url and not args.base_url.startswith(("http://", "https://")):
        parser.error(f"--base-url {args.base_url!r} must start with http:// or https://")
    interactive = sys.stderr.isatty()

    def progress(count: int, url: str) -> None:
        if interactive:
            print(f"\r  {count} files… {url[:60]:<60}", end="", file=sys.stderr, flush=True)
        elif count % 250 == 0:
            print(f"  {count} files…", file=sys.stderr, flush=True)

    had_build = args.dest.expanduser().is_dir()
    try:
        summary = build(root, args.dest, args.base_url, progress)
    except Refused as refused:
        print(f"freeze.py: refusing to write to --dest: {refused}. Choose an empty or new folder, "
              f"or a previous build.", file=sys.stderr)
        return EXIT_REFUSED
    except (ContentErrors, ContentError) as failed:
        errors = failed.errors if isinstance(failed, ContentErrors) else [failed]
        _clear(interactive)
        for error in errors:
            print(error.format(root), file=sys.stderr)
        kept = "the previous build was left as it was" if had_build else "nothing was written"
        print(f"freeze.py: {len(errors)} problem(s); {kept}.", file=sys.stderr)
        return EXIT_PROBLEMS
    _clear(interactive)
    print(summary.line())
    return 0


def _clear(interactive: bool) -> None:
    if interactive:
        print("\r" + " " * 80 + "\r", end="", file=sys.stderr)
