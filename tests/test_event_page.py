"""The event page on a phone, in Chromium: when, where and the RSVP in the first screen, an
RSVP bar that never covers what has the keyboard's focus, nothing wider than the screen,
no RSVP or calendar offered for an event that will not take place, and no axe violation
whatever the event's status, in both languages."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.browsing import Site
from tests.conftest import NOW
from tests.test_accessibility import axe_violations, browser  # noqa: F401 (a fixture)

CONTENT = Path(__file__).parent.parent / "content"
STATES = ("wisconsin", "pennsylvania", "arizona")


def front_matter(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text().split("---")[1])


def ends(meta: dict[str, Any]) -> datetime:
    start, end = str(meta["start"]), str(meta["end"])
    return datetime.fromisoformat(end if " " in end else f"{start[:10]} {end}")


def demo_events(demo_public: Path, state: str) -> dict[str, dict[str, Any]]:
    """The state's built events (drafts and future ones are not built) by slug."""
    found = {}
    for source in sorted((CONTENT / state / "events").glob("*.md")):
        if source.name.count(".") == 1 and (demo_public / state / "events" / source.stem).is_dir():
            found[source.stem] = front_matter(source)
    return found


def upcoming_scheduled(demo_public: Path, state: str) -> list[str]:
    now = datetime.fromisoformat(NOW)
    return [slug for slug, meta in demo_events(demo_public, state).items()
            if meta.get("status", "scheduled") == "scheduled" and ends(meta) > now]  # fmt: skip


def box(page: Any, selector: str) -> dict[str, float]:
    return page.eval_on_selector(selector, "e => e.getBoundingClientRect().toJSON()")


@pytest.mark.parametrize("height", [800, 640])
@pytest.mark.parametrize("width", [320, 375])
def test_when_where_and_the_rsvp_are_in_the_first_screen(
    browser: Any,  # noqa: F811 (the fixture)
    sites: dict[str, Site],
    demo_public: Path,
    width: int,
    height: int,
) -> None:
    """On every upcoming scheduled event page of the demo, three states in both languages, at
    320 and 375 px wide and 800 and 640 px high: the RSVP button is inside the first screen
    (a bar at its bottom), the date, time and place end above it, and nothing scrolls
    sideways."""
    page = browser.new_page(viewport={"width": width, "height": height})
    checked = 0
    for state in STATES:
        site = sites[state]
        slugs = upcoming_scheduled(demo_public, state)
        assert slugs, state
        for prefix in ("", "es/"):
            for slug in slugs:
                page.goto(f"{site.url}{site.base_path}{prefix}events/{slug}/")
                where = f"{prefix}{state}/{slug} at {width}x{height}"
                button = box(page, ".rsvp .button")
                assert button["top"] >= 0 and button["bottom"] <= height, where
                assert box(page, ".event-facts")["bottom"] <= box(page, ".rsvp")["top"], where
                assert page.evaluate("document.documentElement.scrollWidth") <= width, where
                checked += 1
    assert checked >= 10
    page.close()


def test_the_rsvp_is_in_the_page_on_a_wide_screen(browser: Any, sites: dict[str, Site],  # noqa: F811
                                                   demo_public: Path) -> None:  # fmt: skip
    """No bar where the page has room: the button stays where it is, after the place."""
    slug = upcoming_scheduled(demo_public, "wisconsin")[0]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{sites['wisconsin'].url}/events/{slug}/")
    assert page.eval_on_selector(".rsvp", "e => getComputedStyle(e).position") == "static"
    assert box(page, ".event-facts")["bottom"] <= box(page, ".rsvp")["top"]
    page.close()


