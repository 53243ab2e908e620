"""Live reload for `flask run`: an open page shows each saved change by itself.

Only the app that `flask run` creates has it (launch.py): `create_app` adds `LiveReloadFeature` to the
features then, and never for a freeze, the test client or another command.

- A watcher thread (watcher.py; inotify.py on Linux) sees the files under the site's folders change; each
  burst raises the epoch of a Channel (channel.py) and records what kind of change it was.
- Every page carries the script (its `head` hook; the error page through `error_head`) with the epoch it was
  rendered at. The script long-polls /__folio/livereload?since=EPOCH, which answers when the epoch moves, and
  reloads the page, swaps a stylesheet or refreshes an image (static/livereload.js).
- The content store follows the watcher (`ContentStore.follow`): it looks at its files only after a change.
"""
from __future__ import annotations

from pathlib import Path

from ..content.store import Site
from ..contract import Contribution, Feature, TemplateHooks
from ..web.assets import Recipe
from .launch import RunOptions, announce, flask_run_options
from .live import LiveReload
from .routes import make_blueprint
from .script import ScriptFile


class LiveReloadFeature:
    name = "livereload"
    watch: tuple[str, ...] = ()  # it reads no content
    hooks = TemplateHooks(head="livereload/head.html", error_head="livereload/error_head.html")
    assets: tuple[Recipe, ...] = ()  # its script is served by its blueprint, never published

    def __init__(self, root: Path, options: RunOptions = RunOptions()):
        self.live = LiveReload(root, root / "static", options)
        self.blueprint = make_blueprint(self.live, ScriptFile())

    def contribute(self, site: Site, previous: Site | None) -> Contribution:
        return Contribution()  # no URL of the site: nothing of it is ever built

    def render_key(self, site: Site) -> str:
        return ""

    def stop(self) -> None:
        self.live.stop()


def for_flask_run(root: Path) -> list[Feature]:
    """[LiveReloadFeature] when the app is being created by `flask run`, else nothing."""
    options = flask_run_options()
    if options is None:
        return []
    announce()
    return [LiveReloadFeature(root, options)]
