"""Site settings from site/site.toml, checked into a plain dataclass."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import ContentError
from .markdown import LinkRule

SETTINGS_FILE = Path("site") / "site.toml"
PROMO_PLACES = ("home", "all", "off")


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
    cname: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


_TYPES = {"navigation": list, "links": list, "role_pages": list, "link_rules": list}


def load_settings(root: Path) -> Settings:
    path = root / SETTINGS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(path, None, "the settings file is missing",
                           "create site/site.toml (see README, 'Settings')") from None
    except UnicodeDecodeError:
        raise ContentError(path, None, "the settings file is not UTF-8 text", "save it as UTF-8") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        message = re.sub(r"\s*\(at line.*\)$", "", str(exc))
        raise ContentError(path, int(match.group(1)) if match else None,
                           f"settings are not valid TOML: {message}",
                           "fix the TOML syntax on this line (strings need quotes)") from None
    return _build(raw, text, path)


def _build(raw: dict[str, Any], text: str, path: Path) -> Settings:
    known = {f.name for f in fields(Settings)} - {"extra"}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            continue
        expected = _TYPES.get(key, str)
        if not isinstance(value, expected):
            raise ContentError(path, _line_of(text, key),
                               f"setting '{key}' must be a {expected.__name__}, not a {type(value).__name__}",
                               'write it as ["…", "…"]' if expected is list else 'write it in quotes: "…"')
        values[key] = value
    if "links" in values:
        values["links"] = tuple(_link(item, text, path) for item in values["links"])
    if "link_rules" in values:
        values["link_rules"] = tuple(_link_rule(item, text, path) for item in values["link_rules"])
    for key in ("navigation", "role_pages"):
        if key in values:
            values[key] = tuple(_string_item(key, item, text, path) for item in values[key])
    if values.get("talk_promo", "home") not in PROMO_PLACES:
        raise ContentError(path, _line_of(text, "talk_promo"), "talk_promo must be one of "
                           + ", ".join(PROMO_PLACES), 'write talk_promo = "home"')
    base_url = values.get("base_url", Settings.base_url)
    if not re.match(r"^https?://[^/\s]+", base_url):
        raise ContentError(path, _line_of(text, "base_url"), f"base_url {base_url!r} is not an http(s) URL",
                           'write the public address, e.g. "https://owner.github.io/site/"')
    values["base_url"] = base_url.rstrip("/") + "/"
    extra = {k: v for k, v in raw.items() if k not in known}
    return Settings(**values, extra=extra)


def _link(item: Any, text: str, path: Path) -> Link:
    if not (isinstance(item, dict) and isinstance(item.get("name"), str) and isinstance(item.get("url"), str)):
        raise ContentError(path, _line_of(text, "links"), "each entry of 'links' needs a name and a url",
                           'write links = [{ name = "GitHub", url = "https://…" }]')
    return Link(item["name"], item["url"])


def _link_rule(item: Any, text: str, path: Path) -> LinkRule:
    if not (isinstance(item, dict) and isinstance(item.get("text"), str) and isinstance(item.get("url"), str)
            and item["text"].strip()):
        raise ContentError(path, _line_of(text, "link_rules"), "each entry of 'link_rules' needs a text and a url",
                           'write link_rules = [{ text = "words to link", url = "/page/" }]')
    return LinkRule(item["text"], item["url"])


def _string_item(key: str, item: Any, text: str, path: Path) -> str:
    if not isinstance(item, str):
        raise ContentError(path, _line_of(text, key), f"every entry of '{key}' must be a string",
                           'write it in quotes: "…"')
    return item


def _line_of(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"^\s*{re.escape(key)}\s*=", line):
            return number
    return None
