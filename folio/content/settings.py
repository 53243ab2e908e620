"""Site settings from site/site.toml, checked into a plain dataclass."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from ..errors import ContentError, key_line
from .fields import Field, Fields
from .markdown import LinkRule

SETTINGS_FILE = Path("site") / "site.toml"
PROMO_PLACES = ("home", "all", "off")
_LIST = 'write it as ["…", "…"]'
_TEXT = 'write it in quotes: "…"'


@dataclass(frozen=True)
class Link:
    name: str
    url: str


@dataclass(frozen=True)
class Settings:
    title: str = "My site"
    tagline: str = ""
    author: str = ""
    description: str = ""
    base_url: str = "http://localhost:5000/"
    language: str = "en"
    logo: str = ""
    footer: str = ""
    navigation: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    role_pages: tuple[str, ...] = ()
    link_rules: tuple[LinkRule, ...] = ()
    talk_promo: str = "home"
    post_permalink: str = "/posts/:title/"  # where posts live, with :year :month :day :title (folio/posts)
    cname: str = ""
    max_page_kb: int = 2048
    extra: dict[str, Any] = field(default_factory=dict)


SCHEMA = {name: Field(str, _TEXT) for name in ("title", "tagline", "author", "description", "base_url", "language",
                                               "logo", "footer", "talk_promo", "cname",
                                               "post_permalink")}
SCHEMA.update({name: Field(list, _LIST) for name in ("navigation", "links", "role_pages", "link_rules")})
SCHEMA["max_page_kb"] = Field(int, "write a number of kilobytes, e.g. max_page_kb = 4096")


def read_settings_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(path, None, "the settings file is missing",
                           "create site/site.toml (see README, 'Settings')") from None
    except UnicodeDecodeError:
        raise ContentError(path, None, "the settings file is not UTF-8 text", "save it as UTF-8") from None


def load_settings(root: Path) -> Settings:
    path = root / SETTINGS_FILE
    text = read_settings_text(path)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        message = re.sub(r"\s*\(at line.*\)$", "", str(exc))
        raise ContentError(path, int(match.group(1)) if match else None,
                           f"settings are not valid TOML: {message}",
                           "fix the TOML syntax on this line (strings need quotes)") from None
    return _build(raw, Fields(raw, path, lambda key: key_line(text, key), label="setting '{}'"))


def _build(raw: dict[str, Any], given: Fields) -> Settings:
    values = given.check(SCHEMA)
    if "links" in values:
        values["links"] = tuple(_link(item, given) for item in values["links"])
    if "link_rules" in values:
        values["link_rules"] = tuple(_link_rule(item, given) for item in values["link_rules"])
    for key in ("navigation", "role_pages"):
        if key in values:
            values[key] = tuple(_string_item(key, item, given) for item in values[key])
    if values.get("talk_promo", "home") not in PROMO_PLACES:
        raise given.error("talk_promo", "talk_promo must be one of " + ", ".join(PROMO_PLACES),
                          'write talk_promo = "home"')
    if values.get("max_page_kb", 1) <= 0:
        raise given.error("max_page_kb", "max_page_kb must be more than 0", "write max_page_kb = 2048")
    base_url = values.get("base_url", Settings.base_url)
    if not re.match(r"^https?://[^/\s]+", base_url):
        raise given.error("base_url", f"base_url {base_url!r} is not an http(s) URL",
                          'write the public address, e.g. "https://owner.github.io/site/"')
    values["base_url"] = base_url.rstrip("/") + "/"
    known = {f.name for f in fields(Settings)} - {"extra"}
    return Settings(**values, extra={k: v for k, v in raw.items() if k not in known})


def _link(item: Any, given: Fields) -> Link:
    if not (isinstance(item, dict) and isinstance(item.get("name"), str) and isinstance(item.get("url"), str)):
        raise given.error("links", "each entry of 'links' needs a name and a url",
                          'write links = [{ name = "GitHub", url = "https://…" }]')
    return Link(item["name"], item["url"])


def _link_rule(item: Any, given: Fields) -> LinkRule:
    if not (isinstance(item, dict) and isinstance(item.get("text"), str) and isinstance(item.get("url"), str)
            and item["text"].strip()):
        raise given.error("link_rules", "each entry of 'link_rules' needs a text and a url",
                          'write link_rules = [{ text = "words to link", url = "/page/" }]')
    return LinkRule(item["text"], item["url"])


def _string_item(key: str, item: Any, given: Fields) -> str:
    if not isinstance(item, str):
        raise given.error(key, f"every entry of '{key}' must be a string", _TEXT)
    return item
