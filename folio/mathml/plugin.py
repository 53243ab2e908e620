"""The mistune plugin: formulas become `math` tokens before markdown can read their insides.

Inline: `$…$` (pandoc's rule: no space after the opening `$`, none before the closing one, and no digit
right after it, so "costs $5 and $10" stays prose), `\\(…\\)`, and, inside a paragraph, `$$…$$`, `\\[…\\]`
and `\\begin{equation|align|gather}…\\end{…}` as displays. `\\eqref{x}` and `\\ref{x}` in prose link to the
equation labelled x. Block: the same displays on lines of their own, spanning lines (inside lists and
quotes too); an opening line never closed is an error. `\\$` is an escaped dollar, and code is code.

Each token holds the TeX as written; the numbering pass (numbering.py) converts it, and the renderer
writes what that pass made.
"""
from __future__ import annotations

import re
from typing import Any

import mistune

from .numbering import number_formulas
from .tex import REFERENCE
from .render import render_math, render_math_error, render_math_ref

_ENVS = r"equation|align|gather"
_LINE = r"(?:[^\n]|\n(?![ \t]*\n))"  # any character of a formula; a blank line ends a paragraph, and it
INLINE_RULES = {
    "math_env": (rf"\\begin\{{(?P<math_env_name>{_ENVS})(?P<math_env_star>\*?)\}}"
                 rf"[\s\S]*?\\end\{{(?P=math_env_name)(?P=math_env_star)\}}"),
    "math_dollars": r"\$\$(?P<math_dollars_tex>(?:[^$\\]|\\[\s\S]|\$(?!\$))+?)\$\$",
    "math_brackets": r"\\\[(?P<math_brackets_tex>[\s\S]+?)\\\]",
    "math_parens": r"\\\((?P<math_parens_tex>[\s\S]+?)\\\)",
    # No backtick inside: "$10 and `$x$`" is a price and a code span, not a formula that ends in the code.
    "math_dollar": r"\$(?=[^\s$])(?P<math_dollar_tex>(?:[^$\\`]|\\[\s\S])+?)(?<!\s)\$(?!\d)",
    "math_ref": r"\\(?P<math_ref_kind>eqref|ref)\{(?P<math_ref_label>[^{}\s]+)\}",
}
BLOCK_RULES = {
    "math_block_env": (rf"^ {{0,3}}(?P<math_block_env_all>\\begin\{{(?P<math_block_env_name>{_ENVS})(?P<math_block_star>\*?)\}}"
                       rf"{_LINE}*?\\end\{{(?P=math_block_env_name)(?P=math_block_star)\}})[ \t]*(?:\n|$)"),
    "math_block_dollars": rf"^ {{0,3}}\$\$(?P<math_block_dollars_tex>(?:[^$\n]|\$(?!\$)|\n(?![ \t]*\n))+?)\$\$[ \t]*(?:\n|$)",
    "math_block_brackets": rf"^ {{0,3}}\\\[(?P<math_block_brackets_tex>{_LINE}+?)\\\][ \t]*(?:\n|$)",
    # Only reached when none of the rules above matched at this line: an opening line that is never closed.
    "math_block_open": rf"^ {{0,3}}(?P<math_block_opener>\$\$|\\\[|\\begin\{{(?:{_ENVS})\*?\}})[ \t]*(?:\n|$)",
}
_OPENERS = {"$$": "$$", "\\[": "\\]"}


def math(md: mistune.Markdown) -> None:
    """Plugin: math in every markdown document (pages, posts, talks…), numbered per document."""
    for name, pattern in INLINE_RULES.items():
        md.inline.register(name, pattern, _parse_inline, before="escape", start_chars=("$", "\\"))
    for name, pattern in BLOCK_RULES.items():
        md.block.register(name, pattern, _parse_block, before="list")
        md.block.insert_rule(md.block.block_quote_rules, name, before="list")
        md.block.insert_rule(md.block.list_rules, name, before="list")
    if md.renderer is None or md.renderer.NAME == "ast":
        md.after_render_hooks.append(number_formulas)
    elif md.renderer.NAME == "html":
        md.renderer.register("math", render_math)
        md.renderer.register("math_ref", render_math_ref)
        md.renderer.register("math_error", render_math_error)


def _parse_inline(inline: Any, m: re.Match[str], state: Any) -> int:
    kind = m.lastgroup
    if kind == "math_ref":
        state.append_token({"type": "math_ref", "attrs": {"kind": m["math_ref_kind"], "label": m["math_ref_label"],
                                                          "source": m[0]}})
        return m.end()
    source = m[0]
    if kind in ("math_dollar", "math_parens"):
        reference = REFERENCE.fullmatch(m[f"{kind}_tex"].strip())
        if reference:  # $\eqref{x}$: a link, as \eqref{x} in prose
            state.append_token({"type": "math_ref", "attrs": {"kind": reference[1], "label": reference[2].strip(),
                                                              "source": source}})
            return m.end()
    if kind == "math_env":
        tex, display = source, True
    else:
        tex, display = m[f"{kind}_tex"], kind != "math_dollar" and kind != "math_parens"
    state.append_token(_token(tex, source, display, block=False))
    return m.end()


def _parse_block(block: Any, m: re.Match[str], state: Any) -> int:
    kind = m.lastgroup
    if kind == "math_block_open":
        opener = m["math_block_opener"]
        closer = _OPENERS.get(opener, opener.replace("\\begin", "\\end"))
        state.append_token({"type": "math_error", "attrs": {
            "source": m[0].strip(), "problem": f"the display formula opened with {opener} is never closed",
            "hint": f"end it with {closer}, before the next blank line"}})
        return m.end()
    if kind == "math_block_env":
        tex = m["math_block_env_all"]
    else:
        tex = m[f"{kind}_tex"]
    state.append_token(_token(tex, m[0].strip(), display=True, block=True))
    return m.end()


def _token(tex: str, source: str, display: bool, block: bool) -> dict[str, Any]:
    return {"type": "math", "attrs": {"tex": tex, "source": source, "display": display, "block": block}}
