"""Posts: pages/posts/*.md become dated posts with their own pages, an index, tag pages, an Atom feed, a social
card each, and a list of recent posts on a home page that asks for it (`show_posts: true`).

The files under pages/posts/ are this feature's (its `watch` patterns), so the store loads them as no page.
A site without posts gets nothing of this feature: no /posts/, no feed, no navigation entry.
"""
from __future__ import annotations

from pathlib import Path

from ..content.settings import SETTINGS_FILE
from ..content.store import Site
from ..contract import ContentRule, Contribution, MadeUrl, NavItem, Redirect, TemplateHooks
from ..errors import ContentError, key_line
from . import views
from .model import POSTS_DIR, UTC, Post, load_post
from .permalinks import DEFAULT, template_problem
from .shelf import PostShelf, newest_first

INDEX_TEMPLATE = Path("templates") / "posts" / "list.html"


class PostsFeature:
    name = "posts"
    watch = (f"{POSTS_DIR}/**/*.md",)
    blueprint = views.bp
    hooks = TemplateHooks(head="posts/head.html", main_end="posts/home.html")
    assets = ()

    def __init__(self) -> None:
        self._parsed: dict[Path, tuple[tuple[object, ...], Post]] = {}

    def contribute(self, site: Site, previous: Site | None) -> Contribution:
        template = self._template(site)
        loaded = [post for path in sorted((site.root / POSTS_DIR).glob("**/*.md"))
                  if (post := self._load(site, path, template)) is not None]
        now = site.now if site.now.tzinfo else site.now.replace(tzinfo=UTC)
        shown = [post for post in loaded if site.preview or not post.held(now)]
        held = [post.held(now) for post in loaded if post not in shown]
        shelf = PostShelf(newest_first(shown), now, {kind: held.count(kind) for kind in ("draft", "scheduled")})
        contribution = Contribution(part=shelf, notes=_notes(shelf.held_back))
        if shelf.posts:
            self._publish(site, shelf, contribution)
        return contribution

    def render_key(self, site: Site) -> str:
        """Every page's head links the feed, and a home page may list recent posts: both follow the posts."""
        shelf = site.part(PostShelf)
        return repr([(p.url, p.title, p.page.description, p.day, p.minutes, shelf.held(p)) for p in shelf.posts])

    def _publish(self, site: Site, shelf: PostShelf, contribution: Contribution) -> None:
        index = site.root / INDEX_TEMPLATE
        contribution.urls += [MadeUrl("posts.index", {}, index), MadeUrl("posts.feed", {}, index),
                              MadeUrl("posts.code_css", {}, index, listed=False, what="the posts' code stylesheet")]
        contribution.nav.append(NavItem("Posts", "/posts/", "posts"))
        for post in shelf.posts:
            values = {"key": post.key}
            contribution.rules += [ContentRule(post.url, "posts.post", values),
                                   ContentRule(views.card_path(post), "posts.card", values)]
            contribution.urls += [MadeUrl("posts.post", values, post.source, post.line("title"),
                                          listed=not shelf.held(post), document=post.page),
                                  MadeUrl("posts.card", values, post.source, post.line("title"))]
            contribution.redirects += [Redirect(old, post.url, post.source, post.line("redirect_from"))
                                       for old in post.page.redirect_from]
        contribution.urls += [MadeUrl("posts.tag", {"tag": slug}, tag.posts[0].source, tag.posts[0].line("tags"),
                                      listed=any(not shelf.held(p) for p in tag.posts))
                              for slug, tag in shelf.tags.items()]

    @staticmethod
    def _template(site: Site) -> str:
        template = site.settings.post_permalink
        problem = template_problem(template)
        if problem is None:
            return template
        path = site.root / SETTINGS_FILE
        line = key_line(path.read_text(encoding="utf-8"), "post_permalink")
        site.fail(ContentError(path, line, problem, "write post_permalink = \"/posts/:title/\" "
                               "(placeholders :year :month :day :title)"), "/posts/")
        return DEFAULT

    def _load(self, site: Site, path: Path, template: str) -> Post | None:
        """Parse a post, or reuse the previous parse while the file and the permalink template are unchanged."""
        try:
            stat = path.stat()
            # Rendered HTML depends on the settings (link rules), so a settings change parses posts again.
            key = (stat.st_mtime_ns, stat.st_size, site.settings)
            cached = self._parsed.get(path)
            if cached and cached[0] == key:
                return cached[1]
            post = load_post(path, site.root, template, site.settings.max_page_kb)
        except ContentError as error:
            site.fail(error, "/" + path.relative_to(site.root / "pages").with_suffix("").as_posix() + "/")
            return None
        except OSError as error:
            site.fail(ContentError(path, None, f"cannot read the file ({error.strerror})",
                                   "check that the file exists and is readable"))
            return None
        self._parsed[path] = (key, post)
        return post


def _notes(held_back: dict[str, int]) -> list[str]:
    drafts, scheduled = held_back.get("draft", 0), held_back.get("scheduled", 0)
    if not drafts and not scheduled:
        return []
    parts = [f"{drafts} draft{'s' if drafts != 1 else ''}"] if drafts else []
    if scheduled:
        parts.append(f"{scheduled} post{'s' if scheduled != 1 else ''} dated later")
    return [f"Held back {' and '.join(parts)} (not published; `flask run` shows them)."]
