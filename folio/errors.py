"""The one error type the owner ever sees (file, line, what is wrong, what to do), and where they gather."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence


class ContentError(Exception):
    """A mistake in the owner's content, reported as `path:line: message — hint`."""

    def __init__(self, path: Path | str, line: int | None, message: str, hint: str = ""):
        super().__init__(message)
        self.path = Path(path)
        self.line = line
        self.message = message
        self.hint = hint

    def location(self, root: Path | None = None) -> str:
        path = self.path
        if root is not None:  # relative to the site, without following symlinks (they may point away)
            for base in (root.absolute(), root.resolve()):
                if path.absolute().is_relative_to(base):
                    path = path.absolute().relative_to(base)
                    break
        return f"{path}:{self.line}" if self.line else str(path)

    def format(self, root: Path | None = None) -> str:
        text = f"{self.location(root)}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text

    def __str__(self) -> str:
        return self.format()

    def __reduce__(self):  # workers send errors back to the build by pickling them
        return (ContentError, (self.path, self.line, self.message, self.hint))


class ContentErrors(Exception):
    """Several content errors at once, so one run reports every problem."""

    def __init__(self, errors: list[ContentError]):
        super().__init__(f"{len(errors)} content error(s)")
        self.errors = errors

    def __reduce__(self):
        return (ContentErrors, (self.errors,))


@dataclass
class ErrorCollector:
    """The problems of one build, each once, in the order they were found.

    The build hands one to the app: a page whose rendering fails then shows its error and the build goes on,
    so that one run reports every problem. The same mistake met twice (a role page that the resume reads
    too) is listed once.
    """
    errors: list[ContentError] = field(default_factory=list)
    _seen: set[tuple] = field(default_factory=set, repr=False)

    def add(self, error: ContentError) -> None:
        key = (str(error.path), error.line, error.message)
        if key not in self._seen:
            self._seen.add(key)
            self.errors.append(error)

    def extend(self, errors: list[ContentError]) -> None:
        for error in errors:
            self.add(error)


def source_line(text: str | Sequence[str], needle: str | re.Pattern[str], after: int = 0) -> int | None:
    """The number of the first line after line `after` that holds `needle`, in a text or its list of lines.

    A string is looked for anywhere in a line; a pattern must match at the line's start. Used wherever an
    error must point at the line of a file that the parser that read it did not keep.
    """
    lines = text.splitlines() if isinstance(text, str) else text
    for number, line in enumerate(lines[after:], start=after + 1):
        if needle.match(line) if isinstance(needle, re.Pattern) else needle in line:
            return number
    return None


def key_line(text: str, key: str, separator: str = "=", after: int = 0, indented: bool = False) -> int | None:
    """The line of `key =` (TOML) or `key:` (YAML) in a file's text; `indented` for a nested key."""
    indent = r"\s+" if indented else r"\s*"
    return source_line(text, re.compile(rf"{indent}{re.escape(key)}\s*{re.escape(separator)}"), after)
