"""Every internal href, src and hx-get of a build must resolve to a file, and every #id to an element.

Scanning is split from resolving so that a build can scan each page once, as it is written (in parallel
workers), keep the results for unchanged pages, and resolve every link against the final set of files.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from ..content.htmltags import start_tags

LINK_ATTRS = frozenset({"href", "src", "hx-get", "poster", "data"})
SKIP_SCHEMES = ("mailto:", "tel:", "data:", "javascript:", "webcal:")


@dataclass
class HtmlFile:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


def scan_html(text: str) -> HtmlFile:
    """The ids and the link targets (href, src, hx-get, srcset, …) of one HTML document."""
    result = HtmlFile()
    for name, attrs in start_tags(text):
        _collect(name, attrs, result)
    return result


def _collect(tag: str, attrs: dict[str, str | None], result: HtmlFile) -> None:
    for name, value in attrs.items():
        if value is None:
            continue
        if name == "id" or (tag == "a" and name == "name"):
            result.ids.add(value)
        elif name in LINK_ATTRS and not (tag == "link" and attrs.get("rel") == "canonical"):
            result.links.append(value)
        elif name == "srcset":
            result.links.extend(part.split()[0] for part in value.split(",") if part.strip())


def parse_html(path: Path) -> HtmlFile:
    return scan_html(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class BrokenLink:
    page: str  # the site path of the page holding the link
    target: str  # the link as written
    reason: str


def url_of(relative: str, base_path: str) -> str:
    """'experience/index.html' -> '/site/experience/' under the base path '/site/'."""
    if relative == "index.html" or relative.endswith("/index.html"):
        relative = relative[: -len("index.html")]
    return base_path + relative


def resolve_links(scanned: dict[str, HtmlFile], files: set[str], base_path: str = "/") -> list[BrokenLink]:
    """Broken links among `scanned` (build-relative path -> its scan), given every file of the build."""
    broken: list[BrokenLink] = []
    rooted: dict[str, str | None] = {}  # a root-relative link means the same on every page: check it once
    for relative, page in sorted(scanned.items()):
        page_url = url_of(relative, base_path)
        for link in dict.fromkeys(page.links):
            link = link.strip()
            if link.startswith("/") and not link.startswith("//"):
                if link not in rooted:
                    rooted[link] = _check(link, page_url, base_path, scanned, files)
                reason = rooted[link]
            else:
                reason = _check(link, page_url, base_path, scanned, files)
            if reason:
                broken.append(BrokenLink(page_url[len(base_path) - 1:], link, reason))
    return broken


def check_build(build: Path, base_path: str = "/") -> list[BrokenLink]:
    """All broken internal links of the build at `build`, served under `base_path` ('/site/')."""
    files = {p.relative_to(build).as_posix() for p in build.rglob("*") if p.is_file()}
    scanned = {f: parse_html(build / f) for f in files if f.endswith(".html")}
    return resolve_links(scanned, files, base_path)


def _check(link: str, page_url: str, base_path: str, scanned: dict[str, HtmlFile], files: set[str]) -> str | None:
    if not link or link.startswith(SKIP_SCHEMES):
        return None
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    absolute = urlsplit(urljoin(page_url, link))
    path = unquote(absolute.path)
    if not path.startswith(base_path):
        return f"points outside the site's base path {base_path}"
    target = path[len(base_path):]
    if ".." in target.split("/"):
        return "points outside the build"
    if target == "" or target.endswith("/"):
        target += "index.html"
    elif target not in files and target + "/index.html" in files:
        target += "/index.html"
    if target not in files:
        return "no such page or file"
    if absolute.fragment:
        page = scanned.get(target)
        if page is not None and unquote(absolute.fragment) not in page.ids:
            return f"no element with id '{unquote(absolute.fragment)}'"
    return None
