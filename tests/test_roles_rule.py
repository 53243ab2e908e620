"""The role rule on the pages the owner keeps writing (README, "Experience"): generated Experience pages with
every variation the owner uses — dates or none, any dash, present/now/current, entities and inline HTML in
headings, trailing links, emoji, groups, CRLF and a BOM — and the outline the engine reads from them."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from folio.content.pages import load_page
from folio.roles.model import Dates, Group, Role, Section
from folio.roles.reader import roles_of

WORDS = ["Principal", "Data", "Scientist", "Senior", "Machine", "Learning", "Engineer", "Research", "Lead",
         "Analyst", "Quantitative", "Platform", "Vision", "Applied", "Staff", "Founding", "Independent", "AI"]
ORGS = ["InsurTech Startup", "R&D Team", "Energy & Utilities", "Consulting Startup", "Acme Labs", "Initech"]
DASHES = ["-", "–", "—"]
PRESENT = ["present", "Present", "now", "current"]
EMOJI = ["🚀", "🧠", "⚡"]


@dataclass
class Spec:
    """One role as the generator wrote it, and what the engine must read."""
    markdown: str  # the heading line
    title: str
    organisation: str
    dates: Dates | None
    group: str = ""


def html_text(text: str) -> str:
    return text.replace("&", "&amp;")


@st.composite
def role_heading(draw, rank: str) -> Spec:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4, unique=True))
    title = " ".join(words)
    shown = title
    if draw(st.booleans()):  # an emoji the owner likes
        emoji = draw(st.sampled_from(EMOJI))
        shown, title = f"{emoji} {shown}", f"{emoji} {title}"
    if draw(st.booleans()) and len(words) > 1:  # an entity or a line break between two words
        spacer = draw(st.sampled_from([" &emsp; ", "&nbsp;", " <br> "]))
        shown = shown.replace(words[0] + " ", words[0] + spacer, 1)
    organisation = draw(st.sampled_from([""] + ORGS))
    if organisation:
        dash = draw(st.sampled_from(["–", "—"]))
        spaced = draw(st.booleans()) or False
        shown += (f" {dash} " if spaced else dash) + html_text(organisation)
    dates = None
    if draw(st.booleans()):
        start = draw(st.integers(1995, 2025))
        end = draw(st.one_of(st.none(), st.integers(start, 2026)))
        dash = draw(st.sampled_from(DASHES + [" to "]))
        space = draw(st.sampled_from(["", " "])) if dash != " to " else ""
        end_text = draw(st.sampled_from(PRESENT)) if end is None else str(end)
        shown += f" &emsp; ({start}{space}{dash}{space}{end_text})" if draw(st.booleans()) else \
            f" ({start}{space}{dash}{space}{end_text})"
        dates = Dates(start, end)
    link = draw(st.sampled_from(["", " [››](https://example.com/role)", "[››](https://example.com/in)"]))
    if rank == "bold":
        markdown = f"**{shown}{link}**" if link.startswith("[") else f"**{shown}**{link}"
    else:
        markdown = f"{rank} {shown}{link}"
    return Spec(markdown, title, organisation, dates)


@st.composite
def experience_page(draw):
    rank = draw(st.sampled_from(["bold", "##"]))
    lines = ["{% include section-header.html %}", ""]
    specs: list[Spec] = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):  # a group: its heading, then its roles, each with a paragraph
            name = draw(st.sampled_from(["Industry Experience", "Industry Work", "Consulting", "Open Source"]))
            lines += [f"**{name}**" if rank == "bold" else f"{rank} {name}", ""]
            for _ in range(draw(st.integers(1, 4))):
                spec = draw(role_heading(rank))
                spec.group = name
                specs.append(spec)
                lines += [spec.markdown, "", draw(paragraph()), ""]
        else:
            spec = draw(role_heading(rank))
            specs.append(spec)
            lines += [spec.markdown, "", draw(paragraph()), ""]
            if draw(st.booleans()):
                lines += ["**Focus Areas:**", "- **Pretraining:** built things.", "- Shipped others.", ""]
        lines += ["---", ""]
    lines += ["**Education & Foundations**", "", "- PhD in Applied Mathematics, Michigan State University (2012)", ""]
    return "\n".join(lines), specs


@st.composite
def paragraph(draw) -> str:
    text = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=12))).capitalize() + "."
    return text + draw(st.sampled_from(["", " [››](https://example.com/more)"]))


def write_page(root: Path, body: str, crlf: bool, bom: bool):
    (root / "pages").mkdir(exist_ok=True)
    (root / "templates" / "layouts").mkdir(parents=True, exist_ok=True)
    (root / "templates" / "includes").mkdir(parents=True, exist_ok=True)
    (root / "templates" / "layouts" / "page.html").write_text("{{ content }}")
    (root / "templates" / "includes" / "section-header.html").write_text("<h1>{{ page.title }}</h1>")
    text = "---\ntitle: Experience\npermalink: /experience/\n---\n\n" + body
    if crlf:
        text = text.replace("\n", "\r\n")
    path = root / "pages" / "experience.md"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode())
    return load_page(path, root), text.replace("\r\n", "\n").splitlines()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=experience_page(), crlf=st.booleans(), bom=st.booleans())
def test_every_role_is_read_whatever_the_owner_writes(tmp_path_factory, page, crlf, bom):
    body, specs = page
    loaded, lines = write_page(tmp_path_factory.mktemp("site"), body, crlf, bom)
    parsed = roles_of(loaded)
    read = [(r.title, r.organisation, r.dates, r.group) for r in parsed.roles]
    assert read == [(s.title, s.organisation, s.dates, s.group) for s in specs], body
    for role, spec in zip(parsed.roles, specs):
        assert lines[role.line - 1] == spec.markdown, "the line a role names is its heading's"
        assert "&" not in role.slug and not any(word in role.slug for word in ("emsp", "nbsp", "amp", "br"))
        assert "<" not in role.title + role.organisation and "&emsp;" not in role.title
        assert role.details_html.strip(), "every role has details"
    assert [type(b) for b in parsed.blocks if not isinstance(b, (Role, Group))][-1] is Section
    assert parsed.education and parsed.education[0].dates == Dates(2012, 2012)
