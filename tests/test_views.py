"""Document and list views: what templates read of a document, and what each value depends on."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from markupsafe import Markup

from hubgen.core.fingerprints import summary
from hubgen.render.stateview import StateView
from hubgen.render.views import DocView, ListView
from tests.viewkit import make_project, state_view


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("views") / "project")


@pytest.fixture(scope="module")
def state(project: Path) -> StateView:
    return state_view(project)


def view(state: StateView, kind: str, slug: str) -> DocView:
    found = state.view_of(kind, slug)
    assert found is not None, (kind, slug)
    return found


def test_address_and_names(state: StateView) -> None:
    canvass = view(state, "event", "harbor-canvass")
    assert (canvass.type, canvass.slug) == ("event", "harbor-canvass")
    assert canvass.path == "/events/harbor-canvass/"
    assert canvass.url == "/tl/events/harbor-canvass/"
    assert canvass.abs_url == "https://example.org/tl/events/harbor-canvass/"
    assert canvass.source == "content/testland/events/harbor-canvass.md"
    assert view(state, "page", "about").path == "/about/"
    assert state.home is not None and state.home.url == "/tl/"


def test_front_matter_fields(state: StateView) -> None:
    harbor = view(state, "community", "harbor")
    assert harbor.title == "Harbor Town"
    assert harbor.towns == ("Harbor", "Dockside")
    assert harbor.contact.email == "harbor@example.org"
    assert [c.label for c in harbor.counties] == ["Dane County"]
    assert harbor.status == "active"  # the schema's default


def test_unset_optional_fields(state: StateView) -> None:
    bluff = view(state, "community", "bluff")
    assert bluff.description is None
    assert bluff.schedule is None
    assert bluff.towns == []  # lists are empty, never none
    assert bluff.aliases == []
    assert bluff.extra == {}  # and extra is an empty mapping
    canvass = view(state, "event", "harbor-canvass")
    assert canvass.partner is None  # an unset reference
    assert canvass.timezone is None


def test_fields_of_another_type_and_private_names_are_not_there(state: StateView) -> None:
    canvass = view(state, "event", "harbor-canvass")
    for name in ("counties", "menu", "_meta", "no_such_field"):
        with pytest.raises(AttributeError):
            getattr(canvass, name)


def test_a_reference_field_gives_the_view_it_names(state: StateView) -> None:
    canvass = view(state, "event", "harbor-canvass")
    assert canvass.community is view(state, "community", "harbor")
    assert view(state, "event", "online-bank").partner is view(state, "partner", "lakeside-union")


def test_a_list_of_references_gives_their_views(state: StateView) -> None:
    listening = view(state, "training", "listening")
    assert listening.prerequisites == [view(state, "training", "first-calls")]
    assert view(state, "office", "dock-street").communities == [view(state, "community", "harbor")]
    assert view(state, "office", "annex").communities == []


def test_offices_serving_a_community(state: StateView) -> None:
    assert view(state, "community", "harbor").offices == [view(state, "office", "dock-street")]
    assert view(state, "community", "bluff").offices == []


def test_events_of_a_community_office_and_partner_are_upcoming_and_listed(state: StateView) -> None:
    def slugs(views: list[DocView]) -> list[str]:
        return [v.slug for v in views]

    # harbor-october is past and planning-call unlisted: neither is listed
    assert slugs(view(state, "community", "harbor").events) == ["harbor-canvass"]
    assert slugs(view(state, "community", "bluff").events) == ["bluff-house-party"]
    assert slugs(view(state, "office", "dock-street").events) == ["harbor-canvass"]
    assert slugs(view(state, "office", "annex").events) == []
    assert slugs(view(state, "partner", "lakeside-union").events) == ["online-bank"]


def test_the_office_of_an_event(state: StateView) -> None:
    assert view(state, "event", "harbor-canvass").office is view(state, "office", "dock-street")
    assert view(state, "event", "online-bank").office is None
    assert view(state, "event", "harbor-october").office is None


def test_where_an_event_is_as_one_line(state: StateView) -> None:
    lines = {slug: view(state, "event", slug).place_text for slug in
             ("harbor-canvass", "harbor-october", "bluff-house-party", "online-bank",
              "planning-call")}  # fmt: skip
    assert lines == {
        "harbor-canvass": "Dock Street office, 12 Dock Street, Harbor, WI 53703 (Back room)",
        "harbor-october": "Public library, 400 Main Street, Harbor, WI 53703",
        "bluff-house-party": "Private home in Old Mill, Baraboo, WI 53913 "
        "(address sent after you RSVP)",
        "online-bank": "Online (Zoom)",
        "planning-call": "Online",
    }


def test_calendar_addresses(state: StateView) -> None:
    assert view(state, "event", "harbor-canvass").ics_url == "/tl/events/harbor-canvass/event.ics"
    assert view(state, "community", "harbor").ics_url == "/tl/communities/harbor/calendar.ics"
    google = view(state, "event", "harbor-canvass").google_calendar_url
    assert google.startswith("https://calendar.google.com/")
    assert "20261205T160000Z" in google  # 10:00 in Chicago
    assert view(state, "event", "harbor-canvass").outlook_calendar_url.startswith("https://")


def test_day_and_whether_an_event_is_past(state: StateView) -> None:
    canvass = view(state, "event", "harbor-canvass")
    assert canvass.day == datetime(2026, 12, 5).date()
    assert canvass.is_past is False
    assert view(state, "event", "harbor-october").is_past is True
    assert view(state, "event", "early-calls").is_past is True  # it ends at "now" exactly
    assert view(state, "community", "harbor").day is None
    assert view(state, "community", "harbor").is_past is False


def test_next_meetings_of_a_community(state: StateView) -> None:
    meetings = view(state, "community", "harbor").next_meetings
    assert [m.isoformat() for m in meetings] == [
        "2026-12-08T18:30:00-06:00", "2027-01-12T18:30:00-06:00", "2027-02-09T18:30:00-06:00"
    ]  # fmt: skip
    assert view(state, "community", "bluff").next_meetings == []


def test_path_neighbors(state: StateView) -> None:
    slugs = ("first-calls", "listening", "canvassing")
    first, listening, canvassing = (view(state, "training", slug) for slug in slugs)
    assert listening.path_neighbors("basics") == (first, canvassing)
    assert first.path_neighbors("basics") == (None, listening)
    assert canvassing.path_neighbors("basics") == (listening, None)
    assert view(state, "training", "zoning").path_neighbors("basics") == (None, None)
    assert listening.path_neighbors("no-such-path") == (None, None)


def test_json_ld_reads_other_documents(state: StateView) -> None:
    data = view(state, "event", "bluff-house-party").json_ld
    assert data is not None and data["@type"] == "Event"
    assert data["organizer"]["name"] == "bluff side"  # the community's title: a computed value
    assert "streetAddress" not in data["location"]["address"]  # a private home
    assert view(state, "page", "about").json_ld is None


def test_content_is_the_body_as_safe_html(state: StateView) -> None:
    content = view(state, "page", "about").content
    assert isinstance(content, Markup)
    assert 'href="/tl/communities/"' in content


def test_a_page_without_translation_falls_back(project: Path) -> None:
    spanish = state_view(project, "es")
    bluff, harbor = view(spanish, "community", "bluff"), view(spanish, "community", "harbor")
    assert bluff.fallback is True and bluff.title == "bluff side"
    assert bluff.url == "/tl/es/communities/bluff/"
    assert harbor.fallback is False and harbor.title == "Pueblo del Puerto"
    assert harbor.source == "content/testland/communities/harbor.es.md"
    assert harbor.counties == view(state_view(project), "community", "harbor").counties
    assert "segundo martes" in harbor.content


def test_preview_note_only_for_pages_shown_in_previews(project: Path) -> None:
    preview = state_view(project, drafts=True)
    assert view(preview, "page", "coming-soon").preview_note == "not published until 2027-01-01"
    assert view(preview, "page", "about").preview_note == ""
    assert state_view(project).view_of("page", "coming-soon") is None


def test_identity_and_summary(state: StateView, project: Path) -> None:
    harbor = view(state, "community", "harbor")
    assert harbor.identity() == ("view", "community", "harbor")
    assert summary(harbor) == harbor.identity()
    assert summary(view(state_view(project, "es"), "community", "harbor")) == harbor.identity()
    assert repr(harbor) == "<community harbor>"


def test_dependencies_of_a_document_view(state: StateView) -> None:
    harbor = view(state, "community", "harbor")
    owner = ("doc", "community", "harbor")
    assert harbor.dep_of("content") == ("body", owner)
    for name in ("title", "counties", "schedule", "url", "slug", "fallback", "preview_note"):
        assert harbor.dep_of(name) == ("doc", owner), name
    for name in ("events", "offices", "next_meetings", "json_ld"):
        assert harbor.dep_of(name) == ("value", owner, name), name
    # a field of another type is missing for every community, whatever its content
    assert harbor.dep_of("menu") is None
    assert harbor.dep_of("no_such_thing") is None
    # anything else the view holds is outside the contract
    assert harbor.dep_of("_doc") == ("untracked", "DocView", "_doc")
    assert harbor.dep_of("own_summary") == ("untracked", "DocView", "own_summary")


def test_own_summary_covers_what_the_doc_dependency_stands_for(project: Path) -> None:
    english, spanish = state_view(project), state_view(project, "es")
    bluff_en, bluff_es = view(english, "community", "bluff"), view(spanish, "community", "bluff")
    assert bluff_en.own_summary() != bluff_es.own_summary()  # the fallback mark
    assert view(english, "community", "harbor").own_summary() != bluff_en.own_summary()
    assert bluff_en.own_summary() == view(state_view(project), "community", "bluff").own_summary()


def test_list_view(state: StateView) -> None:
    events = ListView("event", "Upcoming events", "/events/", state.upcoming_events, state)
    assert events.url == "/tl/events/"
    assert events.abs_url == "https://example.org/tl/events/"
    assert events.path == "/events/" and events.description == ""
    assert [e.slug for e in events.items] == ["harbor-canvass", "online-bank", "bluff-house-party"]


def test_dependencies_of_a_list_view(state: StateView) -> None:
    events = ListView("event", "Upcoming events", "/events/", state.upcoming_events, state)
    assert events.dep_of("items") == ("value", ("list", "event"), "items")
    for name in ("type", "title", "path", "url", "abs_url", "description"):
        assert events.dep_of(name) is None, name  # the same in every build of the profile
    assert events.dep_of("content") is None  # no list has a body
    assert events.dep_of("_state") == ("untracked", "ListView", "_state")
