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

from hubgen import calendars
from hubgen.config import SiteConfig, StateConfig
from hubgen.errors import Problem
from hubgen.finder import finder_json
from hubgen.formats import format_date, format_time, format_zone
from hubgen.models import SECTIONS
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
    text: str


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


def add_filters(env: jinja2.Environment) -> None:
    env.filters.update(date=format_date, time=format_time, zone=format_zone)


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
    ]


def render_state(
    state: StateView,
    env: jinja2.Environment,
    theme: Theme,
    root: Path,
    problems: list[Problem],
) -> Iterator[RenderedPage | RenderedFile]:
    """Yield every page and file of one state's site; template problems go to ``problems``.

    Links found in Markdown bodies are left in ``state.links`` for checking.
    """
    site, program = state.site, state.program
    lang = site.config.languages[0]
    t = Strings(strings_for(theme, lang), lang)
    common = {"site": program, "state": state, "lang": lang, "t": t, "now": site.now}
    seen: set[tuple[str, int | None]] = set()  # one report per template line

    def render(template: str, url: str, page: Any, **extra: Any) -> RenderedPage | None:
        context = {**common, "page": page, "canonical": state.abs_url(url), **extra}
        try:
            html = env.get_template(template).render(context)
        except Exception as exc:  # any template failure becomes a reported problem
            problem = template_problem(exc, root, page=url)
            if (problem.path, problem.line) not in seen:
                seen.add((problem.path, problem.line))
                problems.append(problem)
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
    """Every page worth finding: documents (not unlisted events) and list pages."""
    site = state.site
    paths = [
        site.urls[key]
        for key, doc in site.documents.items()
        if doc.meta.get("visibility") != "unlisted"
    ]
    entries = "".join(
        f"  <url><loc>{escape(state.abs_url(path))}</loc></url>\n" for path in sorted(paths + lists)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</urlset>\n"
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
