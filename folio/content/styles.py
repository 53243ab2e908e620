"""Inline `style` attributes moved into classes, so that the site's CSP needs no 'unsafe-inline'.

The CSP says `default-src 'self'`: a browser applies no `style="…"` attribute. So every start tag with
one gets a class instead, `s-` and a hash of its declarations, and the declarations become one rule of a
generated stylesheet (folio/styles): `style="font-size: 2em"` → `class="s-5f3a…"` and
`.s-5f3a…{font-size:2em!important}`. `!important` keeps what an inline style has over the stylesheet's
rules: it wins over any selector.

What reaches the stylesheet is parsed, not copied: property names are checked, and a value may not hold
`{`, `}`, `<`, `>`, `@`, `\\`, a comment, an unclosed quote or bracket, or a function that loads a file
(`url()`, `image-set()`, …: the owner's images belong in <img> tags, where the build checks them). So no
declaration can close its rule or start another. CSS custom properties (`--accent: red`) and `var()` are
allowed. A style that fails is an error naming the page's file and line.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .htmltags import Attrs, rewrite_start_tags

PREFIX = "s-"
_FORBIDDEN = re.compile(r"[{}<>@\\\x00-\x08\x0b\x0e-\x1f\x7f]|/\*|\*/")
_LOADS = re.compile(r"(?<![\w-])(url|image|image-set|-webkit-image-set|cross-fade|element|expression|src)\s*\(", re.I)
_NAME = re.compile(r"--[A-Za-z0-9_-]+|-?[A-Za-z][A-Za-z0-9-]*")
_IMPORTANT = re.compile(r"!\s*important\s*$", re.I)
_SPACE = re.compile(r"\s+")


class StyleError(ValueError):
    """A style attribute that cannot be moved into the stylesheet: why, and what to do."""

    def __init__(self, reason: str, hint: str):
        super().__init__(reason)
        self.reason, self.hint = reason, hint


@dataclass(frozen=True)
class StyleRule:
    cls: str  # the class that replaces the style attribute
    css: str  # its rule in the generated stylesheet


def style_rule(text: str) -> StyleRule | None:
    """The rule for a style attribute's value (unescaped); None for an empty one; StyleError if unsafe."""
    declarations = [_declaration(part) for part in _split(text)]
    if not declarations:
        return None
    body = ";".join(f"{name}:{value}!important" for name, value in declarations)
    cls = PREFIX + hashlib.sha256(body.encode("utf-8")).hexdigest()[:10]
    return StyleRule(cls, f".{cls}{{{body}}}")


def _split(text: str) -> list[str]:
    """The declarations of a style attribute, split at the semicolons outside quotes and brackets."""
    bad = _FORBIDDEN.search(text)
    if bad:
        raise StyleError(f"it holds {bad.group(0)!r}, which could end its rule in a stylesheet",
                         "remove that character (CSS comments and escapes included)")
    parts, start, quote, depth = [], 0, "", 0
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = ""
            elif char in "\r\n\f":
                raise StyleError("a quoted text in it runs over a line end", "close the quote on the same line")
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                raise StyleError("it closes a bracket it never opened", "remove the extra ')'")
        elif char == ";" and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    if quote or depth:
        raise StyleError("a quote or bracket in it is never closed", "close it, or remove it")
    parts.append(text[start:])
    return [part for part in parts if part.strip()]


def _declaration(part: str) -> tuple[str, str]:
    name, colon, value = part.partition(":")
    name = name.strip()
    if not colon or not _NAME.fullmatch(name):
        raise StyleError(f"{part.strip()!r} is not a CSS declaration", "write it as property: value, e.g. color: red")
    value = _IMPORTANT.sub("", value).strip()
    if not value:
        raise StyleError(f"{name} has no value", f"write {name}: and a value, or remove it")
    if "!" in value:
        raise StyleError(f"the value of {name} holds a '!'", "write !important at the end only, or remove it")
    loads = _LOADS.search(value)
    if loads:
        raise StyleError(f"{name} loads a file with {loads.group(1)}()",
                         "show images with <img> (or markdown's ![…](…)), so that the build checks them")
    return (name if name.startswith("--") else name.lower()), _collapse(value)


def _collapse(value: str) -> str:
    """Runs of white space outside quotes become one space, so one style gets one class however it is spaced."""
    pieces = re.split(r"(\"[^\"]*\"|'[^']*')", value)
    return "".join(piece if index % 2 else _SPACE.sub(" ", piece) for index, piece in enumerate(pieces))


@dataclass
class MovedStyles:
    """What moving the styles of some HTML found: the rules it used and the styles it could not move."""
    rules: dict[str, str]  # class -> rule
    errors: list[tuple[str, StyleError]]  # (the style attribute as written, why it was dropped)


def move_styles(html: str, found: MovedStyles) -> str:
    """`html` with each `style` attribute replaced by its class; `found` collects the rules and errors.

    A style that cannot be moved is dropped from the HTML (the CSP would block it anyway) and listed.
    """
    def change(tag: str, attrs: Attrs) -> Attrs | None:
        if "style" not in attrs:
            return None
        text = attrs.pop("style") or ""
        try:
            rule = style_rule(text)
        except StyleError as error:
            found.errors.append((text, error))
            return attrs
        if rule is not None:
            found.rules[rule.cls] = rule.css
            classes = (attrs.get("class") or "").split()
            attrs["class"] = " ".join(classes + [rule.cls] if rule.cls not in classes else classes)
        return attrs

    return rewrite_start_tags(html, change)
