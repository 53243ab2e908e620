"""A small start-tag tokenizer for HTML this site writes or the owner pastes into markdown.

Text never holds a bare '<' (markdown escapes it), so start tags are found exactly once comments and the
bodies of <script>/<style> are set aside. tests/test_linkcheck.py holds it to html.parser's results.
"""
from __future__ import annotations

import html
import re
from typing import Callable, Iterator

SKIP = re.compile(r"<!--.*?-->|(<(script|style)\b[^>]*>).*?</\2\s*>", re.S | re.I)
TAG = re.compile(r"<([a-zA-Z][^\s/>]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*(/?)>")
ATTR = re.compile(r"([^\s=>/]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")

Attrs = dict[str, "str | None"]


def attributes(text: str) -> Attrs:
    """Attribute names (lower case) to unescaped values (None for a bare attribute); the first one wins."""
    attrs: Attrs = {}
    for attr in ATTR.finditer(text):
        value = next((v for v in attr.group(2, 3, 4) if v is not None), None)
        attrs.setdefault(attr.group(1).lower(), None if value is None else html.unescape(value))
    return attrs


def start_tags(text: str) -> Iterator[tuple[str, Attrs]]:
    """(tag name, attributes) of every start tag, including <script> and <style> themselves."""
    for tag in TAG.finditer(SKIP.sub(lambda m: m.group(1) or "", text)):
        yield tag.group(1).lower(), attributes(tag.group(2))


def rewrite_start_tags(text: str, change: Callable[[str, Attrs], Attrs | None]) -> str:
    """Rewrite start tags outside comments and script/style bodies; `change` returns new attributes or None."""
    def one(tag: re.Match) -> str:
        name = tag.group(1)
        new = change(name.lower(), attributes(tag.group(2)))
        if new is None:
            return tag.group(0)
        rendered = "".join(f" {k}" if v is None else f' {k}="{html.escape(v)}"' for k, v in new.items())
        return f"<{name}{rendered}{' /' if tag.group(3) else ''}>"

    out, pos = [], 0
    for skipped in SKIP.finditer(text):
        out.append(TAG.sub(one, text[pos:skipped.start()]))
        if skipped.group(1):  # keep <script …> itself rewritable; its body stays as it is
            opening = skipped.group(1)
            out.append(TAG.sub(one, opening) + skipped.group(0)[len(opening):])
        else:
            out.append(skipped.group(0))
        pos = skipped.end()
    out.append(TAG.sub(one, text[pos:]))
    return "".join(out)
