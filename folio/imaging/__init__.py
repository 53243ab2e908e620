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

from .api import declare_image, picture_attrs, responsive
from .encoder import COUNTER
from .feature import ImagingFeature
from .markup import Responsive
from .plan import Images

__all__ = ["COUNTER", "Images", "ImagingFeature", "Responsive", "declare_image", "picture_attrs", "responsive"]
