"""How dates and times read on a page: 'Saturday, December 5, 2026', '6:30 pm'."""

from __future__ import annotations

from datetime import date, datetime, time


def format_date(value: date | datetime) -> str:
    """'Saturday, December 5, 2026'."""
    return f"{value:%A, %B} {value.day}, {value.year}"


def format_time(value: datetime | time) -> str:
    """'6:30 pm', '10 am', 'noon'."""
    if value.hour == 12 and value.minute == 0:
        return "noon"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour} {suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d} {suffix}"


def format_zone(value: datetime) -> str:
    """The zone's abbreviation on that date: 'CST', 'MDT'."""
    return value.tzname() or ""
