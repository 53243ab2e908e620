"""Photo-like JPEGs of the owner's sizes, made with Pillow alone (their files are not in the repository).

A photo compresses unlike a flat placeholder: smooth shapes and gradients, edges, and sensor noise. The
images here have all three, from a seed, so every run makes the same bytes:

- `logo_jpeg()`: 1080×1080 at quality 90, about 58 KB, as the owner's logo;
- `cover_jpeg()`: 6000×4000 at quality 90, about 1.6 MB, as the owner's home-page cover;
- `owner_site(dest)`: a copy of this site with both: the logo in place of the placeholder, the cover on the home page.

The texture is at several scales, as a real photo's (foliage, fabric, water), so that a resized copy keeps
detail and weighs what a real photo's would, rather than shrinking to a flat gradient.
"""
from __future__ import annotations

import io
import random
import shutil
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

REPO_ROOT = Path(__file__).resolve().parent.parent


def photo(width: int, height: int, *, seed: int = 7, shapes: int = 60, noise: float = 6.0, grain: float = 0.08,
          texture: float = 0.1, steps: tuple[int, ...] = (96, 32),
          blur: float = 0.0) -> Image.Image:
    """An RGB image that compresses like a photo: a sky-to-ground gradient, soft shapes, fine noise."""
    rng = random.Random(seed)
    small = (max(width // 8, 1), max(height // 8, 1))  # drawn small and scaled up: soft, photo-like edges
    top, bottom = (rng.randrange(40, 120), rng.randrange(90, 170), rng.randrange(150, 230)), \
        (rng.randrange(60, 140), rng.randrange(50, 110), rng.randrange(20, 70))
    gradient = Image.linear_gradient("L").resize(small)
    image = Image.composite(Image.new("RGB", small, bottom), Image.new("RGB", small, top), gradient)
    draw = ImageDraw.Draw(image, "RGBA")
    for _ in range(shapes):
        x, y = rng.randrange(small[0]), rng.randrange(small[1])
        r = rng.randrange(max(small[0] // 40, 2), max(small[0] // 6, 3))
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256), rng.randrange(60, 200))
        draw.ellipse((x - r, y - r, x + r, y + r // 2), fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(1.2)).resize((width, height), Image.Resampling.BICUBIC)
    for step in steps:  # texture at several scales, as foliage, fabric or water: it survives resizing
        octave = Image.effect_noise((max(width // step, 1), max(height // step, 1)), 40).convert("RGB")
        image = Image.blend(image, octave.resize((width, height), Image.Resampling.BICUBIC), texture)
    noisy = Image.effect_noise((width, height), noise).convert("RGB")
    image = Image.blend(image, noisy, grain)
    return image.filter(ImageFilter.GaussianBlur(blur)) if blur else image


def jpeg(image: Image.Image, quality: int = 90) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def logo_jpeg() -> bytes:
    """The owner's logo's size: 1080×1080, quality 90, about 58 KB."""
    return jpeg(photo(1080, 1080, seed=3, shapes=40, noise=6.0, grain=0.05, texture=0.1, steps=(32,), blur=0.8))


def cover_jpeg() -> bytes:
    """The owner's cover's size: 6000×4000, quality 90, about 1.6 MB."""
    return jpeg(photo(6000, 4000, seed=11, shapes=90, noise=6.0, grain=0.06, texture=0.47, blur=1.0))


if __name__ == "__main__":
    for label, data in (("logo", logo_jpeg()), ("cover", cover_jpeg())):
        print(f"{label}: {len(data):,} B")


SITE_PARTS = ("pages", "site", "static", "templates")
LOGO = "assets/images/fairy.jpg"  # the owner's logo: site.toml's `logo`, and the Experience page's
COVER = "assets/images/cover.jpg"


def owner_site(dest: Path) -> Path:
    """A copy of this repository's site at `dest` with images like the owner's: their logo (the 1.7 KB placeholder
    that site.toml and the Experience page name) at its real size, 1080×1080, and the 6000×4000 cover on the
    home page (front matter `cover:`)."""
    for part in SITE_PARTS:
        shutil.copytree(REPO_ROOT / part, dest / part, symlinks=True)
    (dest / "static" / LOGO).write_bytes(logo_jpeg())
    (dest / "static" / COVER).write_bytes(cover_jpeg())
    home = dest / "pages" / "index.md"
    text = home.read_text(encoding="utf-8")
    home.write_text(text.replace("\n---\n", f"\ncover: /{COVER}\n---\n", 1), encoding="utf-8")
    return dest
