"""Math in markdown: delimiters and escapes, numbering and references, errors at file:line, the cache."""
from __future__ import annotations

import html as htmllib
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from folio.content.markdown import render_markdown
from folio.errors import ContentErrors
from folio.mathml import FormulaError, display_mathml, inline_mathml
from folio.mathml.cache import FORMULAS, FormulaCache
from folio.mathml.tex import display
from test_math_corpus import MATHML, read_math

PAGE = Path("pages/posts/muon.md")


def render(text: str, first_line: int = 1) -> str:
    return render_markdown(text, source=(PAGE, first_line))


def errors(text: str, first_line: int = 1) -> list[str]:
    with pytest.raises(ContentErrors) as raised:
        render(text, first_line)
    return [error.format() for error in raised.value.errors]


# -- delimiters ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text, tex, block", [
    ("Let $x_1$ be.", "x_1", False),
    (r"Let \(x_1\) be.", "x_1", False),
    ("Let $$x_1$$ be.", "x_1", True),
    (r"Let \[x_1\] be.", "x_1", True),
    ("$$\nx_1\n$$\n", "x_1", True),
    ("$$x_1$$\n", "x_1", True),
    ("\\[\nx_1\n\\]\n", "x_1", True),
    ("\\begin{equation}\nx_1\n\\end{equation}\n", "\\begin{equation}\nx_1\n\\end{equation}", True),
    ("\\begin{equation*}\nx_1\n\\end{equation*}\n", "\\begin{equation*}\nx_1\n\\end{equation*}", True),
    ("\\begin{gather*}\nx_1 \\\\ y\n\\end{gather*}\n", "\\begin{gather*}\nx_1 \\\\ y\n\\end{gather*}", True),
])
def test_every_delimiter_makes_math(text, tex, block):
    html = render(text)
    reader = read_math(html)
    assert reader.count == 1 and reader.annotations == [tex]
    assert ('display="block"' in html) == block
    assert ('class="math-display"' in html) == block


@pytest.mark.parametrize("text", ["It costs $5 and $10.", "Between $3 and $4.50, or $ 5 $", r"Escaped \$x\$ dollars.",
                                  "Price: $100$2", "`$x_1$` in code", "A price of $10 stays, and so does `$x$`."])
def test_prose_dollars_escapes_and_code_are_not_math(text):
    html = render(text)
    assert "<math" not in html
    assert "$" in htmllib.unescape(html)


def test_an_escaped_dollar_is_a_literal_dollar_even_inside_a_sentence_with_math():
    html = render(r"Pay \$5 for $x^2$.")
    assert "Pay $5 for <math>" in html


def test_code_blocks_and_spans_keep_math_as_code():
    html = render("```\n$$\nx_1\n$$\n```\n\n    $y_2$\n\nand `\\(z\\)`\n")
    assert "<math" not in html
    assert "$$\nx_1\n$$" in html and "$y_2$" in html and "\\(z\\)" in html


def test_markdown_never_reaches_inside_a_formula():
    html = render("Here $a_1 * b_2 * c_3$ and $x_{a_b}$ and $**bold**$ and _real emphasis_.\n\n"
                  "$$\n- a_1 \\\\\n+ b_2 \\\\\n# c\n$$\n")
    reader = read_math(html)
    assert reader.count == 4
    assert set(reader.inside) <= MATHML
    assert reader.annotations[:3] == ["a_1 * b_2 * c_3", "x_{a_b}", "**bold**"]
    assert "<em>real emphasis</em>" in html and html.count("<em>") == 1
    assert "<li>" not in html and "<h1" not in html


def test_display_math_in_lists_and_quotes():
    html = render("- item\n\n  $$\n  - x\n  $$\n\n> $$\n> y\n> $$\n")
    assert read_math(html).count == 2 and html.count('<div class="math-display"') == 2


def test_a_display_is_a_focusable_scrolling_region_named_by_its_number():
    html = render("\\begin{equation}\\label{a}\nx\n\\end{equation}\n\n$$y$$\n")
    assert '<div class="math-display" role="group" tabindex="0" aria-label="Equation (1)">' in html
    assert '<div class="math-display" role="group" tabindex="0" aria-label="Equation">' in html


