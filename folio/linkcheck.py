"""Every internal href, src and hx-get of a build must resolve to a file, and every #id to an element."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

LINK_ATTRS = {"href", "src", "hx-get", "poster", "data"}
SKIP_SCHEMES = ("mailto:", "tel:", "data:", "javascript:", "webcal:")


@dataclass
class HtmlFile:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self, result: HtmlFile):
        super().__init__(convert_charrefs=True)
        self.result = result

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.result.ids.add(value)
            elif name in LINK_ATTRS and not (tag == "link" and dict(attrs).get("rel") == "canonical"):
                self.result.links.append(value)
            elif name == "srcset":
                self.result.links.extend(part.split()[0] for part in value.split(",") if part.strip())


def parse_html(path: Path) -> HtmlFile:
    result = HtmlFile()
    collector = _Collector(result)
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return result


@dataclass(frozen=True)
class BrokenLink:
    page: str  # the site path of the page holding the link
    target: str  # the link as written
    reason: str


def url_of(build: Path, file: Path, base_path: str) -> str:
    rel = file.relative_to(build).as_posix()
    rel = rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel
    return base_path + rel


def check_build(build: Path, base_path: str = "/") -> list[BrokenLink]:
    """All broken internal links of the build at `build`, served under `base_path` ('/site/')."""
    parsed = {f: parse_html(f) for f in sorted(build.rglob("*.html"))}
    broken: list[BrokenLink] = []
    for file, html in parsed.items():
        page_url = url_of(build, file, base_path)
        for link in dict.fromkeys(html.links):
            reason = _check(link, page_url, file, build, base_path, parsed)
            if reason:
                broken.append(BrokenLink(page_url[len(base_path) - 1:], link, reason))
    return broken


def _check(link: str, page_url: str, file: Path, build: Path, base_path: str,
           parsed: dict[Path, HtmlFile]) -> str | None:
    link = link.strip()
    if not link or link.startswith(SKIP_SCHEMES):
        return None
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    absolute = urlsplit(urljoin(page_url, link))
    path = unquote(absolute.path)
    if not path.startswith(base_path):
        return f"points outside the site's base path {base_path}"
    target = build / path[len(base_path):]
    if not target.resolve().is_relative_to(build.resolve()):
        return "points outside the build"
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return "no such page or file"
    if absolute.fragment:
        html = parsed.get(target)
        if html is not None and unquote(absolute.fragment) not in html.ids:
            return f"no element with id '{unquote(absolute.fragment)}'"
    return None
