"""`flask import-jekyll SRC [--overwrite] [--dry-run]`: bring a Jekyll site into this project."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from ..engine import engine


@click.command("import-jekyll")
@click.argument("src", type=click.Path(path_type=Path))
@click.option("--overwrite", is_flag=True, help="replace this project's files that the import also writes")
@click.option("--dry-run", is_flag=True, help="print the plan and write nothing")
@with_appcontext
def import_jekyll_command(src: Path, overwrite: bool, dry_run: bool) -> None:
    """Import the Jekyll site at SRC (its pages, posts, data, settings and static files) into this project."""
    from . import ImportRefused, import_jekyll  # the importer loads only when the command runs
    try:
        report = import_jekyll(src, engine().root, overwrite=overwrite, dry_run=dry_run)
    except ImportRefused as refused:
        click.echo(f"flask import-jekyll: {refused}", err=True)
        raise SystemExit(1) from None
    click.echo(report.render())
