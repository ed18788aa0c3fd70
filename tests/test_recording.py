"""Recording: while a page renders, every lookup a template makes on a view is one of the
page's dependencies, whichever way the template makes it; outside a page nothing is kept."""

from __future__ import annotations

from typing import Any

import jinja2
import pytest

from hubgen.core.fingerprints import Dep
from hubgen.render.recording import Recorder, RecordingEnvironment


class Card:
    """A view in miniature: its fields, one computed value, and what each depends on."""

    FIELDS = frozenset({"title", "kind", "other"})

    def __init__(self, slug: str, title: str, kind: str = "canvass",
                 other: Card | None = None) -> None:  # fmt: skip
        self.slug, self.title, self.kind, self.other = slug, title, kind, other

    def dep_of(self, attribute: str) -> Dep | None:
        if attribute in self.FIELDS:
            return ("doc", ("card", self.slug))
        if attribute == "neighbors":
            return ("value", ("card", self.slug), attribute)
        return None

    def neighbors(self, count: int) -> list[str]:
        return [f"{self.slug}-{n}" for n in range(count)]


class Anything:
    """Has an answer for every attribute, dep_of too: the recorder must not ask it."""

    def __getattr__(self, name: str) -> Any:
        return lambda *_: ("doc", ("anything",))


def environment() -> RecordingEnvironment:
    return RecordingEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)


def render(env: RecordingEnvironment, source: str, **context: Any) -> tuple[str, frozenset[Dep]]:
    env.recorder.start()
    html = env.from_string(source).render(**context)
    return html, env.recorder.stop()


HARBOR = ("doc", ("card", "harbor"))
BLUFF = ("doc", ("card", "bluff"))


def test_outside_a_page_nothing_is_recorded() -> None:
    recorder = Recorder()
    recorder.note(Card("harbor", "Harbor"), "title")
    assert recorder.current is None
    assert recorder.stop() == frozenset()
    env = environment()
    assert env.from_string("{{ card.title }}").render(card=Card("harbor", "Harbor")) == "Harbor"
    assert env.recorder.current is None
    env.recorder.start()
    assert env.recorder.stop() == frozenset()  # what was read before start is not kept


def test_stop_ends_the_page() -> None:
    recorder = Recorder()
    card = Card("harbor", "Harbor")
    recorder.start()
    recorder.note(card, "title")
    assert recorder.stop() == {HARBOR}
    recorder.note(card, "kind")
    assert recorder.stop() == frozenset()
    recorder.start()
    assert recorder.stop() == frozenset()  # a new page starts empty


def test_what_is_not_a_dependency_is_left_out() -> None:
    recorder = Recorder()
    recorder.start()
    recorder.note(Card("harbor", "Harbor"), "unknown")  # dep_of says None
    recorder.note(Card("harbor", "Harbor"), 0)  # an index, not an attribute name
    recorder.note({"title": "x"}, "title")  # not a view
    recorder.note("text", "upper")
    assert recorder.stop() == frozenset()


def test_dep_of_is_the_class_method_never_an_attribute_lookup() -> None:
    recorder = Recorder()
    recorder.start()
    recorder.note(Anything(), "title")
    card = Card("harbor", "Harbor")
    card.dep_of = lambda _attribute: ("doc", ("someone else",))  # type: ignore[method-assign]
    recorder.note(card, "title")
    assert recorder.stop() == {HARBOR}


@pytest.mark.parametrize(
    "source",
    [
        "{{ card.title }}",
        "{{ card['title'] }}",
        "{{ card|attr('title') }}",
        "{{ cards|map(attribute='title')|join }}",
        "{{ cards|sort(attribute='title')|length }}",
        "{{ cards|selectattr('kind', 'equalto', 'rally')|list|length }}",
        "{% for kind, group in cards|groupby('kind') %}{{ kind }}{% endfor %}",
        "{% set c = card %}{% if c.title is defined %}yes{% endif %}",
        "{% macro show(x) %}{{ x.title }}{% endmacro %}{{ show(card) }}",
    ],
)
def test_every_way_a_template_reads_an_attribute_is_recorded(source: str) -> None:
    card = Card("harbor", "Harbor")
    _, deps = render(environment(), source, card=card, cards=[card])
    assert HARBOR in deps


def test_each_view_read_is_its_own_dependency() -> None:
    bluff = Card("bluff", "Bluff")
    harbor = Card("harbor", "Harbor", other=bluff)
    html, deps = render(environment(), "{{ card.other.title }}: {{ card.neighbors(2)|join(',') }}",
                        card=harbor)  # fmt: skip
    assert html == "Bluff: harbor-0,harbor-1"
    assert deps == {HARBOR, BLUFF, ("value", ("card", "harbor"), "neighbors")}


def test_reading_other_objects_records_nothing() -> None:
    _, deps = render(environment(), "{{ site.name }} {{ items[0] }} {{ text.upper() }}",
                     site={"name": "Test Program"}, items=["a"], text="abc")  # fmt: skip
    assert deps == frozenset()


def test_pages_do_not_share_their_dependencies() -> None:
    env = environment()
    template = "{{ card.title }}"
    _, first = render(env, template, card=Card("harbor", "Harbor"))
    _, second = render(env, template, card=Card("bluff", "Bluff"))
    assert first == {HARBOR} and second == {BLUFF}


def test_a_lookup_is_recorded_even_when_it_fails() -> None:
    """A template that asks for something missing still depends on the view's content."""
    env = environment()
    env.recorder.start()
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ card.title.missing }}").render(card=Card("harbor", "Harbor"))
    assert env.recorder.stop() == {HARBOR}


def test_each_environment_has_its_own_recorder() -> None:
    first, second = environment(), environment()
    assert first.recorder is not second.recorder
    first.recorder.start()
    second.from_string("{{ card.title }}").render(card=Card("harbor", "Harbor"))
    assert first.recorder.stop() == frozenset()
