"""Third-party embeds, trackers and inline code in HTML, found so that the importer can leave them out.

This engine makes no third-party requests, and its Content-Security-Policy blocks inline scripts and styles.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlsplit

TRACKER_MARKERS = ("googletagmanager", "google-analytics", "googleanalytics", "google_analytics", "gtag(", "_gaq", "analytics.js",
                   "ga('create'", "matomo", "piwik", "plausible.io", "hotjar", "clarity.ms", "connect.facebook.net",
                   "fbq(", "mixpanel", "statcounter", "doubleclick", "umami", "usefathom", "cloudflareinsights",
                   "quantserve", "scorecardresearch", "heapanalytics", "clicky")
COMMENT_MARKERS = ("disqus", "utteranc.es", "giscus", "commento", "intensedebate", "hyvor")
_ELEMENTS = re.compile(
    r"<script\b[^>]*>.*?</script\s*>"
    r"|<noscript\b[^>]*>.*?</noscript\s*>"
    r"|<iframe\b[^>]*>(?:(?:(?!<iframe\b).)*?</iframe\s*>)?"
    r"|<style\b[^>]*>.*?</style\s*>"
    r"|<link\b[^>]*>"
    r"|<div\b[^>]*\bid\s*=\s*[\"']?disqus_thread[\"']?[^>]*>\s*</div\s*>", re.I | re.S)
_URL_ATTR = re.compile(r"\b(?:src|href)\s*=\s*[\"']?([^\"'\s>]+)", re.I)
_TYPE = re.compile(r"\btype\s*=\s*[\"']?([^\"'\s>]+)", re.I)
_EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.I)
_DATA_SCRIPT_TYPES = ("application/ld+json", "application/json", "text/template", "text/x-template")


class EmbedKind(Enum):
    TRACKER = "analytics or tracking"
    COMMENTS = "third-party comments"
    THIRD_PARTY = "third-party embed"
    INLINE_SCRIPT = "inline script"
    INLINE_STYLE = "inline <style>"

    @property
    def on_purpose(self) -> bool:
        """Dropped on purpose (said so), rather than left for the owner to redo."""
        return self in (EmbedKind.TRACKER, EmbedKind.COMMENTS, EmbedKind.THIRD_PARTY)


@dataclass(frozen=True)
class Embed:
    start: int
    end: int
    kind: EmbedKind
    host: str = ""

    @property
    def why(self) -> str:
        if self.kind is EmbedKind.INLINE_SCRIPT:
            return "inline script: the engine's Content-Security-Policy blocks it; move it to a file under static/"
        if self.kind is EmbedKind.INLINE_STYLE:
            return "inline <style>: the engine's Content-Security-Policy blocks it; move the rules to a stylesheet"
        source = f" ({self.host})" if self.host else ""
        return f"{self.kind.value}{source}: this engine makes no third-party requests"


def find_embeds(text: str, markers: tuple[str, ...] = ()) -> list[Embed]:
    found = []
    for match in _ELEMENTS.finditer(text):
        kind, host = classify(match.group(0), markers)
        if kind is not None:
            found.append(Embed(match.start(), match.end(), kind, host))
    return found


def classify(element: str, markers: tuple[str, ...] = ()) -> tuple[EmbedKind | None, str]:
    """What an HTML element is, for the importer: None when it is the site's own and stays."""
    lowered = element.lower()
    tag = re.match(r"<(\w+)", lowered).group(1)  # type: ignore[union-attr]
    opening = lowered[: lowered.find(">") + 1]
    url = _URL_ATTR.search(opening)
    external = url.group(1) if url and _EXTERNAL.match(url.group(1)) else ""
    host = (urlsplit(external if "//" in external else "//" + external).hostname or "") if external else ""
    if has_tracker(lowered, markers):
        return EmbedKind.TRACKER, host
    if any(m in lowered for m in COMMENT_MARKERS):
        return EmbedKind.COMMENTS, host
    if external and tag in ("script", "iframe", "link"):
        return EmbedKind.THIRD_PARTY, host
    if tag == "noscript" and any(_EXTERNAL.match(m.group(1)) for m in _URL_ATTR.finditer(lowered)):
        return EmbedKind.THIRD_PARTY, host
    if tag == "script" and not url:
        script_type = _TYPE.search(opening)
        if not (script_type and script_type.group(1) in _DATA_SCRIPT_TYPES):
            return EmbedKind.INLINE_SCRIPT, ""
    if tag == "style":
        return EmbedKind.INLINE_STYLE, ""
    return None, ""


def has_tracker(text: str, markers: tuple[str, ...] = ()) -> bool:
    lowered = text.lower()
    return any(m in lowered for m in TRACKER_MARKERS) or any(m.lower() in lowered for m in markers if m)
