"""`flask import-jekyll SRC`: a Jekyll site brought into this engine's project.

    plan = plan_import(src, project_root)      # reads SRC and the project, writes nothing
    report = apply(plan, project_root, overwrite=False, dry_run=False)
    print(report.render())

`ImportRefused` is the only error either raises; `str(error)` is one line to print.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .plan import ImportPlan
    from .report import Report

# Where each public name lives. They are imported on first use, so that the app (which registers the
# `flask import-jekyll` command) and every `python freeze.py` do not pay for loading the importer.
_PUBLIC = {"apply": "applying", "ImportRefused": "errors", "ImportPlan": "plan", "plan_import": "plan",
           "Outcome": "report", "Report": "report", "JekyllSite": "site", "published_urls": "site",
           "read_site": "site"}

__all__ = [*_PUBLIC, "import_jekyll"]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_PUBLIC[name]}", __name__), name)


def import_jekyll(src: Path, project_root: Path, overwrite: bool = False, dry_run: bool = False) -> "Report":
    """Plan and apply in one call, as the CLI command does."""
    from .applying import apply
    from .plan import plan_import
    return apply(plan_import(src, project_root), project_root, overwrite, dry_run)
