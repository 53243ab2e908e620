"""Expandable roles on the pages listed in settings.role_pages (README, "Experience").

For a page at /experience/ with a role `principal-data-scientist`, this claims:
- /experience/principal-data-scientist/      the role's own page (full layout; what the toggle links to);
- /experience/principal-data-scientist.html  its details alone, a bare fragment the toggle's hx-get swaps in;
- /experience/all/                           every role expanded, for print and reading without JavaScript;
and renders the page itself collapsed: each role's title, organisation, dates and toggle, no details.
"""
from __future__ import annotations

from functools import partial

from flask import Flask, render_template, request

from . import resume
from .content import Site
from .errors import ContentError, ContentErrors
from .markdown import LinkRule
from .pages import Page
from .roles import RolePage, roles_of
from .settings import SETTINGS_FILE
from .web import render_in_layout

ALL_ROLES = "all/"


class RolesExtension:
    name = "roles"
    watch: tuple[str, ...] = ()  # it reads pages and settings only, which the store watches already

    def load(self, site: Site, previous: Site | None) -> None:
        for url in site.settings.role_pages:
            page = site.pages.get(url)
            if page is None:
                if url not in site.broken:  # a broken page reports its own error
                    site.fail(_no_such_page(site, url), url)
                continue
            if not url.endswith("/"):
                site.fail(ContentError(page.source, page.key_lines.get("permalink"),
                                       f"role page {url} needs a URL ending in '/' to hold its roles' pages",
                                       "give it a permalink like /experience/"), url)
                continue
            try:
                parsed = roles_of(page, "", site.settings.link_rules)
            except ContentErrors as errors:
                for error in errors.errors:
                    site.fail(error, url)
                continue
            _claim(site, page, parsed)


def _no_such_page(site: Site, url: str) -> ContentError:
    path = site.root / SETTINGS_FILE
    text = path.read_text(encoding="utf-8")
    line = next((n for n, content in enumerate(text.splitlines(), 1) if content.lstrip().startswith("role_pages")), None)
    return ContentError(path, line, f"role_pages lists {url}, but no page has that URL",
                        "write the permalink of a page, e.g. \"/experience/\", or remove it")


def _claim(site: Site, page: Page, parsed: RolePage) -> None:
    rules = site.settings.link_rules
    for role in parsed.roles:
        site.claim(role.url, partial(role_view, page, rules, role.slug), page.source, role.line)
        site.claim(role.fragment_url, partial(fragment_view, page, rules, role.slug), page.source, role.line)
    site.claim(page.url + ALL_ROLES, partial(all_roles_view, page, rules), page.source)
    site.extras.setdefault("bodies", {})[page.url] = partial(render_body, rules=rules)
    # Fragments are parts of a page, not pages; the all-roles view repeats the role pages.
    site.extras.setdefault("unlisted", set()).update({r.fragment_url for r in parsed.roles}
                                                     | {page.url + ALL_ROLES})
    site.extras.setdefault("role_pages", []).append(page.url)


def _parsed(page: Page, rules: tuple[LinkRule, ...]) -> RolePage:
    return roles_of(page, request.script_root, rules)


def render_body(page: Page, rules: tuple[LinkRule, ...] = ()) -> str:
    """The role page's body, collapsed: it replaces page.html() in web.render_page."""
    return _entries(page, _parsed(page, rules), expanded=False)


def _entries(page: Page, parsed: RolePage, expanded: bool) -> str:
    return render_template("roles/entries.html", parsed=parsed, roles_page=page, expanded=expanded,
                           all_url=page.url + ALL_ROLES)


def role_view(page: Page, rules: tuple[LinkRule, ...], slug: str) -> str:
    role = _parsed(page, rules).role(slug)
    return render_template("roles/role.html", role=role, page=page, roles_page=page, title=role.title,
                           description=_description(role.summary) or page.description, url=role.url,
                           nav_current=page.current or page.nav_key, all_url=page.url + ALL_ROLES)


def fragment_view(page: Page, rules: tuple[LinkRule, ...], slug: str) -> str:
    return render_template("roles/fragment.html", role=_parsed(page, rules).role(slug))


def all_roles_view(page: Page, rules: tuple[LinkRule, ...]) -> str:
    body = _entries(page, _parsed(page, rules), expanded=True)
    return render_in_layout(page, body, title=f"{page.title}: every role", url=page.url + ALL_ROLES)


def _description(summary: str, limit: int = 160) -> str:
    text = summary.split("\n\n")[0]
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def init_app(app: Flask) -> None:
    app.extensions["folio.extensions"].append(RolesExtension())
    resume.init_app(app)

