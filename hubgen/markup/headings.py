"""The sections of a rendered body: its ``h2`` headings, with the ids Markdown gave them.

Python-Markdown's toc extension names every heading (hubgen.markup.markdown): its text
in lower case, accents folded, punctuation dropped, spaces as hyphens, which for plain
headings is the anchor GitHub gives them (``#at-the-door-step-by-step``).
"""

from __future__ import annotations

import html
import re

# an h2 the Markdown converter wrote: its id and its inner HTML
H2 = re.compile(r'<h2 id="([^"]+)">(.*?)</h2>', re.S)
TAG = re.compile(r"<[^>]+>")


def sections(body: str) -> list[tuple[str, str]]:
    """The (id, text) of each ``h2`` of a rendered body, in order; the text is plain."""
    found = H2.findall(body)
    return [(anchor, html.unescape(TAG.sub("", inner)).strip()) for anchor, inner in found]
