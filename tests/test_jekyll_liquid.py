"""The Liquid translator: what it carries, what it leaves out, and where it says so."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from folio.jekyll.expressions import Untranslatable
from folio.jekyll.includes import to_jinja
from folio.jekyll.liquid import (IncludeStatus, IncludeVerdict, LoopKind, Mode, PageValues, SiteValues, safe_raw,
                                 translate)
from folio.jekyll.model import SourceRef

SITE = SiteValues(title="Bird Of Paradise AI", description="Research notes.", url="https://example.org",
                  public_base="https://example.org/", author="Ada", markers=("G-SECRET1",))
PAGE = PageValues("About me", "/about/", {"subtitle": "Hello", "tags": ["a"]})
VERDICTS = {
    "simple.html": IncludeVerdict(IncludeStatus.CONVERTED),
    "section-header.html": IncludeVerdict(IncludeStatus.PROJECT),
    "analytics.html": IncludeVerdict(IncludeStatus.TRACKER, "_includes/analytics.html is analytics"),
    "loop.html": IncludeVerdict(IncludeStatus.COMPLEX, "_includes/loop.html holds Liquid logic"),
}


class Resolver:
    def link(self, path):
        return {"about/index.md": "/about/", "assets/cv.pdf": "/assets/cv.pdf"}.get(path)

    def post(self, name):
        return {"2020-01-01-hello": "/hello/"}.get(name)

    def moved(self, url):
        return {"/contact.html": "/contact/"}.get(url)

    def include(self, name):
        return VERDICTS.get(name, IncludeVerdict(IncludeStatus.MISSING, f"there is no _includes/{name}"))


def tr(text, mode=Mode.MARKDOWN, line=1, loops=False):
    return translate(text, SourceRef("page.md", line), SITE, PAGE, Resolver(), mode, loops)


# -- what is carried ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("source, expected", [
    ("{{ site.title }} / {{ site.name }} / {{ site.description }}",
     "Bird Of Paradise AI / Bird Of Paradise AI / Research notes."),
    ("# {{ page.title }}", "# About me"),
    ("{{page.subtitle}}", "Hello"),
    ("{{ '/assets/a.png' | relative_url }}", "/assets/a.png"),
    ('{{ "about/" | relative_url }}', "/about/"),
    ("{{ '/x' | absolute_url }}", "https://example.org/x"),
    ("{{ 'https://other.org/a' | relative_url }}", "https://other.org/a"),
    ("{{ '/contact.html' | relative_url }}", "/contact/"),                 # an old address: the new one
    ("{{ site.baseurl }}/assets/a.png", "/assets/a.png"),                 # the engine adds the base path
    ("{{ site.url }}{{ site.baseurl }}/x", "https://example.org/x"),
    ("{{ site.title | upcase }}", "BIRD OF PARADISE AI"),
    ("{{ site.tagline | default: 'none' }}", "none"),
    ("[me]({% link about/index.md %}) [cv]({% link assets/cv.pdf %})", "[me](/about/) [cv](/assets/cv.pdf)"),
    ("[post]({% post_url 2020-01-01-hello %})", "[post](/hello/)"),
    ("a {% comment %}hidden {{ x }}{% endcomment %}b", "a b"),
    ("{% raw %}{{ kept }} {% if %}{% endraw %}", "{% raw %}{{ kept }} {% if %}{% endraw %}"),
    ("{% include simple.html %}", "{% include simple.html %}"),
    ("{%- include simple.html  a='x'   b=\"y\" -%}", '{% include simple.html a="x" b="y" %}'),
    ("{% include section-header.html %}", "{% include section-header.html %}"),
])
def test_translated(source, expected):
    result = tr(source)
    assert result.text == expected
    assert result.untranslated == [] and result.dropped == []


def test_whitespace_control_trims_around_what_is_left_out():
    result = tr("a  {%- if x -%}  b  {%- endif -%}  c\n{{- site.title }}")
    assert result.text == "acBird Of Paradise AI"
    assert [u.text for u in result.untranslated] == ["{%- if x -%}  b  {%- endif -%}"]


def test_highlight_becomes_a_fenced_block():
    result = tr("Code:\n{% highlight python linenos %}\nprint('{{ site.title }}')\n{% endhighlight %}\nAfter")
    assert result.text == "Code:\n```python\nprint('Bird Of Paradise AI')\n```\n\nAfter"


def test_highlight_with_backticks_gets_a_longer_fence():
    result = tr("{% highlight md %}\n```py\nx\n```\n{% endhighlight %}")
    assert result.text == "````md\n```py\nx\n```\n````\n"


def test_highlight_in_an_html_page_becomes_pre():
    result = tr("<div>{% highlight js %}\nif (a < b) {}\n{% endhighlight %}</div>", Mode.HTML)
    assert result.text == '<div><pre class="highlight"><code class="language-js">if (a &lt; b) {}</code></pre></div>'


def test_kept_includes_are_listed():
    assert tr("{% include simple.html %} {% include section-header.html %}").includes == \
        ["simple.html", "section-header.html"]


# -- what is left out, and where it is reported --------------------------------------------------------------

def test_untranslatable_constructs_are_reported_with_file_line_and_text():
    source = ("Intro\n"                                   # line 10
              "{% assign n = 3 %}\n"                      # 11
              "Total: {{ n }} and {{ page.date | date: '%Y' }}\n"   # 12
              "{% if page.comments %}\n"                  # 13
              "Comments below.\n"                         # 14
              "{% endif %}\n"                             # 15
              "[x]({% link missing.md %}) {% include loop.html %} {% include nothere.html %}\n")  # 16
    result = tr(source, line=10)
    found = [(str(u.where), u.text) for u in result.untranslated]
    assert found == [
        ("page.md:11", "{% assign n = 3 %}"),
        ("page.md:12", "{{ n }}"),
        ("page.md:12", "{{ page.date | date: '%Y' }}"),
        ("page.md:13", "{% if page.comments %}\nComments below.\n{% endif %}"),
        ("page.md:16", "{% link missing.md %}"),
        ("page.md:16", "{% include loop.html %}"),
        ("page.md:16", "{% include nothere.html %}"),
    ]
    assert result.text == "Intro\n\nTotal:  and \n\n[x]()  \n"
    assert "loop.html holds Liquid logic" in result.untranslated[5].why


def test_an_include_with_variable_parameters_is_reported():
    result = tr("{% include simple.html posts=site.posts %}")
    assert result.text == "" and "computed parameters" in result.untranslated[0].why


def test_trackers_and_third_party_embeds_are_dropped_on_purpose():
    source = ("<p>Hi</p>\n"
              '<script async src="https://www.googletagmanager.com/gtag/js?id={{ site.google_analytics }}"></script>\n'
              "<script>gtag('config', 'G-SECRET1');</script>\n"
              '<iframe src="https://www.youtube.com/embed/x"></iframe>\n'
              '<div id="disqus_thread"></div>\n'
              "{% if site.google_analytics %}<script>var id = '{{ site.google_analytics }}'</script>{% endif %}\n"
              "{% include analytics.html %}\n"
              "<noscript><img src=\"https://www.facebook.com/tr?id=1\"></noscript>\n")
    result = tr(source)
    assert [str(d.where) for d in result.dropped] == [f"page.md:{n}" for n in range(2, 9)]
    assert result.untranslated == []
    assert "youtube.com" in result.dropped[2].why
    assert result.text.strip() == "<p>Hi</p>"


def test_inline_code_is_reported_and_the_site_own_scripts_stay():
    source = ('<script src="/assets/js/site.js"></script>\n'
              '<script type="application/ld+json">{"@type": "Person"}</script>\n'
              "<script>document.title = 'x';</script>\n"
              "<style>p { color: red }</style>\n")
    result = tr(source)
    assert result.text == ('<script src="/assets/js/site.js"></script>\n'
                           '<script type="application/ld+json">{"@type": "Person"}</script>\n\n\n')
    assert [u.why.split(":")[0] for u in result.untranslated] == ["inline script", "inline <style>"]


def test_broken_liquid_is_reported_and_never_left_in_the_text():
    result = tr("a {{ oops\nb {% if %}")
    assert "{{" not in result.text and "{%" not in result.text
    assert [str(u.where) for u in result.untranslated] == ["page.md:1", "page.md:2"]


def test_loops_over_posts_and_data_are_recognised_on_a_home_page():
    source = ("{% for s in site.data.sections %}<a>{{ s.title }}</a>{% endfor %}\n"
              "{% for post in site.posts limit: 3 %}{{ post.title }}{% endfor %}\n"
              "{% for p in site.pages %}{% if p.navigation %}{{ p.title }}{% endif %}{% endfor %}\n"
              "{% for x in site.data.navigation %}{{ x }}{% endfor %}\n")
    result = tr(source, loops=True)
    assert [(loop.kind, loop.data_name, loop.where.line) for loop in result.loops] == [
        (LoopKind.DATA, "sections", 1), (LoopKind.POSTS, "", 2), (LoopKind.NAVIGATION, "", 3),
        (LoopKind.NAVIGATION, "navigation", 4)]
    assert result.text == "\n\n\n\n" and result.untranslated == []


def test_values_that_look_like_liquid_are_escaped():
    site = SiteValues(title="{{ not liquid }}")
    result = translate("{{ site.title }}", SourceRef("p.md", 1), site, PAGE, Resolver())
    assert result.text == "&#123;&#123; not liquid }}"


# -- includes as Jinja ---------------------------------------------------------------------------------------

def test_a_simple_include_becomes_jinja():
    source = ('<header>\n  <img src="{{ \'/assets/i.png\' | relative_url }}" alt="">\n'
              "  <h1>{{ page.title | escape }}</h1>\n  <p>{{ site.name }} · {{ site.description }}</p>\n"
              "  <a href=\"{{ '/feed.xml' | absolute_url }}\">{{ include.label }}</a>\n"
              "  {% comment %}note{% endcomment %}{% raw %}{{ x }}{% endraw %} {# not a comment #}\n</header>\n")
    assert to_jinja(source) == (
        "<header>\n  <img src=\"{{ site_url('/assets/i.png') }}\" alt=\"\">\n"
        "  <h1>{{ page.title }}</h1>\n  <p>{{ site.title }} · {{ site.description }}</p>\n"
        "  <a href=\"{{ public_url('/feed.xml') }}\">{{ include.label }}</a>\n"
        "  {% raw %}{{ x }}{% endraw %}{% raw %} {# not a comment #}\n</header>\n{% endraw %}")


@pytest.mark.parametrize("source, words", [
    ("{% for p in site.posts %}{{ p.title }}{% endfor %}", "Liquid logic ({% for %})"),
    ("{% if page.logo %}x{% endif %}", "Liquid logic ({% if %})"),
    ("{% include other.html %}", "Liquid logic ({% include %})"),
    ("{{ page.date | date: '%Y' }}", "the Liquid filter 'date'"),
    ("{{ page.date }}", "the value 'page.date'"),
    ("{{ site.title | truncate: 5 }}", "the Liquid filter 'truncate'"),
    ("<script>alert(1)</script>", "an inline script"),
])
def test_complex_includes_say_why(source, words):
    with pytest.raises(Untranslatable) as refused:
        to_jinja(source)
    assert words in refused.value.why


def test_a_converted_include_renders_in_jinja():
    from jinja2 import Environment
    template = Environment(autoescape=True).from_string(to_jinja(
        "<h1>{{ page.title }}</h1><img src=\"{{ '/i.png' | relative_url }}\"><a href=\"{{ site.baseurl }}/x\">"))
    html = template.render(page={"title": "A & B"}, site_url=lambda p: "/base" + p)
    assert html == '<h1>A &amp; B</h1><img src="/base/i.png"><a href="/base/x">'


# -- properties ----------------------------------------------------------------------------------------------

_ENGINE_TAG = re.compile(r"\{%-?\s*(.*?)\s*-?%\}|\{\{-?\s*(.*?)\s*-?\}\}", re.S)
_ENGINE_INCLUDE = re.compile(r"""include\s+[A-Za-z0-9_][\w./-]*(\s+[\w-]+\s*=\s*("[^"]*"|'[^']*'))*$""")