prose_words = st.sampled_from(["costs", "and", "or", "between", "the", "price", "is", "from", "to", "—", "(",
                               ")", ",", ".", "a", "US", "only"])
amounts = st.builds(lambda whole, cents: f"${whole}" + (f".{cents:02d}" if cents is not None else ""),
                    st.integers(0, 10**6), st.none() | st.integers(0, 99))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(prose_words, amounts), min_size=1, max_size=30))
def test_dollar_amounts_in_prose_never_become_math(words):
    text = " ".join(words)
    html = render(text)
    assert "<math" not in html
    assert htmllib.unescape(html).count("$") == text.count("$")


atoms = st.sampled_from(["a", "b", "x", "y", "\\theta", "\\alpha", "W", "1", "2"])
scripts = st.builds(lambda base, kind, sub: f"{base}{kind}{{{sub}}}", atoms, st.sampled_from(["_", "^"]),
                    st.sampled_from(["i", "t", "1", "ij", "*", "t-1", "\\top"]))
terms = st.one_of(atoms, scripts)
operators = st.sampled_from([" + ", " - ", " * ", "*", " = ", " ", " ** ", " \\cdot "])


@settings(max_examples=200, deadline=None)
@given(st.lists(terms, min_size=1, max_size=8), st.lists(operators, min_size=8, max_size=8), st.booleans())
def test_any_formula_with_underscores_and_stars_survives_verbatim(parts, ops, block):
    tex = "".join(part + (ops[i] if i < len(parts) - 1 else "") for i, part in enumerate(parts)).strip()
    text = f"Before _it_ **and**\n\n$$\n{tex}\n$$\n" if block else f"Before _it_ ${tex}$ **and**."
    html = render(text)
    reader = read_math(html)
    assert reader.annotations == [tex]
    assert set(reader.inside) <= MATHML
    assert html.count("<em>") == 1 and html.count("<strong>") == 1


# -- numbering and references --------------------------------------------------------------------

POST = r"""Adam keeps two moments:

\begin{align}
m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t \label{eq:m} \\
v_t &= \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \nonumber \\
\hat{m}_t &= m_t / (1 - \beta_1^t) \notag \\
\theta_t &= \theta_{t-1} - \alpha \hat{m}_t \label{update}
\end{align}

\begin{equation*}
x = 1
\end{equation*}

\begin{gather}
a = b \\
c = d \label{eq:c}
\end{gather}

$$ z = 2 \tag{A} \label{eq:tagged} $$

\begin{equation}
e = mc^2 \label{eq:e}
\end{equation}

By \eqref{eq:m}, \eqref{update} and \ref{eq:c}; see also $\eqref{eq:e}$, \eqref{eq:tagged} and $y = \eqref{eq:m}$.
"""


def test_numbered_environments_get_numbers_in_page_order():
    html = render(POST)
    numbers = [part.split("</mtext>")[0] for part in html.split('<mtd class="math-number"><mtext>')[1:]]
    assert numbers == ["(1)", "(2)", "(3)", "(4)", "(A)", "(5)"]


def test_labels_are_ids_and_references_are_links_to_them():
    html = render(POST)
    for anchor in ("eq-m", "eq-update", "eq-c", "eq-e", "eq-tagged"):
        assert html.count(f'id="{anchor}"') == 1
    assert '<a class="math-ref" href="#eq-m">(1)</a>' in html
    assert '<a class="math-ref" href="#eq-update">(2)</a>' in html
    assert '<a class="math-ref" href="#eq-c">4</a>' in html
    assert '<a class="math-ref" href="#eq-e">(5)</a>' in html
    assert '<a class="math-ref" href="#eq-tagged">(A)</a>' in html
    assert "<mtext>(1)</mtext>" in html.split("<math>")[-1], "a reference inside a formula shows the number"


def test_an_unlabelled_row_carries_no_id_and_starred_forms_no_number():
    html = render("\\begin{align*}\na &= b \\\\\nc &= d\n\\end{align*}\n\n\\begin{equation}\nx\n\\end{equation}\n")
    assert "id=" not in html
    assert html.count('<mtd class="math-number"><mtext>') == 1


def test_numbers_restart_on_every_page():
    text = "\\begin{equation}\nx\n\\end{equation}\n"
    assert "<mtext>(1)</mtext>" in render(text) and "<mtext>(1)</mtext>" in render(text)


