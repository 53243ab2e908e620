"""What a post's pages show besides its body, read from its markdown tree: the table of contents (from the
headings and the ids the renderer gives them) and the first paragraph (the index's excerpt).

Each comes as plain text (meta descriptions, the feed's summary, JSON-LD: a formula as its TeX) and as HTML
(the table of contents, the index: a formula as its MathML, never raw TeX).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from ..content.markdown import parse_markdown

EXCERPT_CHARS = 300


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str
    html: Markup


@dataclass(frozen=True)
class Excerpt:
    text: str
    html: Markup


def plain_text(tokens: list[dict[str, Any]]) -> str:
    """The words of inline tokens, without their marks; a formula as its TeX."""
    return "".join(_pieces(tokens, as_html=False))


def inline_html(tokens: list[dict[str, Any]]) -> Markup:
    """The words of inline tokens as HTML without links or marks; a formula as its MathML."""
    return Markup("".join(_pieces(tokens, as_html=True)))


def _pieces(tokens: list[dict[str, Any]], as_html: bool) -> list[str]:
    pieces: list[str] = []
    for token in tokens:
        kind = token["type"]
        if kind == "footnote_ref":
            continue
        if kind == "math":
            pieces.append(token["attrs"]["html"] if as_html else token["attrs"]["tex"])
        elif kind in ("softbreak", "linebreak"):
            pieces.append(" ")
        elif token.get("children"):
            pieces.extend(_pieces(token["children"], as_html))
        elif isinstance(token.get("raw"), str):
            pieces.append(str(escape(token["raw"])) if as_html else token["raw"])
    return pieces


def headings(markdown: str, levels: tuple[int, ...] = (2, 3)) -> tuple[Heading, ...]:
    tokens, _ = parse_markdown(markdown)
    return tuple(Heading(t["attrs"]["level"], t["attrs"]["id"], plain_text(t.get("children") or []).strip(),
                         inline_html(t.get("children") or []))
                 for t in tokens if t["type"] == "heading" and t["attrs"]["level"] in levels)


def first_paragraph(markdown: str) -> Excerpt:
    tokens, _ = parse_markdown(markdown)
    paragraph = next((t["children"] for t in tokens if t["type"] == "paragraph"
                      and plain_text(t["children"]).strip()), [])
    text = " ".join(plain_text(paragraph).split())
    if len(text) <= EXCERPT_CHARS:
        return Excerpt(text, inline_html(paragraph))
    short = text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"
    return Excerpt(short, escape(short))