def engine_accepts(text: str) -> bool:
    """The engine's rule for a page body (folio/liquid.py): only includes and closed raw blocks, and no
    Liquid opener left over outside them."""
    in_raw, pos, outside = False, 0, []
    for match in _ENGINE_TAG.finditer(text):
        tag = match.group(1)
        if in_raw:
            if tag == "endraw":
                in_raw, pos = False, match.end()
            continue
        outside.append(text[pos:match.start()])
        pos = match.end()
        if tag == "raw":
            in_raw = True
        elif tag is None or not _ENGINE_INCLUDE.match(tag):
            return False
    outside.append(text[pos:])
    return not in_raw and not any("{{" in part or "{%" in part for part in outside)


PIECES = st.sampled_from([
    "{{", "}}", "{%", "%}", "{% raw %}", "{% endraw %}", "{%- raw -%}", "{% if x %}", "{% endif %}", "{% else %}",
    "{% for p in site.posts %}", "{% for s in site.data.sections %}", "{% endfor %}", "{% include simple.html %}",
    "{% include loop.html %}", "{% include simple.html k=v %}", "{{ site.title }}", "{{ page.title | upcase }}",
    "{{ '/x' | relative_url }}", "{% highlight py %}", "{% endhighlight %}", "{% comment %}", "{% endcomment %}",
    "<script>", "</script>", "<script src='https://x.io/a.js'>", "<iframe src='//y.io'>", "</iframe>", "<style>",
    "{", "}", "%", "-", "\n", "`", "```", " ", "x", "{% link about/index.md %}", "{% post_url nope %}", "{{-",
    "-}}", "{%-", "-%}", "{% endraw", "&#123;", "{{{", "}}}", "'", '"', "|",
])
LIQUID_TEXT = st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(LIQUID_TEXT, st.sampled_from(list(Mode)), st.booleans())
def test_the_translator_never_crashes_and_leaves_only_what_the_engine_reads(text, mode, loops):
    result = tr(text, mode, loops=loops)
    assert engine_accepts(result.text), result.text
    for item in result.untranslated + result.dropped:
        assert item.where.line is not None and 1 <= item.where.line <= text.count("\n") + 1
        assert item.text in text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["{{", "{%", "}}", "%}", "{% endraw %}", "x", "{", "%", " ", "\n"]),
                max_size=12).map("".join))
def test_raw_content_is_always_read_back_whole(content):
    assert engine_accepts("{% raw %}" + safe_raw(content) + "{% endraw %}")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_site_title_is_carried_safely(title):
    result = translate("{{ site.title }}", SourceRef("p.md", 1), SiteValues(title=title), PAGE, Resolver())
    assert engine_accepts(result.text)
