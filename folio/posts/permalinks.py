"""Where a post lives: `post_permalink` (site.toml) with Jekyll's placeholders :year :month :day :title.

The Jekyll importer predicts these URLs (folio/jekyll/engine_urls.py uses this module), so an imported
site keeps its old addresses.
"""
from __future__ import annotations

import re
from datetime import date

DEFAULT = "/posts/:title/"
PLACEHOLDERS = ("year", "month", "day", "title")
_PLACEHOLDER = re.compile(r":([a-z_]+)")
_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")


def post_url(template: str, day: date, slug: str) -> str:
    """'/:year/:month/:day/:title/' for 2026-01-15 and 'muon' -> '/2026/01/15/muon/'."""
    values = {"year": f"{day.year:04d}", "month": f"{day.month:02d}", "day": f"{day.day:02d}", "title": slug}
    url = "/" + _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template).lstrip("/")
    if not url.endswith("/") and "." not in url.rsplit("/", 1)[-1]:
        url += "/"
    return url


def template_problem(template: str) -> str | None:
    """What is wrong with a post_permalink, or None."""
    unknown = [name for name in _PLACEHOLDER.findall(template) if name not in PLACEHOLDERS]
    if not template.startswith("/"):
        return f"post_permalink {template!r} must start with '/'"
    if unknown:
        return f"post_permalink {template!r} has an unknown placeholder :{unknown[0]}"
    if ":title" not in template:
        return f"post_permalink {template!r} has no :title, so every post of a day would share one URL"
    if re.search(r"\s|\?|#|//|\.\.", template):
        return f"post_permalink {template!r} is not a path of this site"
    return None


def split_name(stem: str) -> tuple[str, str] | None:
    """'2026-01-15-muon' -> ('2026-01-15', 'muon'); None when the name carries no date."""
    match = _NAME.match(stem)
    return (f"{match.group(1)}-{match.group(2)}-{match.group(3)}", match.group(4)) if match else None
