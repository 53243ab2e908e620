"""The imaging feature: what it declares for each snapshot (the logo's and pages' images), the route that
serves variants, and the hook that gives pages' images their variants."""
from __future__ import annotations

import glob
import re
from typing import Any

from flask import Blueprint, Response, abort, request

from ..build.cache import CACHE_DIR
from ..content.markdown import is_external
from ..content.settings import SETTINGS_FILE
from ..content.store import Site
from ..contract import Contribution, MadeUrl, TemplateHooks
from ..engine import engine
from ..errors import ContentError, source_line
from ..web.images import size_response_images
from .api import current_images, picture_attrs
from .encoder import CACHE_FOLDER, MIMETYPE, cached_variant
from .markup import content_images, rewrite_images
from .plan import COLUMN_STYLESHEET, Images, VariantSet, column_width, image_error
from .sources import BadImage, Sources, is_raster

SOURCES_INDEX = "sources.json"  # in .folio-cache/images: what was read of each image (folio/imaging/sources.py)
LOGO_WIDTHS = (40, 64)  # CSS px: the header, the section header (templates/base.html, includes/section-header.html)
_LOGO_SETTING = re.compile(r"\s*logo\s*=")
bp = Blueprint("imaging", __name__)
bp.add_app_template_global(picture_attrs)


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
    blueprint = bp
    hooks = TemplateHooks()
    assets = ()

    def __init__(self) -> None:
        self._sources: Sources | None = None
        self._images: Images | None = None

    @property
    def watch(self) -> tuple[str, ...]:
        """The images the site shows (an edit makes a new snapshot: new variant names, new markup), and the
        stylesheet that says how wide the content column is. Named one by one: the store looks at these files
        on every call, and a glob of all of static/ would cost each request a walk of its folders."""
        shown = self._images.shown if self._images is not None else set()
        return (f"static/{COLUMN_STYLESHEET}", *sorted("static/" + glob.escape(name) for name in shown))

    def contribute(self, site: Site, previous: Site | None) -> Contribution:
        static = site.root / "static"
        if self._sources is None:
            self._sources = Sources(static, site.root / CACHE_DIR / CACHE_FOLDER / SOURCES_INDEX)
        images = self._images = Images(self._sources, column_width(static))
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
                line = source_line(settings_file.read_text(encoding="utf-8", errors="replace"), _LOGO_SETTING)
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
                images.shown.add(image.name)
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
            images = current_images()
        except ContentError:
            return html
        return rewrite_images(html, request.script_root + request.path, request.script_root, images, request.path)
    return size_response_images(response, rewrite)
