"""The engine's URL rules, as the importer must predict them to keep every old address answering.

Pages: `pages/a/b.md` is `/a/b/`, `index.md` is its folder; a `permalink` gets a trailing slash unless
its last segment has a dot. Posts: `post_permalink` in site.toml with :year :month :day :title, where
:title is the slug of the file name `YYYY-MM-DD-slug.md`.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import PurePosixPath

# The engine's own post URL rule, which the importer predicts (post_url is used by documents.py from here).
from ..posts.permalinks import DEFAULT, PLACEHOLDERS, post_url  # noqa: F401
from .urls import post_template

POSTS_DIR = PurePosixPath("pages/posts")
DEFAULT_POST_PERMALINK = DEFAULT
_PLACEHOLDER = re.compile(r":([a-z_]+)")


def page_url(target: PurePosixPath) -> str:
    """pages/index.md -> /, pages/about.md -> /about/, pages/blog/index.md -> /blog/."""
    parts = list(target.relative_to("pages").with_suffix("").parts)
    if parts and parts[-1] == "index":
        parts.pop()
    return "/" + "".join(part + "/" for part in parts)


def normalise_permalink(value: str) -> str:
    value = "/" + value.lstrip("/")
    if not value.endswith("/") and "." not in value.rsplit("/", 1)[-1]:
        value += "/"
    return value


def post_permalink(style: str) -> str:
    """A Jekyll `permalink` style as the engine's post_permalink: only the placeholders the engine knows,
    always a folder URL ('/:title' -> '/:title/', 'date' -> '/:year/:month/:day/:title/')."""
    template = post_template(style).replace(":output_ext", "").replace(":slug", ":title")
    template = re.sub(r"\.html?$", "", template)
    segments = [s for s in template.split("/") if s and _known(s)]
    if not any(":title" in s for s in segments):
        segments.append(":title")
    return "/" + "/".join(segments) + "/"


def _known(segment: str) -> bool:
    return all(name in PLACEHOLDERS for name in _PLACEHOLDER.findall(segment))


def post_file(day: date, slug: str) -> PurePosixPath:
    return POSTS_DIR / f"{day.year:04d}-{day.month:02d}-{day.day:02d}-{slug}.md"
