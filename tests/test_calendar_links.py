"""The links around an event: calendars to subscribe to (webcal:) or download (https:),
directions on OpenStreetMap and in the phone's map app, sharing by email or text message,
cancelled events after the others in every list, and what a cancelled event says instead."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from hubgen.content.types import SCHEMAS
from hubgen.render import calendars, social
from tests.conftest import build_site

CONTENT = Path(__file__).parent.parent / "content"

EVENT = """\
    ---
    title: {title}
    kind: canvass
    start: {start}
    end: "12:00"
    {extra}
    place: {place}
    rsvp: https://example.org/rsvp/{slug}
    community: harbor
    ---
    Knock on doors with us.
    """
LIBRARY = "{type: address, name: Library, street: 10 Main Street, city: Madison, zip: '53703'}"
BY_POINT = "https://www.openstreetmap.org/?mlat=43.0747&mlon=-89.3841#map=17/43.0747/-89.3841"
BY_ADDRESS = "https://www.openstreetmap.org/search?query=10+Main+Street%2C+Madison%2C+WI+53703"
OFFICE = "{type: office, office: harbor-office}"
HOME = "{type: home, neighborhood: Tenney Park, city: Madison, zip: '53704'}"
ONLINE = "{type: online, platform: Zoom}"
COMMUNITY = """\
    ---
    title: Harbor
    counties: [Dane]
    signup: https://example.org/join
    ---
    The harbor team.
    """
HARBOR_OFFICE = """\
    ---
    title: Harbor office
    address: {street: 1 Dock Street, city: Madison, zip: "53703"}
    latitude: 43.0747
    longitude: -89.3841
    ---
    Our office.
    """


def event(slug: str, start: str, extra: str = "", place: str = LIBRARY) -> dict[str, str]:
    text = EVENT.format(title=f"Event {slug}", start=start, extra=extra, place=place, slug=slug)
    return {f"content/testland/events/{slug}.md": text}


def built(tmp_site, *events: dict[str, str]) -> Path:
    files = {"content/testland/communities/harbor.md": COMMUNITY,
             "content/testland/offices/harbor-office.md": HARBOR_OFFICE}  # fmt: skip
    for one in events:
        files.update(one)
    root = tmp_site(files)
    result = build_site(root)
    assert result.exit_code == 0, result.output
    return root / "public" / "testland"


def hrefs(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', html)]


def card_titles(html: str) -> list[str]:
    """The events' titles in the order their cards come on a page."""
    return re.findall(r'class="card-title"[^>]*><a href="[^"]+">([^<]+)</a>', html)


# --- calendars ------------------------------------------------------------------------------


def test_webcal_is_the_https_address_with_its_scheme_replaced() -> None:
    assert calendars.webcal("https://example.org/tl/calendar.ics") == (
        "webcal://example.org/tl/calendar.ics"
    )


def test_every_community_and_the_events_list_link_webcal_and_the_file(
    demo_public: Path,
) -> None:
    """Both addresses, explained in one line, and the file is there."""
    for state in ("wisconsin", "pennsylvania", "arizona"):
        site = demo_public / state
        pages = [site / "events/index.html", site / "es/events/index.html"]
        communities = (site / "communities").glob("*/index.html")
        pages += [p for p in communities if p.parent.name != "counties"
                  and 'http-equiv="refresh"' not in p.read_text()]  # fmt: skip
        assert len(pages) > 3
        for page in pages:
            html = page.read_text()
            subscribe = [h for h in hrefs(html) if h.startswith("webcal://")]
            files = [h for h in hrefs(html) if h.endswith(".ics") and h.startswith("/")]
            assert len(subscribe) == 1 and len(files) == 1, page
            # the same file: its https address, with the scheme replaced
            assert urlsplit(subscribe[0]).path == files[0], (page, subscribe, files)
            local = site / re.sub(r"^/(az/)?", "", files[0])
            assert local.is_file() and local.read_text().startswith("BEGIN:VCALENDAR"), local
            assert "calendar adds new events as they are announced" in html or "se anuncian" in html


# --- directions and sharing -----------------------------------------------------------------


def test_map_links_by_coordinates_else_by_address_else_none() -> None:
    by_point = social.map_link(43.0747, -89.3841, "1 Dock Street, Madison, WI 53703")
    assert by_point == BY_POINT
    assert social.map_link(None, None, "10 Main Street, Madison, WI 53703") == BY_ADDRESS
    assert social.map_link(None, None, "") is None
    assert social.geo_link(43.0747, -89.3841) == "geo:43.0747,-89.3841"
    assert social.geo_link(None, None) is None


def test_an_event_page_links_directions_only_where_the_place_is_public(tmp_site) -> None:
    site = built(
        tmp_site,
        event("at-office", "2026-12-05 10:00", place=OFFICE),
        event("at-library", "2026-12-06 10:00"),
        event("at-home", "2026-12-07 10:00", place=HOME),
        event("online", "2026-12-08 10:00", place=ONLINE),
    )
    office = hrefs((site / "events/at-office/index.html").read_text())
    assert BY_POINT in office
    assert "geo:43.0747,-89.3841" in office
    library = hrefs((site / "events/at-library/index.html").read_text())
    assert BY_ADDRESS in library
    assert not any(h.startswith("geo:") for h in library)
    for slug in ("at-home", "online"):
        links = hrefs((site / f"events/{slug}/index.html").read_text())
        assert not any("openstreetmap" in h or h.startswith("geo:") for h in links), slug
    # the office's own page builds its link the same way
    assert "geo:43.0747,-89.3841" in hrefs((site / "offices/harbor-office/index.html").read_text())


