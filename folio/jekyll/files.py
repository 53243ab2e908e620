"""Which files of a Jekyll site are pages, posts, drafts, data, includes, layouts or static files.

Jekyll 4's own rules (reader.rb, entry_filter.rb): names starting with '.', '_', '#' or '~' and backups
('~' at the end) are skipped unless `include` lists them, `exclude` entries match by glob or by prefix,
a file whose first line is '---' is rendered, every other file is copied as it is.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from enum import Enum
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

from .config import JekyllConfig
from .frontmatter import has_front_matter
from .urls import HTML_EXTENSIONS

POST_NAME = re.compile(r"^(?:.+/)*?(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$")
DRAFT_NAME = re.compile(r"^(?:.+/)*(.*)(\.[^.]+)$")
DATA_EXTENSIONS = (".yml", ".yaml", ".json", ".csv", ".tsv")
_SPECIAL = ("." , "_", "#", "~")


class Kind(Enum):
    PAGE = "page"            # markdown or HTML with front matter
    RENDERED = "rendered"    # another file with front matter (XML, Sass, text): Jekyll renders it
    POST = "post"
    DRAFT = "draft"
    DATA = "data"
    INCLUDE = "include"
    LAYOUT = "layout"
    STATIC = "static"
    THEME_FOLDER = "theme folder"    # _sass, _plugins and other folders Jekyll does not publish
    OUTSIDE_LINK = "outside link"    # a symlink that leads out of the site


@dataclass(frozen=True)
class SiteFile:
    path: PurePosixPath  # relative to the site's root
    kind: Kind
    categories: tuple[str, ...] = ()  # for posts and drafts: the folders above _posts

    @property
    def name(self) -> str:
        return self.path.as_posix()


def scan(src: Path, config: JekyllConfig) -> list[SiteFile]:
    scanner = _Scanner(src.resolve(), config)
    scanner.walk(PurePosixPath())
    for folder, kind in ((config.data_dir, Kind.DATA), (config.includes_dir, Kind.INCLUDE),
                         (config.layouts_dir, Kind.LAYOUT)):
        scanner.special_folder(PurePosixPath(folder), kind)
    return scanner.found


class _Scanner:
    def __init__(self, root: Path, config: JekyllConfig):
        self.root = root
        self.config = config
        self.found: list[SiteFile] = []
        self.special = {config.data_dir, config.includes_dir, config.layouts_dir, "_posts", "_drafts", "_site"}

    def walk(self, folder: PurePosixPath) -> None:
        for entry in self._entries(folder):
            relative = folder / entry
            path = self.root / relative
            if self._leaves_site(path):
                self.found.append(SiteFile(relative, Kind.OUTSIDE_LINK))
            elif path.is_dir():
                self.walk(relative)
            elif has_front_matter(path):
                self.found.append(SiteFile(relative, self._page_kind(relative)))
            else:
                self.found.append(SiteFile(relative, Kind.STATIC))
        self._posts(folder, "_posts", Kind.POST, POST_NAME)
        self._posts(folder, "_drafts", Kind.DRAFT, DRAFT_NAME)
        if folder == PurePosixPath():
            self._theme_folders()

    def special_folder(self, folder: PurePosixPath, kind: Kind) -> None:
        for relative in self._tree(folder):
            if kind is not Kind.DATA or relative.suffix.lower() in DATA_EXTENSIONS:
                self.found.append(SiteFile(folder / relative, kind))

    def _posts(self, folder: PurePosixPath, magic: str, kind: Kind, pattern: re.Pattern[str]) -> None:
        categories = tuple(part for part in folder.parts)
        for relative in self._tree(folder / magic):
            if pattern.match(relative.as_posix()):
                self.found.append(SiteFile(folder / magic / relative, kind, categories))

    def _theme_folders(self) -> None:
        for entry in sorted(os.listdir(self.root)):
            if entry.startswith("_") and entry not in self.special and (self.root / entry).is_dir():
                self.found.append(SiteFile(PurePosixPath(entry), Kind.THEME_FOLDER))

    def _tree(self, folder: PurePosixPath) -> list[PurePosixPath]:
        """Every file below `folder` (as Jekyll's get_entries: filtered, relative to the folder)."""
        base = self.root / folder
        if not base.is_dir() or self._leaves_site(base):
            return []
        files = []
        for current, dirs, names in os.walk(base):
            dirs.sort()
            here = PurePosixPath(Path(current).relative_to(base).as_posix())
            dirs[:] = [d for d in dirs if self._keeps(folder, here / d, (Path(current) / d).is_dir())
                       and not self._leaves_site(Path(current) / d)]
            files += [here / n for n in sorted(names) if self._keeps(folder, here / n, False)
                      and not self._leaves_site(Path(current) / n)]
        return files

    def _entries(self, folder: PurePosixPath) -> list[str]:
        base = self.root / folder
        names = sorted(os.listdir(base))
        return [n for n in names if self._keeps(folder, PurePosixPath(n), (base / n).is_dir())]

    def _keeps(self, base: PurePosixPath, entry: PurePosixPath, is_dir: bool) -> bool:
        name = entry.as_posix()
        if name.endswith("."):
            return False
        included = _matches(self.config.include, name, is_dir) or _matches(self.config.include, entry.name, is_dir)
        excludes = tuple(p for p in self.config.exclude if p not in self.config.include)
        if _matches(excludes, (base / entry).as_posix(), is_dir) and not included:
            return False
        if included:
            return True
        special = name.startswith(_SPECIAL) or entry.name.startswith(_SPECIAL)
        return not (special or name.endswith("~"))

    def _leaves_site(self, path: Path) -> bool:
        return path.is_symlink() and not path.resolve().is_relative_to(self.root)

    def _page_kind(self, relative: PurePosixPath) -> Kind:
        suffix = relative.suffix.lower()
        if suffix in self.config.markdown_ext or suffix in HTML_EXTENSIONS:
            return Kind.PAGE
        return Kind.RENDERED


def _matches(patterns: tuple[str, ...], relative: str, is_dir: bool) -> bool:
    """Jekyll's glob_include?: a glob match, a prefix match, or the folder named with a trailing '/'."""
    for pattern in patterns:
        pattern = pattern.lstrip("/")
        if fnmatchcase(relative, pattern) or relative.startswith(pattern) or (is_dir and pattern == relative + "/"):
            return True
    return False
