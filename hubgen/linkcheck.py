"""Check the links editors write in Markdown against the pages a build made.

A root-relative link (``/training/phone-banking/#before-you-call``) must name
a page or static file of the same state's site, and its anchor must exist on
that page. Broken links are errors with the file and line they were written on.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from hubgen.content import Document
from hubgen.errors import Problem
from hubgen.images import ImageInfo
from hubgen.sanitize import Embed, embed_allowed
from hubgen.site import StateSite


def check_links(
    site: StateSite,
    links: Mapping[tuple[str, str], tuple[str, ...]],
    ids: Mapping[str, frozenset[str]],
    statics: list[Path],
    prefix: str = "/",
) -> list[Problem]:
    """``prefix`` is where the checked pages' language starts: '/' or '/es/'."""
    problems = []
    for key, written in links.items():
        doc = site.documents[key]
        for link in written:
            message = _broken(link, ids, statics, site.config.key, prefix)
            if message:
                line = _line_of(doc, link)
                hint = "links start at the state site's root, like /training/phone-banking/"
                problems.append(Problem(doc.source.shown, line, message, hint))
            elif _past_event(site, link) and key[0] != "event":
                hint = "point to an upcoming event, or to /events/ for the list"
                message = f"link to {link}: that event is over"
                problems.append(Problem(doc.source.shown, _line_of(doc, link), message, hint,
                                        "warning"))  # fmt: skip
    return problems


def _past_event(site: StateSite, link: str) -> bool:
    parts = link.split("#")[0].strip("/").split("/")
    if len(parts) != 2 or parts[0] != "events":
        return False
    event = site.get("event", parts[1])
    return event is not None and event.meta["end"] <= site.now


def _broken(
    link: str, ids: Mapping[str, frozenset[str]], statics: list[Path], key: str, prefix: str
) -> str:
    path, _, fragment = link.partition("#")
    path = path.split("?", 1)[0]
    if path.startswith("/static/"):
        relative = path[len("/static/") :]
        if any((folder / relative).is_file() for folder in statics):
            return ""
        return f"link to {link}: no such static file"
    url = prefix + (path if path.endswith("/") else path + "/").lstrip("/")
    if url not in ids:
        return f"link to {link}: no such page in the {key} site"
    if fragment and fragment not in ids[url]:
        return f"link to {link}: the page has no section '#{fragment}'"
    return ""


def check_pictures(
    site: StateSite,
    pictures: Mapping[tuple[str, str], tuple[tuple[str, str], ...]],
    images: Mapping[str, ImageInfo],
) -> list[Problem]:
    """Every image must exist in an images/ folder and say what it shows."""
    problems = []
    for key, used in pictures.items():
        doc = site.documents[key]
        for src, alt in used:
            line = _line_of(doc, src)
            name = src.removeprefix("/images/")
            if name not in images:
                hint = "put the file in content/images/ or content/<state>/images/"
                message = f"image {src} does not exist"
                problems.append(Problem(doc.source.shown, line, message, hint))
            if not alt:
                hint = "describe what the image shows: ![Volunteers at the Eau Claire office](...)"
                problems.append(
                    Problem(doc.source.shown, line, f"image {src} has no alt text", hint)
                )
    return problems


def check_embeds(
    site: StateSite,
    embeds: Mapping[tuple[str, str], tuple[Embed, ...]],
    hosts: tuple[str, ...],
) -> list[Problem]:
    """Every frame must load an https page from a host in iframe_hosts, and have a title."""
    problems = []
    allowed = frozenset(hosts)
    for key, framed in embeds.items():
        doc = site.documents[key]
        for embed in framed:
            line = _line_of(doc, embed.src) if embed.src else None
            line = line or _line_of(doc, "<iframe")
            if not embed_allowed(embed.src, allowed):
                problems.append(Problem(doc.source.shown, line, _refused(embed.src), (
                    "add the host to iframe_hosts in content/site.yaml if that site may be "
                    f"embedded (now: {', '.join(hosts) or 'none'}), or link to the page instead"
                )))  # fmt: skip
            elif not embed.title:
                hint = 'say what it shows: <iframe title="Phone bank training video" ...>'
                problems.append(Problem(doc.source.shown, line, "an <iframe> has no title", hint))
    return problems


def _refused(src: str) -> str:
    try:
        parts = urlsplit(src.strip())
    except ValueError:
        parts = urlsplit("")
    if parts.scheme.lower() != "https" or not parts.hostname:
        return "an <iframe> needs a src that starts with https://"
    return f"an <iframe> from {parts.hostname}, which is not in iframe_hosts"


def _line_of(doc: Document, text: str) -> int | None:
    lines = doc.body.splitlines()
    return next((doc.body_line + i for i, line in enumerate(lines) if text in line), None)
