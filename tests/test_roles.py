"""Roles read from markdown: the owner's Experience page, fresh pages with headings, dates, slugs, errors."""
import shutil
from pathlib import Path

import pytest

import folio.roles.reader
from folio import REPO_ROOT
from folio.errors import ContentErrors
from folio.content.pages import load_page
from folio.roles.model import Dates, css_id
from folio.roles.reader import roles_of, split_dates

PRESENT = None


def owner_page():
    return load_page(REPO_ROOT / "pages" / "experience.md", REPO_ROOT)


def page_from(tmp_path: Path, body: str, name: str = "cv.md"):
    (tmp_path / "pages").mkdir(exist_ok=True)
    (tmp_path / "templates" / "layouts").mkdir(parents=True, exist_ok=True)
    (tmp_path / "templates" / "layouts" / "page.html").write_text("{{ content }}")
    path = tmp_path / "pages" / name
    path.write_text("---\ntitle: CV\n---\n" + body, encoding="utf-8")
    return load_page(path, tmp_path)


def test_the_owners_page_yields_exactly_its_roles():
    roles = roles_of(owner_page()).roles
    industry = "Industry Work — Building at the Intersection of Data and Systems"
    assert [(r.title, r.organisation, r.dates, r.group, r.slug, r.line) for r in roles] == [
        ("Independent AI Researcher", "", Dates(2024, PRESENT), "", "independent-ai-researcher", 13),
        ("Principal Data Scientist", "InsurTech Startup", Dates(2025, PRESENT), industry, "principal-data-scientist", 35),
        ("Senior Machine Learning Engineer", "R&D Team", Dates(2021, 2024), industry,
         "senior-machine-learning-engineer", 38),
        ("Data Science Technical Lead", "Consulting Startup", Dates(2020, 2020), industry,
         "data-science-technical-lead", 41),
        ("Senior Quantitative Analyst", "Energy & Utilities", Dates(2011, 2019), "", "senior-quantitative-analyst", 46),
    ]
    assert {r.page_url for r in roles} == {"/experience/"}
    assert [r.dates.label for r in roles] == ["2024 – Present", "2025 – Present", "2021 – 2024", "2020", "2011 – 2019"]


def test_the_owners_page_in_order_group_and_education():
    parsed = roles_of(owner_page())
    assert [b.kind for b in parsed.blocks] == ["loose", "role", "loose", "group", "loose", "role", "loose", "section"]
    assert "<!--folio-include-0-->" in parsed.blocks[0].html  # the section header still renders
    group = parsed.blocks[3]
    assert (group.title, group.dates, group.slug) == (
        "Industry Work — Building at the Intersection of Data and Systems", Dates(2020, PRESENT), "industry-work")
    assert [r.title for r in group.roles] == ["Principal Data Scientist", "Senior Machine Learning Engineer",
                                              "Data Science Technical Lead"]
    section = parsed.blocks[-1]
    assert section.title == "Education & Foundations" and "<li>" in section.html
    assert [(e.title, e.dates) for e in parsed.education] == [
        ("PhD in Applied Mathematics (Dual Degree with MS in Statistics), Michigan State University", Dates(2012, 2012)),
        ("Master Certificate in Strategic Organizational Leadership & Management, Michigan State University",
         Dates(2015, 2015)),
    ]


def test_the_owners_roles_details():
    roles = {r.slug: r for r in roles_of(owner_page()).roles}
    researcher = roles["independent-ai-researcher"]
    # "**Focus Areas:**" and "**Impact:**" stay inside the researcher's details: no dates, so no new entry.
    html = researcher.details_html
    assert html.startswith("<p>I lead self-directed foundational AI research")
    assert "<p><strong>Focus Areas:</strong></p>\n<ul>\n<li><strong>Pretraining:</strong> Implemented" in html
    assert "<p><strong>Impact:</strong><br />" in html and "<em>“I Built a Transformer from Scratch So You Don’t Have To.”</em></p>" in html
    assert "<hr" not in html and "Industry Work" not in html
    assert [h.split(":")[0] for h in researcher.highlights] == ["Pretraining", "Post-training", "Optimization",
                                                                "Distributed Systems"]
    assert researcher.summary.split("\n\n")[2].startswith("Impact: My annotated codebases")
    assert roles["principal-data-scientist"].details_html == (
        "<p>Designing and deploying pricing models for next-generation insurance risk modeling. Bridging classical "
        "statistics and ML-driven automation to bring transparency and speed to underwriting.</p>\n")
    assert roles["senior-machine-learning-engineer"].summary.startswith("Founding member of a 3D perception team")
    assert roles["data-science-technical-lead"].summary.startswith("Led a small data science team")
    assert roles["senior-quantitative-analyst"].summary.startswith("Developed quantitative models for electricity")
    assert "Education" not in roles["senior-quantitative-analyst"].details_html


