"""Images: every raster image from static/ that a page shows gets resized variants at the widths it is shown
at, 1× and 2× (never upscaled), as WebP with content-hashed names, served at /_img/<hash>-<width>.webp.

What gets variants, and at which widths (CSS px, each also at 2×):
- markdown images and raw HTML <img> in pages: the content column (`--measure` in static/css/site.css), or the
  width their own `width`/`height` attributes give;
- the logo (site.toml `logo`, front matter `logo`): 40 in the header and 64 in the section header;
- section-card icons: their width at 2rem high (folio/sections);
- whatever another feature declares (a page's cover): see the API below.
Originals stay at their own URLs, as they are. Variants carry no metadata (EXIF, GPS, XMP, ICC: colours are
converted to sRGB) and are upright (EXIF orientation applied). Each variant is kept in .folio-cache/images under
its name (the source's sha256, the width, the encoder's settings): an unchanged image is never encoded again.
The dev server encodes a variant on its first request; a build freezes every declared variant (a `MadeUrl`).

API for features and templates (stable):

    from folio.imaging import Images, Responsive, declare_image, responsive

    # In a feature's contribute(site, previous): the variants of an image it will show, as MadeUrls to put
    # in its Contribution (the imaging feature comes before the optional features in folio.features()).
    # A bad image (not an image, truncated, over 100 megapixels) raises a ContentError at `where`:`line`.
    urls = declare_image(site, "assets/images/x.jpg", widths=[412, 824, 1280, 1920], where=page.source, line=3)

    # In a request (a view or a template): the attributes for an <img> (URLs with the base path).
    r: Responsive = responsive("assets/images/x.jpg", sizes="100vw", widths=[412, 824, 1280, 1920])
    r.src, r.srcset, r.sizes, r.width, r.height   # width/height: the smallest width's shape (its 1× size)

    {# In a template: the same as attributes; an external URL or an SVG gets src, width and height only. #}
    <img {{ picture_attrs('/assets/images/x.jpg', sizes='100vw', widths=[412, 824, 1280, 1920]) }} alt="">

Declare in contribute what a template shows: a build freezes declared variants only (the link check reports
an undeclared one as a broken link). The dev server serves any variant `responsive()` made.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from flask import Blueprint, Response, abort, request
from markupsafe import Markup, escape

from ..content.markdown import is_external
from ..content.store import Site
from ..contract import Contribution, MadeUrl, TemplateHooks
from ..engine import engine
from ..errors import ContentError, source_line
from ..content.settings import SETTINGS_FILE
from ..build.cache import CACHE_DIR
from .encoder import CACHE_FOLDER, COUNTER, MIMETYPE, cached_variant
from .markup import Responsive, content_images, responsive_of, rewrite_images
from .plan import Images, VariantSet, column_width, image_error
from .sources import BadImage, Sources, is_raster
from ..web.images import size_response_images

__all__ = ["COUNTER", "Images", "ImagingFeature", "Responsive", "declare_image", "picture_attrs", "responsive"]

SOURCES_INDEX = "sources.json"  # in .folio-cache/images: what was read of each image (folio/imaging/sources.py)
LOGO_WIDTHS = (40, 64)  # CSS px: the header, the section header (templates/base.html, includes/section-header.html)
bp = Blueprint("imaging", __name__)


def declare_image(site: Site, static_name: str, widths: Iterable[int], where: Path,
                  line: int | None = None, sizes: str = "") -> list[MadeUrl]:
    """The URLs of static_name's variants at `widths` not declared yet; raises ContentError for a bad image."""
    try:
        return site.part(Images).declare(static_name.lstrip("/"), widths, sizes, where, line)[1]
    except BadImage as error:
        raise image_error(error, where, line) from None


def responsive(static_name: str, sizes: str, widths: Iterable[int]) -> Responsive:
    """An image's variants as <img> attributes, in a request; raises ContentError for a bad image."""
    images = engine().site().part(Images)
    name = static_name.lstrip("/")
    try:
        found, _ = images.declare(name, widths, sizes, images.sources.static / name, None)
    except BadImage as error:
        raise ContentError(images.sources.static / name, None, error.message, error.hint) from None
    if found is None:  # an animated image: itself
        source_url = f"{request.script_root}/{name}"
        return Responsive(source_url, "", sizes, *_plain_size(list(widths)))
    return responsive_of(found, request.script_root)