def test_the_rsvp_bar_never_covers_the_focused_element(
    browser: Any,  # noqa: F811 (the fixture)
    sites: dict[str, Site],
    demo_public: Path,
) -> None:
    """WCAG 2.4.11: tabbing through the whole page of the longest upcoming event, every link
    or button that takes the focus, down to the footer's, ends above the bar."""
    slugs = upcoming_scheduled(demo_public, "wisconsin")
    longest = max(slugs, key=lambda s: (demo_public / "wisconsin/events" / s / "index.html")
                  .stat().st_size)  # fmt: skip
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.goto(f"{sites['wisconsin'].url}/events/{longest}/")
    seen, footer_seen = 0, False
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(() => { const e = document.activeElement; const r = e.getBoundingClientRect();"
            " return {inBar: !!e.closest('.rsvp'), footer: !!e.closest('footer'),"
            " top: r.top, bottom: r.bottom, tag: e.tagName}; })()"
        )
        if focused["tag"] == "BODY":
            break
        bar = box(page, ".rsvp")
        if not focused["inBar"]:
            assert focused["bottom"] <= bar["top"] and focused["top"] >= 0, focused
        seen += 1
        if focused["footer"]:
            footer_seen = True
    assert seen > 10 and footer_seen
    page.close()


def test_cancelled_postponed_and_past_events_offer_no_rsvp_and_no_calendar(
    demo_public: Path,
) -> None:
    """The RSVP and the add-to-calendar links are for events that will take place."""
    now = datetime.fromisoformat(NOW)
    checked = set()
    for state in STATES:
        for slug, meta in demo_events(demo_public, state).items():
            status = meta.get("status", "scheduled")
            moved = status == "postponed" and meta.get("new_start") != "to be announced"
            past = ends(meta) <= now
            if (status == "scheduled" or moved) and not past:
                continue
            checked.add("past" if past else status)
            for prefix in ("", "es/"):
                html = (demo_public / state / prefix / "events" / slug / "index.html").read_text()
                assert 'class="rsvp"' not in html and str(meta["rsvp"]) not in html, slug
                assert "add-calendar" not in html and "calendar.google.com" not in html, slug
    assert checked == {"past", "cancelled", "postponed"}


PAGES = {
    "scheduled": ("wisconsin", "la-crosse-campus-voter-registration"),
    "cancelled": ("wisconsin", "eau-claire-saturday-door-knocking"),
    "postponed": ("arizona", "prescott-house-party"),
    "past": ("wisconsin", "eau-claire-october-phone-bank"),
}


@pytest.mark.parametrize("status", list(PAGES))
def test_axe_finds_no_violations_on_an_event_of_each_status(
    browser: Any,  # noqa: F811 (the fixture)
    sites: dict[str, Site],
    status: str,
) -> None:
    state, slug = PAGES[status]
    site = sites[state]
    context = browser.new_context(viewport={"width": 320, "height": 800}, bypass_csp=True)
    page = context.new_page()
    found = {}
    for prefix in ("", "es/"):
        page.goto(f"{site.url}{site.base_path}{prefix}events/{slug}/")
        violations = axe_violations(page)
        if violations:
            found[prefix] = violations
    context.close()
    assert found == {}


def test_the_share_button_uses_the_web_share_api_where_there_is_one(
    browser: Any,  # noqa: F811 (the fixture)
    sites: dict[str, Site],
    demo_public: Path,
) -> None:
    """Hidden without the API (the email and text links do without it); with it, a button
    that hands the page's title and address to the phone's share sheet."""
    slug = upcoming_scheduled(demo_public, "wisconsin")[0]
    url = f"{sites['wisconsin'].url}/events/{slug}/"
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.add_init_script("delete Navigator.prototype.share;")  # a browser without the API
    page.goto(url)
    assert not page.is_visible("[data-share]")
    page.close()
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.add_init_script(
        "window.shared = [];"
        " navigator.share = (data) => { shared.push(data); return Promise.resolve(); };"
    )
    page.goto(url)
    page.click("[data-share]")
    shared = page.evaluate("window.shared")
    address = f"https://wi.example.org/events/{slug}/"
    assert shared == [{"title": page.inner_text("h1"), "url": address}]
    page.close()
