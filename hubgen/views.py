"""Read-only views that templates see: the template contract.

Templates never get the internal dataclasses. Every page template receives:

``site``
    program settings: ``name``, ``tagline``, ``disclaimer``, ``contact``, ``languages``.
``state``
    a :class:`StateView`: ``key``, ``name``, ``code``, ``tagline``, ``timezone``,
    ``contact``, ``disclaimer``, ``home``, ``communities``, ``offices``,
    ``upcoming_events``, ``past_events``, ``training``, ``training_paths``,
    ``partners``, ``menu`` (pages with ``menu:``), ``url(path)``, ``abs_url(path)``.
``page``
    a :class:`DocView` (or, on list pages, a :class:`ListView`).
``lang``, ``t`` (``t.key`` reads interface text), ``now``, ``canonical``.

A :class:`DocView` has ``type``, ``slug``, ``url``, ``abs_url``, ``content``
(the body as sanitized HTML) and every field of its type's schema; unset
optional fields are ``none``; a reference field gives the view of the
document it names (a list of them for lists). Reverse relations:
``community.offices``, ``community.events``, ``office.events``,
``partner.events``, ``event.office`` (for events at an office); events also
have ``day`` and ``is_past``. Learning paths are on ``state``.
Asking for anything else is an error, so a typo in a template fails the build.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Any

from markupsafe import Markup

from hubgen.config import SiteConfig, TrainingPath
from hubgen.content import Document
from hubgen.markdown import Converter
from hubgen.models import SCHEMAS
from hubgen.site import StateSite


class DocView:
    """One document as templates see it."""

    def __init__(self, doc: Document, state: StateView) -> None:
        self._doc = doc
        self._state = state

    def __repr__(self) -> str:
        return f"<{self._doc.source.type} {self._doc.source.slug}>"

    @property
    def type(self) -> str:
        return self._doc.source.type

    @property
    def slug(self) -> str:
        return self._doc.source.slug

    @property
    def source(self) -> str:
        return self._doc.source.shown

    @property
    def url(self) -> str:
        return self._state.url(self._state.site.urls[self._doc.key])

    @property
    def abs_url(self) -> str:
        return self._state.abs_url(self._state.site.urls[self._doc.key])

    @property
    def content(self) -> Markup:
        return Markup(self._state.html(self._doc))

    def __getattr__(self, name: str) -> Any:
        spec = SCHEMAS[self._doc.source.type].get(name)
        if spec is None or name.startswith("_"):
            raise AttributeError(name)
        value = self._doc.meta.get(name)
        if spec.kind == "ref":
            return self._state.view_of(spec.target, value) if value else None
        if spec.kind == "list" and spec.item is not None and spec.item.kind == "ref":
            target = spec.item.target
            return [v for v in (self._state.view_of(target, s) for s in value or ()) if v]
        if value is None and spec.kind == "list":
            return []
        if value is None and spec.kind == "extra":
            return {}
        return value

    # reverse relations ---------------------------------------------------------------

    @property
    def offices(self) -> list[DocView]:
        """For a community: the offices that serve it."""
        return [o for o in self._state.offices if self.slug in o._doc.meta.get("communities", ())]

    @property
    def events(self) -> list[DocView]:
        """Upcoming listed events of this community, at this office, or by this partner."""
        if self.type == "office":
            return [e for e in self._state.upcoming_events if e.place.office == self.slug]
        return [e for e in self._state.upcoming_events if e._doc.meta.get(self.type) == self.slug]

    @property
    def office(self) -> DocView | None:
        """For an event at an office: the office."""
        place = self._doc.meta.get("place")
        return self._state.view_of("office", place.office) if place and place.office else None

    @property
    def day(self) -> date | None:
        """For an event: the local date it starts on (lists group events by it)."""
        start = self._doc.meta.get("start")
        return start.date() if start else None

    @property
    def is_past(self) -> bool:
        end = self._doc.meta.get("end")
        return bool(end) and end <= self._state.now


class ListView:
    """A list page: its title, its URL and the documents it lists."""

    def __init__(self, kind: str, title: str, url: str, items: list[DocView], state: StateView):
        self.type = kind
        self.title = title
        self.items = items
        self._state = state
        self.path = url  # site-relative, before the base path
        self.description = ""

    @property
    def url(self) -> str:
        return self._state.url(self.path)

    @property
    def abs_url(self) -> str:
        return self._state.abs_url(self.path)


class StateView:
    """One state's site as templates see it."""

    def __init__(self, site: StateSite, program: SiteConfig, converter: Converter) -> None:
        self.site = site
        self.program = program
        self._converter = converter
        self._views: dict[tuple[str, str], DocView] = {}
        self.links: dict[tuple[str, str], tuple[str, ...]] = {}  # content links, for checking
        config = site.config
        self.key, self.name, self.code = config.key, config.name, config.code
        self.tagline, self.timezone = config.tagline, config.timezone
        self.contact, self.disclaimer = config.contact, config.disclaimer
        self.base_url, self.base_path = config.base_url, config.base_path
        self.languages = config.languages
        self.now = site.now

    def url(self, path: str) -> str:
        return self.base_path + path.lstrip("/")

    def abs_url(self, path: str) -> str:
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    def html(self, doc: Document) -> str:
        rendered = self._converter.convert(doc.body, self.base_path)
        self.links[doc.key] = rendered.links
        return rendered.html

    def view(self, doc: Document) -> DocView:
        if doc.key not in self._views:
            self._views[doc.key] = DocView(doc, self)
        return self._views[doc.key]

    def view_of(self, kind: str, slug: str) -> DocView | None:
        doc = self.site.get(kind, slug)
        return self.view(doc) if doc else None

    def _all(self, kind: str) -> list[DocView]:
        return [self.view(d) for d in self.site.of_type(kind)]

    @property
    def home(self) -> DocView | None:
        return self.view_of("home", "index")

    @cached_property
    def communities(self) -> list[DocView]:
        return sorted(self._all("community"), key=lambda v: v.title.lower())

    @cached_property
    def offices(self) -> list[DocView]:
        return sorted(self._all("office"), key=lambda v: v.title.lower())

    @cached_property
    def _listed_events(self) -> list[DocView]:
        events = [e for e in self._all("event") if e.visibility == "listed"]
        return sorted(events, key=lambda e: (e.start, e.slug))

    @cached_property
    def upcoming_events(self) -> list[DocView]:
        return [e for e in self._listed_events if not e.is_past]

    @cached_property
    def past_events(self) -> list[DocView]:
        return [e for e in reversed(self._listed_events) if e.is_past]

    @cached_property
    def training(self) -> list[DocView]:
        return sorted(self._all("training"), key=lambda v: (v.order, v.title.lower()))

    @cached_property
    def training_paths(self) -> list[tuple[TrainingPath, list[DocView]]]:
        return [
            (path, [m for m in self.training if path.key in m.paths])
            for path in self.program.training_paths
        ]

    @cached_property
    def partners(self) -> list[DocView]:
        return sorted(self._all("partner"), key=lambda v: v.title.lower())

    @cached_property
    def menu(self) -> list[DocView]:
        pages = [p for p in self._all("page") if p.menu]
        return sorted(pages, key=lambda p: (p.menu, p.title.lower()))
