"""Liquid output expressions (`{{ base | filter: arg }}`), read into parts the translators can map."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

_NAME = re.compile(r"^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*$")
_STRING = re.compile(r"""^(?:'([^']*)'|"([^"]*)")$""")
_FILTER = re.compile(r"^\s*([A-Za-z_]\w*)\s*(?::\s*(.*))?$", re.S)
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_ARG_SPLIT = re.compile(r"""((?:'[^']*'|"[^"]*"|[^,'"])+)""")


class Untranslatable(Exception):
    """Liquid the importer cannot carry; `why` says so in the report."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


@dataclass(frozen=True)
class Filter:
    name: str
    args: tuple[str, ...]  # string literals only


@dataclass(frozen=True)
class Expression:
    literal: str | None    # a quoted string, or None for a variable
    variable: str          # 'site.title' (empty for a literal)
    filters: tuple[Filter, ...]


def parse_expression(markup: str) -> Expression:
    parts = _split_pipes(markup)
    base = parts[0].strip()
    literal = _STRING.match(base)
    if not literal and not _NAME.match(base):
        raise Untranslatable("an expression the importer cannot read")
    filters = tuple(_filter(part) for part in parts[1:])
    if literal:
        return Expression(literal.group(1) if literal.group(1) is not None else literal.group(2), "", filters)
    return Expression(None, base, filters)


def _split_pipes(markup: str) -> list[str]:
    parts, current, quote = [], [], ""
    for char in markup:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "|":
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    if quote:
        raise Untranslatable("an unclosed quote")
    return parts + ["".join(current)]


def _filter(text: str) -> Filter:
    match = _FILTER.match(text)
    if not match:
        raise Untranslatable("a filter the importer cannot read")
    args = []
    for arg in _ARG_SPLIT.findall(match.group(2) or ""):
        literal = _STRING.match(arg.strip())
        if literal:
            args.append(literal.group(1) if literal.group(1) is not None else literal.group(2))
        elif _NUMBER.match(arg.strip()):
            args.append(arg.strip())
        else:
            raise Untranslatable(f"the filter '{match.group(1)}' takes a variable")
    return Filter(match.group(1), tuple(args))


def is_absolute(url: str) -> bool:
    return bool(re.match(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)", url))


def relative_url(value: str) -> str:
    """Jekyll's relative_url, without the base path: the engine adds that to every root-relative link."""
    return value if is_absolute(value) else "/" + value.lstrip("/")


def absolute_url(value: str, public_base: str) -> str:
    if is_absolute(value):
        return value
    return public_base + value.lstrip("/") if public_base else relative_url(value)


def apply_filter(value: str, flt: Filter, public_base: str) -> str:
    """A text filter on a known value; Untranslatable for the rest."""
    simple = {
        "relative_url": lambda v: relative_url(v),
        "absolute_url": lambda v: absolute_url(v, public_base),
        "escape": lambda v: html.escape(v),
        "xml_escape": lambda v: html.escape(v),
        "escape_once": lambda v: html.escape(html.unescape(v)),
        "strip": str.strip,
        "downcase": str.lower,
        "upcase": str.upper,
        "capitalize": str.capitalize,
    }
    if flt.name in simple and not flt.args:
        return simple[flt.name](value)
    if flt.name in ("default", "append", "prepend") and len(flt.args) == 1:
        arg = flt.args[0]
        return {"default": value or arg, "append": value + arg, "prepend": arg + value}[flt.name]
    raise Untranslatable(f"the Liquid filter '{flt.name}'")
