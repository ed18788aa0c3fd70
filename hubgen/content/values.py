"""The typed values documents hold: contacts, meeting schedules, addresses, places.

Also the record schemas they are read with, and local times.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from hubgen.content.fields import Field, Schema
from hubgen.content.scalars import WEEKDAYS
from hubgen.content.schedwords import schedule_from_words

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


def place(values: dict[str, Any]) -> Place:
    """An event's place from its record: the variant named by ``type``."""
    values = dict(values)
    kind = values.pop("type")
    if kind == "address":
        return Place(type=kind, address=Address(**values))
    return Place(type=kind, **values)


def make(cls: type) -> Any:
    """What builds a typed value of ``cls`` from a record's values."""
    return lambda values: cls(**values)


# --- the records they are read from -----------------------------------------------------

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
    from_words=schedule_from_words,
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
        Field("neighborhood", "text", "the neighborhood or cross streets", required=True,
              translatable=True),
        Field("city", "text", "the city", required=True),
        Field("zip", "zip", "the ZIP code", required=True),
    ), forbidden=HOME_FORBIDDEN),
    "online": Schema("online place", (
        Field("type", "enum", choices=("online",)),
        Field("platform", "text", "like Zoom; the link goes to people who RSVP",
              translatable=True),
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

def localize(value: datetime, zone: Any) -> datetime:
    """Attach a zone to a naive local time; convert one that carries an offset."""
    return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)
