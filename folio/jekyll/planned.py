"""What an import plan holds: the files to write, and what the report must tell about the rest."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .model import Carried, Dropped, Redirect, Untranslated
from .settings import ImportedSettings


@dataclass(frozen=True)
class NewFile:
    target: PurePosixPath      # relative to the project root
    content: bytes
    why: str
    redirects: tuple[str, ...] = ()  # old URLs this file answers (its redirect_from), lost if it is skipped


@dataclass(frozen=True)
class CopiedFile:
    target: PurePosixPath
    source: Path               # inside SRC
    why: str
    redirects: tuple[str, ...] = ()


PlannedFile = NewFile | CopiedFile


@dataclass(frozen=True)
class Conflict:
    """A document the project already has a different page for, at the same URL: not imported."""
    source: str
    url: str
    existing: str


@dataclass
class ImportPlan:
    source_root: Path
    files: list[PlannedFile]
    settings: ImportedSettings
    redirects: list[Redirect] = field(default_factory=list)
    carried: list[Carried] = field(default_factory=list)
    untranslated: list[Untranslated] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    markers: tuple[str, ...] = ()     # the site's tracker IDs: never in any written file
