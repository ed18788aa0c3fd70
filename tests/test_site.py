"""Linking: translations inherit their original, URLs and aliases are checked."""

from __future__ import annotations

import textwrap

from hubgen.content.config import load_config
from hubgen.content.discovery import discover
from hubgen.content.linking import link, normalize_alias
from hubgen.content.reading import read_all, scan
from hubgen.core.cache import Cache
from tests.conftest import NOW_DT


def linked(root):
    config, problems = load_config(root)
    assert problems == [] and config is not None
    sources, problems = discover(config)
    hashes = scan(sources, Cache(None))
    documents, broken, problems2, _ = read_all(config, sources, hashes, Cache(None), b"", jobs=1)
    sites, problems3 = link(config.states, documents, broken, NOW_DT)
    return sites[0], problems + problems2 + problems3


EVENT = textwrap.dedent(
    """\
    ---
    title: Madison canvass
    kind: canvass
    start: 2026-12-05 10:00
    end: "12:00"
    place: {type: online}
    rsvp: https://example.org/rsvp/canvass
    draft: true
    ---
    English.
    """
)


def test_a_translation_inherits_what_it_does_not_set(tmp_site) -> None:
    root = tmp_site(
        {
            "content/testland/events/canvass.md": EVENT.replace("draft: true\n", ""),
            "content/testland/events/canvass.es.md": "---\ntitle: Puerta a puerta\n---\nHola.\n",
        }
    )
    site, problems = linked(root)
    assert problems == []
    spanish = site.translations[("event", "canvass", "es")]
    assert spanish.meta["title"] == "Puerta a puerta"
    assert spanish.meta["kind"] == "canvass"
    assert spanish.meta["start"].isoformat() == "2026-12-05T10:00:00-06:00"
    assert spanish.body.strip() == "Hola."


def test_a_translation_does_not_publish_a_draft(tmp_site) -> None:
    root = tmp_site(
        {
            "content/testland/events/canvass.md": EVENT,
            "content/testland/events/canvass.es.md": "---\ntitle: Puerta a puerta\n---\n",
        }
    )
    site, problems = linked(root)
    assert problems == []
    assert site.translations == {}
    assert ("event", "canvass") not in site.documents


def test_aliases_stay_inside_the_site() -> None:
    assert normalize_alias("/old/page") == "/old/page/"
    assert normalize_alias("old") == "/old/"
    bad_ones = (
        "../x",
        "/a/../../b",
        "https://example.org/x",
        "//example.org/",
        "/a?b",
        "",
        "/a b/",
    )
    for bad in bad_ones:
        assert normalize_alias(bad) is None, bad


def test_publish_and_expiry_dates(tmp_site) -> None:
    page = "---\ntitle: {t}\n{extra}\n---\n"
    root = tmp_site(
        {
            "content/testland/pages/soon.md": page.format(
                t="Soon", extra="publish_date: 2026-12-01"
            ),
            "content/testland/pages/now.md": page.format(t="Now", extra="publish_date: 2026-11-25"),
            "content/testland/pages/gone.md": page.format(
                t="Gone", extra="expiry_date: 2026-11-24"
            ),
        }
    )
    site, _ = linked(root)
    assert ("page", "now") in site.documents
    assert ("page", "soon") not in site.documents
    assert ("page", "gone") not in site.documents


COMMUNITY = "---\ntitle: Harbor\ncounties: [Dane]\n---\nNeighbors by the harbor.\n"
MEETING = EVENT.replace("draft: true\n", "community: harbor\n")


def test_a_document_with_a_wrong_value_keeps_its_place(tmp_site) -> None:
    wrong = COMMUNITY.replace("counties", "countys")
    root = tmp_site({"content/testland/communities/harbor.md": wrong,
                     "content/testland/events/canvass.md": MEETING})  # fmt: skip
    site, problems = linked(root)
    # its own error only: the event's reference to it is not one
    assert [(p.path, p.line) for p in problems if p.severity == "error"] == [
        ("content/testland/communities/harbor.md", 3)
    ]
    # without the counties every community page shows, it is held back from the pages,
    # with its address, and the event is shown without it
    assert ("community", "harbor") in site.held and site.get("community", "harbor") is None
    assert site.urls[("community", "harbor")] == "/communities/harbor/"
    assert "community" not in site.documents[("event", "canvass")].meta


def test_a_document_with_a_wrong_optional_value_is_still_shown(tmp_site) -> None:
    wrong = COMMUNITY.replace("counties", "signup: not-an-address\ncounties")
    root = tmp_site({"content/testland/communities/harbor.md": wrong})
    site, problems = linked(root)
    assert [p.line for p in problems if p.severity == "error"] == [3]
    community = site.get("community", "harbor")
    assert community is not None and "signup" not in community.meta and site.held == {}


def test_a_reference_to_a_file_that_cannot_be_read_says_so_once(tmp_site) -> None:
    unreadable = COMMUNITY.replace("title: Harbor", 'title: "Harbor')
    root = tmp_site({"content/testland/communities/harbor.md": unreadable,
                     "content/testland/events/canvass.md": MEETING})  # fmt: skip
    site, problems = linked(root)
    told = [p for p in problems if p.path.endswith("canvass.md")]
    assert [p.message for p in told] == [
        "'community' refers to community 'harbor', whose file has errors"
    ]
    assert "communities/harbor.md" in told[0].hint
    assert site.documents[("event", "canvass")].meta.get("community") is None
