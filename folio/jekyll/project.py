"""What the importer must know about the project it writes into: its pages' URLs and its includes."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import engine_urls
from .frontmatter import Unreadable, read_text, split
from .model import SourceRef


@dataclass(frozen=True)
class ProjectFacts:
    includes: frozenset[str]            # names under templates/includes/
    heading_includes: frozenset[str]    # those that print an <h1>
    _pages: dict[str, PurePosixPath] = field(default_factory=dict)  # URL -> the page file there

    def page_at(self, url: str) -> PurePosixPath | None:
        return self._pages.get(url)


def read_project(root: Path) -> ProjectFacts:
    includes_dir = root / "templates" / "includes"
    names, headings = set(), set()
    if includes_dir.is_dir():
        for path in includes_dir.rglob("*"):
            if path.is_file():
                name = path.relative_to(includes_dir).as_posix()
                names.add(name)
                if "<h1" in path.read_text(encoding="utf-8", errors="replace").lower():
                    headings.add(name)
    return ProjectFacts(frozenset(names), frozenset(headings), _page_urls(root))


def _page_urls(root: Path) -> dict[str, PurePosixPath]:
    pages = root / "pages"
    found: dict[str, PurePosixPath] = {}
    if not pages.is_dir():
        return found
    for path in sorted(pages.rglob("*.md")):
        target = PurePosixPath(path.relative_to(root).as_posix())
        if target.parts[:2] == engine_urls.POSTS_DIR.parts:
            continue  # posts get their URLs from post_permalink
        found.setdefault(_url(path, target), target)
    return found


def _url(path: Path, target: PurePosixPath) -> str:
    try:
        permalink = split(read_text(path, SourceRef(str(target))), SourceRef(str(target))).data.get("permalink")
    except Unreadable:
        permalink = None
    if isinstance(permalink, str) and permalink.startswith("/"):
        return engine_urls.normalise_permalink(permalink)
    return engine_urls.page_url(target)
