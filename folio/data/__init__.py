"""Data files, as Jekyll's `_data`: site/data/*.yml, *.yaml, *.json and *.toml (folders too) are
`site.data.NAME` in every template and in the includes of pages.

A core feature: every template may read the data, so it is always registered. Its part, `SiteData`,
holds each file's plain data and where it came from; `template_site` is what templates see as `site`.
A file that cannot be read fails the build with its `path:line`; in the dev server, the pages that read
it show that error and every other page keeps working.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..build.cache import digest
from ..content.settings import Settings
from ..content.store import Site
from ..contract import Contribution, TemplateHooks
from .files import WATCH, DataFile, DataView, SiteData, load_data

__all__ = ["DataFeature", "DataFile", "SiteData", "TemplateSite", "template_site"]


class DataFeature:
    name = "data"
    watch = WATCH  # an edited, added or removed data file rebuilds the snapshot (the dev server shows it)
    blueprint = None
    hooks = TemplateHooks()
    assets = ()

    def contribute(self, site: Site, previous: Site | None) -> Contribution:
        data, errors = load_data(site.root, site.settings.max_page_kb)
        for error in errors:
            site.fail(error)
        return Contribution(part=data)

    def render_key(self, site: Site) -> str:
        """Any template may print data: every page depends on every data file."""
        files = site.part(SiteData).files.values()
        return digest(*(part for file in files for part in (file.path.as_posix(), file.text)))


@dataclass(frozen=True)
class TemplateSite:
    """`site` in templates: the settings (`site.title`, `site.links`, …) and `site.data`."""
    settings: Settings
    data: DataView

    def __getattr__(self, name: str) -> Any:
        return getattr(self.settings, name)


def template_site(site: Site) -> TemplateSite:
    return TemplateSite(site.settings, site.part(SiteData).view)
