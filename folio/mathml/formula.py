"""One formula as MathML: inline, or a display with its rows' numbers beside them.

Numbers sit in a last column of the formula's table (`<mtd class="math-number">`), as visible text that
screen readers read with the row; a labelled row carries the label's id. Results are cached (cache.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement

from .cache import FORMULAS
from .convert import FormulaError, convert, markup, math_element
from .tex import Display

_TABLES = {"align": (r"\begin{split}", r"\end{split}"), "gather": (r"\begin{array}{c}", r"\end{array}")}


@dataclass(frozen=True)
class Number:
    """What a numbered row shows, "(3)" or a \\tag's text, and the id links to it use (None without a label)."""
    text: str
    anchor: str | None = None


def inline_mathml(tex: str, written: str | None = None) -> str:
    """`<math>` for an inline formula, annotated with the TeX as `written` (default: `tex`). Raises FormulaError."""
    written = tex if written is None else written
    return FORMULAS.get(("inline", tex, written), lambda: markup(math_element(convert(tex, False), written, False)))


def display_mathml(tex: str, shape: Display, numbers: tuple[Number | None, ...]) -> str:
    """`<math display="block">` for a display formula whose rows are `shape`, numbered by `numbers`."""
    return FORMULAS.get(("display", tex, shape, numbers), lambda: _display(tex, shape, numbers))


def _display(tex: str, shape: Display, numbers: tuple[Number | None, ...]) -> str:
    if shape.aligned:
        begin, end = _TABLES[shape.environment.rstrip("*")]
        content = convert(begin + r"\\".join(row.tex for row in shape.rows) + end, True)
        table = content[0] if len(content) == 1 and content[0].tag == "mtable" else None
        if table is None or len(table) != len(shape.rows):
            raise FormulaError("its rows cannot be told apart", "end each row with \\\\ and nothing else")
        table.set("displaystyle", "true")  # each line is a display, as in LaTeX
    else:
        content = convert(shape.rows[0].tex, True)
        table = None
    if any(numbers):
        if table is None:
            table = Element("mtable", {"displaystyle": "true"})
            SubElement(SubElement(table, "mtr"), "mtd").append(content)
            content = Element("mrow")
            content.append(table)
        for row, number in zip(table, numbers):
            _number(row, number)
    return markup(math_element(content, tex, True))


def _number(row: Element, number: Number | None) -> None:
    cell = SubElement(row, "mtd", {"class": "math-number"})
    if number is None:
        return
    SubElement(cell, "mtext").text = f"({number.text})"
    if number.anchor:
        row.set("id", number.anchor)
