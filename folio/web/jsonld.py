"""Structured data in a page: JSON inside <script type="application/ld+json"> (talks, posts)."""
from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup


def json_for_script(data: Any) -> Markup:
    """JSON that cannot end its <script> element early nor open a comment: <, > and & are escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return Markup(text)
