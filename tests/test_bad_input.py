"""The owner's mistakes, one per case: a clear one-line error, the previous build untouched, and in the dev
server the error on the affected URL only."""
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from folio import create_app
from folio.build.cli import main

LINE = re.compile(r"^(?P<path>[^\s:]+)(:(?P<line>\d+))?: (?P<message>.+) — (?P<hint>.+)$")


def page(text: str) -> Callable[[Path], None]:
    return lambda root: (root / "pages" / "case.md").write_bytes(text.encode() if isinstance(text, str) else text)


def file_edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    """The owner's file with a typo, in the site copy (the repository's own files stay as they are)."""
    def edit(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    return edit


def new_file(relative: str, text: str) -> Callable[[Path], None]:
    """A file the owner adds to the site copy."""
    def add(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return add


def two_files(*adds: Callable[[Path], None]) -> Callable[[Path], None]:
    def add_all(root: Path) -> None:
        for add in adds:
            add(root)
    return add_all


def symlink_outside(root: Path) -> None:
    outside = root.parent / "outside.md"
    outside.write_text("---\ntitle: Secret\n---\nnot yours\n")
    (root / "pages" / "case.md").symlink_to(outside)


def unreadable(root: Path) -> None:
    # Root can read any file whatever its mode, so a dangling symlink stands for an unreadable file.
    (root / "pages" / "case.md").symlink_to(root / "pages" / "gone" / "nowhere.md")


def include_loop(root: Path) -> None:
    (root / "templates" / "includes" / "loop.html").write_text('<p>{% include "includes/loop.html" %}</p>')
    (root / "pages" / "case.md").write_text("---\ntitle: Case\n---\n\n{% include loop.html %}\n")


def layout_loop(root: Path) -> None:
    (root / "templates" / "layouts" / "loop.html").write_text('{% extends "layouts/loop.html" %}')
    (root / "pages" / "case.md").write_text("---\ntitle: Case\nlayout: loop\n---\nText\n")


def huge(root: Path) -> None:
    (root / "pages" / "case.md").write_text("---\ntitle: Huge\n---\n" + "All work and no play. " * 480_000)


def experience_line(needle: str) -> int:
    text = (Path(__file__).resolve().parent.parent / "pages" / "experience.md").read_text(encoding="utf-8")
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


TALK = "site/talks/transformer-from-scratch.md"


def talk_line(needle: str) -> int:
    text = (Path(__file__).resolve().parent.parent / TALK).read_text(encoding="utf-8")
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(needle))


@dataclass
class Case:
    name: str
    setup: Callable[[Path], None]
    where: str  # "path:line" or "path" of the expected error
    words: str  # words the message must hold
    url: str | None = "/case/"  # the URL whose dev-server page shows the error


CASES = [
    Case("malformed-yaml", page("---\ntitle: Case\nnav: [1, 2\n---\n"), "pages/case.md:3", "not valid YAML"),
    Case("front-matter-not-closed", page("---\ntitle: Case\n\nBody\n"), "pages/case.md:1", "not closed"),
    Case("no-front-matter", page("# Just a heading\n"), "pages/case.md:1", "no front matter"),
    Case("tabs-in-yaml", page("---\ntitle: Case\nnav:\n\t- a\n---\n"), "pages/case.md:4", "tab character"),
    Case("front-matter-is-a-list", page("---\n- title\n- Case\n---\n"), "pages/case.md:2", "key: value pairs"),
    Case("not-utf8", page(b"---\ntitle: Case\n---\ncaf\xe9\n"), "pages/case.md:4", "not UTF-8"),
    Case("empty-file", page(""), "pages/case.md:1", "no front matter"),
    Case("10-mb-page", huge, "pages/case.md", "over the 2048 KB limit"),
    Case("symlink-outside-repo", symlink_outside, "pages/case.md", "symlink points outside the site"),
    Case("unreadable-file", unreadable, "pages/case.md", "cannot read the file"),
    Case("directory-named-like-a-page", lambda root: (root / "pages" / "case.md").mkdir(), "pages/case.md",
         "cannot read the file"),
    Case("duplicate-permalink", page("---\ntitle: Case\npermalink: /experience/\n---\n"), "pages/experience.md:7",
         "permalink /experience/ is used by both pages/case.md and pages/experience.md", "/experience/"),
    Case("permalink-is-a-static-file", page("---\ntitle: Case\npermalink: /css/site.css\n---\n"),
         "pages/case.md:3", "is also the static file static/css/site.css", "/css/site.css"),
    Case("permalink-with-dotdot", page("---\ntitle: Case\npermalink: /a/../../b/\n---\n"), "pages/case.md:3",
         "is not a path on this site"),
    Case("permalink-with-scheme", page("---\ntitle: Case\npermalink: javascript:alert(1)\n---\n"),
         "pages/case.md:3", "is not a path on this site"),
    Case("unknown-liquid-tag", page("---\ntitle: Case\n---\n\n{% for x in y %}\n"), "pages/case.md:5",
         "unsupported Liquid"),
    Case("missing-include", page("---\ntitle: Case\n---\n{% include nope.html %}\n"), "pages/case.md:4",
         "include 'nope.html' does not exist"),
    Case("include-outside-includes", page("---\ntitle: Case\n---\n{% include ../base.html %}\n"),
         "pages/case.md:4", "points outside templates/includes"),
    Case("link-to-missing-page", page("---\ntitle: Case\n---\n\nGo [there](/nowhere/).\n"), "pages/case.md:5",
         "broken link on /case/ -> /nowhere/"),
    Case("missing-image", page("---\ntitle: Case\n---\n\n![Me](/assets/images/me.jpg)\n"), "pages/case.md:5",
         "broken link on /case/ -> /assets/images/me.jpg"),
    Case("broken-anchor", page("---\ntitle: Case\n---\n\nSee [below](#nothing-here).\n"), "pages/case.md:5",
         "no element with id 'nothing-here'"),
    Case("link-to-missing-page-in-full", page("---\ntitle: Case\n---\n\nGo [there](https://example.github.io/nowhere/).\n"),
         "pages/case.md:5", "broken link on /case/ -> /nowhere/"),
    Case("broken-site-toml", file_edit("site/site.toml", 'title = "Bird Of Paradise AI"', 'title = "Bird Of Paradise AI'),
         "site/site.toml:4", "settings are not valid TOML", "/"),
    Case("wrong-setting-type", file_edit("site/site.toml", 'role_pages = ["/experience/"]', 'role_pages = "/experience/"'),
         "site/site.toml", "setting 'role_pages' must be a list", "/"),
    Case("role-dates-unparseable", file_edit("pages/experience.md", "(2021 – 2024)", "(2021 – 20x4)"),
         f"pages/experience.md:{experience_line('Senior Machine Learning Engineer')}", "20x4", "/experience/"),
    Case("permalink-is-a-role-page", page("---\ntitle: Case\npermalink: /experience/principal-data-scientist/\n---\n"),
         "pages/case.md:3", "permalink /experience/principal-data-scientist/ is a URL the site makes itself",
         "/experience/principal-data-scientist/"),
    Case("talk-unknown-time-zone", file_edit(TALK, "timezone: UTC", "timezone: Europe/Atlantis"),
         f"{TALK}:{talk_line('timezone:')}", "Europe/Atlantis", "/talks/transformer-from-scratch/"),
    Case("talk-ends-before-it-starts", file_edit(TALK, "\nstart: 2025-12-09\n", "\nstart: 2025-12-09\nend: 2025-12-01\n"),
         f"{TALK}:{talk_line('start:') + 1}", "end", "/talks/transformer-from-scratch/"),
    Case("permalink-is-a-talk-page", page("---\ntitle: Case\npermalink: /talks/\n---\n"),
         "pages/case.md:3", "permalink /talks/ is a URL the site makes itself", "/talks/"),
    Case("unknown-layout", page("---\ntitle: Case\nlayout: post\n---\n"), "pages/case.md:3",
         "layout 'post' does not exist"),
    Case("htmx-replaced-without-its-pin", file_edit("static/js/htmx.min.js", 'version:"2.0.11"', 'version:"2.0.12"'),
         "static/js/htmx.min.js", "is not the htmx 2.0.11 file pinned by its integrity hash", "/js/site.bundle.js"),
    Case("include-includes-itself", include_loop, "pages/case.md:5",
         "include 'loop.html' includes itself without end"),
    Case("layout-extends-itself", layout_loop, "pages/case.md:3", "layout 'loop' includes or extends itself"),
    Case("template-error", file_edit("templates/nav.html", "{{ item.title }}", "{{ item.title | nosuchfilter }}"),
         "templates/nav.html", "template error", "/"),
    Case("wrong-key-type", page("---\ntitle: Case\nnavigation: sometimes\n---\n"), "pages/case.md:3",
         "'navigation' must be true or false"),
    Case("style-that-closes-its-rule", page('---\ntitle: Case\n---\n\nA <span style="color: red} body{display:none">'
                                            'word</span>.\n'), "pages/case.md:5", "could end its rule"),
    Case("style-that-loads-a-file", page('---\ntitle: Case\n---\n\n<div style="background: url(/x.png)">'
                                         '</div>\n'), "pages/case.md:5", "loads a file with url()"),
    Case("broken-yaml-data-file", new_file("site/data/sections.yml", "- title: A\n  link: [/x/\n- title: B\n"),
         "site/data/sections.yml:2", "the data file is not valid YAML", "/"),
    Case("broken-json-data-file", new_file("site/data/sections.json", '[\n  {"title": "A", "link": "/x/",}\n]\n'),
         "site/data/sections.json:2", "the data file is not valid JSON", "/"),
    Case("broken-toml-data-file", new_file("site/data/sections.toml", '[[sections]]\ntitle = A\n'),
         "site/data/sections.toml:2", "the data file is not valid TOML", "/"),
    Case("two-data-files-of-one-name", two_files(new_file("site/data/sections.yml", "[]\n"),
                                                 new_file("site/data/sections.json", "[]\n")),
         "site/data/sections.yml", "are both site.data.sections", "/"),
    Case("card-without-title", new_file("site/data/sections.yml", "- title: A\n  link: /experience/\n"
                                                                  "- link: /talks/\n  excerpt: Talks\n"),
         "site/data/sections.yml:3", "a section card has no title", "/"),
    Case("card-link-to-missing-page", new_file("site/data/sections.yml", "- title: Projects\n  link: /projects/\n"),
         "site/data/sections.yml:2", "broken link on / -> /projects/"),
]
LINK_CASES = {"link-to-missing-page", "missing-image", "broken-anchor", "link-to-missing-page-in-full",
              "card-link-to-missing-page"}


@pytest.fixture
def built(site_root, tmp_path):
    """A site copy with a good previous build in it, and that build's bytes."""
    dest = tmp_path / "build"
    assert main(["--dest", str(dest)], root=site_root) == 0
    return dest, snapshot(dest)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_freeze_explains_the_mistake_and_keeps_the_previous_build(case, site_root, built, capsys):
    dest, before = built
    case.setup(site_root)
    assert main(["--dest", str(dest)], root=site_root) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert "Traceback" not in "\n".join(lines)
    problems, summary = lines[:-1], lines[-1]
    assert summary.startswith("freeze.py: ") and "previous build was left as it was" in summary
    assert any(case.words in line and line.startswith(case.where + ":") for line in problems), problems
    for line in problems:
        assert LINE.match(line), f"not 'path:line: what is wrong — what to do': {line}"
    assert snapshot(dest) == before


@pytest.mark.parametrize("case", [c for c in CASES if c.name not in LINK_CASES], ids=lambda c: c.name)
def test_dev_server_shows_the_error_on_the_affected_url_only(case, site_root):
    case.setup(site_root)
    client = create_app(site_root).test_client()
    response = client.get(case.url)
    assert response.status_code == 500
    text = response.get_data(as_text=True).replace("&#39;", "'")
    assert case.words in text and case.where in text
    if case.url != "/":  # a broken site.toml breaks every page, by nature
        assert client.get("/").status_code == 200


def test_every_problem_is_reported_in_one_run(site_root, built, capsys):
    dest, before = built
    (site_root / "pages" / "a.md").write_text("---\ntitle: [A\n---\n")
    (site_root / "pages" / "b.md").write_text("---\ntitle: B\n---\n{{ b }}\n")
    (site_root / "pages" / "c.md").write_text("---\ntitle: C\n---\n\n[x](/missing/) and [y](/a/)\n")
    assert main(["--dest", str(dest)], root=site_root) == 1
    err = capsys.readouterr().err
    assert "pages/a.md:2:" in err and "pages/b.md:4:" in err and "pages/c.md:5: broken link on /c/ -> /missing/" in err
    assert "-> /a/" not in err, "a link to a page that has its own error is not reported twice"
    assert snapshot(dest) == before


def test_a_utf8_bom_just_works(site_root, tmp_path):
    (site_root / "pages" / "bom.md").write_bytes("\ufeff---\ntitle: Bom\n---\nHello\n".encode())
    assert main(["--dest", str(tmp_path / "out")], root=site_root) == 0
    assert "Hello" in (tmp_path / "out" / "bom" / "index.html").read_text()


def test_the_owners_files_are_never_touched(site_root, built):
    def owners():  # everything but the build cache, which is the tool's own
        return {p: p.read_bytes() for p in site_root.rglob("*") if p.is_file() and ".folio-cache" not in p.parts}
    before = owners()
    dest, _ = built
    main(["--dest", str(dest)], root=site_root)
    assert owners() == before


def test_a_problem_met_twice_is_listed_once(site_root, built, capsys):
    """A role page that does not exist is reported by the settings, and /resume.json meets it too."""
    dest, _ = built
    text = (site_root / "site" / "site.toml").read_text()
    (site_root / "site" / "site.toml").write_text(text.replace('role_pages = ["/experience/"]',
                                                               'role_pages = ["/experience/", "/cv/"]'))
    assert main(["--dest", str(dest)], root=site_root) == 1
    problems = capsys.readouterr().err.strip().splitlines()[:-1]
    assert len(problems) == 1 and "role_pages lists /cv/, but no page has that URL" in problems[0], problems


def test_a_page_over_the_size_limit_builds_once_the_limit_is_raised(site_root, tmp_path, capsys):
    big = "---\ntitle: Big\n---\n" + "All work and no play makes a long page.\n\n" * 75_000  # 3 MB
    (site_root / "pages" / "big.md").write_text(big)
    assert main(["--dest", str(tmp_path / "out")], root=site_root) == 1
    assert "pages/big.md: file is 3002 KB, over the 2048 KB limit" in capsys.readouterr().err
    with (site_root / "site" / "site.toml").open("a") as settings:
        settings.write("max_page_kb = 4096\n")
    assert main(["--dest", str(tmp_path / "out")], root=site_root) == 0
    assert (tmp_path / "out" / "big" / "index.html").stat().st_size > 3_000_000
