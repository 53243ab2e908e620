"""`_config.yml` and `CNAME` as the engine's site/site.toml settings."""
from __future__ import annotations

import re
from dataclasses import dataclass, fields

from .config import JekyllConfig
from .engine_urls import post_permalink
from .model import Link

SettingValue = str | tuple[Link, ...]


@dataclass(frozen=True)
class ImportedSettings:
    """The settings the import brings; an empty value is not written."""
    title: str = ""
    tagline: str = ""
    description: str = ""
    base_url: str = ""
    author: str = ""
    language: str = ""
    logo: str = ""
    cname: str = ""
    post_permalink: str = ""
    links: tuple[Link, ...] = ()

    def items(self) -> list[tuple[str, SettingValue]]:
        return [(f.name, getattr(self, f.name)) for f in fields(self) if getattr(self, f.name)]


def settings_from(config: JekyllConfig, cname: str) -> ImportedSettings:
    return ImportedSettings(
        title=config.title,
        tagline=config.tagline,
        description=config.description,
        base_url=base_url(config.url, config.baseurl, cname),
        author=config.author,
        language=config.language,
        logo="" if re.match(r"^(?:[a-z]+:)?//", config.logo, re.I) else config.logo.lstrip("/"),
        cname=cname,
        post_permalink=post_permalink(config.permalink),
        links=config.links,
    )


def base_url(url: str, baseurl: str, cname: str) -> str:
    """`url` + `baseurl`; with no usable `url`, the CNAME's domain (GitHub Pages serves it over https)."""
    if re.match(r"^https?://[^/\s]+", url):
        path = baseurl.strip("/")
        return url.rstrip("/") + "/" + (path + "/" if path else "")
    if cname:
        return f"https://{cname}/"
    return ""
