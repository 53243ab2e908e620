"""What the roles feature serves, for a role page at /experience/ and a role `principal-data-scientist`:

- /experience/principal-data-scientist/      the role's own page (full layout; what the toggle links to);
- /experience/principal-data-scientist.html  its details alone, a bare fragment the toggle's hx-get swaps in;
- /experience/all/                           every role expanded, for print and reading without JavaScript;
and the page itself, collapsed: each role's title, organisation, dates and toggle, no details.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from ..content.pages import Page
from ..engine import engine
from ..web.layout import render_in_layout
from ..web.pages import serve
from .model import Role, RolePage
from .outline import register as register_cli
from .reader import roles_of
from .resume import URL as RESUME_URL, resume_json

ALL_ROLES = "all/"
bp = Blueprint("roles", __name__, cli_group=None)  # `flask roles`, not `flask roles roles`
bp.add_url_rule(RESUME_URL, "resume", resume_json)


def _page(url: str) -> Page:
    return engine().site().pages[url]


def _parsed(page: Page) -> RolePage:
    return roles_of(page, request.script_root, engine().site().settings.link_rules)


def _role(page_url: str, slug: str) -> Role | None:
    return _parsed(_page(page_url)).role(slug)


def render_body(page: Page) -> str:
    """A role page's body, collapsed: what the page shows instead of its markdown."""
    return _entries(page, _parsed(page), expanded=False)


def _all_url(page: Page) -> str:
    return engine().site().path("roles.all", page=page.url)


def _entries(page: Page, parsed: RolePage, expanded: bool) -> str:
    return render_template("roles/entries.html", parsed=parsed, roles_page=page, expanded=expanded,
                           all_url=_all_url(page))


def role_page(page: str, slug: str) -> Any:
    role = _role(page, slug)
    if role is None:  # a page or file of the owner's may live under the role page's URL
        return serve(request.path)
    owner = _page(page)
    return render_template("roles/role.html", role=role, page=owner, roles_page=owner, title=role.title,
                           description=_description(role.summary) or owner.description, url=request.path,
                           nav_current=owner.current or owner.nav_key, all_url=_all_url(owner))


def fragment(page: str, slug: str) -> Any:
    role = _role(page, slug)
    if role is None:
        return serve(request.path)
    return render_template("roles/fragment.html", role=role)


def all_roles(page: str) -> str:
    owner = _page(page)
    body = _entries(owner, _parsed(owner), expanded=True)
    return render_in_layout(owner, body, title=f"{owner.title}: every role", url=request.path)


def _description(summary: str, limit: int = 160) -> str:
    text = summary.split("\n\n")[0]
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


# The rules of these views depend on site.toml's role_pages (see RolesFeature.contribute).
bp.record_once(lambda state: state.app.view_functions.update(
    {"roles.role": role_page, "roles.fragment": fragment, "roles.all": all_roles}))
register_cli(bp)
