"""Rules of each content type that span several fields, run after the schema.

An event ends after it starts and its times get the event's zone; an event
online or at a home has an RSVP link, and a postponed one says whether it
has a new date (and moves there when it has); a community gives a way to
reach or join it, and a monthly meeting names its week; training paths exist
in site.yaml; a partner's public email is at its own domain. Each rule
returns problems with lines; some are warnings.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from hubgen.content.scalars import domain_allowed
from hubgen.content.types import REGISTRY
from hubgen.content.values import Schedule, localize
from hubgen.core.errors import Problem, did_you_mean

if TYPE_CHECKING:
    from hubgen.content.config import Config, StateConfig
    from hubgen.content.discovery import SourceFile


@dataclass
class Draft:
    """A document's validated values before they are frozen; rules may complete them."""

    values: dict[str, Any]
    lines: Mapping[str, int]
    source: SourceFile
    config: Config
    state: StateConfig | None

    def problem(self, key: str, message: str, hint: str) -> Problem:
        return Problem(self.source.shown, self.lines.get(key), message, hint)


def _event(draft: Draft) -> list[Problem]:
    values = draft.values
    problems = _unkept_promises(draft)
    start, end = values.get("start"), values.get("end")
    if draft.state is None or start is None or end is None:
        return problems
    zone = ZoneInfo(values.get("timezone") or draft.state.timezone)
    start = values["start"] = localize(start, zone)
    if isinstance(end, time):
        end = datetime.combine(start.date(), end)
    end = values["end"] = localize(end, zone)
    if end <= start:
        hint = f"the event starts {start:%Y-%m-%d %H:%M}; check the end's date and time"
        return [*problems, draft.problem("end", "the event ends before it starts", hint)]
    return problems + _moved(draft, zone)


# What a page says is sent to people who RSVP, by the kind of place
_SENT_AFTER_RSVP = {"online": "the meeting link", "home": "the street address"}
_PLACE_WORDS = {"online": "online", "home": "at a private home"}
EXAMPLE_START = datetime(2027, 3, 6, 10, 0)


def _unkept_promises(draft: Draft) -> list[Problem]:
    """Warnings for what an event's page would leave open: the link or address of a place
    that is sent to people who RSVP, without an RSVP link; a postponed event that does
    not say whether it has a new date."""
    values, problems = draft.values, []
    place, status = values.get("place"), values.get("status")
    kind = place.type if place is not None and status != "cancelled" else ""
    if kind in _SENT_AFTER_RSVP and not values.get("rsvp"):
        what, where = _SENT_AFTER_RSVP[kind], _PLACE_WORDS[kind]
        message = f"the event is {where} but has no 'rsvp:', so no one can get {what}"
        hint = (
            "add rsvp: with the sign-up page's address (Mobilize, Action Network or a form, "
            f"starting with https://); {what} goes to the people who sign up there"
        )
        problems.append(draft.problem("place", message, hint).warned())
    if status == "postponed" and values.get("new_start") is None:
        start = values.get("start")
        later = start + timedelta(days=7) if isinstance(start, datetime) else EXAMPLE_START
        message = "the event is postponed, but its page gives no new date"
        hint = (
            "write its new date and time on the line after 'status: postponed':\n"
            f"  new_start: {later:%Y-%m-%d %H:%M}\nor, until there is one:\n"
            "  new_start: to be announced"
        )
        problems.append(draft.problem("status", message, hint).warned())
    return problems


def _moved(draft: Draft, zone: ZoneInfo) -> list[Problem]:
    """A postponed event with its new date takes place then: its start and end move there
    (it keeps its length), and the date it had is kept as ``previous_start``."""
    values = draft.values
    new = values.get("new_start")
    if new is None:
        return []
    if values.get("status") != "postponed":
        hint = (
            "add 'status: postponed', or remove 'new_start:'; to change the date of an event "
            "that is not postponed, change its start: and end:"
        )
        return [draft.problem("new_start", "'new_start:' is only for a postponed event", hint)]
    if not isinstance(new, datetime):
        return []  # to be announced
    start, end = values["start"], values["end"]
    new = localize(new, zone)
    if new <= start:
        message = f"the new start {new:%Y-%m-%d %H:%M} is not after the event's start"
        hint = (
            f"the event was to start {start:%Y-%m-%d %H:%M}; check the new date's year, month "
            "and day; to move an event earlier, change its start: and end: instead"
        )
        return [draft.problem("new_start", message, hint)]
    values["previous_start"] = start
    values["start"] = values["new_start"] = new
    values["end"] = new + (end - start)
    return []


