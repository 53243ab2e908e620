"""The image pipeline's build cost: a site holding 50 photos of 12 megapixels (4000×3000 JPEGs, generated: a
sky gradient, soft shapes, sharp lines, texture and sensor grain, so the encoders have work), built twice by
`python freeze.py` in a fresh process: first with an empty cache, then with nothing changed. The second build
must encode nothing; the figures printed are wall times, the variants encoded, and the bytes published.

Run from the repository root: .venv/bin/python bench/image_build_bench.py [--photos 50]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import REPO  # noqa: E402
from images_sample import sample_photo  # noqa: E402

sys.path.insert(0, str(REPO))
from folio.build.cache import CACHE_DIR  # noqa: E402
from folio.imaging.encoder import CACHE_FOLDER  # noqa: E402

WORK = REPO / "bench" / ".work" / "images"
SITE_PARTS = ("pages", "site", "static", "templates")


def photos(count: int) -> list[Path]:
    """`count` distinct 4000×3000 JPEGs, generated once and kept under bench/.work/images/photos/."""
    folder = WORK / "photos"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"photo-{index:02d}.jpg"
        if not path.exists():
            sample_photo(4000, 3000, seed=index).save(path, "JPEG", quality=90)
        paths.append(path)
    return paths


def make_site(paths: list[Path]) -> Path:
    site = WORK / "site"
    shutil.rmtree(site, ignore_errors=True)
    for part in SITE_PARTS:
        shutil.copytree(REPO / part, site / part)
    images = site / "static" / "assets" / "images" / "photos"
    images.mkdir(parents=True)
    lines = ["---", "title: Photos", "---", ""]
    for path in paths:
        shutil.copy(path, images / path.name)
        lines += [f"![{path.stem}](/assets/images/photos/{path.name})", ""]
    (site / "pages" / "photos.md").write_text("\n".join(lines), encoding="utf-8")
    return site


def freeze(site: Path, dest: Path) -> float:
    code = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
            "from folio.build.cli import main; sys.exit(main(['--dest', sys.argv[3]], root=Path(sys.argv[2])))")
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code, str(REPO), str(site), str(dest)], cwd=site,
                            capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"the build failed:\n{result.stdout}\n{result.stderr}")
    return seconds


def encoded_since(cache: Path, started_ns: int) -> int:
    """Variants written into the cache since `started_ns`: what the build encoded (a kept one is not rewritten)."""
    return sum(1 for p in cache.glob("*.webp") if p.stat().st_mtime_ns >= started_ns)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=50)
    args = parser.parse_args()
    started = time.perf_counter()
    paths = photos(args.photos)
    print(f"{args.photos} photos of 4000×3000 ready ({sum(p.stat().st_size for p in paths) / 1e6:.0f} MB of JPEG, "
          f"{time.perf_counter() - started:.1f} s)", flush=True)
    site = make_site(paths)
    cache, dest = site / CACHE_DIR / CACHE_FOLDER, WORK / "build"
    shutil.rmtree(dest, ignore_errors=True)
    for label in ("first build (empty cache)", "next build (nothing changed)"):
        mark = time.time_ns()
        seconds = freeze(site, dest)
        variants = list((dest / "_img").glob("*.webp"))
        print(f"{label}: {seconds:.2f} s, {encoded_since(cache, mark)} variants encoded, "
              f"{len(variants)} variants published ({sum(p.stat().st_size for p in variants) / 1e6:.1f} MB)",
              flush=True)
    for width in (736, 1472):
        sizes = sorted(p.stat().st_size for p in dest.glob(f"_img/*-{width}.webp"))
        if sizes:
            print(f"variants {width} px wide: median {sizes[len(sizes) // 2] / 1e3:.0f} KB "
                  f"(originals: median {sorted(p.stat().st_size for p in paths)[len(paths) // 2] / 1e6:.1f} MB)")

if __name__ == "__main__":
    main()
