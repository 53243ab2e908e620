"""The pass over a parsed document that numbers its equations, resolves its references and converts it.

It runs once per parse (a hook after mistune's AST is complete), over the whole document, so pieces of
a page rendered apart (a role's section) keep the page's numbers. Every problem becomes a ContentError at
its file and line; a document with any raises them all at once (ContentErrors).

The document's file and first line come from `state.env` (`SOURCE_KEY`), set by the caller of the parse.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..errors import ContentError, ContentErrors
from .convert import FormulaError
from .formula import Number, display_mathml, inline_mathml
from .tex import REFERENCE, display

SOURCE_KEY = "math_source"  # state.env[SOURCE_KEY] = (file, line of the markdown's first line)
UNKNOWN_SOURCE = Path("<markdown>")
_SHOWN = 70  # characters of a formula an error shows
Token = dict[str, Any]


def anchor(label: str) -> str:
    """The id of the equation labelled `label`: 'adam' and 'eq:adam' -> 'eq-adam'."""
    name = re.sub(r"^eq[:_-]", "", label)
    return "eq-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "label")


@dataclass
class _Document:
    src: str
    source: Path
    first_line: int
    labels: dict[str, Number] = field(default_factory=dict)
    anchors: set[str | None] = field(default_factory=set)
    count: int = 0
    errors: list[ContentError] = field(default_factory=list)
    _cursor: int = 0

    def line_of(self, written: str) -> int:
        """The line of the next place `written` appears (formulas are met in the order they are written).

        In a list or a quote a formula's lines are indented or quoted: its longest line is looked for then.
        """
        at = self.src.find(written, self._cursor)
        if at >= 0:
            self._cursor = at + len(written)
            return self.first_line + self.src.count("\n", 0, at)
        lines = written.splitlines()
        index = max(range(len(lines)), key=lambda i: len(lines[i].strip()))
        needle = lines[index].strip()
        at = self.src.find(needle, self._cursor)
        if at < 0:
            at = max(self.src.find(needle), 0)
        else:
            self._cursor = at + len(needle)
        return max(self.first_line + self.src.count("\n", 0, at) - index, self.first_line)

    def fail(self, token: Token, problem: str, hint: str) -> None:
        token["failed"] = True  # one error per formula: it is not converted after a numbering error
        self.errors.append(ContentError(self.source, token["line"], problem, hint))


def number_formulas(md: Any, tokens: list[Token], state: Any) -> list[Token]:
    """mistune after-render hook of the AST parser: numbers, links and MathML into the math tokens."""
    found = list(_math_tokens(tokens))
    if not found:
        return tokens
    source, first_line = state.env.get(SOURCE_KEY) or (UNKNOWN_SOURCE, 1)
    doc = _Document(state.src, Path(source), first_line)
    for token in found:
        token["line"] = doc.line_of(token["attrs"]["source"])
    for token in found:
        if token["type"] == "math":
            _number(doc, token)
    closing = False  # a lone $$ after an unclosed one is probably its closing line, cut off by a blank line
    for token in found:
        if token["type"] == "math" and not token.get("failed"):
            _convert(doc, token)
        elif token["type"] == "math_ref":
            _link(doc, token)
        elif token["type"] == "math_error":
            if not closing:
                doc.fail(token, token["attrs"]["problem"], token["attrs"]["hint"])
            closing = token["attrs"]["source"] == "$$" and not closing
    if doc.errors:
        raise ContentErrors(doc.errors)
    return tokens


def _math_tokens(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        if token["type"] in ("math", "math_ref", "math_error"):
            yield token
        elif token.get("children"):
            yield from _math_tokens(token["children"])


def _number(doc: _Document, token: Token) -> None:
    attrs = token["attrs"]
    tex = attrs["tex"]
    if not attrs["display"]:
        if "\\label" in tex or "\\tag" in tex:
            doc.fail(token, f"{_shown(attrs)}: \\label and \\tag need a display formula",
                     "write it as $$…$$ or in \\begin{equation}…\\end{equation}")
        return
    shape = display(tex)
    numbers: list[Number | None] = []
    for row in shape.rows:
        if row.twice:
            doc.fail(token, f"{_shown(attrs)}: a line has two {row.twice}", f"keep one {row.twice} per line")
        number = None
        if row.tag is not None:
            number = Number(row.tag, anchor(row.label) if row.label else None)
        elif row.numbered:
            doc.count += 1
            number = Number(str(doc.count), anchor(row.label) if row.label else None)
        numbers.append(number)
        if row.label is None:
            continue
        if number is None:
            doc.fail(token, f"\\label{{{row.label}}} is on a line without a number",
                     "remove its \\nonumber or \\notag, or the \\label")
        elif row.label in doc.labels or number.anchor in doc.anchors:
            doc.fail(token, f"\\label{{{row.label}}} is used twice in this file (it is the id {number.anchor})",
                     "give each equation its own label")
        else:
            doc.labels[row.label] = number
            doc.anchors.add(number.anchor)
    attrs["numbers"] = tuple(numbers)
    named = [n.text for n in numbers if n is not None]
    attrs["name"] = "Equation " + ", ".join(f"({text})" for text in named) if named else "Equation"


def _convert(doc: _Document, token: Token) -> None:
    attrs = token["attrs"]
    written, before = attrs["tex"], len(doc.errors)
    tex = REFERENCE.sub(lambda m: _reference_text(doc, token, m), written)
    numbers = attrs.pop("numbers", ())
    if len(doc.errors) > before:
        return
    try:
        attrs["html"] = display_mathml(written, display(tex), numbers) if attrs["display"] \
            else inline_mathml(tex, written)
    except FormulaError as error:
        doc.fail(token, f"the formula {_shown(attrs)} cannot be rendered: {error.reason}", error.hint)


def _reference_text(doc: _Document, token: Token, match: re.Match[str]) -> str:
    number = doc.labels.get(match[2].strip())
    if number is None:
        doc.fail(token, f"{match[0]} refers to no equation of this file",
                 _known(doc))
        return match[0]
    return rf"\text{{({number.text})}}" if match[1] == "eqref" else rf"\text{{{number.text}}}"


def _link(doc: _Document, token: Token) -> None:
    attrs = token["attrs"]
    number = doc.labels.get(attrs["label"])
    if number is None:
        doc.fail(token, f"{attrs['source']} refers to no equation of this file", _known(doc))
        return
    attrs["number"], attrs["anchor"] = number.text, number.anchor or ""


def _known(doc: _Document) -> str:
    if not doc.labels:
        return "label an equation with \\label{name} inside \\begin{equation}…\\end{equation}"
    return "its labels are " + ", ".join(sorted(doc.labels))


def _shown(attrs: dict[str, Any]) -> str:
    written = " ".join(attrs["source"].split())
    return written if len(written) <= _SHOWN else written[:_SHOWN - 1] + "…"
