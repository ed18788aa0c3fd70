"""The language of a page: its interface text, its dates and times, and what it falls back to.

A page is in one language, and whatever that language lacks comes from the
site's default language (the first of ``languages:``): a document with no
translation is shown in it, and so is an interface text the page's language
has no catalog entry for. :func:`fallback_chain` is that order, and
:func:`first_in` picks from it; content and interface text both go through them.

Dates, times, weekday and month names come from CLDR through Babel, in the
locale of the page's language: its United States variant where CLDR has one
(``en`` reads as ``en_US``, ``es`` as ``es_US``), else the language itself
(``fr``). So another language is a catalog, not code. A catalog is a theme's
``strings:`` for one language (see ``themes/default/theme.yaml``), with two
kinds of keys:

- text: the interface (``upcoming_events``), the ordinal words CLDR does not
  have (``ordinal_2``: "second") and the sentences of a meeting schedule
  (``schedule_monthly``). A key the language lacks comes from the default language.
- keys starting with ``locale_``: the language's own house style, never taken
  from another language. ``locale_date``, ``locale_time`` and
  ``locale_time_hour`` (for whole hours) are Babel patterns ("EEEE, MMMM d, y",
  "h:mm a", "h a"); ``locale_am`` and ``locale_pm`` replace CLDR's AM and PM;
  ``locale_noon`` and ``locale_midnight`` are what 12:00 and 0:00 read as; and
  ``locale_name`` is what the language calls itself in the language switcher.
  A language without them reads as CLDR writes it.

Templates reach all this through the filters in :data:`FILTERS`, which format
the values a template already looked up in the language of its ``t``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time
from functools import cache, cached_property
from typing import Any, TypeVar

import jinja2
from babel import Locale, UnknownLocaleError
from babel.dates import (
    format_date,
    format_skeleton,
    format_time,
    get_day_names,
    get_month_names,
)
from babel.numbers import format_decimal

from hubgen.content.scalars import WEEKDAYS
from hubgen.content.values import Schedule
from hubgen.core.fingerprints import digest

T = TypeVar("T")
OWN = "locale_"  # catalog keys that belong to one language only
# the catalog key of a schedule's sentence, by (every, whether it skips weeks or months)
SENTENCES = {
    ("week", False): "schedule_weekly",
    ("week", True): "schedule_weeks",
    ("month", False): "schedule_monthly",
    ("month", True): "schedule_months",
}


def fallback_chain(lang: str, *defaults: str) -> tuple[str, ...]:
    """Where to look for something in ``lang``: that language, then the defaults, in order."""
    return tuple(dict.fromkeys(code for code in (lang, *defaults) if code))


def first_in(chain: Sequence[str], find: Callable[[str], T | None]) -> tuple[str, T] | None:
    """The first language of ``chain`` in which ``find`` finds something, and what it found."""
    for code in chain:
        found = find(code)
        if found is not None:
            return code, found
    return None


@cache
def locale_of(lang: str) -> Locale | None:
    """CLDR's locale for a language: its United States variant where there is one, else
    the language itself; None for a language CLDR does not know."""
    for name in (f"{lang}_US", lang):
        try:
            return Locale.parse(name)
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return None


@cache
def _with_period(pattern: str, am: str, pm: str, afternoon: bool) -> str:
    """A Babel pattern whose AM/PM field (``a``) is replaced by the catalog's word as
    quoted text; quoted text in the pattern is left alone."""
    word = pm if afternoon else am
    if not word:
        return pattern
    quoted = "'" + word.replace("'", "''") + "'"
    parts = re.split(r"('(?:[^']|'')*')", pattern)  # quoted text at the odd indexes
    return "".join(p if i % 2 else re.sub(r"a+", quoted, p) for i, p in enumerate(parts))


class Language:
    """One language as a page shows it: the theme's catalogs with the fallback to the
    default language, and CLDR's dates and times in the language's locale."""

    def __init__(
        self, catalogs: Mapping[str, Mapping[str, str]], lang: str, default: str = ""
    ) -> None:
        """``catalogs`` is a theme's strings (language -> key -> text); ``default`` the
        language of the site's originals, the one to fall back to."""
        self.code = lang
        self.chain = fallback_chain(lang, default)
        self.catalogs = catalogs
        self._text: dict[str, str] = {}
        for code in reversed(self.chain):  # the page's language last, so it wins
            table = catalogs.get(code) or {}
            self._text.update((k, v) for k, v in table.items() if not k.startswith(OWN))
        self._own = {k: v for k, v in (catalogs.get(lang) or {}).items() if k.startswith(OWN)}
        found = first_in(self.chain, locale_of)
        self.locale = found[1] if found else Locale("root")

    @cached_property
    def key(self) -> bytes:
        """What anything made in this language depends on, for caches: its catalogs."""
        tables = [(code, sorted((self.catalogs.get(code) or {}).items())) for code in self.chain]
        return digest(("language", self.chain, str(self.locale), tables))

    def text(self, key: str) -> str | None:
        """A text of the catalog, from the default language's if this one lacks it."""
        return self._text.get(key)

    def own(self, key: str) -> str:
        """A ``locale_`` setting of this language's own catalog ('' if it has none)."""
        return self._own.get(key, "")

    def date(self, value: date | datetime) -> str:
        """'Saturday, December 5, 2026'; 'sábado, 5 de diciembre de 2026'."""
        return format_date(value, self.own("locale_date") or "full", locale=self.locale)

    def time(self, value: datetime | time) -> str:
        """'6:30 pm', '10 am', 'noon'; '6:30 p. m.' (with the default theme's catalogs)."""
        if value.minute == 0 and value.hour in (0, 12):
            word = self.own("locale_noon" if value.hour else "locale_midnight")
            if word:
                return word
        pattern = self.own("locale_time") or self.locale.time_formats["short"].pattern
        if value.minute == 0:
            pattern = self.own("locale_time_hour") or pattern
        pattern = _with_period(
            pattern, self.own("locale_am"), self.own("locale_pm"), value.hour >= 12
        )
        return format_time(value, pattern, locale=self.locale)

    def weekday(self, day: str | int | date) -> str:
        """A weekday's name: from its name in content ('tuesday'), its number (Monday is 0)
        or a date. 'Tuesday'; 'martes'."""
        if isinstance(day, date):
            index = day.weekday()
        elif isinstance(day, str):
            index = WEEKDAYS.index(day)
        else:
            index = day
        return str(get_day_names("wide", locale=self.locale)[index])

    def month(self, value: date | datetime) -> str:
        """A month and its year: 'December 2026'; 'diciembre de 2026'."""
        return format_skeleton("yMMMM", value, locale=self.locale)

    def day_short(self, value: date) -> str:
        """A date's weekday, abbreviated, for a date badge: 'Sat'; 'sáb'."""
        return str(get_day_names("abbreviated", locale=self.locale)[value.weekday()])

    def month_short(self, value: date) -> str:
        """A date's month, abbreviated, for a date badge: 'Dec'; 'dic'."""
        return str(get_month_names("abbreviated", locale=self.locale)[value.month])

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)

    def schedule(self, schedule: Schedule) -> str:
        """A regular meeting in words: 'The second Tuesday of every month, 6:30 pm'.

        The sentence and the ordinal words come from the catalog (CLDR has no
        ordinal words), the weekday and the time from CLDR. A sentence may use
        ``{weekday}``, ``{weekdays}`` (the plural, ``weekday_plural_<day>`` in the
        catalog, for languages that say "every Tuesdays"), ``{ordinal}``,
        ``{interval}`` and ``{time}``."""
        key = SENTENCES[(schedule.every, schedule.interval > 1)]
        sentence = self.text(key)
        if sentence is None:
            raise jinja2.UndefinedError(self.missing(key))
        weekday = self.weekday(schedule.weekday)
        values = {
            "weekday": weekday,
            "weekdays": self.text(f"weekday_plural_{schedule.weekday}") or weekday,
            "ordinal": self.text(f"ordinal_{schedule.week}") or "",
            "interval": self.number(schedule.interval),
            "time": self.time(schedule.time),
        }
        for name, value in values.items():
            sentence = sentence.replace("{" + name + "}", value)
        return sentence

    def language_name(self, code: str) -> str:
        """What a language calls itself: its catalog's ``locale_name``, else CLDR's."""
        named = (self.catalogs.get(code) or {}).get(OWN + "name")
        if named:
            return named
        locale = locale_of(code)
        return (locale.language_name if locale else None) or code

    def og_locale(self, code: str) -> str:
        """A language's locale for Open Graph: 'en_US', 'es_US'."""
        locale = locale_of(code)
        return str(locale) if locale else code

    def missing(self, key: str) -> str:
        """What a template is told about a text that neither the language nor its fallback has."""
        also = f" (nor for '{self.chain[-1]}', its fallback)" if len(self.chain) > 1 else ""
        return (
            f"no interface text '{key}' for language '{self.code}'{also} in the theme's theme.yaml"
        )


