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
(the body as sanitized HTML), ``sections`` (the ids and texts of its ``h2``
headings) and every field of its type's schema; unset optional fields are
``none``; a reference field gives the view of the document it names (a list
of them for lists). Reverse relations: ``community.offices``, ``community.events``,
``office.events``, ``partner.events``, ``event.office`` (for events at an office); events also
have ``day``, ``is_past`` and ``previous_start`` (the start a postponed event had
before its ``new_start``, which is its ``start`` now). Learning paths are on ``state``.
Asking for anything else is an error, so a typo in a template fails the build.

Each view also says what each of its attributes depends on (``dep_of``), and
the state view works out the current value of any such dependency
(``resolve``): a page records what it read, and a later build re-renders it
only when something it read has changed (see :mod:`hubgen.core.fingerprints`).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property
from typing import Any

from markupsafe import Markup

from hubgen.content.documents import Document
from hubgen.content.types import REGISTRY, SCHEMAS
from hubgen.core.fingerprints import Dep
from hubgen.markup import headings
from hubgen.render import calendars, jsonld, social
from hubgen.render.viewtypes import View


def _undeclared(obj: object, attribute: str) -> Dep | None:
    """A lookup outside a view's contract: untracked if it reaches anything, else constant."""
    if attribute.startswith("_") or hasattr(type(obj), attribute) or attribute in vars(obj):
        return ("untracked", type(obj).__name__, attribute)
    return None  # undefined for every view of this kind, whatever the content


class DocView:
    """One document as templates see it."""

    BODY = frozenset({"content", "sections"})
    # computed from other documents or from the build's "now"
    VALUES = frozenset({"offices", "events", "next_meetings", "is_past", "json_ld",
                        "place_text", "google_calendar_url", "outlook_calendar_url",
                        "path_neighbors", "map_url", "geo_url"})  # fmt: skip
    # read from the document's own front matter, address and translation
    OWN = frozenset({"type", "slug", "source", "preview_note", "path", "url", "abs_url",
                     "fallback", "office", "ics_url", "day", "previous_start",
                     "is_cancelled", "calendar_url", "webcal_url", "share_mail_url",
                     "share_sms_url", "lang_of"})  # fmt: skip

    def __init__(self, doc: Document, state: View, fallback: bool = False) -> None:
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

    def lang_of(self, field: str) -> str:
        """The language a field's text is shown in ('place.directions' for one inside a
        record): the translation's where it wrote the field, else the original's."""
        doc, default = self._doc, self._state.default_lang
        if doc.source.lang == default or field in doc.lines:
            return doc.source.lang
        return default

    @property
    def content(self) -> Markup:
        return Markup(self._state.html(self._doc))

    @property
    def sections(self) -> list[tuple[str, str]]:
        """The (id, text) of each section (``h2``) of the body, for a contents list."""
        return headings.sections(self.content)

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
            home = f"Private home in {place.neighborhood}, {place.city}, {code} {place.zip}"
            return home + (" (address sent after you RSVP)" if self._doc.meta.get("rsvp") else "")
        return f"Online ({place.platform})" if place.platform else "Online"

    @property
    def ics_url(self) -> str:
        """For an event: its own calendar file; for a community: its subscribable calendar."""
        return self._state.asset(self.path) + (
            "event.ics" if self.type == "event" else "calendar.ics"
        )

    @property
    def calendar_url(self) -> str:
        """The absolute address of :attr:`ics_url` (what a calendar app fetches)."""
        return self._state.abs_asset(self.ics_url.removeprefix(self._state.base_path))

    @property
    def webcal_url(self) -> str:
        """:attr:`calendar_url` as a ``webcal:`` address: a phone subscribes, not imports."""
        return calendars.webcal(self.calendar_url)

    @property
    def is_cancelled(self) -> bool:
        """For an event: cancelled (lists put these after the others)."""
        return self._doc.meta.get("status") == "cancelled"

    @property
    def map_url(self) -> str | None:
        """Where it is on OpenStreetMap: an office by its coordinates, an event at an office
        by the office's (or its address), one at a public address by a search for it;
        none for a private home or an online event."""
        return social.map_link(*self._located())

    @property
    def geo_url(self) -> str | None:
        """A ``geo:`` link (a phone's own map app) where there are coordinates."""
        return social.geo_link(*self._located()[:2])

    def _located(self) -> tuple[float | None, float | None, str]:
        """Coordinates (or none) and a postal address to search for ('' if not public)."""
        if self.type == "office":
            meta = self._doc.meta
            postal = _postal(meta["address"], self._state.code)
            return meta.get("latitude"), meta.get("longitude"), postal
        place = self._doc.meta.get("place")
        if place is not None and place.type == "office" and self.office is not None:
            return self.office._located()
        if place is not None and place.type == "address":
            return None, None, _postal(place.address, self._state.code)
        return None, None, ""

    @property
    def share_mail_url(self) -> str:
        """A ``mailto:`` link that writes an email with the page's title and address."""
        return social.mail_link(self.title, self.abs_url)

    @property
    def share_sms_url(self) -> str:
        """An ``sms:`` link that writes a text message with the title and address."""
        return social.sms_link(self.title, self.abs_url)

    @property
    def google_calendar_url(self) -> str:
        return calendars.google_link(self)

    @property
    def outlook_calendar_url(self) -> str:
        return calendars.outlook_link(self)

    @cached_property
    def json_ld(self) -> dict[str, Any] | None:
        """schema.org data for events, offices, communities and partners."""
        return jsonld.json_ld(self, self._state)

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
    def previous_start(self) -> datetime | None:
        """For a postponed event with its new date: when it was to start (its ``start``
        is the new date's)."""
        return self._doc.meta.get("previous_start")

    @property
    def day(self) -> date | None:
        """For an event: the local date it starts on (lists group events by it)."""
        start = self._doc.meta.get(REGISTRY[self.type].starts)
        return start.date() if start else None

    @property
    def is_past(self) -> bool:
        """Whether its end (an event's) has passed; never for a type without one."""
        end = self._doc.meta.get(REGISTRY[self.type].ends)
        return bool(end) and end <= self._state.now


def _postal(address: Any, code: str) -> str:
    return f"{address.street}, {address.city}, {code} {address.zip}"


class ListView:
    """A list page: its title, its URL and the documents it lists."""

    # the state's calendar depends only on the settings (the profile key)
    PLAIN = frozenset({"type", "title", "path", "url", "abs_url", "description",
                       "webcal_url"})  # fmt: skip

    def dep_of(self, attribute: str) -> Dep | None:
        if attribute == "items":
            return ("value", ("list", self.type), "items")
        return None if attribute in self.PLAIN else _undeclared(self, attribute)

    def __init__(self, kind: str, title: str, url: str, items: list[DocView], state: View):
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

    @property
    def webcal_url(self) -> str:
        """The state's calendar of listed events to subscribe to (any list page may offer it)."""
        return calendars.webcal(self._state.abs_asset("/calendar.ics"))
