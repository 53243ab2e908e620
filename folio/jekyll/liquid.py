"""Liquid in a page's or post's body, translated to what the engine's pages allow.

The engine's pages may hold only `{% include NAME %}` and `{% raw %}…{% endraw %}`. Everything else is
turned into plain text (site and page values, URLs, code blocks) or left out and reported with its
`file:line` and original text, so that the imported site builds as it is and the owner knows what to redo.
"""
from __future__ import annotations

import html
import re

from .embeds import has_tracker
from .expressions import Untranslatable, apply_filter, parse_expression
from .liquid_syntax import BLOCKS, Node, TokenKind, parse
from .liquid_types import (IncludeStatus, IncludeVerdict, Loop, LoopKind, Mode, PageValues, Resolver, SiteValues,
                           Translation)
from .model import Dropped, SourceRef, Untranslated

__all__ = ["IncludeStatus", "IncludeVerdict", "Loop", "LoopKind", "Mode", "PageValues", "Resolver", "SiteValues",
           "Translation", "safe_raw", "translate"]

_INCLUDE = re.compile(r"""^(?P<name>[^\s{}'"]+)(?P<params>(?:\s+[\w-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*$""")
_PARAM = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_FOR = re.compile(r"^\s*\w+\s+in\s+\(?\s*([\w.\[\]'\"-]+)")
_NAVIGATION_DATA = ("navigation", "nav", "menu", "main_menu", "links")
_ENGINE_TAG = re.compile(r"\{%-?\s*(.*?)\s*-?%\}|\{\{-?\s*(.*?)\s*-?\}\}", re.S)  # the engine's reader


def translate(text: str, where: SourceRef, site: SiteValues, page: PageValues, resolver: Resolver,
              mode: Mode = Mode.MARKDOWN, recognise_loops: bool = False) -> Translation:
    """`where.line` is the file line the text starts on."""
    translator = _Translator(text, where, site, page, resolver, mode, recognise_loops)
    translator.nodes(parse(text, site.markers))
    return Translation(translator.result(), translator.untranslated, translator.dropped,
                       translator.includes, translator.loops)


