"""How math tokens are written into the page: what the numbering pass converted, in its wrapper.

A display formula sits in a wrapper that scrolls sideways when it is wider than the screen; the wrapper is
a tab stop (tabindex=0, role=group, named by its number) so that keyboard users can scroll it too.
"""
from __future__ import annotations

from typing import Any

from mistune.util import escape as escape_html

DISPLAY_CLASS = "math-display"


def render_math(renderer: Any, display: bool, block: bool, html: str = "", name: str = "Equation",
                **written: Any) -> str:
    if not display:
        return html
    tag = "div" if block else "span"
    wrapper = (f'<{tag} class="{DISPLAY_CLASS}" role="group" tabindex="0" aria-label="{escape_html(name)}">'
               f"{html}</{tag}>")
    return wrapper + "\n" if block else wrapper


def render_math_ref(renderer: Any, kind: str, number: str = "", anchor: str = "", **written: Any) -> str:
    text = f"({number})" if kind == "eqref" else number
    return f'<a class="math-ref" href="#{escape_html(anchor)}">{escape_html(text)}</a>'


def render_math_error(renderer: Any, source: str, **problem: Any) -> str:
    # Never reached in a page: the numbering pass raises the error first. Kept visible, never silent.
    return f"<pre>{escape_html(source)}</pre>\n"
