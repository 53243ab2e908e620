"""`_config.yml`: the Jekyll settings the importer needs, and what it leaves out on purpose."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ImportRefused
from .frontmatter import Unreadable, key_lines, load_yaml, read_text
from .model import Link, SourceRef
from .social import social_links

CONFIG_NAMES = ("_config.yml", "_config.yaml")
# Jekyll's built-in `exclude` entries, added to the site's own.
DEFAULT_EXCLUDES = (".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock", "node_modules",
                    "vendor/bundle/", "vendor/cache/", "vendor/gems/", "vendor/ruby/")
# Key fragments of analytics, tracking and comment services (this engine makes no third-party requests).
_TRACKER_KEYS = re.compile(r"analytics|gtag|gtm|tag_?manager|disqus|matomo|piwik|plausible|fathom|hotjar|"
                           r"clicky|mixpanel|pixel|statcounter|umami|utterances|giscus|staticman|commento|"
                           r"intensedebate|clarity|segment", re.I)
# Keys that change what Jekyll builds in ways the engine does not follow; listed so the owner knows.
_UNSUPPORTED = {"collections": "collections other than posts are not imported",
                "paginate": "pagination: the engine lists posts on one page",
                "paginate_path": "pagination: the engine lists posts on one page",
                "defaults": "front-matter defaults are not applied to imported pages",
                "theme": "the Jekyll theme: the engine's layout replaces it",
                "remote_theme": "the Jekyll theme: the engine's layout replaces it"}


@dataclass(frozen=True)
class ConfigEntry:
    """One top-level setting of `_config.yml`, as written there (for the report)."""
    key: str
    text: str
    where: SourceRef


@dataclass(frozen=True)
class JekyllConfig:
    file: str  # "_config.yml"
    title: str
    description: str
    url: str
    baseurl: str
    permalink: str
    language: str
    author: str
    tagline: str
    logo: str
    cover: str
    timezone: str
    exclude: tuple[str, ...]
    include: tuple[str, ...]
    markdown_ext: tuple[str, ...]
    data_dir: str
    includes_dir: str
    layouts_dir: str
    plugins: tuple[str, ...]
    redirect_json: bool
    show_future: bool
    links: tuple[Link, ...]
    trackers: tuple[ConfigEntry, ...]  # analytics and comment settings, dropped
    tracker_values: tuple[str, ...]    # their IDs and short names, which must never reach the output
    plugin_entry: ConfigEntry | None
    unsupported: tuple[tuple[ConfigEntry, str], ...]

    def where(self, line: int | None = None) -> SourceRef:
        return SourceRef(self.file, line)


def find_config(src: Path) -> Path:
    if not src.is_dir():
        raise ImportRefused(str(src), "not a folder", "give the folder of a Jekyll site (the one holding _config.yml)")
    for name in CONFIG_NAMES:
        if (src / name).is_file():
            return src / name
    raise ImportRefused(str(src), "no _config.yml here, so this is not a Jekyll site",
                        "give the folder of a Jekyll site (the one holding _config.yml)")


def read_config(src: Path) -> JekyllConfig:
    path = find_config(src)
    where = SourceRef(path.name)
    try:
        text = read_text(path, where)
        raw = load_yaml(text, where)
    except Unreadable as bad:
        raise ImportRefused(str(src / str(bad.where)), f"_config.yml is {bad.why}",
                            "fix it so that `jekyll build` accepts it, then import again") from None
    if not isinstance(raw, Mapping):
        raise ImportRefused(str(path), "_config.yml is not a mapping of settings",
                            "write one 'key: value' per line")
    return _config(raw, text, path.name)


def _config(raw: Mapping[str, Any], text: str, name: str) -> JekyllConfig:
    lines = key_lines(text)
    entries = {key: ConfigEntry(key, _entry_text(text, lines, key), SourceRef(name, lines.get(key)))
               for key in map(str, raw)}
    trackers = tuple(entries[k] for k in entries if _TRACKER_KEYS.search(k) or _is_comment_service(k, raw[k]))
    plugins = tuple(str(p) for p in (_list(raw.get("plugins")) + _list(raw.get("gems"))))
    return JekyllConfig(
        file=name,
        title=_text(raw.get("title")) or _text(raw.get("name")),
        description=_text(raw.get("description")),
        url=_text(raw.get("url")).rstrip("/"),
        baseurl=_text(raw.get("baseurl")),
        permalink=_text(raw.get("permalink")) or "date",
        language=_language(raw),
        author=_author(raw.get("author")),
        tagline=_text(raw.get("tagline")),
        logo=_text(raw.get("logo")),
        cover=_text(raw.get("cover")),
        timezone=_text(raw.get("timezone")),
        exclude=tuple(map(str, _list(raw.get("exclude")))) + DEFAULT_EXCLUDES,
        include=tuple(map(str, _list(raw.get("include")))) or (".htaccess",),
        markdown_ext=tuple("." + e.strip() for e in (_text(raw.get("markdown_ext"))
                                                      or "markdown,mkdown,mkdn,mkd,md").split(",")),
        data_dir=_text(raw.get("data_dir")) or "_data",
        includes_dir=_text(raw.get("includes_dir")) or "_includes",
        layouts_dir=_text(raw.get("layouts_dir")) or "_layouts",
        plugins=plugins,
        redirect_json=not (isinstance(raw.get("redirect_from"), Mapping) and raw["redirect_from"].get("json") is False),
        show_future=raw.get("future") is True,
        links=social_links({k: v for k, v in raw.items() if k not in {e.key for e in trackers}}),
        trackers=trackers,
        tracker_values=tuple(sorted({v for e in trackers for v in _scalars(raw[e.key]) if len(v) >= 4})),
        plugin_entry=entries.get("plugins") or entries.get("gems"),
        unsupported=tuple((entries[k], why) for k, why in _UNSUPPORTED.items() if k in entries),
    )


def _is_comment_service(key: str, value: Any) -> bool:
    return key == "comments" and isinstance(value, (Mapping, str))


def _entry_text(text: str, lines: dict[str, int], key: str) -> str:
    """The lines of a top-level key, up to the next top-level key, without trailing blanks and comments."""
    start = lines.get(key)
    if not start:
        return f"{key}: …"
    later = sorted(line for line in lines.values() if line > start)
    rows = text.splitlines()[start - 1:(later[0] - 1) if later else None]
    while len(rows) > 1 and (not rows[-1].strip() or rows[-1].lstrip().startswith("#")):
        rows.pop()
    return "\n".join(rows)


def _text(value: Any) -> str:
    if value is None or isinstance(value, (Mapping, list)):
        return ""
    return str(value).strip()


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _scalars(value: Any) -> list[str]:
    if isinstance(value, Mapping):
        return [s for v in value.values() for s in _scalars(v)]
    if isinstance(value, list):
        return [s for v in value for s in _scalars(v)]
    return [] if isinstance(value, bool) or value is None else [str(value)]


def _language(raw: Mapping[str, Any]) -> str:
    value = _text(raw.get("lang")) or _text(raw.get("language")) or _text(raw.get("locale"))
    return value.replace("_", "-")


def _author(value: Any) -> str:
    if isinstance(value, Mapping):
        return _text(value.get("name"))
    return _text(value)
