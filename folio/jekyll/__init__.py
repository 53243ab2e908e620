"""`flask import-jekyll SRC`: a Jekyll site brought into this engine's project.

    plan = plan_import(src, project_root)      # reads SRC and the project, writes nothing
    report = apply(plan, project_root, overwrite=False, dry_run=False)
    print(report.render())

`ImportRefused` is the only error either raises; `str(error)` is one line to print.
"""
from __future__ import annotations

from pathlib import Path

from .applying import apply
from .errors import ImportRefused
from .plan import ImportPlan, plan_import
from .report import Outcome, Report
from .site import JekyllSite, published_urls, read_site

__all__ = ["ImportPlan", "ImportRefused", "JekyllSite", "Outcome", "Report", "apply", "import_jekyll",
           "plan_import", "published_urls", "read_site"]


def import_jekyll(src: Path, project_root: Path, overwrite: bool = False, dry_run: bool = False) -> Report:
    """Plan and apply in one call, as the CLI command does."""
    return apply(plan_import(src, project_root), project_root, overwrite, dry_run)
