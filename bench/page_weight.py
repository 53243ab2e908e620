"""Page weight of a fresh build: bytes raw and gzipped for each resource a page loads, and the totals.

    python bench/page_weight.py [PATH ...]     (default: /, /experience/ and the featured talk's page)
    python bench/page_weight.py --owner-images  (a site with images like the owner's, in a real browser)

Resources are what the browser fetches for the page: the HTML, stylesheets, scripts, images and icons it
references (icons are listed but, as browsers fetch them once per site, not counted as page requests).

--owner-images builds a copy of the site with a 1080×1080 JPEG logo (~58 KB) and a 6000×4000 JPEG cover
(~1.6 MB) on the home page (bench/photos.py), serves it on 127.0.0.1 and loads / and /experience/ in Chromium
(/usr/bin/chromium, or $CHROMIUM) as a phone (412×915 CSS px at DPR 1.75) and as a laptop (1280×800 at DPR 2),
counting every response; text is counted gzipped, as GitHub Pages sends it. It prints which srcset candidate
the browser chose for the cover, and the largest image. Targets (issue 15): /experience/ ≤ 30 KB with no image
over 8 KB; / ≤ 200 KB at 412 px.
"""
from __future__ import annotations

import gzip
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from folio.engine import engine
from folio import REPO_ROOT, create_app  # noqa: E402
from folio.content.htmltags import start_tags  # noqa: E402
from folio.content.pages import file_of  # noqa: E402
from folio.build.pipeline import build  # noqa: E402

ICON_RELS = {"icon", "apple-touch-icon", "shortcut icon"}


def resources(html: str) -> tuple[list[str], list[str]]:
    """(URLs the page fetches to render, icon URLs) from its tags."""
    fetched, icons = [], []
    for name, attrs in start_tags(html):
        if name == "link" and attrs.get("rel") == "stylesheet":
            fetched.append(attrs["href"])
        elif name == "link" and attrs.get("rel") in ICON_RELS:
            icons.append(attrs["href"])
        elif name in ("script", "img") and attrs.get("src") and attrs.get("loading") != "lazy":
            fetched.append(attrs["src"])
    return list(dict.fromkeys(fetched)), icons


def weigh(build_dir: Path, url: str) -> None:
    html_file = build_dir / file_of(url)
    files = [(url, html_file)]
    fetched, icons = resources(html_file.read_text())
    files += [(u.split("?")[0], build_dir / u.split("?")[0].lstrip("/")) for u in fetched]
    print(f"\n{url}")
    raw_total = gz_total = 0
    for label, path in files:
        data = path.read_bytes()
        raw, gz = len(data), len(gzip.compress(data, 9))
        raw_total, gz_total = raw_total + raw, gz_total + gz
        print(f"  {label:<48} {raw:>8,} B raw {gz:>8,} B gzip")
    print(f"  {'total: ' + str(len(files)) + ' requests':<48} {raw_total:>8,} B raw {gz_total:>8,} B gzip")
    for icon in icons:
        print(f"  (icon, fetched once per site) {icon:<30} {(build_dir / icon.lstrip('/')).stat().st_size:>8,} B")


def default_paths() -> list[str]:
    app = create_app(watch=False)
    site = engine(app).site()
    talks = [url for url in site.made if url.startswith("/talks/") and url.count("/") == 3 and url.endswith("/")]
    return ["/", "/experience/", *talks[:1]]


def main() -> None:
    if "--owner-images" in sys.argv[1:]:
        from owner_weight import main as owner_main
        owner_main([arg for arg in sys.argv[1:] if arg != "--owner-images"])
        return
    paths = sys.argv[1:] or default_paths()
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / "build"
        build(REPO_ROOT, dest, base_url="https://example.org/")
        for url in paths:
            weigh(dest, url)
        fragments = sorted(f for f in (dest / "experience").glob("*.html") if f.name != "index.html")
        if fragments:
            print("\nrole fragments")
            for fragment in fragments:
                data = fragment.read_bytes()
                print(f"  /experience/{fragment.name:<36} {len(data):>8,} B raw {len(gzip.compress(data, 9)):>8,} B gzip")


if __name__ == "__main__":
    main()
