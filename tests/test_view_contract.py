"""The view contract: every value a template can read is declared where the cache's
dependency records expect it.

A page is rendered again only when something it read has changed, and what it read is
known only through each view's ``dep_of``. A member a view does not declare gives an
"untracked" dependency: the page is right, but it is rendered again on every build, and
nothing says so. A value declared constant that is not would be worse: a stale page.

So, for every view templates get (a document of each type, each list page, the state in
each language): every public member is declared ("doc", "body", "value", "now", or a
constant of the build's profile), or is the build's own machinery, named below with why;
constants are the same whatever the content and the clock; "doc" values follow their own
document only; computed values have a fingerprint that is the same in every build. What
templates receive besides views is listed too. Then real builds (the demo project and a
fixture site) must record no untracked read, and a second build with nothing changed must
render nothing. The last tests plant an undeclared member and show that the checks see it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import jinja2
import pytest

from hubgen.build import snapshots
from hubgen.build.incremental import PageRecord
from hubgen.build.options import BuildOptions, BuildResult
from hubgen.build.pipeline import build
from hubgen.build.writing import Writer
from hubgen.content.types import REGISTRY, SCHEMAS
from hubgen.core.fingerprints import Untrackable, digest, summary
from hubgen.render.i18n import Language, Strings
from hubgen.render.pages import ListView, list_pages, page_specs, render_page
from hubgen.render.recording import RecordingEnvironment
from hubgen.render.stateview import StateView
from hubgen.render.views import DocView
from tests.conftest import NOW_DT, REPO, SITES
from tests.viewkit import make_project, state_view

TRACKED = ("doc", "body", "value", "now")

# Public members the build itself uses; no template reads them (the builds below show it).
# Read from a template, each is an untracked dependency, never a silent constant.
MACHINERY: dict[str, dict[str, str]] = {
    "DocView": {
        "BODY": "the declarations themselves",
        "VALUES": "the declarations themselves",
        "OWN": "the declarations themselves",
        "dep_of": "what the recorder asks",
        "identity": "how a view is summarized in a fingerprint",
        "own_summary": "what a 'doc' dependency's fingerprint is made from",
    },
    "ListView": {
        "PLAIN": "the declarations themselves",
        "dep_of": "what the recorder asks",
    },
    "StateView": {
        "PLAIN": "the declarations themselves",
        "VALUES": "the declarations themselves",
        "dep_of": "what the recorder asks",
        "resolve": "the fingerprints' source",
        "site": "the linked documents the views are made from",
        "view": "makes the views templates get",
        "view_of": "makes the views templates get",
        "listing": "what a list page lists (its items are the tracked value)",
        "html": "Markdown to HTML: templates read a document's content",
        "converter": "the Markdown converter",
        "memo": "the build cache's memo",
        "site_key": "the memo key of feeds, calendars, sitemap and finder data",
        "images": "the images found, for the converter (in the profile key)",
        "links": "what the bodies shown linked to, for the link check",
        "pictures": "the images the bodies shown used, for the link check",
        "embeds": "the frames the bodies shown had, for the link check",
    },
}

# What a page template receives besides views, and why no page needs to record it.
CONTEXT: dict[str, str] = {
    "site": "the program's settings: in every page's profile key",
    "lang": "the language of the profile",
    "t": "the theme's interface text: in the theme key",
    "now": "the build's time: in the profile key when any template reads it",
    "path": "the page's own address",
    "canonical": "the page's own address, on the state's base URL (settings)",
    "csp": "the security policy: made from the program's settings",
    "target": "a redirect's target: read through its document's view, so recorded",
    "target_abs": "a redirect's target: read through its document's view, so recorded",
}

# What the theme's environment adds to Jinja's own globals: functions and constant tables.
GLOBALS = {"content_lang", "main_menu", "text_lang"}

DOCUMENTS = [("community", "harbor"), ("community", "bluff"), ("office", "dock-street"),
             ("event", "harbor-canvass"), ("event", "bluff-house-party"),
             ("training", "listening"), ("partner", "lakeside-union"), ("page", "about"),
             ("home", "index")]  # fmt: skip


# --- the checks --------------------------------------------------------------------------


def public_members(view: object) -> set[str]:
    """What a template could read of a view: its class's names, its own attributes, for a
    document its type's fields, and for a state the types' lists."""
    names = set(dir(type(view))) | set(vars(view))
    if isinstance(view, DocView):
        names |= set(SCHEMAS[view.type].names)
    if isinstance(view, StateView):
        names |= set(REGISTRY.collections)
    return {name for name in names if not name.startswith("_")}


def contract_breaches(view: object) -> list[str]:
    """Each public member of the view that is neither declared nor machinery."""
    kind = type(view).__name__
    machinery = MACHINERY.get(kind, {})
    constants = getattr(type(view), "PLAIN", frozenset())
    found = []
    for name in sorted(public_members(view) - set(machinery)):
        dep = type(view).dep_of(view, name)  # type: ignore[attr-defined]
        if dep is None and name not in constants:
            found.append(f"{kind}.{name}: constant, but not declared in {kind}.PLAIN")
        elif dep is not None and dep[0] not in TRACKED:
            found.append(f"{kind}.{name}: {dep}")
    found += [f"{kind}.{name}: named as machinery, but not there"
              for name in sorted(set(machinery) - public_members(view))]  # fmt: skip
    return found


def context_breaches(contexts: Iterable[dict[str, Any]]) -> list[str]:
    """Each value templates receive that is neither a checked view nor listed in CONTEXT."""
    found = set()
    for context in contexts:
        for name, value in context.items():
            if type(value).__name__ in MACHINERY or (value is None and name == "page"):
                continue
            if name not in CONTEXT:
                found.add(f"{name}: a {type(value).__name__} that no page records")
    return sorted(found)


def untracked_reads(records: Iterable[tuple[str, PageRecord]]) -> list[str]:
    """Every dependency of a page that no build can fingerprint, as 'page: dependency'."""
    return sorted(f"{path}: {dep}" for path, record in records
                  for dep, _ in record.deps if dep[0] not in TRACKED)  # fmt: skip


# --- the views of a small project ------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("contract") / "project")


def views_of(state: StateView) -> Iterator[tuple[str, object]]:
    yield f"state ({state.lang})", state
    for kind, slug in DOCUMENTS:
        yield f"{kind} {slug} ({state.lang})", state.view_of(kind, slug)
    strings = Strings(Language({"en": {"not_found": "Page not found"}}, state.lang, "en"))
    for listing in list_pages(state, strings):
        yield f"list {listing.type} ({state.lang})", listing
    yield "404 page", ListView("missing", "Page not found", "/404.html", [], state)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_public_member_of_every_view_is_declared(project: Path, lang: str) -> None:
    state = state_view(project, lang)
    seen = set()
    for name, view in views_of(state):
        assert view is not None, name
        seen.add(type(view).__name__)
        assert contract_breaches(view) == [], name
    assert seen == set(MACHINERY)


def test_every_declared_name_is_there(project: Path) -> None:
    state = state_view(project)
    harbor = state.view_of("community", "harbor")
    assert harbor is not None
    for name in DocView.BODY | DocView.VALUES | DocView.OWN:
        assert name in public_members(harbor), name
    for name in StateView.PLAIN | StateView.VALUES:
        assert name in public_members(state), name
    listing = list_pages(state, Strings(Language({}, "en")))[0]
    for name in ListView.PLAIN:
        assert name in public_members(listing), name


def test_machinery_read_from_a_template_is_untracked(project: Path) -> None:
    """Never a silent constant: the builds below would see a template reading one."""
    for name, view in views_of(state_view(project)):
        for member in MACHINERY[type(view).__name__]:
            dep = type(view).dep_of(view, member)  # type: ignore[attr-defined]
            assert dep is not None and dep[0] == "untracked", (name, member)


def test_what_no_view_has_is_the_same_for_every_view_of_its_kind(project: Path) -> None:
    """Asking for a missing name fails whatever the content: nothing to record."""
    for name, view in views_of(state_view(project)):
        assert type(view).dep_of(view, "no_such_value") is None, name  # type: ignore[attr-defined]
        assert not hasattr(view, "no_such_value"), name


def shown(value: Any) -> Any:
    """A comparable form of a value: its summary, or its repr where it has none."""
    if callable(value) and not hasattr(value, "identity"):
        value = value("/static/hubgen.css")  # the address helpers: url(path), asset(path)...
    try:
        return summary(value)
    except Untrackable:
        return repr(value)


ELSEWHERE = {
    # another event of the community, at the office, with the partner
    "content/testland/events/harbor-phones.md": """\
        ---
        title: "Harbor: phone bank"
        kind: phone bank
        start: 2026-12-06 10:00
        end: "12:00"
        place: {type: office, office: dock-street}
        community: harbor
        partner: lakeside-union
        ---
        Calls.
        """,
    # another module of the path, before the others
    "content/testland/training/door-basics.md": """\
        ---
        title: Door basics
        order: 1
        duration: 15
        paths: [basics]
        ---
        Knock.
        """,
    # another office, renamed, serving the other community
    "content/testland/offices/annex.md": """\
        ---
        title: A renamed annex
        address: {street: 3 Side Road, city: Harbor, zip: "53704"}
        communities: [bluff]
        ---
        The small one.
        """,
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_constants_and_doc_values_do_not_follow_other_documents_or_the_clock(
    tmp_path: Path, project: Path, lang: str
) -> None:
    """What is declared constant, or as a document's own ("doc", "body"), must be the same
    when only other documents and the clock changed: no dependency would notice."""
    before = state_view(project, lang)
    other = make_project(tmp_path / "other", ELSEWHERE)
    after = state_view(other, lang, now=NOW_DT + timedelta(days=14))
    changed = []
    for (name, old), (_, new) in zip(views_of(before), views_of(after), strict=True):
        if isinstance(old, DocView):
            assert isinstance(new, DocView)
            if old.own_summary() != new.own_summary():
                continue
            names = [n for n in public_members(old) - set(MACHINERY["DocView"])
                     if old.dep_of(n)[0] in ("doc", "body")]  # type: ignore[index]  # fmt: skip
        else:
            names = sorted(type(old).PLAIN)  # type: ignore[attr-defined]
        changed += [f"{name}: {n}" for n in names
                    if shown(getattr(old, n)) != shown(getattr(new, n))]  # fmt: skip
    assert changed == []
    # the changes do reach the values declared computed
    old_harbor, new_harbor = (state.view_of("community", "harbor") for state in (before, after))
    assert old_harbor is not None and new_harbor is not None
    assert shown(old_harbor.events) != shown(new_harbor.events)
    assert shown(old_harbor.next_meetings) != shown(new_harbor.next_meetings)


def readable(view: DocView, name: str) -> bool:
    """Whether a template can read this value of this document (an office has no
    calendar link, a page no place)."""
    try:
        getattr(view, name)
    except Exception:
        return False
    return True


def value_deps(state: StateView) -> Iterator[tuple[Any, ...]]:
    yield ("now",)
    for name in sorted(StateView.VALUES):
        yield ("value", ("state",), name)
    for kind, slug in DOCUMENTS:
        owner = ("doc", kind, slug)
        yield ("doc", owner)
        yield ("body", owner)
        view = state.view_of(kind, slug)
        assert view is not None
        for name in sorted(DocView.VALUES):
            if readable(view, name):
                yield ("value", owner, name)
    for kind in ("community", "office", "event", "event_past", "training", "partner", "county"):
        yield ("value", ("list", kind), "items")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_dependency_has_the_same_fingerprint_in_every_build(project: Path, lang: str) -> None:
    """An untrackable or unstable value would make its pages render on every build."""
    first, second = state_view(project, lang), state_view(project, lang)
    for dep in value_deps(first):
        try:
            one, two = digest(first.resolve(dep)), digest(second.resolve(dep))
        except Untrackable as exc:
            pytest.fail(f"{dep} has no stable summary: {exc}")
        assert one == two, dep


class CapturingEnvironment(RecordingEnvironment):
    """Renders nothing: keeps the context every page template would get."""

    def __init__(self) -> None:
        super().__init__(undefined=jinja2.StrictUndefined)
        self.contexts: list[dict[str, Any]] = []

    def get_template(self, name: Any, *args: Any, **kwargs: Any) -> Any:
        environment = self

        class Template:
            def render(self, context: dict[str, Any]) -> str:
                environment.contexts.append(context)
                return ""

        return Template()


def contexts_of(state: StateView) -> list[dict[str, Any]]:
    env = CapturingEnvironment()
    strings = Strings(Language({"en": {"not_found": "Page not found"}}, state.lang, "en"))
    for spec in page_specs(state):
        html, problem = render_page(spec, state, env, strings, Path("."))
        assert problem is None and html == ""
    return env.contexts


def test_templates_receive_views_and_the_values_listed(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", {
        "content/testland/pages/privacy.md": "---\ntitle: Privacy\naliases: [/old/]\n---\nNo.\n",
    })  # fmt: skip
    contexts = contexts_of(state_view(root)) + contexts_of(state_view(root, "es"))
    kinds = {name for context in contexts for name in context}
    assert {"page", "state", "target"} <= kinds  # documents, lists and a redirect were made
    assert context_breaches(contexts) == []


def test_the_theme_adds_only_functions_and_constant_tables() -> None:
    from hubgen.render.pages import add_filters

    env = RecordingEnvironment()
    add_filters(env)
    assert set(env.globals) - set(jinja2.defaults.DEFAULT_NAMESPACE) == GLOBALS


# --- real builds ----------------------------------------------------------------------


def copy_project(source: str, root: Path) -> Path:
    """The demo project (the repository's content, its themes) or a fixture site."""
    if source == "demo":
        shutil.copytree(REPO / "content", root / "content")
    else:
        shutil.copytree(SITES / source, root)
    site = root / "content/site.yaml"
    site.write_text(site.read_text() + "search: false\n")  # not what is tested, and slow
    return root


def recording(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, PageRecord]]:
    """Every page record the builds from now on keep (rendered or fresh)."""
    kept: list[tuple[str, PageRecord]] = []
    render = Writer._render

    def keeping(self: Writer, *args: Any) -> dict[str, PageRecord]:
        records = render(self, *args)
        kept.extend(records.items())
        return records

    monkeypatch.setattr(Writer, "_render", keeping)
    return kept


