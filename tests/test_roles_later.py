"""The owner's later Experience page (tests/data/experience-later.md: the same roles with their dates dropped, a
"**Industry Experience**" group of four bold roles, entities in headings) read as the owner means it; the
`headings:` override; `flask roles`; and /resume.json for roles without dates."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from folio import create_app
from folio.engine import engine

LATER = Path(__file__).with_name("data") / "experience-later.md"
SCHEMA = json.loads((Path(__file__).with_name("schemas") / "jsonresume.schema.json").read_text())
SLUGS = ["independent-ai-researcher", "principal-data-scientist", "senior-machine-learning-engineer",
         "data-science-technical-lead", "senior-quantitative-analyst"]


@pytest.fixture
def later(site_root):
    (site_root / "pages" / "experience.md").write_bytes(LATER.read_bytes())
    return site_root


def test_every_role_of_the_later_page_expands(later):
    client = create_app(later).test_client()
    html = client.get("/experience/").get_data(as_text=True)
    toggles = re.findall(r'<a class="role-toggle" href="/experience/([^"/]+)/" hx-get="/experience/\1\.html"', html)
    assert toggles == SLUGS
    for slug in SLUGS:
        assert client.get(f"/experience/{slug}.html").status_code == 200
        assert client.get(f"/experience/{slug}/").status_code == 200
    assert "&amp;emsp;" not in html and "&emsp;" not in html and "Independent AI Researcher</a>" in html
    assert '<div class="role-group" id="industry-experience">' in html and "<h2>Industry Experience</h2>" in html
    assert "<span class=\"role-org\">R&amp;D Team</span>" in html, "an entity in a heading is decoded once"
    assert '<div class="role-section" id="education-foundations">' in html


def test_roles_without_dates_go_to_the_resume_and_it_stays_valid(later):
    resume = create_app(later).test_client().get("/resume.json").get_json()
    jsonschema.validate(resume, SCHEMA)
    work = {entry["position"]: entry for entry in resume["work"]}
    assert work["Independent AI Researcher"]["startDate"] == "2024" and "endDate" not in work["Independent AI Researcher"]
    assert "startDate" not in work["Principal Data Scientist"] and work["Principal Data Scientist"]["name"] == "InsurTech Startup"
    assert work["Senior Machine Learning Engineer"]["name"] == "R&D Team"
    assert len(resume["work"]) == 5 and len(resume["education"]) == 2


def override(root: Path, lines: str) -> None:
    path = root / "pages" / "experience.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("show_layout_title: false\n", f"show_layout_title: false\nheadings:\n{lines}"),
                    encoding="utf-8")


def test_front_matter_settles_what_a_heading_is_without_editing_the_body(later):
    override(later, "  Industry Experience: section\n  Education & Foundations: role\n")
    parsed = engine(create_app(later)).site()
    from folio.roles.model import RoleShelf
    [page] = parsed.part(RoleShelf).pages
    kinds = [(b.kind, getattr(b, "title", "")) for b in page.blocks if b.kind != "loose"]
    assert ("section", "Industry Experience") in kinds and ("role", "Education & Foundations") in kinds
    assert "industry-experience" not in [r.slug for r in page.roles]


def test_an_override_naming_no_heading_is_an_error_at_its_line(later):
    override(later, "  Industry Experiences: section\n")
    response = create_app(later).test_client().get("/experience/")
    text = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code == 500
    assert "pages/experience.md:9: headings: no heading of the page reads 'Industry Experiences'" in text


def test_flask_roles_prints_the_outline_with_file_and_line(later):
    result = create_app(later).test_cli_runner().invoke(args=["roles"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "/experience/  (pages/experience.md): 5 roles, 1 group, 1 section"
    text = LATER.read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        match = re.match(r"pages/experience\.md:(\d+)\s+(role|group|section)\s+(.*)", line.strip())
        if match:  # every entry names the line of its heading
            assert match.group(3).split(" | ")[0].split()[0] in text[int(match.group(1)) - 1]
    assert any(re.search(r":\d+\s+role\s+Principal Data Scientist \| InsurTech Startup \| no dates \| "
                         r"principal-data-scientist$", line) for line in lines)
    assert any("“Designing and deploying pricing models" in line for line in lines)
    assert any(re.search(r"section\s+Education & Foundations \| 2 education items", line) for line in lines)


def test_flask_roles_reports_a_broken_page_in_one_line_and_fails(later):
    path = later / "pages" / "experience.md"
    path.write_text(path.read_text().replace("(2024 - present)", "(2024 - 20x4)"))
    result = create_app(later).test_cli_runner().invoke(args=["roles"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert re.search(r"pages/experience\.md:\d+: cannot read the dates \(2024 - 20x4\)", result.output)
