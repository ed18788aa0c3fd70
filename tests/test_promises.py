"""A page promises only what it can keep: an event online or at a home has an RSVP link,
a postponed event says when it happens (and is listed, dated and described there), and a
community gives a way to reach or join it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import build_site, check_site

EVENT = """\
    ---
    title: Winter canvass
    kind: canvass
    start: 2026-12-05 10:00
    end: "12:00"
    {status}
    place: {place}
    {rsvp}
    ---
    Knock on doors with us.
    """
HOME = '{type: home, neighborhood: Tenney Park, city: Madison, zip: "53704"}'
RSVP = "rsvp: https://example.org/rsvp/1"


def event(status: str = "", place: str = HOME, rsvp: str = RSVP) -> str:
    return EVENT.format(status=status, place=place, rsvp=rsvp)


def page(root: Path, path: str) -> str:
    return (root / "public/testland" / path).read_text(encoding="utf-8")


def json_ld(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1))


def warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": warning: " in line]


# --- the link or address that is sent to people who RSVP ------------------------------------


def test_an_event_at_a_home_or_online_without_rsvp_is_a_warning_at_its_place(tmp_site) -> None:
    root = tmp_site({
        "content/testland/events/porch.md": event(rsvp=""),
        "content/testland/events/call.md": event(place="{type: online, platform: Zoom}", rsvp=""),
    })  # fmt: skip
    result = check_site(root)
    assert result.exit_code == 0, result.output
    assert sorted(warnings(result.stderr)) == [
        "content/testland/events/call.md:7: warning: the event is online but has no 'rsvp:', "
        "so no one can get the meeting link",
        "content/testland/events/porch.md:7: warning: the event is at a private home but has "
        "no 'rsvp:', so no one can get the street address",
    ]
    assert "hint: add rsvp: with the sign-up page's address" in result.stderr
    assert check_site(root, "--strict").exit_code == 1


def test_a_cancelled_event_or_one_with_rsvp_promises_nothing_to_warn_of(tmp_site) -> None:
    root = tmp_site({
        "content/testland/events/porch.md": event(),
        "content/testland/events/call.md": event("status: cancelled", rsvp=""),
    })  # fmt: skip
    result = check_site(root, "--strict")
    assert result.exit_code == 0, result.output
    assert warnings(result.stderr) == []


def test_the_page_says_the_address_is_sent_only_when_it_offers_the_rsvp(tmp_site) -> None:
    root = tmp_site({
        "content/testland/events/open.md": event(),
        "content/testland/events/closed.md": event(rsvp=""),
        "content/testland/events/off.md": event("status: cancelled"),
        "content/testland/events/call.md": event(place="{type: online}", rsvp=""),
    })  # fmt: skip
    assert build_site(root).exit_code == 0
    opened = page(root, "events/open/index.html")
    assert "The street address is sent after you RSVP." in opened and 'class="button"' in opened
    for slug in ("closed", "off"):
        html = page(root, f"events/{slug}/index.html")
        assert "sent after you RSVP" not in html
        assert "The street address is not published." in html
    call = page(root, "events/call/index.html")
    assert "The link is not published." in call and "sent after you RSVP" not in call
    assert "El enlace no se publica." in page(root, "es/events/call/index.html")


# --- a postponed event --------------------------------------------------------------------


def test_a_postponed_event_without_a_new_date_is_a_warning_with_the_yaml(tmp_site) -> None:
    root = tmp_site({"content/testland/events/later.md": event("status: postponed")})
    result = check_site(root)
    assert result.exit_code == 0
    assert warnings(result.stderr) == [
        "content/testland/events/later.md:6: warning: the event is postponed, but its page "
        "gives no new date"
    ]
    assert (
        "    hint: write its new date and time on the line after 'status: postponed':\n"
        "            new_start: 2026-12-12 10:00\n"
        "          or, until there is one:\n"
        "            new_start: to be announced\n"
    ) in result.stderr
    assert check_site(root, "--strict").exit_code == 1


def postponed(tmp_site, new_start: str) -> tuple[Path, str]:
    """A site with one postponed event, checked strictly and built: its root and page."""
    root = tmp_site({"content/testland/events/moved.md": event(
        f"status: postponed\n    new_start: {new_start}")})  # fmt: skip
    assert check_site(root, "--strict").exit_code == 0
    result = build_site(root)
    assert result.exit_code == 0, result.output
    return root, page(root, "events/moved/index.html")


def test_a_postponed_event_with_its_new_date_is_shown_listed_and_described_there(
    tmp_site,
) -> None:
    root, html = postponed(tmp_site, "2026-12-12 11:00")
    assert "This event was postponed. It has a new date." in html
    assert '<time datetime="2026-12-12T11:00:00-06:00">' in html  # the new start, 2 hours
    assert "Original date" in html and '<time datetime="2026-12-05T10:00:00-06:00">' in html
    assert 'class="button" href="https://example.org/rsvp/1"' in html
    assert "The street address is sent after you RSVP." in html
    spanish = page(root, "es/events/moved/index.html")
    assert "Tiene una nueva fecha." in spanish and "Fecha original" in spanish
    listed = page(root, "events/index.html")
    assert "New date" in listed and "Original date:" in listed
    assert "Nueva fecha" in page(root, "es/events/index.html")
    data = json_ld(html)
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert data["startDate"] == "2026-12-12T11:00:00-06:00"
    assert data["endDate"] == "2026-12-12T13:00:00-06:00"
    assert data["previousStartDate"] == "2026-12-05T10:00:00-06:00"
    ics = page(root, "events/moved/event.ics").replace("\r\n ", "")
    assert "STATUS:CONFIRMED" in ics and "SEQUENCE:2" in ics
    assert "SUMMARY:New date: Winter canvass" in ics
    assert "DTSTART;TZID=America/Chicago:20261212T110000" in ics
    assert "Postponed from 2026-12-05 10:00." in ics


def test_a_postponed_event_to_be_announced_keeps_its_date_and_promises_no_rsvp(
    tmp_site,
) -> None:
    root, html = postponed(tmp_site, "TBA")
    assert "This event is postponed.</strong> A new date will be announced." in html
    assert 'class="button"' not in html and "Add to your calendar" not in html
    assert "The street address is not published." in html
    assert "Se anunciará una nueva fecha." in page(root, "es/events/moved/index.html")
    assert "A new date will be announced." in page(root, "events/index.html")
    data = json_ld(html)
    assert data["eventStatus"] == "https://schema.org/EventPostponed"
    assert data["startDate"] == "2026-12-05T10:00:00-06:00" and "previousStartDate" not in data
    ics = page(root, "events/moved/event.ics").replace("\r\n ", "")
    assert "STATUS:TENTATIVE" in ics and "SUMMARY:Postponed: Winter canvass" in ics
    assert "a new date will be announced" in ics


def test_a_postponed_event_with_no_word_of_a_new_date_says_so(tmp_site) -> None:
    root = tmp_site({"content/testland/events/later.md": event("status: postponed")})
    assert build_site(root).exit_code == 0
    html = page(root, "events/later/index.html")
    assert "No new date yet." in html and "will be announced" not in html


def test_a_new_date_that_is_not_a_date_says_how_to_write_it(tmp_site) -> None:
    root = tmp_site({"content/testland/events/later.md": event(
        "status: postponed\n    new_start: next spring")})  # fmt: skip
    result = check_site(root)
    assert result.exit_code == 1
    assert "'new_start': 'next spring' is not a date and time" in result.stderr
    assert "or write: to be announced" in result.stderr


# --- a community --------------------------------------------------------------------------


COMMUNITY = """\
    ---
    title: Brook Valley
    counties: [Dane]
    {more}
    ---
    A team on the brook.
    """


def test_a_community_without_a_way_to_reach_or_join_it_is_a_warning(tmp_site) -> None:
    root = tmp_site({"content/testland/communities/brook.md": COMMUNITY.format(more="")})
    result = check_site(root)
    assert warnings(result.stderr) == [
        "content/testland/communities/brook.md:2: warning: the community gives no way to "
        "reach or join it: no signup, email or phone"
    ]
    assert (
        "    hint: add the page where volunteers join:\n"
        "            signup: https://example.org/join/brook\n"
        "          or the team's role contact:\n"
        "            contact:\n"
        "              role: Brook Valley team\n"
        "              email: brook@example.org\n"
    ) in result.stderr


def test_a_signup_a_contact_or_a_meeting_place_is_a_way_in(tmp_site) -> None:
    ways = {
        "signup": "signup: https://example.org/join/brook",
        "email": "contact: {role: Brook team, email: brook@example.org}",
        "phone": 'contact: {phone: "(608) 555-0131"}',
        "meeting": 'schedule: {every: week, weekday: monday, time: "18:00", where: the library}',
    }
    files = {f"content/testland/communities/{name}.md": COMMUNITY.format(more=line)
             for name, line in ways.items()}  # fmt: skip
    result = check_site(tmp_site(files), "--strict")
    assert result.exit_code == 0, result.output
    # a role alone, or a meeting with no place, is no way in
    files = {
        "content/testland/communities/role.md": COMMUNITY.format(more="contact: {role: Team}"),
        "content/testland/communities/when.md": COMMUNITY.format(
            more='schedule: {every: week, weekday: monday, time: "18:00"}'),
    }  # fmt: skip
    result = check_site(tmp_site(files))
    assert [w.split(":")[0] for w in warnings(result.stderr)] == [
        "content/testland/communities/role.md",
        "content/testland/communities/when.md",
    ]


def test_a_contact_with_a_mistake_is_reported_once_not_as_no_way_in(tmp_site) -> None:
    more = "contact: {role: Brook team, email: jane.doe@mail.example.com}"
    root = tmp_site({"content/testland/communities/brook.md": COMMUNITY.format(more=more)})
    result = check_site(root)
    assert result.exit_code == 1
    assert "is not a role address of the program" in result.stderr
    assert warnings(result.stderr) == []
