"""The files a Jekyll site publishes as they are: copied to static/, at the same URLs."""
from __future__ import annotations

from pathlib import PurePosixPath

from .embeds import has_tracker
from .files import SiteFile
from .model import Dropped, SourceRef
from .planned import CopiedFile
from .site import JekyllSite

STATIC_DIR = PurePosixPath("static")
# Files the engine's build writes itself, at the site's root.
ENGINE_FILES = {"CNAME": "the cname setting", "robots.txt": "its own /robots.txt",
                "sitemap.xml": "its own /sitemap.xml", "404.html": "its own 404 page", ".nojekyll": "/.nojekyll"}
TEXT_SUFFIXES = (".html", ".htm", ".js", ".mjs", ".css", ".json", ".xml", ".txt", ".svg", ".md", ".csv")
_THEME_NOTES = {".css": "theme CSS: copied to static/ so its address still answers; the engine's layout does not "
                        "link it",
                ".js": "a theme script: copied to static/ so its address still answers; the engine's layout does "
                       "not load it"}


def plan_static(site: JekyllSite, file: SiteFile) -> tuple[CopiedFile | None, list[Dropped]]:
    where = SourceRef(file.name)
    if file.name in ENGINE_FILES:
        if file.name == "CNAME":
            return None, []
        return None, [Dropped(where, file.name, f"the engine writes {ENGINE_FILES[file.name]}")]
    source = site.root / file.path
    suffix = file.path.suffix.lower()
    if suffix in TEXT_SUFFIXES and has_tracker(source.read_text(encoding="utf-8", errors="replace"),
                                               site.config.tracker_values):
        return None, [Dropped(where, file.name, "holds analytics or comments code: this engine makes no "
                                                "third-party requests")]
    copied = CopiedFile(STATIC_DIR / file.path, source, f"static file /{file.name}")
    notes = [Dropped(where, file.name, _THEME_NOTES[suffix])] if suffix in _THEME_NOTES else []
    return copied, notes
