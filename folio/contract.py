"""How a feature plugs into the site: the typed members it declares, and nothing else.

A feature (roles, talks, …) is a package with one class that satisfies `Feature`. `create_app` registers
its blueprint; every time the content changes, the content store asks it for a `Contribution`: the URLs it
makes (each an endpoint of its blueprint and that endpoint's values), its navigation entries, the page
bodies it renders itself, URL rules that depend on the content, and its own data (`part`), which other
code reads with `site.part(TheDataClass)` (in `contribute`, the parts of the features listed before it in
`folio.features()`). The layout includes the templates named in its `hooks`.
The core never names a feature.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Protocol

from flask import Blueprint

if TYPE_CHECKING:
    from .content.pages import Page
    from .content.store import Site
    from .web.assets import Recipe


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str
    key: str  # what `current:` in a page's front matter names to mark it as the current entry


@dataclass(frozen=True)
class MadeUrl:
    """A URL the site makes (not a page of the owner's): where its view is, and what it comes from."""
    endpoint: str
    values: Mapping[str, Any]
    source: Path  # the file errors about this URL point to
    line: int | None = None
    listed: bool = True  # in the sitemap (HTML only)
    what: str = ""  # how an error names it, e.g. "the site's own stylesheet"; default: from its source
    document: "Page | None" = None  # the markdown it renders (a post): the build caches that HTML as a page's


@dataclass(frozen=True)
class ContentRule:
    """A URL rule that depends on the content, e.g. /experience/<slug>/ when site.toml lists /experience/."""
    rule: str
    endpoint: str
    defaults: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Redirect:
    """An old URL that now leads to `target` (front matter `redirect_from`, as jekyll-redirect-from has it)."""
    path: str  # the old site path: '/old/' or '/older.html'
    target: str  # the site path it leads to
    source: Path
    line: int | None = None


BodyRenderer = Callable[["Page"], str]

# URLs under this path are the dev server's own tools (live reload's long poll and script): they read no
# content, so they answer even while the settings are broken, when every other URL shows that error. No
# feature makes one of them a MadeUrl, so no build publishes them.
TOOLS_PATH = "/__folio/"


@dataclass
class Contribution:
    urls: list[MadeUrl] = field(default_factory=list)
    nav: list[NavItem] = field(default_factory=list)
    bodies: dict[str, BodyRenderer] = field(default_factory=dict)  # page URL -> renders that page's body
    rules: list[ContentRule] = field(default_factory=list)
    redirects: list[Redirect] = field(default_factory=list)  # published as small pages by the core
    notes: list[str] = field(default_factory=list)  # lines a build prints after its summary (what it held back)
    part: object | None = None  # the feature's data for this snapshot, found by its type


@dataclass(frozen=True)
class TemplateHooks:
    """Templates the layout includes on every page, in the order features are registered."""
    head_scripts: str | None = None  # in <head>, before the site's script (deferred scripts run in order)
    head: str | None = None  # in <head>, after it: links and meta
    banner: str | None = None  # at the top of <main>
    main_end: str | None = None  # at the end of <main>, after the page's own content
    # In the error page's <head>. That page stands alone (it must render while the settings are broken), so a
    # template here may use only what the error page has: csp, asset_url, site_url, hooks and its own context.
    error_head: str | None = None


class Feature(Protocol):
    name: str  # its blueprint's name, and how messages name it
    # Glob patterns, relative to the site root, of the files it reads besides pages. Files under pages/ that a
    # pattern matches (posts: pages/posts/**/*.md) are the feature's own: the store loads them as no page.
    watch: tuple[str, ...]
    blueprint: Blueprint | None
    hooks: TemplateHooks
    assets: tuple["Recipe", ...]  # scripts or stylesheets it publishes

    def contribute(self, site: "Site", previous: "Site | None") -> Contribution: ...

    def render_key(self, site: "Site") -> str:
        """What any page's HTML depends on besides its own file (e.g. a banner's state); '' if nothing."""
        ...
