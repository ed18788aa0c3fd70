"""Render a linked state site through its theme, one page at a time.

:func:`render_state` yields :class:`RenderedPage` values as it goes, so the
writer can stream them to disk and memory never holds the whole site's HTML.
Template errors are collected (once per template line) instead of stopping.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from hubgen import calendars
from hubgen.config import SiteConfig, StateConfig
from hubgen.errors import Problem
from hubgen.finder import finder_json
from hubgen.formats import LANGUAGE_NAMES, OG_LOCALES, format_date, format_time, format_zone
from hubgen.models import SECTIONS
from hubgen.social import atom_feed, share_image
from hubgen.themes import Theme, strings_for, template_problem
from hubgen.views import DocView, ListView, StateView

# Every template a theme must provide (itself or through the theme it extends).
TEMPLATES = (
    *(
        f"{kind}.html"
        for kind in ("home", "community", "office", "event", "training", "partner", "page")
    ),
    *(
        f"{kind}_list.html"
        for kind in (
            "community",
            "office",
            "event",
            "event_past",
            "training",
            "partner",
            "county",
            "start",
        )
    ),
    "redirect.html",
    "landing.html",
    "404.html",
)
ID_RE = re.compile(r'\bid="([^"]+)"')


@dataclass(frozen=True)
class RenderedPage:
    url: str  # site-relative, like '/events/fall-canvass/'
    html: str

    @property
    def path(self) -> str:
        """The file under the state's folder: 'events/fall-canvass/index.html'."""
        return self.url.lstrip("/") + "index.html"

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(ID_RE.findall(self.html))


@dataclass(frozen=True)
class RenderedFile:
    """Any other file of a state's site, like a calendar."""

    path: str  # under the state's folder: 'events/fall-canvass/event.ics'
    text: str | bytes


class Strings:
    """Interface text for one language; an unknown key is a template error."""

    def __init__(self, table: dict[str, Any], lang: str) -> None:
        self._table, self._lang = table, lang

    def __getattr__(self, key: str) -> str:
        if key.startswith("_"):
            raise AttributeError(key)
        if key not in self._table:
            raise jinja2.UndefinedError(
                f"no interface text '{key}' for language '{self._lang}' in the theme's theme.yaml"
            )
        return self._table[key]

    __getitem__ = __getattr__

    def get(self, key: str, default: str) -> str:
        return self._table.get(key, default)


@jinja2.pass_context
def _date(context: Any, value: Any) -> str:
    return format_date(value, context.get("lang", "en"))


@jinja2.pass_context
def _time(context: Any, value: Any) -> str:
    return format_time(value, context.get("lang", "en"))


def content_lang(view: Any) -> Markup:
    """' lang="en"' on text shown in the default language because it has no translation."""
    if getattr(view, "fallback", False):
        return Markup(f' lang="{view._state.default_lang}"')
    return Markup("")


def add_filters(env: jinja2.Environment) -> None:
    """date, time and zone filters (date and time follow the page's language), and helpers."""
    env.filters.update(date=_date, time=_time, zone=format_zone)
    env.globals.update(
        content_lang=content_lang, language_names=LANGUAGE_NAMES, og_locales=OG_LOCALES
    )


def list_pages(state: StateView, t: Strings) -> list[ListView]:
    """The list pages; titles come from the theme's strings (English if it has none)."""

    def make(kind: str, key: str, url: str, items: list[DocView]) -> ListView:
        title = t.get(key, key.replace("_", " ").capitalize())
        return ListView(kind, title, url, items, state)

    return [
        make("community", "communities", f"/{SECTIONS['community']}/", state.communities),
        make("office", "offices", f"/{SECTIONS['office']}/", state.offices),
        make("event", "upcoming_events", "/events/", state.upcoming_events),
        make("event_past", "past_events", "/events/past/", state.past_events),
        make("training", "training", "/training/", state.training),
        make("partner", "partners", "/partners/", state.partners),
        make("county", "find_by_county", "/communities/counties/", []),
        make("start", "start_community", "/start/", []),
        *([make("search", "search", "/search/", [])] if state.program.search else []),
    ]


