from pathlib import Path

import pytest

from folio.errors import ContentError
from folio.content.liquid import PLACEHOLDER, expand_liquid

P = Path("pages/x.md")


@pytest.fixture
def includes(tmp_path):
    (tmp_path / "section-header.html").write_text("<h1>{{ page.title }}</h1>")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "card.html").write_text("card")
    return tmp_path


def test_include_becomes_a_placeholder(includes):
    body, found = expand_liquid("A\n{% include section-header.html %}  \nB {%- include sub/card.html k=\"v\" -%}\n",
                                P, 10, includes)
    assert body == f"A\n{PLACEHOLDER.format(0)}  \nB {PLACEHOLDER.format(1)}\n"
    assert [(i.name, i.line, i.params) for i in found] == [("section-header.html", 11, {}),
                                                           ("sub/card.html", 12, {"k": "v"})]


def test_raw_keeps_literal_braces(includes):
    body, found = expand_liquid("{% raw %}{{ jinja }} {% if %}{% endraw %}", P, 1, includes)
    assert body == "{{ jinja }} {% if %}" and found == []


@pytest.mark.parametrize("source, line, words", [
    ("ok\n\n{% if x %}", 3, "unsupported Liquid"),
    ("{{ page.title }}", 1, "unsupported Liquid"),
    ("{% include missing.html %}", 1, "does not exist"),
    ("\n{% include ../secret.html %}", 2, "outside templates/includes"),
    ("{% include /etc/passwd %}", 1, "outside templates/includes"),
    ("{% raw %} never closed", 1, "never closed"),
])
def test_liquid_errors_name_the_line(includes, source, line, words):
    with pytest.raises(ContentError) as caught:
        expand_liquid(source, P, 1, includes)
    assert caught.value.line == line
    assert words in caught.value.message
