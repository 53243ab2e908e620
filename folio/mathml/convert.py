"""TeX to MathML Core with latex2mathml, made strict: what it cannot convert is an error, never raw TeX.

latex2mathml is permissive: an unknown command comes out as the text `\\foo`, a missing argument as a
shorter `<mfrac>`, an unknown environment as its bare content. `convert` checks the tree it gives and raises
FormulaError for each of these. A few things common in ML papers are prepared first (`\\operatorname*`,
`\\arg`, `aligned`, `gathered`, inner align/gather/equation environments), and the tree is fitted to what
browsers render (MathML Core): styled letters as Unicode math letters, limits under max/min/lim in displays.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from importlib import metadata
from xml.etree.ElementTree import Element, SubElement, tostring

from latex2mathml.converter import convert_to_element

CONVERTER = f"latex2mathml {metadata.version('latex2mathml')}"

# Environments latex2mathml lays out as tables (and those `prepare` turns into one of them).
ENVIRONMENTS = frozenset({
    "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "cases", "array", "split",
    "subarray", "matrix*", "pmatrix*", "bmatrix*", "Bmatrix*", "vmatrix*", "Vmatrix*",
    "aligned", "gathered", "align", "align*", "gather", "gather*", "equation", "equation*"})
_BEGIN_END = re.compile(r"\\(begin|end)\s*\{([^{}]*)\}")
_PREPARED = {
    "aligned": (r"\begin{split}", r"\end{split}"), "align": (r"\begin{split}", r"\end{split}"),
    "align*": (r"\begin{split}", r"\end{split}"), "gathered": (r"\begin{array}{c}", r"\end{array}"),
    "gather": (r"\begin{array}{c}", r"\end{array}"), "gather*": (r"\begin{array}{c}", r"\end{array}"),
    "equation": ("{", "}"), "equation*": ("{", "}"),
}
_OPERATORNAME = re.compile(r"\\operatorname(?P<star>\*?)\s*\{(?P<name>(?:[A-Za-z0-9 '~-]|\\[,:;> ])+)\}")
_BEGIN_OR_AMPERSAND = re.compile(r"\\(?:\\|&)|(?P<ampersand>&)|\\(?P<kind>begin|end)\s*\{(?P<name>[^{}]*)\}")
_MATHRM_LETTER = re.compile(r"\\mathrm\s*\{(\w)\}")
_ARG = re.compile(r"\\arg(?![A-Za-z])")
_ENTITY = re.compile(r"&#x([0-9A-Fa-f]+);")
_COMMAND = re.compile(r"\\[A-Za-z]+")
_ARITY = {"mfrac": 2, "msub": 2, "msup": 2, "msubsup": 3, "munder": 2, "mover": 2, "munderover": 3, "mroot": 2}
_ROWS = {"mrow", "mtd", "mstyle", "msqrt", "mpadded", "mphantom", "menclose"}  # their children are in a row
_LIMITS = {"max", "min", "sup", "inf", "lim", "liminf", "limsup", "det", "gcd", "Pr", "arg max", "arg min"}
_VARIANTS = {  # mathvariant -> the style's words in Unicode character names
    "bold": "BOLD", "italic": "ITALIC", "bold-italic": "BOLD ITALIC", "double-struck": "DOUBLE-STRUCK",
    "script": "SCRIPT", "bold-script": "BOLD SCRIPT", "fraktur": "FRAKTUR", "bold-fraktur": "BOLD FRAKTUR",
    "sans-serif": "SANS-SERIF", "bold-sans-serif": "SANS-SERIF BOLD", "sans-serif-italic": "SANS-SERIF ITALIC",
    "sans-serif-bold-italic": "SANS-SERIF BOLD ITALIC", "monospace": "MONOSPACE",
}
_LETTERLIKE = {"DOUBLE-STRUCK": "DOUBLE-STRUCK", "SCRIPT": "SCRIPT", "FRAKTUR": "BLACK-LETTER"}


@dataclass(frozen=True)
class Operator:
    name: str  # its text, e.g. 'arg min' (with a thin space)
    limits: bool  # \operatorname* in a display: an operator, its sub- and superscripts under and over it


class FormulaError(Exception):
    """A formula the converter cannot render: why, and what to write instead."""

    def __init__(self, reason: str, hint: str = "check the formula's TeX"):
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


def convert(tex: str, display: bool) -> Element:
    """The formula as a checked `<mrow>` of MathML Core. Raises FormulaError."""
    prepared, operators = prepare(tex, display)
    try:
        math = convert_to_element(prepared, display="block" if display else "inline")
    except RecursionError:
        raise FormulaError("the formula nests too deeply") from None
    except Exception as error:  # noqa: BLE001 - latex2mathml's own errors say what is missing
        raise FormulaError(_reason(error)) from None
    row = math[0]
    _fit(row, display, operators)
    return row


def prepare(tex: str, display: bool) -> tuple[str, dict[str, Operator]]:
    """The TeX rewritten into what latex2mathml converts, and the operator names it stands in for.

    Unknown environments and a bare `&` outside any environment are errors.
    """
    _check_tex(tex)
    tex = _BEGIN_END.sub(_environment, tex)
    tex = _MATHRM_LETTER.sub(r"\\mathrm{{\1}}", _ARG.sub(r"\\operatorname{arg}", tex))
    operators: dict[str, Operator] = {}

    def operator(match: re.Match[str]) -> str:
        # latex2mathml breaks \operatorname{NewtonSchulz5} into letters and \operatorname*{…} entirely: a
        # name of letters only stands in for it, and becomes the operator's text again in the tree.
        stand_in = "folioop" + "".join(chr(97 + int(d)) for d in str(len(operators)))
        name = re.sub(r"\\[,:;>]|~", "\u2009", match["name"]).replace("\\ ", " ")
        operators[stand_in] = Operator(name.strip(), limits=display and bool(match["star"]))
        return rf"\operatorname{{{stand_in}}}"
    return _OPERATORNAME.sub(operator, tex), operators


def _check_tex(tex: str) -> None:
    depth = 0
    for match in _BEGIN_OR_AMPERSAND.finditer(tex):
        if match["kind"] is None:
            if match["ampersand"] is not None and depth == 0:
                raise FormulaError("'&' outside an alignment",
                                   "use & inside align, aligned, cases, matrices and arrays; \\& is an ampersand")
            continue
        name = match["name"].strip()
        if name not in ENVIRONMENTS:
            raise FormulaError(f"the environment {name!r} is not supported",
                               "use one of " + ", ".join(sorted(e for e in ENVIRONMENTS if "*" not in e)))
        depth += 1 if match["kind"] == "begin" else -1


def _environment(match: re.Match[str]) -> str:
    name = match[2].strip()
    if name not in _PREPARED:
        return match[0]
    begin, end = _PREPARED[name]
    return begin if match[1] == "begin" else end


def _reason(error: Exception) -> str:
    words = re.sub(r"(?<!^)([A-Z])", r" \1", type(error).__name__.removesuffix("Error")).lower()
    return f"the formula cannot be converted ({words}{': ' + str(error) if str(error) else ''})"


# -- the tree ---------------------------------------------------------------------------------------


def _fit(row: Element, display: bool, operators: dict[str, Operator]) -> None:
    for element in row.iter():
        element.text = _characters(element.text)
        _check(element)
        if element.text in operators:
            operator = operators[element.text]
            element.text = operator.name
            if operator.limits:
                element.set("movablelimits", "true")
            else:  # a function's name, spaced as sin and log are
                element.tag = "mi"
        variant = element.get("mathvariant")
        if variant in _VARIANTS and element.text:
            element.text = "".join(_styled(c, _VARIANTS[variant]) for c in element.text)
            del element.attrib["mathvariant"]
    for element in row.iter():
        _whole_base(element)
        if display:
            _limits_under(element)
    for element in list(row.iter()):
        _space_functions(element)


def _characters(text: str | None) -> str | None:
    """latex2mathml writes characters as `&#x…;` text; the tree should hold the characters themselves."""
    if not text or "&#x" not in text:
        return text
    return _ENTITY.sub(lambda m: chr(int(m[1], 16)), text)


def _check(element: Element) -> None:
    command = _COMMAND.search(element.text or "")
    if command:
        raise FormulaError(f"{command[0]} is not a command the converter knows",
                           "write it another way (\\operatorname{name} for an operator's name, \\text{…} for words)")
    arity = _ARITY.get(element.tag)
    if arity is not None and len(element) < arity:
        raise FormulaError(f"a {element.tag[1:]} is missing a part (\\frac needs two arguments, ^ and _ one each)")


def _whole_base(element: Element) -> None:
    """`\\begin{pmatrix}…\\end{pmatrix}^{-1}`: latex2mathml gives the script element the parenthesis, the table
    and the other parenthesis as three bases; they become one row."""
    arity = _ARITY.get(element.tag)
    if arity is None or len(element) <= arity:
        return
    extra = len(element) - arity + 1
    base = Element("mrow")
    base.extend(list(element)[:extra])
    for child in list(element)[:extra]:
        element.remove(child)
    element.insert(0, base)


def _styled(char: str, style: str) -> str:
    """`char` as a Unicode mathematical letter of `style` (ℝ, 𝐱, 𝜃, …), or as it is when there is none."""
    try:
        name = unicodedata.name(char)
    except ValueError:
        return char
    rest = re.sub(r"^(LATIN|GREEK) (CAPITAL|SMALL) LETTER ", r"\2 ", name)
    candidates = [f"MATHEMATICAL {style} {rest}"]
    if style in _LETTERLIKE:
        candidates.append(f"{_LETTERLIKE[style]} {rest}")
    for candidate in candidates:
        try:
            return unicodedata.lookup(candidate)
        except KeyError:
            continue
    return char


def _limits_under(element: Element) -> None:
    """In a display, `\\max_x` puts x under max (latex2mathml makes it a subscript, which browsers keep)."""
    if element.tag not in ("msub", "msubsup") or not len(element):
        return
    base = element[0]
    if base.tag == "mo" and (base.get("movablelimits") == "true" or (base.text or "").replace("\u2009", " ") in _LIMITS):
        element.tag = "munder" if element.tag == "msub" else "munderover"
        base.attrib.pop("movablelimits", None)


def _is_function(element: Element) -> bool:
    """`\\log`, `\\sin`, `\\operatorname{softmax}` (and `\\log_2`): a name of letters in one <mi>."""
    if element.tag in ("msub", "msup", "msubsup") and len(element):
        element = element[0]
    text = element.text or ""
    return element.tag == "mi" and len(text) > 1 and text.replace("\u2009", "").isalpha()


def _space_functions(parent: Element) -> None:
    """A thin space on each side of a function's name, as TeX puts around \\log, except next to an operator or
    a parenthesis (`\\log(x)`, `= \\log p`): browsers put none between two <mi>."""
    if parent.tag not in _ROWS:
        return
    children = list(parent)
    for index in reversed(range(len(children))):
        if not _is_function(children[index]):
            continue
        for neighbour, at in ((index + 1, index + 1), (index - 1, index)):
            if 0 <= neighbour < len(children) and children[neighbour].tag not in ("mo", "mspace"):
                parent.insert(at, Element("mspace", {"width": "0.1667em"}))


# -- assembly -------------------------------------------------------------------------------------


def math_element(rows: Element, tex: str, display: bool) -> Element:
    """`<math>` around a converted formula, its TeX kept in an annotation (copy, search, assistive tools)."""
    math = Element("math", {"display": "block"} if display else {})
    semantics = SubElement(math, "semantics")
    semantics.append(rows)
    annotation = SubElement(semantics, "annotation", {"encoding": "application/x-tex"})
    annotation.text = tex.strip()
    return math


def markup(element: Element) -> str:
    return tostring(element, encoding="unicode", short_empty_elements=False)
