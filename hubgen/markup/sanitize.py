"""The allow-list every Markdown body's HTML goes through before it reaches a page.

nh3 (the Ammonia sanitizer) keeps only the tags and attributes listed here and
only http, https, mailto and tel URLs, whatever their case, entities or
spaces: no script (SVG and MathML included), no event handlers, no style, no
forms, objects, meta refresh or base. ``srcset`` is checked here, as nh3 does
not read URLs in it.

The one form control kept is a checkbox, for task lists (``- [ ] Bring
water``, or the same written in HTML): it is always made ``disabled``, since a
box a volunteer can tick on a static page saves nothing and would mislead. An
``<input>`` of any other type is removed: a text or password field invites
typing into a page that sends nowhere, an image input loads from another site,
a button looks like it does something. Classes are kept only where the
Markdown makes them: ``task`` items, code's language, the footnotes' own.
``div``, ``aside`` and ``label`` (GitHub-style HTML blocks, task lists) keep
only the attributes every tag may have (``id``, ``title``, ``lang``, ``dir``).

Embedded frames (video, maps, forms) load another site into the page, so they
are refused unless their ``src`` is an ``https://`` address on one of the hosts
in ``iframe_hosts`` (site.yaml). A kept frame gets a fixed set of attributes:
``sandbox`` (no top-level navigation, no downloads), ``loading="lazy"`` and a
referrer policy; its fallback content is dropped. Every frame the HTML had is
reported (:attr:`Cleaned.embeds`) so the build can say which one was refused
and why, on its line; a refused frame is removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = frozenset(
    {"picture", "source", "a", "abbr", "aside", "blockquote", "br", "code", "dd", "del",
     "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
     "h6", "hr", "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p", "pre", "s",
     "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
     "thead", "tr", "ul"}
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"id", "title", "lang", "dir"},
    "img": {"src", "alt", "width", "height", "loading", "srcset", "sizes", "decoding"},
    "source": {"type", "srcset", "sizes"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start", "type"},
    "code": {"class"},
    "li": {"class"},
    "input": {"type", "checked", "disabled"},
    "div": {"class"},
    "a": {"href", "class"},
}
# the only classes kept on these tags (others are dropped): task items, the footnotes'
ALLOWED_CLASSES = {
    "li": {"task"},
    "div": {"footnote"},
    "a": {"footnote-ref", "footnote-backref"},
}
FORCED_ATTRIBUTES = {"input": {"disabled": ""}}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
EMBED_ATTRIBUTES = {"src", "width", "height", "allowfullscreen"}  # and "*"'s: title...
EMBED_SET = {
    "sandbox": "allow-scripts allow-same-origin allow-popups allow-forms allow-presentation",
    "loading": "lazy",
    "referrerpolicy": "strict-origin-when-cross-origin",
}
SRCSET_URL = re.compile(r"^(?:/|https?://)[^\s,]*$")
# nh3's output quotes every attribute value with '"' (a '"' inside is &quot;), so a start tag
# is matched exactly; a frame's content is raw text that ends at the first '</iframe>'
FRAME_CONTENT = re.compile(r'(<iframe(?:\s+[^\s"\'=>/]+(?:="[^"]*")?)*\s*>).*?</iframe>', re.S)
INPUT_TAG = re.compile(r'<input((?:\s+[^\s"\'=>/]+(?:="[^"]*")?)*)\s*/?>', re.IGNORECASE)


@dataclass(frozen=True)
class Embed:
    """A frame as written: where it loads from, and its title (for screen readers)."""

    src: str
    title: str


@dataclass(frozen=True)
class Cleaned:
    html: str
    embeds: tuple[Embed, ...] = ()


def embed_allowed(src: str, hosts: frozenset[str]) -> bool:
    """An https address on one of ``hosts``, without a user name or password."""
    try:
        parts = urlsplit(src.strip())
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    return parts.scheme.lower() == "https" and host in hosts and "@" not in parts.netloc


class Sanitizer:
    """The allow-list, with frames from ``embed_hosts`` allowed."""

    def __init__(self, embed_hosts: tuple[str, ...] = ()) -> None:
        self.hosts = frozenset(host.lower() for host in embed_hosts)
        self.tags = set(ALLOWED_TAGS | ({"iframe"} if self.hosts else set()))
        self.attributes = {**ALLOWED_ATTRIBUTES}
        if self.hosts:
            self.attributes["iframe"] = EMBED_ATTRIBUTES
        self.forced = {**FORCED_ATTRIBUTES, **({"iframe": EMBED_SET} if self.hosts else {})}

    def _filter(self, element: str, attribute: str, value: str) -> str | None:
        if attribute == "srcset":  # URLs nh3 does not check itself: site and web ones only
            urls = [part.strip().split(" ")[0] for part in value.split(",")]
            return value if all(SRCSET_URL.match(url) for url in urls) else None
        if element == "iframe" and attribute == "src":
            return value if embed_allowed(value, self.hosts) else None
        if element == "input" and attribute == "type":
            return "checkbox" if value.strip().lower() == "checkbox" else None
        if attribute == "class" and element in ALLOWED_CLASSES:
            kept = [name for name in value.split() if name in ALLOWED_CLASSES[element]]
            return " ".join(kept) or None
        return value

    def clean(self, html: str) -> Cleaned:
        embeds = _frames(html) if "<iframe" in html.lower() else ()
        out = nh3.clean(
            html,
            tags=self.tags,
            attributes=self.attributes,
            url_schemes=set(URL_SCHEMES),
            link_rel=None,
            strip_comments=True,
            attribute_filter=self._filter,
            set_tag_attribute_values=self.forced,
        )
        if embeds and self.hosts:
            out = FRAME_CONTENT.sub(_kept_frame, out)
        if "<input" in out:
            out = INPUT_TAG.sub(_kept_input, out)
        return Cleaned(out, embeds)


def _kept_frame(match: re.Match[str]) -> str:
    """A frame without its fallback content; nothing at all for one whose src was refused."""
    start = match.group(1)
    return start + "</iframe>" if ' src="' in start else ""


def _kept_input(match: re.Match[str]) -> str:
    """A checkbox as it is (disabled by then); nothing for an input of any other type."""
    return match.group(0) if ' type="checkbox"' in match.group(1) else ""


class _FrameFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Embed] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "iframe":
            values = {name: value or "" for name, value in attrs}
            self.found.append(Embed(values.get("src", ""), values.get("title", "").strip()))


def _frames(html: str) -> tuple[Embed, ...]:
    """The frames in HTML, for telling what was refused (nh3 decides what is kept)."""
    finder = _FrameFinder()
    finder.feed(html)
    finder.close()
    return tuple(finder.found)
