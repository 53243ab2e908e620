"""Typed values from what the owner wrote (front matter, site.toml), each error at the line of its key."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from ..errors import ContentError

KIND_NAMES = {str: "text", bool: "true or false", list: "a list", dict: "a table of keys and values",
              int: "a whole number"}


@dataclass(frozen=True)
class Field:
    kind: type
    hint: str  # how to write it right, e.g. 'write title: "Your title"'


def kind_name(kind: type) -> str:
    return KIND_NAMES.get(kind, kind.__name__)


def value_kind(value: Any) -> str:
    return next((name for kind, name in KIND_NAMES.items() if type(value) is kind), type(value).__name__)


class Fields:
    """One mapping the owner wrote. `label` words a key in messages: "'{}'" or "setting '{}'"."""

    def __init__(self, data: Mapping[str, Any], path: Path, line_of: Callable[[str], int | None],
                 label: str = "'{}'"):
        self.data, self.path, self.line_of, self.label = data, path, line_of, label

    def error(self, key: str, message: str, hint: str) -> ContentError:
        return ContentError(self.path, self.line_of(key), message, hint)

    def get(self, key: str, field: Field, default: Any = None) -> Any:
        """The value of `key`, or `default` when it is absent or empty; an error when it has the wrong type."""
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, field.kind) or (field.kind is int and isinstance(value, bool)):
            raise self.error(key, f"{self.label.format(key)} must be {kind_name(field.kind)}, "
                                  f"not {value_kind(value)}", field.hint)
        return value

    def check(self, schema: Mapping[str, Field]) -> dict[str, Any]:
        """Every key of `schema` that is present, checked; other keys are left to the caller."""
        return {key: self.get(key, field) for key, field in schema.items() if self.data.get(key) is not None}
