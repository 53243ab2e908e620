"""Property-based: whatever the owner types, rendering raises nothing but the project's own ContentError."""
import string

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from folio.errors import ContentError, ContentErrors
from folio.content.markdown import render_markdown
from folio.content.pages import load_page

MARKDOWNISH = st.text(alphabet=st.sampled_from(list(string.printable) + list("–—“”’é\u00a0\ufeff{}%<>|~`*_#[]()!")),
                      max_size=400)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
                    st.dates())
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                      max_leaves=6)
KEYS = st.sampled_from(["title", "permalink", "navigation", "current", "logo", "layout", "show_layout_title",
                        "description", "extra", "tags"])
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def try_page(site_root, text: str, client=None):
    path = site_root / "pages" / "prop.md"
    path.write_text(text, encoding="utf-8")
    try:
        page = load_page(path, site_root)
        assert isinstance(page.html(), str)
    except ContentError as error:
        assert error.message and str(error).startswith(str(path))
    except ContentErrors as errors:  # several problems at once, e.g. bad math: each names the file
        assert errors.errors and all(e.message and str(e).startswith(str(path)) for e in errors.errors)


@FAST
@given(body=MARKDOWNISH)
def test_any_markdown_body_renders_or_raises_a_content_error(site_root, body):
    try_page(site_root, "---\ntitle: P\n---\n" + body)


@FAST
@given(front=st.dictionaries(KEYS, VALUES, max_size=5))
def test_any_front_matter_loads_or_raises_a_content_error(site_root, front):
    try_page(site_root, "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\nBody\n")


@FAST
@given(text=MARKDOWNISH)
def test_any_file_at_all_loads_or_raises_a_content_error(site_root, text):
    try_page(site_root, text)


@FAST
@given(body=MARKDOWNISH)
def test_the_dev_server_answers_200_or_a_500_error_page(app, site_root, body):
    (site_root / "pages" / "prop.md").write_text("---\ntitle: P\n---\n" + body, encoding="utf-8")
    response = app.test_client().get("/prop/")
    assert response.status_code in (200, 500)
    if response.status_code == 500:
        assert "pages/prop.md" in response.get_data(as_text=True)


@settings(max_examples=300, deadline=None)
@given(text=MARKDOWNISH, prefix=st.sampled_from(["", "/site"]))
def test_markdown_never_raises(text, prefix):
    """Nothing but the project's own errors (math that cannot render, e.g. a lone `\\[` opening a block)."""
    try:
        assert isinstance(render_markdown(text, prefix), str)
    except ContentErrors as failed:
        assert failed.errors and all(error.message and error.hint for error in failed.errors)
