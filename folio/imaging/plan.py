"""Which variants the site needs: each image, as each place shows it, at its displayed widths 1× and 2×.

`Images` is the imaging feature's part of a snapshot (`site.part(Images)`): the variants every page and
feature declared (each a URL the build freezes), and the content images of each page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..contract import MadeUrl
from ..errors import ContentError
from .encoder import SETTINGS_TAG, file_name, prune
from .sources import BadImage, Source, Sources

ENDPOINT = "imaging.variant"
VARIANT_PATH = "/_img/"
COLUMN_STYLESHEET = "css/site.css"  # under static/: where `--measure` says how wide the content column is
REM = 16  # CSS px
DEFAULT_COLUMN = 736  # CSS px, when static/css/site.css does not say (--measure: 46rem)
GUTTER = 2 * REM  # main's padding, 1rem on each side (static/css/site.css)
_MEASURE = re.compile(r"--measure\s*:\s*([0-9.]+)(rem|px)")


@dataclass(frozen=True)
class VariantSet:
    """One image as one place shows it: its variants' widths (in pixels) and the `sizes` the browser reads."""
    source: Source
    widths: tuple[int, ...]
    sizes: str

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(file_name(self.source, width) for width in self.widths)


@dataclass(frozen=True)
class Variant:
    source: Source
    width: int
    where: Path  # the file that shows the image (an error in encoding it points there)
    line: int | None


@dataclass(frozen=True)
class ContentImage:
    """An <img> of a page's markdown or raw HTML, found in its HTML."""
    name: str  # the file under static/
    width: str | None  # the width and height attributes as written, if any
    height: str | None
    line: int | None  # where the page's file shows it


@dataclass
class Images:
    sources: Sources
    column: int  # the content column's width, CSS px
    variants: dict[str, Variant] = field(default_factory=dict)  # file name -> what makes it
    pages: dict[str, dict[tuple[str, str | None, str | None], VariantSet]] = field(default_factory=dict)
    shown: set[str] = field(default_factory=set)  # every image declared or named by a page, even a missing one

    def declare(self, name: str, widths: Iterable[int], sizes: str, where: Path,
                line: int | None) -> tuple[VariantSet | None, list[MadeUrl]]:
        """Variants of static/<name> at `widths` (capped at its own width: never upscaled); the new URLs.

        None for an image published as it is (animated); raises BadImage for one that cannot be used.
        """
        self.shown.add(name)
        source = self.sources.get(name)
        if source is None:
            return None, []
        chosen = tuple(sorted({min(max(int(width), 1), source.width) for width in widths}))
        made = []
        for width in chosen:
            name_of = file_name(source, width)
            if name_of not in self.variants:
                self.variants[name_of] = Variant(source, width, where, line)
                made.append(MadeUrl(ENDPOINT, {"name": name_of}, where, line, listed=False,
                                    what=f"a variant of static/{source.name}"))
        return VariantSet(source, chosen, sizes), made

    def content_set(self, image: ContentImage, page_source: Path) -> tuple[VariantSet | None, list[MadeUrl]]:
        """A content image's variants: the column's width, or the width its attributes give, 1× and 2×."""
        source = self.sources.get(image.name)
        if source is None:
            return None, []
        shown = _number(image.width) or (round(_number(image.height) * source.width / source.height)
                                         if _number(image.height) else None)
        if shown and shown < self.column:
            return self.declare(image.name, (shown, 2 * shown), f"{shown}px", page_source, image.line)
        return self.declare(image.name, (self.column, 2 * self.column), self.column_sizes(), page_source,
                            image.line)

    def column_sizes(self) -> str:
        return f"(max-width: {self.column + GUTTER}px) calc(100vw - {GUTTER}px), {self.column}px"

    def prune_cache(self, root: Path) -> int:
        """After a build: the cache keeps only this snapshot's variants (see encoder.prune)."""
        return prune(root, set(self.variants))

    def key(self) -> str:
        """What pages' HTML depends on: every variant's name (source hashes, widths, encoder settings)."""
        return repr((SETTINGS_TAG, self.column, sorted(self.variants)))


def _number(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() and int(value) > 0 else None


def column_width(static: Path) -> int:
    """The content column's width in CSS px, from `--measure` in static/css/site.css."""
    try:
        css = (static / COLUMN_STYLESHEET).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return DEFAULT_COLUMN
    found = _MEASURE.search(css)
    if found is None:
        return DEFAULT_COLUMN
    value = float(found.group(1))
    return round(value * REM if found.group(2) == "rem" else value)


def image_error(error: BadImage, where: Path, line: int | None) -> ContentError:
    return ContentError(where, line, error.message, error.hint)
