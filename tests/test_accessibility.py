"""Accessible and light, proven in a real browser: axe-core, keyboard, origin, no JavaScript.

Playwright drives Debian's Chromium (its executable path is given; no browser
is downloaded). axe-core comes from the axe-playwright-python package.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browsing import FLAGS, Site, chromium

playwright_api = pytest.importorskip("playwright.sync_api")
axe_package = pytest.importorskip("axe_playwright_python")
AXE = Path(axe_package.__file__).parent / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (375, 1280)
SCREENSHOTS = Path(__file__).parent.parent / "docs" / "screenshots"


def first_slug(site: Path, section: str) -> str:
    """The first document of a section (not a list page, not an alias's redirect)."""
    return sorted(
        p.name
        for p in (site / section).iterdir()
        if (p / "index.html").is_file()
        and p.name not in ("past", "counties")
        and 'http-equiv="refresh"' not in (p / "index.html").read_text()
    )[0]


def page_kinds(site: Path) -> list[str]:
    """One page of each kind."""
    return [
        "",
        "communities/",
        f"communities/{first_slug(site, 'communities')}/",
        "communities/counties/",
        f"offices/{first_slug(site, 'offices')}/",
        "events/",
        f"events/{first_slug(site, 'events')}/",
        "events/past/",
        "training/",
        f"training/{first_slug(site, 'training')}/",
        f"partners/{first_slug(site, 'partners')}/",
        "about/",
        "start/",
        "search/",
        "404.html",
    ]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium()
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=FLAGS[1:])
        yield launched
        launched.close()


def axe_violations(page: Any) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


@pytest.mark.parametrize("state", ["wisconsin", "pennsylvania", "arizona"])
def test_axe_finds_no_violations(
    browser: Any, sites: dict[str, Site], demo_public: Path, state: str
) -> None:
    site = sites[state]
    found = {}
    for width in WIDTHS:
        # axe goes in as an inline script: the test's own tool, let past the pages' policy
        context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        page = context.new_page()
        for lang_prefix in ("", "es/"):
            for path in page_kinds(demo_public / state):
                url = f"{site.url}{site.base_path}{lang_prefix if path != '404.html' else ''}{path}"
                page.goto(url)
                violations = axe_violations(page)
                if violations:
                    found[f"{width}px {lang_prefix}{path}"] = violations
        context.close()
    assert found == {}


def test_a_broken_page_makes_axe_fail(browser: Any, sites: dict[str, Site]) -> None:
    """The check above can fail: an image without alt text is a violation."""
    site = sites["wisconsin"]
    site.harness = b'<!doctype html><html lang="en"><title>x</title><img src="/share.png"></html>'
    page = browser.new_page(bypass_csp=True)
    page.goto(f"{site.url}/__finder.html")
    assert "image-alt" in [v["id"] for v in axe_violations(page)]
    page.close()


def test_skip_link_and_menu_work_with_the_keyboard(browser: Any, sites: dict[str, Site]) -> None:
    site = sites["wisconsin"]
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(f"{site.url}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate("getComputedStyle(document.activeElement).top") != "-64px"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.goto(f"{site.url}/")
    # on a phone the menu is one button: Enter opens it, and Tab goes on into it
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Menu":
            page.keyboard.press("Enter")
        if page.evaluate("document.activeElement.textContent.trim()") == "Events":
            break
    else:
        pytest.fail("the menu's Events link cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site.url}/events/")
    assert page.evaluate("document.querySelector('h1').textContent") == "Upcoming events"
    page.close()


def test_no_request_leaves_the_site(
    browser: Any, sites: dict[str, Site], demo_public: Path
) -> None:
    for state, site in sites.items():
        page = browser.new_page()
        requested: list[str] = []
        page.on("request", lambda request, seen=requested: seen.append(request.url))
        for path in page_kinds(demo_public / state):
            page.goto(f"{site.url}{site.base_path}{path}")
            if path == "":
                page.fill("#zip", "54701")
                page.click("#zip-finder button")
                page.wait_for_timeout(300)
        page.close()
        outside = [url for url in requested if not url.startswith(site.url + "/")]
        assert requested and outside == []


def test_every_page_reads_without_javascript(
    browser: Any, sites: dict[str, Site], demo_public: Path
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for state, site in sites.items():
        for path in page_kinds(demo_public / state):
            page.goto(f"{site.url}{site.base_path}{path}")
            main = page.inner_text("main")
            assert page.inner_text("h1") and len(main) > 40, (state, path)
            if path == "search/":
                assert "needs JavaScript" in main
            if path == "":
                assert "Eau Claire" in main or "Erie" in main or "Flagstaff" in main
    context.close()


def test_page_weight_budget(demo_public: Path) -> None:
    """HTML + CSS + JavaScript of every page but search stays under 60 KB before compression."""
    heaviest = ("", 0)
    for page in demo_public.rglob("*.html"):
        if "/search/" in page.as_posix():
            continue
        html = page.read_text()
        site = demo_public / page.relative_to(demo_public).parts[0]
        total = len(html.encode())
        for ref in re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html):
            if ref.startswith("/"):
                file = site / re.sub(r"^/(?:az/)?", "", ref)  # the state's base path
            else:
                file = page.parent / ref
            total += file.stat().st_size
        heaviest = max(heaviest, (page.as_posix(), total), key=lambda item: item[1])
        assert total < 60_000, (page, total)
    assert heaviest[1] > 10_000  # the budget is measuring something


SHOTS = (  # name, page of the Wisconsin site, width, height
    ("wisconsin-home-phone", "", 375, 812),
    ("wisconsin-event-phone", "events/la-crosse-campus-voter-registration/", 375, 812),
    ("wisconsin-community-phone", "communities/eau-claire/", 375, 812),
    ("wisconsin-training-phone", "training/canvassing-basics/", 375, 812),
    ("wisconsin-home-desktop", "", 1280, 900),
)


@pytest.mark.skipif(not os.environ.get("HUBGEN_SCREENSHOTS"), reason="set HUBGEN_SCREENSHOTS=1")
def test_readme_screenshots(browser: Any, sites: dict[str, Site]) -> None:
    """Writes docs/screenshots/ for the README (run with HUBGEN_SCREENSHOTS=1): the first
    screen of a home, an event, a community and a training module on a phone, and a desktop."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path, width, height in SHOTS:
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(f"{sites['wisconsin'].url}/{path}")
        assert page.inner_text("h1"), path
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
        page.close()


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("state", ["wisconsin", "pennsylvania", "arizona"])
def test_the_header_is_one_row_on_a_phone(
    browser: Any, sites: dict[str, Site], state: str, width: int
) -> None:
    """The state, the program, the language switch and the menu button side by side, in
    one row (at most 80 px; the menu of eight links took 205-249 px), in both languages,
    none over another and nothing wider than the screen."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    for prefix in ("", "es/"):
        page.goto(f"{sites[state].url}/{prefix}")
        header = page.evaluate("document.querySelector('.site-header').getBoundingClientRect()"
                               ".height")  # fmt: skip
        assert header <= 80, (prefix, header)
        overlap = page.evaluate(
            "(() => { const b = document.querySelector('.brand').getBoundingClientRect();"
            " const l = document.querySelector('.languages').getBoundingClientRect();"
            " return b.right > l.left + 1; })()"
        )
        assert not overlap, prefix
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()
