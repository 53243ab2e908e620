"""The URL map holds the whole site: fixed rules from the blueprints, and rules that depend on the content
(a role page's URL comes from site.toml), installed again whenever they change."""
from __future__ import annotations

import threading
from typing import Any, Mapping

from flask import Flask, Request
from werkzeug.routing import MapAdapter, Rule

from ..contract import ContentRule
from ..engine import engine
from ..errors import ContentError


class Router:
    def __init__(self, app: Flask):
        self.app = app
        self._fixed: list[Rule] | None = None
        self._installed: tuple[ContentRule, ...] | None = None
        self._lock = threading.Lock()

    def install(self, rules: list[ContentRule]) -> None:
        key = tuple(rules)
        with self._lock:
            if key == self._installed:
                return
            old = self.app.url_map
            if self._fixed is None:  # the blueprints' rules, as registered when the app was set up
                self._fixed = [rule.empty() for rule in old.iter_rules()]
            new = type(old)([rule.empty() for rule in self._fixed], converters=old.converters,
                            strict_slashes=old.strict_slashes, merge_slashes=old.merge_slashes,
                            redirect_defaults=old.redirect_defaults, host_matching=old.host_matching)
            for rule in rules:
                new.add(Rule(rule.rule, endpoint=rule.endpoint, defaults=dict(rule.defaults) or None,
                             methods=("GET",)))
            self.app.url_map = new
            self._installed = key

    def path(self, endpoint: str, values: Mapping[str, Any]) -> str:
        """The site path of an endpoint, without the base path: '/talks/x/'."""
        return self.app.url_map.bind("localhost").build(endpoint, dict(values))


class SiteFlask(Flask):
    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        # The content decides part of the URL map, so bring the snapshot up to date before the request is
        # matched (a new role page is routed on the first request after the edit). A broken snapshot is
        # reported by the request itself.
        if request is not None:
            try:
                engine(self).site()
            except ContentError:
                pass
        return super().create_url_adapter(request)

