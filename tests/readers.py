"""What a reader that ignores CSS gets from a page: reader mode, a text browser, a crawler, a link preview.

Such readers honour HTML's own `hidden` attribute but no stylesheet: the text is every text node outside
<head>, scripts and elements (with their content) that carry `hidden`.
"""
from __future__ import annotations

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
UNREAD = {"head", "script", "style", "template"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []  # for each open element: is it (or an ancestor) unread?
        self.nodes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in VOID:
            return
        unread = (self.stack and self.stack[-1]) or tag in UNREAD or "hidden" in dict(attrs)
        self.stack.append(bool(unread))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]) and data.strip():
            self.nodes.append(data.strip())


def text_nodes(html: str) -> list[str]:
    """The page's text as such a reader gets it, one entry per text node."""
    parser = _Text()
    parser.feed(html)
    return parser.nodes


def text_without_css(html: str) -> str:
    return " ".join(text_nodes(html))
