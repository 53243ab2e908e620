"""Roles read from a page's markdown syntax tree: the Experience page as data.

The rules (README, "Experience"):
- A paragraph that is only bold text, or a ## / ### heading, opens an entry that runs to the next
  such opener or thematic break (---):
  - with dates at its end, "(2021 – 2024)", "(2024 – Present)" or "(2020)": a role;
  - without dates and ending in ':' ("**Focus Areas:**"): a sub-heading, kept in the current entry;
  - otherwise ("**Education & Foundations**"): a section, shown as it is. A section whose title
    mentions education lists the education of /resume.json.
- A list item that starts with bold text and a line break is a role; its details are the rest of
  the item. An entry whose content holds a list of such items is a group of those roles.
- Under a ## heading, a deeper heading with dates is a role of that group; without dates, a sub-heading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..content.markdown import LinkRule, Token, parse_markdown, render_tokens, slugify
from ..content.pages import Page
from ..errors import ContentError, ContentErrors
from .model import Block, Dates, EducationItem, Group, Loose, Role, RolePage, Section

_TRAILING_PARENS = re.compile(r"^(?P<title>.*?)\s*\((?P<dates>[^()]*)\)\s*$", re.S)
_DATES = re.compile(r"^(?P<start>\d{4})(?:\s*(?:[-‐‑‒–—―−]+|to)\s*(?P<end>\d{4}|present|now|today|current))?$", re.I)
_ORGANISATION = re.compile(r"\s+[-‐‑‒–—―]\s+")  # "Title – Organisation": a dash with spaces round it
DATES_HINT = "write them as (2021 – 2024), (2024 – Present) or (2021)"
# Ids the layout already uses, and slugs that would collide with the all-roles view's URL.
RESERVED_SLUGS = frozenset({"all", "main", "site-nav"})


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
    return (parts[0].strip(), parts[1].strip()) if len(parts) == 2 else (title.strip(), "")


INLINE_CONTAINERS = frozenset({"link", "emphasis", "strong", "strikethrough"})


def plain_text(tokens: list[Token]) -> str:
    """The text of inline or block tokens, without markup, on one line."""
    out: list[str] = []
    for token in tokens:
        if token["type"] in ("text", "codespan"):
            out.append(token["raw"])
        elif token["type"] in ("linebreak", "softbreak"):
            out.append(" ")
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


@dataclass
class _Draft:
    """An entry being read: its opener and the tokens that follow it."""
    title: str
    dates: Dates | None
    level: int  # 2 or 3 for a heading; 0 for a bold paragraph
    line: int | None
    parts: list[Any] = field(default_factory=list)  # tokens, and lists of roles (list[_ListRole])
    children: list["_Draft"] = field(default_factory=list)  # roles under deeper headings
    education: list[EducationItem] = field(default_factory=list)

    def add(self, part: Any) -> None:
        (self.children[-1] if self.children else self).parts.append(part)


@dataclass
class _ListRole:
    title: str
    dates: Dates | None
    line: int | None
    tokens: list[Token]


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
        tokens, self.state = parse_markdown(page.body, url_prefix, link_rules, lines=True)
        # mistune puts every footnote's definition at the end; each piece rendered here gets its own.
        self.footnotes = {item["attrs"]["index"]: item for t in tokens if t["type"] == "footnotes"
                          for item in t["children"]}
        self.tokens = [t for t in tokens if t["type"] != "footnotes"]
        self.used = set(RESERVED_SLUGS) | {t["attrs"]["id"] for t in self.tokens if t["type"] == "heading"}
        self.errors: list[ContentError] = []
        self.blocks: list[Block] = []
        self.loose: list[Token] = []
        self.current: _Draft | None = None

    def read(self) -> RolePage:
        for token in self.tokens:
            self._take(token)
        self._close()
        self._flush_loose()
        if self.errors:
            raise ContentErrors(self.errors)
        return RolePage(self.page.url, self.blocks)

    # -- reading the top-level tokens in order ---------------------------------------------

    def _take(self, token: Token) -> None:
        if token["type"] == "thematic_break":
            self._close()
            self.loose.append(token)
            return
        opener = self._opener(token)
        if opener is None:
            part = self._role_list(token) if token["type"] == "list" else None
            if token["type"] == "list" and part is None and self._in_education():
                self.current.education.extend(self._education(token))  # type: ignore[union-attr]
            self._add(part if part is not None else token)
            return
        text, level = opener
        line = self._line_of(token)
        title, dates = self._dates(text, line)
        current = self.current
        deeper = bool(current and level and current.level and level > current.level)
        if dates is None and (title.endswith(":") or deeper):
            self._add(token)  # a sub-heading inside the current entry
        elif dates is not None and deeper:
            assert current is not None
            current.children.append(_Draft(title, dates, level, line))
        else:
            self._close()
            self._flush_loose()
            self.current = _Draft(title, dates, level, line)

    def _opener(self, token: Token) -> tuple[str, int] | None:
        """(title text, heading level or 0) when the token opens an entry."""
        if token["type"] == "heading" and token["attrs"]["level"] in (2, 3):
            return plain_text(token["children"]), token["attrs"]["level"]
        if token["type"] == "paragraph" and is_bold_only(token["children"]):
            return plain_text(token["children"]), 0
        return None

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

    def _in_education(self) -> bool:
        return bool(self.current and self.current.dates is None and not self.current.children
                    and "education" in self.current.title.lower())

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

    def _add(self, part: Any) -> None:
        if self.current is not None:
            self.current.add(part)
        elif isinstance(part, list):  # roles outside any group
            self._flush_loose()
            self.blocks.extend(self._list_role(role, "") for role in part)
        else:
            self.loose.append(part)

    def _line_of(self, token: Token) -> int | None:
        line = token.get("line")
        return None if line is None else self.page.body_line + line - 1

    def _dates(self, text: str, line: int | None) -> tuple[str, Dates | None]:
        title, dates, problem = split_dates(text)
        if problem:
            self.errors.append(ContentError(self.page.source, line, problem, DATES_HINT))
        return title, dates

    # -- turning drafts into blocks -------------------------------------------------------

    def _flush_loose(self) -> None:
        if self.loose:
            self.blocks.append(Loose(self._html(self.loose)))
            self.loose = []

    def _close(self) -> None:
        draft, self.current = self.current, None
        if draft is None:
            return
        role_lists = [part for part in draft.parts if isinstance(part, list)]
        tokens = [part for part in draft.parts if not isinstance(part, list)]
        if role_lists or draft.children:
            self.blocks.append(self._group(draft, tokens, role_lists))
        elif draft.dates is not None:
            self.blocks.append(self._role(draft.title, draft.dates, draft.line, tokens, ""))
        else:
            self.blocks.append(self._section(draft, tokens))

    def _group(self, draft: _Draft, tokens: list[Token], role_lists: list[list[_ListRole]]) -> Group:
        slug = self._slug(split_organisation(draft.title)[0], draft.title)
        group = Group(draft.title, draft.dates, self._html(tokens), [], slug)
        group.roles = [self._list_role(role, draft.title) for roles in role_lists for role in roles]
        for child in draft.children:
            child_tokens = [part for part in child.parts if not isinstance(part, list)]
            group.roles.append(self._role(child.title, child.dates, child.line, child_tokens, draft.title))
            group.roles.extend(self._list_role(role, draft.title)
                               for roles in child.parts if isinstance(roles, list) for role in roles)
        return group

    def _list_role(self, role: _ListRole, group: str) -> Role:
        return self._role(role.title, role.dates, role.line, role.tokens, group)

    def _role(self, text: str, dates: Dates | None, line: int | None, tokens: list[Token], group: str) -> Role:
        title, organisation = split_organisation(text)
        slug = self._slug(title, f"{title} {organisation}")
        summary = "\n\n".join(plain_text(t["children"]) for t in tokens
                              if t["type"] in ("paragraph", "block_text") and not is_bold_only(t["children"]))
        highlights = tuple(plain_text(item["children"]) for t in tokens if t["type"] == "list" for item in t["children"])
        return Role(title, organisation, dates, self._html(tokens), slug, self.page.url, line, group, summary,
                    highlights)

    def _section(self, draft: _Draft, tokens: list[Token]) -> Section:
        return Section(draft.title, self._html(tokens), self._slug(draft.title, draft.title), tuple(draft.education))

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
