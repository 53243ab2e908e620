"""The import plan: every file to write into the project, and everything the report must tell.

Planning reads SRC and the project and writes nothing; `apply` (applying.py) carries a plan out.
"""
from __future__ import annotations

from pathlib import Path, PurePosixPath

from . import documents as docs
from .config import JekyllConfig
from .data import data_file
from .engine_urls import DEFAULT_POST_PERMALINK
from .errors import ImportRefused
from .files import Kind, SiteFile
from .home import SECTIONS_FILE, is_home, plan_home, sections_from_data
from .includes import IncludeJudge
from .liquid import IncludeStatus, IncludeVerdict, Mode, PageValues, SiteValues, translate
from .model import Carried, Dropped, Redirect, SourceRef, Untranslated
from .planned import Conflict, CopiedFile, ImportPlan, NewFile, PlannedFile
from .project import ProjectFacts, read_project
from .settings import ImportedSettings, settings_from
from .site import Document, JekyllSite, read_site
from .statics import plan_static

__all__ = ["Conflict", "CopiedFile", "ImportPlan", "NewFile", "PlannedFile", "plan_import"]


class _Resolver:
    """Lookups a translation needs: new URLs of source files and posts, and what became of each include."""

    def __init__(self, judge: IncludeJudge):
        self.judge = judge
        self.by_source: dict[str, str] = {}
        self.posts: dict[str, str] = {}
        self.old_urls: dict[str, str] = {}

    def link(self, path: str) -> str | None:
        return self.by_source.get(path.strip().lstrip("/"))

    def post(self, name: str) -> str | None:
        return self.posts.get(name.strip().strip("/"))

    def moved(self, url: str) -> str | None:
        path, mark, rest = url.partition("#")
        new = self.old_urls.get(path)
        return new + mark + rest if new else None

    def include(self, name: str) -> IncludeVerdict:
        return self.judge.verdict(name)


def plan_import(src: Path, project_root: Path) -> ImportPlan:
    """Read SRC and the project; write nothing."""
    try:
        return _plan(src, project_root)
    except OSError as exc:
        raise ImportRefused(str(exc.filename or src), f"cannot be read ({exc.strerror})",
                            "check that the file exists and that you may read it") from None


def _plan(src: Path, project_root: Path) -> ImportPlan:
    site = read_site(src)
    project = read_project(project_root)
    settings = settings_from(site.config, site.cname)
    values = site_values(site.config, settings)
    judge = IncludeJudge(src, site.config.includes_dir, project.includes, site.config.baseurl, values.markers)
    plan = ImportPlan(src, [], settings, markers=values.markers)
    _Planner(site, project, plan, values, _Resolver(judge)).run()
    return plan


def site_values(config: JekyllConfig, settings: ImportedSettings) -> SiteValues:
    public = settings.base_url
    return SiteValues(title=config.title, description=config.description, url=public.rstrip("/"),
                      baseurl="/" if config.baseurl.endswith("/") else "", public_base=public,
                      author=config.author, language=config.language, tagline=config.tagline,
                      logo=config.logo, cover=config.cover,
                      markers=config.tracker_values + tuple(f"site.{entry.key}" for entry in config.trackers))


