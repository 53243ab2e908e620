"""Roles: the pages listed in settings.role_pages show each role as one line that expands in place.

Each role also gets its own page and a fragment of its details; /resume.json gathers them all
(README, "Experience").
"""
from __future__ import annotations

from pathlib import Path

from ..content.pages import Page
from ..content.settings import SETTINGS_FILE
from ..content.store import Site
from ..contract import ContentRule, Contribution, MadeUrl, TemplateHooks
from ..errors import ContentError, ContentErrors, key_line
from . import views
from .model import RolePage, RoleShelf
from .reader import roles_of


class RolesFeature:
    name = "roles"
    watch: tuple[str, ...] = ()  # it reads pages and settings only, which the store watches already
    hooks = TemplateHooks()
    assets = ()

    blueprint = views.bp

    def contribute(self, site: Site, previous: Site | None) -> Contribution:
        contribution = Contribution(urls=[MadeUrl("roles.resume", {}, site.root / SETTINGS_FILE)])
        shelf = RoleShelf([])
        for url in site.settings.role_pages:
            parsed = self._read(site, url)
            if parsed is not None:
                shelf.pages.append(parsed)
                self._add(contribution, site.pages[url], parsed)
        contribution.part = shelf
        return contribution

    def render_key(self, site: Site) -> str:
        return ""

    def _read(self, site: Site, url: str) -> RolePage | None:
        page = site.pages.get(url)
        if page is None:
            if url not in site.broken:  # a broken page reports its own error
                site.fail(_no_such_page(site.root, url), url)
            return None
        if not url.endswith("/"):
            site.fail(ContentError(page.source, page.key_lines.get("permalink"),
                                   f"role page {url} needs a URL ending in '/' to hold its roles' pages",
                                   "give it a permalink like /experience/"), url)
            return None
        try:
            return roles_of(page, "", site.settings.link_rules)
        except ContentErrors as errors:
            for error in errors.errors:
                site.fail(error, url)
            return None

    @staticmethod
    def _add(contribution: Contribution, page: Page, parsed: RolePage) -> None:
        at = {"page": page.url}
        contribution.rules += [ContentRule(f"{page.url}<slug>/", "roles.role", at),
                               ContentRule(f"{page.url}<slug>.html", "roles.fragment", at),
                               ContentRule(f"{page.url}{views.ALL_ROLES}", "roles.all", at)]
        for role in parsed.roles:
            values = {**at, "slug": role.slug}
            contribution.urls.append(MadeUrl("roles.role", values, page.source, role.line))
            # Fragments are parts of a page, not pages; the all-roles view repeats the role pages.
            contribution.urls.append(MadeUrl("roles.fragment", values, page.source, role.line, listed=False))
        contribution.urls.append(MadeUrl("roles.all", at, page.source, listed=False))
        contribution.bodies[page.url] = views.render_body


def _no_such_page(root: Path, url: str) -> ContentError:
    path = root / SETTINGS_FILE
    return ContentError(path, key_line(path.read_text(encoding="utf-8"), "role_pages"),
                        f"role_pages lists {url}, but no page has that URL",
                        "write the permalink of a page, e.g. \"/experience/\", or remove it")
