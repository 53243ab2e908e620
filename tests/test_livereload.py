"""Live reload (folio/livereload) without a browser: who gets it, what the build holds, its hooks, the error
pages, the channel, the watchers, and the content store following the watcher.

The browser tests (tests/browser/test_live_reload.py) drive a real `flask run`; the two files need different names.
"""
from __future__ import annotations

import base64
import hashlib
import re
import subprocess
import threading
import time
from pathlib import Path

import click
import pytest
from flask import Blueprint
from flask.cli import ScriptInfo, routes_command, run_command
from markupsafe import escape

from folio import REPO_ROOT, create_app
from folio.build.pipeline import build
from folio.content.store import ContentStore
from folio.contract import Contribution, TemplateHooks
from folio.engine import engine
from folio.livereload import LiveReloadFeature
from folio.livereload import watcher as watchers
from folio.livereload.channel import Channel, Kind, classify
from folio.livereload.launch import RunOptions
from folio.livereload.live import watched_folders
from folio.livereload.script import SOURCE
from folio.web import CSP

SCRIPT_TAG = re.compile(r'\n<script src="/__folio/livereload\.js\?v=[0-9a-f]{10}" integrity="sha384-[^"]+" '
                        r'data-endpoint="/__folio/livereload" data-epoch="\d+" data-boot="[0-9a-f]+"( data-error)? '
                        r'defer></script>')
TIMEOUT = 10.0  # seconds; generous on a loaded 2-core machine


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def live_feature(app) -> LiveReloadFeature | None:
    return next((f for f in engine(app).features if isinstance(f, LiveReloadFeature)), None)


