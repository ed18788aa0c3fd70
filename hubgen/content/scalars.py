"""Reading one scalar value of each field kind: text, numbers, dates, times, addresses...

Each reader takes the value's text as written (YAML is never asked to guess
a type) and returns ``(value, message, hint)``: the typed value, or an error
message with a hint on how to write it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import localedata

from hubgen.core.errors import did_you_mean
from hubgen.geo import counties

if TYPE_CHECKING:
    from hubgen.content.fields import Context, Field

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}$")
TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
DATETIME_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[ T]([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")
DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def hint_choices(word: str, options: tuple[str, ...]) -> str:
    guess = did_you_mean(word, options)
    listing = "one of: " + ", ".join(options)
    return f"{guess} ({listing})" if guess else listing


def time_ranges(text: str) -> tuple[tuple[time, time], ...] | None:
    ranges = []
    for part in text.split(","):
        bits = [b.strip() for b in part.split("-")]
        if len(bits) != 2 or not all(TIME_RE.match(b) for b in bits):
            return None
        start, end = (parse_time(b) for b in bits)
        if end <= start:
            return None
        ranges.append((start, end))
    return tuple(ranges)


def parse_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


# Each scalar reader returns (value, error message, hint).
ScalarOut = tuple[Any, str, str]


def _text(text: str, spec: Field, ctx: Context) -> ScalarOut:
    if not text:
        return None, "is empty", "write a value or remove the line"
    return text, "", ""


def _in_bounds(number: float, spec: Field) -> ScalarOut:
    if spec.minimum is not None and number < spec.minimum:
        return None, f"{number} is below the minimum of {spec.minimum:g}", spec.help
    if spec.maximum is not None and number > spec.maximum:
        return None, f"{number} is above the maximum of {spec.maximum:g}", spec.help
    return number, "", ""


def _int(text: str, spec: Field, ctx: Context) -> ScalarOut:
    try:
        return _in_bounds(int(text), spec)
    except ValueError:
        return None, f"'{text}' is not a whole number", spec.help or "write digits only, like 45"


def _float(text: str, spec: Field, ctx: Context) -> ScalarOut:
    try:
        return _in_bounds(float(text), spec)
    except ValueError:
        return None, f"'{text}' is not a number", spec.help or "write a decimal number, like 43.07"


def _bool(text: str, spec: Field, ctx: Context) -> ScalarOut:
    lowered = text.lower()
    if lowered in {"true", "yes", "on"}:
        return True, "", ""
    if lowered in {"false", "no", "off"}:
        return False, "", ""
    return None, f"'{text}' is not true or false", "write true or false"


def parse_date(text: str) -> tuple[date | None, str]:
    match = DATE_RE.match(text)
    if not match:
        return None, f"'{text}' is not a date"
    try:
        return date(*(int(g) for g in match.groups())), ""
    except ValueError as exc:
        return None, f"'{text}' is not a real date ({exc})"


def _date(text: str, spec: Field, ctx: Context) -> ScalarOut:
    value, message = parse_date(text)
    return value, message, "write dates as YYYY-MM-DD, for example 2026-12-05" if message else ""


def parse_datetime(text: str) -> tuple[datetime | None, str]:
    """Read 'YYYY-MM-DD HH:MM' (seconds and a UTC offset optional); naive unless offset."""
    match = DATETIME_RE.match(text)
    if not match:
        return None, f"'{text}' is not a date and time"
    year, month, day, hour, minute, second, offset = match.groups()
    try:
        value = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except ValueError as exc:
        return None, f"'{text}' is not a real date ({exc})"
    if offset:
        sign, digits = ("+", "0000") if offset == "Z" else (offset[0], offset[1:].replace(":", ""))
        minutes = int(digits[:2]) * 60 + int(digits[2:])
        zone = timezone(timedelta(minutes=minutes if sign == "+" else -minutes))
        return value.replace(tzinfo=zone), ""
    return value, ""


def _datetime(text: str, spec: Field, ctx: Context) -> ScalarOut:
    value, message = parse_datetime(text)
    hint = "write 'YYYY-MM-DD HH:MM' in 24-hour time, for example 2026-12-05 18:30"
    return value, message, hint if message else ""


TO_BE_ANNOUNCED = "to be announced"
_ANNOUNCED_WORDS = (TO_BE_ANNOUNCED, "tba", "tbd", "to be determined")


def _new_date(text: str, spec: Field, ctx: Context) -> ScalarOut:
    """A postponed event's new date and time, or the words 'to be announced'."""
    if text.lower().rstrip(".") in _ANNOUNCED_WORDS:
        return TO_BE_ANNOUNCED, "", ""
    value, message = parse_datetime(text)
    hint = "write the new date and time like 2027-03-06 10:00, or write: to be announced"
    return value, message, hint if message else ""


def _end(text: str, spec: Field, ctx: Context) -> ScalarOut:
    if TIME_RE.match(text):
        return parse_time(text), "", ""  # same day as the start
    return _datetime(text, spec, ctx)


def _time(text: str, spec: Field, ctx: Context) -> ScalarOut:
    if not TIME_RE.match(text):
        return None, f"'{text}' is not a time", 'write a 24-hour time in quotes, like "18:30"'
    return parse_time(text), "", ""


def _url(text: str, spec: Field, ctx: Context) -> ScalarOut:
    parts = urlsplit(text)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None, f"'{text}' is not a web address", "write a full address starting with https://"
    return text, "", ""


