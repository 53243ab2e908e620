"""The owner's inline styles become classes of a generated stylesheet: the CSP stays default-src 'self'."""
import re

import pytest
from hypothesis import given, settings, strategies as st

from folio import create_app
from folio.build.cli import main as freeze_main
from folio.build.pipeline import build
from folio.content.htmltags import start_tags
from folio.content.markdown import render_markdown
from folio.content.styles import StyleError, style_rule

ABOUT = """---
title: About
navigation: true
---

Where to find me:
<img src="/assets/images/fairy.jpg" alt="Hugging Face" width="20" height="20" style="display: inline-block;">
<img src="/assets/images/fairy.jpg" alt="GitHub" width="20" height="20" style="display:inline-block">

<p class="note" style="font-size: 1.5em; color: var(--accent)">Hello.</p>

| left | right |
|:-----|------:|
| a    | b     |
"""


def rules_of(css: str) -> dict[str, str]:
    return dict(re.findall(r"\.(s-[0-9a-f]{10})\{([^{}]*)\}", css))


# -- one style attribute -> one rule --------------------------------------------------------------

@pytest.mark.parametrize("style, body", [
    ("display: inline-block;", "display:inline-block!important"),
    ("  DISPLAY :inline-block  ", "display:inline-block!important"),
    ("font-size: 1.5em; color: var(--accent)", "font-size:1.5em!important;color:var(--accent)!important"),
    ("margin: 0 auto !important", "margin:0 auto!important"),
    ("--Accent: #c00; color: var(--Accent)", "--Accent:#c00!important;color:var(--Accent)!important"),
    ('font-family: "Fira  Sans", serif', 'font-family:"Fira  Sans", serif!important'),
    ("grid-template-columns: repeat(2, minmax(0, 1fr))", "grid-template-columns:repeat(2, minmax(0, 1fr))!important"),
    ("content: ';'", "content:';'!important"),
])
def test_a_style_becomes_one_rule(style, body):
    rule = style_rule(style)
    assert rule.css == f".{rule.cls}{{{body}}}" and re.fullmatch(r"s-[0-9a-f]{10}", rule.cls)


def test_one_declaration_block_one_class_however_it_is_spaced():
    assert style_rule("display: inline-block;").cls == style_rule("display:inline-block").cls
    assert style_rule("color: red").cls != style_rule("color: blue").cls


@pytest.mark.parametrize("style", ["", "  ", ";", " ; ; "])
def test_an_empty_style_is_no_rule(style):
    assert style_rule(style) is None


@pytest.mark.parametrize("style, words", [
    ("color: red} body{color: blue", "'}'"),
    ("color: red; } @import 'x.css'; {", "'}'"),
    ("background: url(/x.png)", "loads a file with url()"),
    ("background: URL (x.png)", "loads a file with URL()"),
    ("background-image: image-set('a.png' 1x)", "loads a file"),
    ("color: red /* comment", "'/*'"),
    ("color: <script>", "'<'"),
    ("color: \\7d", "'\\\\'"),
    ("font-family: 'unclosed", "never closed"),
    ("width: calc(1px + (2px)", "never closed"),
    ("width: 1px)", "never opened"),
    ("color red", "is not a CSS declaration"),
    ("1color: red", "is not a CSS declaration"),
    ("color:", "has no value"),
    ("color: red !important !important", "holds a '!'"),
    ("color: re\x00d", "could end its rule"),
])
def test_a_style_that_could_break_out_or_load_a_file_is_refused(style, words):
    with pytest.raises(StyleError) as refused:
        style_rule(style)
    assert words in str(refused.value)


STYLE_TEXT = st.lists(st.sampled_from(list("ab-:;! ()'\"{}<>@\\/*#%.,0123\n\t") + ["url(", "var(--", "important",
                                                                                  "color", "</style>", "é"])
                      ).map("".join)


@settings(max_examples=500)
@given(STYLE_TEXT)
def test_no_style_can_break_out_of_its_rule(style):
    try:
        rule = style_rule(style)
    except StyleError:
        return
    if rule is None:
        return
    body = rule.css[len(rule.cls) + 2:-1]
    assert rule.css == f".{rule.cls}{{{body}}}"
    assert not re.search(r"[{}<>@\\]|/\*", body), body
    outside_quotes = re.sub(r"\"[^\"\n]*\"|'[^'\n]*'", "", body)
    assert "'" not in outside_quotes and '"' not in outside_quotes, "every quote is closed within the rule"
    assert outside_quotes.count("(") == outside_quotes.count(")")
    assert not re.search(r"(?i)url\(", body)
    assert style_rule(style).cls == rule.cls, "the same style, the same class"


# -- markdown -------------------------------------------------------------------------------------

def test_raw_html_block_and_inline_and_aligned_tables_get_classes():
    html = render_markdown(ABOUT.split("---\n", 2)[2])
    tags = [(name, attrs) for name, attrs in start_tags(html) if name in ("img", "p", "th", "td")]
    assert not [attrs for _, attrs in tags if "style" in attrs]
    classes = [attrs.get("class") for name, attrs in tags if name != "p" or attrs.get("class")]
    inline_block = style_rule("display: inline-block").cls
    assert classes == [inline_block, inline_block, f"note {style_rule('font-size: 1.5em; color: var(--accent)').cls}",
                       style_rule("text-align:left").cls, style_rule("text-align:right").cls,
                       style_rule("text-align:left").cls, style_rule("text-align:right").cls]