def wait_until(predicate, message: str, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {message}")


@pytest.fixture
def flask_run(monkeypatch):
    """make(root, **params): the app as Flask's `flask run` creates it (its click context); watchers stopped after."""
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    monkeypatch.delenv("WERKZEUG_RUN_MAIN", raising=False)
    monkeypatch.delenv("FOLIO_LIVERELOAD", raising=False)
    monkeypatch.delenv("FOLIO_LIVERELOAD_WATCHER", raising=False)
    apps = []

    def make(root, watch=True, **params):
        params = {"host": "127.0.0.1", "port": 5000, "reload": None, "with_threads": True, **params}
        with click.Context(run_command, obj=ScriptInfo(), info_name="run") as ctx:
            ctx.params.update(params)
            app = create_app(root, watch=watch)
        apps.append(app)
        return app

    yield make
    for app in apps:
        if (feature := live_feature(app)) is not None:
            feature.stop()


@pytest.fixture
def live_app(flask_run, site_root):
    return flask_run(site_root)


def epoch_moved(app, since: int) -> int:
    live = live_feature(app).live
    return wait_until(lambda: live.channel.epoch if live.channel.epoch > since else 0, "the watcher to see it")


# -- who gets it --------------------------------------------------------------------------------

def test_only_flask_run_gets_live_reload(flask_run, site_root, monkeypatch, capsys):
    app = flask_run(site_root)
    assert live_feature(app) is not None
    assert "Live reload: an open page shows each file of the site you save" in capsys.readouterr().out
    assert SCRIPT_TAG.search(app.test_client().get("/experience/").get_data(as_text=True))

    plain = create_app(site_root)  # the test client's app: no click context
    assert live_feature(plain) is None
    client = plain.test_client()
    assert "livereload" not in client.get("/experience/").get_data(as_text=True)
    assert client.get("/__folio/livereload").status_code == 404
    assert client.get("/__folio/livereload.js").status_code == 404

    with click.Context(routes_command, obj=ScriptInfo(), info_name="routes"):  # another flask command
        assert live_feature(create_app(site_root)) is None
    assert live_feature(flask_run(site_root, watch=False)) is None  # a freeze from inside flask run
    monkeypatch.setenv("FOLIO_LIVERELOAD", "off")
    assert live_feature(flask_run(site_root)) is None


def test_creating_the_app_starts_no_watcher_the_first_request_does(live_app):
    # Flask's reloader (`flask run --debug`) creates the app in its parent process too, which never serves.
    live = live_feature(live_app).live
    assert live.watcher is None
    names = {thread.name for thread in threading.enumerate()}
    assert not any(name.startswith("livereload") for name in names)
    live_app.test_client().get("/")
    assert live.watcher is not None and live.watcher.alive() and live.watcher.name == "inotify"


def test_without_threads_the_poll_does_not_block(flask_run, site_root):
    client = flask_run(site_root, with_threads=False).test_client()
    boot = client.get("/__folio/livereload?since=0&wait=0").json["boot"]
    started = time.monotonic()
    answer = client.get(f"/__folio/livereload?since=0&boot={boot}").json
    assert time.monotonic() - started < 1 and answer["retry"] == 1000


def test_flask_routes_under_flask_run_lists_the_tools(flask_run, site_root):
    rules = {rule.rule: rule.endpoint for rule in flask_run(site_root).url_map.iter_rules()}
    assert rules["/__folio/livereload"] == "livereload.poll"
    assert rules["/__folio/livereload.js"] == "livereload.script"


# -- the contract: hooks, nothing in the core ---------------------------------------------------------

def test_the_core_never_names_live_reload():
    for path in [*(REPO_ROOT / "templates").rglob("*"), *(REPO_ROOT / "folio" / "web").rglob("*.py"),
                 REPO_ROOT / "folio" / "contract.py", REPO_ROOT / "folio" / "content" / "store.py"]:
        if path.is_file():
            assert "livereload" not in path.read_text(encoding="utf-8").lower(), path
    assert not (REPO_ROOT / "static" / "js" / "livereload.js").exists()


def test_the_script_comes_through_the_head_and_error_head_hooks(site_root, write):
    """Any feature may use error_head; here a stand-in with a visible marker."""
    write("templates/marker/head.html", '<meta name="marker" content="page">')
    write("templates/marker/error.html", '<meta name="marker" content="error">')

    class Marker:
        name = "marker"
        watch: tuple[str, ...] = ()
        blueprint = Blueprint("marker", __name__)
        hooks = TemplateHooks(head="marker/head.html", error_head="marker/error.html")
        assets = ()

        def contribute(self, site, previous):
            return Contribution()

        def render_key(self, site):
            return ""

    client = create_app(site_root, extra=[Marker()]).test_client()
    assert '<meta name="marker" content="page">' in client.get("/").get_data(as_text=True)
    write("pages/broken.md", "---\ntitle: [unclosed\n---\n")
    error = client.get("/broken/").get_data(as_text=True)
    assert '<meta name="marker" content="error">' in error and 'content="page"' not in error


# -- never in the build -------------------------------------------------------------------------

def test_the_build_is_the_same_bytes_with_or_without_the_dev_server(site_root, tmp_path, monkeypatch):
    plain = build(site_root, tmp_path / "plain", base_url="https://owner.example/")
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    with click.Context(run_command, obj=ScriptInfo(), info_name="run") as ctx:  # as if frozen from `flask run`
        ctx.params.update(host="127.0.0.1", port=5000, reload=None, with_threads=True)
        dev = build(site_root, tmp_path / "dev", base_url="https://owner.example/")
    a, b = snapshot(plain.dest), snapshot(dev.dest)
    assert a == b
    assert not any("livereload" in name or name.startswith("__folio") for name in a)
    for name, data in a.items():
        assert b"livereload" not in data and b"__folio" not in data, name
        if name.endswith(".html") and data.startswith(b"<!doctype html>"):  # not the role fragments
            assert f'<meta http-equiv="Content-Security-Policy" content="{escape(CSP)}">'.encode() in data, name


def test_the_error_pages_hook_place_renders_nothing_without_a_feature(site_root, write):
    write("pages/broken.md", "---\ntitle: [unclosed\n---\n")
    with_place = create_app(site_root).test_client().get("/broken/").get_data(as_text=True)
    template = site_root / "templates" / "error.html"
    text = template.read_text()
    start = text.index("{#- Features' error_head hooks")
    template.write_text(text[:start] + text[text.index("{%- endfor %}", start) + len("{%- endfor %}\n"):])
    assert "error_head" not in template.read_text()
    without = create_app(site_root).test_client().get("/broken/").get_data(as_text=True)
    assert with_place == without


def test_a_dev_page_is_the_served_page_plus_one_script_tag(live_app, site_root):
    plain = create_app(site_root).test_client()
    dev = live_app.test_client()
    for url in ("/", "/experience/", "/experience/principal-data-scientist/", "/talks/", "/404.html"):
        ours, theirs = dev.get(url), plain.get(url)
        assert ours.status_code == theirs.status_code
        assert ours.headers["Content-Security-Policy"] == theirs.headers["Content-Security-Policy"]
        html = ours.get_data(as_text=True)
        assert len(SCRIPT_TAG.findall(html)) == 1, url
        assert SCRIPT_TAG.sub("", html) == theirs.get_data(as_text=True), url
    fragment = dev.get("/experience/principal-data-scientist.html").get_data(as_text=True)
    assert "livereload" not in fragment


def test_the_script_is_served_with_the_integrity_the_page_names(live_app):
    client = live_app.test_client()
    html = client.get("/experience/").get_data(as_text=True)
    src, integrity = re.search(r'src="(/__folio/livereload\.js\?v=\w+)" integrity="([^"]+)"', html).groups()
    response = client.get(src)
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "max-age=31536000, immutable"  # at its current version
    assert integrity == "sha384-" + base64.b64encode(hashlib.sha384(response.data).digest()).decode()
    assert response.data == SOURCE.read_bytes()
    assert "Cache-Control" not in client.get("/__folio/livereload.js?v=old").headers


def test_the_sites_versioned_css_may_be_kept_in_dev(live_app):
    client = live_app.test_client()
    href = re.search(r'href="(/css/site\.css\?v=\w+)"', client.get("/").get_data(as_text=True)).group(1)
    assert client.get(href).headers["Cache-Control"] == "max-age=31536000, immutable"
    assert "immutable" not in client.get("/css/site.css?v=0000000000").headers.get("Cache-Control", "")


# -- errors listen too ----------------------------------------------------------------------------

def assert_listens(response, error: bool = True) -> str:
    html = response.get_data(as_text=True)
    tag = SCRIPT_TAG.search(html)
    assert tag, html
    assert tag.group(1) == (" data-error" if error else None)
    assert "Traceback" not in html
    return html


def test_a_content_error_page_listens(live_app, write):
    write("pages/broken.md", "---\ntitle: [unclosed\n---\nText\n")
    response = live_app.test_client().get("/broken/")
    assert response.status_code == 500 and "pages/broken.md:" in assert_listens(response)


def test_a_template_error_shows_file_and_line_and_listens(live_app, site_root):
    layout = site_root / "templates/layouts/page.html"
    layout.write_text(layout.read_text().replace("{% block main %}", "{% block main %}{{ oops( }}", 1))
    response = live_app.test_client().get("/experience/")
    assert response.status_code == 500
    assert "templates/layouts/page.html:2: template error: unexpected" in assert_listens(response)


def test_an_engine_bug_is_one_line_and_listens(live_app, monkeypatch, write):
    from folio.content import markdown
    write("pages/buggy.md", "---\ntitle: Buggy\n---\n```python\nx = 1\n```\n")
    monkeypatch.setattr(markdown.FolioRenderer, "block_code", lambda *a, **k: 1 / 0)
    response = live_app.test_client().get("/buggy/")
    html = assert_listens(response)
    assert response.status_code == 500 and "this is a bug in the site engine (ZeroDivisionError" in html


def test_with_broken_settings_the_error_page_its_script_and_the_poll_still_answer(live_app, site_root):
    client = live_app.test_client()
    client.get("/")
    epoch = live_feature(live_app).live.channel.epoch
    settings = site_root / "site/site.toml"
    settings.write_text(settings.read_text().replace('title = "Bird Of Paradise AI"', 'title = "Bird Of Paradise AI'))
    epoch_moved(live_app, epoch)
    response = client.get("/experience/")
    assert response.status_code == 500 and "site/site.toml:4:" in assert_listens(response)
    src = re.search(r'src="([^"]+)"', SCRIPT_TAG.search(response.get_data(as_text=True)).group(0)).group(1)
    assert client.get(src).status_code == 200
    answer = client.get("/__folio/livereload?since=0&wait=0")
    assert answer.status_code == 200 and answer.json["changes"][0]["what"] == "site/site.toml"


def test_a_broken_error_template_still_gives_a_page_that_listens(live_app, site_root):
    layout = site_root / "templates/layouts/page.html"
    layout.write_text(layout.read_text().replace("{% block main %}", "{% block main %}{% endfor %}", 1))
    (site_root / "templates/error.html").write_text("{% if %}")
    html = assert_listens(live_app.test_client().get("/experience/"))
    assert "templates/layouts/page.html:2:" in html and "templates/error.html:1: template error" in html


# -- the channel ----------------------------------------------------------------------------------

def test_what_each_change_asks_of_the_page(site_root):
    static = site_root / "static"

    def kind(path: Path) -> tuple[Kind, str, str | None]:
        change = classify(path, site_root, static)
        return change.kind, change.what, change.path

    assert kind(site_root / "pages/experience.md") == (Kind.RELOAD, "pages/experience.md", None)
    assert kind(site_root / "templates/base.html")[0] is Kind.RELOAD
    assert kind(site_root / "site/site.toml")[0] is Kind.RELOAD
    assert kind(static / "css/site.css") == (Kind.CSS, "static/css/site.css", "/css/site.css")
    assert kind(static / "assets/images/fairy.jpg")[0] is Kind.IMAGE
    assert kind(static / "js/site.js")[0] is Kind.RELOAD
    assert kind(static / "assets/images/gone.jpg")[0] is Kind.RELOAD  # deleted


def test_the_poll_answers_when_a_change_comes(live_app, site_root):
    client = live_app.test_client()
    first = client.get("/__folio/livereload?since=0&wait=0").json
    boot = first["boot"]
    assert first["reset"] and first["changes"] == []  # no boot given: the page is not this server's
    answer = {}

    def poll():
        answer.update(client.get(f"/__folio/livereload?since=0&boot={boot}").json)

    waiting = threading.Thread(target=poll)
    waiting.start()
    time.sleep(0.1)
    assert waiting.is_alive(), "the poll waits for a change"
    css = site_root / "static/css/site.css"
    css.write_text(css.read_text() + "\n.x { color: red }\n")
    waiting.join(TIMEOUT)
    assert answer["epoch"] == 1 and not answer["reset"]
    change, = answer["changes"]
    assert change["kind"] == "css" and change["path"] == "/css/site.css"
    with live_app.app_context():
        version = engine(live_app).assets.version("css/site.css")
    assert change["href"] == f"/css/site.css?v={version}"
    assert client.get(change["href"]).status_code == 200
    assert client.get("/__folio/livereload?since=0&boot=another&wait=0").json["reset"]


def test_a_page_further_behind_than_the_log_reloads(tmp_path):
    channel = Channel(tmp_path, tmp_path / "static")
    for i in range(600):
        channel.publish([tmp_path / "pages" / f"p{i}.md"])
    assert channel.since(599).lost is False
    assert channel.since(5).lost is True
    assert channel.since(700).lost is True  # from the future: another server's page


# -- the watchers ---------------------------------------------------------------------------------

class Collector:
    def __init__(self):
        self.bursts: list[set[Path]] = []
        self.event = threading.Event()

    def __call__(self, paths):
        self.bursts.append(set(paths))
        self.event.set()

    def next(self, timeout=TIMEOUT) -> set[Path]:
        assert self.event.wait(timeout), "no change reported"
        self.event.clear()
        return self.bursts[-1]


def saved_until_seen(path: Path, got: Collector, tries: int = 20) -> set[Path]:
    """Save `path` until the watcher reports it (watchfiles sets its watches up in its own thread, a moment
    after start() returns); the burst that names it."""
    for i in range(tries):
        path.write_text(f"version {i}")
        deadline = time.monotonic() + 0.5
        while time.monotonic() < deadline:
            if got.event.wait(0.05):
                got.event.clear()
                if any(path in burst for burst in got.bursts):
                    return next(burst for burst in got.bursts if path in burst)
    raise AssertionError(f"{path} was never reported: {got.bursts}")


@pytest.mark.parametrize("backend", ["inotify", "watchfiles", "poll"])
def test_each_watcher_reports_a_saved_file(backend, tmp_path):
    root = tmp_path / "pages"
    (root / "blog").mkdir(parents=True)
    page = root / "blog" / "post.md"
    page.write_text("one")
    got = Collector()
    watcher = watchers.backends()[backend]([root], got)
    watcher.start()
    try:
        assert saved_until_seen(page, got) == {page}
        got.bursts.clear()
        (root / ".post.md.swp").write_text("vim")  # editors' files are never reported...
        (root / "post.md~").write_text("backup")
        new = root / "new" / "deep"
        new.mkdir(parents=True)  # ...a new folder is watched, and what is saved in it is seen
        saved_until_seen(new / "x.md", got)
        reported = set().union(*got.bursts)
        assert new / "x.md" in reported
        assert not {root / ".post.md.swp", root / "post.md~"} & reported
    finally:
        watcher.stop()


def test_inotify_reports_a_burst_once_and_drops_temporary_files(tmp_path):
    root = tmp_path / "static"
    root.mkdir()
    css = root / "site.css"
    css.write_text("a{}")
    got = Collector()
    watcher = watchers.start([root], got, "inotify")
    assert watcher.name == "inotify"
    try:
        subprocess.run(["sed", "-i", "s/a/b/", str(css)], check=True)  # a temporary file, renamed over
        assert got.next() == {css}
        time.sleep(0.2)
        assert len(got.bursts) == 1
    finally:
        watcher.stop()


def test_inotify_sleeps_while_nothing_changes(tmp_path):
    (tmp_path / "pages").mkdir()
    watcher = watchers.start([tmp_path / "pages"], lambda paths: None, "inotify")
    try:
        stat = Path(f"/proc/self/task/{watcher.native_id}/stat")
        before = stat.read_text().rsplit(")", 1)[1].split()
        time.sleep(1.0)
        after = stat.read_text().rsplit(")", 1)[1].split()
        ticks = (int(after[11]) + int(after[12])) - (int(before[11]) + int(before[12]))
        assert ticks == 0, f"the watcher thread used {ticks} clock ticks of CPU while idle"
    finally:
        watcher.stop()


def test_inotify_follows_a_page_that_links_outside_the_site(tmp_path):
    outside = tmp_path / "drafts"
    outside.mkdir()
    (outside / "post.md").write_text("one")
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "post.md").symlink_to(outside / "post.md")
    got = Collector()
    watcher = watchers.start([pages], got, "inotify")
    try:
        (outside / "post.md").write_text("two")
        assert got.next() == {pages / "post.md"}
        (outside / "other.md").write_text("not linked")
        (pages / "late.md").symlink_to(outside / "other.md")  # a link made while watching
        got.next()
        (outside / "other.md").write_text("changed")
        assert got.next() == {pages / "late.md"}
    finally:
        watcher.stop()


