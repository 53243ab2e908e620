"""Reading Jekyll files: front matter by Jekyll's own rule, and YAML with the line of each key."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .model import SourceRef

# Jekyll: a file is a page when its first line is '---' (trailing spaces allowed).
_HEADER = re.compile(rb"\A---[ \t]*\r?\n")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n?)^(?:---|\.\.\.)[ \t]*$\n?", re.S | re.M)


class Unreadable(Exception):
    """A Jekyll file the importer cannot read; carries where and why, for the report."""

    def __init__(self, where: SourceRef, why: str):
        super().__init__(f"{where}: {why}")
        self.where = where
        self.why = why


@dataclass(frozen=True)
class JekyllText:
    """A Jekyll file's front matter (the YAML mapping) and body, with the line the body starts on."""
    data: Mapping[str, Any]
    body: str
    body_line: int


def has_front_matter(path: Path) -> bool:
    with path.open("rb") as handle:
        return bool(_HEADER.match(handle.readline()))


def read_text(path: Path, where: SourceRef) -> str:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable(where, "not UTF-8 text") from None
    except OSError as exc:
        raise Unreadable(where, f"cannot be read ({exc.strerror})") from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def split(text: str, where: SourceRef) -> JekyllText:
    match = _FRONT_MATTER.match(text)
    if not match:
        return JekyllText({}, text, 1)
    data = load_yaml(match.group(1), where, first_line=2)
    if not isinstance(data, Mapping):
        raise Unreadable(where.at(2), "the front matter is not a mapping of keys to values")
    return JekyllText(data, text[match.end():], 1 + text.count("\n", 0, match.end()))


def load_yaml(text: str, where: SourceRef, first_line: int = 1) -> Any:
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.context_mark or exc.problem_mark  # where the broken construct opened
        line = first_line + mark.line if mark else first_line
        raise Unreadable(where.at(line), f"not valid YAML ({(exc.problem or 'invalid YAML').strip()})") from None
    except (yaml.YAMLError, ValueError) as exc:
        raise Unreadable(where.at(first_line), f"not valid YAML ({exc})") from None
    return {} if data is None else data


def key_lines(text: str) -> dict[str, int]:
    """The line of each top-level key of a YAML mapping (1-based), for pointing at settings."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
