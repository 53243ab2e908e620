"""Every formula of the ML-paper corpus renders to MathML, with no markdown inside, its TeX kept verbatim."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from folio.content.markdown import render_markdown
from math_corpus import corpus_entries

ENTRIES = corpus_entries()
# Elements of MathML Core that the converter and the numbering may write; anything else inside <math> (em,
# strong, a, code, p, br…) would be markdown or HTML that got into a formula.
MATHML = {"math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "mtext", "mspace", "ms", "mfrac", "msqrt",
          "mroot", "msub", "msup", "msubsup", "munder", "mover", "munderover", "mtable", "mtr", "mtd", "mstyle",
          "mpadded", "mphantom", "menclose", "merror", "mmultiscripts", "mprescripts", "none"}


class MathReader(HTMLParser):
    """The tags inside each <math>, and the text of each TeX annotation."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.inside: list[str] = []
        self.annotations: list[str] = []
        self.count = 0
        self.shown = ""  # the text a reader sees inside <math>
        self._annotation = False

    def handle_starttag(self, tag, attrs):
        if tag == "math":
            self.depth += 1
            self.count += 1
        if self.depth:
            self.inside.append(tag)
        self._annotation = tag == "annotation"
        if self._annotation:
            self.annotations.append("")

    def handle_endtag(self, tag):
        if tag == "math":
            self.depth -= 1
        self._annotation = False

    def handle_data(self, data):
        if self._annotation:
            self.annotations[-1] += data
        elif self.depth:
            self.shown += data


def read_math(html: str) -> MathReader:
    reader = MathReader()
    reader.feed(html)
    return reader


def test_the_corpus_is_large_enough():
    assert len(ENTRIES) >= 200


@pytest.mark.parametrize("tex", ENTRIES, ids=range(len(ENTRIES)))
def test_each_corpus_formula_renders_as_a_display(tex):
    html = render_markdown(f"Before.\n\n$$\n{tex}\n$$\n\nAfter.\n")
    reader = read_math(html)
    assert reader.count == 1 and 'display="block"' in html
    assert set(reader.inside) <= MATHML, set(reader.inside) - MATHML
    assert reader.annotations == [tex]
    assert "\\" not in reader.shown, "no TeX shows outside the annotation"


@pytest.mark.parametrize("tex", [t for t in ENTRIES if "\n" not in t and "\\begin" not in t and "$" not in t],
                         ids=lambda t: t[:40])
def test_each_one_line_corpus_formula_renders_inline(tex):
    html = render_markdown(f"We have ${tex}$ here.\n")
    reader = read_math(html)
    assert reader.count == 1 and set(reader.inside) <= MATHML
    assert reader.annotations == [tex]
