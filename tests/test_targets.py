"""Targets a thumb can hit: every link, button, summary and field that stands alone is at
least 44 x 44 CSS px on a phone (320 and 375 px wide), in both languages, on a page of
every kind.

A target is checked when it is shown (it has a box, is not hidden, is not above the page
like the skip link before it has focus) and is not disabled (the ticked boxes of a task
list are only a picture). It passes when its box is at least 44 px high and 44 px wide.
Otherwise it passes only when it is **inline in a sentence**: in its nearest block (the
nearest parent that is not laid out inline), the text right before and right after it,
up to the next target or line break on either side, holds at least three words of two
letters or more. So a link in a paragraph passes, while these stand alone and must be
44 px: a link alone in its block ("See all upcoming events"), a link with only a label
ending in a colon before it ("Add to your calendar: Google · Outlook"), links separated
only by commas or middots, a link on a line of its own ("Open in OpenStreetMap" under an
address), and a link with a short note beside it ("Training · Module 2").
As WCAG 2.5.8 allows, a small link also passes when a target that passes leads to the
same address on the page (the counties and office dots of the map: the lists below it
are the way there for a thumb or a keyboard).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browsing import Site, each_page
from tests.test_accessibility import browser, page_kinds  # noqa: F401 (browser: a fixture)

SIZE = 44
WIDTHS = (320, 375)
TARGETS = "a[href], button, summary, input, select, textarea"

# the targets of a page that are too small and not inline in a sentence, described
SMALL = """([selector, size]) => {
  const shown = (el) =>
    el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const block = (el) => {
    let found = el.parentElement;
    while (found.parentElement && /^inline|^contents$/.test(getComputedStyle(found).display)) {
      found = found.parentElement;
    }
    return found;
  };
  const words = (text) => (text.match(/\\p{L}{2,}/gu) || []).length;
  const inline = (el) => {
    const parent = block(el);
    const walker = document.createTreeWalker(parent, NodeFilter.SHOW_ALL);
    let before = "", after = "", seen = false;
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const broken = node.nodeName === "BR";  // a line break ends a sentence too
      if (node.nodeType !== Node.TEXT_NODE && !broken) { continue; }
      if (!shown(broken ? node : node.parentElement)) { continue; }
      const owner = broken ? parent : node.parentElement.closest(selector);
      if (owner === el) { seen = true; continue; }
      if (broken || (owner && parent.contains(owner))) {
        if (seen) { break; }
        before = "";
        continue;
      }
      if (seen) { after += node.data; } else { before += node.data; }
    }
    if (/:\\s*$/.test(before)) { before = ""; }  // a label before a list of links
    return words(before) + words(after) >= 3;
  };
  // where a link leads (an SVG link's href is not a string), or "" for other targets
  const link = (el) =>
    el.hasAttribute("href") ? new URL(el.getAttribute("href"), location.href).href : "";
  const small = [];
  const passing = new Set();
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled || el.type === "hidden" || !shown(el)) { continue; }
    const box = el.getBoundingClientRect();
    if (box.bottom + window.scrollY <= 0) { continue; }
    if ((box.width >= size && box.height >= size) || inline(el)) {
      passing.add(link(el));
      continue;
    }
    const name = (el.textContent || el.value || el.getAttribute("aria-label") || "").trim();
    const shape = `${Math.round(box.width)}x${Math.round(box.height)}`;
    small.push([link(el), `${el.tagName.toLowerCase()} "${name.slice(0, 40)}" ${shape}`]);
  }
  return small.filter(([to]) => !to || !passing.has(to)).map(([, text]) => text);
}"""


@pytest.mark.parametrize("state", ["wisconsin", "arizona"])
def test_every_standalone_target_is_44_px(
    browser: Any,  # noqa: F811
    sites: dict[str, Site],
    demo_public: Path,
    state: str,
) -> None:
    found = {}
    for name, page in each_page(browser, sites[state], page_kinds(demo_public / state), WIDTHS):
        small = page.evaluate(SMALL, [TARGETS, SIZE])
        if small:
            found[name] = small
    assert found == {}, "\n".join(f"{page}: {small}" for page, small in found.items())


def test_a_small_standalone_link_is_found(browser: Any, sites: dict[str, Site]) -> None:  # noqa: F811
    """The check above can fail: a lone link is small, the same link in a sentence is not."""
    site = sites["wisconsin"]
    site.harness = (
        b'<!doctype html><html lang="en"><title>x</title><body style="font: 16px/1.5 sans-serif">'
        b'<p><a href="/events/">All events</a></p>'
        b'<p>Add it: <a href="/a">Google</a> \xc2\xb7 <a href="/b">Outlook</a></p>'
        b'<p>Write to <a href="/c">the team</a> for a ride.</p>'
        b'<p>12 Main Street, Springfield<br><a href="/d">Map</a></p></body></html>'
    )
    page = browser.new_page(viewport={"width": 320, "height": 800}, bypass_csp=True)
    page.goto(f"{site.url}/__finder.html")
    small = page.evaluate(SMALL, [TARGETS, SIZE])
    page.close()
    assert [entry.split('"')[1] for entry in small] == ["All events", "Google", "Outlook", "Map"]
