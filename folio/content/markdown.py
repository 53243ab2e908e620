"""Markdown by mistune 3, through its public API only: parse to a syntax tree, transform it, render it.

- `parse_markdown` gives the tree (mistune's AST, inline children parsed) and its state; `render_tokens`
  renders any list of its tokens with the site's renderer (roles render pieces of a page);
- link rules (settings) link every occurrence of a text in prose: a transform of the tree's text tokens;
- headings get unique, readable ids (a before-render hook);
- root-relative link and image URLs get the site's base path, external links rel="noopener noreferrer",
  and raw HTML the same (the renderer);
- fenced code is highlighted by Pygments into CSS classes (no inline styles);
- math (`$…$`, `$$…$$`, `\\(…\\)`, `\\[…\\]`, equation/align/gather) becomes MathML at build time, numbered per
  document (folio/mathml); `source=` names the file (and its first line) that math errors point to;
- `style` attributes (the owner's raw HTML, aligned table columns) become classes of the generated
  stylesheet (folio/content/styles.py): `moved_styles(state)` holds the rules found.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import mistune
from mistune.core import BlockState
from mistune.util import escape as escape_html
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from ..errors import source_line
from ..mathml import SOURCE_KEY, math
from .htmltags import Attrs, rewrite_start_tags
from .styles import MovedStyles, move_styles

Token = dict[str, Any]
PLUGINS = ("table", "strikethrough", "footnotes", "url", "task_lists", math)
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


def adjust_raw_html(text: str, prefix: str) -> str:
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
    return rewrite_start_tags(text, change) if "<" in text else text


@dataclass(frozen=True)
class LinkRule:
    """Link every occurrence of `text` in a page's prose to `url` (a site path or a full URL)."""
    text: str
    url: str


class FolioRenderer(mistune.HTMLRenderer):
    def __init__(self) -> None:
        super().__init__(escape=False)

    def render_token(self, token: Token, state: BlockState) -> str:
        # Adjusted copies, never edits: the same tokens may be rendered again (roles render pieces of a tree).
        kind = token["type"]
        prefix = state.env.get("url_prefix", "")
        if kind in ("link", "image"):
            token = {**token, "attrs": {**token["attrs"], "url": with_prefix(token["attrs"]["url"], prefix)}}
        elif kind in ("inline_html", "block_html"):
            token = {**token, "raw": adjust_raw_html(token["raw"], prefix)}
        return super().render_token(token, state)

    def link(self, text: str, url: str, title: str | None = None) -> str:
        attrs: dict[str, object] = {"href": self.sanitize_url(url)}
        if title:
            attrs["title"] = title
        if is_external(url):
            attrs["rel"] = "noopener noreferrer"
        return "<a" + self.render_attrs(attrs) + ">" + text + "</a>"

    def image(self, text: str, url: str, title: str | None = None) -> str:
        tag = super().image(text, url, title)
        return tag[:-3] + ' loading="lazy" decoding="async">'

    def block_code(self, code: str, info: str | None = None) -> str:
        lang = info.strip().split(None, 1)[0] if info and info.strip() else ""
        try:
            lexer = get_lexer_by_name(lang) if lang else None
        except ClassNotFound:
            lexer = None
        if lexer is None:
            return f"<pre><code>{escape_html(code)}</code></pre>\n"
        return highlight(code, lexer, _FORMATTER)


# -- transforms of the tree ------------------------------------------------------------------


def _heading_ids(md: mistune.Markdown, state: BlockState) -> None:
    used: set[str] = set()
    for token in state.tokens:
        if token["type"] != "heading" or token.get("attrs", {}).get("id"):
            continue
        base = slugify(re.sub(r"[*_`\[\]()]", "", html.unescape(token.get("text", "")))) or "section"
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        token.setdefault("attrs", {})["id"] = slug


def _source_lines(md: mistune.Markdown, state: BlockState) -> None:
    """Each block token that holds text gets the source line it starts on, as token['line'] (1-based)."""
    lines = state.src.splitlines()
    after = 0

    def visit(tokens: list[Token]) -> None:
        nonlocal after
        for token in tokens:
            text = token.get("text")
            if isinstance(text, str) and text.strip():
                needle = text.strip().splitlines()[0].strip()
                line = source_line(lines, needle, after)
                if line is not None:
                    token["line"] = line
                    after = line + text.strip().count("\n")
            visit(token.get("children") or [])

    visit(state.tokens)


def apply_link_rules(tokens: list[Token], rules: tuple[LinkRule, ...]) -> list[Token]:
    """The tokens with every rule's text in prose (outside links and code) made a link to its URL."""
    out: list[Token] = []
    for token in tokens:
        if token["type"] == "text":
            out.extend(_split_text(token["raw"], rules))
        elif token["type"] != "link" and token.get("children"):
            out.append({**token, "children": apply_link_rules(token["children"], rules)})
        else:
            out.append(token)
    return out


def _split_text(raw: str, rules: tuple[LinkRule, ...]) -> list[Token]:
    for rule in rules:
        before, found, after = raw.partition(rule.text)
        if found:
            link = {"type": "link", "children": [{"type": "text", "raw": found}], "attrs": {"url": rule.url}}
            return [*(_split_text(before, rules) if before else []), link,
                    *(_split_text(after, rules) if after else [])]
    return [{"type": "text", "raw": raw}]


# -- parsing and rendering ---------------------------------------------------------------------


@lru_cache(maxsize=2)
def _parser(lines: bool) -> mistune.Markdown:
    md = mistune.create_markdown(renderer="ast", plugins=list(PLUGINS))
    md.before_render_hooks.append(_heading_ids)
    if lines:
        md.before_render_hooks.append(_source_lines)
    return md


@lru_cache(maxsize=1)
def _renderer() -> FolioRenderer:
    # Plugins register how their tokens render (footnotes) on a Markdown whose renderer is HTML.
    return mistune.create_markdown(renderer=FolioRenderer(), plugins=list(PLUGINS)).renderer


def parse_markdown(text: str, url_prefix: str = "", link_rules: tuple[LinkRule, ...] = (),
                   lines: bool = False, source: tuple[Path, int] | None = None) -> tuple[list[Token], BlockState]:
    """The syntax tree of `text` (line endings normalised by mistune) and its state.

    lines=True records on each block token the line of `text` it starts on (token['line']). `source` is the
    file `text` comes from and the line of that file `text` starts on: math errors point there.
    Raises ContentErrors for the math it cannot render.
    """
    state = BlockState()
    state.env["url_prefix"] = url_prefix
    if source is not None:
        state.env[SOURCE_KEY] = source
    tokens, state = _parser(lines).parse(text, state)
    return (apply_link_rules(tokens, link_rules) if link_rules else tokens), state


def render_tokens(tokens: list[Token], state: BlockState) -> str:
    html = _renderer().render_tokens(tokens, state)
    if "style" not in html.lower():  # a cheap first look (several times faster than a pattern)
        return html
    return move_styles(html, moved_styles(state))


def moved_styles(state: BlockState) -> MovedStyles:
    """The styles that rendering with `state` has moved into classes so far, and those it could not move."""
    return state.env.setdefault("moved_styles", MovedStyles({}, []))


def render_markdown(text: str, url_prefix: str = "", link_rules: tuple[LinkRule, ...] = (),
                    source: tuple[Path, int] | None = None) -> str:
    return render_tokens(*parse_markdown(text, url_prefix, link_rules, source=source))
