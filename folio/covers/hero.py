"""The hero: a page's cover photo with its title on it, at the top of <main>.

The title is the layout's <h1> (the page's `title`) when the layout prints one. A page that prints its own
(`show_layout_title: false`, as the home page does) gets the <h1> its content starts with moved onto the
photo, so that the page still has one <h1>, now over the photo, as on the owner's Jasper home page. A page
whose content starts with anything else shows the photo above it, without text.
"""
from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from markupsafe import Markup

from ..content.pages import Page
from .sources import CoverImage


@dataclass(frozen=True)
class Hero:
    image: CoverImage
    alt: str
    title: Markup  # the <h1> shown on the photo; empty: the photo alone
    content: Markup  # the page's content, without that <h1>


def hero(page: Page, image: CoverImage, alt: str, content: Markup) -> Hero:
    if page.show_layout_title:
        return Hero(image, alt, Markup("<h1>{}</h1>").format(page.title), content)
    end = leading_heading_end(str(content))
    if end is None:
        return Hero(image, alt, Markup(""), content)
    return Hero(image, alt, Markup(str(content)[:end].strip()), Markup(str(content)[end:].lstrip()))


class _OneHeading(HTMLParser):
    """Whether a text is one <h1> element: it starts with an <h1> start tag, and that <h1> ends."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.first: str | None = None
        self.closed = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.first = self.first or tag

    def handle_endtag(self, tag: str) -> None:
        self.closed = self.closed or (tag == "h1" and self.first == "h1")


def leading_heading_end(html: str) -> int | None:
    """Where the <h1> that `html` starts with ends (after its end tag), or None when it starts otherwise.

    The text up to the first `</h1>` is one heading when a parser sees an <h1> start tag first and that
    end tag after it (not inside an attribute or a comment, which would leave the text unfinished).
    """
    text = html.lstrip()
    close = text.find("</h1>") if text.startswith("<h1") else -1
    if close < 0:
        return None
    reader = _OneHeading()
    reader.feed(text[: close + len("</h1>")])
    if not reader.closed:
        return None
    return len(html) - len(text) + close + len("</h1>")
