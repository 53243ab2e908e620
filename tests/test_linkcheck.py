"""The link checker's fast tag scanner finds exactly what a real HTML parser finds."""
from html.parser import HTMLParser

from hypothesis import given, settings, strategies as st

from folio.build.check import LINK_ATTRS, HtmlFile, check_build, resolve_links, scan_html


class Reference(HTMLParser):
    """The slow, obviously right way: the standard library's HTML parser."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.result = HtmlFile()

    def handle_starttag(self, tag, attrs):
        values = {}
        for name, value in attrs:
            values.setdefault(name, value)
        for name, value in values.items():
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.result.ids.add(value)
            elif name in LINK_ATTRS and not (tag == "link" and values.get("rel") == "canonical"):
                self.result.links.append(value)
            elif name == "srcset":
                self.result.links.extend(p.split()[0] for p in value.split(",") if p.strip())

    handle_startendtag = handle_starttag


def reference(text):
    parser = Reference()
    parser.feed(text)
    parser.close()
    return parser.result


def same(text):
    fast, slow = scan_html(text), reference(text)
    assert (fast.ids, fast.links) == (slow.ids, slow.links)


def test_agrees_with_html_parser_on_the_real_build(frozen_subpath):
    pages = list((frozen_subpath / "site").rglob("*.html"))
    assert pages
    for page in pages:
        same(page.read_text())


def test_agrees_on_tricky_markup():
    same('<a href="/a/?x=1&amp;y=2" id=top>x</a><!-- <a href="/commented/"> --><IMG SRC=\'/i.png\' alt="">'
         '<script type="application/ld+json">{"url": "<a href=\\"/no/\\">"}</script><script src="/s.js"></script>'
         '<a name="n" href=/unquoted/>u</a><link rel="canonical" href="https://x/"><img srcset="/a.png 1x, /b.png 2x">'
         '<p>a &lt;a href="/not-a-tag/"&gt; in text</p><input hx-get="/frag.html" disabled><br/>'
         '<div data-x="1 > 0" id="gt">ok</div>')


NAMES = st.sampled_from(["a", "img", "div", "link", "script", "p", "section"])
ATTRS = st.lists(st.tuples(st.sampled_from(["href", "src", "id", "hx-get", "name", "class", "rel"]),
                           st.text(alphabet="/abc#?=&.; -_", max_size=12),
                           st.sampled_from(['"', "'"])), max_size=4)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(NAMES, ATTRS, st.text(alphabet="abc &;.", max_size=10)), max_size=8))
def test_agrees_on_generated_markup(elements):
    text = "".join(
        f"<{tag}" + "".join(f" {n}={q}{v}{q}" for n, v, q in attrs) + f">{body}" + (f"</{tag}>" if tag != "img" else "")
        for tag, attrs, body in elements)
    same(text)


def test_resolution():
    scanned = {"index.html": HtmlFile({"top"}, ["/site/a/", "/site/a/#x", "/site/a/#nope", "b.css", "/elsewhere/",
                                                "#top", "https://e.org/", "/site/c", "/site/../etc"]),
               "a/index.html": HtmlFile({"x"}, [])}
    files = {"index.html", "a/index.html", "b.css", "c/index.html"}
    broken = {(b.target, b.reason) for b in resolve_links(scanned, files, "/site/")}
    assert broken == {("/site/a/#nope", "no element with id 'nope'"),
                      ("/elsewhere/", "points outside the site's base path /site/"),
                      ("/site/../etc", "points outside the site's base path /site/")}


def test_check_build_finds_a_missing_file(tmp_path):
    (tmp_path / "index.html").write_text('<a href="/gone.html">x</a><a href="/index.html">y</a>')
    assert [(b.page, b.target) for b in check_build(tmp_path)] == [("/", "/gone.html")]


def test_a_broken_link_is_reported_on_every_page_that_has_it():
    scanned = {"index.html": HtmlFile(set(), ["/gone/", "a.html#x"]),
               "a/index.html": HtmlFile(set(), ["/gone/", "a.html#x"]),
               "a/a.html": HtmlFile({"x"}, []), "a.html": HtmlFile(set(), [])}
    broken = sorted((b.page, b.target, b.reason) for b in resolve_links(scanned, set(scanned), "/"))
    assert broken == [("/", "/gone/", "no such page or file"), ("/", "a.html#x", "no element with id 'x'"),
                      ("/a/", "/gone/", "no such page or file")]
