"""A role page as data: loose content, roles, groups of roles and sections, in page order."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class Dates:
    start: int
    end: int | None  # None: ongoing ("Present")

    @property
    def ongoing(self) -> bool:
        return self.end is None

    @property
    def label(self) -> str:
        if self.end == self.start:
            return str(self.start)
        return f"{self.start} – {'Present' if self.end is None else self.end}"


def css_id(value: str) -> str:
    """A CSS selector for an id; an id starting with a digit needs escaping ('#\\33 d-vision')."""
    if value[:1].isdigit():
        return f"#\\3{value[0]} {value[1:]}"
    return "#" + value


@dataclass(frozen=True)
class HeadingLink:
    """A link written at the end of an entry's heading, e.g. `**Engineer — Acme** [››](https://acme.com)`."""
    url: str
    text: str


@dataclass
class Role:
    title: str
    organisation: str
    dates: Dates | None
    details_html: str
    slug: str
    page_url: str  # the role page it is on
    line: int | None
    group: str = ""  # the title of the group it belongs to, if any
    summary: str = ""  # the details' paragraphs as plain text
    highlights: tuple[str, ...] = ()  # the details' list items as plain text
    link: HeadingLink | None = None
    kind = "role"

    @property
    def details_id(self) -> str:
        return f"{self.slug}--details"  # a slug never holds '--', so this never meets another slug

    @property
    def details_selector(self) -> str:
        return css_id(self.details_id)


@dataclass
class Group:
    title: str
    dates: Dates | None
    intro_html: str
    roles: list[Role]
    slug: str
    line: int | None = None
    link: HeadingLink | None = None
    kind = "group"


@dataclass(frozen=True)
class EducationItem:
    text: str  # the item as plain text, dates included
    title: str  # the text without its dates
    dates: Dates | None


@dataclass
class Section:
    title: str
    html: str
    slug: str
    education: tuple[EducationItem, ...] = ()
    line: int | None = None
    kind = "section"


@dataclass
class Loose:
    """Content outside every entry (the page's header, an introduction), shown as written."""
    html: str
    kind = "loose"


Block = Union[Loose, Role, Group, Section]


@dataclass
class RolePage:
    url: str
    blocks: list[Block]

    @property
    def roles(self) -> list[Role]:
        found: list[Role] = []
        for block in self.blocks:
            if isinstance(block, Group):
                found.extend(block.roles)
            elif isinstance(block, Role):
                found.append(block)
        return found

    @property
    def education(self) -> list[EducationItem]:
        return [item for block in self.blocks if isinstance(block, Section) for item in block.education]

    @property
    def first_entry(self) -> int:
        """Where the entries start: the page's controls go there, after its header."""
        return next((i for i, block in enumerate(self.blocks) if not isinstance(block, Loose)), len(self.blocks))

    def role(self, slug: str) -> Role | None:
        return next((role for role in self.roles if role.slug == slug), None)


@dataclass
class RoleShelf:
    """The roles feature's data in a snapshot: each role page, read at the site root."""
    pages: list[RolePage]
