"""Roles read from a page's markdown syntax tree: the Experience page as data (README, "Experience").

An entry heading is a paragraph that is only bold text (a link may follow it), or a ## / ### heading.
- Ending in ':' ("**Focus Areas:**"), it is a sub-heading inside the entry before it.
- Followed directly by other entry headings, it opens a group; they are its roles.
- Followed by its own body text, it is a role, with or without dates: "Title — Organisation (2021 – 2024)".
- Naming a part of a CV (Education, Skills, …) without dates, or followed by nothing, it is a section.
- A deeper heading inside a role is part of its details; with dates, it makes that role a group of roles.
- A list whose items each start with a bold title and a line break is a list of roles.
`---` ends an entry or a group. Front matter `headings:` settles any heading the rule reads wrongly.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from ..content.markdown import LinkRule, Token, parse_markdown, render_tokens, slugify
from ..content.pages import Page
from ..errors import ContentError, ContentErrors
from .model import Block, Dates, EducationItem, Group, HeadingLink, Loose, Role, RolePage, Section

_TRAILING_PARENS = re.compile(r"^(?P<title>.*?)\s*\((?P<dates>[^()]*)\)\s*$", re.S)
_DASH = "-‐‑‒–—―−"
_DATES = re.compile(rf"^(?P<start>\d{{4}})(?:\s*(?:[{_DASH}]+|to)\s*(?P<end>\d{{4}}|present|now|today|current))?$",
                    re.I)
# "Title – Organisation": an en or em dash, spaced or not, or a hyphen with spaces round it ("Full-Stack" stays).
_ORGANISATION = re.compile(r"\s*[‒–—―]\s*|\s+[-‐‑−]\s+")
DATES_HINT = "write them as (2021 – 2024), (2024 – Present) or (2021)"
# Ids the layout already uses, and slugs that would collide with the all-roles view's URL.
RESERVED_SLUGS = frozenset({"all", "main", "site-nav"})
# Words that name a part of a CV rather than a role, when a heading has no dates and no organisation.
SECTION_WORDS = frozenset({"education", "skills", "certifications", "certificates", "publications", "awards",
                           "honors", "honours", "languages", "interests", "references", "patents", "courses",
                           "volunteering", "hobbies"})
KINDS = ("role", "group", "section", "part")  # what front matter `headings:` may say of a heading
INLINE_CONTAINERS = frozenset({"link", "emphasis", "strong", "strikethrough"})


def split_dates(text: str) -> tuple[str, Dates | None, str | None]:
    """'Role (2021 – 2024)' -> ('Role', Dates(2021, 2024), None); a date it cannot read -> its problem."""
    match = _TRAILING_PARENS.match(text.strip())
    if not match:
        return text.strip(), None, None
    raw = match.group("dates").strip()
    if not re.search(r"\d|present", raw, re.I):  # "(Dual Degree with MS in Statistics)" is no date
        return text.strip(), None, None
    title, dates = match.group("title").strip(), _DATES.match(raw)
    if not dates:
        return title, None, f"cannot read the dates ({raw}) of {title!r}"
    start = int(dates.group("start"))
    end_text = dates.group("end")
    end = start if end_text is None else int(end_text) if end_text.isdigit() else None
    if end is not None and end < start:
        return title, None, f"the dates ({raw}) of {title!r} end before they start"
    return title, Dates(start, end), None


def split_organisation(title: str) -> tuple[str, str]:
    """'Principal Data Scientist – InsurTech Startup' -> ('Principal Data Scientist', 'InsurTech Startup')."""
    parts = _ORGANISATION.split(title, maxsplit=1)
    return (parts[0].strip(), parts[1].strip()) if len(parts) == 2 and parts[0].strip() else (title.strip(), "")


def plain_text(tokens: list[Token]) -> str:
    """The text of inline or block tokens, without markup, entities decoded, on one line."""
    out: list[str] = []
    for token in tokens:
        if token["type"] in ("text", "codespan"):
            out.append(html.unescape(token["raw"]))
        elif token["type"] in ("linebreak", "softbreak", "inline_html"):
            out.append(" ")  # <br>, and any other inline tag, parts words
        elif token["type"] in INLINE_CONTAINERS:
            out.append(plain_text(token["children"]))
        elif "children" in token:
            out.append(" " + plain_text(token["children"]) + " ")
    return re.sub(r"\s+", " ", "".join(out)).strip()


def is_bold_only(inline: list[Token]) -> bool:
    return len(inline) == 1 and inline[0]["type"] == "strong"


def roles_of(page: Page, url_prefix: str = "", link_rules: tuple[LinkRule, ...] = ()) -> RolePage:
    """The page's roles, parsed once per base path while the page's file is unchanged.

    Raises ContentErrors naming file:line for every date it cannot read.
    """
    key = ("roles", url_prefix)
    if key not in page.derived:
        try:
            page.derived[key] = _Reader(page, url_prefix, link_rules).read()
        except ContentErrors as errors:
            page.derived[key] = errors
    result = page.derived[key]
    if isinstance(result, ContentErrors):
        raise result
    return result


def heading_kinds(page: Page) -> dict[str, tuple[str, str]]:
    """Front matter `headings:`: normalised heading text -> (role, group, section or part; the text as written)."""
    given = page.meta.get("headings")
    if given is None:
        return {}
    line = page.key_lines.get("headings")
    if not isinstance(given, Mapping):
        raise ContentErrors([ContentError(page.source, line, "'headings' must map heading texts to what they are",
                                          "write headings: then lines such as   Education: section")])
    kinds = {}
    for text, kind in given.items():
        if kind not in KINDS:
            raise ContentErrors([ContentError(page.source, line, f"headings: {text!r} cannot be {kind!r}",
                                              "say role, group, section or part (part: inside the entry above)")])
        kinds[_normal(str(text))] = (kind, str(text))
    return kinds


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).strip().casefold()


# -- pass 1: the page's top-level tokens as headings, breaks, role lists and other blocks -------------------


@dataclass
class _Heading:
    token: Token
    text: str  # as the page shows it, dates included
    title: str  # without its dates
    dates: Dates | None
    rank: int  # 2 for ##, 3 for ###, 4 for a bold paragraph
    line: int | None
    link: HeadingLink | None

    @property
    def is_label(self) -> bool:
        return self.title.endswith(":")

    @property
    def names_a_section(self) -> bool:
        title, organisation = split_organisation(self.title)
        words = set(re.findall(r"[a-z]+", title.casefold()))
        return self.dates is None and not organisation and bool(words & SECTION_WORDS)


@dataclass
class _Break:
    token: Token


@dataclass
class _ListRole:
    title: str
    dates: Dates | None
    line: int | None
    tokens: list[Token]


@dataclass
class _RoleList:
    roles: list[_ListRole]


Item = Any  # _Heading | _Break | _RoleList | Token


@dataclass
class _Entry:
    """An entry being read: its heading and what follows it."""
    heading: _Heading
    kind: str  # "auto" (role or section, decided by what follows), "role" or "section"
    parts: list[Any] = field(default_factory=list)  # tokens, and role lists
    education: list[EducationItem] = field(default_factory=list)

    @property
    def has_body(self) -> bool:
        return any(not isinstance(part, dict) or part["type"] != "blank_line" for part in self.parts)


@dataclass
class _Group:
    heading: _Heading
    intro: list[Any] = field(default_factory=list)
    members: list[_Entry] = field(default_factory=list)
    role_rank: int | None = None
    needs_dates: bool = False  # a role that became a group: only dated deeper headings join it


def _footnote_refs(tokens: list[Token]) -> list[int]:
    found: list[int] = []
    for token in tokens:
        if token["type"] == "footnote_ref":
            found.append(token["attrs"]["index"])
        found.extend(_footnote_refs(token.get("children") or []))
    return found


class _Reader:
    def __init__(self, page: Page, url_prefix: str, link_rules: tuple[LinkRule, ...]):
        self.page = page
        self.kinds = heading_kinds(page)
        tokens, self.state = parse_markdown(page.body, url_prefix, link_rules, lines=True,
                                            source=(page.source, page.body_line))
        # mistune puts every footnote's definition at the end; each piece rendered here gets its own.
        self.footnotes = {item["attrs"]["index"]: item for t in tokens if t["type"] == "footnotes"
                          for item in t["children"]}
        self.tokens = [t for t in tokens if t["type"] != "footnotes"]
        self.used = set(RESERVED_SLUGS) | {t["attrs"]["id"] for t in self.tokens if t["type"] == "heading"}
        self.errors: list[ContentError] = []
        self.blocks: list[Block] = []
        self.loose: list[Token] = []
        self.current: _Entry | None = None
        self.group: _Group | None = None
        self.matched: set[str] = set()

    def read(self) -> RolePage:
        items = [self._item(token) for token in self.tokens]
        body = [i for i, item in enumerate(items) if not (isinstance(item, dict) and item["type"] == "blank_line")]
        for position, index in enumerate(body):
            following = items[body[position + 1]] if position + 1 < len(body) else None
            self._take(items[index], following)
        self._close_group()
        self._flush_loose()
        self._check_overrides()
        if self.errors:
            raise ContentErrors(self.errors)
        return RolePage(self.page.url, self.blocks)

    def _item(self, token: Token) -> Item:
        if token["type"] == "thematic_break":
            return _Break(token)
        if token["type"] == "list":
            roles = self._role_list(token)
            if roles is not None:
                return _RoleList(roles)
        return self._heading(token) or token

    def _heading(self, token: Token) -> _Heading | None:
        if token["type"] == "heading" and token["attrs"]["level"] in (2, 3):
            inline, rank = token["children"], token["attrs"]["level"]
        elif token["type"] == "paragraph" and token["children"] and token["children"][0]["type"] == "strong":
            inline, rank = token["children"], 4
        else:
            return None
        inline, link = _trailing_link(inline)
        if rank == 4 and not is_bold_only(inline):
            return None
        text = plain_text(inline)
        line = self._line_of(token)
        title, dates = self._dates(text, line)
        return _Heading(token, text, title, dates, rank, line, link)

    def _role_list(self, token: Token) -> list[_ListRole] | None:
        """The roles of a list whose every item starts with bold text and a line break."""
        roles = []
        for item in token["children"]:
            first = item["children"][0] if item["children"] else {}
            if first.get("type") not in ("paragraph", "block_text"):
                return None
            inline = first["children"]
            if not inline or inline[0]["type"] != "strong" or plain_text(inline[:1]).endswith(":"):
                return None  # "**Pretraining:** Implemented …" is a highlight, not a role
            broken = len(inline) > 1 and inline[1]["type"] in ("linebreak", "softbreak")
            if not broken and (len(inline) > 1 or len(item["children"]) == 1):
                return None  # bold words alone, or bold text running on: not a title over details
            roles.append((first, inline, item["children"][1:]))
        found = []
        for first, inline, rest in roles:
            line = self._line_of(first)
            title, dates = self._dates(plain_text(inline[:1]), line)
            tokens = ([{"type": "paragraph", "children": inline[2:]}] if inline[2:] else []) + rest
            found.append(_ListRole(title, dates, line, tokens))
        return found

    # -- pass 2: entries, groups and sections, in page order ---------------------------------------------

    def _take(self, item: Item, following: Item) -> None:
        if isinstance(item, _Break):
            self._close_group()
            self.loose.append(item.token)
        elif isinstance(item, _Heading):
            self._take_heading(item, following)
        elif isinstance(item, _RoleList):
            self._add(item)
        else:
            if item["type"] == "list" and self._in_education():
                self.current.education.extend(self._education(item))  # type: ignore[union-attr]
            self._add(item)

    def _take_heading(self, heading: _Heading, following: Item) -> None:
        kind = self._kind(heading)
        if kind == "part" or (kind is None and (heading.is_label or self._is_inner(heading))):
            self._add(heading.token)
            return
        if kind is None and self._joins_as_dated(heading):
            self._regroup_current()
        opens_group = kind == "group" or (kind is None and isinstance(following, _Heading)
                                          and not following.is_label and not heading.names_a_section
                                          and self._kind(following) not in ("part", "section"))
        if kind == "section" or (kind is None and heading.names_a_section):
            self._close_group()
            self.current = _Entry(heading, "section")
        elif opens_group:
            self._close_group()
            self.group = _Group(heading)
        elif self._joins_group(heading, kind):
            self._close_entry()
            self.current = _Entry(heading, kind or "auto")
            self.group.members.append(self.current)  # type: ignore[union-attr]
            self.group.role_rank = self.group.role_rank or heading.rank  # type: ignore[union-attr]
        else:
            self._close_group()
            self.current = _Entry(heading, kind or "auto")

    def _kind(self, heading: _Heading) -> str | None:
        for text in (heading.text, heading.title):
            found = self.kinds.get(_normal(text))
            if found is not None:
                self.matched.add(_normal(text))
                return found[0]
        return None

    def _is_inner(self, heading: _Heading) -> bool:
        """A deeper heading without dates, inside a role that has text already: part of its details.

        In a role that became a group (its roles are dated deeper headings), "deeper" is deeper than the group.
        """
        current, group = self.current, self.group
        if current is None or current.kind == "section" or heading.dates is not None or heading.rank == 4:
            return False
        above = group.heading.rank if group is not None and group.needs_dates else current.heading.rank
        return above < 4 and heading.rank > above and (current.has_body or above != current.heading.rank)

    def _joins_as_dated(self, heading: _Heading) -> bool:
        """A deeper heading with dates under a role that has text: that role becomes a group (its text, the intro)."""
        current = self.current
        return bool(current and self.group is None and current.kind == "auto" and current.heading.rank < 4
                    and heading.rank < 4 and heading.rank > current.heading.rank and heading.dates is not None)

    def _regroup_current(self) -> None:
        entry, self.current = self.current, None
        assert entry is not None
        self.group = _Group(entry.heading, intro=entry.parts, needs_dates=True)

    def _joins_group(self, heading: _Heading, kind: str | None) -> bool:
        group = self.group
        if group is None or kind == "section":
            return False
        if group.role_rank is None:
            return heading.rank >= group.heading.rank and (heading.dates is not None or not group.needs_dates)
        return heading.rank == group.role_rank and (heading.dates is not None or not group.needs_dates)

    def _add(self, part: Any) -> None:
        if self.current is not None:
            self.current.parts.append(part)
        elif self.group is not None and not self.group.members:
            self.group.intro.append(part)
        elif isinstance(part, _RoleList):  # roles outside any entry
            self._close_group()
            self._flush_loose()
            self.blocks.extend(self._role(role.title, role.dates, role.line, role.tokens, "") for role in part.roles)
        else:
            self._close_group()
            self.loose.append(part)

    def _in_education(self) -> bool:
        return bool(self.current and self.current.kind != "role" and self.current.heading.dates is None
                    and "education" in self.current.heading.title.lower())

    def _education(self, token: Token) -> list[EducationItem]:
        items = []
        for item in token["children"]:
            blocks = [block for block in item["children"] if block["type"] in ("paragraph", "block_text")]
            if not blocks:
                continue
            text = plain_text([{"type": "item", "children": b["children"]} for b in blocks])
            title, dates = self._dates(text, self._line_of(blocks[0]))
            items.append(EducationItem(text, title, dates))
        return items

    def _line_of(self, token: Token) -> int | None:
        line = token.get("line")
        return None if line is None else self.page.body_line + line - 1

    def _dates(self, text: str, line: int | None) -> tuple[str, Dates | None]:
        title, dates, problem = split_dates(text)
        if problem:
            self.errors.append(ContentError(self.page.source, line, problem, DATES_HINT))
        return title, dates

    def _check_overrides(self) -> None:
        for key in sorted(set(self.kinds) - self.matched):
            self.errors.append(ContentError(self.page.source, self.page.key_lines.get("headings"),
                                            f"headings: no heading of the page reads {self.kinds[key][1]!r}",
                                            "write the heading's text as the page shows it, with or without its dates"))

    # -- turning entries into blocks ---------------------------------------------------------------------

    def _flush_loose(self) -> None:
        if self.loose:
            self.blocks.append(Loose(self._html(self.loose)))
            self.loose = []

    def _close_entry(self) -> None:
        entry, self.current = self.current, None
        if entry is None or (self.group is not None and entry in self.group.members):
            return
        self._flush_loose()
        self.blocks.append(self._block(entry))

    def _close_group(self) -> None:
        self._close_entry()
        group, self.group = self.group, None
        if group is None:
            return
        self._flush_loose()
        roles = [self._block(entry, group.heading.title) for entry in group.members]
        if not any(isinstance(role, Role) for role in roles):  # a heading that led to no roles
            self.blocks.append(self._section(_Entry(group.heading, "section", group.intro)))
            self.blocks.extend(roles)
            return
        heading = group.heading
        slug = self._slug(split_organisation(heading.title)[0], heading.title)
        self.blocks.append(Group(heading.title, heading.dates, self._html(self._tokens(group.intro)),
                                 [r for r in roles if isinstance(r, Role)], slug, heading.line, heading.link))

    def _block(self, entry: _Entry, group: str = "") -> Block:
        heading = entry.heading
        role_lists = [part for part in entry.parts if isinstance(part, _RoleList)]
        if role_lists:  # an entry over a list of roles: a group with its text as the intro
            slug = self._slug(split_organisation(heading.title)[0], heading.title)
            roles = [self._role(r.title, r.dates, r.line, r.tokens, heading.title) for lst in role_lists for r in lst.roles]
            return Group(heading.title, heading.dates, self._html(self._tokens(entry.parts)), roles, slug, heading.line,
                         heading.link)
        if entry.kind == "section" or (entry.kind == "auto" and heading.dates is None and not entry.has_body):
            return self._section(entry)
        return self._role(heading.title, heading.dates, heading.line, self._tokens(entry.parts), group, heading.link)

    @staticmethod
    def _tokens(parts: list[Any]) -> list[Token]:
        return [part for part in parts if isinstance(part, dict)]

    def _role(self, text: str, dates: Dates | None, line: int | None, tokens: list[Token], group: str,
              link: HeadingLink | None = None) -> Role:
        title, organisation = split_organisation(text)
        slug = self._slug(title, f"{title} {organisation}")
        summary = "\n\n".join(plain_text(t["children"]) for t in tokens
                              if t["type"] in ("paragraph", "block_text") and not is_bold_only(t["children"]))
        highlights = tuple(plain_text(item["children"]) for t in tokens if t["type"] == "list" for item in t["children"])
        return Role(title, organisation, dates, self._html(tokens), slug, self.page.url, line, group, summary,
                    highlights, link)

    def _section(self, entry: _Entry) -> Section:
        heading = entry.heading
        return Section(heading.title, self._html(self._tokens(entry.parts)), self._slug(heading.title, heading.title),
                       tuple(entry.education), heading.line)

    def _slug(self, text: str, fuller: str) -> str:
        """A unique id and URL segment: the title's slug, else with the organisation, else numbered."""
        base = slugify(text) or "entry"
        candidates = [base, slugify(fuller) or base]
        slug = next((c for c in candidates if c not in self.used), None)
        n = 2
        while slug is None:
            slug = f"{base}-{n}" if f"{base}-{n}" not in self.used else None
            n += 1
        self.used.add(slug)
        return slug

    def _html(self, tokens: list[Token]) -> str:
        """The tokens as HTML, followed by the definitions of the footnotes they refer to."""
        if not tokens:
            return ""
        notes = [self.footnotes[i] for i in dict.fromkeys(_footnote_refs(tokens)) if i in self.footnotes]
        if notes:
            tokens = [*tokens, {"type": "footnotes", "children": notes}]
        return render_tokens(tokens, self.state)


def _trailing_link(inline: list[Token]) -> tuple[list[Token], HeadingLink | None]:
    """A heading's inline tokens without a link at their end (after the bold text, or inside it)."""
    def strip(tokens: list[Token]) -> tuple[list[Token], HeadingLink | None]:
        body = _without_trailing_space(tokens)
        if body and body[-1]["type"] == "link" and len(body) > 1:
            link = body.pop()
            return _without_trailing_space(body), HeadingLink(link["attrs"]["url"], plain_text(link["children"]))
        return tokens, None
    outer, link = strip(inline)
    if link is None and len(inline) == 1 and inline[0]["type"] == "strong":
        inner, link = strip(inline[0]["children"])
        if link is not None:
            outer = [{**inline[0], "children": inner}]
    return outer, link


def _without_trailing_space(tokens: list[Token]) -> list[Token]:
    body = list(tokens)
    while body and body[-1]["type"] == "text" and not body[-1]["raw"].strip():
        body.pop()
    return body