@bp.app_template_global()
def picture_attrs(src: str, sizes: str, widths: list[int]) -> Markup:
    """`src srcset sizes width height` for an <img> showing `src`, a file under static/ or a full URL."""
    name = src.lstrip("/")
    if is_external(src) or not is_raster(name) or not (engine().site().part(Images).sources.static / name).is_file():
        url = src if is_external(src) else f"{request.script_root}/{name}"
        attrs = {"src": url, "width": str(widths[0]), "height": str(widths[0])}
    else:
        attrs = responsive(name, sizes, widths).attrs()
        if not attrs["srcset"]:
            del attrs["srcset"], attrs["sizes"]
    return Markup(" ".join(f'{key}="{escape(value)}"' for key, value in attrs.items()))


def _plain_size(widths: list[int]) -> tuple[int, int]:
    return widths[0], widths[0]


@bp.route("/_img/<name>")
def variant(name: str) -> Response:
    images = engine().site().part(Images)
    found = images.variants.get(name)
    if found is None:
        abort(404)
    try:
        current = images.sources.get(found.source.name)
        if current is None or current.digest != found.source.digest:
            abort(404)  # the image changed since this page was made: its new variants have new names
        data = cached_variant(engine().root, images.sources.static, found.source, found.width)
    except BadImage as error:
        raise image_error(error, found.where, found.line) from None
    return Response(data, mimetype=MIMETYPE)


class ImagingFeature:
    name = "imaging"
    # An edited image makes a new snapshot: its variants get new names, and the pages that show it new markup.
    watch = tuple(f"static/**/*{suffix}" for suffix in (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif",
                                                         ".JPG", ".JPEG", ".PNG", ".WEBP"))
    blueprint = bp
    hooks = TemplateHooks()
    assets = ()

    def __init__(self) -> None:
        self._sources: Sources | None = None

    def contribute(self, site: Site, previous: Site | None) -> Contribution:
        static = site.root / "static"
        if self._sources is None:
            self._sources = Sources(static, site.root / CACHE_DIR / CACHE_FOLDER / SOURCES_INDEX)
        images = Images(self._sources, column_width(static))
        site.parts[Images] = images  # declare_image() reads it
        urls = self._logos(site, images) + self._pages(site, images)
        self._sources.save()
        return Contribution(urls=urls, part=images)

    def render_key(self, site: Site) -> str:
        return site.part(Images).key()

    def _logos(self, site: Site, images: Images) -> list[MadeUrl]:
        settings_file = site.root / SETTINGS_FILE
        uses = [(site.settings.logo, settings_file, None, list(site.pages))]
        uses += [(page.logo, page.source, page.key_lines.get("logo"), [url]) for url, page in site.pages.items()
                 if page.logo]
        urls: list[MadeUrl] = []
        for logo, where, line, shown_on in uses:
            name = logo.lstrip("/")
            if not logo or is_external(logo) or not is_raster(name) or not (images.sources.static / name).is_file():
                continue
            if where == settings_file:
                line = source_line(settings_file.read_text(encoding="utf-8", errors="replace"), "logo")
            try:
                for width in LOGO_WIDTHS:
                    urls += images.declare(name, (width, 2 * width), f"{width}px", where, line)[1]
            except BadImage as error:
                problem = image_error(error, where, line)
                site.errors.append(problem)
                for url in shown_on:
                    site.broken.setdefault(url, problem)
        return urls

    def _pages(self, site: Site, images: Images) -> list[MadeUrl]:
        urls: list[MadeUrl] = []
        for url, page in site.pages.items():
            if url in site.broken:
                continue
            shown: dict[Any, VariantSet] = {}
            for image in content_images(page, site.settings.link_rules):
                if not (images.sources.static / image.name).is_file():
                    continue  # the link check reports it
                try:
                    found, made = images.content_set(image, page.source)
                except BadImage as error:
                    site.fail(image_error(error, page.source, image.line), url)
                    break
                urls += made
                if found is not None:
                    shown[(image.name, image.width, image.height)] = found
            if shown:
                images.pages[url] = shown
        return urls


@bp.after_app_request
def show_images(response: Response) -> Response:
    """Every HTML page: content images get their variants, then any other local image its size."""
    def rewrite(html: str) -> str:
        try:
            images = engine().site().part(Images)
        except ContentError:
            return html
        return rewrite_images(html, request.script_root + request.path, request.script_root, images, request.path)
    return size_response_images(response, rewrite)
