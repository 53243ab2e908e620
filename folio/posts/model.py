"""Posts: every markdown file under pages/posts/, parsed once into a `Post` (a `Page` and what a post adds).

A post's date comes from its file name (`2026-01-15-muon.md`, Jekyll's naming) or from `date:` in its front
matter, which wins. A draft (`draft: true`) or a post dated later than now is held back: the dev server shows
it with a mark, a build publishes nothing of it and says how many it held back.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..content.fields import Field, Fields
from ..content.markdown import slugify
from ..content.pages import PAGES_DIR, Page, load_page
from ..errors import ContentError
from .permalinks import post_url, split_name

POSTS_DIR = f"{PAGES_DIR}/posts"
UTC = dt.timezone.utc
WORDS_PER_MINUTE = 220
SCHEMA = {
    "draft": Field(bool, "write draft: true or draft: false"),
    "toc": Field(bool, "write toc: true or toc: false"),
    "image": Field(str, "write image: /assets/images/card.png (a file under static/)"),
}
_JEKYLL_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?)\s*([+-]\d{2}:?\d{2}|Z)?$")


@dataclass(eq=False)  # a post is itself: compared by identity
class Post:
    page: Page  # the file as any page is read: title, description, body, includes, redirect_from
    key: str  # its path under pages/posts/ without .md: how its URL rule names it
    slug: str  # what :title becomes
    url: str
    day: dt.date  # the date readers see
    published: dt.datetime  # the instant it goes public (a date alone: midnight UTC that day)
    updated: dt.datetime | None
    tags: tuple[str, ...]
    draft: bool
    image: str  # front matter `image`, a site path or a URL; '' means the generated card
    toc: bool
    words: int

    @property
    def source(self) -> Path:
        return self.page.source

    @property
    def title(self) -> str:
        return self.page.title

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))

    @property
    def modified(self) -> dt.datetime:
        return self.updated or self.published

    def held(self, now: dt.datetime) -> str:
        """'draft', 'scheduled' (dated later than `now`) or '' for a published post."""
        if self.draft:
            return "draft"
        return "scheduled" if self.published > now else ""

    def line(self, key: str) -> int:
        return self.page.key_lines.get(key, 1)


def tag_slug(tag: str) -> str:
    return slugify(tag) or "tag"


def load_post(path: Path, root: Path, template: str, max_kb: int) -> Post:
    """Parse one post; raise ContentError (file:line, what to do) on any mistake."""
    page = load_page(path, root, max_kb)
    relative = PurePosixPath(path.relative_to(root / POSTS_DIR).as_posix()).with_suffix("")
    named = split_name(relative.name)
    fields = Fields(page.meta, path, lambda key: page.key_lines.get(key, 1))
    checked = fields.check(SCHEMA)
    if "date" in page.meta:
        published = _moment(fields, "date", page.meta["date"])
    elif named:
        published = _moment(fields, "", named[0], path)
    else:
        raise ContentError(path, 1, "a post needs a date",
                           "name the file YYYY-MM-DD-slug.md, or add date: 2026-01-15 to its front matter")
    slug = slugify(named[1] if named else relative.name) or "post"
    if not page.meta.get("title"):
        page.title = (named[1] if named else relative.name).replace("-", " ").capitalize()
    day = published.date() if isinstance(published, dt.datetime) else published
    url = page.url if page.meta.get("permalink") else post_url(template, day, slug)
    updated = _moment(fields, "updated", page.meta["updated"]) if page.meta.get("updated") else None
    return Post(page=page, key=relative.as_posix(), slug=slug, url=url, day=day, published=_instant(published),
                updated=_instant(updated) if updated else None, tags=_tags(fields, page.meta.get("tags")),
                draft=checked.get("draft", False), image=(checked.get("image") or "").strip(),
                toc=checked.get("toc", False), words=len(page.body.split()))


def _tags(fields: Fields, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value.split() if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(t, (str, int, float)) for t in items):
        raise fields.error("tags", "'tags' must be a list of words", "write tags: [optimizers, attention]")
    return tuple(dict.fromkeys(str(t).strip() for t in items if str(t).strip()))


def _moment(fields: Fields, key: str, value: Any, path: Path | None = None) -> dt.date | dt.datetime:
    """A date or a date-time from front matter (YAML's own, ISO text, or Jekyll's '2026-01-15 10:00:00 +0100')."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        match = _JEKYLL_TIME.match(text)
        if match:
            zone = (match.group(3) or "").replace("Z", "+00:00")
            zone = zone if ":" in zone or not zone else zone[:3] + ":" + zone[3:]
            return dt.datetime.fromisoformat(f"{match.group(1)}T{match.group(2).zfill(5)}{zone}")
        return dt.datetime.fromisoformat(text)
    except ValueError:
        if path is not None:
            raise ContentError(path, 1, f"the file name's date {text} is not a date",
                               "name the file YYYY-MM-DD-slug.md with a real date") from None
        raise fields.error(key, f"'{key}' is not a date: {text!r}",
                           f"write {key}: 2026-01-15, or {key}: 2026-01-15T09:30:00+01:00") from None


def _instant(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return dt.datetime(value.year, value.month, value.day, tzinfo=UTC)
