"""The home page: a theme's home is mostly theme markup; the importer carries what it means.

Kept: the title, the description and the cover (front matter), the section cards when the home loops over
a data file, the post list when it loops over posts. Dropped and listed: the rest of the theme markup.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .documents import Placement
from .frontmatter import Unreadable, load_yaml, read_text
from .liquid import Loop, LoopKind, Mode, PageValues, Resolver, SiteValues, Translation, translate
from .liquid_syntax import TokenKind, tokenize
from .model import Carried, Dropped, SourceRef, Untranslated

HOME_NAMES = ("index.html", "index.htm", "index.md", "index.markdown")
SECTIONS_FILE = PurePosixPath("site/data/sections.yml")
_COVER_KEYS = ("cover", "image", "header_image", "feature_image", "background")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_CARD_KEYS = {"title": ("title", "name"), "excerpt": ("excerpt", "description", "summary", "text"),
              "icons": ("icons", "icon", "image", "images"), "link": ("link", "url", "href", "permalink")}


@dataclass
class HomePage:
    front_matter: dict[str, Any]
    body: str
    includes: list[str]
    carried: list[Carried] = field(default_factory=list)
    untranslated: list[Untranslated] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    sections_from: str = ""  # a data file other than sections.yml that the cards come from


def is_home(path: PurePosixPath) -> bool:
    return str(path) in HOME_NAMES


def plan_home(placement: Placement, site: SiteValues, resolver: Resolver, config_cover: str) -> HomePage:
    document = placement.document
    data = document.text.data
    where = SourceRef(document.file.name, document.text.body_line)
    page = PageValues(document.title, "/", data)
    mode = Mode.HTML if document.is_html else Mode.MARKDOWN
    translation = translate(document.text.body, where, site, page, resolver, mode, recognise_loops=True)
    home = HomePage(_front_matter(data, site), "", [])
    _carry_cover(home, data, config_cover, document.file.name)
    _carry_loops(home, translation.loops)
    if data.get("layout") == "home":  # minima's home layout lists the posts
        home.front_matter["show_posts"] = True
        home.carried.append(Carried(SourceRef(document.file.name), "layout: home", "the home page's post list"))
    if mode is Mode.HTML:
        _drop_markup(home, document.text.body, where, translation)
        home.body = f"# {site.title}\n\n{site.description}\n" if site.title else ""
    else:
        home.body, home.includes = translation.text, translation.includes
        home.untranslated += translation.untranslated
        home.dropped += translation.dropped
    return home


def _front_matter(data: Any, site: SiteValues) -> dict[str, Any]:
    matter: dict[str, Any] = {"title": str(data.get("title") or site.title or "Home"),
                              "description": str(data.get("description") or site.description)}
    for key in ("navigation", "current", "logo"):
        if key in data:
            matter[key] = data[key]
    matter["show_layout_title"] = False
    return matter


def _carry_cover(home: HomePage, data: Any, config_cover: str, source: str) -> None:
    key = next((k for k in _COVER_KEYS if isinstance(data.get(k), str) and data[k].strip()), None)
    cover, origin = (data[key].strip(), f"{key}: {data[key]}") if key else (config_cover, f"cover: {config_cover}")
    if not cover:
        return
    where = SourceRef(source if key else "_config.yml")
    if re.match(r"^(?:[a-z]+:)?//", cover, re.I):
        home.dropped.append(Dropped(where, origin, "a cover image on another site: this engine makes no "
                                                   "third-party requests; put the image under static/"))
        return
    home.front_matter["cover"] = "/" + cover.lstrip("/")
    home.carried.append(Carried(where, origin, f"the home page's cover ({home.front_matter['cover']})"))


def _carry_loops(home: HomePage, loops: list[Loop]) -> None:
    cards = False
    for loop in loops:
        if loop.kind is LoopKind.POSTS:
            home.front_matter["show_posts"] = True
            home.carried.append(Carried(loop.where, loop.text, "the home page's post list (show_posts: true)"))
        elif loop.kind is LoopKind.DATA and not cards:
            cards = True
            home.sections_from = "" if loop.data_name == "sections" else loop.data_name
            home.carried.append(Carried(loop.where, loop.text, f"the home page's section cards ({SECTIONS_FILE}"
                                        + (f", made from the data file '{loop.data_name}')" if home.sections_from
                                           else ")")))
        else:
            why = ("the theme's navigation: the engine builds its own from pages with navigation: true"
                   if loop.kind is LoopKind.NAVIGATION else "a second loop over site data: theme markup")
            home.dropped.append(Dropped(loop.where, loop.text, why))


def _drop_markup(home: HomePage, body: str, where: SourceRef, translation: Translation) -> None:
    """An HTML home's markup goes; each top-level element is listed. Liquid outside them is reported as usual."""
    elements = top_level_elements(body)
    first = where.line or 1
    spans = [(first + body.count("\n", 0, start), first + body.count("\n", 0, end)) for start, end in elements]

    def inside(item_where: SourceRef) -> bool:
        return any(a <= (item_where.line or 0) <= b for a, b in spans)
    for (start, end), (line_a, line_b) in zip(elements, spans):
        text = body[start:end]
        home.dropped.append(Dropped(where.at(line_a), text, f"theme markup (lines {line_a}–{line_b}): the engine's "
                                                           "home page shows the title, description, cover, "
                                                           "section cards and posts itself"))
    home.dropped += translation.dropped
    home.untranslated += [u for u in translation.untranslated if not inside(u.where)]


def top_level_elements(text: str) -> list[tuple[int, int]]:
    """The spans of the outermost HTML elements, with Liquid masked out (newlines kept)."""
    masked = list(text)
    for token in tokenize(text, embeds=False):
        if token.kind is not TokenKind.TEXT:
            for index in range(token.start, token.end):
                if masked[index] != "\n":
                    masked[index] = " "
    finder = _Outermost("".join(masked))
    return finder.spans


class _Outermost(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.offsets = [0]
        for line in text.splitlines(keepends=True):
            self.offsets.append(self.offsets[-1] + len(line))
        self.stack: list[str] = []
        self.start = 0
        self.spans: list[tuple[int, int]] = []
        self.feed(text)
        self.close()

    def position(self) -> int:
        line, column = self.getpos()
        return self.offsets[line - 1] + column

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if not self.stack:
            self.start = self.position()
        if tag in _VOID:
            if not self.stack:
                self.spans.append((self.start, self.position() + len(self.get_starttag_text() or "")))
            return
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return
        while self.stack and self.stack.pop() != tag:
            pass
        if not self.stack:
            end = self.position() + len(f"</{tag}>")
            self.spans.append((self.start, end))


def sections_from_data(src: Path, data_dir: str, name: str) -> bytes | None:
    """Section cards (title, excerpt, icons, link) made from another data file's entries."""
    for suffix in (".yml", ".yaml", ".json"):
        path = src / data_dir / (name.replace(".", "/") + suffix)
        if path.is_file():
            try:
                entries = load_yaml(read_text(path, SourceRef(path.name)), SourceRef(path.name))
            except Unreadable:
                return None
            if isinstance(entries, list):
                cards = [_card(entry) for entry in entries if isinstance(entry, dict)]
                return yaml.safe_dump(cards, sort_keys=False, allow_unicode=True).encode("utf-8")
    return None


def _card(entry: dict[str, Any]) -> dict[str, Any]:
    card: dict[str, Any] = {}
    for key, names in _CARD_KEYS.items():
        value = next((entry[n] for n in names if entry.get(n)), None)
        if value is not None:
            card[key] = ([value] if isinstance(value, str) else value) if key == "icons" else value
    return card