def _community(draft: Draft) -> list[Problem]:
    schedule = draft.values.get("schedule")
    problems = _unreachable(draft)
    if schedule is None:
        return problems
    return problems + _meetings(schedule, draft)


def _unreachable(draft: Draft) -> list[Problem]:
    """A warning for a community that gives a newcomer no way to reach or join it: no
    signup link, no contact email or phone, and no regular meeting with its place."""
    values = draft.values
    contact, schedule = values.get("contact"), values.get("schedule")
    if contact is None and any(key.startswith("contact.") for key in draft.lines):
        return []  # a contact with a mistake in it: reported already
    if values.get("signup") or (contact is not None and (contact.email or contact.phone)):
        return []
    if schedule is not None and schedule.where:
        return []
    slug = draft.source.slug
    domain = next(iter(draft.config.site.role_email_domains), "example.org")
    role = f"{values.get('title') or 'Our'} team"
    if any(mark in role for mark in (": ", " #", '"')):
        role = json.dumps(role)  # YAML reads a double-quoted JSON string as it is
    hint = (
        f"add the page where volunteers join:\n  signup: https://{domain}/join/{slug}\n"
        f"or the team's role contact:\n  contact:\n    role: {role}\n"
        f"    email: {slug}@{domain}"
    )
    message = "the community gives no way to reach or join it: no signup, email or phone"
    key = "contact" if contact is not None else "title"
    return [draft.problem(key, message, hint).warned()]


def _meetings(schedule: Schedule, draft: Draft) -> list[Problem]:
    if schedule.every == "month" and not schedule.week:
        hint = "add 'week: 2' for the second weekday of the month (1, 2, 3, 4 or last)"
        return [draft.problem("schedule.every", "a monthly meeting needs 'week:'", hint)]
    if schedule.every == "week" and schedule.week:
        hint = "remove 'week:', or use 'every: month'"
        return [draft.problem("schedule.week", "'week:' is only for monthly meetings", hint)]
    if schedule.interval > 1 and schedule.starting is None:
        hint = "add 'starting: YYYY-MM-DD', the date of one meeting, so the right weeks are counted"
        message = f"a meeting every {schedule.interval} {schedule.every}s needs 'starting:'"
        return [draft.problem("schedule.interval", message, hint)]
    if schedule.starting is not None and not schedule.falls_on(schedule.starting):
        hint = f"pick a date that fits the schedule, like {_fitting(schedule, schedule.starting)}"
        message = f"no meeting falls on {schedule.starting}"
        return [draft.problem("schedule.starting", message, hint)]
    return []


def _fitting(schedule: Schedule, day: date) -> str:
    """The first two meetings on or after ``day``, as dates: '2027-01-07 or 2027-01-21'."""
    utc = ZoneInfo("UTC")  # the dates only: any zone gives the same
    midnight = datetime.combine(day, time(0), tzinfo=utc)
    return " or ".join(f"{day:%Y-%m-%d}" for day in schedule.meetings_after(midnight, utc, 2))


def _training(draft: Draft) -> list[Problem]:
    known = tuple(p.key for p in draft.config.site.training_paths)
    problems = []
    for path in draft.values.get("paths", ()):
        if path not in known:
            guess = did_you_mean(path, known)
            hint = (guess + " " if guess else "") + "Paths are listed under training_paths in "
            hint += "content/site.yaml: " + (", ".join(known) or "none yet")
            problems.append(draft.problem("paths", f"unknown training path '{path}'", hint))
    return problems


def _partner(draft: Draft) -> list[Problem]:
    contact, website = draft.values.get("contact"), draft.values.get("website")
    if contact is None or not contact.email:
        return []
    allowed = list(draft.config.site.role_email_domains)
    if website:
        allowed.append((urlsplit(website).hostname or "").removeprefix("www."))
    if domain_allowed(contact.email, allowed):
        return []
    hint = "use the partner's public address at its own domain (its website's), never a person's"
    message = f"'{contact.email}' is not at the partner's domain"
    return [draft.problem("contact.email", message, hint)]


RULES: dict[str, Callable[[Draft], list[Problem]]] = {
    "event": _event,
    "community": _community,
    "training": _training,
    "partner": _partner,
}


def check_document(draft: Draft) -> list[Problem]:
    """The type's own rule, then its time fields given the state's zone where they have none
    (an event's rule gives its own zone first)."""
    rule = RULES.get(draft.source.type)
    problems = rule(draft) if rule else []
    spec = REGISTRY[draft.source.type]
    for name in (spec.starts, spec.ends):
        value = draft.values.get(name) if name else None
        if isinstance(value, datetime) and value.tzinfo is None and draft.state is not None:
            draft.values[name] = localize(value, ZoneInfo(draft.state.timezone))
    return problems
