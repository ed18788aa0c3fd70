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

Each view also says what each of its attributes depends on (``dep_of``), and
the state view works out the current value of any such dependency
(``resolve``): a page records what it read, and a later build re-renders it
only when something it read has changed (see :mod:`hubgen.trace`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from markupsafe import Markup

from hubgen import calendars, counties, maps, structured
from hubgen.config import SiteConfig, TrainingPath
from hubgen.content import Document
from hubgen.counties import County
from hubgen.images import ImageInfo
from hubgen.maps import MapPoint
from hubgen.models import SCHEMAS
from hubgen.site import StateSite
from hubgen.trace import Dep, Untrackable, digest, summary

if TYPE_CHECKING:
    from hubgen.markdown import Converter


class Memo(Protocol):
    """Where slow pure results are kept (see :class:`hubgen.cache.Store`)."""

    def remember(self, parts: Hashable, compute: Callable[[], Any]) -> Any: ...


class NoMemo:
    """Remembers nothing: every result is computed."""

    def remember(self, parts: Hashable, compute: Callable[[], Any]) -> Any:
        return compute()


def _undeclared(obj: object, attribute: str) -> Dep | None:
    """A lookup outside a view's contract: untracked if it reaches anything, else constant."""
    if attribute.startswith("_") or hasattr(type(obj), attribute) or attribute in vars(obj):
        return ("untracked", type(obj).__name__, attribute)
    return None  # undefined for every view of this kind, whatever the content


class DocView:
    """One document as templates see it."""

    BODY = frozenset({"content"})
    # computed from other documents or from the build's "now"
    VALUES = frozenset({"offices", "events", "next_meetings", "is_past", "json_ld",
                        "place_text", "google_calendar_url", "outlook_calendar_url",
                        "path_neighbors"})  # fmt: skip
    # read from the document's own front matter, address and translation
    OWN = frozenset({"type", "slug", "source", "preview_note", "path", "url", "abs_url",
                     "fallback", "office", "ics_url", "day"})  # fmt: skip

    def __init__(self, doc: Document, state: StateView, fallback: bool = False) -> None:
        self._doc = doc
        self._state = state
        self.fallback = fallback  # shown in the default language: no translation yet

    def __repr__(self) -> str:
        return f"<{self._doc.source.type} {self._doc.source.slug}>"

    def identity(self) -> tuple[str, str, str]:
        return ("view", self._doc.source.type, self._doc.source.slug)

    def dep_of(self, attribute: str) -> Dep | None:
        owner = ("doc", self._doc.source.type, self._doc.source.slug)
        if attribute in self.BODY:
            return ("body", owner)
        if attribute in self.VALUES:
            return ("value", owner, attribute)
        if attribute in self.OWN or SCHEMAS[self._doc.source.type].get(attribute):
            return ("doc", owner)
        return _undeclared(self, attribute)

    def own_summary(self) -> tuple[object, ...]:
        """What the 'doc' dependency covers: the front matter shown, its file, mark and URL."""
        doc = self._doc
        return (doc.meta_hash, doc.source.shown, self.fallback, self.preview_note, self.path)

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
    def preview_note(self) -> str:
        """Why this page would not be published (shown only in previews with drafts)."""
        return self._state.site.previewed.get(self._doc.key, "")

    @property
    def path(self) -> str:
        """The page's address inside the site, the same in every language: '/events/x/'."""
        return self._state.site.urls[self._doc.key]

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
    def place_text(self) -> str:
        """For an event: where it is, as one line of plain text (calendars, links)."""
        place, code = self._doc.meta["place"], self._state.code
        if place.type == "office":
            office = self.office
            assert office is not None
            where = f"{office.title}, {_postal(office.address, code)}"
            return f"{where} ({place.room})" if place.room else where
        if place.type == "address":
            address = place.address
            name = f"{address.name}, " if address.name else ""
            return name + _postal(address, code)
        if place.type == "home":
            return (
                f"Private home in {place.neighborhood}, {place.city}, {code} {place.zip} "
                "(address sent after you RSVP)"
            )
        return f"Online ({place.platform})" if place.platform else "Online"

    @property
    def ics_url(self) -> str:
        """For an event: its own calendar file; for a community: its subscribable calendar."""
        return self._state.asset(self.path) + (
            "event.ics" if self.type == "event" else "calendar.ics"
        )

    @property
    def google_calendar_url(self) -> str:
        return calendars.google_link(self)

    @property
    def outlook_calendar_url(self) -> str:
        return calendars.outlook_link(self)

    @cached_property
    def json_ld(self) -> dict[str, Any] | None:
        """schema.org data for events, offices, communities and partners."""
        return structured.json_ld(self, self._state)

    @property
    def next_meetings(self) -> list[datetime]:
        """For a community with a schedule: its next three meetings, local time."""
        schedule = self._doc.meta.get("schedule")
        if schedule is None:
            return []
        return schedule.meetings_after(self._state.now, self._state.site.config.zone, 3)

    def path_neighbors(self, key: str) -> tuple[DocView | None, DocView | None]:
        """For a training module: the modules before and after it in learning path ``key``."""
        modules = next((m for p, m in self._state.training_paths if p.key == key), [])
        if self not in modules:
            return None, None
        index = modules.index(self)
        before = modules[index - 1] if index > 0 else None
        after = modules[index + 1] if index + 1 < len(modules) else None
        return before, after

    @property
    def day(self) -> date | None:
        """For an event: the local date it starts on (lists group events by it)."""
        start = self._doc.meta.get("start")
        return start.date() if start else None

    @property
    def is_past(self) -> bool:
        end = self._doc.meta.get("end")
        return bool(end) and end <= self._state.now


def _postal(address: Any, code: str) -> str:
    return f"{address.street}, {address.city}, {code} {address.zip}"


class ListView:
    """A list page: its title, its URL and the documents it lists."""

    PLAIN = frozenset({"type", "title", "path", "url", "abs_url", "description"})

    def dep_of(self, attribute: str) -> Dep | None:
        if attribute == "items":
            return ("value", ("list", self.type), "items")
        return None if attribute in self.PLAIN else _undeclared(self, attribute)

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

    # the state's settings and address helpers: covered by the build's profile key
    PLAIN = frozenset({"key", "name", "code", "tagline", "timezone", "contact", "disclaimer",
                       "base_url", "base_path", "languages", "lang", "default_lang", "prefix",
                       "url", "abs_url", "asset", "abs_asset", "program"})  # fmt: skip
    VALUES = frozenset({"home", "communities", "offices", "events", "listed_events",
                        "upcoming_events", "past_events", "training", "training_paths",
                        "counties", "map_svg", "partners", "menu"})  # fmt: skip

    def __init__(
        self,
        site: StateSite,
        program: SiteConfig,
        converter: Converter | Callable[[], Converter],
        lang: str = "",
        images: Mapping[str, ImageInfo] | None = None,
        memo: Memo | None = None,
    ) -> None:
        """``memo`` keeps Markdown, maps and other slow pure results between builds."""
        self.site = site
        self.program = program
        self._converter = converter  # or a function that makes one, when it is first needed
        self.memo: Memo = memo or NoMemo()
        self.lang = lang or site.config.languages[0]
        self.default_lang = site.config.languages[0]
        self._views: dict[tuple[str, str], DocView] = {}
        self.links: dict[tuple[str, str], tuple[str, ...]] = {}  # content links, for checking
        self.pictures: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}  # images used
        self.images: Mapping[str, ImageInfo] = images or {}
        config = site.config
        self.key, self.name, self.code = config.key, config.name, config.code
        self.tagline, self.timezone = config.tagline, config.timezone
        self.contact, self.disclaimer = config.contact, config.disclaimer
        self.base_url, self.base_path = config.base_url, config.base_path
        self.languages = config.languages
        self.now = site.now

    def dep_of(self, attribute: str) -> Dep | None:
        if attribute in self.PLAIN:
            return None
        if attribute in self.VALUES:
            return ("value", ("state",), attribute)
        if attribute == "now":
            return ("now",)
        return _undeclared(self, attribute)

    def resolve(self, dep: Dep) -> object:
        """The current value behind a dependency, as plain data to fingerprint."""
        if dep[0] == "now":
            return self.now.isoformat()
        if dep[0] not in ("doc", "body", "value"):
            raise Untrackable(str(dep[0]))
        owner = self._owner(dep[1])  # type: ignore[arg-type]
        if owner is None:
            return ("missing",)
        if dep[0] == "doc":
            assert isinstance(owner, DocView)
            return owner.own_summary()
        if dep[0] == "body":
            assert isinstance(owner, DocView)
            return owner._doc.body_hash
        name = str(dep[2])
        if name == "path_neighbors":
            assert isinstance(owner, DocView)
            paths = self.program.training_paths
            return summary({p.key: owner.path_neighbors(p.key) for p in paths})
        return summary(getattr(owner, name))

    def _owner(self, owner: tuple[str, ...]) -> object:
        if owner[0] == "state":
            return self
        if owner[0] == "doc":
            return self.view_of(owner[1], owner[2])
        if owner[0] == "list":
            return _Listing(self.listing(owner[1]))
        return None

    def listing(self, kind: str) -> list[DocView]:
        """What the list page of ``kind`` lists ('county', 'start'... list nothing)."""
        lists = {"community": "communities", "office": "offices",
                 "event": "upcoming_events", "event_past": "past_events",
                 "training": "training", "partner": "partners"}  # fmt: skip
        return getattr(self, lists[kind]) if kind in lists else []

    def prefix(self, lang: str = "") -> str:
        """Where a language's pages start: '' for the default language, 'es/' for Spanish."""
        lang = lang or self.lang
        return "" if lang == self.default_lang else f"{lang}/"

    def url(self, path: str, lang: str = "") -> str:
        """A page's address in this page's language (or in ``lang``)."""
        return self.base_path + self.prefix(lang) + path.lstrip("/")

    def abs_url(self, path: str, lang: str = "") -> str:
        return self.base_url.rstrip("/") + "/" + self.prefix(lang) + path.lstrip("/")

    def asset(self, path: str) -> str:
        """A file shared by every language: stylesheets, scripts, calendars, finder data."""
        return self.base_path + path.lstrip("/")

    def abs_asset(self, path: str) -> str:
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    @property
    def converter(self) -> Converter:
        if callable(self._converter) and not hasattr(self._converter, "convert"):
            self._converter = self._converter()
        return self._converter  # type: ignore[return-value]

    @cached_property
    def site_key(self) -> bytes:
        """What a state's feeds, calendars, sitemap and finder data are made from: every
        document's front matter, the settings, the language and the day of the build."""
        site = self.site
        documents = sorted((k, d.meta_hash, d.source.shown) for k, d in site.documents.items())
        translations = sorted((k, d.meta_hash) for k, d in site.translations.items())
        return digest(
            summary(
                (
                    repr(self.program),
                    repr(site.config),
                    self.lang,
                    self.now.date(),
                    documents,
                    translations,
                    sorted(site.previewed.items()),
                    sorted(site.redirects.items()),
                )
            )
        )

    @cached_property
    def _images_key(self) -> Hashable:
        return summary(sorted(self.images.items()))

    def html(self, doc: Document) -> str:
        base = self.base_path + self.prefix()
        rendered = self.memo.remember(
            ("markdown", doc.body_hash, base, self.base_path, self._images_key),
            lambda: self.converter.convert(doc.body, base, self.base_path, self.images),
        )
        self.links[doc.key] = rendered.links
        self.pictures[doc.key] = rendered.pictures
        return rendered.html

    def view(self, doc: Document) -> DocView:
        if doc.key not in self._views:
            translated = self.site.translations.get((*doc.key, self.lang))
            fallback = self.lang != self.default_lang and translated is None
            self._views[doc.key] = DocView(translated or doc, self, fallback)
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
    def events(self) -> list[DocView]:
        """Every published event, unlisted ones too, by start time."""
        return sorted(self._all("event"), key=lambda e: (e.start, e.slug))

    @cached_property
    def listed_events(self) -> list[DocView]:
        """Events that appear in lists and calendars, past ones too."""
        return [e for e in self.events if e.visibility == "listed"]

    @cached_property
    def upcoming_events(self) -> list[DocView]:
        return [e for e in self.listed_events if not e.is_past]

    @cached_property
    def past_events(self) -> list[DocView]:
        return [e for e in reversed(self.listed_events) if e.is_past]

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
    def counties(self) -> list[tuple[County, list[DocView]]]:
        """Every county of the state with the communities that cover it (maybe none)."""
        covering: dict[str, list[DocView]] = {}
        for community in self.communities:
            for county in community.counties:
                covering.setdefault(county.fips, []).append(community)
        return [(c, covering.get(c.fips, [])) for c in counties.counties(self.code)]

    @cached_property
    def map_svg(self) -> Markup:
        """The state's counties as an SVG: covered ones shaded and linked, offices as dots."""
        shaded = {}
        for county, communities in self.counties:
            if communities:
                shaded[county.fips] = (communities[0].url, communities[0].title)
        points = []
        for office in self.offices:
            if office.latitude is not None and office.longitude is not None:
                points.append(MapPoint(office.latitude, office.longitude, office.url, office.title))
        covered = len(shaded)
        title = f"{self.name}: {covered} of {len(self.counties)} counties have a community"
        areas = [f"{c.title}: {', '.join(k.label for k in c.counties)}" for c in self.communities]
        description = "Shaded counties have a community; dots are offices. " + "; ".join(areas)
        parts = ("map", self.code, title, description, tuple(sorted(shaded.items())),
                 tuple(points))  # fmt: skip
        svg = self.memo.remember(
            parts, lambda: maps.state_map_svg(self.code, title, description, shaded, points)
        )
        return Markup(svg)

    @cached_property
    def partners(self) -> list[DocView]:
        return sorted(self._all("partner"), key=lambda v: v.title.lower())

    @cached_property
    def menu(self) -> list[DocView]:
        pages = [p for p in self._all("page") if p.menu]
        return sorted(pages, key=lambda p: (p.menu, p.title.lower()))


@dataclass(frozen=True)
class _Listing:
    """A list page's items, as a dependency sees them."""

    items: list[DocView]
