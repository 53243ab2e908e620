"""Markdown pages: each file parsed once into a `Page`, rendered from that."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import ContentError
from .frontmatter import FrontMatter, split_front_matter
from .liquid import Include, expand_liquid
from .markdown import LinkRule, render_markdown, slugify

PAGES_DIR = "pages"
MAX_PAGE_BYTES = 2 * 1024 * 1024
_BAD_PERMALINK = re.compile(r"(^|/)\.\.?(/|$)|\\|//|[\s?#<>\"']|^[a-zA-Z][a-zA-Z0-9+.-]*:")

# key -> (type, hint) for the front-matter keys the site understands; other keys are kept as they are.
KNOWN_KEYS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "title": (str, 'write title: "Your title"'),
    "permalink": (str, "write permalink: /path/"),
    "navigation": (bool, "write navigation: true or navigation: false"),
    "current": (str, "write current: experience"),
    "logo": (str, "write logo: assets/images/logo.jpg"),
    "layout": (str, "write layout: page"),
    "show_layout_title": (bool, "write show_layout_title: true or false"),
    "description": (str, 'write description: "One sentence about this page"'),
}


@dataclass
class Page:
    source: Path
    url: str
    title: str
    layout: str
    navigation: bool
    current: str
    logo: str
    show_layout_title: bool
    description: str
    meta: dict[str, Any]
    body: str
    body_line: int
    includes: list[Include]
    key_lines: dict[str, int] = field(default_factory=dict)
    _html: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    # What extensions derive from this page (e.g. its roles); reused while the file is unchanged.
    derived: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def nav_key(self) -> str:
        return slugify(self.url.strip("/")) or "home"

    def html(self, url_prefix: str = "", link_rules: tuple[LinkRule, ...] = ()) -> str:
        """The body as HTML (include placeholders still in), cached per base path.

        Link rules come from the settings; a settings change re-parses every page, so they
        need no place in the cache key.
        """
        if url_prefix not in self._html:
            self._html[url_prefix] = render_markdown(self.body, url_prefix, link_rules)
        return self._html[url_prefix]


def default_url(relative: PurePosixPath) -> str:
    """pages/index.md -> /, pages/about.md -> /about/, pages/blog/index.md -> /blog/."""
    parts = list(relative.with_suffix("").parts)
    if parts and parts[-1] == "index":
        parts.pop()
    return "/" + "".join(part + "/" for part in parts)


def file_of(url: str) -> str:
    """Where a URL is written in a build, as Frozen-Flask does: '/x/' -> 'x/index.html', '/a.css' -> 'a.css'."""
    return url.lstrip("/") + ("index.html" if url.endswith("/") else "")


def normalise_permalink(value: str, path: Path, line: int) -> str:
    if not value.startswith("/") or _BAD_PERMALINK.search(value):
        raise ContentError(path, line, f"permalink {value!r} is not a path on this site",
                           "write a path that starts with '/', e.g. /about/, without '..', spaces or a scheme")
    if not value.endswith("/") and "." not in value.rsplit("/", 1)[-1]:
        value += "/"  # /about -> /about/; a name with an extension (/feed.xml) stays a file
    return value


def read_source(path: Path, root: Path) -> str:
    """The text of a content file, or a ContentError that says why it cannot be read."""
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root.resolve()):
            raise ContentError(path, None, f"symlink points outside the site ({target})",
                               "copy the file into the repository instead of linking to it")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(path, None, f"cannot read the file ({exc.strerror})",
                           "check that the file exists and is readable") from None
    if len(data) > MAX_PAGE_BYTES:
        raise ContentError(path, None, f"file is {len(data) // 1024} KB, over the {MAX_PAGE_BYTES // 1024} KB limit",
                           "split it into several pages, and keep large media in static/")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(path, line, "file is not UTF-8 text",
                           "save it as UTF-8 in your editor") from None


def load_page(path: Path, root: Path) -> Page:
    """Parse one markdown file into a Page; raise ContentError on any mistake."""
    text = read_source(path, root)
    fm = split_front_matter(text, path)
    _check_known_keys(fm, path)
    data = fm.data
    relative = PurePosixPath(path.relative_to(root / PAGES_DIR).as_posix())
    url = default_url(relative)
    if "permalink" in data:
        url = normalise_permalink(data["permalink"], path, fm.line_of("permalink"))
    layout = data.get("layout", "page")
    if not (root / "templates" / "layouts" / f"{layout}.html").is_file():
        raise ContentError(path, fm.line_of("layout"), f"layout {layout!r} does not exist",
                           f"use layout: page, or create templates/layouts/{layout}.html")
    body, includes = expand_liquid(fm.body, path, fm.body_line, root / "templates" / "includes")
    return Page(
        source=path, url=url,
        title=data.get("title") or relative.stem.replace("-", " ").capitalize(),
        layout=layout,
        navigation=data.get("navigation", False),
        current=data.get("current", ""),
        logo=data.get("logo", ""),
        show_layout_title=data.get("show_layout_title", True),
        description=data.get("description", ""),
        meta=data, body=body, body_line=fm.body_line, includes=includes, key_lines=fm.key_lines,
    )


def _check_known_keys(fm: FrontMatter, path: Path) -> None:
    for key, (expected, hint) in KNOWN_KEYS.items():
        if key in fm.data and not isinstance(fm.data[key], expected):
            raise ContentError(path, fm.line_of(key),
                               f"'{key}' must be {expected.__name__}, not {type(fm.data[key]).__name__}", hint)