@pytest.mark.parametrize("text, title, dates", [
    ("Role (2021 – 2024)", "Role", Dates(2021, 2024)),
    ("Role (2024 – Present)", "Role", Dates(2024, PRESENT)),
    ("Role (2020)", "Role", Dates(2020, 2020)),
    ("Role (2021-2024)", "Role", Dates(2021, 2024)),
    ("Role (2021 — present)", "Role", Dates(2021, PRESENT)),
    ("Role (2019 to 2021)", "Role", Dates(2019, 2021)),
    ("Education & Foundations", "Education & Foundations", None),
    ("PhD (Dual Degree)", "PhD (Dual Degree)", None),
])
def test_dates(text, title, dates):
    assert split_dates(text) == (title, dates, None)


@pytest.mark.parametrize("text", ["Role (2021 – 24)", "Role (2024 – soon)", "Role (Summer 2021)", "Role (2024 – 2021)"])
def test_dates_it_cannot_read(text):
    assert split_dates(text)[2] is not None


def test_a_bad_date_is_an_error_naming_file_and_line(tmp_path):
    page = page_from(tmp_path, "\n**Good (2020 – 2021)**\n\ntext\n\n- **Bad – Org (2021 – 20x4)**  \n  more\n")
    with pytest.raises(ContentErrors) as failed:
        roles_of(page)
    [error] = failed.value.errors
    assert error.format(tmp_path) == ("pages/cv.md:9: cannot read the dates (2021 – 20x4) of 'Bad – Org' — "
                                      "write them as (2021 – 2024), (2024 – Present) or (2021)")


def test_headings_work_the_same_way_and_nest(tmp_path):
    page = page_from(tmp_path, """
Intro text.

## Consulting (2018 – 2020)

We advised utilities.

### Analyst – Acme (2018 – 2019)

Built models.

### Highlights

- one

### Lead – Acme (2019 – 2020)

Led the team.

## Research Fellow (2021)

Wrote papers.

## Skills

- Python
""")
    parsed = roles_of(page)
    assert [b.kind for b in parsed.blocks] == ["loose", "group", "role", "section"]
    group = parsed.blocks[1]
    assert group.title == "Consulting" and group.intro_html == "<p>We advised utilities.</p>\n"
    assert [(r.title, r.organisation, r.dates, r.line) for r in parsed.roles] == [
        ("Analyst", "Acme", Dates(2018, 2019), 11), ("Lead", "Acme", Dates(2019, 2020), 19),
        ("Research Fellow", "", Dates(2021, 2021), 23)]
    analyst = parsed.roles[0]
    assert "Built models." in analyst.details_html and '<h3 id="highlights">Highlights</h3>' in analyst.details_html
    assert analyst.highlights == ("one",)
    assert parsed.blocks[3].title == "Skills" and "Python" in parsed.blocks[3].html


@pytest.mark.parametrize("items", ["- **Python**\n- **Rust**\n", "- **Python:**\n  daily\n- **Rust:**\n  weekly\n"])
def test_bold_words_and_bold_labels_in_a_list_are_not_roles(tmp_path, items):
    page = page_from(tmp_path, "**Tools (2020 – 2021)**\n\n" + items)
    [role] = roles_of(page).roles
    assert role.title == "Tools" and len(role.highlights) == 2


