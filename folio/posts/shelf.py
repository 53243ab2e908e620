"""The posts of one snapshot, newest first, and what pages ask of them: neighbours, tags, what is held back."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from .model import Post, tag_slug


@dataclass(frozen=True)
class Tag:
    name: str
    slug: str
    posts: tuple[Post, ...]  # newest first


@dataclass(frozen=True)
class PostShelf:
    """`posts`: what this snapshot shows, newest first. A build's holds published posts only; the dev server's
    holds drafts and scheduled posts too (`held` says which), so that the owner sees them before anyone else."""
    posts: tuple[Post, ...]
    now: dt.datetime
    held_back: dict[str, int] = field(default_factory=dict)  # a build's count of what it left out, by kind

    def held(self, post: Post) -> str:
        return post.held(self.now)

    @cached_property
    def public(self) -> tuple[Post, ...]:
        """The posts anyone may see: in the feed, the sitemap and on the home page."""
        return tuple(post for post in self.posts if not self.held(post))

    @cached_property
    def by_key(self) -> dict[str, Post]:
        return {post.key: post for post in self.posts}

    def neighbours(self, post: Post) -> tuple[Post | None, Post | None]:
        """(newer, older) than `post` among the posts shown."""
        index = self.posts.index(post)
        newer = self.posts[index - 1] if index > 0 else None
        older = self.posts[index + 1] if index + 1 < len(self.posts) else None
        return newer, older

    @cached_property
    def tags(self) -> dict[str, Tag]:
        """Tag slug -> the tag (as first written) and its posts, by slug."""
        found: dict[str, list[Post]] = {}
        names: dict[str, str] = {}
        for post in self.posts:
            for name in post.tags:
                slug = tag_slug(name)
                names.setdefault(slug, name)
                if post not in found.setdefault(slug, []):
                    found[slug].append(post)
        return {slug: Tag(names[slug], slug, tuple(found[slug])) for slug in sorted(found)}


def newest_first(posts: list[Post]) -> tuple[Post, ...]:
    return tuple(sorted(posts, key=lambda p: (p.published, p.key), reverse=True))
