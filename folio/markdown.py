"""Markdown by mistune 3, with the site's syntax-tree transforms.

- root-relative link and image URLs get the site's base path (for a GitHub Pages project site);
- external links get rel="noopener noreferrer";
- headings get unique, readable ids for anchors;
- fenced code is highlighted by Pygments into CSS classes (no inline styles).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import mistune
from mistune.core import BlockState
from mistune.util import escape as escape_html
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from .htmltags import Attrs, rewrite_start_tags

PLUGINS = ("table", "strikethrough", "footnotes", "url", "task_lists")
_FORMATTER = HtmlFormatter(cssclass="highlight", wrapcode=True)


def slugify(text: str) -> str:
    """'Principal Data Scientist – InsurTech' -> 'principal-data-scientist-insurtech'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^\w\s-]", "", text.lower())
    return re.sub(r"[\s_-]+", "-", text).strip("-")


def with_prefix(url: str, prefix: str) -> str:
    """Prefix a root-relative URL with the site's base path; leave every other URL alone."""
    if prefix and url.startswith("/") and not url.startswith("//"):
        return prefix.rstrip("/") + url
    return url


def is_external(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


URL_ATTRS = ("href", "src", "hx-get", "poster")


def adjust_raw_html(html: str, prefix: str) -> str:
    """The owner's raw HTML gets what markdown links get: the base path, and rel on external links."""
    def change(name: str, attrs: Attrs) -> Attrs | None:
        before = dict(attrs)
        for key in URL_ATTRS:
            if attrs.get(key):
                attrs[key] = with_prefix(attrs[key], prefix)
        if name == "a" and is_external(attrs.get("href") or ""):
            rel = (attrs.get("rel") or "").split()
            attrs["rel"] = " ".join(rel + [word for word in ("noopener", "noreferrer") if word not in rel])
        return attrs if attrs != before else None
    return rewrite_start_tags(html, change) if "<" in html else html


@dataclass(frozen=True)
class LinkRule:
    """Link every occurrence of `text` in a page's prose to `url` (a site path or a full URL)."""
    text: str
    url: str


class FolioRenderer(mistune.HTMLRenderer):
    def __init__(self) -> None:
        super().__init__(escape=False)

    def render_token(self, token: dict[str, Any], state: BlockState) -> str:
        # Adjusted copies, never edits: the same tokens may be rendered again (roles render pieces of a tree).
        kind = token["type"]
        prefix = state.env.get("url_prefix", "")
        if kind in ("link", "image"):
            token = {**token, "attrs": {**token["attrs"], "url": with_prefix(token["attrs"]["url"], prefix)}}
        if kind == "link":
            state.env["in_link"] = state.env.get("in_link", 0) + 1
            try:
                return super().render_token(token, state)
            finally:
                state.env["in_link"] -= 1
        if kind in ("inline_html", "block_html"):
            token = {**token, "raw": adjust_raw_html(token["raw"], prefix)}
        if kind == "text" and state.env.get("link_rules") and not state.env.get("in_link"):
            return self._apply_link_rules(token["raw"], state)
        return super().render_token(token, state)

    def _apply_link_rules(self, raw: str, state: BlockState) -> str:
        for rule in state.env["link_rules"]:
            before, found, after = raw.partition(rule.text)
            if found:
                url = with_prefix(rule.url, state.env.get("url_prefix", ""))
                return (self._apply_link_rules(before, state) + self.link(self.text(found), url)
                        + self._apply_link_rules(after, state))
        return self.text(raw)

    def link(self, text: str, url: str, title: str | None = None) -> str:
        attrs: dict[str, object] = {"href": self.sanitize_url(url)}
        if title:
            attrs["title"] = title
        if is_external(url):
            attrs["rel"] = "noopener noreferrer"
        return "<a" + self.render_attrs(attrs) + ">" + text + "</a>"

    def image(self, text: str, url: str, title: str | None = None) -> str:
        html = super().image(text, url, title)
        return html[:-3] + ' loading="lazy" decoding="async">'

    def block_code(self, code: str, info: str | None = None) -> str:
        lang = info.strip().split(None, 1)[0] if info and info.strip() else ""
        try:
            lexer = get_lexer_by_name(lang) if lang else None
        except ClassNotFound:
            lexer = None
        if lexer is None:
            return f"<pre><code>{escape_html(code)}</code></pre>\n"
        return highlight(code, lexer, _FORMATTER)


def _heading_ids(md: mistune.Markdown, state: BlockState) -> None:
    used: set[str] = set()
    for token in state.tokens:
        if token["type"] != "heading" or token.get("attrs", {}).get("id"):
            continue
        base = slugify(re.sub(r"[*_`\[\]()]", "", token.get("text", ""))) or "section"
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        token.setdefault("attrs", {})["id"] = slug


def make_markdown() -> mistune.Markdown:
    md = mistune.create_markdown(renderer=FolioRenderer(), plugins=list(PLUGINS))
    md.before_render_hooks.append(_heading_ids)
    return md


@lru_cache(maxsize=1)
def _markdown() -> mistune.Markdown:
    return make_markdown()


def new_state(url_prefix: str = "", link_rules: tuple[LinkRule, ...] = ()) -> BlockState:
    """A parse state carrying what rendering needs: the base path and the link rules."""
    state = BlockState()
    state.env["url_prefix"] = url_prefix
    state.env["link_rules"] = link_rules
    return state


def render_markdown(text: str, url_prefix: str = "", link_rules: tuple[LinkRule, ...] = ()) -> str:
    html, _ = _markdown().parse(text, new_state(url_prefix, link_rules))
    return html


def parse_tokens(text: str, url_prefix: str = "", link_rules: tuple[LinkRule, ...] = ()) -> tuple[list[dict[str, Any]], BlockState]:
    """The syntax tree of `text` (block tokens; inline children not parsed yet), and its state.

    Render any list of these tokens with `render_tokens`: it parses inline text as it goes.
    """
    md = _markdown()
    state = new_state(url_prefix, link_rules)
    state.process(text if text.endswith("\n") else text + "\n")
    md.block.parse(state)
    for hook in md.before_render_hooks:
        hook(md, state)
    return state.tokens, state


def render_tokens(tokens: list[dict[str, Any]], state: BlockState) -> str:
    md = _markdown()
    return md.renderer(md._iter_render(tokens, state), state)


def parse_inline(text: str, state: BlockState) -> list[dict[str, Any]]:
    """The inline tokens of one block's text, as `render_tokens` would parse them."""
    return _markdown().inline(text.strip(" \r\n\t\f"), state.env)
