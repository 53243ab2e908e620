"""The browser's half, folio/livereload/static/livereload.js: served by the feature itself, never a file of
the site's static/ (which a build copies), with the integrity hash and version pages load it with."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..build.cache import file_stamp
from ..web.assets import sri

SOURCE = Path(__file__).resolve().parent / "static" / "livereload.js"


@dataclass(frozen=True)
class Script:
    body: bytes
    integrity: str
    version: str  # a short fingerprint of the body, for the ?v= of its link


class ScriptFile:
    """The script as it is on disk, read again only when the file changed."""

    def __init__(self, path: Path = SOURCE):
        self.path = path
        self._known: tuple[tuple, Script] | None = None

    def current(self) -> Script:
        stamp = file_stamp(self.path)
        if self._known is None or self._known[0] != stamp:
            body = self.path.read_bytes()
            self._known = (stamp, Script(body, sri(body), hashlib.sha256(body).hexdigest()[:10]))
        return self._known[1]
