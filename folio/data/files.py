"""site/data/*: YAML, JSON and TOML files read into plain data, as Jekyll's `_data`.

`site/data/sections.yml` is `site.data.sections` in every template; `site/data/team/people.json` is
`site.data.team.people`. Each file keeps where its values were written, so that a feature checking one
(the section cards) can name the file and line of a mistake.
"""
from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml

from ..content.frontmatter import load_yaml
from ..content.pages import read_source
from ..errors import ContentError, key_line, source_line

DATA_DIR = Path("site") / "data"
SUFFIXES = (".yml", ".yaml", ".json", ".toml")
WATCH = tuple(f"{DATA_DIR.as_posix()}/**/*{suffix}" for suffix in SUFFIXES)

Key = str | int  # a mapping key or a list index, on the way to a value


@dataclass
class DataFile:
    name: tuple[str, ...]  # ("team", "people") for site/data/team/people.json
    path: Path
    value: Any = None
    error: ContentError | None = None
    text: str = field(default="", repr=False)
    node: yaml.Node | None = field(default=None, repr=False)  # YAML (and JSON, read as YAML) for lines

    @property
    def dotted(self) -> str:
        return "site.data." + ".".join(self.name)

    def line_of(self, *keys: Key) -> int | None:
        """The line where the value at `keys` is written ((2, "title"): the third item's title), if known."""
        if self.node is not None:
            return _node_line(self.node, keys)
        return _text_line(self.text, keys)


def _node_line(node: yaml.Node, keys: tuple[Key, ...]) -> int | None:
    line = node.start_mark.line + 1
    for key in keys:
        if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        elif isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(key)), None)
            if pair is None:
                return line
            line, node = pair[0].start_mark.line + 1, pair[1]
        else:
            return line
    return line


def _text_line(text: str, keys: tuple[Key, ...]) -> int | None:
    """TOML keeps no positions: the line of each key in turn (`key =`), items by their `[[table]]` headers."""
    line, parent = 0, ""
    for key in keys:
        if isinstance(key, int):
            header = re.compile(rf"\s*\[\[\s*{re.escape(parent)}\s*\]\]") if parent else None
            found = line
            for _ in range(key + 1):
                found = source_line(text, header, found) if header else None
                if found is None:
                    break
            line = found or line
        else:
            line = key_line(text, key, "=", line) or line
            parent = key
    return line or None


@dataclass
class SiteData:
    """Every data file of the site, by name; `view` is what templates see as `site.data`."""
    files: dict[tuple[str, ...], DataFile] = field(default_factory=dict)

    def file(self, *name: str) -> DataFile | None:
        return self.files.get(name)

    @property
    def view(self) -> "DataView":
        return DataView(self, ())


class DataView:
    """site.data (or one of its folders) for templates: `site.data.NAME` is the file's data.

    It has no public methods, so that no file name is ever shadowed by one. Reading a file that could not
    be read raises its error, so the page using it shows what is wrong and where.
    """

    def __init__(self, data: SiteData, folder: tuple[str, ...]):
        self._data, self._folder = data, folder

    def _get(self, name: str) -> Any:
        key = (*self._folder, name)
        found = self._data.files.get(key)
        if found is not None:
            if found.error is not None:
                raise found.error
            return found.value
        if any(other[: len(key)] == key for other in self._data.files):
            return DataView(self._data, key)
        raise LookupError(name)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._get(name)
        except LookupError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._get(name)

    def __contains__(self, name: object) -> bool:
        return any(key[: len(self._folder) + 1] == (*self._folder, name) for key in self._data.files)

    def __iter__(self) -> Iterator[str]:
        depth = len(self._folder)
        return iter(dict.fromkeys(key[depth] for key in sorted(self._data.files) if key[:depth] == self._folder))


def load_data(root: Path, max_kb: int) -> tuple[SiteData, list[ContentError]]:
    """Every file of site/data/, each read into plain data or holding its error."""
    data, errors = SiteData(), []
    folder = root / DATA_DIR
    paths = sorted(p for suffix in SUFFIXES for p in folder.rglob(f"*{suffix}") if p.is_file() or p.is_symlink())
    for path in paths:
        name = path.relative_to(folder).with_suffix("").parts
        clash = _clash(data, name)
        if clash is not None:
            shared = min(name, clash.name, key=len)
            clash.error = ContentError(path, None, f"{path.relative_to(root)} and {clash.path.relative_to(root)} "
                                       f"are both site.data.{'.'.join(shared)}", "keep one of them, or rename one")
            errors.append(clash.error)  # the pages reading it show this too
            continue
        data.files[name] = file = read_data_file(path, name, root, max_kb)
        if file.error is not None:
            errors.append(file.error)
    return data, errors


def _clash(data: SiteData, name: tuple[str, ...]) -> DataFile | None:
    """A file already read under the same name, or a folder and a file of one name (team/ and team.yml)."""
    for key, file in data.files.items():
        if key == name or key[: len(name)] == name or name[: len(key)] == key:
            return file
    return None


def read_data_file(path: Path, name: tuple[str, ...], root: Path, max_kb: int) -> DataFile:
    file = DataFile(name, path)
    try:
        file.text = read_source(path, root, max_kb)
        file.value, file.node = _parse(path, file.text)
    except ContentError as error:
        file.error = error
    return file


def _parse(path: Path, text: str) -> tuple[Any, yaml.Node | None]:
    text = text.removeprefix("\ufeff")
    suffix = path.suffix.lower()
    if suffix in (".yml", ".yaml"):
        tab = source_line(text, re.compile(r"[ ]*\t"))
        if tab is not None:
            raise ContentError(path, tab, "a tab character indents this line",
                               "YAML does not allow tabs for indentation: use spaces")
        return load_yaml(text, path, 1, "the data file", "check the YAML syntax")
    if suffix == ".json":
        return _json(path, text), _lines_of_json(text)
    return _toml(path, text), None


def _json(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ContentError(path, exc.lineno, f"the data file is not valid JSON: {exc.msg}",
                           "check commas, quotes and brackets on this line (JSON allows no trailing comma)") from None
    except RecursionError:
        raise ContentError(path, None, "the data file is nested too deeply to read", "flatten it") from None


def _lines_of_json(text: str) -> yaml.Node | None:
    """JSON is nearly always YAML too: its node tree gives the line of every key and item, where it reads."""
    try:
        return yaml.compose(text, Loader=yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader)
    except Exception:  # noqa: BLE001 - lines are a courtesy; the data came from json already
        return None


def _toml(path: Path, text: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        message = re.sub(r"\s*\(at (line|end of document).*\)$", "", str(exc))
        raise ContentError(path, int(match.group(1)) if match else None, f"the data file is not valid TOML: {message}",
                           "fix the TOML syntax on this line (strings need quotes)") from None
