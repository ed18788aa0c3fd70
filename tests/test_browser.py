"""The ZIP code finder and search in a real browser: headless Chromium over loopback.

Chromium is Debian's (`/usr/bin/chromium`); these tests never download a
browser. Without it they are skipped, except in CI (CI=true), where a missing
browser is a failure.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hubgen.geo.zips import miles_between
from tests.browsing import FLAGS, Site, chromium

# Types each ZIP code into a state's home page (in a 375 px frame) and reports the results.
HARNESS = """<!doctype html><html><body><script>
const cases = %s; const out = []; let i = 0;
function next() {
  if (i >= cases.length) { document.title = JSON.stringify(out); return; }
  const [page, zip] = cases[i];
  const frame = document.createElement("iframe");
  frame.style.width = "375px"; frame.style.height = "800px";
  frame.onload = () => setTimeout(() => {
    const doc = frame.contentDocument;
    doc.getElementById("zip").value = zip;
    doc.getElementById("zip-finder").requestSubmit();
    setTimeout(() => {
      const links = [...doc.querySelectorAll("#zip-results a")].map(a => a.getAttribute("href"));
      out.push([zip, links, doc.getElementById("zip-results").innerText]);
      frame.remove(); i++; next();
    }, 1500);
  }, 300);
  frame.src = page; document.body.appendChild(frame);
}
next();
</script></body></html>"""


def run_cases(browser: str, site: Site, cases: list[list[str]], tmp_path: Path) -> list:
    return run_page(browser, site, (HARNESS % json.dumps(cases)).encode(), tmp_path)


def run_page(browser: str, site: Site, page: bytes, tmp_path: Path) -> list:
    """Serve ``page`` from the site, let Chromium run it, and read the JSON it puts in its title.

    Chromium is driven through Playwright and waited for until the title is set: a
    virtual-time budget ends early while the page waits on a fetch or compiles the
    search's WebAssembly."""
    sync_api = pytest.importorskip("playwright.sync_api")
    site.harness = page
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=browser, args=FLAGS[1:])
        try:
            tab = launched.new_page()
            tab.goto(f"{site.url}/__finder.html")
            tab.wait_for_function("document.title.length > 0", timeout=90_000)
            return json.loads(tab.title())
        finally:
            launched.close()


def test_zip_search_leads_to_the_right_community(
    sites: dict[str, Site], demo_public: Path, tmp_path: Path
) -> None:
    browser = chromium()
    wisconsin = run_cases(
        browser,
        sites["wisconsin"],
        [["/", "54701"], ["/", "54601"], ["/", "53703"], ["/", "00000"]],
        tmp_path,
    )
    by_zip = {zip_code: (links, text) for zip_code, links, text in wisconsin}
    assert by_zip["54701"][0][0] == "/communities/eau-claire/"
    assert "/offices/eau-claire-office/" in by_zip["54701"][0]
    assert by_zip["54601"][0][0] == "/communities/la-crosse/"
    far_links, far_text = by_zip["53703"]
    assert far_links == ["/start/"] and "No community is within 40 miles" in far_text
    assert "could not find ZIP code 00000" in by_zip["00000"][1]
    ((_, links, text),) = run_cases(browser, sites["arizona"], [["/az/", "86001"]], tmp_path)
    assert links[0] == "/az/communities/flagstaff/"
    # distances shown agree with a haversine computation in Python to half a mile
    data = json.loads((demo_public / "arizona/finder.json").read_text())
    lat, lon, _ = data["zips"]["86001"]
    shown = [float(m) for m in re.findall(r"([\d.]+) miles", text)]
    by_url = {p["url"]: p for p in data["communities"] + data["offices"]}
    places = [by_url[link] for link in links]
    expected = [miles_between(lat, lon, p["lat"], p["lon"]) for p in places]
    assert len(shown) == len(expected) >= 2
    assert all(abs(a - b) <= 0.5 for a, b in zip(shown, expected, strict=True))
    ((_, links, _),) = run_cases(browser, sites["pennsylvania"], [["/", "16501"]], tmp_path)
    assert links[0] == "/communities/erie/"


SEARCH = """<!doctype html><html lang="en"><body><script type="module">
const out = [];
for (const [lang, word] of %s) {
  document.documentElement.lang = lang;  // Pagefind picks the index of the page's language
  const pagefind = await import("/pagefind/pagefind.js?" + lang);
  const found = await pagefind.search(word);
  const data = await Promise.all(found.results.slice(0, 3).map(r => r.data()));
  out.push([lang, word, data.map(d => d.url)]);
}
document.title = JSON.stringify(out);
</script></body></html>"""


def _word_only_in_one_module(site: Path, prefix: str) -> tuple[str, str]:
    """A word of 8+ letters found in one training module's text and on no other page."""
    pages: dict[str, set[str]] = {}
    for page in site.rglob("index.html"):
        relative = page.relative_to(site).as_posix()
        if relative.startswith("es/") != (prefix == "es/"):
            continue
        match = re.search(r"<main[^>]*data-pagefind-body[^>]*>(.*)</main>", page.read_text(), re.S)
        if match:
            text = re.sub(r"<[^>]+>", " ", match.group(1)).lower()
            for word in set(re.findall(r"[a-záéíóúñ]{8,}", text)):
                pages.setdefault(word, set()).add("/" + relative.removesuffix("index.html"))
    candidates = sorted(
        (word, next(iter(urls)))
        for word, urls in pages.items()
        if len(urls) == 1 and re.fullmatch(rf"/{prefix}training/[a-z-]+/", next(iter(urls)))
    )
    assert candidates, "no word is unique to one training module"
    return candidates[0]


