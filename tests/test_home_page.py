"""A state's home page on a phone: the finder and the next events before the map, never a
cancelled event first, the county page a link away, and nothing wider than the screen."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import test_accessibility
from tests.browsing import Site
from tests.test_accessibility import axe_violations
from tests.viewkit import make_project, state_view

STATES = ("wisconsin", "pennsylvania", "arizona")
PREFIXES = ("", "es/")
PHONES = (320, 375)
SCREEN = 800  # px high: two screens are 1,600 px
browser = test_accessibility.browser  # the one Chromium of the browser tests, as a fixture here
NEXT_TITLE = 'section[aria-labelledby="next"] article :is(h2, h3, h4) a'


BASES = {"wisconsin": "/", "pennsylvania": "/", "arizona": "/az/"}  # as the demo serves them


# --- the page as built ------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_finder_and_the_next_events_come_before_the_map(demo_public: Path, prefix: str) -> None:
    for state in STATES:
        home = (demo_public / state / prefix / "index.html").read_text()
        order = ['class="hero"', 'id="find"', 'class="county-finder"', 'id="next"',
                 'class="state-map"', 'id="about"', 'id="offices"']  # fmt: skip
        places = [home.index(mark) for mark in order]
        assert places == sorted(places), (state, prefix)
        events = home[home.index('id="next"') : home.index('class="state-map"')]
        assert 1 <= events.count("<article") <= 3, (state, prefix)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_county_page_is_linked_from_home_and_the_communities(
    demo_public: Path, prefix: str
) -> None:
    for state in STATES:
        href = f'href="{BASES[state]}{prefix}communities/counties/"'
        for page in ("", "communities/"):
            html = (demo_public / state / prefix / page / "index.html").read_text()
            assert href in html, (state, prefix, page)


def test_home_and_the_county_page_list_the_counties_alike(demo_public: Path) -> None:
    """One row for each county a community covers, and the others all in one entry."""
    for state in STATES:
        home = (demo_public / state / "index.html").read_text()
        details = home[home.index('class="county-finder"') :]
        details = details[: details.index("</details>")]
        page = (demo_public / state / "communities/counties/index.html").read_text()
        page = page[page.index('<ul class="finder county-list">') :]
        page = page[: page.index("</ul>")]
        rows = [re.findall(r"<li[ >].*?</li>", text, re.S) for text in (details, page)]
        assert rows[0] == rows[1] and len(rows[0]) > 1, state
        assert [r for r in rows[0] if 'class="uncovered"' in r] == [rows[0][-1]], state


NEXT_EVENTS = {
    "content/testland/events/called-off.md": """\
        ---
        title: Called off
        kind: canvass
        start: 2026-11-26 10:00
        end: "12:00"
        status: cancelled
        place: {type: online}
        ---
        Snow.
        """,
    "content/testland/events/someday.md": """\
        ---
        title: Someday
        kind: canvass
        start: 2026-11-27 10:00
        end: "12:00"
        status: postponed
        new_start: to be announced
        place: {type: online}
        rsvp: https://example.org/rsvp/someday
        ---
        A new date to come.
        """,
    "content/testland/events/moved-up.md": """\
        ---
        title: Moved
        kind: canvass
        start: 2026-11-20 10:00
        end: "12:00"
        status: postponed
        new_start: 2026-11-28 10:00
        place: {type: online}
        rsvp: https://example.org/rsvp/moved
        ---
        On its new date.
        """,
}


def test_the_next_events_are_those_that_will_happen(tmp_path: Path) -> None:
    """Soonest first, scheduled or postponed to a new date: never cancelled, never undated."""
    state = state_view(make_project(tmp_path, NEXT_EVENTS))
    upcoming = [e.slug for e in state.upcoming_events]
    assert {"called-off", "someday", "moved-up"} <= set(upcoming)
    slugs = [e.slug for e in state.next_events]
    assert slugs[0] == "moved-up"  # at its new date, after the cancelled and the undated one
    assert "called-off" not in slugs and "someday" not in slugs
    assert slugs == [s for s in upcoming if s not in ("called-off", "someday")]


# --- in a browser, on a phone -----------------------------------------------------------


def phone(browser: Any, width: int) -> Any:
    # axe goes in as an inline script: the test's own tool, let past the pages' policy
    context = browser.new_context(viewport={"width": width, "height": SCREEN}, bypass_csp=True)
    return context.new_page()


def visits(
    page: Any, sites: dict[str, Site], paths: tuple[str, ...] = ("",), opened: bool = False
) -> Iterator[str]:
    """Goes to each of ``paths`` of every state in both languages (with every ``<details>``
    open if ``opened``) and says where it is."""
    for state in STATES:
        site = sites[state]
        for prefix in PREFIXES:
            for path in paths:
                page.goto(f"{site.url}{site.base_path}{prefix}{path}")
                if opened:
                    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = 1)")
                yield f"{state} {prefix}{path}"


@pytest.mark.parametrize("width", PHONES)
def test_the_next_event_is_within_two_screens(
    browser: Any, sites: dict[str, Site], width: int
) -> None:
    page = phone(browser, width)
    for where in visits(page, sites):
        box = page.locator(NEXT_TITLE).first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 2 * SCREEN, (where, box)
        card = page.locator('section[aria-labelledby="next"] article').first
        classes = card.get_attribute("class") or ""
        assert "is-cancelled" not in classes and "is-postponed" not in classes, where
    page.context.close()


@pytest.mark.parametrize("width", PHONES)
def test_nothing_is_wider_than_a_phone(browser: Any, sites: dict[str, Site], width: int) -> None:
    """Home (with its county list open), the communities and the county page."""
    page = phone(browser, width)
    for where in visits(page, sites, ("", "communities/", "communities/counties/"), True):
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, (where, wide)
    page.context.close()


def test_the_county_list_is_short_once_opened(
    browser: Any,
    sites: dict[str, Site],
) -> None:
    """The counties without a community are one entry (72 rows were 5,198 px at 375 px)."""
    page = phone(browser, 375)
    for state in STATES:
        site = sites[state]
        page.goto(f"{site.url}{site.base_path}")
        finder = page.locator("details.county-finder")
        finder.locator("summary").click()
        box = finder.bounding_box()
        assert box is not None and box["height"] < 2 * SCREEN, (state, box)
    page.context.close()


def test_the_map_adds_no_tab_stop(
    browser: Any,
    sites: dict[str, Site],
) -> None:
    """Tabbing through the whole home page never lands in the map; the lists are the way."""
    page = phone(browser, 375)
    for where in visits(page, sites):
        focusable = page.locator(
            "figure.state-map :is(a[href], [tabindex], button, input, select, textarea)"
        )
        assert focusable.count() == 0, where
        stops, in_map = 0, []
        while stops < 300:
            page.keyboard.press("Tab")
            stops += 1
            inside = page.evaluate(
                "(() => { const e = document.activeElement;"
                " return e === document.body ? null : !!e.closest('figure.state-map'); })()"
            )
            if inside is None and stops > 1:
                break  # past the last stop, back to the page itself
            if inside:
                in_map.append(stops)
        assert in_map == [] and 20 < stops < 300, (where, stops)
    page.context.close()


@pytest.mark.parametrize("width", PHONES)
def test_axe_finds_nothing_on_home_and_the_county_page(
    browser: Any, sites: dict[str, Site], width: int
) -> None:
    page = phone(browser, width)
    found = {}
    for where in visits(page, sites, ("", "communities/counties/"), True):
        violations = axe_violations(page)
        if violations:
            found[where] = violations
    page.context.close()
    assert found == {}
