"""The validator: types, required fields, unknown keys with hints, nested records."""

from __future__ import annotations

from datetime import date, datetime, time

from hubgen.content.fields import Context, Schema
from hubgen.content.frontmatter import read_yaml
from hubgen.content.schema import Result, validate
from hubgen.content.types import SCHEMAS

COMMUNITY, EVENT, OFFICE, PARTNER, TRAINING = (
    SCHEMAS[name] for name in ("community", "event", "office", "partner", "training")
)

WI = Context("WI", ("example.org",))


def check(schema: Schema, text: str, context: Context = WI) -> Result:
    doc, problems = read_yaml(text, "f.md", first_line=2)
    assert problems == []
    return validate(doc, schema, context)


def messages(result: Result) -> list[str]:
    return [p.message for p in result.problems]


EVENT_OK = """\
title: Eau Claire canvass
kind: canvass
start: 2027-01-09 10:00
end: "12:00"
place:
  type: home
  neighborhood: Third Ward
  city: Eau Claire
  zip: "54701"
"""


def test_a_valid_event() -> None:
    result = check(EVENT, EVENT_OK)
    assert result.problems == []
    assert result.values["start"] == datetime(2027, 1, 9, 10, 0)
    assert result.values["end"] == time(12, 0)
    assert result.values["status"] == "scheduled"
    assert result.values["place"].neighborhood == "Third Ward"


def test_unknown_key_gets_did_you_mean_and_its_line() -> None:
    result = check(EVENT, EVENT_OK + "descripton: x\n")
    (problem,) = result.problems
    assert problem.message == "unknown key 'descripton' for an event"
    assert "did you mean 'description'?" in problem.hint
    assert problem.line == 11
    assert "extra:" in problem.hint


def test_impossible_date() -> None:
    result = check(TRAINING, "title: T\norder: 1\nduration: 30\npublish_date: 2026-02-30\n")
    (problem,) = result.problems
    assert "not a real date" in problem.message
    assert problem.line == 5
    assert "YYYY-MM-DD" in problem.hint


def test_required_field_missing_and_empty() -> None:
    result = check(TRAINING, "title:\norder: 1\n")
    assert "'title' is empty" in messages(result)
    assert "'duration' is required but missing" in messages(result)


def test_all_problems_of_a_file_at_once() -> None:
    result = check(
        EVENT, "title: X\nkind: canvas\nstart: tomorrow\nend: 12:00\nplace: {type: moon}\n"
    )
    assert len(result.problems) == 3
    assert any("did you mean 'canvass'" in p.hint for p in result.problems)


def test_zip_codes_keep_leading_zeros_and_text_stays_text() -> None:
    text = "title: no\norganization: 2026\ncontact:\n  email: info@example.org\n"
    result = check(PARTNER, text)
    assert result.values["title"] == "no"
    assert result.values["organization"] == "2026"
    office = check(OFFICE, "title: O\naddress: {street: 1 Main St, city: Boston, zip: 02134}\n")
    assert office.values["address"].zip == "02134"


def test_private_home_has_no_street() -> None:
    text = EVENT_OK + "  street: 12 Elm Street\n"
    (problem,) = check(EVENT, text).problems
    assert problem.message == "'place.street' is not allowed here"
    assert "neighborhood and ZIP code only" in problem.hint


def test_personal_email_domain_is_refused() -> None:
    text = "title: C\ncounties: [Dane]\ncontact:\n  email: jane.doe@gmail.example.com\n"
    (problem,) = check(COMMUNITY, text).problems
    assert "not a role address" in problem.message
    assert "example.org" in problem.hint


def test_counties_are_checked_against_census_names() -> None:
    result = check(COMMUNITY, "title: C\ncounties: [Dane, Eau Claire County, Dain]\n")
    (problem,) = result.problems
    assert "'Dain' is not a county of WI" in problem.message
    assert "Dane County" in problem.hint
    labels = [c.label for c in check(COMMUNITY, "title: C\ncounties: Dane\n").values["counties"]]
    assert labels == ["Dane County"]


