"""A social card (talks, posts): a 1200×630 PNG (the size Open Graph and X expect), drawn by Pillow.

Text is drawn as pixels, never parsed, so any title is safe; the DejaVu fonts ship in folio/fonts
with their licence. The same text always gives the same bytes (PNG has no timestamp here).
"""
from __future__ import annotations

import hashlib
import io
import os
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ..build.cache import CACHE_DIR

SIZE = (1200, 630)
MARGIN = 72
FONTS = Path(__file__).resolve().parent.parent / "fonts"
CARDS_DIR = Path(CACHE_DIR) / "cards"  # under the site root
BACKGROUND, INK, MUTED, ACCENT = "#14181d", "#f4f1ec", "#b8c0ca", "#7cb7ff"


def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in " ".join(text.split()).split(" "):
        if lines and font.getlength(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _fit(text: str, bold: bool, sizes: tuple[int, ...], width: int, height: int):
    """The largest size at which `text` fits the box; at the smallest, lines that do not fit are cut with '…'."""
    for size in sizes:
        font = _font(bold, size)
        lines = _wrap(text, font, width)
        if len(lines) * int(size * 1.2) <= height and all(font.getlength(line) <= width for line in lines):
            return font, lines
    lines = _wrap(text, font, width)[: max(1, height // int(font.size * 1.2))]
    while len(lines[-1]) > 1 and font.getlength(lines[-1] + "…") > width:
        lines[-1] = lines[-1][:-1]
    if lines != _wrap(text, font, width):
        lines[-1] += "…"
    return font, lines


def _draw(draw: ImageDraw.ImageDraw, top: int, font: ImageFont.FreeTypeFont, lines: list[str], fill: str) -> None:
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * int(font.size * 1.2)), line, font=font, fill=fill)


@lru_cache(maxsize=32)
def render_card(title: str, event: str, when: str, site_title: str) -> bytes:
    """The site's name, the title, then two lines: a talk's event and date, a post's date and reading time."""
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    width = SIZE[0] - 2 * MARGIN
    draw.rectangle((0, 0, 16, SIZE[1]), fill=ACCENT)
    _draw(draw, MARGIN - 10, *_fit(site_title.upper(), False, (30, 24), width, 40), ACCENT)
    _draw(draw, MARGIN + 56, *_fit(title, True, (72, 64, 56, 48, 42), width, 320), INK)
    _draw(draw, SIZE[1] - MARGIN - 112, *_fit(event, False, (40, 34, 28), width, 50), INK)
    _draw(draw, SIZE[1] - MARGIN - 52, *_fit(when, False, (36, 30, 26, 22), width, 48), MUTED)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


@lru_cache(maxsize=1)
def _code_key() -> str:
    """Changes with this module or a font: a card drawn by other code is drawn again."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    for font in sorted(FONTS.glob("*.ttf")):
        h.update(font.read_bytes())
    return h.hexdigest()


def cached_card(root: Path, title: str, event: str, when: str, site_title: str) -> bytes:
    """render_card's PNG, kept in .folio-cache/cards/ by its text: a build draws only cards whose text changed
    (drawing one takes ~0.1 s; a site with 200 posts has 200). A cache that cannot be read or written only
    means drawing again."""
    key = hashlib.sha256(repr((_code_key(), title, event, when, site_title)).encode("utf-8")).hexdigest()
    path = root / CARDS_DIR / f"{key}.png"
    try:
        return path.read_bytes()
    except OSError:
        pass
    png = render_card(title, event, when, site_title)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{key}.{os.getpid()}.tmp")
        partial.write_bytes(png)
        partial.replace(path)
    except OSError:
        pass
    return png