def test_code_that_shows_a_style_attribute_stays_as_written():
    html = render_markdown('`<b style="color:red">`\n\n```html\n<b style="color: red">x</b>\n```\n')
    assert "&lt;b style=&quot;color:red&quot;&gt;" in html and html.count("style") == 2 and 'class="s-' not in html


# -- the site -------------------------------------------------------------------------------------

def links_to_sheet(html: str) -> list[str]:
    return [attrs["href"] for name, attrs in start_tags(html)
            if name == "link" and attrs.get("href", "").split("?")[0].endswith("/css/inline-styles.css")]


def test_a_page_with_styles_links_the_generated_stylesheet_and_others_do_not(site_root, write):
    write("pages/about.md", ABOUT)
    client = create_app(site_root).test_client()
    html = client.get("/about/").get_data(as_text=True)
    [link] = links_to_sheet(html)
    assert html.index('<main id="main"') < html.index(link) < html.index("<article"), "at the top of <main>"
    css = client.get(link.split("?")[0])
    assert css.mimetype == "text/css"
    assert rules_of(css.get_data(as_text=True)) == {
        style_rule("display:inline-block").cls: "display:inline-block!important",
        style_rule("font-size: 1.5em; color: var(--accent)").cls: "font-size:1.5em!important;color:var(--accent)!important",
        style_rule("text-align:left").cls: "text-align:left!important",
        style_rule("text-align:right").cls: "text-align:right!important"}
    for url in ("/", "/experience/", "/experience/all/", "/talks/", "/talks/transformer-from-scratch/"):
        assert links_to_sheet(client.get(url).get_data(as_text=True)) == [], url


def test_a_talk_abstract_and_the_roles_of_a_role_page_are_covered(site_root):
    talk = site_root / "site" / "talks" / "transformer-from-scratch.md"
    talk.write_text(talk.read_text() + '\n<span style="font-variant: small-caps">PyTorch</span>\n')
    experience = site_root / "pages" / "experience.md"
    experience.write_text(experience.read_text().replace("Senior Machine Learning Engineer",
                                                         '<span style="color: var(--ok)">Senior</span> Machine Learning Engineer', 1))
    client = create_app(site_root).test_client()
    for url in ("/talks/transformer-from-scratch/", "/experience/", "/experience/all/"):
        html = client.get(url).get_data(as_text=True)
        assert len(links_to_sheet(html)) == 1 and " style=" not in html, url
    css = client.get("/css/inline-styles.css").get_data(as_text=True)
    assert "font-variant:small-caps!important" in css and "color:var(--ok)!important" in css


def test_the_dev_server_picks_up_a_new_style(site_root, write):
    write("pages/about.md", ABOUT)
    client = create_app(site_root).test_client()
    before = links_to_sheet(client.get("/about/").get_data(as_text=True))
    write("pages/about.md", ABOUT + '\n<span style="letter-spacing: 2px">spaced</span>\n')
    after = links_to_sheet(client.get("/about/").get_data(as_text=True))
    assert before != after, "a new ?v= fingerprint"
    assert "letter-spacing:2px!important" in client.get("/css/inline-styles.css").get_data(as_text=True)


def test_builds_are_byte_identical_and_work_under_a_base_path(site_root, write, tmp_path):
    write("pages/about.md", ABOUT)
    write("pages/more.md", '---\ntitle: More\n---\n<b style="color: red">a</b> <i style="display:inline-block">b</i>\n')
    first, second = tmp_path / "one", tmp_path / "two"
    build(site_root, first, base_url="https://owner.github.io/site/", jobs=1)
    build(site_root, second, base_url="https://owner.github.io/site/", jobs=2)
    for name in ("css/inline-styles.css", "about/index.html", "more/index.html"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    [link] = links_to_sheet((first / "about" / "index.html").read_text())
    assert link.startswith("/site/css/inline-styles.css?v=")
    assert len(rules_of((first / "css" / "inline-styles.css").read_text())) == 5, "display:inline-block is one rule"


@pytest.mark.parametrize("style, words", [
    ("color: red} body {display: none", "'}'"),
    ("background: url(https://tracker.example/pixel.png)", "loads a file with url()"),
])
def test_a_style_that_cannot_be_moved_fails_the_build_at_its_line(site_root, write, tmp_path, capsys, style, words):
    write("pages/about.md", ABOUT.replace("Hello.", f'Hello <span style="{style}">there</span>.'))
    assert freeze_main(["--dest", str(tmp_path / "out")], root=site_root) == 1
    err = capsys.readouterr().err
    assert "pages/about.md:10: the inline style " in err and words in err
    response = create_app(site_root).test_client().get("/about/")
    assert response.status_code == 500 and "pages/about.md:10: the inline style" in response.get_data(as_text=True)