def domain_allowed(email: str, domains: tuple[str, ...] | list[str]) -> bool:
    """Whether an address is at one of the domains, or a subdomain of one."""
    domain = email.rsplit("@", 1)[1].lower()
    return any(domain == d or domain.endswith("." + d) for d in domains)


def _public_email(text: str, spec: Field, ctx: Context) -> ScalarOut:
    if not EMAIL_RE.match(text):
        return None, f"'{text}' is not an email address", "write an address like team@example.org"
    return text, "", ""


def _email(text: str, spec: Field, ctx: Context) -> ScalarOut:
    value, message, hint = _public_email(text, spec, ctx)
    if message:
        return value, message, hint
    allowed = ctx.role_domains
    if allowed and not domain_allowed(text, allowed):
        hint = (
            "never publish a volunteer's personal address; use a role address at "
            + " or ".join(allowed)
            + " (or add the domain to role_email_domains in content/site.yaml)"
        )
        return None, f"'{text}' is not a role address of the program", hint
    return text, "", ""


def _phone(text: str, spec: Field, ctx: Context) -> ScalarOut:
    digits = re.sub(r"\D", "", text)
    if len(digits) not in (10, 11) or not re.fullmatch(r"[+\d\s().-]+", text):
        return None, f"'{text}' is not a US phone number", 'write it like "(608) 555-0142"'
    return text, "", ""


HOST_RE = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def _host(text: str, spec: Field, ctx: Context) -> ScalarOut:
    lowered = text.lower()
    if not HOST_RE.match(lowered):
        hint = "write the host name only, like forms.example.org (no https:// and no path)"
        return None, f"'{text}' is not a host name", hint
    return lowered, "", ""


def _slug(text: str, spec: Field, ctx: Context) -> ScalarOut:
    if not SLUG_RE.match(text):
        hint = "use lowercase letters, digits and hyphens, like madison-east"
        return None, f"'{text}' is not a valid name", hint
    return text, "", ""


def _enum(text: str, spec: Field, ctx: Context) -> ScalarOut:
    lowered = text.lower()
    if lowered not in spec.choices:
        return None, f"'{text}' is not allowed", hint_choices(lowered, spec.choices)
    return lowered, "", ""


def _language(text: str, spec: Field, ctx: Context) -> ScalarOut:
    """A language the pages can be in: any CLDR knows the dates and times of; its interface
    text comes from the theme's catalog for it."""
    code = text.lower()
    if not LANGUAGE_RE.match(code) or not localedata.exists(code):
        hint = "use a two-letter language code, like en, es, fr or vi"
        return None, f"'{text}' is not a language code", hint
    return code, "", ""


# What people call US time zones, and the IANA name each stands for
_ZONE_WORDS = {
    **dict.fromkeys(("est", "edt", "et", "eastern"), "America/New_York"),
    **dict.fromkeys(("cst", "cdt", "ct", "central"), "America/Chicago"),
    **dict.fromkeys(("mst", "mdt", "mt", "mountain"), "America/Denver"),
    **dict.fromkeys(("pst", "pdt", "pt", "pacific"), "America/Los_Angeles"),
    **dict.fromkeys(("akst", "akdt", "alaska"), "America/Anchorage"),
    **dict.fromkeys(("hst", "hawaii"), "Pacific/Honolulu"),
}


def _timezone(text: str, spec: Field, ctx: Context) -> ScalarOut:
    word = text.lower().removesuffix(" time")
    if word in _ZONE_WORDS:  # before ZoneInfo, which knows EST, MST and HST as fixed offsets
        name = _ZONE_WORDS[word]
        if name == "America/Denver" and ctx.state_code == "AZ":
            name = "America/Phoenix"  # most of Arizona keeps standard time all year
        kind = "an abbreviation" if len(word) <= 4 else "a short name"
        return None, f"'{text}' is {kind}, not a full time zone name", f"write {name}"
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        return None, f"'{text}' is not a time zone", "use an IANA name like America/Chicago"
    return text, "", ""


def _county(text: str, spec: Field, ctx: Context) -> ScalarOut:
    found = counties.find_county(ctx.state_code, text)
    if found is None:
        close = counties.close_matches(ctx.state_code, text)
        hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
        hint += "Use the Census county name, like 'Dane' or 'Dane County'."
        return None, f"'{text}' is not a county of {ctx.state_code or 'this state'}", hint
    return found, "", ""


def _zip(text: str, spec: Field, ctx: Context) -> ScalarOut:
    if not re.fullmatch(r"\d{5}", text):
        return (
            None,
            f"'{text}' is not a 5-digit ZIP code",
            'write five digits in quotes, like "53703"',
        )
    return text, "", ""


SCALARS: dict[str, Callable[[str, Field, Context], ScalarOut]] = {
    "text": _text,
    "int": _int,
    "bool": _bool,
    "date": _date,
    "float": _float,
    "end": _end,
    "new_date": _new_date,
    "public_email": _public_email,
    "datetime": _datetime,
    "time": _time,
    "url": _url,
    "email": _email,
    "phone": _phone,
    "ref": _slug,
    "slug": _slug,
    "enum": _enum,
    "host": _host,
    "timezone": _timezone,
    "language": _language,
    "county": _county,
    "zip": _zip,
}
