"""Liquid as Jekyll's Liquid 4 reads it: tokens, `{% raw %}`, and block tags with their bodies.

HTML embeds (scripts, iframes; see embeds.py) are cut out before the Liquid inside them is read, so that
an analytics snippet's `{{ site.google_analytics }}` is dropped with its script, not reported on its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from .embeds import Embed, find_embeds

# Liquid's tokenizer: a tag up to the first '%}', an output up to the first '}}' (one more '}' allowed).
_TOKEN = re.compile(r"\{%.*?%\}|\{\{.*?\}\}\}?|\{%|\{\{", re.S)
_TAG = re.compile(r"\A\{%(-?)\s*(\w+)\s*(.*?)\s*(-?)%\}\Z", re.S)
_OUTPUT = re.compile(r"\A\{\{(-?)(.*?)(-?)\}\}\}?\Z", re.S)
_ENDRAW = re.compile(r"\A(.*)\{%-?\s*(\w+)\s*(?:.*)?-?%\}\Z", re.S)
BLOCKS = frozenset({"if", "unless", "for", "case", "capture", "tablerow", "comment", "highlight", "ifchanged"})


class TokenKind(Enum):
    TEXT = "text"
    OUTPUT = "output"    # {{ … }}
    TAG = "tag"          # {% … %}
    RAW = "raw"          # {% raw %}…{% endraw %}, whole
    BROKEN = "broken"    # Liquid that Liquid itself would refuse: unterminated, nameless
    EMBED = "embed"      # an HTML embed (see embeds.py), whole


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    start: int
    end: int
    source: str
    name: str = ""      # a tag's name
    markup: str = ""    # a tag's arguments, an output's expression, a raw block's content
    trim_left: bool = False
    trim_right: bool = False
    embed: Embed | None = None


@dataclass(eq=False)
class Node:
    """A token, or a block tag with the nodes up to its end tag."""
    token: Token
    children: list[Node] = field(default_factory=list)
    close: Token | None = None

    @property
    def start(self) -> int:
        return self.token.start

    @property
    def end(self) -> int:
        return self.close.end if self.close else self.token.end

    @property
    def is_block(self) -> bool:
        return self.close is not None

    def body(self, text: str) -> tuple[int, int]:
        """Where the block's body lies in `text`, between its tags."""
        return self.token.end, self.close.start if self.close else self.token.end

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def tokenize(text: str, markers: tuple[str, ...] = (), embeds: bool = True) -> list[Token]:
    found = find_embeds(text, markers) if embeds else []
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.search(text, pos)
        embed = next((e for e in found if e.start >= pos), None)
        if embed and (match is None or embed.start < match.start()):
            _text(tokens, text, pos, embed.start)
            tokens.append(Token(TokenKind.EMBED, embed.start, embed.end, text[embed.start:embed.end], embed=embed))
            pos = embed.end
            continue
        if match is None:
            break
        _text(tokens, text, pos, match.start())
        token = _liquid(match.group(0), match.start(), match.end())
        if token.kind is TokenKind.TAG and token.name == "raw":
            token = _raw(text, token)
        tokens.append(token)
        pos = token.end
    _text(tokens, text, pos, len(text))
    return tokens


def _text(tokens: list[Token], text: str, start: int, end: int) -> None:
    if end > start:
        tokens.append(Token(TokenKind.TEXT, start, end, text[start:end]))


def _liquid(source: str, start: int, end: int) -> Token:
    if source.startswith("{%"):
        match = _TAG.match(source)
        if match:
            return Token(TokenKind.TAG, start, end, source, match.group(2), match.group(3),
                         bool(match.group(1)), bool(match.group(4)))
        return Token(TokenKind.BROKEN, start, end, source)
    match = _OUTPUT.match(source)
    if match:
        markup = match.group(2).strip()
        return Token(TokenKind.OUTPUT, start, end, source, "", markup, bool(match.group(1)), bool(match.group(3)))
    return Token(TokenKind.BROKEN, start, end, source)


def _raw(text: str, opening: Token) -> Token:
    """{% raw %} runs to the first token that ends in an endraw tag (Liquid 4's rule)."""
    pos = opening.end
    for match in _TOKEN.finditer(text, pos):
        closing = _ENDRAW.match(match.group(0))
        if closing and closing.group(2) == "endraw":
            content = text[opening.end:match.start()] + closing.group(1)
            return Token(TokenKind.RAW, opening.start, match.end(), text[opening.start:match.end()], "raw",
                         content, opening.trim_left, match.group(0).rstrip("%}").endswith("-"))
    return Token(TokenKind.BROKEN, opening.start, opening.end, opening.source, "raw")


def parse(text: str, markers: tuple[str, ...] = (), embeds: bool = True) -> list[Node]:
    """The text as a tree: block tags hold their bodies; an unclosed block is a lone node."""
    root = Node(Token(TokenKind.TEXT, 0, 0, ""))
    stack = [root]
    for token in tokenize(text, markers, embeds):
        if token.kind is TokenKind.TAG and token.name in BLOCKS:
            node = Node(token)
            stack[-1].children.append(node)
            stack.append(node)
        elif token.kind is TokenKind.TAG and token.name.startswith("end") and \
                any(node.token.name == token.name[3:] for node in stack[1:]):
            while stack[-1].token.name != token.name[3:]:
                _unwind(stack)
            stack.pop().close = token
        else:
            stack[-1].children.append(Node(token))
    while len(stack) > 1:
        _unwind(stack)
    return root.children


def _unwind(stack: list[Node]) -> None:
    """An unclosed block becomes a lone tag; its children move up to follow it."""
    node = stack.pop()
    siblings = stack[-1].children
    index = next(i for i, sibling in enumerate(siblings) if sibling is node)
    siblings[index + 1:index + 1] = node.children
    node.children = []
