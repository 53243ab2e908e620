"""Math at build time: TeX in markdown becomes MathML Core, with no script in the reader's browser.

plugin.py     the mistune plugin `math`: delimiters into math tokens (PLUGINS in folio/content/markdown.py)
numbering.py  the pass over a parsed document: equation numbers, \\label/\\eqref/\\ref, errors at file:line
tex.py        TeX as text: a display's environment and rows, and each row's \\label, \\tag, \\nonumber
convert.py    TeX to MathML with latex2mathml, checked (never raw TeX) and fitted to MathML Core
formula.py    one formula's <math>, numbers in a last column; cache.py keeps converted formulas
render.py     how the tokens are written into the page (the display wrapper that scrolls)
"""
from .convert import CONVERTER, FormulaError
from .formula import display_mathml, inline_mathml
from .numbering import SOURCE_KEY
from .plugin import math

STYLESHEET = "/css/math.css"  # linked only by the pages that have math

__all__ = ["CONVERTER", "FormulaError", "SOURCE_KEY", "STYLESHEET", "display_mathml", "inline_mathml", "math"]