def test_meeting_schedule_becomes_a_recurrence_rule() -> None:
    text = (
        "title: C\ncounties: [Dane]\n"
        "schedule: {every: month, weekday: tuesday, week: 2, time: '18:30'}\n"
    )
    schedule = check(COMMUNITY, text).values["schedule"]
    assert schedule.rrule == "FREQ=MONTHLY;BYDAY=2TU"
    assert (schedule.week, schedule.time) == ("2", time(18, 30))  # in words: test_i18n.py
    weekly = check(
        COMMUNITY,
        "title: C\ncounties: [Dane]\nschedule: {every: week, weekday: "
        "thursday, time: '19:00', interval: 2}\n",
    ).values["schedule"]
    assert weekly.rrule == "FREQ=WEEKLY;BYDAY=TH;INTERVAL=2"


def test_opening_hours() -> None:
    text = (
        "title: O\naddress: {street: 1 Main, city: X, zip: '54701'}\n"
        "hours:\n  friday: 10:00-12:00, 13:00-17:00\n  monday: 09:00-17:00\n"
    )
    hours = check(OFFICE, text).values["hours"]
    assert list(hours) == ["monday", "friday"]
    assert hours["friday"][1] == (time(13), time(17))
    bad = check(
        OFFICE, "title: O\naddress: {street: 1, city: X, zip: '54701'}\nhours: {funday: 9-5}\n"
    )
    assert "'funday' is not a weekday" in messages(bad)


def test_numbers_have_bounds() -> None:
    result = check(TRAINING, "title: T\norder: 0\nduration: lots\n")
    assert "0 is below the minimum of 1" in " ".join(messages(result))
    assert "'lots' is not a whole number" in " ".join(messages(result))


def test_extra_is_free_form() -> None:
    result = check(TRAINING, "title: T\norder: 1\nduration: 5\nextra: {color: blue, n: [1, 2]}\n")
    assert result.values["extra"] == {"color": "blue", "n": [1, 2]}


def test_dates_parse() -> None:
    result = check(TRAINING, "title: T\norder: 1\nduration: 5\nexpiry_date: 2027-01-31\n")
    assert result.values["expiry_date"] == date(2027, 1, 31)


def test_date_times_with_an_offset() -> None:
    from hubgen.content.scalars import parse_datetime

    for text in ("2026-12-05 10:00-06:00", "2026-12-05T10:00:00-0600"):
        value, message = parse_datetime(text)
        assert message == "" and value is not None
        assert value.isoformat() == "2026-12-05T10:00:00-06:00"
    utc, _ = parse_datetime("2026-12-05T16:00Z")
    assert utc is not None and utc.utcoffset().total_seconds() == 0


def test_a_bad_value_inside_a_record_is_reported_not_a_crash() -> None:
    text = (
        "title: C\ncounties: [Dane]\n"
        "schedule: {every: month, weekday: tuesday, week: 2, time: 6:30 pm}\n"
    )
    result = check(COMMUNITY, text)
    assert "'schedule.time': '6:30 pm' is not a time" in messages(result)
    office = check(OFFICE, "title: O\naddress: {street: 1 Main St, city: X, zip: '5370'}\n")
    assert "'address.zip': '5370' is not a 5-digit ZIP code" in messages(office)


def test_time_zone_abbreviations_name_the_full_zone() -> None:
    def said(value: str, context: Context = WI) -> tuple[str, str]:
        (problem,) = check(EVENT, EVENT_OK + f"timezone: {value}\n", context).problems
        return problem.message, problem.hint

    assert said("CST") == (
        "'timezone': 'CST' is an abbreviation, not a full time zone name",
        "write America/Chicago",
    )
    assert said("Eastern") == (
        "'timezone': 'Eastern' is a short name, not a full time zone name",
        "write America/New_York",
    )
    cases = {
        "cdt": "America/Chicago", "Central": "America/Chicago", "EST": "America/New_York",
        "edt": "America/New_York", "MST": "America/Denver", "Mountain Time": "America/Denver",
        "PDT": "America/Los_Angeles", "pacific": "America/Los_Angeles",
        "AKST": "America/Anchorage", "Alaska": "America/Anchorage",
        "HST": "Pacific/Honolulu", "Hawaii": "Pacific/Honolulu",
    }  # fmt: skip
    for value, zone in cases.items():
        assert said(value)[1] == f"write {zone}", value
    arizona = Context("AZ", ("example.org",))
    for value in ("MST", "mdt", "Mountain"):
        assert said(value, arizona)[1] == "write America/Phoenix", value
    assert said("PST", arizona)[1] == "write America/Los_Angeles"
    assert check(EVENT, EVENT_OK + "timezone: America/Phoenix\n").problems == []
    assert said("America/Chicgo")[0] == "'timezone': 'America/Chicgo' is not a time zone"
