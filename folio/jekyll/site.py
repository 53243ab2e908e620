"""A Jekyll site as Jekyll 4 would build it: its documents, each with the URL Jekyll gives it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .config import JekyllConfig, read_config
from .files import POST_NAME, Kind, SiteFile, scan
from .frontmatter import JekyllText, Unreadable, read_text, split
from .model import SourceRef
from . import urls

_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
                   r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$")
_OUTPUT_EXT = {".scss": ".css", ".sass": ".css", ".coffee": ".js"}


@dataclass(frozen=True)
class Document:
    """A page, post or draft of the Jekyll site."""
    file: SiteFile
    text: JekyllText
    title: str
    url: str           # Jekyll's page.url
    output_url: str    # the address of the file Jekyll writes for it ('/x/' or '/x.html')
    output_ext: str
    date: datetime | None
    slug: str          # posts and drafts: the slug their URL's :title is made from
    published: bool    # whether `jekyll build` writes it
    redirect_from: tuple[str, ...]

    @property
    def where(self) -> SourceRef:
        return SourceRef(self.file.name)

    @property
    def is_html(self) -> bool:
        return self.file.path.suffix.lower() in urls.HTML_EXTENSIONS


@dataclass(frozen=True)
class JekyllSite:
    root: Path
    config: JekyllConfig
    pages: tuple[Document, ...]
    posts: tuple[Document, ...]
    drafts: tuple[Document, ...]
    files: tuple[SiteFile, ...]
    unreadable: tuple[Unreadable, ...]
    cname: str

    def of_kind(self, kind: Kind) -> list[SiteFile]:
        return [f for f in self.files if f.kind is kind]

    @property
    def documents(self) -> tuple[Document, ...]:
        return self.pages + self.posts + self.drafts

    def has_plugin(self, name: str) -> bool:
        return name in self.config.plugins


def read_site(src: Path) -> JekyllSite:
    config = read_config(src)
    files = scan(src, config)
    documents: dict[Kind, list[Document]] = {Kind.PAGE: [], Kind.RENDERED: [], Kind.POST: [], Kind.DRAFT: []}
    unreadable = []
    for file in files:
        if file.kind in documents:
            try:
                documents[file.kind].append(_document(src, file, config))
            except Unreadable as bad:
                unreadable.append(bad)
    return JekyllSite(src, config, tuple(documents[Kind.PAGE] + documents[Kind.RENDERED]),
                      tuple(documents[Kind.POST]), tuple(documents[Kind.DRAFT]), tuple(files),
                      tuple(unreadable), _cname(src))


def _cname(src: Path) -> str:
    path = src / "CNAME"
    if not path.is_file():
        return ""
    lines = [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    return next((line for line in lines if line), "")


def _document(src: Path, file: SiteFile, config: JekyllConfig) -> Document:
    where = SourceRef(file.name)
    text = split(read_text(src / file.path, where), where)
    if file.kind in (Kind.POST, Kind.DRAFT):
        return _post(src, file, text, config)
    return _page(file, text, config)


def output_ext_of(path: PurePosixPath, config: JekyllConfig) -> str:
    suffix = path.suffix
    if suffix.lower() in config.markdown_ext:
        return ".html"
    return _OUTPUT_EXT.get(suffix.lower(), suffix)


def _page(file: SiteFile, text: JekyllText, config: JekyllConfig) -> Document:
    path = file.path
    ext = output_ext_of(path, config)
    directory = "/" + path.parent.as_posix() if path.parent != PurePosixPath() else ""
    basename = path.name[: -len(path.suffix)].rstrip(".") if path.suffix else path.name
    permalink = text.data.get("permalink")
    url = urls.page_url(directory, basename, ext, str(permalink) if permalink else None, config.permalink)
    return Document(file, text, _string(text.data.get("title")), url, urls.public_output_url(url, ext), ext,
                    None, basename, text.data.get("published") is not False, _redirects(text.data))


def _post(src: Path, file: SiteFile, text: JekyllText, config: JekyllConfig) -> Document:
    data = text.data
    inner = PurePosixPath(*file.path.parts[len(file.categories) + 1:])  # the path inside _posts or _drafts
    match = POST_NAME.match(inner.as_posix())
    if match:
        file_date, slug = match.group(1), match.group(2)
    else:
        file_date, slug = None, file.path.stem
    slug = str(data.get("slug") or slug).rstrip(".")
    when = parse_date(data.get("date"), config.timezone) or (parse_date(file_date, config.timezone) if file_date
                                                             else _mtime(src / file.path))
    categories = tuple(dict.fromkeys(file.categories + _words(data.get("categories")) + _words(data.get("category"))))
    ext = output_ext_of(file.path, config)
    facts = urls.PostFacts(slug, file.path.stem, when, categories, ext, "/" + inner.with_suffix("").as_posix())
    permalink = data.get("permalink")
    template = str(permalink) if permalink else urls.post_template(config.permalink)
    try:
        url = urls.post_url(facts, template)
    except KeyError as unknown:
        raise Unreadable(SourceRef(file.name), f"its permalink uses :{unknown.args[0]}, which Jekyll does not know") from None
    return Document(file, text, _string(data.get("title")) or titleize(slug), url, urls.public_output_url(url, ext),
                    ext, when, urls.slugify(slug, pretty=True, cased=True),
                    file.kind is Kind.POST and _publishes(data, when, config), _redirects(data))


def _publishes(data: Any, when: datetime, config: JekyllConfig) -> bool:
    if data.get("published") is False:
        return False
    now = datetime.now(when.tzinfo) if when.tzinfo else datetime.now()
    return config.show_future or when <= now


def parse_date(value: Any, zone: str = "") -> datetime | None:
    """A front-matter or file-name date as Jekyll reads it, in the site's time zone (UTC by default)."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, str) and (match := _DATE.match(value)):
        y, mo, d, h, mi, s, offset = match.groups()
        try:
            moment = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), tzinfo=_offset(offset))
        except ValueError:
            return None
    else:
        return None
    return moment.astimezone(_zone(zone)) if moment.tzinfo else moment


