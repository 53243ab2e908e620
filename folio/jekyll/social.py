"""Profile links recognised in a Jekyll `_config.yml`, in the many shapes themes use."""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from .model import Link

# network key -> (name shown, profile URL for a user name); None: only a full URL is understood.
NETWORKS: dict[str, tuple[str, str | None]] = {
    "twitter": ("Twitter", "https://twitter.com/{}"),
    "x": ("X", "https://x.com/{}"),
    "github": ("GitHub", "https://github.com/{}"),
    "gitlab": ("GitLab", "https://gitlab.com/{}"),
    "linkedin": ("LinkedIn", "https://www.linkedin.com/in/{}"),
    "facebook": ("Facebook", "https://www.facebook.com/{}"),
    "instagram": ("Instagram", "https://www.instagram.com/{}"),
    "youtube": ("YouTube", "https://www.youtube.com/@{}"),
    "huggingface": ("Hugging Face", "https://huggingface.co/{}"),
    "hugging_face": ("Hugging Face", "https://huggingface.co/{}"),
    "kaggle": ("Kaggle", "https://www.kaggle.com/{}"),
    "medium": ("Medium", "https://medium.com/@{}"),
    "stackoverflow": ("Stack Overflow", "https://stackoverflow.com/users/{}"),
    "bluesky": ("Bluesky", "https://bsky.app/profile/{}"),
    "orcid": ("ORCID", "https://orcid.org/{}"),
    "mastodon": ("Mastodon", None),
    "google_scholar": ("Google Scholar", None),
    "scholar": ("Google Scholar", None),
    "researchgate": ("ResearchGate", "https://www.researchgate.net/profile/{}"),
}
# host (without www.) -> name, for links given only as URLs.
HOSTS = {"twitter.com": "Twitter", "x.com": "X", "github.com": "GitHub", "gitlab.com": "GitLab",
         "linkedin.com": "LinkedIn", "facebook.com": "Facebook", "instagram.com": "Instagram",
         "youtube.com": "YouTube", "huggingface.co": "Hugging Face", "kaggle.com": "Kaggle",
         "medium.com": "Medium", "stackoverflow.com": "Stack Overflow", "bsky.app": "Bluesky",
         "orcid.org": "ORCID", "scholar.google.com": "Google Scholar", "researchgate.net": "ResearchGate"}
_SUFFIXES = ("_username", "_user", "_url", "_handle", "_id")
_CONTAINERS = ("social", "social_links", "social_media", "links", "author", "minima")


def social_links(config: Mapping[str, Any]) -> tuple[Link, ...]:
    """Every profile link the config names, in the order it names them, each URL once."""
    seen: set[str] = set()
    links = []
    for link in _links_in(config, depth=0):
        key = link.url.rstrip("/")
        if key not in seen:
            seen.add(key)
            links.append(link)
    return tuple(links)


def _links_in(mapping: Mapping[str, Any], depth: int) -> Iterator[Link]:
    for key, value in mapping.items():
        network = network_of(str(key))
        if network:
            link = _link(network, value)
            if link:
                yield link
        elif str(key) in _CONTAINERS and depth < 2:
            yield from _links_in_container(value, depth + 1)


def _links_in_container(value: Any, depth: int) -> Iterator[Link]:
    if isinstance(value, Mapping):
        yield from _links_in(value, depth)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, str) and _is_url(item):
                yield Link(name_of_url(item), item)
            elif isinstance(item, Mapping):
                yield from _link_from_entry(item)


def _link_from_entry(item: Mapping[str, Any]) -> Iterator[Link]:
    """A list entry such as { platform: github, user_url: https://… } or { name: X, url: … }."""
    url = next((item[k] for k in ("url", "user_url", "link", "href") if isinstance(item.get(k), str)), None)
    label = next((item[k] for k in ("name", "title", "platform", "label") if isinstance(item.get(k), str)), None)
    if url and _is_url(url):
        network = network_of(label.lower()) if label else None
        yield Link(NETWORKS[network][0] if network else (label or name_of_url(url)), url)


def network_of(key: str) -> str | None:
    key = key.lower()
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and key[: -len(suffix)] in NETWORKS:
            return key[: -len(suffix)]
    return key if key in NETWORKS else None


def _link(network: str, value: Any) -> Link | None:
    if isinstance(value, Mapping):  # jekyll-seo-tag: twitter: { username: … }
        value = value.get("username") or value.get("url")
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    name, template = NETWORKS[network]
    if _is_url(value):
        return Link(name, value)
    if template is None or not re.fullmatch(r"@?[\w.-]+", value):
        return None
    return Link(name, template.format(value.lstrip("@")))


def _is_url(value: str) -> bool:
    return bool(re.match(r"^https?://[^/\s]+", value))


def name_of_url(url: str) -> str:
    host = (urlsplit(url).hostname or url).removeprefix("www.")
    return HOSTS.get(host, host)
