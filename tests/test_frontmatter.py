from pathlib import Path

import pytest

from folio.errors import ContentError
from folio.content.frontmatter import split_front_matter

P = Path("pages/x.md")


def test_front_matter_keys_body_and_lines():
    fm = split_front_matter("---\ntitle: Hi\nnavigation: true\nextra: [1, 2]\n---\nBody\n", P)
    assert fm.data == {"title": "Hi", "navigation": True, "extra": [1, 2]}
    assert fm.body == "Body\n"
    assert fm.body_line == 6
    assert fm.line_of("navigation") == 3


def test_utf8_bom_is_ignored():
    fm = split_front_matter("\ufeff---\ntitle: Hi\n---\nx", P)
    assert fm.data["title"] == "Hi"


@pytest.mark.parametrize("text, line, words", [
    ("---\ntitle: Hi\nbad: [unclosed\n---\n", 3, "not valid YAML"),
    ("---\ntitle: Hi\n", 1, "not closed"),
    ('---\ntitle: "Hi\nnav: x\n---\n', 2, "not valid YAML"),
    ("---\ntitle: Hi\nnav: a: b\n---\n", 3, "not valid YAML"),
    ("Just text\n", 1, "no front matter"),
    ("", 1, "no front matter"),
    ("---\ntitle: Hi\n\tnav: true\n---\n", 3, "tab"),
    ("---\n- a\n- b\n---\n", 2, "key: value pairs"),
])
def test_bad_front_matter_names_the_line(text, line, words):
    with pytest.raises(ContentError) as caught:
        split_front_matter(text, P)
    assert caught.value.line == line
    assert words in caught.value.message
    assert caught.value.hint, "every error says what to do"
    assert str(caught.value).startswith(f"pages/x.md:{line}: ")


def test_an_impossible_date_is_an_error_on_its_line():
    with pytest.raises(ContentError) as info:
        split_front_matter("---\ntitle: x\nlist:\n  - 2025-02-30\n---\n", Path("p.md"))
    assert (info.value.line, info.value.message) == (4, "'2025-02-30' is not a valid date or date-time "
                                                        "(day is out of range for month)")