class _Planner:
    def __init__(self, site: JekyllSite, project: ProjectFacts, plan: ImportPlan, values: SiteValues,
                 resolver: _Resolver):
        self.site, self.project, self.plan, self.values, self.resolver = site, project, plan, values, resolver
        self.referenced: list[str] = []

    def run(self) -> None:
        placements = self.place()
        for placement in placements:
            self.document(placement)
        self.includes()
        self.data()
        for file in self.site.of_kind(Kind.STATIC):
            planned, dropped = plan_static(self.site, file)
            self.plan.files += [planned] if planned else []
            self.plan.dropped += dropped
        self.theme()
        self.config()
        self.plan.untranslated += [Untranslated(bad.where, "", f"{bad.why}: not imported")
                                   for bad in self.site.unreadable]

    # -- where everything goes ----------------------------------------------------------------------
    def place(self) -> list[docs.Placement]:
        taken: set[str] = set()
        placements = []
        for page in self.site.pages:
            if self.keep_page(page):
                placements.append(docs.place_page(page, taken))
        template = self.plan.settings.post_permalink or DEFAULT_POST_PERMALINK
        for post in self.site.posts + self.site.drafts:
            draft = post.file.kind is Kind.DRAFT or not post.published
            placements.append(docs.place_post(post, template, taken, draft))
        placements = [p for p in placements if not self.conflicts(p)]
        for placement in placements:
            self.resolver.by_source[placement.document.file.name] = placement.url
            if placement.document.published:
                for old in (placement.document.url, placement.document.output_url):
                    self.resolver.old_urls.setdefault(old, placement.url)
            if placement.document.file.kind is Kind.POST:
                inner = PurePosixPath(*placement.document.file.path.parts[len(placement.document.file.categories) + 1:])
                self.resolver.posts.setdefault(inner.with_suffix("").as_posix(), placement.url)
        for file in self.site.of_kind(Kind.STATIC):
            self.resolver.by_source.setdefault(file.name, "/" + file.name)
        return placements

    def keep_page(self, page: Document) -> bool:
        name = page.file.name
        if page.file.kind is Kind.RENDERED:
            sass = page.file.path.suffix.lower() in (".scss", ".sass")
            why = ("theme CSS (Sass): the engine's own stylesheet replaces it" if sass else
                   f"a file Jekyll renders with Liquid ({page.output_url}): not imported")
            self.plan.dropped.append(docs.dropped_page(page, why))
            return False
        if page.file.path.stem == "404" and page.file.path.parent == PurePosixPath():
            self.plan.dropped.append(docs.dropped_page(page, "the engine makes its own 404 page"))
            return False
        if not page.published:
            self.plan.dropped.append(docs.dropped_page(page, "published: false: Jekyll does not publish it either"))
            return False
        if "redirect_to" in page.text.data:
            self.plan.untranslated.append(Untranslated(page.where, f"redirect_to: {page.text.data['redirect_to']}",
                                                       "a page that only redirects: add its address to "
                                                       "redirect_from on the page it leads to"))
            return False
        return True

    def conflicts(self, placement: docs.Placement) -> bool:
        existing = self.project.page_at(placement.url)
        if existing is None or existing == placement.target:
            return False
        self.plan.conflicts.append(Conflict(placement.document.file.name, placement.url, str(existing)))
        return True

    # -- pages, posts, drafts -----------------------------------------------------------------------
    def document(self, placement: docs.Placement) -> None:
        document = placement.document
        redirects = docs.redirects_for(placement, self.site.has_plugin("jekyll-redirect-from"))
        redirects = [r for r in redirects if self.redirect_is_free(r, document)]
        if document.file.kind is Kind.PAGE and is_home(document.file.path):
            self.home(placement)
            return
        mode = Mode.HTML if document.is_html else Mode.MARKDOWN
        where = SourceRef(document.file.name, document.text.body_line)
        translation = translate(document.text.body, where, self.values,
                                PageValues(document.title, placement.url, document.text.data), self.resolver, mode)
        self.plan.untranslated += translation.untranslated
        self.plan.dropped += translation.dropped
        self.referenced += translation.includes
        body = docs.carry_html(translation.text) if mode is Mode.HTML else translation.text
        if document.file.kind is Kind.PAGE:
            result = docs.page_front_matter(placement, redirects, self.prints_heading(translation.includes))
            front, kind = result.data, "page"
            self.plan.untranslated += result.untranslated
        else:
            front = docs.post_front_matter(placement, redirects)
            kind = "draft" if placement.draft else "post"
        self.plan.redirects += redirects
        self.plan.files.append(NewFile(placement.target, docs.markdown_file(front, body),
                                       f"{kind} {placement.url}, from {document.file.name}",
                                       tuple(r.old_url for r in redirects)))

    def redirect_is_free(self, redirect: Redirect, document: Document) -> bool:
        other = self.resolver.by_source.values()
        if redirect.old_url in other or self.project.page_at(redirect.old_url):
            self.plan.untranslated.append(Untranslated(SourceRef(document.file.name), redirect.old_url,
                                                       "this old address is now another page's, so it cannot "
                                                       f"redirect to {redirect.new_url}"))
            return False
        return True

    def prints_heading(self, names: list[str]) -> bool:
        for name in names:
            judged = self.resolver.judge.judge(name)
            if judged.prints_heading or (judged.verdict.status is IncludeStatus.PROJECT
                                         and name in self.project.heading_includes):
                return True
        return False

    def home(self, placement: docs.Placement) -> None:
        home = plan_home(placement, self.values, self.resolver, self.site.config.cover)
        self.plan.carried += home.carried
        self.plan.untranslated += home.untranslated
        self.plan.dropped += home.dropped
        self.referenced += home.includes
        self.plan.files.append(NewFile(placement.target, docs.markdown_file(home.front_matter, home.body),
                                       f"the home page, from {placement.document.file.name}"))
        if home.sections_from:
            content = sections_from_data(self.site.root, self.site.config.data_dir, home.sections_from)
            if content is not None:
                self.plan.files.append(NewFile(SECTIONS_FILE, content,
                                               f"the section cards, from the data file '{home.sections_from}'"))

    # -- includes, data, theme, settings --------------------------------------------------------------
    def includes(self) -> None:
        used = dict.fromkeys(self.referenced)
        for name in used:
            judged = self.resolver.judge.judge(name)
            if judged.verdict.status is IncludeStatus.CONVERTED and judged.jinja is not None:
                self.plan.files.append(NewFile(PurePosixPath("templates/includes") / name,
                                               judged.jinja.encode("utf-8"), f"include, from {judged.source}"))
        for file in self.site.of_kind(Kind.INCLUDE):
            name = PurePosixPath(file.name).relative_to(self.site.config.includes_dir).as_posix()
            if name in used:
                continue
            tracker = self.resolver.judge.verdict(name).status is IncludeStatus.TRACKER
            self.plan.dropped.append(Dropped(SourceRef(file.name), file.name, (
                "analytics or comments: this engine makes no third-party requests" if tracker else
                "an include only the theme (layouts, dropped markup) uses: not imported")))

    def data(self) -> None:
        for file in self.site.of_kind(Kind.DATA):
            planned = data_file(self.site.root, self.site.config.data_dir, file)
            if planned is None:
                self.plan.untranslated.append(Untranslated(SourceRef(file.name), "", "a data file that cannot "
                                                           "be read: not imported"))
            elif not any(f.target == planned[0] for f in self.plan.files):
                target, content = planned
                self.plan.files.append(NewFile(target, content, f"data, from {file.name}") if content is not None
                                       else CopiedFile(target, self.site.root / file.path, f"data, from {file.name}"))

    def theme(self) -> None:
        for file in self.site.of_kind(Kind.LAYOUT):
            self.plan.dropped.append(Dropped(SourceRef(file.name), file.name,
                                             "a theme layout: the engine's layout replaces it"))
        for file in self.site.of_kind(Kind.THEME_FOLDER):
            self.plan.dropped.append(Dropped(SourceRef(file.name), file.name + "/", _theme_folder_why(file)))
        for file in self.site.of_kind(Kind.OUTSIDE_LINK):
            self.plan.dropped.append(Dropped(SourceRef(file.name), file.name,
                                             "a symbolic link that leads out of the Jekyll site: not followed"))

    def config(self) -> None:
        config = self.site.config
        for entry in config.trackers:
            self.plan.dropped.append(Dropped(entry.where, entry.text, "analytics or comments: this engine makes "
                                                                      "no third-party requests"))
        for plugin in config.plugins:
            where = config.plugin_entry.where if config.plugin_entry else config.where()
            self.plan.dropped.append(Dropped(where, plugin, PLUGIN_NOTES.get(plugin, "a Jekyll plugin: the "
                                                                             "engine runs none")))
        for entry, why in config.unsupported:
            self.plan.dropped.append(Dropped(entry.where, entry.text, why))
        if self.site.has_plugin("jekyll-redirect-from") and config.redirect_json:
            self.plan.dropped.append(Dropped(config.where(), "/redirects.json", "jekyll-redirect-from's list of "
                                             "redirects is no longer published"))
        if self.site.cname:
            self.plan.carried.append(Carried(SourceRef("CNAME"), self.site.cname,
                                             f'cname = "{self.site.cname}" in site/site.toml (the build writes /CNAME)'))


PLUGIN_NOTES = {
    "jekyll-redirect-from": "jekyll-redirect-from: the engine publishes redirect_from itself",
    "jekyll-sitemap": "jekyll-sitemap: the engine writes /sitemap.xml and /robots.txt itself",
    "jekyll-seo-tag": "jekyll-seo-tag: the engine writes its own meta and social-card tags",
    "jekyll-feed": "jekyll-feed: /feed.xml is no longer published by a plugin",
    "jekyll-paginate": "jekyll-paginate: the engine lists posts on one page",
    "jekyll-gist": "jekyll-gist: gists are third-party embeds, which this engine does not make",
    "jemoji": "jemoji: emoji images come from a third-party server",
}


def _theme_folder_why(file: SiteFile) -> str:
    name = file.name
    if name in ("_sass", "_scss", "_css"):
        return "the theme's styles: the engine's own stylesheet replaces them"
    if name == "_plugins":
        return "Jekyll plugins (Ruby): the engine runs none"
    return "a folder Jekyll does not publish: not imported"
