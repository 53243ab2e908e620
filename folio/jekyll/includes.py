"""Jekyll includes: a simple one becomes a Jinja include of the engine; others are listed, not imported.

Simple means: HTML with `{{ page.title }}`, `{{ site.title }}`-like values, `{{ include.x }}` parameters and
`relative_url`/`absolute_url` on them, `{% raw %}` and `{% comment %}`. Loops, conditions, assignments
and nested includes make an include complex.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .embeds import EmbedKind, has_tracker
from .expressions import Expression, Untranslatable, parse_expression
from .frontmatter import Unreadable, read_text
from .liquid import IncludeStatus, IncludeVerdict
from .liquid_syntax import Node, TokenKind, parse
from .model import SourceRef

# The engine's rule for include names (folio/liquid.py).
SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")
_VARIABLES = {"page.title": "page.title", "page.description": "page.description", "page.url": "page.url",
              "site.title": "site.title", "site.name": "site.title", "site.description": "site.description",
              "site.author": "site.author", "site.author.name": "site.author", "site.lang": "site.language",
              "site.url": "public_url('').rstrip('/')"}
_SILENT_FILTERS = ("escape", "xml_escape", "escape_once")


class _Tracker(Exception):
    pass


@dataclass(frozen=True)
class IncludeFile:
    """What the importer makes of one `_includes/NAME`."""
    name: str
    verdict: IncludeVerdict
    jinja: str | None      # the Jinja template, for a converted include
    source: str            # its path in the Jekyll site
    prints_heading: bool   # it prints an <h1>, so the page's layout must not print the title again


class IncludeJudge:
    def __init__(self, src: Path, includes_dir: str, project_includes: frozenset[str], baseurl: str,
                 markers: tuple[str, ...]):
        self.src, self.includes_dir = src, includes_dir
        self.project_includes, self.baseurl, self.markers = project_includes, baseurl, markers
        self._seen: dict[str, IncludeFile] = {}

    def verdict(self, name: str) -> IncludeVerdict:
        return self.judge(name).verdict

    def judge(self, name: str) -> IncludeFile:
        if name not in self._seen:
            self._seen[name] = self._judge(name)
        return self._seen[name]

    def judged(self) -> list[IncludeFile]:
        return list(self._seen.values())

    def _judge(self, name: str) -> IncludeFile:
        source = f"{self.includes_dir}/{name}"
        if not SAFE_NAME.match(name) or ".." in name.split("/"):
            return IncludeFile(name, IncludeVerdict(IncludeStatus.COMPLEX, f"the include name {name!r} is not one "
                                                    "the engine accepts"), None, source, False)
        path = self.src / self.includes_dir / PurePosixPath(name)
        if not path.is_file():
            if name in self.project_includes:
                return IncludeFile(name, IncludeVerdict(IncludeStatus.PROJECT), None, source, False)
            return IncludeFile(name, IncludeVerdict(IncludeStatus.MISSING, f"there is no {source}"), None, source, False)
        try:
            text = read_text(path, SourceRef(source))
            if has_tracker(text, self.markers):
                raise _Tracker()
            jinja = to_jinja(text, self.baseurl, self.markers)
        except _Tracker:
            return IncludeFile(name, IncludeVerdict(IncludeStatus.TRACKER, f"{source} is analytics or comments: "
                                                    "this engine makes no third-party requests"), None, source, False)
        except (Untranslatable, Unreadable) as problem:
            return self._complex(name, source, problem.why)
        return IncludeFile(name, IncludeVerdict(IncludeStatus.CONVERTED), jinja, source, "<h1" in text.lower())

    def _complex(self, name: str, source: str, why: str) -> IncludeFile:
        if name in self.project_includes:
            return IncludeFile(name, IncludeVerdict(IncludeStatus.PROJECT), None, source, False)
        return IncludeFile(name, IncludeVerdict(IncludeStatus.COMPLEX, f"{source} holds {why}, so it is not "
                                                "imported; redo it as a Jinja template in templates/includes/"),
                           None, source, False)


def to_jinja(text: str, baseurl: str = "", markers: tuple[str, ...] = ()) -> str:
    """A simple include as a Jinja template; Untranslatable names what makes it complex."""
    return "".join(_node(node, baseurl) for node in parse(text, markers))


def _node(node: Node, baseurl: str) -> str:
    token = node.token
    if token.kind is TokenKind.TEXT:
        return f"{{% raw %}}{token.source}{{% endraw %}}" if "{#" in token.source else token.source
    if token.kind is TokenKind.RAW:
        return f"{{% raw %}}{token.markup}{{% endraw %}}"
    if token.kind is TokenKind.OUTPUT:
        left, right = ("-" if token.trim_left else ""), ("-" if token.trim_right else "")
        return f"{{{{{left} {_jinja(parse_expression(token.markup), baseurl)} {right}}}}}"
    if token.kind is TokenKind.EMBED:
        assert token.embed is not None
        if token.embed.kind in (EmbedKind.TRACKER, EmbedKind.COMMENTS):
            raise _Tracker()
        raise Untranslatable(f"an {token.embed.kind.value}" if token.embed.kind.value[0] in "aei"
                             else f"a {token.embed.kind.value}")
    if node.is_block and token.name == "comment":
        return ""
    if token.kind is TokenKind.BROKEN:
        raise Untranslatable("Liquid that is not closed")
    raise Untranslatable(f"Liquid logic ({{% {token.name} %}})")


def _jinja(expression: Expression, baseurl: str) -> str:
    filters = [f for f in expression.filters if f.name not in _SILENT_FILTERS]
    url_filter = filters[0].name if filters and filters[0].name in ("relative_url", "absolute_url") else ""
    if len(filters) > (1 if url_filter else 0):
        raise Untranslatable(f"the Liquid filter '{filters[-1].name}'")
    if expression.literal is not None:
        value = _string(expression.literal)
        if url_filter == "relative_url":
            return f"site_url({_string('/' + expression.literal.lstrip('/'))})"
        if url_filter == "absolute_url":
            return f"public_url({value})"
        return value
    value = _variable(expression.variable, baseurl)
    if url_filter == "relative_url":
        return f"site_url('/' ~ (({value})|string).lstrip('/'))" if value != "site_url('')" else value
    if url_filter == "absolute_url":
        return f"public_url(({value})|string)"
    return value


def _variable(name: str, baseurl: str) -> str:
    if name in _VARIABLES:
        return _VARIABLES[name]
    if name == "site.baseurl":
        return "site_url('/')" if baseurl.endswith("/") else "site_url('')"
    if name.startswith("include.") and re.fullmatch(r"include\.[A-Za-z_]\w*", name):
        return name
    raise Untranslatable(f"the value '{name}'")


def _string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
