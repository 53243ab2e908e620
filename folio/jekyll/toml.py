"""Imported settings merged into the text of site/site.toml, keeping the owner's comments and other settings.

Written by hand (the standard library reads TOML but does not write it): each imported key's value is
replaced where it stands, or added before the first table. The result is read back with tomllib and
compared with what was meant, so a mistake here can never leave a broken settings file.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from enum import Enum
from typing import Any

from .errors import ImportRefused
from .model import Link
from .settings import ImportedSettings, SettingValue

SETTINGS_PATH = "site/site.toml"
PLACEHOLDER = "FILL IN"


class SettingStatus(Enum):
    SET = "set"          # written: the key was missing, empty or a FILL IN placeholder (or --overwrite)
    ADDED = "added"      # links: the imported ones the file did not list yet, appended
    KEPT = "kept"        # the owner's value differs and stays (--overwrite replaces it)
    SAME = "same"        # already this value


@dataclass(frozen=True)
class SettingChange:
    key: str
    value: SettingValue
    status: SettingStatus
    previous: str = ""   # the value the file held, as TOML


def merge_settings(text: str | None, settings: ImportedSettings, overwrite: bool) -> tuple[str, list[SettingChange]]:
    """The new text of site.toml (`text` None: the file does not exist yet) and what changed, key by key."""
    text = text or ""
    current = _read(text)
    changes = []
    for key, value in settings.items():
        change, text = _merge_one(text, current, key, value, overwrite)
        changes.append(change)
    _check(text, changes)
    return text, changes


def _read(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ImportRefused(SETTINGS_PATH, f"is not valid TOML ({exc})",
                            "fix the settings file first (see README, 'Settings'), then import again") from None


def _merge_one(text: str, current: dict[str, Any], key: str, value: SettingValue,
               overwrite: bool) -> tuple[SettingChange, str]:
    if isinstance(value, tuple):
        return _merge_links(text, current, key, value)
    if key not in current:
        return SettingChange(key, value, SettingStatus.SET), _insert(text, f"{key} = {toml_string(value)}\n")
    previous = current[key]
    if previous == value:
        return SettingChange(key, value, SettingStatus.SAME), text
    span = find_assignment(text, key)
    if span is None:  # written in a form this module does not edit (a dotted or quoted key): left alone
        return SettingChange(key, value, SettingStatus.KEPT, repr(previous)), text
    old_text = text[span[0]:span[1]]
    if previous == "" or PLACEHOLDER in _line_of(text, span[0]) or overwrite:
        replaced = _replace(text, span, key, toml_string(value))
        return SettingChange(key, value, SettingStatus.SET, old_text), replaced
    return SettingChange(key, value, SettingStatus.KEPT, old_text), text


def _merge_links(text: str, current: dict[str, Any], key: str, links: tuple[Link, ...]) -> tuple[SettingChange, str]:
    existing = current.get(key) if isinstance(current.get(key), list) else []
    known = {str(item.get("url", "")).rstrip("/") for item in existing if isinstance(item, dict)}
    new = tuple(link for link in links if link.url.rstrip("/") not in known)
    if not new:
        return SettingChange(key, links, SettingStatus.SAME), text
    kept = tuple(Link(str(i.get("name", "")), str(i.get("url", ""))) for i in existing if isinstance(i, dict))
    value = toml_links(kept + new)
    span = find_assignment(text, key)
    if span is None:
        return SettingChange(key, new, SettingStatus.ADDED), _insert(text, f"{key} = {value}\n")
    return SettingChange(key, new, SettingStatus.ADDED), _replace(text, span, key, value, keep_comment=True)


def _line_of(text: str, position: int) -> str:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start:end if end >= 0 else len(text)]


def _replace(text: str, span: tuple[int, int], key: str, value: str, keep_comment: bool = False) -> str:
    """Replace the assignment in `span`; a FILL IN comment after it goes, any other comment stays."""
    start, end = span
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[end:line_end]
    if PLACEHOLDER in rest and not keep_comment:
        rest = ""
    return text[:start] + f"{key} = {value}" + rest + text[line_end:]


def _insert(text: str, line: str) -> str:
    table = re.search(r"^[ \t]*\[", text, re.M)
    if table:
        return text[:table.start()] + line + "\n" + text[table.start():]
    if text and not text.endswith("\n"):
        text += "\n"
    return text + line


def find_assignment(text: str, key: str) -> tuple[int, int] | None:
    """Where `key = value` stands at the top level: from the key to the end of its value."""
    pattern = re.compile(rf"^[ \t]*(?:{re.escape(key)}|\"{re.escape(key)}\")[ \t]*=[ \t]*", re.M)
    table = re.search(r"^[ \t]*\[", text, re.M)
    limit = table.start() if table else len(text)
    for match in pattern.finditer(text, 0, limit):
        if _in_multiline_string(text, match.start()):
            continue
        start = match.start() + len(match.group(0)) - len(match.group(0).lstrip(" \t"))
        return start, _value_end(text, match.end())
    return None


def _in_multiline_string(text: str, position: int) -> bool:
    before = text[:position]
    return before.count('"""') % 2 == 1 or before.count("'''") % 2 == 1


