"""The owner's inline styles under a strict CSP: one generated stylesheet, linked by the pages that need it.

Markdown rendering turns each `style="…"` of the owner's raw HTML (and of aligned table columns) into a
class (folio/content/styles.py). This feature gathers the rules of every markdown document of the site
(pages, and the markdown files features make pages from, such as talks) into /css/inline-styles.css,
sorted by class, so that builds are byte-identical. A page links it, with ?v= and its fingerprint, only
when its own document has a style: pages without one make no extra request.

The link sits at the top of <main> (the `banner` hook place) rather than in <head>: a boosted navigation
swaps <main> alone, and so brings the link along to the page that needs it.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from flask import Blueprint, Response

from ..content.frontmatter import split_front_matter
from ..content.markdown import moved_styles, parse_markdown, render_tokens
from ..content.pages import Page
from ..content.store import Site
from ..contract import Contribution, MadeUrl, TemplateHooks
from ..engine import engine
from ..errors import ContentError, ContentErrors, source_line
from ..web.urls import site_url

SHEET = "/css/inline-styles.css"
def _may_have_style(markdown: str) -> bool:
    """A style attribute, or a table column aligned with ':' (|:--|--:|): plain searches, fast on every page."""
    return ":-" in markdown or "-:" in markdown or "style" in markdown.lower()
bp = Blueprint("styles", __name__)


@dataclass(frozen=True)
class DocumentStyles:
    rules: dict[str, str]  # class -> rule
    errors: tuple[ContentError, ...]  # styles that could not be moved, at their file and line


NO_STYLES = DocumentStyles({}, ())


@dataclass(frozen=True)
class Sheet:
    css: bytes
    version: str  # a fingerprint of `css`, for the ?v= of its links


class StyleBook:
    """The styles of one snapshot: each document's, and the stylesheet of them all (computed when asked)."""

    def __init__(self, site: Site, read: "DocumentReader"):
        self._site, self._read = site, read

    def of(self, source: Path | None) -> DocumentStyles:
        """The styles of the document a URL is made from (a page's file, a talk's, …)."""
        if source is None or source.suffix != ".md":
            return NO_STYLES
        page = self._pages.get(source)
        return self._read(source, page.body if page else None, page.source_key if page else None)

    @cached_property
    def _pages(self) -> dict[Path, Page]:
        return {page.source: page for page in self._site.pages.values()}

    @cached_property
    def sheet(self) -> Sheet:
        rules: dict[str, str] = {}
        sources = [*self._pages, *(made.source for made in self._site.made.values())]
        for source in dict.fromkeys(sources):
            rules.update(self.of(source).rules)
        css = "".join(rules[cls] + "\n" for cls in sorted(rules)).encode("utf-8")
        return Sheet(css, hashlib.sha256(css).hexdigest()[:10])


class DocumentReader:
    """Each markdown document's styles, found by rendering it; kept while its text is unchanged."""

    def __init__(self) -> None:
        self._known: dict[Path, tuple[str, DocumentStyles]] = {}

    def __call__(self, source: Path, body: str | None, key: str | None) -> DocumentStyles:
        """A page gives its body and the hash of its file (`key`); any other document is read here."""
        if body is None:
            try:
                key = source.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):  # the feature that reads the file reports it
                return NO_STYLES
            body = _body(key, source)
        if not _may_have_style(body):
            return NO_STYLES
        known = self._known.get(source)
        if known is None or known[0] != key:
            known = self._known[source] = (key or "", _styles(source, body))
        return known[1]


def _body(text: str, source: Path) -> str:
    try:
        return split_front_matter(text, source).body
    except ContentError:
        return text  # a file without front matter (or with a broken one, which its feature reports)


def _styles(source: Path, body: str) -> DocumentStyles:
    try:
        tokens, state = parse_markdown(body)
    except ContentErrors:  # math it cannot render: the page reports that itself
        return NO_STYLES
    render_tokens(tokens, state)
    found = moved_styles(state)
    errors = tuple(ContentError(source, _line_of(source, written), f"the inline style {written!r} cannot be used: "
                                f"{error.reason}", error.hint) for written, error in found.errors)
    return DocumentStyles(dict(found.rules), errors)


def _line_of(source: Path, style: str) -> int | None:
    text = source.read_text(encoding="utf-8", errors="replace")
    for needle in (style, style.strip()[:30], "style="):
        line = source_line(text, needle) if needle else None
        if line is not None:
            return line
    return None


class InlineStylesFeature:
    name = "styles"
    watch: tuple[str, ...] = ()  # it reads the documents other features and the store already watch
    blueprint = bp
    hooks = TemplateHooks(banner="styles/link.html")
    assets = ()

    def __init__(self) -> None:
        self._reader = DocumentReader()

    def contribute(self, site: Site, previous: Site | None) -> Contribution:
        sheet = MadeUrl("styles.sheet", {}, site.root / "pages", listed=False,
                        what="the site's stylesheet of inline styles")
        return Contribution(urls=[sheet], part=StyleBook(site, self._reader))

    def render_key(self, site: Site) -> str:
        return site.part(StyleBook).sheet.version  # pages with a style link it with this fingerprint


@bp.route(SHEET)
def sheet() -> Response:
    return Response(engine().site().part(StyleBook).sheet.css, mimetype="text/css")


@bp.app_context_processor
def template_context() -> dict[str, Any]:
    return {"inline_stylesheet": inline_stylesheet}


def inline_stylesheet(url: Any) -> str | None:
    """The stylesheet's link for the page at `url` when its document has a style, else None.

    A style that could not be moved is the page's error: it shows on the page, and fails the build.
    """
    if not isinstance(url, str):
        return None
    site = engine().site()
    book = site.part(StyleBook)
    styles = book.of(site.source_of(url))
    if styles.errors:
        raise styles.errors[0]
    return f"{site_url(SHEET)}?v={book.sheet.version}" if styles.rules else None
