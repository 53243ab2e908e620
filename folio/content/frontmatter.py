"""YAML front matter between `---` lines, with the line of every key kept for error messages."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import ContentError

try:  # the C loader is several times faster; the pure-Python one behaves the same
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

FENCE = "---"


@dataclass
class FrontMatter:
    data: dict[str, Any]
    key_lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # the file line on which the body starts

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)


def split_front_matter(text: str, path: Path) -> FrontMatter:
    """Split `text` into its front matter and body; raise ContentError on any mistake."""
    text = text.removeprefix("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != FENCE:
        raise ContentError(path, 1, "no front matter",
                           "start the file with a line '---', the YAML keys (at least title:), then '---'")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            yaml_text = "".join(lines[1:index])
            data, key_lines = _parse_yaml(yaml_text, path, first_line=2)
            return FrontMatter(data, key_lines, "".join(lines[index + 1:]), body_line=index + 2)
    raise ContentError(path, 1, "front matter is not closed",
                       "add a line '---' after the last front-matter key")


def _impossible_timestamp(loader: Any, node: Any) -> Any:
    """The first scalar in the tree that looks like a timestamp but is no real date or time."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:timestamp":
            try:
                loader.construct_yaml_timestamp(node)
            except ValueError:
                return node
        return None
    children = node.value if isinstance(node, yaml.SequenceNode) else \
        [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else []
    return next((bad for child in children if (bad := _impossible_timestamp(loader, child))), None)


def _parse_yaml(yaml_text: str, path: Path, first_line: int) -> tuple[dict[str, Any], dict[str, int]]:
    if "\t" in yaml_text:
        line = first_line + yaml_text[: yaml_text.index("\t")].count("\n")
        raise ContentError(path, line, "a tab character in the front matter",
                           "YAML does not allow tabs for indentation: use spaces")
    data, node = load_yaml(yaml_text, path, first_line, "front matter", "check the YAML between the '---' lines")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(path, first_line, "front matter must be key: value pairs, not a "
                           + type(data).__name__, "write one 'key: value' per line")
    key_lines = {str(key.value): first_line + key.start_mark.line for key, _ in node.value} if node else {}
    return {str(k): v for k, v in data.items()}, key_lines


def load_yaml(yaml_text: str, path: Path, first_line: int = 1, what: str = "the file",
              hint: str = "check the YAML syntax") -> tuple[Any, yaml.Node | None]:
    """The data of a YAML text and its node tree (whose marks give the line of every key and item).

    Any mistake is a ContentError at its line; `what` names the text in the message ("front matter").
    """
    loader = _Loader(yaml_text)
    node = None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        # The context mark is where the broken construct opened (an unclosed quote or bracket).
        mark = exc.context_mark or exc.problem_mark
        line = first_line + mark.line if mark else first_line
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise ContentError(path, line, f"{what} is not valid YAML: {problem}",
                           "check quotes, colons and indentation on this line") from None
    except yaml.YAMLError as exc:
        raise ContentError(path, first_line, f"{what} is not valid YAML: {exc}", hint) from None
    except RecursionError:
        raise ContentError(path, first_line, f"{what} is nested too deeply to read",
                           "flatten the lists and mappings") from None
    except ValueError as exc:  # PyYAML builds a date from anything shaped like one, e.g. 2025-02-30
        bad = _impossible_timestamp(loader, node) if node is not None else None
        line, text = (first_line + bad.start_mark.line, repr(bad.value)) if bad else (first_line, "a value")
        raise ContentError(path, line, f"{text} is not a valid date or date-time ({exc})",
                           "write a real date as YYYY-MM-DD, e.g. 2025-12-09") from None
    finally:
        loader.dispose()
    return data, node