def test_share_links_carry_the_title_and_the_address() -> None:
    mail = social.mail_link("Winter canvass: Madison & more", "https://example.org/tl/events/x/")
    query = parse_qs(urlsplit(mail).query)
    assert mail.startswith("mailto:?") and "+" not in mail  # spaces as %20 in mail clients
    assert query == {"subject": ["Winter canvass: Madison & more"],
                     "body": ["https://example.org/tl/events/x/"]}  # fmt: skip
    sms = social.sms_link("Winter canvass", "https://example.org/tl/events/x/")
    assert sms == "sms:?&body=Winter%20canvass%20https%3A%2F%2Fexample.org%2Ftl%2Fevents%2Fx%2F"


def test_an_event_page_shares_without_javascript(tmp_site) -> None:
    html = (built(tmp_site, event("a", "2026-12-05 10:00")) / "events/a/index.html").read_text()
    links = hrefs(html)
    assert "mailto:?subject=Event%20a&body=https%3A%2F%2Fexample.org%2Ftl%2Fevents%2Fa%2F" in links
    assert any(h.startswith("sms:?&body=Event%20a%20https") for h in links)
    assert re.search(r"<button [^>]*data-share[^>]* hidden>", html)  # shown by the script
    assert re.search(r'<script src="[^"]+/share\.js" defer></script>', html)


# --- cancelled events last ------------------------------------------------------------------


def test_cancelled_events_come_after_the_others_in_every_list(tmp_site) -> None:
    site = built(
        tmp_site,
        event("early", "2026-12-05 10:00", "status: cancelled"),
        event("later", "2026-12-09 10:00"),
        event("latest", "2026-12-20 10:00"),
    )
    order = ["Event later", "Event latest", "Event early"]
    assert card_titles((site / "events/index.html").read_text()) == order
    assert card_titles((site / "communities/harbor/index.html").read_text()) == order
    events_list = (site / "events/index.html").read_text()
    assert events_list.index("Cancelled events</h2>") < events_list.index("Event early")
    home = card_titles((site / "index.html").read_text())
    assert home[0] == "Event later" and "Event early" not in home


def test_a_community_whose_only_event_is_cancelled_has_no_next_event(tmp_site) -> None:
    site = built(tmp_site, event("off", "2026-12-05 10:00", "status: cancelled"))
    html = (site / "communities/harbor/index.html").read_text()
    none = html.index("No events are scheduled right now.")
    assert none < html.index("Cancelled events</h3>") < html.index("event-card is-cancelled")
    assert 'class="card-rsvp"' not in html


def test_the_demo_lists_open_with_an_event_that_takes_place(demo_public: Path) -> None:
    for state in ("wisconsin", "pennsylvania", "arizona"):
        html = (demo_public / state / "events/index.html").read_text()
        first = html.index('class="card event-card')
        assert not html[first:].startswith('class="card event-card is-cancelled'), state


# --- a cancelled event: why, what to do instead, and nothing to add or sign up for ------------


def test_status_note_is_a_translatable_event_field() -> None:
    spec = SCHEMAS["event"].get("status_note")
    assert spec is not None and spec.translatable and not spec.required


def test_a_cancelled_event_says_why_and_offers_no_rsvp_and_no_calendar(tmp_site) -> None:
    note = "Too cold to knock doors: join the text bank instead."
    site = built(tmp_site, event("off", "2026-12-05 10:00",
                                 f"status: cancelled\n    status_note: '{note}'"))  # fmt: skip
    html = (site / "events/off/index.html").read_text()
    banner = re.search(r'<p class="banner banner-cancelled".*?</p>', html, re.S)
    assert banner and note in banner.group(0)
    assert "See the other upcoming events." in banner.group(0)
    assert 'class="rsvp"' not in html and "https://example.org/rsvp/off" not in html
    assert "add-calendar" not in html and "calendar.google.com" not in html
    ics = (site / "events/off/event.ics").read_text()
    assert "STATUS:CANCELLED" in ics and "RSVP:" not in ics


def test_a_translation_gives_its_own_status_note(tmp_site) -> None:
    files = event("off", "2026-12-05 10:00", "status: cancelled\n    status_note: Too cold.")
    files["content/testland/events/off.es.md"] = """\
        ---
        title: Evento cancelado
        status_note: Hace demasiado frío.
        ---
        Toca puertas con nosotros.
        """
    site = built(tmp_site, files)
    assert "Hace demasiado frío." in (site / "es/events/off/index.html").read_text()
    assert "Too cold." in (site / "events/off/index.html").read_text()


def test_a_moved_event_strikes_its_old_date_after_a_word_that_says_so(tmp_site) -> None:
    site = built(tmp_site, event("moved", "2026-12-05 10:00",
                                 "status: postponed\n    new_start: 2026-12-12 10:00"))  # fmt: skip
    for path in ("events/moved/index.html", "events/index.html"):
        html = (site / path).read_text()
        assert re.search(r'Original date: <del><time datetime="2026-12-05T10:00:00-06:00">', html)
