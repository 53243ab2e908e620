"""Who gets live reload: the app that Flask's `flask run` command creates, and nothing else.

A freeze (`create_app(watch=False)`), the test client and every other `flask` command (routes, roles, …) get
no script, no route and no thread, so the frozen site is byte for byte the same with or without it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import click


@dataclass(frozen=True)
class RunOptions:
    """What live reload needs to know of the `flask run` that serves it."""
    threaded: bool = True  # False under --without-threads: a long poll would block every other request


def flask_run_options() -> RunOptions | None:
    """The options of the `flask run` creating the app right now (in the reloader's child too), else None.

    Flask sets FLASK_RUN_FROM_CLI for every command of its CLI; only `run`'s click context tells them apart.
    FOLIO_LIVERELOAD=0 (or off, no, false) turns live reload off.
    """
    if os.environ.get("FLASK_RUN_FROM_CLI") != "true" or not wanted():
        return None
    from flask.cli import ScriptInfo

    context = click.get_current_context(silent=True)
    while context is not None:
        if context.command.name == "run" and context.find_object(ScriptInfo) is not None:
            return RunOptions(threaded=bool(context.params.get("with_threads", True)))
        context = context.parent
    return None


def wanted() -> bool:
    return os.environ.get("FOLIO_LIVERELOAD", "").strip().lower() not in ("0", "off", "no", "false")


def announce() -> None:
    """One line under Flask's own, said by the process the owner started (not again by the reloader's child)."""
    from werkzeug.serving import is_running_from_reloader

    if not is_running_from_reloader():
        click.echo(" * Live reload: an open page shows each file of the site you save, by itself")
