"""Property-based checks of posts: any date, slug and permalink template gives a URL that leads back to its post;
lists are newest first; previous/next links agree with each other; any front matter fails only as one line."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from folio import REPO_ROOT, create_app
from folio.errors import ContentError
from folio.jekyll import engine_urls
from folio.posts.model import load_post
from folio.posts.permalinks import post_url, template_problem

SLUGS = st.from_regex(r"[a-z0-9]+(-[a-z0-9]+){0,3}", fullmatch=True).filter(lambda s: len(s) <= 40)
DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))
SEGMENTS = st.sampled_from([":year", ":month", ":day", "blog", "writing", ":year-:month", "p"])
TEMPLATES = st.builds(lambda before, after: "/" + "/".join([*before, ":title", *after]) + "/",
                      st.lists(SEGMENTS, max_size=3), st.lists(st.sampled_from(["", "x"]), max_size=1).map(
                          lambda xs: [x for x in xs if x]))
FAST = settings(max_examples=200, deadline=None)
SLOW = settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))


def pattern_of(template: str) -> re.Pattern[str]:
    """The template as a pattern whose groups take the placeholders' values back out of a URL."""
    regex, seen = "", set()
    for piece in re.split(r"(:year|:month|:day|:title)", template):
        name = piece[1:] if piece.startswith(":") else None
        if name is None:
            regex += re.escape(piece)
        else:
            regex += f"(?P={name})" if name in seen else f"(?P<{name}>[^/]+)"
            seen.add(name)
    return re.compile(regex + "$")


@FAST
@given(TEMPLATES, DATES, SLUGS)
def test_a_post_url_gives_back_its_date_and_slug(template, day, slug):
    assert template_problem(template) is None
    url = post_url(template, day, slug)
    assert url.startswith("/") and url.endswith("/") and "//" not in url
    found = pattern_of(template).match(url).groupdict()
    assert found["title"] == slug
    assert found.get("year", f"{day.year:04d}") == f"{day.year:04d}"
    assert found.get("month", f"{day.month:02d}") == f"{day.month:02d}"
    assert found.get("day", f"{day.day:02d}") == f"{day.day:02d}"
    assert engine_urls.post_url(template, day, slug) == url  # what the Jekyll importer predicts


@FAST
@given(st.text(max_size=30))
def test_any_template_is_accepted_or_refused_in_words(template):
    problem = template_problem(template)
    assert problem is None or problem.startswith("post_permalink ")


POSTS = st.lists(st.tuples(DATES, SLUGS), min_size=1, max_size=6, unique_by=lambda p: p[1])


@SLOW
@given(POSTS, TEMPLATES)
def test_the_site_serves_each_post_at_its_url_newest_first_with_agreeing_neighbours(posts, template):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "site"
        for part in ("pages", "site", "static", "templates"):
            shutil.copytree(REPO_ROOT / part, root / part)
        settings_file = root / "site" / "site.toml"
        settings_file.write_text(settings_file.read_text() + f'\npost_permalink = "{template}"\n')
        for day, slug in posts:
            path = root / "pages" / "posts" / f"{day.isoformat()}-{slug}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"---\ntitle: T {slug}\n---\nBody of {slug}.\n")
        client = create_app(root).test_client()
        index = client.get("/posts/").get_data(as_text=True)
        order = sorted(posts, key=lambda p: (p[0], f"{p[0].isoformat()}-{p[1]}"), reverse=True)
        urls = [post_url(template, day, slug) for day, slug in order]
        positions = [index.index(f'<a href="{url}">T {slug}</a>') for url, (_, slug) in zip(urls, order)]
        assert positions == sorted(positions)
        for number, url in enumerate(urls):
            html = client.get(url).get_data(as_text=True)
            assert f"<h1>T {order[number][1]}</h1>" in html
            older = re.search(r'<a href="([^"]+)" rel="prev">', html)
            newer = re.search(r'<a href="([^"]+)" rel="next">', html)
            assert (older.group(1) if older else None) == (urls[number + 1] if number + 1 < len(urls) else None)
            assert (newer.group(1) if newer else None) == (urls[number - 1] if number else None)
        shutil.rmtree(root)


FRONT = st.dictionaries(st.sampled_from(["title", "date", "updated", "tags", "draft", "toc", "image", "description"]),
                        st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=12), st.dates(),
                                  st.lists(st.text(max_size=5), max_size=3)), max_size=5)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(FRONT)
def test_any_front_matter_makes_a_post_or_one_clear_error(site_root, front):
    import yaml
    path = site_root / "pages" / "posts" / "2026-01-15-prop.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + yaml.safe_dump(front) + "---\nText.\n", encoding="utf-8")
    try:
        post = load_post(path, site_root, "/posts/:title/", 2048)
    except ContentError as error:
        assert error.message and error.hint and str(error).startswith(str(path))
        return
    assert post.url.startswith("/") and post.published.tzinfo is not None
