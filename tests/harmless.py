"""What a built page may run: the theme's own script files, JSON-LD data and the search bundle.

:func:`unsafe_parts` reads every HTML file of a built site and lists anything
else that could run code or take the reader elsewhere: any other script, an
event-handler attribute, a ``javascript:``/``vbscript:``/``data:`` URL, a
frame that is not sandboxed or not from an allowed host, an object, embed or
base element, a refresh to another site.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"}
BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data):")
FORBIDDEN_TAGS = {"object", "embed", "base", "applet", "frame", "frameset", "portal"}
ASSET_SCRIPT = re.compile(r"^/(?:[a-z0-9-]+/)*(static|pagefind)/([\w./-]+\.js)$")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []  # (attributes, inline text)
        self._script: dict[str, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append((tag, values))
        if tag == "script":
            self._script, self._text = values, []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None


def _scheme_of(url: str) -> str:
    """What a browser reads as the scheme: without spaces and control characters, lowercase."""
    return re.sub(r"[\x00-\x20]", "", url).lower()


def unsafe_parts(public: Path, frame_hosts: tuple[str, ...] = ()) -> list[str]:
    """Everything on the site's pages that is not allowed to run, load or redirect."""
    found: list[str] = []
    for page in sorted(public.rglob("*.html")):
        shown = page.relative_to(public).as_posix()
        state = public / shown.split("/", 1)[0] if "/" in shown else public
        text = page.read_text(encoding="utf-8")
        found += [f"{shown}: {part}" for part in unsafe_in(text, state, frame_hosts)]
    return found


def unsafe_in(
    html: str, assets: Path | None = None, frame_hosts: tuple[str, ...] = ()
) -> list[str]:
    """What in ``html`` may not be on a page; script files must be in ``assets``' static/ or
    pagefind/ folders (with no ``assets``, none may be)."""
    found: list[str] = []
    parser = _Page()
    parser.feed(html)
    parser.close()
    for attrs, text in parser.scripts:
        if attrs.get("type") == "application/ld+json" and "src" not in attrs:
            try:
                json.loads(text)  # data, not code
                continue
            except ValueError:
                pass
        match = ASSET_SCRIPT.match(attrs.get("src", ""))
        known = match and assets is not None and (assets / match[1] / match[2]).is_file()
        if not (known and not text.strip()):
            found.append(f"a script that is not the theme's or the search's: {attrs}")
    for tag, attrs in parser.tags:
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag}> has an event handler {name}")
            urls = (
                [p.strip().split(" ")[0] for p in value.split(",")] if name == "srcset" else [value]
            )
            if name in URL_ATTRIBUTES and any(BAD_SCHEME.match(_scheme_of(u)) for u in urls):
                found.append(f"<{tag} {name}={value!r}>")
        if tag in FORBIDDEN_TAGS or "srcdoc" in attrs:
            found.append(f"<{tag}> {attrs}")
        if tag == "iframe":
            host = urlsplit(attrs.get("src", "")).hostname
            if host not in frame_hosts or not attrs.get("sandbox"):
                found.append(f"a frame that is not allowed: {attrs}")
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            target = attrs.get("content", "").partition("url=")[2]
            if not target.startswith("/") or target.startswith("//"):
                found.append(f"a refresh to another site: {target}")
    return found