def every_state_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """No state is taken whole from its snapshot: each page must prove itself fresh."""
    monkeypatch.setattr(snapshots, "reusable", lambda *args, **kwargs: None)


def build_at_now(root: Path, drafts: bool = False) -> BuildResult:
    return build(BuildOptions(root, out=root / "public", now=NOW_DT, jobs=1, drafts=drafts))


@pytest.mark.parametrize(("source", "drafts"), [("demo", False), ("basic", False), ("basic", True)])
def test_builds_record_no_untracked_read_and_rebuild_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, drafts: bool
) -> None:
    """With drafts too, as previews are built: their pages carry a preview note."""
    root = copy_project(source, tmp_path / "project")
    records = recording(monkeypatch)
    first = build_at_now(root, drafts)
    assert first.rendered > 50 and len(records) == first.rendered
    assert untracked_reads(records) == []
    every_state_built(monkeypatch)
    second = build_at_now(root, drafts)
    assert second.rendered_paths == ()
    assert second.pages == first.pages


def test_a_redirect_follows_its_alias_to_another_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The target of a redirect is a value its page shows: moving the alias must render
    the redirect again, towards the new document."""
    root = copy_project("basic", tmp_path / "project")
    build_at_now(root)
    river, lake = (root / "content/north/communities" / name for name in ("river.md", "lake.md"))
    river.write_text(river.read_text().replace("aliases: [/old-river/]\n", ""))
    lake.write_text(lake.read_text().replace("---\n", "---\naliases: [/old-river/]\n", 1))
    again = build_at_now(root)
    assert "north/old-river/index.html" in again.rendered_paths
    html = (root / "public/north/old-river/index.html").read_text()
    assert 'href="https://north.example.org/communities/lake/"' in html
    assert "communities/river/" not in html


# --- the checks can fail ----------------------------------------------------------------


def volunteers_needed(self: DocView) -> int:
    return 3


def test_an_undeclared_property_is_reported(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DocView, "volunteers_needed", property(volunteers_needed), raising=False)
    state = state_view(project)
    harbor = state.view_of("community", "harbor")
    assert harbor is not None
    assert contract_breaches(harbor) == [
        "DocView.volunteers_needed: ('untracked', 'DocView', 'volunteers_needed')"
    ]
    monkeypatch.setattr(DocView, "OWN", DocView.OWN | {"volunteers_needed"})
    assert contract_breaches(harbor) == []  # declared: the check is content


def test_an_undeclared_attribute_of_the_state_is_reported(project: Path) -> None:
    state = state_view(project)
    state.volunteer_count = 12  # type: ignore[attr-defined]
    assert contract_breaches(state) == [
        "StateView.volunteer_count: ('untracked', 'StateView', 'volunteer_count')"
    ]


def test_machinery_that_is_gone_is_reported(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(MACHINERY, "ListView", {**MACHINERY["ListView"], "refresh": "gone"})
    listing = list_pages(state_view(project), Strings(Language({}, "en")))[0]
    assert contract_breaches(listing) == ["ListView.refresh: named as machinery, but not there"]


def test_a_new_value_given_to_templates_is_reported() -> None:
    contexts = [{"state": object(), "site": None, "weather": "sunny"}]
    assert context_breaches(contexts) == [
        "state: a object that no page records", "weather: a str that no page records"
    ]  # fmt: skip


def test_a_template_reading_an_undeclared_property_renders_on_every_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(DocView, "volunteers_needed", property(volunteers_needed), raising=False)
    root = copy_project("basic", tmp_path / "project")
    page = (REPO / "themes/default/templates/page.html").read_text()
    assert "</article>" in page
    override = root / "content/north/_templates/page.html"
    override.parent.mkdir()
    override.write_text(page.replace("</article>", "{{ page.volunteers_needed }}</article>"))
    records = recording(monkeypatch)
    build_at_now(root)
    assert untracked_reads(records) == [
        f"north/{lang}about/index.html: ('untracked', 'DocView', 'volunteers_needed')"
        for lang in ("", "es/")
    ]
    every_state_built(monkeypatch)
    assert sorted(build_at_now(root).rendered_paths) == [
        "north/about/index.html", "north/es/about/index.html"
    ]  # fmt: skip
