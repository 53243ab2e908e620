"""The engine's state inside one Flask app, as one typed object: `engine()` in a request or app context."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask, current_app

from .errors import ErrorCollector

if TYPE_CHECKING:
    from .content.store import ContentStore, Site
    from .contract import Feature
    from .web import LayoutHooks
    from .web.assets import Assets
    from .web.images import ImageSizes
    from .web.routing import Router

EXTENSION_KEY = "folio"


@dataclass
class Engine:
    root: Path
    features: list["Feature"]
    router: "Router"
    store: "ContentStore"
    assets: "Assets"
    images: "ImageSizes"
    hooks: "LayoutHooks"
    # Set by a build: a page whose rendering fails shows its error, and the build goes on and reports it.
    collector: ErrorCollector | None = None
    # URL -> the image sizes its page used, for the build's reuse check (images.py writes, the build reads).
    image_uses: dict[str, dict] = field(default_factory=dict)

    def site(self) -> "Site":
        return self.store.site()


def engine(app: Flask | None = None) -> Engine:
    return (app or current_app).extensions[EXTENSION_KEY]