def _offset(text: str | None) -> timezone | None:
    if not text:
        return None
    if text == "Z":
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0)))


def _zone(name: str) -> Any:
    try:
        return ZoneInfo(name) if name else timezone.utc
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.utc


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)


def titleize(slug: str) -> str:
    return " ".join(word.capitalize() for word in slug.split("-"))


def _words(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(value.split())
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return ()


def _string(value: Any) -> str:
    return "" if value is None else str(value)


def _redirects(data: Any) -> tuple[str, ...]:
    value = data.get("redirect_from")
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return tuple("/" + str(item).lstrip("/") for item in items if str(item).strip())


def published_urls(site: JekyllSite) -> set[str]:
    """Every address `jekyll build` writes a file for, as a static host answers it."""
    found = {d.output_url for d in site.documents if d.published}
    found |= {"/" + f.name for f in site.of_kind(Kind.STATIC)}
    if site.has_plugin("jekyll-redirect-from"):
        found |= {urls.public_output_url(old, ".html") for d in site.documents if d.published for old in d.redirect_from}
    return found | set(plugin_urls(site, found))


def plugin_urls(site: JekyllSite, published: set[str]) -> list[str]:
    """The files Jekyll's usual plugins add, unless the site has its own."""
    wanted = []
    if site.has_plugin("jekyll-sitemap"):
        wanted += ["/sitemap.xml", "/robots.txt"]
    if site.has_plugin("jekyll-feed"):
        wanted.append("/feed.xml")
    if site.has_plugin("jekyll-redirect-from") and site.config.redirect_json:
        wanted.append("/redirects.json")
    return [url for url in wanted if url not in published]
