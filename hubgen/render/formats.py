"""How dates and times read on a page, in English and in Spanish.

English: 'Saturday, December 5, 2026', '6:30 pm', 'noon'.
Spanish: 'sábado, 5 de diciembre de 2026', '6:30 p. m.'.
"""

from __future__ import annotations

from datetime import date, datetime, time

LANGUAGE_NAMES = {"en": "English", "es": "Español"}
OG_LOCALES = {"en": "en_US", "es": "es_US"}

_ES_DAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
_ES_MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre",
)  # fmt: skip
_EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def weekday_name(index: int, lang: str = "en") -> str:
    return (_ES_DAYS if lang == "es" else _EN_DAYS)[index]


def format_date(value: date | datetime, lang: str = "en") -> str:
    """'Saturday, December 5, 2026' or 'sábado, 5 de diciembre de 2026'."""
    day = weekday_name(value.weekday(), lang)
    if lang == "es":
        return f"{day}, {value.day} de {_ES_MONTHS[value.month - 1]} de {value.year}"
    return f"{day}, {_EN_MONTHS[value.month - 1]} {value.day}, {value.year}"


def format_time(value: datetime | time, lang: str = "en") -> str:
    """'6:30 pm', '10 am', 'noon'; in Spanish '6:30 p. m.', '10 a. m.', '12 p. m.'."""
    if lang != "es" and value.hour == 12 and value.minute == 0:
        return "noon"
    hour = value.hour % 12 or 12
    suffixes = ("a. m.", "p. m.") if lang == "es" else ("am", "pm")
    suffix = suffixes[0] if value.hour < 12 else suffixes[1]
    return f"{hour} {suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d} {suffix}"


def format_zone(value: datetime) -> str:
    """The zone's abbreviation on that date: 'CST', 'MDT'."""
    return value.tzname() or ""
