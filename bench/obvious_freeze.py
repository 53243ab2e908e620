"""The obvious Flask + Frozen-Flask + mistune freeze (the issue's reference point), for comparison only.

Parse each file, render it with mistune into a minimal layout, freeze with the test client. No checks,
no roles, no talks, no sitemap, no atomic swap: `python bench/obvious_freeze.py SITE DEST`.
"""
import sys
from pathlib import Path

import mistune
import yaml
from flask import Flask, abort, render_template_string
from flask_frozen import Freezer

LAYOUT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<link rel="stylesheet" href="{{ url_for('static', filename='css/site.css') }}"></head>
<body><nav>{% for p in nav %}<a href="{{ url_for('page', path=p) }}">{{ p }}</a> {% endfor %}</nav>
<main>{{ body|safe }}</main></body></html>"""


def main(site: Path, dest: Path) -> None:
    pages = {}
    for path in sorted((site / "pages").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2) if text.startswith("---\n") else ("", "", text)
        meta = yaml.safe_load(front) or {}
        rel = path.relative_to(site / "pages").with_suffix("").as_posix()
        pages[rel.removesuffix("index").rstrip("/") + "/" if rel != "index" else ""] = (meta, body)
    md = mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "footnotes", "url"])
    app = Flask(__name__, root_path=str(site), static_folder=str(site / "static"))
    app.config.update(FREEZER_DESTINATION=str(dest), FREEZER_IGNORE_MIMETYPE_WARNINGS=True)

    @app.route("/", defaults={"path": ""})
    @app.route("/<path:path>")
    def page(path):
        if path not in pages:
            abort(404)
        meta, body = pages[path]
        return render_template_string(LAYOUT, title=meta.get("title", ""), body=md(body), nav=list(pages)[:5])

    freezer = Freezer(app)

    @freezer.register_generator
    def page_urls():
        for path in pages:
            yield "page", {"path": path}

    freezer.freeze()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
