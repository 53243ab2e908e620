"""/resume.json: the roles and education of the role pages as a JSON Resume (https://jsonresume.org/schema/).

Built from the same parsed roles as the pages. Dates are years (YYYY), which the schema allows;
an ongoing role has no endDate. Only what the pages and settings say goes in: nothing is invented.
"""
from __future__ import annotations

import json
from typing import Any, Callable

from flask import Response

from ..content.settings import Settings
from ..engine import engine
from ..web.urls import public_url
from .model import Dates, EducationItem, Role, RolePage, RoleShelf

URL = "/resume.json"
SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"


def build_resume(settings: Settings, pages: list[RolePage], public: Callable[[str], str]) -> dict[str, Any]:
    basics: dict[str, Any] = {"name": settings.author or settings.title, "url": public("/")}
    if settings.description:
        basics["summary"] = settings.description
    if settings.links:
        basics["profiles"] = [{"network": link.name, "url": link.url} for link in settings.links]
    return {
        "$schema": SCHEMA_URL,
        "basics": basics,
        "work": [work(role) for page in pages for role in page.roles],
        "education": [education(item) for page in pages for item in page.education],
        "meta": {"canonical": public(URL)},
    }


def work(role: Role) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    if role.organisation:
        entry["name"] = role.organisation
    entry["position"] = role.title
    entry.update(_dates(role.dates, single_is_end=False))
    if role.summary:
        entry["summary"] = role.summary
    if role.highlights:
        entry["highlights"] = list(role.highlights)
    return entry


def education(item: EducationItem) -> dict[str, Any]:
    """'PhD in Applied Mathematics, Michigan State University (2012)': study type, area, institution, year."""
    study, _, institution = item.title.rpartition(", ")
    if not study:
        study, institution = institution, ""
    study_type, _, area = study.partition(" in ")
    entry: dict[str, Any] = {}
    if institution:
        entry["institution"] = institution
    if area:
        entry["area"] = area.strip()
    entry["studyType"] = study_type.strip()
    entry.update(_dates(item.dates, single_is_end=True))
    return entry


def _dates(dates: Dates | None, single_is_end: bool) -> dict[str, str]:
    if dates is None:
        return {}
    if dates.end == dates.start and single_is_end:  # "(2012)" after a degree: the year it was awarded
        return {"endDate": str(dates.end)}
    out = {"startDate": str(dates.start)}
    if dates.end is not None:
        out["endDate"] = str(dates.end)
    return out


def resume_json() -> Response:
    site = engine().site()
    for url in site.settings.role_pages:  # the resume would miss that page's roles: show why
        if url in site.broken:
            raise site.broken[url]
    data = build_resume(site.settings, site.part(RoleShelf).pages, public_url)
    return Response(json.dumps(data, ensure_ascii=False, indent=2) + "\n", mimetype="application/json")
