"""The search page: a labelled field, the number of results said aloud, in the page's language;
and the search bundle cached so that a rebuild never leaves an old script with a new index."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hubgen.render.hostfiles import LONG_CACHE, REVALIDATE
from tests.browsing import Site, header_rules
from tests.test_accessibility import browser, playwright_api  # noqa: F401 (browser: a fixture)

expect = playwright_api.expect
# a name Pagefind gives a file for its content: 'en_ac6c2a1.pf_fragment', 'pagefind.en_0d6.pf_meta'
HASHED = re.compile(r"[0-9a-f]{7,}\.pf_[a-z]+$")


def cache_control(rules: list, path: str) -> list[str]:
    """Every Cache-Control the host would send for ``path`` (rules add up)."""
    return [value for pattern, headers in rules if pattern.match(path)
            for name, value in headers if name == "Cache-Control"]  # fmt: skip


@pytest.mark.parametrize(("state", "base"), [("wisconsin", "/"), ("arizona", "/az/")])
def test_every_search_file_is_cached_long_only_if_named_for_its_content(
    demo_public: Path, state: str, base: str
) -> None:
    site = demo_public / state
    rules = header_rules((site / "_headers").read_text())
    files = sorted(p.relative_to(site).as_posix() for p in (site / "pagefind").rglob("*"))
    files = [f for f in files if (site / f).is_file()]
    fixed = [f for f in files if not HASHED.search(f)]
    assert {"pagefind/pagefind.js", "pagefind/pagefind-entry.json",
            "pagefind/pagefind-worker.js", "pagefind/wasm.en.pagefind"} <= set(fixed)  # fmt: skip
    assert len(fixed) < len(files)
    for name in files:
        expected = LONG_CACHE if HASHED.search(name) else REVALIDATE
        assert cache_control(rules, base + name) == [expected], name
    # and the entry file asked for with Pagefind's query string, the page itself as before
    assert cache_control(rules, f"{base}pagefind/pagefind-entry.json") == [REVALIDATE]
    assert cache_control(rules, f"{base}search/") == []


@pytest.fixture(scope="module")
def tab(browser: Any) -> Iterator[Any]:  # noqa: F811
    page = browser.new_page(viewport={"width": 320, "height": 800})
    yield page
    page.close()


def search(tab: Any, url: str, word: str) -> str:
    """Type ``word`` into the page's search field; what the status line says then."""
    tab.goto(url)
    tab.get_by_label(re.compile("Search this site|Buscar en este sitio")).fill(word)
    expect(tab.locator("#search-count")).to_have_text(re.compile(r"\S"), timeout=60_000)
    return tab.inner_text("#search-count")


def test_the_field_has_a_label_and_the_count_is_announced(tab: Any, sites: dict[str, Site]) -> None:
    site = sites["wisconsin"]
    said = search(tab, f"{site.url}/search/", "canvass")
    assert re.fullmatch(r"\d+ results for “canvass”", said), said
    shown = tab.locator("#search-results li").count()
    assert 1 <= shown <= 5 and int(said.split()[0]) >= shown
    status = tab.locator("#search-count")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    assert tab.locator("#search-input").get_attribute("placeholder") is None
    assert tab.evaluate("document.querySelector('label[for=search-input]').offsetHeight") > 0
    first = tab.get_attribute("#search-results a", "href")
    assert first is not None and first.startswith("/") and not first.startswith("/es/")
    # nothing found is said too, and the address keeps the words (Enter, then reload)
    assert search(tab, f"{site.url}/search/", "zzzzqqq") == "No results for “zzzzqqq”"
    tab.press("#search-input", "Enter")
    tab.wait_for_url(re.compile(r"\?q=zzzzqqq$"))
    tab.reload()
    expect(tab.locator("#search-count")).to_have_text("No results for “zzzzqqq”", timeout=60_000)


def test_the_spanish_page_searches_the_spanish_pages_in_spanish(
    tab: Any, sites: dict[str, Site]
) -> None:
    site = sites["arizona"]
    said = search(tab, f"{site.url}/az/es/search/", "capacitación")
    assert re.fullmatch(r"\d+ resultados? para «capacitación»", said), said
    links = tab.eval_on_selector_all("#search-results a", "links => links.map(a => a.pathname)")
    assert links and all(link.startswith("/az/es/") for link in links), links
    tab.goto(f"{site.url}/az/es/search/?q=capacitaci%C3%B3n")
    expect(tab.locator("#search-results li").first).to_be_visible(timeout=60_000)
    assert tab.input_value("#search-input") == "capacitación"


def test_without_javascript_the_page_says_why_there_is_no_field(
    browser: Any,  # noqa: F811
    sites: dict[str, Site],
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{sites['wisconsin'].url}/es/search/")
    assert not page.is_visible("#search-input")
    assert "La búsqueda necesita JavaScript" in page.inner_text("#search-needs-js")
    context.close()
