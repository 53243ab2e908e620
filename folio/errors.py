"""The one error type the owner ever sees: file, line, what is wrong, what to do."""
from __future__ import annotations

from pathlib import Path


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


class ContentErrors(Exception):
    """Several content errors at once, so one run reports every problem."""

    def __init__(self, errors: list[ContentError]):
        super().__init__(f"{len(errors)} content error(s)")
        self.errors = errors