class _Translator:
    def __init__(self, text: str, where: SourceRef, site: SiteValues, page: PageValues, resolver: Resolver,
                 mode: Mode, recognise_loops: bool):
        self.text, self.where, self.site, self.page = text, where, site, page
        self.resolver, self.mode, self.recognise_loops = resolver, mode, recognise_loops
        self.out: list[str] = []
        self.trim_next = False
        self.untranslated: list[Untranslated] = []
        self.dropped: list[Dropped] = []
        self.includes: list[str] = []
        self.loops: list[Loop] = []

    def result(self) -> str:
        return "".join(self.out)

    # -- output -------------------------------------------------------------------------------------
    def emit(self, piece: str) -> None:
        if self.trim_next:
            piece = piece.lstrip()
            self.trim_next = piece == ""
        if not piece:
            return
        if self.out and self.out[-1].endswith("{") and piece[0] in "{%":
            self.out.append(" ")  # never join two pieces into a Liquid opener
        self.out.append(piece)

    def emit_value(self, value: str) -> None:
        if "{{" in value or "{%" in value:
            value = value.replace("{", "&#123;")
        self.emit(value)

    def trim_before(self) -> None:
        while self.out:
            stripped = self.out[-1].rstrip()
            if stripped:
                self.out[-1] = stripped
                return
            self.out.pop()

    # -- nodes --------------------------------------------------------------------------------------
    def nodes(self, nodes: list[Node]) -> None:
        for node in nodes:
            token = node.token
            if token.trim_left:
                self.trim_before()
            self.node(node)
            closing = node.close or token
            if closing.trim_right:
                self.trim_next = True

    def node(self, node: Node) -> None:
        kind = node.token.kind
        if kind is TokenKind.TEXT:
            self.emit(node.token.source)
        elif kind is TokenKind.EMBED:
            embed = node.token.embed
            assert embed is not None
            self.report(node, embed.why, on_purpose=embed.kind.on_purpose)
        elif kind is TokenKind.BROKEN:
            self.report(node, "Liquid that Jekyll itself cannot read (a tag or output is not closed)")
        elif kind is TokenKind.RAW:
            self.emit("{% raw %}" + safe_raw(node.token.markup) + "{% endraw %}")
        elif kind is TokenKind.OUTPUT:
            self.output(node)
        elif node.is_block:
            self.block(node)
        else:
            self.tag(node)

    def output(self, node: Node) -> None:
        try:
            self.emit_value(self.evaluate(node.token.markup))
        except Untranslatable as problem:
            self.report(node, f"{problem.why}: the engine's pages show no Liquid values")

    def evaluate(self, markup: str) -> str:
        expression = parse_expression(markup)
        if expression.literal is not None:
            value = expression.literal
        else:
            value = self.variable(expression.variable)
        for flt in expression.filters:
            value = apply_filter(value, flt, self.site.public_base)
            if flt.name == "relative_url":  # a link to an old address goes straight to the new one
                value = self.resolver.moved(value) or value
        return value

    def variable(self, name: str) -> str:
        scope, _, rest = name.partition(".")
        value = self.site.get(rest) if scope == "site" else self.page.get(rest) if scope == "page" else None
        if value is None:
            raise Untranslatable(f"the value '{name}'")
        return value

    def tag(self, node: Node) -> None:
        token = node.token
        name = token.name
        if name == "include":
            self.include(node)
        elif name in ("link", "post_url"):
            self.link(node)
        elif name in ("seo", "feed_meta"):
            self.report(node, f"the {name} plugin tag: the engine writes its own meta tags and feeds", on_purpose=True)
        elif name == "gist":
            self.report(node, "a GitHub gist embed: this engine makes no third-party requests", on_purpose=True)
        elif name in BLOCKS:
            self.report(node, f"a {{% {name} %}} block that is never closed")
        elif name.startswith("end") or name in ("else", "elsif", "when", "break", "continue"):
            self.report(node, f"a stray {{% {name} %}}")
        else:
            self.report(node, f"the Liquid tag {{% {name} %}}: the engine's pages run no Liquid logic")

    def include(self, node: Node) -> None:
        markup = node.token.markup
        match = _INCLUDE.match(markup)
        if not match:
            self.report(node, "an include with computed parameters: the engine passes only plain strings")
            return
        name = match.group("name")
        verdict = self.resolver.include(name)
        if not verdict.kept:
            self.report(node, verdict.why, on_purpose=verdict.status is IncludeStatus.TRACKER)
            return
        params = "".join(f" {k}={_quoted(a if b is None else b)}" for k, b, a in
                         ((m.group(1), m.group(2), m.group(3)) for m in _PARAM.finditer(match.group("params"))))
        self.includes.append(name)
        self.emit(f"{{% include {name}{params} %}}")

    def link(self, node: Node) -> None:
        token = node.token
        target = token.markup.strip()
        if "{{" in target or not target:
            self.report(node, f"a {{% {token.name} %}} with a computed target")
            return
        url = self.resolver.link(target) if token.name == "link" else self.resolver.post(target)
        if url is None:
            self.report(node, f"{{% {token.name} %}} names {target!r}, which the site does not have")
        else:
            self.emit_value(url)

    def block(self, node: Node) -> None:
        name = node.token.name
        if name == "comment":
            return
        if name == "highlight":
            self.highlight(node)
        elif name == "for" and self.recognise_loops and (loop := self.loop(node)):
            self.loops.append(loop)
        elif has_tracker(self.source(node), self.site.markers) or self.includes_tracker(node):
            self.report(node, "analytics or comments: this engine makes no third-party requests", on_purpose=True)
        else:
            self.report(node, f"a {{% {name} %}} block: the engine's pages run no Liquid logic")

    def includes_tracker(self, node: Node) -> bool:
        for inner in node.walk():
            match = _INCLUDE.match(inner.token.markup) if inner.token.name == "include" else None
            if match and self.resolver.include(match.group("name")).status is IncludeStatus.TRACKER:
                return True
        return False

    def loop(self, node: Node) -> Loop | None:
        match = _FOR.match(node.token.markup)
        collection = match.group(1) if match else ""
        where = self.where.at(self.line(node))
        if collection in ("site.posts", "paginator.posts") or collection.startswith(("site.categories", "site.tags")):
            return Loop(LoopKind.POSTS, "", where, self.source(node))
        if collection in ("site.pages", "site.html_pages"):
            return Loop(LoopKind.NAVIGATION, "", where, self.source(node))
        if collection.startswith("site.data."):
            data = collection.removeprefix("site.data.")
            kind = LoopKind.NAVIGATION if data in _NAVIGATION_DATA else LoopKind.DATA
            return Loop(kind, data, where, self.source(node))
        return None

    def highlight(self, node: Node) -> None:
        language = (node.token.markup.split() or [""])[0]
        inner = _Translator(self.text, self.where, self.site, self.page, self.resolver, Mode.MARKDOWN, False)
        inner.nodes(node.children)
        self.untranslated += inner.untranslated
        self.dropped += inner.dropped
        code = inner.result().removeprefix("\n").rstrip()
        if self.mode is Mode.HTML:
            css = f' class="language-{html.escape(language)}"' if language else ""
            self.emit(f'<pre class="highlight"><code{css}>{html.escape(code, quote=False)}</code></pre>')
            return
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall("`+", code)), default=0))
        if self.out and not self.result().endswith("\n"):
            self.emit("\n")
        self.emit(f"{fence}{language}\n{code}\n{fence}\n")

    # -- reporting ----------------------------------------------------------------------------------
    def line(self, node: Node) -> int:
        return (self.where.line or 1) + self.text.count("\n", 0, node.start)

    def source(self, node: Node) -> str:
        return self.text[node.start:node.end]

    def report(self, node: Node, why: str, on_purpose: bool = False) -> None:
        where = self.where.at(self.line(node))
        if on_purpose:
            self.dropped.append(Dropped(where, self.source(node), why))
        else:
            self.untranslated.append(Untranslated(where, self.source(node), why))


def _quoted(value: str) -> str:
    return f"'{value}'" if '"' in value else f'"{value}"'


def safe_raw(content: str) -> str:
    """Raw content the engine reads back whole: a stray opener would swallow the {% endraw %} after it."""
    while True:
        for match in _ENGINE_TAG.finditer(content + "{% endraw %}"):
            if match.start() == len(content) and match.group(1) == "endraw":
                return content
            if match.group(1) == "endraw" or match.end() > len(content):
                content = content[:match.start()] + "&#123;" + content[match.start() + 1:]
                break