@pytest.mark.parametrize("text, line, words", [
    ("Intro\n\nSee \\eqref{nope}.\n", 3, "\\eqref{nope} refers to no equation of this file"),
    ("Text\n\n$$\nx \\label{a}\n$$\n\n$$\ny \\label{a}\n$$\n", 7, "\\label{a} is used twice"),
    ("\\begin{align}\na \\nonumber \\label{b}\n\\end{align}\n", 1, "\\label{b} is on a line without a number"),
    ("Inline $x \\label{c}$ label.\n", 1, "\\label and \\tag need a display formula"),
    ("a\n\nb $\\frac{1}$ c\n", 3, "the formula $\\frac{1}$ cannot be rendered: a frac is missing a part"),
    ("a\n\n$$\n\\foo{x}\n$$\n", 3, "cannot be rendered: \\foo is not a command the converter knows"),
    ("a\n\n\\begin{equation}\nx &= y\n\\end{equation}\n", 3, "'&' outside an alignment"),
    ("$$\n\\begin{tikzcd} a \\end{tikzcd}\n$$\n", 1, "the environment 'tikzcd' is not supported"),
    ("Text\n\n$$\nx = 1\n\ny = 2\n$$\n", 3, "the display formula opened with $$ is never closed"),
    ("\\begin{align}\nx\n", 1, "opened with \\begin{align} is never closed — end it with \\end{align}"),
    ("$$ \\left( x $$\n", 1, "cannot be rendered: the formula cannot be converted (extra left or missing right)"),
])
def test_each_mistake_is_one_line_at_its_place(text, line, words):
    found = errors(text, first_line=4)
    assert len(found) == 1, found
    assert found[0].startswith(f"{PAGE}:{line + 3}: "), found[0]
    assert words in found[0], found[0]
    assert " — " in found[0], "every error says what to do"
    assert "\n" not in found[0]


def test_every_mistake_of_a_page_is_reported_at_once():
    found = errors("$\\foo$\n\nand $\\bar{x}$ and $\\baz$\n\n\\eqref{none}\n")
    assert [e.split(":")[1] for e in found] == ["1", "3", "5"]


def test_an_unknown_command_never_shows_as_raw_tex():
    with pytest.raises(FormulaError):
        inline_mathml(r"\undefinedcommand x")


# -- conversion fitted to MathML Core -----------------------------------------------------------


def test_operator_names_and_limits():
    html = inline_mathml(r"\operatorname{NewtonSchulz5}(B) + \arg\max_x")
    assert "<mi>NewtonSchulz5</mi>" in html and "<mi>arg</mi>" in html
    shown = display_mathml(r"\operatorname*{arg\,min}_\theta L", display(r"\operatorname*{arg\,min}_\theta L"), (None,))
    assert "<munder><mo>arg\u2009min</mo><mi>θ</mi></munder>" in shown
    inline = inline_mathml(r"\operatorname*{arg\,min}_\theta L")
    assert "<msub><mi>arg\u2009min</mi>" in inline


def test_styled_letters_are_unicode_math_letters():
    html = inline_mathml(r"\mathbb{R} \mathbb{1} \boldsymbol{\theta} \mathcal{L} \mathrm{d}x")
    assert all(letter in html for letter in "ℝ𝟙𝜽ℒ")
    assert 'mathvariant="normal">d<' in html
    assert "double-struck" not in html and "bold-italic" not in html


def test_characters_are_escaped_not_raw_html():
    html = inline_mathml(r"\text{<b>x</b>} < y")
    assert "<b>" not in html and "&lt;b&gt;" in html


# -- cache ---------------------------------------------------------------------------------------


def test_a_formula_is_converted_once(tmp_path):
    tex = r"\sqrt{\frac{a}{b}} + \text{cached once}"
    before = FORMULAS.conversions
    first = inline_mathml(tex)
    assert inline_mathml(tex) == first and FORMULAS.conversions == before + 1


def test_the_cache_survives_a_restart(tmp_path):
    cache = FormulaCache()
    made = cache.get(("inline", "x"), lambda: "<math>x</math>")
    cache.save(tmp_path)
    again = FormulaCache()
    again.load(tmp_path)
    assert again.get(("inline", "x"), lambda: pytest.fail("converted again")) == made
    assert again.conversions == 0
