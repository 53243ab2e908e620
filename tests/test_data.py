"""Data files (site/data/*.yml, .yaml, .json, .toml) as site.data.NAME in templates and page includes."""
import os
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from folio import create_app
from folio.build.cli import main as freeze_main
from folio.build.pipeline import build
from folio.data.files import load_data, read_data_file
from folio.errors import ContentError

INCLUDE = """<ul class="people">{% for person in site.data.people %}<li>{{ person.name }} ({{ person.role }})</li>{% endfor %}</ul>
<p class="motto">{{ site.data.motto.text }} · {{ site.data.team.lead.name }} · {{ site.title }}</p>
"""
PAGE = "---\ntitle: Team\n---\n\nOur team:\n\n{% include team.html %}\n"


@pytest.fixture
def team(write):
    write("templates/includes/team.html", INCLUDE)
    write("pages/team.md", PAGE)
    write("site/data/people.yml", "- name: Ada\n  role: research\n- name: Grace\n  role: compilers\n")
    write("site/data/motto.json", '{"text": "First principles"}\n')
    write("site/data/team/lead.toml", 'name = "Ada"\n')


def test_every_format_and_folder_reaches_the_includes_of_pages(team, client):
    html = client.get("/team/").get_data(as_text=True)
    assert '<ul class="people"><li>Ada (research)</li><li>Grace (compilers)</li></ul>' in html
    assert '<p class="motto">First principles · Ada · Bird Of Paradise AI</p>' in html


def test_templates_read_it_too_and_the_settings_stay_where_they_were(team, client, write):
    write("templates/nav.html", (Path(write("x", "").parent / "templates" / "nav.html").read_text()
                                 + "<p>{{ site.data.motto.text }}</p>"))
    html = client.get("/").get_data(as_text=True)
    assert "<p>First principles</p>" in html and "<title>Bird Of Paradise AI — Independent AI research" in html


def test_the_dev_server_picks_up_edits(team, client, write):
    assert "First principles" in client.get("/team/").get_data(as_text=True)
    path = write("site/data/motto.json", '{"text": "Second thoughts"}\n')
    os.utime(path, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    assert "Second thoughts" in client.get("/team/").get_data(as_text=True)
    path.unlink()
    write("site/data/motto.yaml", "text: Third way\n")
    assert "Third way" in client.get("/team/").get_data(as_text=True)


def test_a_build_publishes_the_data_and_rebuilds_pages_when_it_changes(team, site_root, write, tmp_path):
    build(site_root, tmp_path / "out")
    assert "First principles" in (tmp_path / "out" / "team" / "index.html").read_text()
    path = write("site/data/motto.json", '{"text": "Changed"}\n')
    os.utime(path, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    build(site_root, tmp_path / "out")
    assert "Changed" in (tmp_path / "out" / "team" / "index.html").read_text(), "the page was not reused"


@pytest.mark.parametrize("name, text, line, words", [
    ("people.yml", "- name: Ada\n  role: [research\n- name: Grace\n", 2, "not valid YAML"),
    ("people.yml", "- name: Ada\n\trole: x\n", 2, "a tab character indents this line"),
    ("people.yml", "- born: 2025-02-30\n", 1, "'2025-02-30' is not a valid date"),
    ("people.json", '[\n  {"name": "Ada"},\n  {"name": "Grace",}\n]\n', 3, "not valid JSON"),
    ("people.toml", 'title = "Team"\nname = Ada\n', 2, "not valid TOML"),
])
def test_a_broken_file_fails_the_build_at_its_line_and_shows_on_the_pages_reading_it(
        team, site_root, write, tmp_path, capsys, name, text, line, words):
    (site_root / "site" / "data" / "people.yml").unlink()
    write(f"site/data/{name}", text)
    assert freeze_main(["--dest", str(tmp_path / "out")], root=site_root) == 1
    assert f"site/data/{name}:{line}: " in capsys.readouterr().err
    client = create_app(site_root).test_client()
    response = client.get("/team/")
    assert response.status_code == 500 and f"site/data/{name}:{line}: " in response.get_data(as_text=True)
    assert words in response.get_data(as_text=True).replace("&#39;", "'")
    assert client.get("/experience/").status_code == 200, "pages that do not read it keep working"


def test_two_files_of_one_name_are_an_error(team, site_root, write, tmp_path, capsys):
    write("site/data/people.json", "[]")
    write("site/data/team.yml", "lead: nobody")
    assert freeze_main(["--dest", str(tmp_path / "out")], root=site_root) == 1
    err = capsys.readouterr().err
    assert "site/data/people.yml: site/data/people.yml and site/data/people.json are both site.data.people" in err
    assert "site/data/team.yml: site/data/team.yml and site/data/team/lead.toml are both site.data.team" in err
    page = create_app(site_root).test_client().get("/team/").get_data(as_text=True)
    assert "are both site.data.people" in page, "the page reading it shows why"


def test_a_missing_name_is_undefined_in_templates(team, write, client):
    write("templates/includes/team.html", "<p>[{{ site.data.nothing }}]{% if 'people' in site.data %}yes{% endif %}</p>")
    assert "<p>[]yes</p>" in client.get("/team/").get_data(as_text=True)


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(list("ab:- \n\t'\"[]{}#&*!|>%@`,?0129.\\=") + ["2025-02-30", "é", "\x00",
                                                                                       "!!binary", "\ufeff"]),
                     max_size=40).map("".join),
       suffix=st.sampled_from([".yml", ".json", ".toml"]))
def test_any_text_in_a_data_file_is_data_or_an_error_with_its_place(text, suffix):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / "site" / "data" / f"x{suffix}"
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
        file = read_data_file(path, ("x",), root, 2048)
        if file.error is not None:
            assert isinstance(file.error, ContentError) and file.error.path == path
            assert file.error.line is None or 1 <= file.error.line <= text.count("\n") + 2
        data, errors = load_data(root, 2048)
        assert len(errors) == (file.error is not None)
