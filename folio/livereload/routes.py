"""Live reload's blueprint: the long poll, the script, and what every response and template gets from it."""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

from flask import Blueprint, Response, abort, g, has_request_context, jsonify, request
from flask.blueprints import BlueprintSetupState

from ..contract import TOOLS_PATH
from ..engine import engine
from .channel import Change, Kind
from .live import LiveReload
from .script import ScriptFile

ENDPOINT = TOOLS_PATH + "livereload"  # GET ?since=EPOCH&boot=BOOT[&wait=0]
SCRIPT_URL = TOOLS_PATH + "livereload.js"
POLL_SECONDS = 25.0  # a long poll's longest wait; browsers and proxies keep idle requests open longer
RETRY_WITHOUT_THREADS = 1000  # ms: under `flask run --without-threads` a page asks each second instead


@dataclass(frozen=True)
class ScriptTag:
    """What templates/livereload/head.html writes into a page."""
    src: str
    integrity: str
    endpoint: str
    epoch: int  # the epoch the page was rendered at
    boot: str  # this server process


@dataclass(frozen=True)
class ChangeNote:
    epoch: int
    kind: str  # a channel.Kind value
    what: str
    path: str | None  # CSS and images: the URL path the page links
    href: str | None  # ... and the URL to load it from now


@dataclass(frozen=True)
class PollAnswer:
    boot: str
    asked_boot: str
    since: int
    epoch: int
    reset: bool  # the page is further behind than the server remembers, or another server's: reload
    changes: list[ChangeNote]
    retry: int  # ms before the next poll


class LiveViews:
    def __init__(self, live: LiveReload, script: ScriptFile):
        self.live = live
        self.script_file = script

    def poll(self) -> Response:
        live = self.live
        if not live.ensure_started():
            abort(404)  # no watcher: the script stops asking
        channel, threaded = live.channel, live.options.threaded
        since = request.args.get("since", default=-1, type=int)
        asked_boot = request.args.get("boot", "")
        wait = request.args.get("wait") != "0" and asked_boot == channel.boot and threaded
        news = channel.wait(since, POLL_SECONDS) if wait else channel.since(since)
        answer = PollAnswer(channel.boot, asked_boot, since, news.epoch, news.lost or asked_boot != channel.boot,
                            [self._note(change) for change in news.changes],
                            0 if threaded else RETRY_WITHOUT_THREADS)
        response = jsonify(asdict(answer))
        response.headers["Cache-Control"] = "no-store"
        return response

    @staticmethod
    def _note(change: Change) -> ChangeNote:
        if change.path is None:
            return ChangeNote(change.epoch, change.kind.value, change.what, None, None)
        root, assets = request.script_root, engine().assets
        name = change.path.lstrip("/")
        if change.kind is Kind.CSS and name in assets.recipes:  # the site's own stylesheet: as pages link it
            version = assets.version(name)
            href = root + change.path + (f"?v={version}" if version else "")
        else:
            href = root + change.path + f"?livereload={change.epoch}"
        return ChangeNote(change.epoch, change.kind.value, change.what, root + change.path, href)

    def script(self) -> Response:
        if self.live.failed:
            abort(404)
        return Response(self.script_file.current().body, mimetype="text/javascript")

    def note_epoch(self) -> None:
        """Before every request: start watching (once), and note the epoch before anything is rendered, so a
        change made while the page renders reloads it again."""
        if self.live.ensure_started():
            g.livereload_epoch = self.live.channel.epoch

    def cache_versioned(self, response: Response) -> Response:
        """The site's own CSS and JS at their current ?v= fingerprint may be kept: a reload then fetches the
        page alone (an edit to one of them gives pages a new URL). Without this every reload fetches them."""
        version = request.args.get("v")
        if not version or response.status_code != 200 or request.method != "GET":
            return response
        name, assets = request.path.lstrip("/"), engine().assets
        if name in assets.recipes:
            current = assets.version(name)
        else:
            current = self.script_file.current().version if request.path == SCRIPT_URL else None
        if version == current:
            response.headers["Cache-Control"] = "max-age=31536000, immutable"
        return response

    def template_context(self) -> dict[str, ScriptTag | None]:
        live = self.live
        if live.watcher is None or not has_request_context():
            return {"live_reload": None}
        try:
            script = self.script_file.current()
        except OSError:
            return {"live_reload": None}
        root = request.script_root
        return {"live_reload": ScriptTag(f"{root}{SCRIPT_URL}?v={script.version}", script.integrity,
                                         root + ENDPOINT, g.get("livereload_epoch", live.channel.epoch),
                                         live.channel.boot)}


def make_blueprint(live: LiveReload, script: ScriptFile) -> Blueprint:
    bp = Blueprint("livereload", __name__, template_folder="templates")
    views = LiveViews(live, script)
    bp.add_url_rule(ENDPOINT, "poll", views.poll)
    bp.add_url_rule(SCRIPT_URL, "script", views.script)
    bp.before_app_request(views.note_epoch)
    bp.after_app_request(views.cache_versioned)
    bp.app_context_processor(views.template_context)
    bp.record_once(lambda state: live.attach(state.app))
    bp.record_once(_quiet_polls)
    return bp


class _PollFilter(logging.Filter):
    """Werkzeug logs every request; the polls would fill the terminal with a line for each change."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            return ENDPOINT not in record.getMessage()
        except Exception:  # noqa: BLE001 - a record whose arguments do not format: keep it
            return True


def _quiet_polls(_: BlueprintSetupState) -> None:
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, _PollFilter) for f in logger.filters):
        logger.addFilter(_PollFilter())

