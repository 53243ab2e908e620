"""Links to the site's own address written in full are internal links.

`https://HOST/projects/`, `http://HOST/projects/` and `//HOST/projects/`, where HOST is base_url's host
(site.toml, or `python freeze.py --base-url`), become the site path `/projects/` with the base path in
front, wherever the page got them: markdown links and images, the owner's raw HTML, includes, data files.
So they work in a local preview, and the build's link check checks them like any internal link. Under a
base path only the URLs inside it are the site's: with base_url https://owner.github.io/site/,
https://owner.github.io/site/x/ is internal and https://owner.github.io/other/ (another project) is not.

This runs on every HTML response (dev server and build alike), after the page is rendered: the layout's
own absolute URLs (canonical link, og: tags, JSON-LD) sit in <head> and stay as they are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Response, current_app, request

from ..content.htmltags import Attrs, rewrite_start_tags
from ..content.markdown import URL_ATTRS
from ..engine import engine
from ..errors import ContentError

# What the markdown renderer adds to links it took for external ones.
EXTERNAL_REL = ("noopener", "noreferrer")


@lru_cache(maxsize=8)
def _address(netloc: str) -> re.Pattern[str]:
    """'//host' in any case: a literal search, the cheap first look before the page is tokenized."""
    return re.compile(re.escape("//" + netloc), re.I)


@dataclass(frozen=True)
class Origin:
    """Where the site is published: base_url's host (and port) and its path."""
    netloc: str  # lower case, e.g. "owner.github.io"
    base_path: str  # "/" or "/site/"

    @classmethod
    def of(cls, base_url: str) -> "Origin":
        parts = urlsplit(base_url)
        return cls(parts.netloc.lower(), parts.path.rstrip("/") + "/")

    def site_path(self, url: str) -> str | None:
        """'/x/?q#f' for a URL of this site written in full ('https://HOST/x/?q#f'); None for any other."""
        parts = urlsplit(url.strip())
        if parts.scheme.lower() not in ("http", "https", "") or parts.netloc.lower() != self.netloc:
            return None
        path = parts.path or "/"
        if path + "/" == self.base_path:  # https://HOST/site is the home page of https://HOST/site/
            path += "/"
        if not path.startswith(self.base_path):
            return None
        return urlunsplit(("", "", "/" + path[len(self.base_path):], parts.query, parts.fragment))


def localize(html: str, origin: Origin, prefix: str) -> str:
    """`html` with the links of its <body> to `origin` made site links under `prefix` (the base path)."""
    start = max(html.find("<body"), 0)  # a fragment has no <body>: all of it is content
    if not _address(origin.netloc).search(html, start):
        return html
    body = html[start:]

    def change(tag: str, attrs: Attrs) -> Attrs | None:
        changed = False
        for key in URL_ATTRS:
            path = origin.site_path(attrs.get(key) or "") if attrs.get(key) else None
            if path is not None:
                attrs[key], changed = prefix + path, True
        if changed and tag == "a" and attrs.get("rel"):
            rel = [word for word in (attrs["rel"] or "").split() if word not in EXTERNAL_REL]
            if rel:
                attrs["rel"] = " ".join(rel)
            else:
                del attrs["rel"]
        return attrs if changed else None

    return html[:start] + rewrite_start_tags(body, change)


def public_origin() -> Origin | None:
    """The site's own origin in this app: --base-url, else site.toml's base_url (None while that is broken)."""
    base = current_app.config["BASE_URL"]
    if not base:
        try:
            base = engine().site().settings.base_url
        except ContentError:
            return None
    return Origin.of(base)


def localize_response(response: Response) -> Response:
    """after_request: every HTML page the site answers, in the dev server and in a build."""
    if response.status_code != 200 or response.mimetype != "text/html" or response.direct_passthrough:
        return response
    origin = public_origin()
    if origin is not None:
        html = response.get_data(as_text=True)
        local = localize(html, origin, request.script_root)
        if local is not html:
            response.set_data(local)
    return response


def init_app(app: Flask) -> None:
    # Registered after the image sizer, so that it runs first (Flask runs after_request hooks last-in,
    # first-out): an <img src="https://HOST/…"> becomes a static file the sizer then sizes.
    app.after_request(localize_response)
