from folio.content.markdown import render_markdown, slugify


def test_gfm_features():
    html = render_markdown(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ see https://example.org now\n\n"
        "Note[^1]\n\n[^1]: The note.\n\n- [x] done\n- [ ] todo\n")
    assert "<table>" in html and "<td>1</td>" in html
    assert "<del>old</del>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">https://example.org</a>' in html
    assert 'id="fn-1"' in html and 'href="#fn-1"' in html
    assert 'type="checkbox" disabled checked' in html


def test_heading_ids_are_unique_anchors():
    html = render_markdown("## Talks & *Papers*\n\n## Talks & Papers\n")
    assert '<h2 id="talks-papers">' in html and '<h2 id="talks-papers-2">' in html


def test_code_is_highlighted_with_classes_not_styles():
    html = render_markdown("```python\ndef f():\n    return 1\n```\n")
    assert '<span class="k">def</span>' in html
    assert "style=" not in html


def test_unknown_language_is_plain_escaped_code():
    html = render_markdown("```nosuchlang\n<b>x</b>\n```\n")
    assert "<pre><code>&lt;b&gt;x&lt;/b&gt;" in html


def test_raw_html_is_allowed_for_the_trusted_owner():
    assert '<div class="note">hi</div>' in render_markdown('<div class="note">hi</div>\n')


def test_root_relative_urls_get_the_base_path_and_others_do_not():
    html = render_markdown("[a](/experience/) [b](https://x.org/) [c](#top) ![i](/assets/x.png)", "/site")
    assert 'href="/site/experience/"' in html
    assert 'href="https://x.org/" rel="noopener noreferrer"' in html
    assert 'href="#top"' in html
    assert 'src="/site/assets/x.png"' in html
    assert 'href="/experience/"' in render_markdown("[a](/experience/)")


def test_slugify():
    assert slugify("Principal Data Scientist – InsurTech Startup") == "principal-data-scientist-insurtech-startup"
    assert slugify("Déjà vu!") == "deja-vu"


def test_link_rules_link_prose_but_not_existing_links():
    from folio.content.markdown import LinkRule
    rules = (LinkRule("Transformer from Scratch", "/talks/t/"),)
    html = render_markdown("_“I Built a Transformer from Scratch”_ and [Transformer from Scratch](/x/)", "/s", rules)
    assert '<em>“I Built a <a href="/s/talks/t/">Transformer from Scratch</a>”</em>' in html
    assert '<a href="/s/x/">Transformer from Scratch</a>' in html


def test_raw_html_links_get_the_base_path_and_rel():
    html = render_markdown('<p><a href="/experience/">in</a> <a href="https://x.org/" rel="me">out</a>'
                           ' <img src="/assets/a.png" alt=""></p>\n\nText with <a href="/talks/">inline</a> and'
                           ' <!-- <a href="/comment/"> -->\n', "/site")
    assert '<a href="/site/experience/">in</a>' in html
    assert '<a href="https://x.org/" rel="me noopener noreferrer">out</a>' in html
    assert '<img src="/site/assets/a.png" alt="">' in html
    assert '<a href="/site/talks/">inline</a>' in html
    assert '<!-- <a href="/comment/"> -->' in html
    untouched = '<div class="note"><a href="#top">top</a></div>'
    assert untouched in render_markdown(untouched + "\n", "/site")


def test_rendering_the_same_tokens_twice_gives_the_same_html():
    from folio.content.markdown import parse_markdown, render_tokens
    tokens, state = parse_markdown('[a](/x/) ![i](/i.png)\n\n<a href="/raw/">r</a>\n', "/site")
    first = render_tokens(tokens, state)
    assert 'href="/site/x/"' in first and 'src="/site/i.png"' in first and 'href="/site/raw/"' in first
    assert render_tokens(tokens, state) == first, "the base path is added once, however often tokens render"