def test_a_list_with_any_other_item_is_not_a_list_of_roles(tmp_path):
    page = page_from(tmp_path, "**Tools (2020 – 2021)**\n\n- **Python:** daily\n- **Rust**\n  weekly\n")
    [role] = roles_of(page).roles
    assert role.title == "Tools" and role.highlights == ("Python: daily", "Rust weekly")


def test_roles_in_a_list_without_a_group_and_with_a_soft_break(tmp_path):
    page = page_from(tmp_path, "- **Engineer – Acme (2019 – 2020)**\n  Shipped things.\n")
    [role] = roles_of(page).roles
    assert (role.title, role.organisation, role.group, role.details_html) == (
        "Engineer", "Acme", "", "<p>Shipped things.</p>\n")


def test_slugs_are_unique_and_never_take_a_reserved_id(tmp_path):
    page = page_from(tmp_path, "".join(f"**{title}**\n\nx\n\n" for title in [
        "Data Scientist – Acme (2010)", "Data Scientist – Initech (2011)", "Data Scientist – Acme (2012)",
        "All (2013)", "Main – Org (2014)", "3D Vision Lead (2015)", "数据 (2016)"]))
    slugs = [r.slug for r in roles_of(page).roles]
    assert slugs == ["data-scientist", "data-scientist-initech", "data-scientist-acme", "all-2", "main-org",
                     "3d-vision-lead", "entry"]
    assert css_id("3d-vision-lead--details") == "#\\33 d-vision-lead--details"


def test_the_parse_is_cached_on_the_page(tmp_path, monkeypatch):
    page = page_from(tmp_path, "**Role (2020)**\n\nx\n")
    calls = []
    original = folio.roles.reader._Reader.read
    monkeypatch.setattr(folio.roles.reader._Reader, "read", lambda self: calls.append(1) or original(self))
    assert roles_of(page) is roles_of(page)
    assert calls == [1]
    roles_of(page, "/site")
    assert calls == [1, 1]


def outline(parsed):
    return [(r.title, r.organisation, r.dates, r.group, r.slug, r.line, r.summary, r.highlights) for r in parsed.roles]


@pytest.mark.parametrize("encode", [
    pytest.param(lambda text: text.replace("\n", "\r\n").encode(), id="crlf"),
    pytest.param(lambda text: ("\ufeff" + text).encode(), id="bom"),
    pytest.param(lambda text: ("\ufeff" + text.replace("\n", "\r\n")).encode(), id="bom-and-crlf"),
])
def test_windows_line_endings_and_a_bom_give_the_same_roles(tmp_path, encode):
    text = (REPO_ROOT / "pages" / "experience.md").read_text(encoding="utf-8")
    (tmp_path / "pages").mkdir()
    shutil.copytree(REPO_ROOT / "templates", tmp_path / "templates")
    saved = tmp_path / "pages" / "experience.md"
    saved.write_bytes(encode(text))
    expected = roles_of(owner_page())
    parsed = roles_of(load_page(saved, tmp_path))
    assert outline(parsed) == outline(expected) and len(parsed.roles) == 5
    assert [r.details_html for r in parsed.roles] == [r.details_html for r in expected.roles]
    assert [(e.title, e.dates) for e in parsed.education] == [(e.title, e.dates) for e in expected.education]


def test_a_footnote_inside_a_role_keeps_its_definition(tmp_path):
    parsed = roles_of(page_from(tmp_path, "Intro with a note.[^a]\n\n"
                                          "**Engineer – Acme (2020 – 2021)**\n\nBuilt things.[^b]\n\n"
                                          "**Researcher (2022 – Present)**\n\nNo notes here.\n\n"
                                          "[^a]: The intro's note.\n[^b]: Acme made rockets.\n"))
    engineer, researcher = parsed.roles
    assert 'href="#fn-2"' in engineer.details_html
    assert '<li id="fn-2"><p>Acme made rockets.' in engineer.details_html
    assert "fn-" not in researcher.details_html
    intro = parsed.blocks[0].html
    assert 'href="#fn-1"' in intro and '<li id="fn-1"><p>The intro' in intro and "Acme made" not in intro
