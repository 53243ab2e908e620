"""Jekyll pages, posts and drafts as the engine's markdown files: where each goes, its URL, its front matter."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import PurePosixPath
from typing import Any

import yaml

from . import engine_urls
from .model import Dropped, Redirect, SourceRef, Untranslated
from .site import Document

# Front-matter keys that belonged to the theme or to dropped services.
THEME_KEYS = ("layout", "comments", "disqus", "disqus_identifier", "share", "published", "sidebar")
# The engine's page keys and the type each must have.
PAGE_KEY_TYPES: dict[str, type | tuple[type, ...]] = {"title": str, "permalink": str, "navigation": bool,
                                                      "current": str, "logo": str, "show_layout_title": bool,
                                                      "description": str, "sitemap": bool}
_UPDATED_KEYS = ("updated", "last_modified_at", "modified", "date_modified", "lastmod")
_IMAGE_KEYS = ("image", "cover", "feature_image", "featured_image", "header")


@dataclass(frozen=True)
class Placement:
    """Where a Jekyll document goes in the project, and the URL the engine will give it."""
    document: Document
    target: PurePosixPath
    url: str
    permalink: str | None  # written into the front matter when the path alone would not give `url`
    draft: bool = False


def place_page(document: Document, taken: set[str]) -> Placement:
    path = document.file.path.with_suffix(".md")
    if path.parts and path.parts[0] == "posts":  # pages/posts/ holds the engine's posts
        path = PurePosixPath("-".join(path.with_suffix("").parts) + ".md")
    target = PurePosixPath("pages") / path
    permalink = engine_urls.normalise_permalink(document.url) if "permalink" in document.text.data else None
    url = permalink or engine_urls.page_url(target)
    if url in taken or str(target) in taken:
        permalink = url = document.output_url
        target = target.with_name(f"{target.stem}-{document.file.path.suffix.lstrip('.')}.md")
    taken.update({url, str(target)})
    return Placement(document, target, url, permalink)


def place_post(document: Document, template: str, taken: set[str], draft: bool) -> Placement:
    day = document.date.date() if document.date else date.today()
    slug = document.slug or "post"
    target = engine_urls.post_file(day, slug)
    counter = 2
    while str(target) in taken:
        target = engine_urls.post_file(day, f"{slug}-{counter}")
        counter += 1
    permalink = engine_urls.normalise_permalink(document.url) if "permalink" in document.text.data else None
    url = permalink or engine_urls.post_url(template, day, target.stem[11:])
    taken.update({url, str(target)})
    return Placement(document, target, url, permalink, draft)


def redirects_for(placement: Placement, publishes_redirects: bool) -> list[Redirect]:
    """The old addresses of a document that the engine must answer with a redirect page."""
    document = placement.document
    old = [document.output_url] if document.published else []
    if publishes_redirects:
        old += list(document.redirect_from)
    unique = dict.fromkeys(u for u in old if u.rstrip("/") != placement.url.rstrip("/"))
    return [Redirect(url, placement.url, document.file.name) for url in unique]


@dataclass(frozen=True)
class FrontMatterResult:
    data: dict[str, Any]
    untranslated: list[Untranslated]


def page_front_matter(placement: Placement, redirects: list[Redirect], prints_heading: bool) -> FrontMatterResult:
    source = placement.document.text.data
    data: dict[str, Any] = {}
    problems: list[Untranslated] = []
    for key in ("title", "description"):
        if source.get(key) is not None:
            data[key] = str(source[key])
    if placement.permalink:
        data["permalink"] = placement.permalink
    for key, value in source.items():
        if key in data or key in THEME_KEYS or key in ("permalink", "redirect_from"):
            continue
        expected = PAGE_KEY_TYPES.get(key)
        if expected is not None and not isinstance(value, expected):
            if expected is str and isinstance(value, (int, float)):
                value = str(value)
            else:
                problems.append(Untranslated(placement.document.where, f"{key}: {value!r}",
                                             f"the engine wants '{key}' as a {expected.__name__}"))
                continue
        data[key] = value
    if prints_heading:
        data.setdefault("show_layout_title", False)
    _add_redirects(data, redirects)
    return FrontMatterResult(data, problems)


def post_front_matter(placement: Placement, redirects: list[Redirect]) -> dict[str, Any]:
    document = placement.document
    source = document.text.data
    from_mtime = document.file.kind.value == "draft" and "date" not in source  # Jekyll dates drafts by mtime
    data: dict[str, Any] = {"title": document.title, "date": _date_value(document.date, from_mtime)}
    updated = next((source[k] for k in _UPDATED_KEYS if source.get(k)), None)
    if updated:
        data["updated"] = updated
    description = source.get("description") or source.get("excerpt")
    if isinstance(description, str):
        data["description"] = description
    tags = _words(source.get("tags")) + _words(source.get("tag"))
    if tags:
        data["tags"] = list(dict.fromkeys(tags))
    image = _image(source)
    if image:
        data["image"] = image
    if placement.draft:
        data["draft"] = True
    if placement.permalink:
        data["permalink"] = placement.permalink
    skip = set(THEME_KEYS) | set(data) | {"redirect_from", "slug", "date", "excerpt", "tag", "permalink",
                                          *_UPDATED_KEYS, *_IMAGE_KEYS}
    data.update({k: v for k, v in source.items() if k not in skip})
    _add_redirects(data, redirects)
    return data


def _add_redirects(data: dict[str, Any], redirects: list[Redirect]) -> None:
    if redirects:
        data["redirect_from"] = [r.old_url for r in redirects]


def _date_value(moment: datetime | None, day_only: bool = False) -> date | datetime:
    if moment is None:
        return date.today()
    if day_only or (moment.tzinfo is None and moment.time() == time()):
        return moment.date()
    return moment


def _words(value: Any) -> list[str]:
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list):
        return [str(v) for v in value]
    return []


def _image(source: Mapping[str, Any]) -> str:
    for key in _IMAGE_KEYS:
        value = source.get(key)
        if isinstance(value, Mapping):
            value = value.get("path") or value.get("image") or value.get("feature") or value.get("url")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


class _Dumper(yaml.SafeDumper):
    """Block mappings, flow lists: `tags: [a, b]` under plain `key: value` lines."""


_Dumper.add_representer(list, lambda dumper, value: dumper.represent_sequence("tag:yaml.org,2002:seq", value,
                                                                              flow_style=True))


def markdown_file(front_matter: Mapping[str, Any], body: str) -> bytes:
    header = yaml.dump(dict(front_matter), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                       default_flow_style=False, width=1000)
    if not body.startswith("\n"):
        body = "\n" + body
    if not body.endswith("\n"):
        body += "\n"
    return f"---\n{header}---\n{body}".encode("utf-8")


def carry_html(html: str) -> str:
    """A Jekyll .html body as markdown that renders it untouched: one HTML block (no blank line ends it)."""
    lines = ["<!-- -->" if not line.strip() else line for line in html.strip("\n").split("\n")]
    return '<div class="jekyll-html">\n' + "\n".join(lines) + "\n</div>\n"


def dropped_page(document: Document, why: str) -> Dropped:
    return Dropped(SourceRef(document.file.name), document.file.name, why)
