"""What a page's front matter says about its cover: `cover:` (an image under static/) and `cover_alt:`.

Read once per snapshot from each page's front matter into a `CoverSpec`; a mistake in the keys themselves
(not text, a full URL, a path outside static/) is an error at the key's line; so is a file that is missing or
is no image (folio/covers/sources.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..content.fields import Field, Fields
from ..content.markdown import is_external
from ..content.pages import Page
from ..errors import ContentError

KEYS = {
    "cover": Field(str, "write cover: /assets/images/photo.jpg (an image under static/)"),
    "cover_alt": Field(str, 'write cover_alt: "What the photo shows" (or leave it out for a decorative photo)'),
}


@dataclass(frozen=True)
class CoverSpec:
    """A page's cover as written: the static file it names, its alt text, and where `cover:` is."""
    name: str  # the file under static/: 'assets/images/photo.jpg'
    alt: str  # '' when the photo is decorative
    source: Path  # the page's file
    line: int | None  # the line of `cover:` in it

    def error(self, message: str, hint: str) -> ContentError:
        return ContentError(self.source, self.line, message, hint)


@dataclass(frozen=True)
class Covers:
    """The covers of one snapshot, by page URL (pages without one are not in it)."""
    by_url: dict[str, CoverSpec] = field(default_factory=dict)

    def of(self, url: str) -> CoverSpec | None:
        return self.by_url.get(url)


def read_spec(page: Page) -> CoverSpec | None:
    """The page's cover, or None; a ContentError at the key's line when `cover:` is not a static image path."""
    given = Fields(page.meta, page.source, page.key_lines.get)
    values = given.check(KEYS)
    written = (values.get("cover") or "").strip()
    if not written:
        return None
    name = written.lstrip("/")
    if is_external(written) or ":" in name:
        raise given.error("cover", f"the cover {written!r} is on another site",
                          "copy the photo under static/ and write its path, e.g. cover: /assets/images/photo.jpg "
                          "(the site loads nothing from other sites)")
    if any(part in ("", ".", "..") for part in name.split("/")):
        raise given.error("cover", f"the cover {written!r} is not a path under static/",
                          "write the photo's path from the site's root, e.g. cover: /assets/images/photo.jpg")
    return CoverSpec(name, (values.get("cover_alt") or "").strip(), page.source, page.key_lines.get("cover"))
