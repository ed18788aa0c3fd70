"""The volunteer's hub on the demo build: finders, calendars, JSON-LD, privacy."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr

from hubgen.geo import zips
from hubgen.geo.counties import counties
from hubgen.privacy.detect import EMAIL, PHONE, digits
from tests.conftest import REPO

CONTENT = REPO / "content"


def read(public: Path, path: str) -> str:
    return (public / path).read_text(encoding="utf-8")


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def ics(public: Path, path: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((public / path).read_bytes())


# --- finders ----------------------------------------------------------------------------


def test_county_links_lead_to_the_community_or_to_start_one(demo_public: Path) -> None:
    home = read(demo_public, "wisconsin/index.html")
    match = re.search(r'Eau Claire County</span>\s*<a href="([^"]+)"', home)
    assert match and match.group(1) == "/communities/eau-claire/"
    # the counties without a community are one entry, which leads to starting one
    match = re.search(r'<li class="uncovered">[^<]*<span[^>]*>[^<]*</span>([^<]*)'
                      r'<a class="start-link" href="([^"]+)"', home)  # fmt: skip
    assert match and match.group(2) == "/start/"
    assert "Dane, " in match.group(1) and "Eau Claire" not in match.group(1)
    assert (demo_public / "wisconsin/start/index.html").is_file()


def test_every_county_of_every_state_is_listed(demo_public: Path) -> None:
    """On the county page: a row for each county a community covers, the others in one."""
    for state, code in (("wisconsin", "WI"), ("pennsylvania", "PA"), ("arizona", "AZ")):
        page = read(demo_public, f"{state}/communities/counties/index.html")
        listed = re.findall(r'<span class="county-name">([^<]*)</span>([^<]*)', page)
        covered = [name for name, after in listed if not after.strip()]
        uncovered = [after.strip(" .\n").split(", ") for name, after in listed if after.strip()]
        assert len(uncovered) == 1 and page.count('class="start-link"') == 1, state
        every = sorted(covered + [f"{name} County" for name in uncovered[0]])
        assert every == sorted(c.label for c in counties(code)), state


def _nearest(data: dict, zip_code: str) -> list[tuple[bool, float, str]]:
    """The finder script's ranking, in Python: communities covering the ZIP's county first."""
    lat, lon, county = data["zips"][zip_code]
    ranked = sorted(
        (county not in c["counties"], zips.miles_between(lat, lon, c["lat"], c["lon"]), c["url"])
        for c in data["communities"]
    )
    return [
        (not away, miles, url) for away, miles, url in ranked if not away or miles <= data["radius"]
    ]


def test_finder_data_holds_every_zip_of_the_state(demo_public: Path) -> None:
    data = json.loads(read(demo_public, "wisconsin/finder.json"))
    assert set(data["zips"]) == {z.zip for z in zips.zips_of("WI")}
    assert data["radius"] == 40 and data["start"] == "/start/"
    assert len(data["communities"]) == 4 and len(data["offices"]) == 2
    assert (demo_public / "wisconsin/finder.json").stat().st_size < 40_000


def test_finder_ranking_picks_the_right_community(demo_public: Path) -> None:
    data = json.loads(read(demo_public, "wisconsin/finder.json"))
    assert _nearest(data, "54701")[0][2] == "/communities/eau-claire/"  # Eau Claire
    assert _nearest(data, "54601")[0][2] == "/communities/la-crosse/"  # La Crosse
    assert _nearest(data, "53703") == []  # Madison: no community near, "start one"
    arizona = json.loads(read(demo_public, "arizona/finder.json"))
    assert _nearest(arizona, "85364")[0][2] == "/az/communities/yuma/"


def test_the_finder_script_is_small_and_local(demo_public: Path) -> None:
    home = read(demo_public, "wisconsin/index.html")
    found = re.search(r'<script src="/(static/[0-9a-f]{12}/finder.js)" defer></script>', home)
    assert found
    script = read(demo_public, f"wisconsin/{found.group(1)}")
    assert len(script.encode()) < 8_000
    assert "http" not in script
    assert 'data-source="/finder.json"' in home


# --- communities, training ----------------------------------------------------------------


def test_community_shows_its_next_meeting(demo_public: Path) -> None:
    page = read(demo_public, "wisconsin/communities/la-crosse/index.html")
    assert "Every 2 weeks on Thursday, 6 pm" in page
    assert 'Next meeting: <time datetime="2027-01-14T18:00:00-06:00">' in page


def test_training_modules_link_to_the_next_in_their_path(demo_public: Path) -> None:
    page = read(demo_public, "wisconsin/training/canvassing-basics/index.html")
    assert re.search(r'<a class="pager-next" href="/training/phone-banking/" rel="next">', page)


# --- calendars ------------------------------------------------------------------------------


def test_calendars_are_valid_rfc_5545(demo_public: Path) -> None:
    files = list(demo_public.rglob("*.ics"))
    assert len(files) > 20
    for file in files:
        raw = file.read_bytes()
        assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
        assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
        cal = icalendar.Calendar.from_ical(raw)
        assert cal["VERSION"] == "2.0" and cal["PRODID"]
        for event in cal.walk("VEVENT"):
            assert event["UID"] and event["DTSTAMP"] and event["DTSTART"]
        used = {str(e["DTSTART"].params.get("TZID")) for e in cal.walk("VEVENT")}
        declared = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
        assert used <= declared


def test_event_calendar_has_the_local_time_across_daylight_saving(demo_public: Path) -> None:
    cal = ics(demo_public, "wisconsin/calendar.ics")
    starts = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in cal.walk("VEVENT")}
    winter = starts["Wisconsin: statewide text bank from home"]
    assert winter == datetime(2027, 1, 21, 18, 30, tzinfo=ZoneInfo("America/Chicago"))
    assert winter.utcoffset() == timedelta(hours=-6)
    autumn = [s for s in starts.values() if s.date().isoformat() == "2026-10-14"]
    assert autumn == [datetime(2026, 10, 14, 18, 0, tzinfo=ZoneInfo("America/Chicago"))]
    assert autumn[0].utcoffset() == timedelta(hours=-5)  # daylight time before November 1


def test_meetings_recur_at_the_same_local_time_across_daylight_saving(demo_public: Path) -> None:
    cal = ics(demo_public, "wisconsin/communities/la-crosse/calendar.ics")
    (meeting,) = [e for e in cal.walk("VEVENT") if "RRULE" in e]
    start = meeting.decoded("DTSTART")
    rule = rrulestr(meeting["RRULE"].to_ical().decode(), dtstart=start)
    dates = list(rule.between(start, start + timedelta(days=120), inc=True))
    assert {d.astimezone(start.tzinfo).hour for d in dates} == {18}
    assert {d.utcoffset() for d in dates} == {timedelta(hours=-6), timedelta(hours=-5)}
    assert start.date().isoformat() == "2027-01-14"


def test_cancelled_event_in_its_calendar(demo_public: Path) -> None:
    event_file = next(
        p for p in demo_public.rglob("event.ics") if b"STATUS:CANCELLED" in p.read_bytes()
    )
    (event,) = ics(demo_public, str(event_file.relative_to(demo_public))).walk("VEVENT")
    assert event["STATUS"] == "CANCELLED" and int(event["SEQUENCE"]) >= 1
    page = (event_file.parent / "index.html").read_text()
    assert "This event is cancelled." in page
    (data,) = json_ld(page)
    assert data["eventStatus"] == "https://schema.org/EventCancelled"


def test_unlisted_events_appear_nowhere_but_their_page(demo_public: Path) -> None:
    unlisted = [p for p in CONTENT.glob("*/events/*.md") if "visibility: unlisted" in p.read_text()]
    assert unlisted
    for source in unlisted:
        state, slug = source.parts[-3], source.stem
        page = read(demo_public, f"{state}/events/{slug}/index.html")
        assert '<meta name="robots" content="noindex">' in page
        assert json_ld(page) == []
        assert (demo_public / state / "events" / slug / "event.ics").is_file()
        for other in (demo_public / state).rglob("*"):
            if other.is_file() and other.parent.name != slug:
                assert f"/events/{slug}/" not in other.read_text(errors="ignore"), other


def test_sitemap_lists_pages_but_not_unlisted_events(demo_public: Path) -> None:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(read(demo_public, "arizona/sitemap.xml"))
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.org/az/" in locs
    assert "https://example.org/az/communities/yuma/" in locs
    unlisted = [p.stem for p in CONTENT.glob("*/events/*.md") if "unlisted" in p.read_text()]
    pennsylvania = read(demo_public, "pennsylvania/sitemap.xml")
    assert all(f"/events/{slug}/" not in pennsylvania for slug in unlisted)


def test_add_to_calendar_links(demo_public: Path) -> None:
    page = read(demo_public, "wisconsin/events/la-crosse-campus-voter-registration/index.html")
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in page
    assert "dates=20270203T170000Z%2F20270203T200000Z" in page
    assert "https://outlook.live.com/calendar/0/deeplink/compose?" in page
    assert 'href="/events/la-crosse-campus-voter-registration/event.ics" download' in page


# --- structured data ---------------------------------------------------------------------------


def test_json_ld_has_what_schema_org_requires(demo_public: Path) -> None:
    kinds: dict[str, int] = {}
    pages = [p for p in demo_public.rglob("*.html") if "es" not in p.relative_to(demo_public).parts]
    for page in pages:
        for data in json_ld(page.read_text()):
            kind = data["@type"]
            kinds[kind] = kinds.get(kind, 0) + 1
            assert data["@context"] == "https://schema.org"
            assert data["name"]
            if kind == "Event":
                datetime.fromisoformat(data["startDate"])
                assert datetime.fromisoformat(data["startDate"]).tzinfo is not None
                location = data["location"]
                assert location["@type"] in ("Place", "VirtualLocation")
                if location["@type"] == "Place":
                    assert location["address"]["@type"] == "PostalAddress"
                    assert location["address"]["postalCode"]
                else:
                    assert location["url"]
            elif kind == "Place":
                assert data["address"]["streetAddress"]
    assert kinds["Event"] >= 9 and kinds["Place"] == 6 and kinds["Organization"] >= 20


def test_private_homes_show_no_street(demo_public: Path) -> None:
    homes = [p for p in CONTENT.glob("*/events/*.md") if "type: home" in p.read_text()]
    assert homes
    for source in homes:
        page = demo_public / source.parts[-3] / "events" / source.stem / "index.html"
        if not page.exists():
            continue  # a draft
        html = page.read_text()
        # promised only where the page offers the RSVP (a postponed one with no date does not)
        offered = 'class="button" href="https://mobilize.' in html
        assert ("The street address is sent after you RSVP." in html) == offered
        assert offered or "The street address is not published." in html
        for data in json_ld(html):
            assert "streetAddress" not in data["location"]["address"]


# --- privacy --------------------------------------------------------------------------------


def _declared_phones() -> set[str]:
    phones = set()
    for file in CONTENT.rglob("*"):
        if file.suffix in (".md", ".yaml"):
            for line in file.read_text().splitlines():
                if re.match(r"\s*phone:", line):
                    phones.add(digits(line.split(":", 1)[1]))
    return phones


@pytest.mark.parametrize("suffix", [".html", ".ics", ".json"])
def test_no_personal_email_or_phone_on_any_page(demo_public: Path, suffix: str) -> None:
    phones = _declared_phones()
    for file in demo_public.rglob(f"*{suffix}"):
        text = file.read_text().replace("\r\n ", "")  # unfold calendar lines
        for email in EMAIL.findall(text):
            domain = email.rsplit("@", 1)[1]
            assert domain == "example.org" or domain.endswith(".example.org"), (file, email)
        for phone in PHONE.findall(text):
            assert digits(phone) in phones, (file, phone)
