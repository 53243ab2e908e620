"""The imaging API for features and templates (documented in folio/imaging/__init__.py)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from flask import g, request
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from ..content.markdown import is_external
from ..content.store import Site
from ..contract import MadeUrl
from ..engine import engine
from ..errors import ContentError
from .markup import Responsive, responsive_of
from .plan import Images, image_error
from .sources import BadImage, is_raster


def declare_image(site: Site, static_name: str, widths: Iterable[int], where: Path,
                  line: int | None = None, sizes: str = "") -> list[MadeUrl]:
    """The URLs of static_name's variants at `widths` not declared yet; raises ContentError for a bad image."""
    try:
        return site.part(Images).declare(static_name.lstrip("/"), widths, sizes, where, line)[1]
    except BadImage as error:
        raise image_error(error, where, line) from None


def current_images() -> Images:
    """The snapshot's images, looked up once per request (each look at the snapshot stats the content files)."""
    if "folio_images" not in g:
        g.folio_images = engine().site().part(Images)
    return g.folio_images


def responsive(static_name: str, sizes: str, widths: Iterable[int]) -> Responsive:
    """An image's variants as <img> attributes, in a request; raises ContentError for a bad image."""
    images = current_images()
    name = static_name.lstrip("/")
    try:
        found, _ = images.declare(name, widths, sizes, images.sources.static / name, None)
    except BadImage as error:
        raise ContentError(images.sources.static / name, None, error.message, error.hint) from None
    if found is None:  # an animated image is shown as it is, at the first width, square as the layout's logo
        first = next(iter(widths))
        return Responsive(f"{request.script_root}/{name}", "", sizes, first, first)
    return responsive_of(found, request.script_root)


@pass_context
def picture_attrs(context: Context, src: str, sizes: str, widths: list[int]) -> Markup:
    """`src srcset sizes width height` for an <img> showing `src`, a file under static/ or a full URL."""
    snapshot = context.get("snapshot")  # the page's snapshot, in the layout's context (folio/web)
    if "folio_images" not in g and isinstance(snapshot, Site):
        g.folio_images = snapshot.part(Images)
    name = src.lstrip("/")
    if is_external(src) or not is_raster(name) or not (current_images().sources.static / name).is_file():
        url = src if is_external(src) else f"{request.script_root}/{name}"
        attrs = {"src": url, "width": str(widths[0]), "height": str(widths[0])}
    else:
        attrs = responsive(name, sizes, widths).attrs()
        if not attrs["srcset"]:
            del attrs["srcset"], attrs["sizes"]
    return Markup(" ".join(f'{key}="{escape(value)}"' for key, value in attrs.items()))
