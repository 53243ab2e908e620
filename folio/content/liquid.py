"""The part of Jekyll's Liquid the owner's pages use: `{% include NAME %}` and `{% raw %}`.

Any other tag or `{{ output }}` is an error naming file:line, so Liquid is never shown as raw text.
Includes become HTML-comment placeholders that markdown passes through untouched; the Jinja
template behind each one is rendered when the page is rendered, so template edits show at once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError

_TAG = re.compile(r"\{%-?\s*(.*?)\s*-?%\}|\{\{-?\s*(.*?)\s*-?\}\}", re.S)
_INCLUDE = re.compile(r"include\s+(?P<name>[^\s]+)(?P<params>(?:\s+[A-Za-z_][\w-]*\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*$")
_PARAM = re.compile(r"([A-Za-z_][\w-]*)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")
PLACEHOLDER = "<!--folio-include-{}-->"


@dataclass(frozen=True)
class Include:
    name: str
    line: int
    params: dict[str, str] = field(default_factory=dict)

    @property
    def template(self) -> str:
        return f"includes/{self.name}"


def expand_liquid(body: str, path: Path, first_line: int, includes_dir: Path) -> tuple[str, list[Include]]:
    """Return the body with includes replaced by placeholders, and the includes in order."""
    out: list[str] = []
    includes: list[Include] = []
    pos = 0
    in_raw = False
    for match in _TAG.finditer(body):
        line = first_line + body.count("\n", 0, match.start())
        tag = match.group(1)
        if in_raw:
            if tag == "endraw":
                out.append(body[pos:match.start()])
                pos, in_raw = match.end(), False
            continue
        out.append(body[pos:match.start()])
        pos = match.end()
        if tag == "raw":
            in_raw = True
        elif tag is not None and tag.startswith("include"):
            includes.append(_include(tag, path, line, includes_dir))
            out.append(PLACEHOLDER.format(len(includes) - 1))
        else:
            raise ContentError(path, line, f"unsupported Liquid {match.group(0).strip()!r}",
                               "only {% include NAME %} and {% raw %}…{% endraw %} work here; "
                               "remove the tag or wrap literal braces in {% raw %}")
    if in_raw:
        raise ContentError(path, first_line + body.count("\n", 0, pos), "{% raw %} is never closed",
                           "add {% endraw %}")
    out.append(body[pos:])
    return "".join(out), includes


def _include(tag: str, path: Path, line: int, includes_dir: Path) -> Include:
    match = _INCLUDE.match(tag)
    if not match:
        raise ContentError(path, line, f"cannot read the include tag {{% {tag} %}}",
                           "write {% include NAME.html %} with optional key=\"value\" pairs")
    name = match.group("name")
    if not _SAFE_NAME.match(name) or ".." in name.split("/"):
        raise ContentError(path, line, f"include {name!r} points outside templates/includes",
                           "name a file inside templates/includes, without '..' or a leading '/'")
    if not (includes_dir / name).is_file():
        raise ContentError(path, line, f"include {name!r} does not exist",
                           f"create templates/includes/{name} or fix the name")
    params = {m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
              for m in _PARAM.finditer(match.group("params"))}
    return Include(name, line, params)
