"""The one error the importer raises: a single line saying what is wrong and what to do."""
from __future__ import annotations


class ImportRefused(Exception):
    """The import cannot start or cannot go on; `str()` is the line to print."""

    def __init__(self, where: str, message: str, hint: str):
        super().__init__(f"{where}: {message} — {hint}")
        self.where = where
        self.message = message
        self.hint = hint
