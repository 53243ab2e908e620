"""What a post's pages show besides its body, read from its markdown tree: the table of contents (from the
headings and the ids the renderer gives them) and the first paragraph (the index's excerpt)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..content.markdown import parse_markdown

EXCERPT_CHARS = 300


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


def plain_text(tokens: list[dict[str, Any]]) -> str:
    """The words of inline tokens, without their marks."""
    parts = []
    for token in tokens:
        if token["type"] == "footnote_ref":
            continue
        if token["type"] in ("softbreak", "linebreak"):
            parts.append(" ")
        elif token.get("children"):
            parts.append(plain_text(token["children"]))
        elif isinstance(token.get("raw"), str):
            parts.append(token["raw"])
    return "".join(parts)


def headings(markdown: str, levels: tuple[int, ...] = (2, 3)) -> tuple[Heading, ...]:
    tokens, _ = parse_markdown(markdown)
    return tuple(Heading(t["attrs"]["level"], t["attrs"]["id"], plain_text(t.get("children") or []).strip())
                 for t in tokens if t["type"] == "heading" and t["attrs"]["level"] in levels)


def first_paragraph(markdown: str) -> str:
    tokens, _ = parse_markdown(markdown)
    text = next((plain_text(t["children"]) for t in tokens if t["type"] == "paragraph"
                 and plain_text(t["children"]).strip()), "")
    text = " ".join(text.split())
    if len(text) <= EXCERPT_CHARS:
        return text
    return text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"