def render_state(
    state: StateView,
    env: jinja2.Environment,
    theme: Theme,
    root: Path,
    problems: list[Problem],
) -> Iterator[RenderedPage | RenderedFile]:
    """Yield every page of one state's site in ``state.lang``, and in the default language
    the files shared by all languages; template problems go to ``problems``.

    Links found in Markdown bodies are left in ``state.links`` for checking.
    """
    site, program, lang = state.site, state.program, state.lang
    t = Strings(strings_for(theme, lang), lang)
    common = {"site": program, "state": state, "lang": lang, "t": t, "now": site.now}

    def render(template: str, path: str, page: Any, **extra: Any) -> RenderedPage | None:
        url = "/" + state.prefix() + path.lstrip("/")
        context = {**common, "page": page, "path": path, "canonical": state.abs_url(path), **extra}
        try:
            html = env.get_template(template).render(context)
        except Exception as exc:  # any template failure becomes a reported problem
            problem = template_problem(exc, root, page=url)
            if not any((p.path, p.line) == (problem.path, problem.line) for p in problems):
                problems.append(problem)  # one report per template line, for all pages
            return None
        return RenderedPage(url, html)

    for key, doc in site.documents.items():
        kind = key[0]
        page = render(f"{kind}.html", site.urls[key], state.view(doc))
        if page:
            yield page
    listings = list_pages(state, t)
    for listing in listings:
        page = render(f"{listing.type}_list.html", listing.path, listing)
        if page:
            yield page
    feed_title = f"{t.upcoming_events} · {state.name} · {program.name}"
    yield RenderedFile(state.prefix() + "feed.xml", atom_feed(state, feed_title))
    if lang != state.default_lang:
        return  # aliases, calendars and data files are shared by every language
    missing = render(
        "404.html", "/404.html", ListView("missing", t.not_found, "/404.html", [], state)
    )
    if missing:
        yield RenderedFile("404.html", missing.html)
    yield RenderedFile(
        "share.png", share_image(state.name, program.name, state.tagline or program.tagline)
    )
    yield RenderedFile(
        "robots.txt", f"User-agent: *\nAllow: /\nSitemap: {state.abs_asset('/sitemap.xml')}\n"
    )
    for alias, target in site.redirects.items():
        page = render(
            "redirect.html", alias, None, target=state.url(target), target_abs=state.abs_url(target)
        )
        if page:
            yield page
    yield from calendar_files(state)
    yield RenderedFile("sitemap.xml", sitemap(state, [listing.path for listing in listings]))
    yield RenderedFile("finder.json", finder_json(state, site.config.finder_radius_miles))


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


def calendar_files(state: StateView) -> Iterator[RenderedFile]:
    """The state's calendar, each community's, and one per event (unlisted ones too)."""
    name = f"{state.program.name}: {state.name}"
    yield RenderedFile(
        "calendar.ics",
        calendars.calendar(name, state.abs_url("/"), state, state.listed_events,
                           tuple(state.communities)),
    )  # fmt: skip
    for community in state.communities:
        events = [e for e in state.listed_events if e.community == community]
        text = calendars.calendar(
            f"{community.title} · {state.program.name}", community.abs_url, state, events,
            (community,),
        )  # fmt: skip
        yield RenderedFile(community.ics_url.removeprefix(state.base_path), text)
    for event in state.events:
        text = calendars.calendar(event.title, event.abs_url, state, [event])
        yield RenderedFile(event.ics_url.removeprefix(state.base_path), text)


def render_landing(
    program: SiteConfig,
    states: list[StateConfig],
    env: jinja2.Environment,
    theme: Theme,
    now: datetime,
    root: Path,
    problems: list[Problem],
) -> RenderedPage | None:
    """The national page listing every state's site."""
    lang = program.languages[0]
    t = Strings(strings_for(theme, lang), lang)
    context = {"site": program, "states": states, "lang": lang, "t": t, "now": now}
    try:
        return RenderedPage("/", env.get_template("landing.html").render(context))
    except Exception as exc:  # reported, not raised
        problems.append(template_problem(exc, root, page="the landing page"))
        return None
