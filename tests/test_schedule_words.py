"""A meeting written as words ("every 2nd tuesday") gets a hint with the schedule it means,
in the schedule's own keys, read from the words where they tell it."""

from __future__ import annotations

import pytest

from hubgen.content.schedwords import schedule_from_words
from hubgen.content.values import SCHEDULE
from tests.conftest import check_site


@pytest.mark.parametrize(("words", "lines"), [
    ("every 2nd tuesday", {"every": "month", "weekday": "tuesday", "week": "2"}),
    ("Second Tuesday of the month at 7pm",
     {"every": "month", "weekday": "tuesday", "week": "2", "time": '"19:00"'}),
    ("last Fri. of each month, 7:30 p.m.",
     {"every": "month", "weekday": "friday", "week": "last", "time": '"19:30"'}),
    ("first monday 10:00", {"every": "month", "weekday": "monday", "week": "1", "time": '"10:00"'}),
    ("Thursdays at 18:30", {"every": "week", "weekday": "thursday", "time": '"18:30"'}),
    ("every other thursday, noon",
     {"every": "week", "weekday": "thursday", "time": '"12:00"', "interval": "2"}),
    ("biweekly on Weds at 6:30pm",
     {"every": "week", "weekday": "wednesday", "time": '"18:30"', "interval": "2"}),
    ("every 12 am sunday", {"every": "week", "weekday": "sunday", "time": '"00:00"'}),
    # an hour without am or pm is not guessed
    ("Tuesdays at 7", {"every": "week", "weekday": "tuesday"}),
])  # fmt: skip
def test_words_are_read_into_the_schedules_keys(words: str, lines: dict[str, str]) -> None:
    told = schedule_from_words(words)
    assert dict(told) == lines
    assert {key for key, _ in told} <= set(SCHEDULE.names)


@pytest.mark.parametrize("words", [
    "1st and 3rd wednesday",  # two meetings a month: not one schedule
    "mondays and thursdays",
    "monthly, on a tuesday",  # which week is not said
    "every other month on the first monday",
    "when we can",
])  # fmt: skip
def test_words_that_tell_no_one_schedule_give_none(words: str) -> None:
    assert schedule_from_words(words) == ()


COMMUNITY = """\
    ---
    title: Creek Side
    counties: [Dane]
    schedule: {schedule}
    signup: https://example.org/join/creek
    ---
    We meet once a month.
    """


def check_hint(tmp_site, schedule: str) -> str:
    root = tmp_site({"content/testland/communities/creek.md": COMMUNITY.format(schedule=schedule)})
    result = check_site(root)
    assert result.exit_code == 1
    assert (
        "content/testland/communities/creek.md:4: error: 'schedule' should be a set of "
        "'key: value' lines\n"
    ) in result.stderr
    return result.stderr.split("    hint: ", 1)[1].split("Check found", 1)[0]


def test_the_hint_shows_the_schedule_the_words_mean(tmp_site) -> None:
    assert check_hint(tmp_site, "Second Tuesday of the month at 7pm") == (
        "write it as:\n"
        "            schedule:\n"
        "              every: month\n"
        "              weekday: tuesday\n"
        "              week: 2\n"
        '              time: "19:00"\n'
    )


def test_the_hint_asks_for_what_the_words_do_not_tell(tmp_site) -> None:
    assert check_hint(tmp_site, "every other thursday") == (
        "write it as:\n"
        "            schedule:\n"
        "              every: week\n"
        "              weekday: thursday\n"
        "              interval: 2\n"
        '          and add a line for time: the start time, like "18:30"\n'
        "          and starting: with the date of one meeting, so the right weeks are counted\n"
    )


def test_words_hubgen_cannot_read_get_the_example_of_the_keys(tmp_site) -> None:
    hint = check_hint(tmp_site, "whenever we can")
    assert hint == "for example: every: ..., weekday: ..., time: ...\n"
