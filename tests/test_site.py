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