class Strings:
    """Interface text for one language, the templates' ``t``: ``t.upcoming_events``. A text
    the language lacks comes from the default language; one that neither has is a
    template error."""

    def __init__(self, language: Language) -> None:
        self._language = language

    def __getattr__(self, key: str) -> str:
        if key.startswith("_"):
            raise AttributeError(key)
        found = self._language.text(key)
        if found is None:
            raise jinja2.UndefinedError(self._language.missing(key))
        return found

    __getitem__ = __getattr__

    def get(self, key: str, default: str) -> str:
        found = self._language.text(key)
        return default if found is None else found


def language_of(strings: Strings) -> Language:
    """The language behind a page's ``t``."""
    return strings._language


def zone_name(value: datetime) -> str:
    """The zone's abbreviation on that date: 'CST', 'MDT'."""
    return value.tzname() or ""


def _filter(method: Callable[..., str]) -> Callable[..., str]:
    """A template filter that calls ``method`` in the language of the page's ``t``."""

    @jinja2.pass_context
    def page_filter(context: Any, value: Any) -> str:
        return method(language_of(context["t"]), value)

    page_filter.__doc__ = method.__doc__
    return page_filter


FILTERS: dict[str, Callable[..., str]] = {
    "date": _filter(Language.date),
    "time": _filter(Language.time),
    "weekday": _filter(Language.weekday),
    "month": _filter(Language.month),
    "day_short": _filter(Language.day_short),
    "month_short": _filter(Language.month_short),
    "schedule": _filter(Language.schedule),
    "language_name": _filter(Language.language_name),
    "og_locale": _filter(Language.og_locale),
    "zone": zone_name,
}
