"""`python bench/page_weight.py --owner-images`: page weight, in a real browser, of a site with images like the
owner's (see page_weight.py's docstring). Run from the repository root."""
from __future__ import annotations

import functools
import gzip
import os
import sys
import tempfile
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.photos import COVER, LOGO, owner_site  # noqa: E402
from folio.build.pipeline import build  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
FLAGS = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
TEXT = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
DEVICES = {"phone 412×915 @1.75": ({"width": 412, "height": 915}, 1.75, True),
           "laptop 1280×800 @2": ({"width": 1280, "height": 800}, 2.0, False)}
PATHS = ("/", "/experience/")
TARGETS = {"/": 200_000, "/experience/": 30_000}  # bytes; and no image over 8 KB on /experience/
ICONS = ("/favicon.ico", "/favicon.svg", "/apple-touch-icon.png")


@dataclass(frozen=True)
class Fetched:
    path: str
    kind: str  # the response's content type
    raw: int
    sent: int  # what travels: gzipped for text

    @property
    def image(self) -> bool:
        return self.kind.startswith("image/") and not self.path.endswith(ICONS)


class _Quiet(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".webp": "image/webp", ".avif": "image/avif",
                      ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}

    def log_message(self, *args: object) -> None:
        pass


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def load(browser, base: str, path: str, viewport: dict, scale: float, mobile: bool) -> tuple[list[Fetched], str]:
    """Every response of one fresh load of `path` (empty cache), and the cover's chosen candidate."""
    context = browser.new_context(viewport=viewport, device_scale_factor=scale, is_mobile=mobile)
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(base + path, wait_until="networkidle")
    chosen = page.evaluate("(document.querySelector('.cover-image') || {}).currentSrc || ''")
    fetched = []
    for response in responses:
        body = response.body() if response.status == 200 else b""
        kind = (response.headers.get("content-type") or "").split(";")[0]
        sent = len(gzip.compress(body, 9)) if kind.startswith(TEXT) else len(body)
        fetched.append(Fetched(response.url[len(base):] or "/", kind, len(body), sent))
    context.close()
    return fetched, chosen[len(base):]


def report(path: str, device: str, fetched: list[Fetched], chosen: str) -> None:
    pages = [f for f in fetched if not f.path.endswith(ICONS)]
    total = sum(f.sent for f in pages)
    print(f"\n{path}  ({device})")
    for item in fetched:
        icon = "  (icon, once per site)" if item.path.endswith(ICONS) else ""
        print(f"  {item.path[:60]:<60} {item.kind:<24} {item.raw:>9,} B raw {item.sent:>9,} B sent{icon}")
    images = [f for f in pages if f.image]
    largest = max(images, key=lambda f: f.sent, default=None)
    print(f"  total: {len(pages)} requests, {total:,} B = {total / 1000:.1f} KB sent "
          f"(target ≤ {TARGETS[path] / 1000:.0f} KB: {'met' if total <= TARGETS[path] else 'NOT met'})")
    if largest:
        print(f"  largest image: {largest.path} {largest.sent:,} B"
              + (f" (target ≤ 8 KB: {'met' if largest.sent <= 8_000 else 'NOT met'})" if path == "/experience/" else ""))
    if chosen:
        print(f"  the cover's chosen candidate: {chosen}")


def main(argv: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        root = owner_site(Path(tmp) / "site")
        print(f"logo static/{LOGO}: {(root / 'static' / LOGO).stat().st_size:,} B; "
              f"cover static/{COVER}: {(root / 'static' / COVER).stat().st_size:,} B")
        dest = Path(tmp) / "build"
        build(root, dest, base_url="https://example.org/")
        server, base = serve(dest)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                for device, (viewport, scale, mobile) in DEVICES.items():
                    for path in argv or PATHS:
                        report(path, device, *load(browser, base, path, viewport, scale, mobile))
                browser.close()
        finally:
            server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1:])