def test_offline_search_finds_the_one_module_with_a_word(
    sites: dict[str, Site], demo_public: Path, tmp_path: Path
) -> None:
    browser = chromium()
    english = _word_only_in_one_module(demo_public / "wisconsin", "")
    spanish = _word_only_in_one_module(demo_public / "wisconsin", "es/")
    page = (SEARCH % json.dumps([["en", english[0]], ["es", spanish[0]]])).encode()
    results = run_page(browser, sites["wisconsin"], page, tmp_path)
    assert results[0][2] == [english[1]], (english, results)
    assert results[1][2] == [spanish[1]], (spanish, results)


# --- the security policy ------------------------------------------------------------------

# Notes every report of the page's Content-Security-Policy, before any script of the page runs.
WATCH_POLICY = """window.__refused = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__refused.push(`${e.effectiveDirective} ${e.blockedURI || "inline"} ${e.sourceFile}`));"""


class PolicyWatch:
    """One Chromium tab that collects what the security policy refused, and console errors."""

    def __init__(self, playwright: object, browser: str) -> None:
        self.launched = playwright.chromium.launch(executable_path=browser, args=FLAGS[1:])  # type: ignore[attr-defined]
        self.tab = self.launched.new_page()
        self.tab.add_init_script(WATCH_POLICY)
        self.errors: list[str] = []
        self.tab.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.refused: list[str] = []

    def visit(self, url: str) -> dict[str, str]:
        """Open a page; its response headers."""
        self.collect()
        response = self.tab.goto(url)
        assert response is not None and response.ok, url
        return response.headers

    def collect(self) -> None:
        if self.tab.url.startswith("http"):
            self.refused += self.tab.evaluate("window.__refused || []")


def test_pages_and_search_run_within_their_security_policy(demo_public: Path) -> None:
    """Every kind of page, the ZIP finder and the search (with its WebAssembly, its worker
    and its index) work under the policy, sent both as a header and in the <meta> tag."""
    sync_api = pytest.importorskip("playwright.sync_api")
    browser = chromium()
    word, module = _word_only_in_one_module(demo_public / "wisconsin", "")
    wisconsin = Site(demo_public / "wisconsin", "/", host_headers=True)
    arizona = Site(demo_public / "arizona", "/az/", host_headers=True)
    try:
        with sync_api.sync_playwright() as playwright:
            watch = PolicyWatch(playwright, browser)
            try:
                headers = watch.visit(f"{wisconsin.url}/")
                assert "wasm-unsafe-eval" in headers["content-security-policy"]
                watch.tab.fill("#zip", "54701")
                watch.tab.click("#zip-finder button")
                watch.tab.wait_for_selector("#zip-results a", timeout=30_000)
                for path in ("/communities/eau-claire/", "/events/", "/training/", "/404.html",
                             "/es/about/"):  # fmt: skip
                    watch.visit(f"{wisconsin.url}{path}")
                watch.visit(f"{wisconsin.url}/who-we-are/")  # an alias: its page redirects
                watch.tab.wait_for_url(f"{wisconsin.url}/about/")
                watch.visit(f"{wisconsin.url}/search/")
                watch.tab.fill("#search-input", word, timeout=30_000)
                link = watch.tab.wait_for_selector("#search-results a", timeout=60_000)
                assert link is not None and link.get_attribute("href") == module
                watch.visit(f"{arizona.url}/az/search/")
                watch.tab.fill("#search-input", "canvass", timeout=30_000)
                watch.tab.wait_for_selector("#search-results a", timeout=60_000)
                watch.visit(f"{arizona.url}/az/")
                watch.collect()
            finally:
                watch.launched.close()
    finally:
        wisconsin.httpd.shutdown()
        arizona.httpd.shutdown()
    assert watch.refused == []
    assert [e for e in watch.errors if "Content Security Policy" in e] == []


def test_the_policy_refuses_any_other_script_or_style(
    sites: dict[str, Site], demo_public: Path
) -> None:
    """The check above can fail: a page's own policy (its <meta> tag alone) refuses an
    inline script, a style attribute and a script from another site."""
    sync_api = pytest.importorskip("playwright.sync_api")
    site = sites["wisconsin"]
    page = (demo_public / "wisconsin/about/index.html").read_text()
    planted = ('<script>document.title = "ran";</script><p style="color: red">Red</p>'
               '<script src="http://127.0.0.2:9/tracker.js"></script>')  # fmt: skip
    site.harness = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + planted, page, count=1).encode()
    with sync_api.sync_playwright() as playwright:
        watch = PolicyWatch(playwright, chromium())
        try:
            watch.visit(f"{site.url}/__finder.html")
            watch.tab.wait_for_load_state("load")
            watch.collect()
            title = watch.tab.title()
        finally:
            watch.launched.close()
    refused = {line.split()[0] for line in watch.refused}
    assert {"script-src-elem", "style-src-attr"} <= refused, watch.refused
    assert any("127.0.0.2" in line for line in watch.refused)
    assert title != "ran"