def test_the_watched_folders_hold_every_file_the_store_reads(tmp_path):
    more = tmp_path / "templates"
    folders = watched_folders(tmp_path, ["pages/**/*.md", "site/site.toml", "site/talks/*.md"], more)
    assert folders.paths == [tmp_path / "pages", tmp_path / "site", more] and folders.covers_store
    assert not watched_folders(tmp_path, ["pages/**/*.md", "now.md"]).covers_store  # a file at the root
    assert not watched_folders(tmp_path, ["*/notes.md"]).covers_store


# -- the content store follows the watcher ----------------------------------------------------------

class Epochs:
    """A ChangeSource for the store, set by hand."""

    def __init__(self):
        self.now: int | None = 0

    def epoch(self) -> int | None:
        return self.now


def test_a_following_store_looks_at_its_files_only_after_the_epoch_moved(site_root, monkeypatch):
    app = create_app(site_root)
    store: ContentStore = engine(app).store
    scans = []
    scan = store._scan
    monkeypatch.setattr(store, "_scan", lambda: scans.append(1) or scan())
    source = Epochs()
    store.follow(source)
    first = store.site()
    assert store.site() is first and len(scans) == 1, "no change, no new look at the files"
    page = site_root / "pages/experience.md"
    page.write_text(page.read_text().replace("title: Experience", "title: Experience, edited"))
    assert store.site() is first, "the source saw nothing yet"
    source.now = 1
    assert store.site().pages["/experience/"].title == "Experience, edited" and len(scans) == 2
    source.now = None  # a source that cannot vouch for every change: every call looks again
    store.site()
    store.site()
    assert len(scans) == 4
    store.follow(None)
    store.site()
    assert len(scans) == 5


