"""Render a linked state site through its theme, one page at a time.

:func:`page_specs` lists every page of a state in one language and
:func:`render_page` renders one of them, so pages can be rendered in any
order, in several processes, and written as they come: memory never holds the
whole site's HTML. :func:`site_files` makes the files that are not pages
(feeds, calendars, sitemap, finder data, host files). Template errors become problems.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from hubgen.content.config import SiteConfig, StateConfig
from hubgen.content.documents import ChangedWhileBuilding
from hubgen.content.types import REGISTRY
from hubgen.core.errors import Problem
from hubgen.markup.linkcheck import shown_document
from hubgen.render import calendars
from hubgen.render.hostfiles import headers_file, redirects_file, site_policy
from hubgen.render.i18n import FILTERS, Language, Strings, language_of
from hubgen.render.social import atom_feed, share_image
from hubgen.render.stateview import StateView
from hubgen.render.themes import Theme, static_asset, template_problem
from hubgen.render.views import DocView, ListView
from hubgen.render.zipfinder import finder_json

# Every template a theme must provide (itself or through the theme it extends): one per
# content type, one per list page (search's is looked for only when the site has search),
# and the site's own pages.
TEMPLATES = (
    *(f"{spec.name}.html" for spec in REGISTRY.types),
    *(f"{page.kind}_list.html" for page in REGISTRY.list_pages if page.kind != "search"),
    "redirect.html",
    "landing.html",
    "404.html",
)


@dataclass(frozen=True)
class RenderedFile:
    """Any other file of a state's site, like a calendar."""

    path: str  # under the state's folder: 'events/fall-canvass/event.ics'
    text: str | bytes


@jinja2.pass_environment
def content_lang(env: jinja2.Environment, view: Any) -> Markup:
    """' lang="en"' on text shown in the default language because it has no translation."""
    if isinstance(view, DocView) and env.getattr(view, "fallback"):
        return Markup(f' lang="{view._doc.source.lang}"')
    return Markup("")


@jinja2.pass_context
def text_lang(context: Any, view: Any, field: str) -> Markup:
    """' lang="en"' on a field's text (``text_lang(page, 'accessibility')``, or a
    setting's: ``text_lang(state, 'tagline')``) shown in another language than the page's
    because its translation lacks it."""
    lang = context.environment.getattr(view, "lang_of")(field)
    return Markup(f' lang="{lang}"') if lang and lang != context.get("lang") else Markup("")


def add_filters(env: jinja2.Environment) -> None:
    """The filters that write dates, times, schedules and language names in the page's
    language (see :mod:`hubgen.render.i18n`), and helpers."""
    env.filters.update(FILTERS)
    env.globals.update(
        content_lang=content_lang, text_lang=text_lang, main_menu=REGISTRY.main_menu
    )


LIST_PAGES = REGISTRY.list_pages


def list_pages(state: StateView, t: Strings) -> list[ListView]:
    """The list pages; titles come from the theme's strings (English if it has none)."""
    return [
        ListView(
            page.kind,
            t.get(page.title, page.title.replace("_", " ").capitalize()),
            page.path,
            state.listing(page.kind),
            state,
        )
        for page in LIST_PAGES
        if page.kind != "search" or state.program.search
    ]


@dataclass(frozen=True)
class PageSpec:
    """One page to render: its template, its address and what it shows.

    ``what`` is ``("doc", type, slug)``, ``("list", kind)``, ``("missing",)`` for
    the 404 page, or ``("redirect", target path)`` for an alias.
    """

    template: str
    path: str  # site-relative, before the language prefix: '/events/fall-canvass/'
    what: tuple[str, ...]

    @property
    def is_page(self) -> bool:
        """A page links may point at (the 404 page is not one)."""
        return self.what[0] != "missing"


def page_specs(state: StateView) -> list[PageSpec]:
    """Every page of a state's site in ``state.lang``: documents, lists, the 404 page, and
    in the default language the alias redirects."""
    site = state.site
    specs = [PageSpec(f"{key[0]}.html", site.urls[key], ("doc", *key)) for key in site.documents]
    # held back by their errors: only their text is rendered, to be checked
    specs += [PageSpec("", site.urls.get(key, f"/.held/{key[0]}/{key[1]}/"), ("text", *key))
              for key in site.held]  # fmt: skip
    specs += [PageSpec(f"{page.kind}_list.html", page.path, ("list", page.kind))
              for page in LIST_PAGES if page.kind != "search" or state.program.search]  # fmt: skip
    specs.append(PageSpec("404.html", "/404.html", ("missing",)))
    if state.lang == state.default_lang:
        specs += [PageSpec("redirect.html", alias, ("redirect", target))
                  for alias, target in site.redirects.items()]  # fmt: skip
    return specs


def output_path(state: StateView, spec: PageSpec) -> str:
    """The file under the state's folder: 'es/events/fall-canvass/index.html', '404.html',
    'es/404.html'."""
    if spec.what[0] == "missing":
        return state.prefix() + "404.html"
    return state.prefix() + spec.path.lstrip("/") + "index.html"


