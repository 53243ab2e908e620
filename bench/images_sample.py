"""Generated images for the image benchmarks: photo-like (gradients, shapes, blur, grain) and a logo."""
from __future__ import annotations

import random

from PIL import Image, ImageDraw, ImageFilter


def sample_photo(width: int, height: int, seed: int = 0) -> Image.Image:
    """A photo-like RGB image: a sky-to-ground gradient, soft blobs, sharp edges and sensor grain."""
    rng = random.Random(seed)
    small = (max(width // 8, 1), max(height // 8, 1))
    top = tuple(rng.randrange(60, 200) for _ in range(3))
    bottom = tuple(rng.randrange(20, 120) for _ in range(3))
    gradient = Image.linear_gradient("L").resize(small)
    image = Image.composite(Image.new("RGB", small, bottom), Image.new("RGB", small, top), gradient)
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(small[0]), rng.randrange(small[1])
        r = rng.randrange(4, max(small[0] // 6, 5))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    image = image.filter(ImageFilter.GaussianBlur(3)).resize((width, height), Image.BICUBIC)
    draw = ImageDraw.Draw(image)
    for _ in range(30):  # sharp detail: branches, edges
        points = [(rng.randrange(width), rng.randrange(height)) for _ in range(4)]
        draw.line(points, fill=tuple(rng.randrange(256) for _ in range(3)), width=rng.randrange(2, 12))
    texture = Image.effect_mandelbrot((width, height), (-2.0, -1.2, 1.0, 1.2), 60).convert("RGB")
    image = Image.blend(image, texture, 0.12)
    grain = Image.effect_noise((width, height), 18).convert("RGB")
    return Image.blend(image, grain, 0.10)


def sample_logo(size: int) -> Image.Image:
    """A logo-like RGB image: flat colours, a ring, a diagonal band, a little JPEG-like grain."""
    image = Image.new("RGB", (size, size), (250, 246, 238))
    draw = ImageDraw.Draw(image)
    draw.ellipse((size * 0.08, size * 0.08, size * 0.92, size * 0.92), fill=(16, 92, 173))
    draw.ellipse((size * 0.22, size * 0.22, size * 0.78, size * 0.78), fill=(255, 196, 54))
    draw.polygon([(size * 0.3, size * 0.7), (size * 0.5, size * 0.25), (size * 0.7, size * 0.7)], fill=(200, 40, 60))
    grain = Image.effect_noise((size, size), 6).convert("RGB")
    return Image.blend(image, grain, 0.03)
