"""What the importer tells its report about: places in the Jekyll site, and what happened to them."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceRef:
    """A place in the Jekyll site: its path relative to SRC, and a line when one is known."""
    path: str
    line: int | None = None

    def at(self, line: int | None) -> SourceRef:
        return SourceRef(self.path, line)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Untranslated:
    """A construct the importer left out of a page; the owner redoes it by hand."""
    where: SourceRef
    text: str
    why: str


@dataclass(frozen=True)
class Dropped:
    """Something left out on purpose: trackers, third-party embeds, theme markup, plugins."""
    where: SourceRef
    text: str
    why: str


@dataclass(frozen=True)
class Carried:
    """Theme markup whose meaning the engine shows another way (the home page's loops, its cover)."""
    where: SourceRef
    text: str
    became: str


@dataclass(frozen=True)
class Redirect:
    """An address Jekyll published that the engine answers with a redirect page (`redirect_from`)."""
    old_url: str
    new_url: str
    source: str


@dataclass(frozen=True)
class Link:
    name: str
    url: str
