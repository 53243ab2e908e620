"""`flask roles [URL]`: the outline the engine read from a role page, so the owner can check it without a browser."""
from __future__ import annotations

import textwrap
from pathlib import Path

import click
from flask import Blueprint

from ..content.pages import Page
from ..engine import engine
from ..errors import ContentErrors
from .model import Block, Group, Role, RolePage, Section
from .reader import roles_of

FIRST_WORDS = 12


def outline(page: Page, parsed: RolePage, root: Path) -> list[str]:
    where = page.source.relative_to(root) if page.source.is_relative_to(root) else page.source
    lines = [f"{page.url}  ({where}): {_count(parsed)}"]
    for block in parsed.blocks:
        lines.extend(_lines(block, where))
    return lines


def _count(parsed: RolePage) -> str:
    groups = sum(isinstance(b, Group) for b in parsed.blocks)
    sections = sum(isinstance(b, Section) for b in parsed.blocks)
    return f"{_plural(len(parsed.roles), 'role')}, {_plural(groups, 'group')}, {_plural(sections, 'section')}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _lines(block: Block, where: Path, indent: str = "") -> list[str]:
    if isinstance(block, Role):
        fields = [block.title, block.organisation, block.dates.label if block.dates else "no dates", block.slug]
        head = _head(where, block.line, indent + "role", " | ".join(f for f in fields if f))
        return [head, _words(block.summary or " ".join(block.highlights), len(indent))]
    if isinstance(block, Group):
        dates = f" | {block.dates.label}" if block.dates else ""
        return [_head(where, block.line, "group", block.title + dates)] + \
            [line for role in block.roles for line in _lines(role, where, "  ")]
    if isinstance(block, Section):
        extra = f" | {_plural(len(block.education), 'education item')}" if block.education else ""
        return [_head(where, block.line, "section", block.title + extra)]
    return []


def _head(where: Path, line: int | None, kind: str, text: str) -> str:
    location = f"{where}:{line}" if line else str(where)
    return f"{location:<28} {kind:<9} {text}"


def _words(text: str, indent: int) -> str:
    words = text.split()
    shown = " ".join(words[:FIRST_WORDS]) + ("…" if len(words) > FIRST_WORDS else "")
    return textwrap.indent(f"“{shown}”" if shown else "(no details)", " " * (39 + indent))


def register(bp: Blueprint) -> None:
    @bp.cli.command("roles")
    @click.argument("url", required=False)
    def roles_command(url: str | None) -> None:
        """Print the roles, groups and sections read from the role pages (or from the page at URL)."""
        site = engine().site()
        urls = [url] if url else list(site.settings.role_pages)
        failed = False
        for address in urls:
            page = site.pages.get(address)
            if page is None:
                problem = site.broken.get(address)
                click.echo(problem.format(site.root) if problem else f"{address}: no page has this URL — give the "
                           f"permalink of a page, e.g. {', '.join(site.settings.role_pages) or '/experience/'}", err=True)
                failed = True
                continue
            try:
                parsed = roles_of(page, "", site.settings.link_rules)
            except ContentErrors as errors:
                for error in errors.errors:
                    click.echo(error.format(site.root), err=True)
                failed = True
                continue
            if address not in site.settings.role_pages:
                click.echo(f"{address} is not in role_pages (site/site.toml): this is how it would be read.")
            click.echo("\n".join(outline(page, parsed, site.root)))
        if failed:
            raise SystemExit(1)