def test_a_following_store_keeps_a_broken_settings_error_until_the_next_change(site_root):
    app = create_app(site_root)
    store = engine(app).store
    source = Epochs()
    store.follow(source)
    store.site()
    settings = site_root / "site/site.toml"
    good = settings.read_text()
    settings.write_text(good.replace('title = "Bird Of Paradise AI"', 'title = "Bird Of Paradise AI'))
    source.now = 1
    with pytest.raises(Exception, match="not valid TOML"):
        store.site()
    settings.write_text(good)
    with pytest.raises(Exception, match="not valid TOML"):
        store.site()  # no change seen yet
    source.now = 2
    assert store.site().settings.title == "Bird Of Paradise AI"


def test_under_live_reload_the_store_rereads_only_after_the_watcher_saw_a_change(live_app, site_root, monkeypatch):
    live = live_feature(live_app).live
    store = engine(live_app).store
    scans = []
    scan = store._scan
    monkeypatch.setattr(store, "_scan", lambda: scans.append(1) or scan())
    client = live_app.test_client()
    assert "Experience" in client.get("/experience/").get_data(as_text=True)  # starts the watcher
    client.get("/experience/")
    before = len(scans)
    for _ in range(3):
        client.get("/experience/")
        client.get("/css/site.css")
    assert len(scans) == before, "no change, no new look at the files"
    page = site_root / "pages/experience.md"
    page.write_text(page.read_text().replace("title: Experience", "title: Experience, edited"))
    epoch_moved(live_app, live.channel.epoch)
    assert "Experience, edited" in client.get("/experience/").get_data(as_text=True)
    live.watcher.stop()  # a watcher that died: every request looks again, as without live reload
    page.write_text(page.read_text().replace("Experience, edited", "Experience, again"))
    assert "Experience, again" in client.get("/experience/").get_data(as_text=True)


def test_a_change_is_read_before_the_page_asks(live_app, site_root, monkeypatch):
    """The watcher thread reads the content again as soon as it tells the pages (the warm-up)."""
    live = live_feature(live_app).live
    store = engine(live_app).store
    live_app.test_client().get("/")
    scans = []
    scan = store._scan
    monkeypatch.setattr(store, "_scan", lambda: scans.append(threading.current_thread().name) or scan())
    page = site_root / "pages/experience.md"
    page.write_text(page.read_text().replace("title: Experience", "title: Experience, warm"))
    epoch_moved(live_app, live.channel.epoch)
    wait_until(lambda: scans, "the warm-up")
    assert scans[0].startswith("livereload")
    with live_app.app_context():
        assert wait_until(lambda: store._scanned_at == live.channel.epoch, "the warm-up to finish")
