"""The content types, declared as data, and the typed values they hold.

Six types live in a state's folders (community, office, event, training,
partner, page) plus the state's home page. Each schema below is the single
source of truth: the validator reads files with it, ``hubgen new`` asks for
its required fields, and the README lists it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from hubgen.content.fields import Field, Schema
from hubgen.content.scalars import WEEKDAYS

# --- typed values built from nested records -------------------------------------------


@dataclass(frozen=True)
class Contact:
    role: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Schedule:
    """A regular meeting; ``rrule`` is its RFC 5545 recurrence rule."""

    every: str
    weekday: str
    time: time
    week: str = ""
    interval: int = 1
    duration: int = 90
    where: str = ""
    starting: date | None = None

    @property
    def rrule(self) -> str:
        day = self.weekday[:2].upper()
        if self.every == "month":
            position = "-1" if self.week == "last" else self.week
            rule = f"FREQ=MONTHLY;BYDAY={position}{day}"
        else:
            rule = f"FREQ=WEEKLY;BYDAY={day}"
        return rule + (f";INTERVAL={self.interval}" if self.interval > 1 else "")

    def falls_on(self, day: date) -> bool:
        """Whether the rule has a meeting on ``day`` (counting intervals from it)."""
        start = datetime.combine(day, self.time)
        return rrulestr(self.rrule, dtstart=start)[0] == start

    def meetings_after(self, moment: datetime, zone: ZoneInfo, count: int = 1) -> list[datetime]:
        """The next ``count`` meetings after ``moment``, as local times in ``zone``."""
        first = datetime.combine(self.starting or date(2000, 1, 1), self.time)
        rule = rrulestr(self.rrule, dtstart=first)
        local = moment.astimezone(zone).replace(tzinfo=None)
        if self.starting is not None and local < first:
            local = first - timedelta(seconds=1)
        found = []
        while len(found) < count:
            following = rule.after(local)
            if following is None:
                break
            found.append(following.replace(tzinfo=zone))
            local = following
        return found


@dataclass(frozen=True)
class Address:
    street: str
    city: str
    zip: str
    name: str = ""
    directions: str = ""


@dataclass(frozen=True)
class Place:
    """Where an event happens. ``type`` is office, address, home or online.

    A private home has no street on purpose: only the neighborhood and ZIP
    code are published, and the address goes to people who RSVP.
    """

    type: str
    office: str = ""
    room: str = ""
    address: Address | None = None
    neighborhood: str = ""
    city: str = ""
    zip: str = ""
    platform: str = ""


def _place(values: dict[str, Any]) -> Place:
    values = dict(values)
    kind = values.pop("type")
    if kind == "address":
        return Place(type=kind, address=Address(**values))
    return Place(type=kind, **values)


def _make(cls: type) -> Any:
    return lambda values: cls(**values)


# --- shared fields ----------------------------------------------------------------------

COMMON = (
    Field("title", "text", "the page's title", required=True, translatable=True),
    Field("description", "text", "one or two sentences for lists and search", translatable=True),
    Field("draft", "bool", "true keeps it out of the build", default=False),
    Field("publish_date", "date", "not published before this date (YYYY-MM-DD)"),
    Field("expiry_date", "date", "not published after this date (YYYY-MM-DD)"),
    Field("aliases", "list", "old addresses that redirect here, like /old-name/",
          item=Field("alias", "text")),
    Field("extra", "extra", "free-form values for themes"),
)  # fmt: skip

CONTACT = Schema(
    "contact",
    (
        Field("role", "text", "who answers, like 'Madison team'", translatable=True),
        Field("email", "email", "a role address, like madison@example.org"),
        Field("phone", "phone", "a public office or team line"),
    ),
    forbidden={"name": "publish a role (role: Madison team), not a volunteer's own name"},
)
PARTNER_CONTACT = Schema(
    "contact",
    (
        Field("role", "text", "who answers, like 'Volunteer desk'", translatable=True),
        Field("email", "public_email", "the organization's public address"),
        Field("phone", "phone", "the organization's public line"),
    ),
    forbidden=CONTACT.forbidden,
)

SCHEDULE = Schema(
    "meeting schedule",
    (
        Field("every", "enum", "week or month", required=True, choices=("week", "month")),
        Field("weekday", "enum", "the day of the week", required=True, choices=WEEKDAYS),
        Field("week", "enum", "for monthly meetings: 1, 2, 3, 4 or last",
              choices=("1", "2", "3", "4", "last")),
        Field("time", "time", "the start time, like \"18:30\"", required=True),
        Field("interval", "int", "every 2 weeks: interval: 2", default=1, minimum=1, maximum=12),
        Field("duration", "int", "minutes", default=90, minimum=10, maximum=600),
        Field("where", "text", "where the meeting is held", translatable=True),
        Field("starting", "date", "the date of one meeting; needed when meetings skip weeks"),
    ),
)  # fmt: skip

HOME_FORBIDDEN = {
    key: (
        "a private home is published as its neighborhood and ZIP code only; "
        "the address goes to people who RSVP"
    )
    for key in ("street", "address", "house", "house_number", "apartment", "unit")
}

ONLINE_LINK = "the meeting link goes to people who RSVP; put the RSVP link in 'rsvp:'"

PLACE_VARIANTS = {
    "office": Schema("office place", (
        Field("type", "enum", choices=("office",)),
        Field("office", "ref", "the office's file name", required=True, target="office"),
        Field("room", "text", "a room or entrance", translatable=True),
    )),
    "address": Schema("public place", (
        Field("type", "enum", choices=("address",)),
        Field("name", "text", "the venue, like 'Eau Claire Public Library'"),
        Field("street", "text", "the street address", required=True),
        Field("city", "text", "the city", required=True),
        Field("zip", "zip", "the ZIP code", required=True),
        Field("directions", "text", "parking, entrance, accessibility", translatable=True),
    )),
    "home": Schema("private home", (
        Field("type", "enum", choices=("home",)),
        Field("neighborhood", "text", "the neighborhood or cross streets", required=True),
        Field("city", "text", "the city", required=True),
        Field("zip", "zip", "the ZIP code", required=True),
    ), forbidden=HOME_FORBIDDEN),
    "online": Schema("online place", (
        Field("type", "enum", choices=("online",)),
        Field("platform", "text", "like Zoom; the link goes to people who RSVP"),
    ), forbidden={"url": ONLINE_LINK, "link": ONLINE_LINK}),
}  # fmt: skip

ADDRESS = Schema(
    "address",
    (
        Field("street", "text", "the street address", required=True),
        Field("city", "text", "the city", required=True),
        Field("zip", "zip", "the ZIP code", required=True),
    ),
)

EVENT_KINDS = (
    "canvass", "phone bank", "text bank", "meeting", "training", "house party",
    "voter registration", "rally",
)  # fmt: skip

# --- the content types ---------------------------------------------------------------------

COMMUNITY = Schema("community", COMMON + (
    Field("counties", "list", "Census county names", required=True, item=Field("county", "county")),
    Field("towns", "list", "towns and cities in the area", item=Field("town", "text")),
    Field("market", "text", "the media market, like 'La Crosse-Eau Claire'"),
    Field("schedule", "record", "the regular meeting", schema=SCHEDULE, make=_make(Schedule)),
    Field("signup", "url", "where volunteers join (a form or Mobilize page)"),
    Field("contact", "record", "the team's role contact", schema=CONTACT, make=_make(Contact)),
    Field("status", "enum", "active or forming", default="active", choices=("active", "forming")),
))  # fmt: skip

OFFICE = Schema("office", COMMON + (
    Field("address", "record", "street, city and zip", required=True, schema=ADDRESS,
          make=_make(Address)),
    Field("hours", "weekly", "opening hours, like monday: 10:00-18:00"),
    Field("phone", "phone", "the office line"),
    Field("email", "email", "the office's role address"),
    Field("accessibility", "text", "step-free entrance, parking, restrooms", translatable=True),
    Field("latitude", "float", "like 43.0747", minimum=-90, maximum=90),
    Field("longitude", "float", "like -89.3841", minimum=-180, maximum=180),
    Field("communities", "list", "the communities it serves",
          item=Field("community", "ref", target="community")),
))  # fmt: skip

EVENT = Schema("event", COMMON + (
    Field("kind", "enum", "what volunteers will do", required=True, choices=EVENT_KINDS),
    Field("start", "datetime", "like 2026-12-05 10:00, local time", required=True),
    Field("end", "end", "like 2026-12-05 12:00, or just 12:00 for the same day", required=True),
    Field("timezone", "timezone", "only if not the state's, like America/Denver"),
    Field("status", "enum", "scheduled, cancelled or postponed", default="scheduled",
          choices=("scheduled", "cancelled", "postponed")),
    Field("visibility", "enum", "listed, or unlisted (reachable by link only)",
          default="listed", choices=("listed", "unlisted")),
    Field("place", "variant", "where it happens: type office, address, home or online",
          required=True, variants=PLACE_VARIANTS, make=_place),
    Field("rsvp", "url", "the sign-up link (Mobilize, Action Network or a form)"),
    Field("community", "ref", "the community hosting it", target="community"),
    Field("partner", "ref", "a partner hosting it", target="partner"),
))  # fmt: skip

TRAINING = Schema("training module", COMMON + (
    Field("order", "int", "its position in the library: 1, 2, 3...", required=True, minimum=1),
    Field("duration", "int", "minutes it takes", required=True, minimum=1, maximum=600),
    Field("level", "enum", "beginner, intermediate or advanced", default="beginner",
          choices=("beginner", "intermediate", "advanced")),
    Field("prerequisites", "list", "modules to take first",
          item=Field("module", "ref", target="training")),
    Field("paths", "list", "learning paths from site.yaml's training_paths",
          item=Field("path", "slug")),
))  # fmt: skip

PARTNER = Schema("partner", COMMON + (
    Field("organization", "text", "the organization's full name", required=True),
    Field("website", "url", "the organization's site"),
    Field("contact", "record", "the organization's public contact", schema=PARTNER_CONTACT,
          make=_make(Contact)),
    Field("cooperation", "list", "what we work on together",
          item=Field("topic", "text", translatable=True)),
    Field("areas", "list", "where: counties, cities or 'statewide'", item=Field("area", "text")),
))  # fmt: skip

PAGE = Schema("page", COMMON + (
    Field("menu", "int", "its position in the main menu; leave out to keep it out", minimum=1),
))  # fmt: skip

HOME = Schema("home page", COMMON)

SCHEMAS: dict[str, Schema] = {
    "community": COMMUNITY,
    "office": OFFICE,
    "event": EVENT,
    "training": TRAINING,
    "partner": PARTNER,
    "page": PAGE,
    "home": HOME,
}

# Folder name inside a state (or national) folder -> content type.
FOLDERS: dict[str, str] = {
    "communities": "community",
    "offices": "office",
    "events": "event",
    "training": "training",
    "partners": "partner",
    "pages": "page",
}
SECTIONS: dict[str, str] = {kind: folder for folder, kind in FOLDERS.items()}
NATIONAL_TYPES = ("training", "partner")


def localize(value: datetime, zone: Any) -> datetime:
    """Attach a zone to a naive local time; convert one that carries an offset."""
    return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)
