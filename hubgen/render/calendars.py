"""iCalendar files (RFC 5545, with RFC 7986 names) and add-to-calendar links.

Each event gets its own ``.ics``; each state and each community gets a
subscribable calendar of its listed events, and a community's regular meeting
appears in its calendar as one recurring event. The icalendar library does
the format's details: VTIMEZONE components, line folding, text escaping, CRLF.
UIDs are stable (the event's slug and the site's host), cancelled and
postponed events carry their status with a higher SEQUENCE, so calendars
that already hold the event update it; one postponed to a new date is at
its new date (its start), confirmed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

from hubgen import __version__
from hubgen.render.i18n import Language
from hubgen.render.viewtypes import View

if TYPE_CHECKING:
    import icalendar

# A postponed event with its new date is "moved": it takes place, at the new date. SEQUENCE
# grows with each change an event can go through, so a calendar that holds an earlier
# state of it takes the later one: postponed, then moved to its new date, or cancelled.
STATUS = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE",
          "moved": "CONFIRMED"}  # fmt: skip
SEQUENCE = {"scheduled": 0, "postponed": 1, "moved": 2, "cancelled": 3}
PREFIX = {"cancelled": "Cancelled: ", "postponed": "Postponed: ", "moved": "New date: "}


def state_of(event: View) -> str:
    """scheduled, cancelled, postponed (no new date yet) or moved (to its new date)."""
    return "moved" if event.status == "postponed" and event.previous_start else event.status


def is_on(event: View) -> bool:
    """Whether the event takes place at its start: scheduled, or moved to a new date."""
    return state_of(event) in ("scheduled", "moved")


def _stamp_of(state: View) -> datetime:
    """DTSTAMP: the day of the build (UTC), so rebuilds on one day give the same calendars."""
    day = state.now.astimezone(timezone.utc).date()
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


def _host(state: View) -> str:
    return urlsplit(state.base_url).hostname or state.key


def _summary(event: View) -> str:
    return PREFIX.get(state_of(event), "") + event.title


def _details(event: View) -> str:
    lines = [event.description or ""]
    if event.previous_start:
        lines.append(f"Postponed from {event.previous_start:%Y-%m-%d %H:%M}.")
    elif event.status == "postponed" and event.new_start:
        lines.append("Postponed: a new date will be announced.")
    if event.rsvp and is_on(event):
        lines.append(f"RSVP: {event.rsvp}")
    lines.append(f"Details: {event.abs_url}")
    return "\n\n".join(line for line in lines if line)


def _vevent(event: View, state: View) -> icalendar.Event:
    import icalendar  # only when a calendar is made

    component = icalendar.Event()
    component.add("uid", f"event-{event.slug}@{_host(state)}")
    component.add("dtstamp", _stamp_of(state))
    component.add("sequence", SEQUENCE[state_of(event)])
    component.add("status", STATUS[state_of(event)])
    component.add("summary", _summary(event))
    component.add("dtstart", event.start)
    component.add("dtend", event.end)
    component.add("location", event.place_text)
    component.add("description", _details(event))
    component.add("url", event.abs_url)
    return component


def _meeting(community: View, state: View, language: Language) -> icalendar.Event | None:
    """A community's regular meeting as one recurring event, described in ``language``."""
    import icalendar  # only when a calendar is made

    schedule = community.schedule
    anchor = schedule.starting or date(state.now.year - 1, 1, 1)
    zone = state.site.config.zone
    moment = datetime.combine(anchor, datetime.min.time(), tzinfo=zone) - timedelta(seconds=1)
    first = schedule.meetings_after(moment, zone)
    if not first:
        return None
    component = icalendar.Event()
    component.add("uid", f"meetings-{community.slug}@{_host(state)}")
    component.add("dtstamp", _stamp_of(state))
    component.add("summary", f"{community.title}: team meeting")
    component.add("dtstart", first[0])
    component.add("dtend", first[0] + timedelta(minutes=schedule.duration))
    component.add("rrule", icalendar.vRecur.from_ical(schedule.rrule))
    if schedule.where:
        component.add("location", schedule.where)
    described = language.schedule(schedule)
    component.add("description", f"{described}.\n\nDetails: {community.abs_url}")
    component.add("url", community.abs_url)
    return component


def calendar(name: str, url: str, state: View, events: list[View], language: Language,
             communities: tuple[View, ...] = ()) -> str:  # fmt: skip
    """A whole VCALENDAR as text, with the time zones its events use; the communities'
    regular meetings are described in ``language``, the site's default."""
    import icalendar  # only when a calendar is made

    cal = icalendar.Calendar()
    cal.add("prodid", f"-//hubgen {__version__}//{state.name}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("url", url)
    cal.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT12H")
    components = [_vevent(e, state) for e in events]
    meetings = (_meeting(c, state, language) for c in communities if c.schedule)
    components += [m for m in meetings if m]
    for component in components:
        cal.add_component(component)
    if components:
        starts = [c.decoded("dtstart") for c in components]
        cal.add_missing_timezones(
            first_date=min(starts).date() - timedelta(days=1),
            last_date=max(starts).date() + timedelta(days=3 * 366),
        )
        # the library adds them in the order of a set: by name, for the same bytes every build
        zones = sorted((c for c in cal.subcomponents if c.name == "VTIMEZONE"),
                       key=lambda c: str(c["TZID"]))  # fmt: skip
        cal.subcomponents = zones + [c for c in cal.subcomponents if c.name != "VTIMEZONE"]
    return cal.to_ical().decode("utf-8")


def google_link(event: View) -> str:
    """Google Calendar's 'add event' address, times in UTC with the event's zone named."""
    stamp = "%Y%m%dT%H%M%SZ"
    start = event.start.astimezone(timezone.utc).strftime(stamp)
    end = event.end.astimezone(timezone.utc).strftime(stamp)
    query = {
        "action": "TEMPLATE",
        "text": _summary(event),
        "dates": f"{start}/{end}",
        "details": _details(event),
        "location": event.place_text,
        "ctz": str(event.start.tzinfo),
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_link(event: View) -> str:
    """Outlook on the web's 'new event' address."""
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": _summary(event),
        "startdt": event.start.isoformat(),
        "enddt": event.end.isoformat(),
        "body": _details(event),
        "location": event.place_text,
    }
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query)


def webcal(url: str) -> str:
    """The same calendar as a ``webcal:`` address: a phone subscribes to it (and keeps it up to
    date) rather than importing a copy once."""
    return "webcal:" + url.split(":", 1)[1]