def _value_end(text: str, pos: int) -> int:
    """The end of the TOML value starting at `pos`: a string, an array or inline table, or a bare word."""
    for quote in ('"""', "'''"):
        if text.startswith(quote, pos):
            end = text.find(quote, pos + 3)
            while end >= 0 and quote == '"""' and _escaped(text, end):
                end = text.find(quote, end + 1)
            if end < 0:
                return len(text)
            extra = 0  # up to two quotes of the content may touch the closing ones
            while extra < 2 and text.startswith(quote[0], end + 3 + extra):
                extra += 1
            return end + 3 + extra
    char = text[pos:pos + 1]
    if char in ('"', "'"):
        return _string_end(text, pos)
    if char in ("[", "{"):
        return _bracket_end(text, pos)
    match = re.compile(r"[^\s#,\]}]*").match(text, pos)
    return match.end() if match else pos


def _escaped(text: str, pos: int) -> bool:
    backslashes = len(text[:pos]) - len(text[:pos].rstrip("\\"))
    return backslashes % 2 == 1


def _string_end(text: str, pos: int) -> int:
    quote = text[pos]
    index = pos + 1
    while index < len(text) and text[index] != "\n":
        if text[index] == "\\" and quote == '"':
            index += 2
            continue
        if text[index] == quote:
            return index + 1
        index += 1
    return index


def _bracket_end(text: str, pos: int) -> int:
    depth, index = 0, pos
    while index < len(text):
        char = text[index]
        if char in "\"'":
            index = _value_end(text, index)
            continue
        if char == "#":
            newline = text.find("\n", index)
            index = len(text) if newline < 0 else newline
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return len(text)


def toml_string(value: str) -> str:
    escapes = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
    out = []
    for char in value:
        if char in escapes:
            out.append(escapes[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_links(links: tuple[Link, ...]) -> str:
    rows = "".join(f"  {{ name = {toml_string(link.name)}, url = {toml_string(link.url)} }},\n" for link in links)
    return "[\n" + rows + "]"


def _check(text: str, changes: list[SettingChange]) -> None:
    """Read the result back: every key set must hold exactly the imported value."""
    try:
        result = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # pragma: no cover - a bug in this module, never the owner's
        raise ImportRefused(SETTINGS_PATH, f"merging the imported settings would break it ({exc})",
                            "report this; your settings file was not changed") from None
    for change in changes:
        if change.status is SettingStatus.SET and result.get(change.key) != change.value:
            raise ImportRefused(SETTINGS_PATH, f"merging '{change.key}' went wrong",  # pragma: no cover
                                "report this; your settings file was not changed")
        if change.status is SettingStatus.ADDED:
            urls = {str(item.get("url")) for item in result.get(change.key, []) if isinstance(item, dict)}
            if not all(isinstance(change.value, tuple) and link.url in urls for link in change.value):
                raise ImportRefused(SETTINGS_PATH, f"merging '{change.key}' went wrong",  # pragma: no cover
                                    "report this; your settings file was not changed")
