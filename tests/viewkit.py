"""A small, linked one-state project and the views templates would get of it.

The view, state view and contract tests share it: every content type, every
kind of event place, a translation, a learning path, menu pages, an event
ending exactly at the tests' "now", and a page kept only for previews.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from hubgen.content.config import Config, load_config
from hubgen.content.discovery import discover
from hubgen.content.linking import StateSite, link
from hubgen.content.reading import read_all, scan
from hubgen.core.cache import Cache
from hubgen.markup.markdown import Converter
from hubgen.render.stateview import Memo, StateView
from tests.conftest import BASE_FILES, NOW_DT, write_files

STATICS = "static/0123456789ab/"

FILES: dict[str, str | None] = {
    **BASE_FILES,
    "content/testland/communities/harbor.md": """\
        ---
        title: Harbor Town
        description: Neighbors by the water.
        counties: [Dane]
        towns: [Harbor, Dockside]
        schedule: {every: month, weekday: tuesday, week: 2, time: "18:30", where: the library}
        contact: {role: Harbor team, email: harbor@example.org}
        ---
        We meet on the second Tuesday.
        """,
    "content/testland/communities/harbor.es.md": """\
        ---
        title: Pueblo del Puerto
        ---
        Nos reunimos el segundo martes.
        """,
    "content/testland/communities/bluff.md": """\
        ---
        title: bluff side
        counties: [Sauk, Iowa]
        signup: https://example.org/join/bluff
        ---
        Just starting.
        """,
    "content/testland/offices/dock-street.md": """\
        ---
        title: Dock Street office
        address: {street: 12 Dock Street, city: Harbor, zip: "53703"}
        latitude: 43.07
        longitude: -89.38
        communities: [harbor]
        ---
        Come by.
        """,
    "content/testland/offices/annex.md": """\
        ---
        title: Annex
        address: {street: 3 Side Road, city: Harbor, zip: "53704"}
        ---
        The small one.
        """,
    "content/testland/events/harbor-canvass.md": """\
        ---
        title: "Harbor: door knocking"
        kind: canvass
        start: 2026-12-05 10:00
        end: "13:00"
        place: {type: office, office: dock-street, room: Back room}
        community: harbor
        ---
        Bring water.
        """,
    "content/testland/events/online-bank.md": """\
        ---
        title: Online phone bank
        kind: phone bank
        start: 2026-12-05 10:00
        end: "12:00"
        place: {type: online, platform: Zoom}
        rsvp: https://example.org/rsvp/online-bank
        partner: lakeside-union
        ---
        Calls from home.
        """,
    "content/testland/events/bluff-house-party.md": """\
        ---
        title: "Bluff: house party"
        kind: house party
        start: 2026-12-06 18:00
        end: "20:00"
        place: {type: home, neighborhood: Old Mill, city: Baraboo, zip: "53913"}
        rsvp: https://example.org/rsvp/bluff-house-party
        community: bluff
        ---
        Snacks.
        """,
    "content/testland/events/harbor-october.md": """\
        ---
        title: "Harbor: October canvass"
        kind: canvass
        start: 2026-10-10 10:00
        end: "12:00"
        place: {type: address, name: Public library, street: 400 Main Street, city: Harbor, zip: "53703"}
        community: harbor
        ---
        Thanks to everyone.
        """,  # noqa: E501
    "content/testland/events/early-calls.md": """\
        ---
        title: Early calls
        kind: phone bank
        start: 2026-11-25 05:00
        end: "06:00"
        place: {type: online}
        rsvp: https://example.org/rsvp/early-calls
        ---
        They end just as the tests' clock reads.
        """,
    "content/testland/events/planning-call.md": """\
        ---
        title: Planning call
        kind: meeting
        start: 2026-12-08 18:00
        end: "19:00"
        place: {type: online}
        visibility: unlisted
        rsvp: https://example.org/rsvp/planning-call
        community: harbor
        ---
        By link only.
        """,
    "content/testland/training/first-calls.md": """\
        ---
        title: Calling basics
        order: 1
        duration: 30
        paths: [basics]
        ---
        Dial.
        """,
    "content/testland/training/zoning.md": """\
        ---
        title: Zoning
        order: 1
        duration: 45
        ---
        Maps and rules.
        """,
    "content/testland/training/listening.md": """\
        ---
        title: Listening
        order: 2
        duration: 20
        paths: [basics]
        prerequisites: [first-calls]
        ---
        Listen first.
        """,
    "content/testland/training/canvassing.md": """\
        ---
        title: Canvassing
        order: 3
        duration: 60
        paths: [basics]
        ---
        Knock.
        """,
    "content/testland/partners/lakeside-union.md": """\
        ---
        title: Lakeside Union
        organization: Lakeside Tenants Union
        website: https://lakeside.example.org/
        ---
        Together.
        """,
    "content/testland/pages/about.md": """\
        ---
        title: About
        menu: 2
        ---
        About us: [the communities](/communities/) and ![a map](/images/map.png).
        """,
    "content/testland/pages/agenda.md": """\
        ---
        title: Agenda
        menu: 2
        ---
        What we do.
        """,
    "content/testland/pages/volunteer.md": """\
        ---
        title: Volunteer
        menu: 1
        ---
        Join us.
        """,
    "content/testland/pages/privacy.md": """\
        ---
        title: Privacy
        ---
        No trackers.
        """,
    "content/testland/pages/coming-soon.md": """\
        ---
        title: Coming soon
        publish_date: 2027-01-01
        ---
        Later.
        """,
}


def make_project(root: Path, files: dict[str, str | None] | None = None) -> Path:
    """The project above in ``root``, with ``files`` added (or taken away, with None)."""
    return write_files(root, {**FILES, **(files or {})})


def linked(root: Path, now: datetime = NOW_DT, drafts: bool = False) -> tuple[Config, StateSite]:
    """The project's settings and its (only) state's linked site; no problem allowed."""
    config, problems = load_config(root)
    assert config is not None and problems == [], problems
    sources, problems = discover(config)
    assert problems == [], problems
    cache = Cache(None)
    documents, broken, found, _ = read_all(config, sources, scan(sources, cache), cache, b"", 1)
    assert found == [] and not broken, found
    sites, found = link(config.states, documents, broken, now, drafts)
    assert found == [], found
    return config, sites[0]


class CountingConverter:
    """Makes the real Markdown converter, counting how often one is asked for."""

    def __init__(self) -> None:
        self.made = 0

    def __call__(self) -> Converter:
        self.made += 1
        return Converter()


def state_view(root: Path, lang: str = "", now: datetime = NOW_DT, drafts: bool = False,
               memo: Memo | None = None,
               converter: Callable[[], Any] | None = None) -> StateView:  # fmt: skip
    """The state view of the project's state in ``lang`` (the default language if '')."""
    config, site = linked(root, now, drafts)
    return StateView(site, config.site, converter or CountingConverter(), lang, None, memo, STATICS)
