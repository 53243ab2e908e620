"""Jekyll 4's URL rules (jekyll/url.rb, page.rb, document.rb, drops/url_drop.rb), and the file each URL writes."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, unquote

STYLES = {
    "none": "/:categories/:title:output_ext",
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
}
HTML_EXTENSIONS = (".html", ".xhtml", ".htm")
_PRETTY_KEEP = set("._~!$&'()+,;=@")
_SAFE_PATH = re.compile(r"^[a-zA-Z0-9./-]+$")


def post_template(style: str) -> str:
    return STYLES.get(style, style)


def add_permalink_suffix(template: str, style: str) -> str:
    if style == "pretty":
        return template + "/"
    if style in ("date", "ordinal", "none"):
        return template + ":output_ext"
    return template + ("/" if style.endswith("/") else "") + (":output_ext" if style.endswith(":output_ext") else "")


def slugify(text: str, pretty: bool = False, cased: bool = False) -> str:
    """Jekyll's Utils.slugify in its 'default' and 'pretty' modes."""
    def keep(char: str) -> bool:
        category = unicodedata.category(char)
        return category[0] in "ML" or category == "Nd" or (pretty and char in _PRETTY_KEEP)
    slug = re.sub("-+", "-", "".join(char if keep(char) else "-" for char in text)).strip("-")
    return slug if cased else slug.lower()


def escape_path(value: str) -> str:
    if not value or _SAFE_PATH.match(value):
        return value
    return quote(value, safe="/!$&'()*+,;=:@-._~%").replace("#", "%23")


def sanitize_url(url: str) -> str:
    url = ("/" + url).replace("..", "/").replace("./", "")
    return re.sub("/{2,}", "/", url)


def page_url(directory: str, basename: str, output_ext: str, permalink: str | None, style: str) -> str:
    """A page's URL: its permalink, or the template for its kind filled from its path."""
    if permalink is not None:
        template = permalink
    elif output_ext not in HTML_EXTENSIONS:
        template = "/:path/:basename:output_ext"
    elif basename == "index":
        template = "/:path/"
    else:
        template = add_permalink_suffix("/:path/:basename", style)
    for key, value in (("path", directory), ("basename", basename), ("output_ext", output_ext)):
        if ":" not in template:
            break
        template = template.replace(":" + key, escape_path(value))
    return sanitize_url(template)


@dataclass(frozen=True)
class PostFacts:
    """What a post's URL placeholders are made of."""
    slug: str            # data['slug'], by default the file name without its date
    basename: str        # the file name without its extension
    date: datetime
    categories: tuple[str, ...]
    output_ext: str
    cleaned_path: str    # the path inside the collection, without extension: /2020-01-01-x


def post_url(facts: PostFacts, template: str) -> str:
    values = _post_placeholders(facts)

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        for key in ([name, name[:-1]] if name.endswith("_") else [name]):
            if key in values:
                return escape_path(values[key])
        raise KeyError(name)
    return sanitize_url(re.sub(r":([a-z_]+)", fill, template))


def _post_placeholders(facts: PostFacts) -> dict[str, str]:
    date = facts.date
    return {
        "collection": "posts", "output_ext": facts.output_ext, "path": facts.cleaned_path,
        "name": slugify(facts.basename),
        "title": slugify(facts.slug, pretty=True, cased=True),
        "slug": slugify(facts.slug),
        "categories": "/".join(dict.fromkeys(c.lower() for c in facts.categories)),
        "slugified_categories": "/".join(dict.fromkeys(slugify(c) for c in facts.categories)),
        "year": date.strftime("%Y"), "month": date.strftime("%m"), "day": date.strftime("%d"),
        "hour": date.strftime("%H"), "minute": date.strftime("%M"), "second": date.strftime("%S"),
        "i_day": str(date.day), "i_month": str(date.month), "short_month": date.strftime("%b"),
        "long_month": date.strftime("%B"), "short_year": date.strftime("%y"),
        "w_year": date.strftime("%G"), "week": date.strftime("%V"), "w_day": date.strftime("%u"),
        "short_day": date.strftime("%a"), "long_day": date.strftime("%A"), "y_day": date.strftime("%j"),
    }


def output_url(url: str, output_ext: str) -> str:
    """The URL of the file Jekyll writes for `url`: '/x/' stays, '/x' becomes '/x.html'."""
    if url.endswith("/"):
        return url
    return url if url.endswith(output_ext) else url + output_ext


def public_output_url(url: str, output_ext: str) -> str:
    """As a static host answers it: '/x/index.html' is '/x/'."""
    written = unquote(output_url(url, output_ext))
    return written[: -len("index.html")] if written.endswith("/index.html") else written