def render_page(
    spec: PageSpec, state: StateView, env: jinja2.Environment, t: Strings, root: Path
) -> tuple[str | None, Problem | None]:
    """The HTML of one page, or the problem its template ran into."""
    kind = spec.what[0]
    extra: dict[str, Any] = {}
    page: Any = None
    if kind == "text":
        key = (spec.what[1], spec.what[2])
        return state.html(shown_document(state.site, key, state.lang)), None
    if kind == "doc":
        doc = state.site.documents[(spec.what[1], spec.what[2])]
        page = state.view(doc)
    elif kind == "list":
        page = next(v for v in list_pages(state, t) if v.type == spec.what[1])
    elif kind == "missing":
        page = ListView("missing", t.not_found, "/404.html", [], state)
    else:  # the target's address, read through its view so that the page records it
        key = next(k for k, url in state.site.urls.items() if url == spec.what[1])
        target = env.getattr(state.view(state.site.documents[key]), "path")
        extra = {"target": state.url(target), "target_abs": state.abs_url(target)}
    searching = spec.what == ("list", "search")  # the only page that runs Pagefind
    csp = site_policy(state.program, searching, header=False)
    context = {"site": state.program, "state": state, "lang": state.lang, "t": t,
               "now": state.site.now, "page": page, "path": spec.path,
               "canonical": state.abs_url(spec.path), "csp": csp, **extra}  # fmt: skip
    try:
        return env.get_template(spec.template).render(context), None
    except ChangedWhileBuilding:
        raise
    except Exception as exc:  # any template failure becomes a reported problem
        url = "/" + state.prefix() + spec.path.lstrip("/")
        return None, template_problem(exc, root, page=url)


def site_files(state: StateView, t: Strings) -> list[RenderedFile]:
    """The files of a state's site that are not pages: its feed in ``state.lang``, and in
    the default language the share image, robots.txt, host files, calendars, sitemap and
    finder data.

    They are made from the documents' front matter, the day of the build and the
    language's catalogs only, so each is kept in the memo under :attr:`StateView.site_key`
    and the catalogs' key, and made again only when one of those changed."""
    site, program = state.site, state.program
    feed_title = f"{t.upcoming_events} · {state.name} · {program.name}"
    language = language_of(t)

    def made(name: str, compute: Callable[[], Any]) -> Any:
        parts = ("site-file", name, feed_title, language.key, state.site_key)
        return state.memo.remember(parts, compute)

    files = [
        RenderedFile(
            state.prefix() + "feed.xml", made("feed", lambda: atom_feed(state, feed_title))
        )
    ]
    if state.lang != state.default_lang:
        return files  # calendars and data files are shared by every language
    card = (state.name, program.name, state.tagline or program.tagline)
    files.append(RenderedFile("share.png", made("share", lambda: share_image(*card))))
    robots = f"User-agent: *\nAllow: /\nSitemap: {state.abs_asset('/sitemap.xml')}\n"
    files.append(RenderedFile("robots.txt", robots))
    policy = site_policy(program, program.search)
    headers = headers_file(state.base_path, policy, ["static/"], ["pagefind/"] * program.search)
    files.append(RenderedFile("_headers", headers))
    others = [state.prefix(code) for code in state.languages if code != state.default_lang]
    redirects = redirects_file(state.base_path, site.redirects, others)
    files.append(RenderedFile("_redirects", redirects))
    files += made("calendars", lambda: list(calendar_files(state, language)))
    lists = [p.path for p in LIST_PAGES if p.kind != "search" or program.search]
    files.append(RenderedFile("sitemap.xml", made("sitemap", lambda: sitemap(state, lists))))
    radius = site.config.finder_radius_miles
    files.append(RenderedFile("finder.json", made("finder", lambda: finder_json(state, radius))))
    return files


def sitemap(state: StateView, lists: list[str]) -> str:
    """Every page worth finding (not unlisted events), in every language, with alternates."""
    site = state.site
    paths = [
        site.urls[key]
        for key, doc in site.documents.items()
        if doc.meta.get("visibility") != "unlisted"
    ]
    entries = []
    several = len(state.languages) > 1
    for path in sorted(paths + lists):
        alternates = [(lang, escape(state.abs_url(path, lang))) for lang in state.languages]
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{lang}" href="{href}"/>'
            for lang, href in alternates
            if several
        )
        for lang in state.languages:
            entries.append(f"  <url><loc>{escape(state.abs_url(path, lang))}</loc>{links}</url>\n")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        f"{''.join(entries)}</urlset>\n"
    )


def calendar_files(state: StateView, language: Language) -> Iterator[RenderedFile]:
    """The state's calendar, each community's, and one per event (unlisted ones too);
    meetings are described in ``language``, the site's default."""
    name = f"{state.program.name}: {state.name}"
    yield RenderedFile(
        "calendar.ics",
        calendars.calendar(name, state.abs_url("/"), state, state.listed_events, language,
                           tuple(state.communities)),
    )  # fmt: skip
    for community in state.communities:
        events = [e for e in state.listed_events if e.community == community]
        text = calendars.calendar(
            f"{community.title} · {state.program.name}", community.abs_url, state, events,
            language, (community,),
        )  # fmt: skip
        yield RenderedFile(community.ics_url.removeprefix(state.base_path), text)
    for event in state.events:
        text = calendars.calendar(event.title, event.abs_url, state, [event], language)
        yield RenderedFile(event.ics_url.removeprefix(state.base_path), text)


def render_landing(
    program: SiteConfig,
    states: list[StateConfig],
    env: jinja2.Environment,
    theme: Theme,
    statics: str,
    now: datetime,
    root: Path,
    problems: list[Problem],
) -> str | None:
    """The HTML of the national page listing every state's site; ``statics`` is where its
    theme's static files are published."""
    lang = program.languages[0]
    t = Strings(Language(theme.strings, lang))
    context = {"site": program, "states": states, "lang": lang, "t": t, "now": now,
               "csp": site_policy(program, False, header=False),
               "asset": lambda path: static_asset(path, statics)}  # fmt: skip
    try:
        return env.get_template("landing.html").render(context)
    except Exception as exc:  # reported, not raised
        problems.append(template_problem(exc, root, page="the landing page"))
        return None
