"""Section cards from site/data/sections.yml (or .yaml, .json, .toml): each card checked into a dataclass.

```yaml
- title: Experience                  # required: the card's heading, a link
  link: /experience/                # required: a site path (or a full URL)
  excerpt: Roles, research and talks.
  icons:                            # optional: images under static/, or emoji
    - assets/images/experience.png
    - "🧠"
```
A TOML file holds the same as `[[sections]]` tables. Each mistake is an error at its file and line.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.fields import Field, Fields
from ..content.markdown import is_external
from ..data import DataFile
from ..errors import ContentError
from ..web.images import ImageSizes

ICON_HEIGHT = 32  # CSS px: cards show icons 2rem high
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico")
CARD_FIELDS = {
    "title": Field(str, 'write title: "About"'),
    "link": Field(str, "write link: /about/"),
    "excerpt": Field(str, 'write excerpt: "One or two sentences."'),
}
KNOWN = (*CARD_FIELDS, "icons")


@dataclass(frozen=True)
class Icon:
    """An image under static/ (`src`, shown `width` × `height` CSS px) or an emoji (`emoji`)."""
    src: str = ""  # a site path: /assets/images/x.png
    width: int = 0
    height: int = 0
    emoji: str = ""


@dataclass(frozen=True)
class Card:
    title: str
    link: str  # a site path (/about/) or a full URL
    excerpt: str
    icons: tuple[Icon, ...]
    line: int | None  # where the card starts in its file

    @property
    def external(self) -> bool:
        return is_external(self.link)


@dataclass(frozen=True)
class SectionCards:
    """The home page's cards; `source` is the file they come from (None: there is none, no cards)."""
    cards: tuple[Card, ...] = ()
    source: Path | None = None


def read_cards(file: DataFile, sizes: ImageSizes) -> tuple[Card, ...]:
    """The cards of a data file that was read; raises the first mistake as a ContentError."""
    items = file.value
    keys: tuple[Any, ...] = ()
    if isinstance(items, dict) and set(items) == {"sections"}:  # TOML: [[sections]] tables
        items, keys = items["sections"], ("sections",)
    if not isinstance(items, list):
        raise ContentError(file.path, file.line_of(*keys), "the section cards must be a list of cards",
                           'start each card with "- title: …" (YAML), or write [[sections]] tables (TOML)')
    return tuple(_card(file, item, (*keys, index), sizes) for index, item in enumerate(items))


def _card(file: DataFile, item: Any, at: tuple[Any, ...], sizes: ImageSizes) -> Card:
    line = file.line_of(*at)
    if not isinstance(item, dict):
        raise ContentError(file.path, line, "each section card must be keys and values (title, link, …)",
                           "write the card as title:, link:, excerpt: and icons: under one '-'")
    given = Fields(item, file.path, lambda key: file.line_of(*at, key), label="the card's '{}'")
    unknown = next((key for key in item if key not in KNOWN), None)
    if unknown is not None:
        raise given.error(str(unknown), f"unknown card field '{unknown}'",
                          "a card has title, link, excerpt and icons; remove or rename it")
    values = given.check(CARD_FIELDS)
    for key in ("title", "link"):
        if not (values.get(key) or "").strip():
            raise ContentError(file.path, file.line_of(*at, key) if key in item else line,
                               f"a section card has no {key}", CARD_FIELDS[key].hint)
    link = values["link"].strip()
    if not (link.startswith("/") or is_external(link)):
        raise given.error("link", f"the card's link {link!r} is neither a site path nor a full URL",
                          "write a path from the site's root, e.g. /about/, or https://…")
    icons = _icons(file, item.get("icons"), (*at, "icons"), sizes)
    return Card(values["title"].strip(), link, (values.get("excerpt") or "").strip(), icons, line)


def _icons(file: DataFile, value: Any, at: tuple[Any, ...], sizes: ImageSizes) -> tuple[Icon, ...]:
    if value is None:
        return ()
    entries = [value] if isinstance(value, str) else value
    if not isinstance(entries, list) or not all(isinstance(entry, str) for entry in entries):
        raise ContentError(file.path, file.line_of(*at), "the card's 'icons' must be a list of image paths or emoji",
                           'write icons: [assets/images/x.png, "🧠"]')
    return tuple(_icon(file, entry.strip(), file.line_of(*at, index), sizes) for index, entry in enumerate(entries))


def _icon(file: DataFile, entry: str, line: int | None, sizes: ImageSizes) -> Icon:
    if entry.lower().endswith(IMAGE_SUFFIXES):
        return _image(file, entry, line, sizes)
    if is_emoji(entry):
        return Icon(emoji=entry)
    raise ContentError(file.path, line, f"the icon {entry!r} is neither an image under static/ nor an emoji",
                       "write the path of an image under static/ (assets/images/x.png), or one emoji")


def _image(file: DataFile, entry: str, line: int | None, sizes: ImageSizes) -> Icon:
    name = entry.lstrip("/")
    if is_external(entry) or ":" in name or any(part in ("", ".", "..") for part in name.split("/")):
        raise ContentError(file.path, line, f"the icon {entry!r} is not a file under static/",
                           "copy the image into static/ and write its path, e.g. assets/images/x.png "
                           "(the site loads nothing from other sites)")
    if not (sizes.static / name).is_file():
        raise ContentError(file.path, line, f"the icon static/{name} does not exist",
                           "add the image under static/, or fix the path")
    size = sizes.size(name)
    width = round(ICON_HEIGHT * size[0] / size[1]) if size and size[1] else ICON_HEIGHT  # an SVG: square
    return Icon(src="/" + name, width=max(width, 1), height=ICON_HEIGHT)


def is_emoji(text: str) -> bool:
    """One emoji (a sequence: skin tones, joiners, flags, keycaps), not a word that merely holds a symbol."""
    if not text or len(text) > 16 or any(c.isspace() or (c.isascii() and c.isalpha()) for c in text):
        return False
    return any(unicodedata.category(c) == "So" for c in text) or "\u20e3" in text
