"""Which variant format is smaller at equal quality: WebP or AVIF (Pillow's encoders), on a photo and a logo.

Each format's quality is searched for the smallest file whose SSIM against the resized original reaches the
target; the figures printed are bytes at that quality. Run: .venv/bin/python bench/image_formats.py
"""
from __future__ import annotations

import io
import random
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.images_sample import sample_logo, sample_photo  # noqa: E402

TARGETS = (0.95, 0.98)


def ssim(a: Image.Image, b: Image.Image, block: int = 8) -> float:
    """Mean SSIM over 8×8 blocks of the luma (pure Python: the images here are small)."""
    x, y = a.convert("L"), b.convert("L")
    w, h = x.size
    px, py = x.load(), y.load()
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    total, count = 0.0, 0
    for top in range(0, h - block + 1, block):
        for left in range(0, w - block + 1, block):
            xs = [px[i, j] for j in range(top, top + block) for i in range(left, left + block)]
            ys = [py[i, j] for j in range(top, top + block) for i in range(left, left + block)]
            n = len(xs)
            mx, my = sum(xs) / n, sum(ys) / n
            vx = sum((v - mx) ** 2 for v in xs) / n
            vy = sum((v - my) ** 2 for v in ys) / n
            cov = sum((p - mx) * (q - my) for p, q in zip(xs, ys)) / n
            total += ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
            count += 1
    return total / count


def encode(image: Image.Image, fmt: str, quality: int) -> bytes:
    out = io.BytesIO()
    options = {"quality": quality, "method": 6} if fmt == "WEBP" else {"quality": quality, "speed": 6}
    image.save(out, fmt, **options)
    return out.getvalue()


def smallest(reference: Image.Image, fmt: str, target: float) -> tuple[int, int, float, float]:
    """(quality, bytes, ssim, seconds per encode) of the lowest quality that reaches `target`."""
    low, high, best = 1, 100, None
    while low <= high:
        quality = (low + high) // 2
        started = time.perf_counter()
        data = encode(reference, fmt, quality)
        seconds = time.perf_counter() - started
        with Image.open(io.BytesIO(data)) as decoded:
            score = ssim(reference, decoded.convert(reference.mode))
        if score >= target:
            best, high = (quality, len(data), score, seconds), quality - 1
        else:
            low = quality + 1
    assert best is not None
    return best


def main() -> None:
    cases = [("photo 1472 px (2× the content column)", sample_photo(4000, 3000, seed=1).resize((1472, 1104), Image.LANCZOS)),
             ("photo 736 px", sample_photo(4000, 3000, seed=1).resize((736, 552), Image.LANCZOS)),
             ("logo 128 px (2× the section header)", sample_logo(1080).resize((128, 128), Image.LANCZOS)),
             ("logo 80 px (2× the header)", sample_logo(1080).resize((80, 80), Image.LANCZOS))]
    for label, image in cases:
        for target in TARGETS:
            line = [f"{label}, SSIM ≥ {target}:"]
            for fmt in ("WEBP", "AVIF"):
                quality, size, score, seconds = smallest(image, fmt, target)
                line.append(f"{fmt} q{quality} {size:,} B ({seconds * 1000:.0f} ms)")
            print("  ".join(line), flush=True)


if __name__ == "__main__":
    main()
