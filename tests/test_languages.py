"""Spanish alongside English on the demo build: every page in both, switcher, dates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

STATES = ("wisconsin", "pennsylvania", "arizona")


def english_pages(site: Path) -> list[Path]:
    return [
        p
        for p in site.rglob("index.html")
        if not p.relative_to(site).as_posix().startswith("es/")
        and 'http-equiv="refresh"' not in p.read_text()
    ]


@pytest.mark.parametrize("state", STATES)
def test_every_page_exists_in_spanish_translated_or_marked(demo_public: Path, state: str) -> None:
    site = demo_public / state
    translated = fallback = 0
    for page in english_pages(site):
        spanish = site / "es" / page.relative_to(site)
        assert spanish.is_file(), spanish
        html = spanish.read_text()
        assert html.startswith('<!doctype html>\n<html lang="es">')
        if "todavía no está traducida" in html:
            fallback += 1
            assert ' lang="en"' in html  # the English text is marked as English
        else:
            translated += 1
    assert translated >= 10 and fallback >= 1


@pytest.mark.parametrize("state", STATES)
def test_switcher_goes_to_the_same_page_both_ways(demo_public: Path, state: str) -> None:
    site = demo_public / state
    base = re.search(r'<a class="brand" href="([^"]*)"', (site / "index.html").read_text())
    assert base
    root = base.group(1)
    for page in english_pages(site):
        path = page.relative_to(site).as_posix().removesuffix("index.html")
        english, spanish = page.read_text(), (site / "es" / path / "index.html").read_text()
        assert f'href="{root}es/{path}" hreflang="es" lang="es">Español</a>' in english
        assert f'href="{root}{path}" hreflang="en" lang="en">English</a>' in spanish
        assert '<link rel="alternate" hreflang="es" href=' in english


def test_spanish_pages_read_the_spanish_way(demo_public: Path) -> None:
    home = (demo_public / "wisconsin/es/index.html").read_text()
    assert "Encuentra tu comunidad" in home
    events = (demo_public / "wisconsin/es/events/index.html").read_text()
    assert "jueves, 21 de enero de 2027" in events and "6:30 p. m." in events
    community = (demo_public / "wisconsin/es/communities/la-crosse/index.html").read_text()
    assert "Cada 2 semanas, el jueves, 6 p. m." in community
    module = (demo_public / "wisconsin/es/training/canvassing-basics/index.html").read_text()
    assert "todavía no está traducida" not in module
    assert 'href="/es/training/' in module  # links in Spanish text stay in Spanish


def test_the_map_shades_the_counties_with_a_community(demo_public: Path) -> None:
    from hubgen.geo.counties import counties

    for state, code in (("wisconsin", "WI"), ("pennsylvania", "PA"), ("arizona", "AZ")):
        home = (demo_public / state / "index.html").read_text()
        svg = home[home.index("<svg") : home.index("</svg>")]
        ids = set(re.findall(r'<path id="(\d{5})"', svg))
        assert ids == {c.fips for c in counties(code)}
        covered = set(re.findall(r'<path id="(\d{5})" class="county covered"', svg))
        listed = set(re.findall(r'<li><span class="county-name">[^<]+</span>\s*<a href', home))
        assert covered and len(covered) == len(listed)
