"""Converted formulas, kept in memory and, by the build, in .folio-cache/mathml.pickle.

A formula's entry is found by a hash of its TeX, whether it is a display, its numbers, the converter's
version and this package's code: any change to one of them converts again. The markdown cache holds whole
pages; this one makes a changed page (or a changed engine) convert only the formulas it has not seen.
Build workers send the formulas they converted back to the build (`fresh`), which saves them.
"""
from __future__ import annotations

import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Callable, Hashable

from ..build.cache import CACHE_DIR, digest
from .convert import CONVERTER

CACHE_FILE = "mathml.pickle"
LIMIT = 200_000  # formulas kept; past it, the least recently used go


@lru_cache(maxsize=1)
def salt() -> str:
    package = Path(__file__).resolve().parent
    return digest(CONVERTER, *(p.read_bytes() for p in sorted(package.glob("*.py"))))


class FormulaCache:
    def __init__(self) -> None:
        self.entries: dict[str, str] = {}
        self.fresh: dict[str, str] = {}  # converted by this process since `take_fresh`
        self.conversions = 0  # how many formulas this process converted (benchmarks and tests read it)

    def get(self, key: Hashable, make: Callable[[], str]) -> str:
        name = digest(salt(), repr(key))
        found = self.entries.pop(name, None)
        if found is None:
            found = make()
            self.conversions += 1
            self.fresh[name] = found
        self.entries[name] = found  # last in the dict: most recently used
        if len(self.entries) > LIMIT:
            del self.entries[next(iter(self.entries))]
        return found

    def take_fresh(self) -> dict[str, str]:
        fresh, self.fresh = self.fresh, {}
        return fresh

    def add(self, entries: dict[str, str]) -> None:
        self.entries.update(entries)

    def load(self, root: Path) -> None:
        """Add the entries a previous build saved under `root` (none when they came from other code)."""
        try:
            with (root / CACHE_DIR / CACHE_FILE).open("rb") as f:
                data = pickle.load(f)
            if data.get("salt") == salt():
                self.entries = {**data["entries"], **self.entries}
        except Exception:  # noqa: BLE001 - no cache, or an unreadable one: convert again
            pass

    def save(self, root: Path) -> None:
        """Write the entries for the next build; a cache that cannot be written only makes it slower."""
        path = root / CACHE_DIR / CACHE_FILE
        try:
            path.parent.mkdir(exist_ok=True)
            handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=CACHE_FILE, suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as f:
                    pickle.dump({"salt": salt(), "entries": self.entries}, f, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError:
            pass


FORMULAS = FormulaCache()
