"""Rules of each content type that span several fields, run after the schema.

An event ends after it starts and its times get the event's zone; a monthly
meeting names its week; training paths exist in site.yaml; a partner's
public email is at its own domain. Each rule returns problems with lines.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
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
    start, end = values.get("start"), values.get("end")
    if draft.state is None or start is None or end is None:
        return []
    zone = ZoneInfo(values.get("timezone") or draft.state.timezone)
    start = values["start"] = localize(start, zone)
    if isinstance(end, time):
        end = datetime.combine(start.date(), end)
    end = values["end"] = localize(end, zone)
    if end <= start:
        hint = f"the event starts {start:%Y-%m-%d %H:%M}; check the end's date and time"
        return [draft.problem("end", "the event ends before it starts", hint)]
    return []


def _community(draft: Draft) -> list[Problem]:
    schedule = draft.values.get("schedule")
    if schedule is None:
        return []
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
