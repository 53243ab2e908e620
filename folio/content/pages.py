"""Markdown pages: each file parsed once into a `Page`, rendered from that."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import ContentError
from .fields import Field, Fields
from .frontmatter import split_front_matter
from .liquid import Include, expand_liquid
from .markdown import LinkRule, render_markdown, slugify

PAGES_DIR = "pages"
DEFAULT_MAX_KB = 2048  # settings.max_page_kb
_BAD_PERMALINK = re.compile(r"(^|/)\.\.?(/|$)|\\|//|[\s?#<>\"']|^[a-zA-Z][a-zA-Z0-9+.-]*:")

# The front-matter keys the site understands; other keys are kept as they are (page.meta).
SCHEMA = {
    "title": Field(str, 'write title: "Your title"'),
    "permalink": Field(str, "write permalink: /path/"),
    "navigation": Field(bool, "write navigation: true or navigation: false"),
    "current": Field(str, "write current: experience"),
    "logo": Field(str, "write logo: assets/images/logo.jpg"),
    "layout": Field(str, "write layout: page"),
    "show_layout_title": Field(bool, "write show_layout_title: true or false"),
    "description": Field(str, 'write description: "One sentence about this page"'),
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
    source_key: str = ""  # a hash of the file's text as it was read, for the build's reuse check
    redirect_from: tuple[str, ...] = ()  # old URLs that lead here (jekyll-redirect-from's key)
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
            self._html[url_prefix] = render_markdown(self.body, url_prefix, link_rules,
                                                     source=(self.source, self.body_line))
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


def old_urls(value: Any, path: Path, line: int) -> tuple[str, ...]:
    """`redirect_from: /old/` or a list of such paths, each a path of this site."""
    if value is None:
        return ()
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ContentError(path, line, "'redirect_from' must be a path or a list of paths",
                           "write redirect_from: [/old/, /older.html]")
    return tuple(dict.fromkeys(normalise_permalink(v.strip(), path, line) for v in values))


def read_source(path: Path, root: Path, max_kb: int = DEFAULT_MAX_KB) -> str:
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
    if len(data) > max_kb * 1024:
        raise ContentError(path, None, f"file is {len(data) // 1024} KB, over the {max_kb} KB limit",
                           "split it into several pages and keep large media in static/, "
                           "or raise max_page_kb in site/site.toml")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(path, line, "file is not UTF-8 text",
                           "save it as UTF-8 in your editor") from None


def load_page(path: Path, root: Path, max_kb: int = DEFAULT_MAX_KB) -> Page:
    """Parse one markdown file into a Page; raise ContentError on any mistake."""
    text = read_source(path, root, max_kb)
    fm = split_front_matter(text, path)
    data = {**fm.data, **Fields(fm.data, path, fm.line_of).check(SCHEMA)}
    relative = PurePosixPath(path.relative_to(root / PAGES_DIR).as_posix())
    url = default_url(relative)
    if data.get("permalink"):
        url = normalise_permalink(data["permalink"], path, fm.line_of("permalink"))
    layout = data.get("layout") or "page"
    if not (root / "templates" / "layouts" / f"{layout}.html").is_file():
        raise ContentError(path, fm.line_of("layout"), f"layout {layout!r} does not exist",
                           f"use layout: page, or create templates/layouts/{layout}.html")
    body, includes = expand_liquid(fm.body, path, fm.body_line, root / "templates" / "includes")
    return Page(
        source=path, url=url,
        title=data.get("title") or relative.stem.replace("-", " ").capitalize(),
        layout=layout,
        navigation=data.get("navigation") or False,
        current=data.get("current") or "",
        logo=data.get("logo") or "",
        show_layout_title=data.get("show_layout_title", True) is not False,
        description=data.get("description") or "",
        meta=data, body=body, body_line=fm.body_line, includes=includes, key_lines=fm.key_lines,
        source_key=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        redirect_from=old_urls(data.get("redirect_from"), path, fm.line_of("redirect_from")),
    )
