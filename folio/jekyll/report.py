"""The import report: what was written, skipped and not translated, what was dropped, and what to do next."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path, PurePosixPath

from .model import Carried, Dropped, Redirect, Untranslated
from .planned import Conflict
from .toml import SettingChange, SettingStatus

_DROPPED_LINES = 6  # theme markup can be long: the report shows its start


class Outcome(Enum):
    WRITTEN = "written"
    WOULD_WRITE = "would write"   # --dry-run
    SKIPPED = "skipped"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class FileOutcome:
    target: PurePosixPath
    outcome: Outcome
    why: str


@dataclass
class Report:
    source: Path
    project: Path
    dry_run: bool
    files: list[FileOutcome] = field(default_factory=list)
    settings: list[SettingChange] = field(default_factory=list)
    redirects: list[Redirect] = field(default_factory=list)
    lost_redirects: list[tuple[PurePosixPath, str]] = field(default_factory=list)
    carried: list[Carried] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    untranslated: list[Untranslated] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)

    def outcomes(self, *kinds: Outcome) -> list[FileOutcome]:
        return [f for f in self.files if f.outcome in kinds]

    @property
    def written(self) -> list[FileOutcome]:
        return self.outcomes(Outcome.WRITTEN, Outcome.WOULD_WRITE)

    @property
    def skipped(self) -> list[FileOutcome]:
        return self.outcomes(Outcome.SKIPPED)

    @property
    def unchanged(self) -> list[FileOutcome]:
        return self.outcomes(Outcome.UNCHANGED)

    def render(self) -> str:
        lines = [f"Jekyll import from {self.source} into {self.project}"
                 + (" — dry run: nothing was written" if self.dry_run else "")]
        title = "Would write" if self.dry_run else "Written"
        lines += _section(title, [f"{f.target}  — {f.why}" for f in self.written])
        lines += _section("Skipped", [f"{f.target}  — {f.why}" for f in self.skipped]
                          + [f"{c.source}  — the project already has {c.existing} at {c.url}; not imported"
                             for c in self.conflicts])
        lines += _section("Unchanged (already as imported)", [str(f.target) for f in self.unchanged])
        lines += _section("Settings (site/site.toml)", [_setting(c) for c in self.settings])
        lines += _section("Redirects: old addresses that now lead to the new ones",
                          [f"{r.old_url} → {r.new_url}  ({r.source})" for r in self.redirects])
        lines += _section("Carried onto the engine's own features",
                          [f"{c.where}: {_first_line(c.text)}  → {c.became}" for c in self.carried])
        lines += _section("Not translated: left out of the imported pages, redo these by hand",
                          [_entry(u.where, u.text, u.why, None) for u in self.untranslated])
        lines += _section("Dropped on purpose",
                          [_entry(d.where, d.text, d.why, _DROPPED_LINES) for d in self.dropped])
        lines += _section("Next steps", [f"{n}. {step}" for n, step in enumerate(self.next_steps, 1)], count=False)
        return "\n".join(lines) + "\n"


def _section(title: str, rows: list[str], count: bool = True) -> list[str]:
    if not rows:
        return []
    heading = f"{title} ({len(rows)}):" if count else f"{title}:"
    return ["", heading] + ["  " + row.replace("\n", "\n  ") for row in rows]


def _entry(where: object, text: str, why: str, max_lines: int | None) -> str:
    rows = text.splitlines() or [""]
    if text == getattr(where, "path", None):  # a whole file: its name says it all
        return f"{where}\n    {why}"
    if len(rows) == 1:
        return f"{where}: {rows[0]}\n    {why}"
    shown = rows if max_lines is None or len(rows) <= max_lines else rows[:max_lines] + [
        f"… ({len(rows) - max_lines} more line{'s' if len(rows) - max_lines > 1 else ''})"]
    return f"{where}:\n" + "\n".join("  | " + row for row in shown) + f"\n    {why}"


def _first_line(text: str) -> str:
    rows = text.strip().splitlines() or [""]
    return rows[0] + (" …" if len(rows) > 1 else "")


def _setting(change: SettingChange) -> str:
    value = change.value
    shown = ", ".join(f"{link.name} <{link.url}>" for link in value) if isinstance(value, tuple) else f'"{value}"'
    if change.status is SettingStatus.SET:
        return f"{change.key} = {shown}" + (f"  (was: {change.previous})" if change.previous else "")
    if change.status is SettingStatus.ADDED:
        return f"{change.key}: added {shown}"
    if change.status is SettingStatus.KEPT:
        return f"{change.key}: kept yours ({change.previous}); the Jekyll site says {shown} — --overwrite takes it"
    return f"{change.key}: already {shown}"
