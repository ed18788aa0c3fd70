"""A training module's page: its contents list, its place in each learning path, top and bottom."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from hubgen.markup.headings import sections
from tests.browsing import Site
from tests.conftest import build_site
from tests.test_accessibility import browser  # noqa: F401 (a fixture)


def read(public: Path, path: str) -> str:
    return (public / path).read_text(encoding="utf-8")


def navs(page: str) -> list[str]:
    return re.findall(r'<nav class="pager pager-(?:top|bottom)".*?</nav>', page, re.S)


def contents(page: str) -> list[tuple[str, str]]:
    found = re.search(r'<nav class="toc".*?</nav>', page, re.S)
    assert found, "no contents list"
    links = re.findall(r'<a href="#([^"]+)">([^<]*)</a>', found.group(0))
    return [(anchor, html.unescape(text)) for anchor, text in links]


def test_sections_are_the_h2_headings_with_their_ids() -> None:
    body = '<h2 id="a-b">A &amp; <em>b</em></h2><p>x</p><h3 id="c">C</h3><h2 id="d">D</h2>'
    assert sections(body) == [("a-b", "A & b"), ("d", "D")]


def test_a_long_module_lists_its_sections_and_each_link_has_its_heading(
    demo_public: Path,
) -> None:
    page = read(demo_public, "wisconsin/training/canvassing-basics/index.html")
    listed = contents(page)
    assert listed[:2] == [("why-we-knock-on-doors", "Why we knock on doors"),
                          ("what-to-bring", "What to bring")]  # fmt: skip
    body = page.split('<div class="prose">', 1)[1]
    assert listed == sections(body)
    # the list comes before the body, after the module's title and what it is about
    assert page.index("<h1") < page.index('<p class="lede"') < page.index('<nav class="toc"')
    assert page.index('<nav class="toc"') < page.index('<div class="prose">')


def test_the_spanish_module_lists_its_own_sections(demo_public: Path) -> None:
    page = read(demo_public, "pennsylvania/es/training/phone-banking/index.html")
    listed = contents(page)
    assert ("que-necesitas", "Qué necesitas") in listed
    assert '<h2 id="toc-title" class="toc-title">En esta página</h2>' in page


def test_previous_and_next_are_at_the_top_and_the_bottom_with_the_step(
    demo_public: Path,
) -> None:
    page = read(demo_public, "wisconsin/training/phone-banking/index.html")
    top, bottom = navs(page)
    assert "Step 2 of 5" in top and "Step 2 of 5" in bottom
    for nav in (top, bottom):
        assert 'href="/training/canvassing-basics/" rel="prev"' in nav
        assert 'href="/training/relational-organizing/" rel="next"' in nav
    assert page.index(top) < page.index('<div class="prose">') < page.index(bottom)
    assert "← Previous" in top and "Canvassing basics</span> →" not in top
    assert "<span>Relational organizing</span> →" in bottom


def test_an_untranslated_neighbor_is_marked_english_on_a_spanish_page(demo_public: Path) -> None:
    page = read(demo_public, "wisconsin/es/training/safety-and-privacy/index.html")
    assert '<span lang="en">Canvassing in a Wisconsin winter</span> →' in page
    listing = read(demo_public, "wisconsin/es/training/index.html")
    assert 'lang="en">Canvassing in a Wisconsin winter</a>' in listing


def test_a_module_in_two_paths_shows_its_step_in_each(demo_public: Path) -> None:
    page = read(demo_public, "wisconsin/es/training/relational-organizing/index.html")
    tops = [nav for nav in navs(page) if "pager-top" in nav]
    assert len(tops) == 2
    assert "Paso 3 de 5" in tops[0] and "Paso 1 de 3" in tops[1]
    assert "Anterior" in tops[0] and "Siguiente" in tops[1]
    # a path's name in Spanish, from site.yaml's translations
    assert '<span>Líder de equipo</span>' in tops[1]
    assert 'aria-labelledby="path-team-leader-top"' in tops[1]


def test_a_short_module_has_no_contents_list(tmp_site) -> None:
    body = "## One\n\nText.\n\n## Two\n\nMore.\n"
    root = tmp_site(files={
        "content/training/short.md": "---\ntitle: Short\norder: 1\nduration: 10\n"
                                     "level: beginner\npaths: [basics]\n---\n" + body,
        "content/training/long.md": "---\ntitle: Long\norder: 2\nduration: 10\n"
                                    "level: beginner\npaths: [basics]\n---\n" + body
                                    + "\n## Three\n\nLast.\n",
    })  # fmt: skip
    result = build_site(root)
    assert result.exit_code == 0, result.output
    short = read(root / "public", "testland/training/short/index.html")
    assert '<nav class="toc"' not in short
    assert "Step 1 of 2" in short and 'rel="next"' in short and 'rel="prev"' not in short
    long = read(root / "public", "testland/training/long/index.html")
    assert contents(long) == [("one", "One"), ("two", "Two"), ("three", "Three")]


def test_the_title_and_what_it_is_about_fit_the_first_screen_of_a_phone(
    browser: Any,  # noqa: F811
    sites: dict[str, Site],
) -> None:
    """At 320 x 800, with the step and previous/next of two paths at the top."""
    page = browser.new_page(viewport={"width": 320, "height": 800})
    page.goto(f"{sites['wisconsin'].url}/es/training/relational-organizing/")
    for selector in ("h1", ".lede", ".pager-top .pager-next"):
        box = page.locator(selector).first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 800, selector
    page.close()
