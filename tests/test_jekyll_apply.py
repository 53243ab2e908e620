"""Importing the fixture into a copy of this project: what is written, skipped, reported; what never changes."""
from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import mistune
import pytest
from hypothesis import given
from hypothesis import strategies as st

from folio import create_app
from folio.jekyll import ImportRefused, Outcome, apply, import_jekyll, plan_import
from folio.jekyll.documents import carry_html
from folio.jekyll.model import Link
from folio.jekyll.settings import ImportedSettings
from folio.jekyll.toml import SettingStatus, merge_settings, toml_string
from jekyll_urls import FIXTURE

TRACES = ("G-B1RDPARADISE", "birdofparadise-ai", "googletagmanager", "google-analytics", "disqus", "gtag(")


def snapshot(root: Path) -> dict[str, tuple[str, int]]:
    """Every file under root: its content hash and modification time."""
    return {path.relative_to(root).as_posix(): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
            for path in sorted(root.rglob("*")) if path.is_file()}


def write_site(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def imported(site_root):
    """The fixture imported once into a copy of this project (no --overwrite)."""
    return import_jekyll(FIXTURE, site_root)


# -- the report --------------------------------------------------------------------------------------------

def test_the_report_lists_what_was_written(imported):
    written = {str(f.target) for f in imported.written}
    assert {"pages/about/index.md", "pages/contact.md", "pages/projects.md", "pages/services.md",
            "pages/writing/index.md", "pages/posts/2023-01-15-attention-from-scratch.md",
            "pages/posts/2023-06-02-mixture-of-experts.md", "pages/posts/2024-02-20-muon-optimizer.md",
            "pages/posts/2024-09-10-fsdp-vs-zero.md", "site/data/sections.yml", "site/data/authors.json",
            "static/assets/css/main.css", "static/assets/images/cover.jpg", "static/assets/fonts/jasper-serif.woff2",
            "site/site.toml"} <= written
    assert any(name.startswith("pages/posts/") and name.endswith("-grpo-notes.md") for name in written)
    assert not any(name.startswith(("static/CNAME", "static/README", "static/notes", "static/_")) for name in written)


def test_the_report_lists_what_was_skipped(imported):
    assert {(str(f.target), f.why) for f in imported.skipped} == {
        ("pages/experience.md", "exists; --overwrite replaces it"),
        ("pages/index.md", "exists; --overwrite replaces it"),
        ("templates/includes/section-header.html", "exists; --overwrite replaces it"),
        ("static/favicon.ico", "exists; --overwrite replaces it"),
    }


def test_the_report_lists_what_was_not_translated_with_file_and_line(imported):
    assert [(str(u.where), u.text.splitlines()[0]) for u in imported.untranslated] == [
        ("about/index.md:21", "{{ site.time | date: '%Y' }}"),
        ("contact.md:11", "{% if site.github_username %}"),
        ("writing/index.html:8", "{% include post-card.html posts=site.posts limit=10 %}"),
        ("writing/index.html:10", "{% for post in site.posts %}"),
        ("_posts/2024-02-20-muon-optimizer.markdown:7", "{% assign steps = 5 %}"),
        ("_posts/2024-02-20-muon-optimizer.markdown:8", "{{ steps }}"),
        ("_posts/2024-02-20-muon-optimizer.markdown:9", '{{ page.date | date: "%B %-d, %Y" }}'),
        ("_posts/2024-02-20-muon-optimizer.markdown:13", "{% if page.comments %}"),
    ]


def test_the_report_lists_what_was_dropped_on_purpose(imported):
    dropped = {(str(d.where), d.text.splitlines()[0]) for d in imported.dropped}
    assert {("_config.yml:24", "google_analytics: G-B1RDPARADISE"), ("_config.yml:25", "disqus: birdofparadise-ai"),
            ("_config.yml:31", "jekyll-sitemap"), ("index.html:51", "{% include analytics.html %}"),
            ("contact.md:15", '<iframe src="https://calendly.com/birdofparadise/30min" width="100%" height="600" '
                              'frameborder="0"></iframe>'),
            ("_posts/2024-02-20-muon-optimizer.markdown:11",
             '<script src="https://gist.github.com/bird-of-paradise/0123456789abcdef.js"></script>'),
            ("_layouts/default.html", "_layouts/default.html"), ("404.html", "404.html"),
            ("index.html:8", '<header class="main-header" style="background-image: url({{ page.cover | relative_url }})">'),
            } <= dropped


def test_the_report_lists_redirects_and_what_the_home_page_carries(imported):
    assert {(r.old_url, r.new_url) for r in imported.redirects} == {
        ("/contact.html", "/contact/"), ("/projects.html", "/projects/"), ("/consulting/", "/services/"),
        ("/attention-from-scratch.html", "/attention-from-scratch/"),
        ("/mixture-of-experts.html", "/mixture-of-experts/"), ("/moe/", "/mixture-of-experts/"),
        ("/2023/06/02/mixture-of-experts.html", "/mixture-of-experts/"), ("/muon-optimizer.html", "/muon-optimizer/")}
    assert [c.became.split(" (")[0] for c in imported.carried] == [
        "the home page's cover", "the home page's section cards", "the home page's post list",
        'cname = "www.birdofparadise.example" in site/site.toml']


def test_the_rendered_report_has_every_section_and_ends_with_next_steps(imported):
    text = imported.render()
    for heading in ("Written (", "Skipped (", "Settings (site/site.toml)", "Redirects:", "Carried onto",
                    "Not translated:", "Dropped on purpose (", "Next steps:"):
        assert heading in text
    assert "about/index.md:21: {{ site.time | date: '%Y' }}" in text
    assert text.rstrip().splitlines()[-1].startswith("  ") and "Keep the Jekyll site" in text.splitlines()[-1]
    assert "run again with --overwrite" in text


def test_settings_are_merged_into_site_toml(imported, site_root):
    settings = tomllib.loads((site_root / "site/site.toml").read_text(encoding="utf-8"))
    assert settings["base_url"] == "https://www.birdofparadise.example/"      # was a FILL IN placeholder
    assert settings["author"] == "Ada Bird"                                    # was empty
    assert settings["cname"] == "www.birdofparadise.example"
    assert settings["post_permalink"] == "/:title/"
    assert settings["logo"] == "assets/images/fairy.jpg"                      # the owner's, kept
    assert settings["role_pages"] == ["/experience/"]                          # untouched
    assert [link["name"] for link in settings["links"]] == ["Hugging Face", "Twitter", "GitHub", "LinkedIn",
                                                            "Google Scholar"]
    kept = [c for c in imported.settings if c.status is SettingStatus.KEPT]
    assert [c.key for c in kept] == ["logo"]


def test_imported_pages_and_posts(imported, site_root):
    contact = (site_root / "pages/contact.md").read_text(encoding="utf-8")
    assert "redirect_from: [/contact.html]" in contact and "calendly" not in contact
    moe = (site_root / "pages/posts/2023-06-02-mixture-of-experts.md").read_text(encoding="utf-8")
    assert "redirect_from: [/mixture-of-experts.html, /moe/, /2023/06/02/mixture-of-experts.html]" in moe
    assert "date: 2023-06-02 08:30:00+00:00" in moe and "comments" not in moe and "layout" not in moe
    draft = next((site_root / "pages/posts").glob("*-grpo-notes.md")).read_text(encoding="utf-8")
    assert "draft: true" in draft and "[the Muon post](/muon-optimizer/)" in draft
    projects = (site_root / "pages/projects.md").read_text(encoding="utf-8")
    assert projects.count('<div class="jekyll-html">') == 1 and "\n\n" not in projects.split("---\n", 2)[2].strip()
    about = (site_root / "pages/about/index.md").read_text(encoding="utf-8")
    assert "show_layout_title: false" in about and "](/services/)" in about and "](/muon-optimizer/)" in about


def test_with_overwrite_the_home_page_carries_cover_cards_and_posts(site_root):
    import_jekyll(FIXTURE, site_root, overwrite=True)
    home = (site_root / "pages/index.md").read_text(encoding="utf-8")
    assert "cover: /assets/images/cover.jpg" in home and "show_posts: true" in home
    assert "{%" not in home and "<header" not in home
    section_header = (site_root / "templates/includes/section-header.html").read_text(encoding="utf-8")
    assert "{{ site_url('/assets/images/fairy.png') }}" in section_header


# -- what must never happen ----------------------------------------------------------------------------------

def test_a_second_import_without_overwrite_changes_nothing(imported, site_root):
    before = snapshot(site_root)
    again = import_jekyll(FIXTURE, site_root)
    assert snapshot(site_root) == before
    assert again.written == []
    assert {str(f.target) for f in again.unchanged} == {str(f.target) for f in imported.written}


def test_a_dry_run_writes_nothing(site_root):
    before = snapshot(site_root)
    report = import_jekyll(FIXTURE, site_root, dry_run=True)
    assert snapshot(site_root) == before
    assert report.written and all(f.outcome is Outcome.WOULD_WRITE for f in report.written)
    assert "dry run: nothing was written" in report.render().splitlines()[0]
    assert import_jekyll(FIXTURE, site_root, overwrite=True, dry_run=True) and snapshot(site_root) == before


def test_no_tracker_reaches_any_written_file(site_root):
    report = import_jekyll(FIXTURE, site_root, overwrite=True)
    for outcome in report.written:
        text = (site_root / outcome.target).read_bytes().decode("utf-8", errors="replace").lower()
        for trace in TRACES:
            assert trace.lower() not in text, f"{trace} in {outcome.target}"


def test_the_jekyll_site_is_never_modified(site_root):
    before = snapshot(FIXTURE)
    import_jekyll(FIXTURE, site_root)
    import_jekyll(FIXTURE, site_root, overwrite=True)
    import_jekyll(FIXTURE, site_root, dry_run=True)
    assert snapshot(FIXTURE) == before


def test_a_folder_that_is_not_a_jekyll_site_is_refused_in_one_line(tmp_path, site_root):
    with pytest.raises(ImportRefused) as refused:
        import_jekyll(tmp_path, site_root)
    assert "\n" not in str(refused.value) and "_config.yml" in str(refused.value)


def test_a_project_inside_the_jekyll_site_is_refused(tmp_path):
    src = write_site(tmp_path / "src", {"_config.yml": "title: T\n", "a.md": "---\n---\nA\n"})
    with pytest.raises(ImportRefused) as refused:
        import_jekyll(src, src / "project")
    assert "inside the Jekyll site" in str(refused.value)
    assert sorted(p.name for p in src.iterdir()) == ["_config.yml", "a.md"]


# -- the imported site in the engine -------------------------------------------------------------------------

def test_imported_pages_render_in_the_engine(site_root):
    report = import_jekyll(FIXTURE, site_root, overwrite=True)
    client = create_app(site_root).test_client()
    for url in ("/", "/about/", "/contact/", "/projects/", "/services/", "/writing/", "/experience/"):
        response = client.get(url)
        assert response.status_code == 200, (url, response.get_data(as_text=True)[:500])
    assert report.untranslated  # and the rest is listed for the owner


def test_an_html_page_is_carried_as_one_html_block():
    html = carry_html("<div>\n  <p>a</p>\n\n    <p>*not emphasis*</p>\n\n<pre>x\n\ny</pre>\n</div>\n")
    rendered = mistune.create_markdown(escape=False)(html)
    assert "<pre><code>" not in rendered and "*not emphasis*" in rendered and "<em>" not in rendered


# -- smaller sites -------------------------------------------------------------------------------------------

def test_a_page_skipped_because_it_exists_reports_the_redirects_it_carried(site_root, tmp_path):
    src = write_site(tmp_path / "src", {"_config.yml": "title: T\n", "contact.md": "---\ntitle: Contact\n---\nHi\n"})
    write_site(site_root, {"pages/contact.md": "---\ntitle: Mine\n---\nMine\n"})
    report = import_jekyll(src, site_root)
    assert [(str(t), url) for t, url in report.lost_redirects] == [("pages/contact.md", "/contact.html")]
    assert any("/contact.html (for pages/contact.md)" in step for step in report.next_steps)


def test_a_page_at_an_address_the_project_already_has_is_not_imported(site_root, tmp_path):
    src = write_site(tmp_path / "src", {"_config.yml": "", "experience/index.md": "---\ntitle: X\n---\nX\n"})
    report = import_jekyll(src, site_root)
    assert [(c.source, c.url, c.existing) for c in report.conflicts] == [
        ("experience/index.md", "/experience/", "pages/experience.md")]
    assert not (site_root / "pages/experience/index.md").exists()


def test_links_to_old_addresses_go_to_the_new_ones(site_root, tmp_path):
    src = write_site(tmp_path / "src", {
        "_config.yml": "permalink: date\n",
        "a.md": "---\ntitle: A\n---\nA\n",
        "b.md": "---\ntitle: B\n---\n[a]({{ '/a.html#part' | relative_url }}) [p]({% post_url 2020-01-02-p %})\n",
        "_posts/2020-01-02-p.md": "---\ntitle: P\n---\nP\n",
    })
    import_jekyll(src, site_root)
    assert "[a](/a/#part) [p](/2020/01/02/p/)" in (site_root / "pages/b.md").read_text(encoding="utf-8")
    post = (site_root / "pages/posts/2020-01-02-p.md").read_text(encoding="utf-8")
    assert "redirect_from: [/2020/01/02/p.html]" in post


def test_csv_data_becomes_yaml_and_a_home_over_other_data_gets_section_cards(site_root, tmp_path):
    src = write_site(tmp_path / "src", {
        "_config.yml": "title: T\n",
        "_data/people.csv": "name,role\nAda,Research\n",
        "_data/cards.yml": "- name: One\n  description: First\n  icon: /i.png\n  url: /one/\n",
        "index.html": "---\ntitle: Home\n---\n{% for c in site.data.cards %}<a>{{ c.name }}</a>{% endfor %}\n",
    })
    import_jekyll(src, site_root, overwrite=True)
    assert (site_root / "site/data/people.yml").read_text(encoding="utf-8") == "- name: Ada\n  role: Research\n"
    assert (site_root / "site/data/sections.yml").read_text(encoding="utf-8") == (
        "- title: One\n  excerpt: First\n  icons:\n  - /i.png\n  link: /one/\n")


def test_plan_then_apply_are_separate_steps(site_root):
    plan = plan_import(FIXTURE, site_root)
    before = snapshot(site_root)
    assert plan.files and snapshot(site_root) == before   # planning writes nothing
    report = apply(plan, site_root, overwrite=False, dry_run=False)
    assert report.written


# -- site.toml -----------------------------------------------------------------------------------------------

IMPORTED = ImportedSettings(title="T", base_url="https://x.org/", author="Ada",
                            links=(Link("GitHub", "https://github.com/ada"),))


def test_site_toml_is_created_when_missing():
    text, changes = merge_settings(None, IMPORTED, overwrite=False)
    assert tomllib.loads(text) == {"title": "T", "base_url": "https://x.org/", "author": "Ada",
                                   "links": [{"name": "GitHub", "url": "https://github.com/ada"}]}
    assert [c.status for c in changes] == [SettingStatus.SET, SettingStatus.SET, SettingStatus.SET,
                                           SettingStatus.ADDED]


def test_site_toml_keeps_the_owner_values_and_comments():
    old = ('# My settings\ntitle = "Mine"  # my title\nbase_url = "https://e.org/"   # FILL IN\n'
           'links = [\n  { name = "Blog", url = "https://blog.org/" },  # keep\n]\n\n[extra]\nauthor = "x"\n')
    text, changes = merge_settings(old, IMPORTED, overwrite=False)
    assert text == ('# My settings\ntitle = "Mine"  # my title\nbase_url = "https://x.org/"\n'
                    'links = [\n  { name = "Blog", url = "https://blog.org/" },\n'
                    '  { name = "GitHub", url = "https://github.com/ada" },\n]\n\nauthor = "Ada"\n\n[extra]\nauthor = "x"\n')
    assert {c.key: c.status for c in changes} == {"title": SettingStatus.KEPT, "base_url": SettingStatus.SET,
                                                 "author": SettingStatus.SET, "links": SettingStatus.ADDED}
    again, changes = merge_settings(text, IMPORTED, overwrite=False)
    assert again == text and {c.status for c in changes} == {SettingStatus.KEPT, SettingStatus.SAME}
    replaced, _ = merge_settings(text, IMPORTED, overwrite=True)
    assert 'title = "T"  # my title' in replaced


def test_a_broken_site_toml_is_refused_in_one_line():
    with pytest.raises(ImportRefused) as refused:
        merge_settings('title = "unclosed\n', IMPORTED, overwrite=False)
    assert "site/site.toml" in str(refused.value) and "\n" not in str(refused.value)


@given(st.text())
def test_any_string_is_written_as_valid_toml(value):
    assert tomllib.loads(f"key = {toml_string(value)}")["key"] == value


@given(st.text(max_size=30), st.text(max_size=30))
def test_any_setting_merges_into_valid_toml(title, author):
    settings = ImportedSettings(title=title, author=author)
    text, _ = merge_settings('title = "old"\nauthor = ""  # FILL IN\n[table]\nx = 1\n', settings, overwrite=True)
    result = tomllib.loads(text)
    assert result.get("title", "old") == (title or "old") and result["table"] == {"x": 1}


def test_a_file_that_cannot_be_written_is_one_line(site_root, tmp_path, monkeypatch):
    src = write_site(tmp_path / "src", {"_config.yml": "title: T\n", "a.md": "---\ntitle: A\n---\nA\n"})

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(site_root / "pages"))
    monkeypatch.setattr("folio.jekyll.applying.tempfile.mkstemp", refuse)
    with pytest.raises(ImportRefused) as refused:
        import_jekyll(src, site_root)
    assert str(refused.value) == (f"{site_root / 'pages'}: cannot be written or read (Permission denied) — check that "
                                  "you may write there; files already written stay, run the import again")


def test_a_markdown_home_keeps_its_text_and_carries_its_post_list(site_root, tmp_path):
    src = write_site(tmp_path / "src", {
        "_config.yml": "title: T\ndescription: D\ncover: assets/c.jpg\n",
        "index.md": "---\nlayout: home\ntitle: Welcome\n---\nHello from {{ site.title }}.\n"
                    "{% for p in site.posts %}{{ p.title }}{% endfor %}\n",
    })
    report = import_jekyll(src, site_root, overwrite=True)
    home = (site_root / "pages/index.md").read_text(encoding="utf-8")
    assert home == ("---\ntitle: Welcome\ndescription: D\nshow_layout_title: false\ncover: /assets/c.jpg\n"
                    "show_posts: true\n---\n\nHello from T.\n\n")
    assert [str(c.where) for c in report.carried] == ["_config.yml", "index.md:6", "index.md"]
