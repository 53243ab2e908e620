"""What the posts feature serves: /posts/, a page and a card per post, /tags/TAG/, the Atom feed, and the
code stylesheet (Pygments' light and dark themes, following the reader's colour scheme)."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from flask import Blueprint, Response, abort, render_template, request, url_for
from markupsafe import Markup, escape
from pygments.formatters import HtmlFormatter

from ..engine import engine
from ..web import card
from ..web.jsonld import json_for_script
from ..web.layout import fill_includes
from ..web.pages import serve
from ..web.urls import public_url
from . import outline
from .model import Post, tag_slug
from .shelf import PostShelf

bp = Blueprint("posts", __name__)
LIGHT_CODE_STYLE, DARK_CODE_STYLE = "default", "github-dark"
HOME_POSTS = 5


def shelf() -> PostShelf:
    return engine().site().part(PostShelf)


def card_path(post: Post) -> str:
    """Beside the post: /posts/muon/ -> /posts/muon/card.png (/old.html -> /old.png)."""
    return post.url + "card.png" if post.url.endswith("/") else post.url.rsplit(".", 1)[0] + ".png"


def day(post: Post) -> str:
    return f"{post.day.day} {post.day:%B %Y}"


def excerpt(post: Post) -> str:
    """The post in a sentence, as plain text: its description, else its first paragraph."""
    return post.page.description or _first_paragraph(post.page.body).text


def excerpt_html(post: Post) -> Markup:
    """The same for lists: a formula of the first paragraph shows as MathML."""
    return escape(post.page.description) if post.page.description else _first_paragraph(post.page.body).html


@lru_cache(maxsize=4096)
def _first_paragraph(body: str) -> outline.Excerpt:
    return outline.first_paragraph(body)


@lru_cache(maxsize=1024)
def _headings(body: str) -> tuple[outline.Heading, ...]:
    return outline.headings(body)


def image_of(post: Post) -> str:
    return post.image or card_path(post)


def atom(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def json_ld(post: Post) -> Markup:
    settings = engine().site().settings
    image = post.image if post.image.startswith(("http://", "https://")) else public_url(image_of(post))
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "BlogPosting", "headline": post.title,
        "description": excerpt(post), "datePublished": post.published.isoformat(),
        "dateModified": post.modified.isoformat(), "url": public_url(post.url),
        "mainEntityOfPage": {"@type": "WebPage", "@id": public_url(post.url)}, "image": image,
        "author": {"@type": "Person", "name": settings.author or settings.title, "url": public_url("/")},
        "wordCount": post.words,
    }
    if post.tags:
        data["keywords"] = list(post.tags)
    return json_for_script(data)


def body_html(post: Post) -> Markup:
    html = post.page.html(request.script_root, engine().site().settings.link_rules)
    return Markup(fill_includes(post.page, html))


@bp.route("/posts/")
def index() -> Any:
    posts = shelf()
    if not posts.posts:  # a site without posts has no /posts/ (a page of the owner's may live there)
        return serve(request.path)
    return render_template("posts/list.html", posts=posts.posts, held=posts.held, heading="Posts",
                           more=("Follow the posts with the Atom feed", url_for("posts.feed")), title="Posts",
                           description="Posts, newest first.", url="/posts/", nav_current="posts")


@bp.route("/tags/<tag>/")
def tag(tag: str) -> Any:
    posts = shelf()
    found = posts.tags.get(tag)
    if found is None:
        return serve(request.path)
    heading = f"Posts tagged “{found.name}”"
    return render_template("posts/list.html", posts=found.posts, held=posts.held, heading=heading,
                           more=("All posts", url_for("posts.index")), title=heading,
                           description=f"Posts about {found.name}.", url=request.path, nav_current="posts")


def post_page(key: str) -> Any:
    posts = shelf()
    post = posts.by_key.get(key)
    if post is None:
        abort(404)
    newer, older = posts.neighbours(post)
    return render_template("posts/post.html", post=post, page=post.page, content=body_html(post),
                           held=posts.held(post), newer=newer, older=older,
                           toc=_headings(post.page.body) if post.toc else (), json_ld=json_ld(post),
                           title=post.title, description=excerpt(post), url=post.url, image=image_of(post),
                           og_type="article", nav_current="posts")


def card_image(key: str) -> Any:
    post = shelf().by_key.get(key)
    if post is None:
        abort(404)
    png = card.cached_card(engine().root, post.title, ", ".join(post.tags) or "Post",
                           f"{day(post)} · {post.minutes} min read", engine().site().settings.title)
    return Response(png, mimetype="image/png")


@bp.route("/posts/feed.xml")
def feed() -> Any:
    if not shelf().posts:
        return serve(request.path)
    posts = shelf().public
    updated = max((p.modified for p in posts), default=dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    xml = render_template("posts/feed.xml", posts=posts, updated=updated, atom=atom, excerpt=excerpt,
                          content=lambda post: str(body_html(post)))  # escaped into the XML
    return Response(xml, mimetype="application/atom+xml")


@bp.route("/css/code.css")
def code_css() -> Any:
    if not shelf().posts:
        return serve(request.path)
    return Response(code_stylesheet(), mimetype="text/css")


@lru_cache(maxsize=1)
def code_stylesheet() -> str:
    """Pygments' classes in a light theme, and a dark one for readers who prefer it (no inline styles)."""
    light = HtmlFormatter(style=LIGHT_CODE_STYLE).get_style_defs(".highlight")
    dark = HtmlFormatter(style=DARK_CODE_STYLE).get_style_defs(".highlight")
    # The block's background is the theme's own (its colours are chosen against it), not the site's --code.
    return f"{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n.highlight pre {{ background: transparent; }}\n" \
           ".highlight {{ border-radius: 8px; }}\n"


# Each post's URL comes from its file and post_permalink: its rules are installed with the content.
bp.record_once(lambda state: state.app.view_functions.update({"posts.post": post_page, "posts.card": card_image}))


@bp.app_context_processor
def template_context() -> dict[str, Any]:
    return {"recent_posts": recent_posts, "post_day": day, "post_excerpt": excerpt_html, "posts_feed": has_posts,
            "tag_slug": tag_slug}


def has_posts() -> bool:
    return bool(shelf().posts)


def recent_posts(page: Any, url: str | None) -> tuple[Post, ...]:
    """The newest published posts for a home page whose front matter says show_posts: true; else none."""
    if url != "/" or page is None or page.meta.get("show_posts") is not True:
        return ()
    return shelf().public[:HOME_POSTS]
