"""The state view: the lists templates show, in their order and language, addresses, Markdown
through the memo, and the current value behind each dependency a page recorded."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup

from hubgen.core.fingerprints import Untrackable, summary
from hubgen.render.stateview import NoMemo, StateView
from hubgen.render.views import DocView
from tests.conftest import NOW_DT
from tests.viewkit import CountingConverter, make_project, state_view


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("stateview") / "project")


@pytest.fixture(scope="module")
def state(project: Path) -> StateView:
    return state_view(project)


def slugs(views: list[DocView]) -> list[str]:
    return [v.slug for v in views]


class DictMemo:
    """Remembers every result, and how many were computed."""

    def __init__(self) -> None:
        self.kept: dict[Hashable, Any] = {}
        self.computed = 0

    def remember(self, parts: Hashable, compute: Callable[[], Any]) -> Any:
        if parts not in self.kept:
            self.computed += 1
            self.kept[parts] = compute()
        return self.kept[parts]


def test_lists_by_title_whatever_the_case(state: StateView) -> None:
    assert slugs(state.communities) == ["bluff", "harbor"]  # "bluff side" < "Harbor Town"
    assert slugs(state.offices) == ["annex", "dock-street"]
    assert slugs(state.partners) == ["lakeside-union"]


def test_events_by_start_then_slug(state: StateView) -> None:
    assert slugs(state.events) == ["harbor-october", "early-calls", "harbor-canvass",
                                   "online-bank", "bluff-house-party", "planning-call"]  # fmt: skip


def test_listed_upcoming_and_past_events(state: StateView) -> None:
    assert "planning-call" in slugs(state.events)
    assert "planning-call" not in slugs(state.listed_events)  # unlisted: by link only
    assert slugs(state.upcoming_events) == ["harbor-canvass", "online-bank", "bluff-house-party"]
    assert slugs(state.past_events) == ["early-calls", "harbor-october"]  # the latest first


def test_training_by_order_then_title_and_paths(state: StateView) -> None:
    assert slugs(state.training) == ["first-calls", "zoning", "listening", "canvassing"]
    [(path, modules)] = state.training_paths
    assert (path.key, path.title) == ("basics", "Basics")
    assert slugs(modules) == ["first-calls", "listening", "canvassing"]  # zoning is in no path


def test_menu_pages_by_place_then_title(state: StateView) -> None:
    assert slugs(state.menu) == ["volunteer", "about", "agenda"]  # privacy has no menu


def test_home(state: StateView) -> None:
    assert state.home is state.view_of("home", "index")
    assert state.view_of("page", "no-such-page") is None


def test_every_county_with_the_communities_covering_it(state: StateView) -> None:
    counties = {county.name: slugs(communities) for county, communities in state.counties}
    assert len(counties) == 72  # every county of Wisconsin, covered or not
    assert counties["Dane"] == ["harbor"]
    assert counties["Sauk"] == counties["Iowa"] == ["bluff"]
    assert counties["Adams"] == []
    assert [c.name for c, _ in state.counties] == sorted(counties)


def test_the_map_shades_covered_counties(state: StateView) -> None:
    svg = state.map_svg("{state}: {covered} of {total} counties have a community", "Shaded:")
    assert isinstance(svg, Markup) and svg.startswith("<svg")
    assert "Testland: 3 of 72 counties have a community" in svg
    assert "<desc id=\"map-desc\">Shaded: " in svg


def test_a_view_per_document(state: StateView) -> None:
    harbor = state.view_of("community", "harbor")
    assert harbor is state.view_of("community", "harbor")
    assert harbor in state.communities and harbor is state.communities[1]


def test_listing_of_each_list_page(state: StateView) -> None:
    assert state.listing("community") == state.communities
    assert state.listing("event") == state.upcoming_events
    assert state.listing("event_past") == state.past_events
    assert state.listing("training") == state.training
    assert state.listing("county") == [] and state.listing("start") == []


def test_addresses_in_each_language(project: Path, state: StateView) -> None:
    spanish = state_view(project, "es")
    assert (state.lang, state.default_lang, spanish.lang) == ("en", "en", "es")
    assert state.prefix() == "" and spanish.prefix() == "es/"
    assert spanish.prefix("en") == "" and state.prefix("es") == "es/"
    assert state.url("/events/") == "/tl/events/"
    assert spanish.url("/events/") == "/tl/es/events/"
    assert spanish.url("/events/", "en") == "/tl/events/"
    assert spanish.abs_url("/events/") == "https://example.org/tl/es/events/"
    # files shared by every language; theme files at their hashed folder
    assert spanish.asset("/finder.json") == "/tl/finder.json"
    assert spanish.asset("/static/hubgen.css") == "/tl/static/0123456789ab/hubgen.css"
    assert state.abs_asset("/static/x.js") == "https://example.org/tl/static/0123456789ab/x.js"


def test_a_language_shows_translations_and_falls_back_to_the_original(project: Path) -> None:
    spanish = state_view(project, "es")
    harbor, bluff = spanish.view_of("community", "harbor"), spanish.view_of("community", "bluff")
    assert harbor is not None and bluff is not None
    assert (harbor.title, harbor.fallback) == ("Pueblo del Puerto", False)
    assert (bluff.title, bluff.fallback) == ("bluff side", True)
    assert spanish.communities == [bluff, harbor]
    assert state_view(project).view_of("community", "bluff").fallback is False  # type: ignore[union-attr]


def test_lists_follow_the_titles_of_the_language(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", {
        "content/testland/offices/annex.es.md": "---\ntitle: Zona anexa\n---\nLa pequeña.\n",
    })  # fmt: skip
    assert slugs(state_view(root).offices) == ["annex", "dock-street"]
    assert slugs(state_view(root, "es").offices) == ["dock-street", "annex"]


def test_markdown_is_converted_once_through_the_memo(project: Path) -> None:
    converter, memo = CountingConverter(), DictMemo()
    state = state_view(project, memo=memo, converter=converter)
    assert slugs(state.communities) and converter.made == 0  # made when a body is shown
    about = state.site.get("page", "about")
    assert about is not None
    html = state.html(about)
    assert html.startswith('<p>About us: <a href="/tl/communities/">')
    assert state.links[("page", "about")] == ("/communities/",)
    assert state.pictures[("page", "about")] == (("/images/map.png", "a map"),)
    assert state.embeds[("page", "about")] == ()
    assert state.html(about) == html
    assert (converter.made, memo.computed) == (1, 1)
    again = state_view(project, memo=memo, converter=converter)
    assert again.html(about) == html and memo.computed == 1
    assert again.links[("page", "about")] == ("/communities/",)  # known without converting
    assert state_view(project, "es", memo=memo).html(about) != html  # /es/ links: its own entry


def test_no_memo_computes_every_time() -> None:
    calls = []
    assert NoMemo().remember("x", lambda: calls.append(1) or "one") == "one"
    NoMemo().remember("x", lambda: calls.append(1))
    assert len(calls) == 2


def test_site_key_changes_with_front_matter_language_and_day(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    key = state_view(root).site_key
    assert state_view(root).site_key == key
    assert state_view(root, "es").site_key != key
    assert state_view(root, now=NOW_DT + timedelta(hours=1)).site_key == key  # the same day
    assert state_view(root, now=NOW_DT + timedelta(days=1)).site_key != key
    page = root / "content/testland/pages/privacy.md"
    page.write_text(page.read_text() + "\nA second paragraph.\n")
    assert state_view(root).site_key == key  # feeds and calendars never show a body
    page.write_text(page.read_text().replace("title: Privacy", "title: Your privacy"))
    assert state_view(root).site_key != key


def test_dependencies_of_the_state(state: StateView) -> None:
    for name in ("name", "code", "contact", "url", "asset", "languages", "lang", "program"):
        assert state.dep_of(name) is None, name  # the settings: in every page's profile
    for name in ("communities", "upcoming_events", "training_paths", "counties", "map_svg",
                 "menu", "home"):  # fmt: skip
        assert state.dep_of(name) == ("value", ("state",), name), name
    assert state.dep_of("now") == ("now",)
    assert state.dep_of("site") == ("untracked", "StateView", "site")
    assert state.dep_of("_views") == ("untracked", "StateView", "_views")
    assert state.dep_of("no_such_thing") is None


def test_resolve_gives_the_value_behind_each_dependency(state: StateView) -> None:
    harbor = state.view_of("community", "harbor")
    assert harbor is not None
    owner = ("doc", "community", "harbor")
    assert state.resolve(("now",)) == NOW_DT.isoformat()
    assert state.resolve(("doc", owner)) == harbor.own_summary()
    assert state.resolve(("body", owner)) == harbor._doc.body_hash
    assert state.resolve(("value", owner, "events")) == (("view", "event", "harbor-canvass"),)
    assert state.resolve(("value", ("state",), "menu")) == summary(state.menu)
    assert state.resolve(("value", ("list", "event_past"), "items")) == (
        ("view", "event", "early-calls"), ("view", "event", "harbor-october")
    )  # fmt: skip
    assert state.resolve(("value", ("list", "county"), "items")) == ()


def test_resolve_path_neighbors_in_every_path(state: StateView) -> None:
    resolved = state.resolve(("value", ("doc", "training", "listening"), "path_neighbors"))
    assert resolved == (("basics", (("view", "training", "first-calls"),
                                    ("view", "training", "canvassing"))),)  # fmt: skip


def test_resolve_something_gone(state: StateView) -> None:
    assert state.resolve(("doc", ("doc", "event", "deleted"))) == ("missing",)
    assert state.resolve(("value", ("doc", "event", "deleted"), "is_past")) == ("missing",)


def test_resolve_refuses_untracked_dependencies(state: StateView) -> None:
    with pytest.raises(Untrackable):
        state.resolve(("untracked", "DocView", "volunteers"))
    with pytest.raises(Untrackable):
        state.resolve(("something new", ("state",)))


def test_values_depend_on_the_clock(project: Path) -> None:
    later = state_view(project, now=NOW_DT + timedelta(days=14))
    assert slugs(later.upcoming_events) == []
    assert slugs(later.past_events)[0] == "bluff-house-party"
    harbor = ("doc", "community", "harbor")
    now = state_view(project)
    for name in ("events", "next_meetings"):
        assert later.resolve(("value", harbor, name)) != now.resolve(("value", harbor, name))
    assert later.resolve(("doc", harbor)) == now.resolve(("doc", harbor))
