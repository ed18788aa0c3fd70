"""Reading a regular meeting written as words, to show how to write it as a schedule.

People write "every 2nd tuesday" or "Second Tuesday of the month at 7pm" where the
schedule wants its parts on lines of their own. :func:`schedule_from_words` reads what
it can tell from such words (the week of the month, the weekday, the time, every
other week) into the schedule's lines, for the hint that shows how to write it. It
guesses nothing: a time without am or pm, or two weekdays, are left for the
organizer to write.
"""

from __future__ import annotations

import re

from hubgen.content.scalars import WEEKDAYS

# the words for each weekday: its name, plural and the usual short forms
_DAY_WORDS = {
    "monday": ("mon",),
    "tuesday": ("tue", "tues"),
    "wednesday": ("wed", "weds"),
    "thursday": ("thu", "thur", "thurs"),
    "friday": ("fri",),
    "saturday": ("sat",),
    "sunday": ("sun",),
}
_DAY = {
    word: day
    for day in WEEKDAYS
    for word in (day, day + "s", *_DAY_WORDS[day], *(w + "s" for w in _DAY_WORDS[day]))
}
_DAY_RE = re.compile(r"\b(" + "|".join(sorted(_DAY, key=len, reverse=True)) + r")\b\.?")
_WEEK = {"1st": "1", "first": "1", "2nd": "2", "second": "2", "3rd": "3", "third": "3",
         "4th": "4", "fourth": "4", "last": "last"}  # fmt: skip
_WEEK_RE = re.compile(r"\b(" + "|".join(_WEEK) + r")\b")
_OTHER_WEEK_RE = re.compile(
    r"\b(?:every\s+other|every\s+(?:second|2nd|two|2)\s+weeks?|bi-?weekly|fortnightly)\b"
)
_MONTHLY_RE = re.compile(r"\b(?:month|monthly)\b")
_CLOCK_12 = re.compile(r"\b(1[0-2]|0?[1-9])(?::([0-5]\d))?\s*([ap])\.?\s*m\b\.?")
_CLOCK_24 = re.compile(r"\b([01]\d|2[0-3]):([0-5]\d)\b")
_NOON_RE = re.compile(r"\b(?:noon|midday)\b")


def _time(text: str) -> str:
    """'19:00' for '7pm', '7 p.m.', '19:00' or '07:00 pm'; '' for none, or '7:00' alone."""
    twelve = _CLOCK_12.search(text)
    if twelve:
        hour = int(twelve.group(1)) % 12 + (12 if twelve.group(3) == "p" else 0)
        return f"{hour:02d}:{twelve.group(2) or '00'}"
    if _NOON_RE.search(text):
        return "12:00"
    clock = _CLOCK_24.search(text)  # two digits for the hour: 09:30, 18:30
    return f"{clock.group(1)}:{clock.group(2)}" if clock else ""


def schedule_from_words(words: str) -> tuple[tuple[str, str], ...]:
    """The schedule lines the words tell, as (key, YAML value): every, weekday, week, time,
    interval; none when they name no weekday, or more than one weekday or week."""
    text = words.lower()
    days = {_DAY[m.group(1)] for m in _DAY_RE.finditer(text)}
    if len(days) != 1:
        return ()
    other = _OTHER_WEEK_RE.search(text)
    rest = _OTHER_WEEK_RE.sub(" ", text)
    weeks = {_WEEK[m.group(1)] for m in _WEEK_RE.finditer(rest)}
    if len(weeks) > 1 or (weeks and other):
        return ()
    lines: list[tuple[str, str]] = []
    if weeks:
        lines += [("every", "month"), ("weekday", days.pop()), ("week", weeks.pop())]
    elif _MONTHLY_RE.search(rest):
        return ()  # every month, but which week is not said
    else:
        lines += [("every", "week"), ("weekday", days.pop())]
    time = _time(rest)
    if time:
        lines.append(("time", f'"{time}"'))
    if other:
        lines.append(("interval", "2"))
    return tuple(lines)
