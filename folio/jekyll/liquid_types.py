"""What the Liquid translator works with: the values it may print, what it looks up, what it returns."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any, Protocol

from .model import Dropped, SourceRef, Untranslated


class Mode(Enum):
    MARKDOWN = "markdown"
    HTML = "html"          # the body of a Jekyll .html page: code blocks become <pre>


class IncludeStatus(Enum):
    CONVERTED = "converted"  # imported as a Jinja include
    PROJECT = "project"      # the project has its own include of that name, which the page uses
    COMPLEX = "complex"      # loops, conditions or other Liquid: listed, not imported
    TRACKER = "tracker"      # analytics or comments: dropped
    MISSING = "missing"


@dataclass(frozen=True)
class IncludeVerdict:
    status: IncludeStatus
    why: str = ""

    @property
    def kept(self) -> bool:
        return self.status in (IncludeStatus.CONVERTED, IncludeStatus.PROJECT)


class Resolver(Protocol):
    """What a translation looks up in the rest of the import."""

    def link(self, path: str) -> str | None: ...          # {% link path %}: the new URL of a source file
    def post(self, name: str) -> str | None: ...          # {% post_url name %}
    def moved(self, url: str) -> str | None: ...          # the new URL of a page Jekyll published at `url`
    def include(self, name: str) -> IncludeVerdict: ...


@dataclass(frozen=True)
class SiteValues:
    """The site's values as the imported pages show them (`{{ site.title }}` becomes the text)."""
    title: str = ""
    description: str = ""
    url: str = ""            # the public address without a trailing slash: {{ site.url }}
    baseurl: str = ""        # what {{ site.baseurl }} becomes: '' or '/' (the engine adds the base path)
    public_base: str = ""    # for absolute_url: the public address with a trailing slash
    author: str = ""
    language: str = ""
    tagline: str = ""
    logo: str = ""
    cover: str = ""
    markers: tuple[str, ...] = ()  # tracker IDs that must never be printed

    def get(self, name: str) -> str | None:
        key = {"name": "title", "lang": "language", "author.name": "author"}.get(name, name)
        if key in ("title", "description", "url", "baseurl", "author", "language", "tagline", "logo", "cover"):
            return getattr(self, key)
        return None


@dataclass(frozen=True)
class PageValues:
    title: str
    url: str                                 # the page's URL in the engine
    front_matter: Mapping[str, Any] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        if name == "title":
            return self.title
        if name == "url":
            return self.url
        value = self.front_matter.get(name)
        if isinstance(value, (str, int, float, date)) and not isinstance(value, bool):
            return str(value)
        return None


class LoopKind(Enum):
    POSTS = "posts"
    DATA = "data"
    NAVIGATION = "navigation"


@dataclass(frozen=True)
class Loop:
    """A `{% for %}` over the site's posts or data, which a home page carries by its meaning."""
    kind: LoopKind
    data_name: str
    where: SourceRef
    text: str


@dataclass
class Translation:
    text: str
    untranslated: list[Untranslated]
    dropped: list[Dropped]
    includes: list[str]
    loops: list[Loop]
