"""Carrying out an import plan: write its files into the project, never into SRC, and report.

An existing file is replaced only with `overwrite`; a file that already holds exactly what the import
would write is left untouched (so a second import changes nothing, not even modification times).
`dry_run` decides everything the same way and writes nothing.
"""
from __future__ import annotations

import filecmp
import os
import tempfile
from pathlib import Path, PurePosixPath

from .errors import ImportRefused
from .planned import CopiedFile, ImportPlan, NewFile, PlannedFile
from .report import FileOutcome, Outcome, Report
from .toml import SETTINGS_PATH, SettingStatus, merge_settings


def apply(plan: ImportPlan, project_root: Path, overwrite: bool = False, dry_run: bool = False) -> Report:
    """Write the plan's files into the project (see the module's docstring); the report says what happened."""
    try:
        return _apply(plan, project_root, overwrite, dry_run)
    except OSError as exc:
        raise ImportRefused(str(exc.filename or project_root), f"cannot be written or read ({exc.strerror})",
                            "check that you may write there; files already written stay, run the import again") from None


def _apply(plan: ImportPlan, project_root: Path, overwrite: bool, dry_run: bool) -> Report:
    root = project_root.resolve()
    source = plan.source_root.resolve()
    if root == source or root.is_relative_to(source):
        raise ImportRefused(str(project_root), "the project folder is inside the Jekyll site",
                            "run the import from the project's root, outside SRC (the import never writes into SRC)")
    report = Report(plan.source_root, project_root, dry_run, redirects=list(plan.redirects),
                    carried=list(plan.carried), conflicts=list(plan.conflicts),
                    untranslated=list(plan.untranslated), dropped=list(plan.dropped))
    for planned in plan.files:
        outcome = _apply_file(planned, root, source, overwrite, dry_run)
        report.files.append(outcome)
        if outcome.outcome is Outcome.SKIPPED:
            report.lost_redirects += [(planned.target, url) for url in planned.redirects]
    report.files.append(_apply_settings(plan, root, overwrite, dry_run, report))
    report.next_steps = next_steps(report, plan)
    return report


def _apply_file(planned: PlannedFile, root: Path, source: Path, overwrite: bool, dry_run: bool) -> FileOutcome:
    path = root / planned.target
    if not _inside(path, root) or _inside(path, source):
        return FileOutcome(planned.target, Outcome.SKIPPED, "this path leads outside the project or into SRC")
    if path.is_dir():
        return FileOutcome(planned.target, Outcome.SKIPPED, "a folder of that name is in the way")
    if path.exists():
        if _same(planned, path):
            return FileOutcome(planned.target, Outcome.UNCHANGED, planned.why)
        if not overwrite:
            return FileOutcome(planned.target, Outcome.SKIPPED, "exists; --overwrite replaces it")
    if dry_run:
        return FileOutcome(planned.target, Outcome.WOULD_WRITE, planned.why)
    _write(path, planned.content if isinstance(planned, NewFile) else planned.source.read_bytes())
    return FileOutcome(planned.target, Outcome.WRITTEN, planned.why)


def _apply_settings(plan: ImportPlan, root: Path, overwrite: bool, dry_run: bool, report: Report) -> FileOutcome:
    path = root / SETTINGS_PATH
    try:
        old = path.read_text(encoding="utf-8") if path.is_file() else None
    except UnicodeDecodeError:
        raise ImportRefused(SETTINGS_PATH, "is not UTF-8 text", "save it as UTF-8, then import again") from None
    new, report.settings = merge_settings(old, plan.settings, overwrite)
    target = PurePosixPath(SETTINGS_PATH)
    changed = [c.key for c in report.settings if c.status in (SettingStatus.SET, SettingStatus.ADDED)]
    if new == (old or "") and old is not None:
        return FileOutcome(target, Outcome.UNCHANGED, "settings")
    why = "settings: " + (", ".join(changed) if changed else "created")
    if dry_run:
        return FileOutcome(target, Outcome.WOULD_WRITE, why)
    _write(path, new.encode("utf-8"))
    return FileOutcome(target, Outcome.WRITTEN, why)


def _inside(path: Path, folder: Path) -> bool:
    """Whether `path` (which may not exist yet) resolves inside `folder`, symlinks followed."""
    return path.resolve().is_relative_to(folder)


def _same(planned: PlannedFile, path: Path) -> bool:
    if isinstance(planned, CopiedFile):
        return filecmp.cmp(planned.source, path, shallow=False)
    return path.read_bytes() == planned.content


def _write(path: Path, content: bytes) -> None:
    """Write whole or not at all: a temporary file beside the target, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def next_steps(report: Report, plan: ImportPlan) -> list[str]:
    steps = []
    if report.dry_run:
        steps.append("This was a dry run: run the command again without --dry-run to write these files.")
    if report.skipped:
        steps.append(f"{len(report.skipped)} file(s) already existed and were left as they are: compare them with "
                     "the Jekyll site, and run again with --overwrite to replace them (your edits to them would go).")
    if report.lost_redirects:
        urls = ", ".join(f"{url} (for {target})" for target, url in report.lost_redirects)
        steps.append(f"These old addresses will not answer, because the file that carries them was skipped: {urls}. "
                     "Add them to redirect_from in the project's own file, or import with --overwrite.")
    if report.conflicts:
        steps.append("Some Jekyll pages were not imported because the project already has a page at their address "
                     "(see Skipped); merge them by hand if you need them.")
    if report.untranslated:
        steps.append(f"Redo by hand the {len(report.untranslated)} construct(s) under 'Not translated', in the "
                     "imported files named there (each line says where it was in the Jekyll site).")
    kept = [c.key for c in report.settings if c.status is SettingStatus.KEPT]
    if kept:
        steps.append(f"Check site/site.toml: your values for {', '.join(kept)} were kept (see Settings).")
    if any(f.target.suffix in (".css", ".js") and str(f.target).startswith("static/") for f in plan.files):
        steps.append("The Jekyll theme's CSS and scripts were copied to static/ only so their old addresses answer; "
                     "delete them once nothing needs them.")
    steps.append("Preview with `flask run`, then publish with `python freeze.py`: the build checks every link.")
    steps.append("Keep the Jekyll site until the new one is live: the import never changed it.")
    return steps
