"""Sharing and finding on the demo build: social cards, feeds, robots.txt, the 404 page."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image

ATOM = "{http://www.w3.org/2005/Atom}"


def meta(html: str, key: str) -> list[str]:
    return re.findall(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)


def test_every_page_has_a_social_card(demo_public: Path) -> None:
    pages = [p for p in demo_public.glob("*/**/index.html") if "refresh" not in p.read_text()]
    assert len(pages) > 150
    for page in pages:
        html = page.read_text()
        for key in ("og:title", "og:type", "og:url", "og:image", "og:image:alt", "og:description",
                    "og:site_name", "og:locale", "twitter:card", "twitter:image"):  # fmt: skip
            assert meta(html, key), (page, key)
    spanish = (demo_public / "arizona/es/index.html").read_text()
    assert meta(spanish, "og:locale") == ["es_US"]
    assert meta(spanish, "og:locale:alternate") == ["en_US"]
    assert meta(spanish, "og:url") == ["https://example.org/az/es/"]


def test_share_image_is_1200_by_630(demo_public: Path) -> None:
    for state in ("wisconsin", "pennsylvania", "arizona"):
        with Image.open(demo_public / state / "share.png") as image:
            assert image.size == (1200, 630)
    html = (demo_public / "arizona/index.html").read_text()
    assert meta(html, "og:image") == ["https://example.org/az/share.png"]


def test_atom_feed_per_state_and_language(demo_public: Path) -> None:
    for path in ("wisconsin/feed.xml", "wisconsin/es/feed.xml"):
        feed = ET.parse(demo_public / path).getroot()
        assert feed.tag == f"{ATOM}feed"
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) >= 4
        for entry in entries:
            for child in ("id", "title", "updated", "link"):
                assert entry.find(f"{ATOM}{child}") is not None
    spanish = (demo_public / "wisconsin/es/feed.xml").read_text()
    assert 'xml:lang="es"' in spanish and "https://wi.example.org/es/events/" in spanish
    home = (demo_public / "wisconsin/index.html").read_text()
    assert '<link rel="alternate" type="application/atom+xml"' in home


def test_robots_and_404(demo_public: Path) -> None:
    robots = (demo_public / "wisconsin/robots.txt").read_text()
    assert "Sitemap: https://wi.example.org/sitemap.xml" in robots
    missing = (demo_public / "wisconsin/404.html").read_text()
    assert "Page not found" in missing and '<meta name="robots" content="noindex">' in missing
    assert 'href="/events/"' in missing and "data-pagefind-body" not in missing
