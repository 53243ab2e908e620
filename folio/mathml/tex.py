"""TeX as text: a display formula's environment, its rows, and what each row says about its number.

Numbering is the site's (per page), not the converter's: `\\label`, `\\tag`, `\\nonumber` and `\\notag` are taken
out of each row here, and the rows are converted without them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

NUMBERED_ENVIRONMENTS = ("equation", "align", "gather")
_OUTER = re.compile(r"\\begin\{(?P<name>equation|align|gather)(?P<star>\*?)\}(?P<body>.*)\\end\{(?P=name)(?P=star)\}",
                    re.S)
_LABEL = re.compile(r"\\label\s*\{([^{}]*)\}")
_TAG = re.compile(r"\\tag\*?\s*\{([^{}]*)\}")
_NO_NUMBER = re.compile(r"\\(?:nonumber|notag)(?![A-Za-z])")


@dataclass(frozen=True)
class Row:
    tex: str  # the row without \label, \tag, \nonumber, \notag
    label: str | None
    tag: str | None  # \tag{x}: the row's number is the text "x"
    numbered: bool  # gets the next number of the page (a \tag'd row does not take one)
    twice: str | None = None  # "\label" or "\tag" when the row has two of them


@dataclass(frozen=True)
class Display:
    """A display formula as its rows: one for a plain display or an equation, one per line of align/gather."""
    environment: str | None  # equation, align, gather (starred or not), or None for $$…$$ and \\[…\\]
    rows: tuple[Row, ...]

    @property
    def aligned(self) -> bool:
        return (self.environment or "").rstrip("*") in ("align", "gather")


def display(tex: str) -> Display:
    """The rows of a display formula's TeX (without its $$ or \\[ \\] delimiters)."""
    outer = _OUTER.fullmatch(tex.strip())
    if outer is None:  # $$…$$: numbered only when it gives itself a \label or a \tag, so it can be referenced
        row = _row(tex, default=False)
        return Display(None, (row,))
    name, starred, body = outer["name"], bool(outer["star"]), outer["body"]
    parts = split_rows(body) if name in ("align", "gather") else [body]
    rows = tuple(_row(part, default=not starred) for part in parts)
    if len(rows) > 1 and not rows[-1].tex.strip() and rows[-1].label is None and rows[-1].tag is None:
        rows = rows[:-1]  # a trailing \\ ends the last row; it starts none
    return Display(name + ("*" if starred else ""), rows)


def _row(tex: str, default: bool) -> Row:
    labels = _LABEL.findall(tex)
    tags = _TAG.findall(tex)
    plain = _NO_NUMBER.sub("", _TAG.sub("", _LABEL.sub("", tex)))
    unnumbered = _NO_NUMBER.search(tex) is not None
    tag = tags[0].strip() if tags else None
    label = labels[0].strip() if labels else None
    numbered = tag is None and not unnumbered and (default or label is not None)
    twice = "\\label" if len(labels) > 1 else "\\tag" if len(tags) > 1 else None
    return Row(plain, label, tag, numbered, twice)


def split_rows(body: str) -> list[str]:
    """`body` cut at each top-level `\\\\` (not inside braces or an inner environment such as a matrix)."""
    rows, depth, start, i = [], 0, 0, 0
    while i < len(body):
        if body.startswith("\\begin{", i):
            depth += 1
        elif body.startswith("\\end{", i):
            depth -= 1
        elif body[i] == "{":
            depth += 1
        elif body[i] == "}":
            depth -= 1
        elif body.startswith("\\\\", i) and depth == 0:
            rows.append(body[start:i])
            i += 2
            start = i
            continue
        elif body[i] == "\\":
            i += 2  # an escaped character, e.g. \{ or \}
            continue
        i += 1
    rows.append(body[start:])
    return rows


def references(tex: str) -> list[str]:
    """The labels that `\\eqref{…}` and `\\ref{…}` inside a formula point to."""
    return [m.group(2).strip() for m in REFERENCE.finditer(tex)]


REFERENCE = re.compile(r"\\(eqref|ref)\s*\{([^{}]*)\}")
