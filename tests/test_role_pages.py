"""The Experience page served and frozen: collapsed roles, role pages, fragments, the all-roles view, /resume.json."""
import json
import os
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

import folio.roles.reader
from folio.engine import engine
from folio import REPO_ROOT
from folio.build.cli import main

SLUGS = ["independent-ai-researcher", "principal-data-scientist", "senior-machine-learning-engineer",
         "data-science-technical-lead", "senior-quantitative-analyst"]
TITLES = ["Independent AI Researcher", "Principal Data Scientist", "Senior Machine Learning Engineer",
          "Data Science Technical Lead", "Senior Quantitative Analyst"]
# The first words of each role's details, as the owner wrote them.
DETAILS = ["I lead self-directed foundational AI research", "Designing and deploying pricing models",
           "Founding member of a 3D perception team", "Led a small data science team",
           "Developed quantitative models for electricity trading"]
SCHEMA = json.loads((REPO_ROOT / "tests" / "schemas" / "jsonresume.schema.json").read_text())


def schema_errors(data) -> list[str]:
    validator = Draft7Validator(SCHEMA, format_checker=Draft7Validator.FORMAT_CHECKER)
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]


class Elements(HTMLParser):
    """Every start tag's attributes, and the text, of an HTML document."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def with_class(self, name):
        return [attrs for _, attrs in self.tags if name in (attrs.get("class") or "").split()]

    def by_id(self, id_):
        return next(attrs for _, attrs in self.tags if attrs.get("id") == id_)


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_every_role_is_collapsed_to_a_toggle_and_its_details_are_not_in_the_page(real_client):
    html = get(real_client, "/experience/")
    page = Elements(html)
    toggles = page.with_class("role-toggle")
    assert [t["href"] for t in toggles] == [f"/experience/{slug}/" for slug in SLUGS]
    for toggle, slug in zip(toggles, SLUGS):
        assert toggle["hx-get"] == f"/experience/{slug}.html"
        assert (toggle["hx-target"], toggle["hx-swap"]) == (f"#{slug}--details", "innerHTML")
        assert (toggle["aria-expanded"], toggle["aria-controls"]) == ("false", f"{slug}--details")
        region = page.by_id(f"{slug}--details")
        assert region["role"] == "region" and region["aria-labelledby"] == f"{slug}--title"
        assert "hidden" in region and page.by_id(slug)["class"] == "role"
    for title, details in zip(TITLES, DETAILS):
        assert f">{title}</a>" in html and details not in html
    for meta in ["InsurTech Startup", "R&amp;D Team", '<time datetime="2021">2021</time> – <time datetime="2024">2024</time>',
                 '<time datetime="2024">2024</time> – Present', "<h2>Industry Work — Building at the Intersection"]:
        assert meta in html
    assert "<h2>Education &amp; Foundations</h2>" in html and "Michigan State University (2012)" in html
    assert 'href="/experience/all/"' in html and 'href="/resume.json"' in html
    assert '<div class="roles-controls">' in html and 'data-roles-action="expand"' in html


def test_each_role_has_its_own_page_with_the_details_and_a_way_back(real_client):
    for slug, title, details in zip(SLUGS, TITLES, DETAILS):
        html = get(real_client, f"/experience/{slug}/")
        assert f"<title>{title} · Bird Of Paradise AI</title>" in html and f"<h1>{title}</h1>" in html
        assert details in html and '<nav id="site-nav"' in html
        assert f'href="/experience/#{slug}"' in html and '<a href="/experience/" aria-current="page"' in html
    assert "Part of Industry Work" in get(real_client, "/experience/principal-data-scientist/")


def test_each_fragment_is_the_bare_details_and_tiny(real_client):
    site = engine(real_client.application).site()
    roles = folio.roles.reader.roles_of(site.pages["/experience/"])
    for role, details in zip(roles.roles, DETAILS):
        fragment = site.path("roles.fragment", page="/experience/", slug=role.slug)
        assert fragment == f"/experience/{role.slug}.html"
        response = real_client.get(fragment)
        assert response.status_code == 200 and response.mimetype == "text/html"
        html = response.get_data(as_text=True)
        assert html.strip() == role.details_html.strip() and html.startswith("<p>" + details)
        assert "<html" not in html and "<nav" not in html and "<h1" not in html
        assert len(response.data) <= 2048


def test_the_all_roles_view_expands_every_role(real_client):
    html = get(real_client, "/experience/all/")
    assert all(details in html for details in DETAILS)
    assert "<p><strong>Focus Areas:</strong></p>" in html and "role-toggle" not in html and " hidden" not in html
    assert html.count("<h1") == 1 and "<h1>Experience</h1>" in html
    assert 'href="/experience/">Back to the compact view</a>' in html


def test_resume_json_is_a_valid_json_resume_from_the_same_roles(real_client):
    response = real_client.get("/resume.json")
    assert response.mimetype == "application/json"
    data = response.get_json()
    assert schema_errors(data) == []
    assert [(w["position"], w.get("name"), w["startDate"], w.get("endDate")) for w in data["work"]] == [
        ("Independent AI Researcher", None, "2024", None), ("Principal Data Scientist", "InsurTech Startup", "2025", None),
        ("Senior Machine Learning Engineer", "R&D Team", "2021", "2024"),
        ("Data Science Technical Lead", "Consulting Startup", "2020", "2020"),
        ("Senior Quantitative Analyst", "Energy & Utilities", "2011", "2019")]
    assert all(w["summary"].startswith(details) for w, details in zip(data["work"], DETAILS))
    assert data["work"][0]["highlights"][2].startswith("Optimization: Authored “Understanding the Muon Optimizer”")
    assert data["education"] == [
        {"institution": "Michigan State University", "area": "Applied Mathematics (Dual Degree with MS in Statistics)",
         "studyType": "PhD", "endDate": "2012"},
        {"institution": "Michigan State University", "area": "Strategic Organizational Leadership & Management",
         "studyType": "Master Certificate", "endDate": "2015"}]
    # The owner's name is not known yet (author is a FILL IN): the site's title stands in, nothing is invented.
    assert data["basics"]["name"] == "Bird Of Paradise AI"


def test_resume_json_takes_the_authors_name(client, site_root):
    settings = site_root / "site" / "site.toml"
    settings.write_text(settings.read_text().replace('author = ""', 'author = "A. Person"'))
    data = client.get("/resume.json").get_json()
    assert data["basics"]["name"] == "A. Person"
    assert schema_errors(data) == []


def touch_write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    later = time.time_ns() + 2_000_000_000
    os.utime(path, ns=(later, later))


def test_a_date_it_cannot_read_is_shown_on_the_page_and_fails_the_freeze(client, site_root, tmp_path, capsys):
    client.get("/experience/")
    page = site_root / "pages" / "experience.md"
    touch_write(page, page.read_text(encoding="utf-8").replace("(2021 – 2024)", "(2021 – 20x4)"))
    response = client.get("/experience/")
    assert response.status_code == 500
    message = ("pages/experience.md:38: cannot read the dates (2021 – 20x4) of "
               "&#39;Senior Machine Learning Engineer – R&amp;D Team&#39;")
    assert message in response.get_data(as_text=True)
    assert client.get("/").status_code == 200 and client.get("/resume.json").status_code == 500
    assert main(["--dest", str(tmp_path / "out")], root=site_root) == 1
    assert "pages/experience.md:38: cannot read the dates (2021 – 20x4)" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_role_pages_naming_no_page_is_an_error(client, site_root):
    settings = site_root / "site" / "site.toml"
    touch_write(settings, settings.read_text().replace('role_pages = ["/experience/"]', 'role_pages = ["/cv/"]'))
    line = next(n for n, text in enumerate(settings.read_text().splitlines(), 1) if text.startswith("role_pages"))
    assert f"site/site.toml:{line}: role_pages lists /cv/, but no page has that URL" in client.get("/cv/").get_data(as_text=True)
    html = get(client, "/experience/")
    assert "role-toggle" not in html and DETAILS[0] in html  # not a role page any more: the plain page


def test_a_page_on_a_roles_url_is_an_error_there(client, write):
    write("pages/clash.md", "---\ntitle: Clash\npermalink: /experience/principal-data-scientist/\n---\nhi\n")
    response = client.get("/experience/principal-data-scientist/")
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert ("pages/clash.md:3: permalink /experience/principal-data-scientist/ is a URL the site makes itself "
            "(from pages/experience.md)") in text
    assert client.get("/experience/").status_code == 200


def test_an_unchanged_page_is_not_parsed_again(client, write, monkeypatch):
    client.get("/experience/")
    calls = []
    original = folio.roles.reader._Reader.read
    monkeypatch.setattr(folio.roles.reader._Reader, "read", lambda self: calls.append(1) or original(self))
    write("pages/new.md", "---\ntitle: New\n---\nhi\n")
    assert client.get("/new/").status_code == 200
    for url in ["/experience/", "/experience/principal-data-scientist/", "/experience/all/", "/resume.json"]:
        assert client.get(url).status_code == 200
    assert calls == []


def test_the_build_holds_every_role_page_fragment_and_resume(frozen_root):
    for slug in SLUGS:
        assert (frozen_root / "experience" / slug / "index.html").is_file()
        assert (frozen_root / "experience" / f"{slug}.html").stat().st_size <= 2048
    assert (frozen_root / "experience" / "all" / "index.html").is_file()
    assert schema_errors(json.loads((frozen_root / "resume.json").read_text())) == []
    sitemap = (frozen_root / "sitemap.xml").read_text()
    assert "<loc>https://owner.example/experience/principal-data-scientist/</loc>" in sitemap
    assert ".html</loc>" not in sitemap and "/experience/all/" not in sitemap


def test_under_a_base_path_every_toggle_resolves(frozen_subpath):
    build = frozen_subpath / "site"
    page = Elements((build / "experience" / "index.html").read_text())
    toggles = page.with_class("role-toggle")
    assert len(toggles) == len(SLUGS)
    for toggle in toggles:
        assert toggle["href"].startswith("/site/experience/") and toggle["hx-get"].startswith("/site/experience/")
        assert (frozen_subpath / toggle["hx-get"].lstrip("/")).is_file()
        assert (frozen_subpath / toggle["href"].lstrip("/") / "index.html").is_file()
    resume = json.loads((build / "resume.json").read_text())
    assert resume["meta"]["canonical"] == "https://owner.github.io/site/resume.json"
