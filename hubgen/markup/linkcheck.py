"""Check the links editors write in Markdown against the pages a build made.

A root-relative link (``/training/phone-banking/#before-you-call``) must name
a page or static file of the same state's site, and its anchor must exist on
that page. A relative link (``../about/``, ``#agenda``) is read from its document's own
page (:mod:`hubgen.markup.addresses`) and checked the same way; one that climbs above the
site's root is an error too. Broken links are errors with the file and line they were
written on.
Images must be in an images/ folder, or on a site in ``image_hosts``: the
page's own security policy blocks any other. Leftovers of other tools
(:mod:`hubgen.markup.leftovers`) are told here too. Each is reported in the file it
was written in: a translation's at the translation's own line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from hubgen.content.config import SiteConfig
from hubgen.content.discovery import NATIONAL
from hubgen.content.documents import Document
from hubgen.content.images import ImageInfo
from hubgen.content.linking import StateSite, doc_url
from hubgen.core.errors import Problem
from hubgen.markup.addresses import is_relative, site_address
from hubgen.markup.leftoverhints import images_folder, picture_name, problems_of, shortened
from hubgen.markup.leftovers import Leftover
from hubgen.markup.sanitize import Embed, embed_allowed

Key = tuple[str, str]


def shown_document(site: StateSite, key: Key, lang: str = "") -> Document:
    """The file a body shown in ``lang`` was written in: the translation when there is
    one, else the original (shown untranslated)."""
    if lang and lang != site.config.languages[0]:
        translated = site.translations.get((*key, lang))
        if translated is not None:
            return translated
    return site.documents.get(key) or site.held[key]


def national_files(site: StateSite) -> frozenset[str]:
    """The national files a state's site shows (originals and translations): a problem
    in one is the file's, told once however many states show it."""
    docs = [*site.documents.values(), *site.translations.values()]
    return frozenset(doc.source.shown for doc in docs if doc.source.state == NATIONAL)


# what one body shown on a page wrote: its document, root-relative links, images, frames and
# leftovers of other tools (hubgen.build.incremental.PageRecord.links holds them)
Written = tuple[Key, tuple[str, ...], tuple[tuple[str, str], ...], tuple[Embed, ...],
                tuple[Leftover, ...]]  # fmt: skip


def check_written(
    site: StateSite,
    lang: str,
    written: Iterable[Written],
    ids: Mapping[str, frozenset[str]],
    statics: list[Path],
    prefix: str,
    images: Mapping[str, ImageInfo],
    program: SiteConfig,
) -> list[Problem]:
    """Everything the bodies shown in one language of a state's site wrote, checked against
    the pages and files built and the program's settings (``prefix``: where the language's
    pages start, '/' or '/es/')."""
    links: dict[Key, tuple[str, ...]] = {}
    pictures: dict[Key, tuple[tuple[str, str], ...]] = {}
    embeds: dict[Key, tuple[Embed, ...]] = {}
    leftovers: dict[Key, tuple[Leftover, ...]] = {}
    for key, linked, used, framed, left in written:
        links[key], pictures[key], embeds[key], leftovers[key] = linked, used, framed, left
    reported = broken_addresses(leftovers)
    return [
        *check_leftovers(site, leftovers, lang),
        *check_links(site, links, ids, statics, prefix, lang, reported),
        *check_pictures(site, pictures, images, program.image_hosts, lang, reported),
        *check_embeds(site, embeds, program.iframe_hosts, lang),
    ]


def check_leftovers(
    site: StateSite, leftovers: Mapping[Key, tuple[Leftover, ...]], lang: str = ""
) -> list[Problem]:
    """Other tools' code shown as text (warnings), addresses that cannot work (errors)."""
    problems = []
    for key, found in leftovers.items():
        if found:
            problems += problems_of(shown_document(site, key, lang), found)
    return problems


def broken_addresses(leftovers: Mapping[Key, tuple[Leftover, ...]]) -> dict[Key, set[str]]:
    """The addresses already reported as broken (template code, a space), by document:
    the link and image checks say nothing more about them."""
    return {key: {f.written for f in found if f.kind.startswith("address-")}
            for key, found in leftovers.items()}  # fmt: skip


def check_links(
    site: StateSite,
    links: Mapping[Key, tuple[str, ...]],
    ids: Mapping[str, frozenset[str]],
    statics: list[Path],
    prefix: str = "/",
    lang: str = "",
    reported: Mapping[Key, set[str]] | None = None,
) -> list[Problem]:
    """``prefix`` is where the checked pages' language starts: '/' or '/es/'. Relative
    links are read from their document's own page (:mod:`hubgen.markup.addresses`)."""
    problems = []
    for key, written in links.items():
        doc = shown_document(site, key, lang)
        page = doc_url(*key)
        skip = (reported or {}).get(key, set())
        for link in written:
            if link in skip:
                continue
            address = site_address(page, link)
            if address is None:
                message = f"link to {link}: it climbs above the root of the {site.config.key} site"
                hint = _relative_hint(link, page)
                problems.append(Problem(doc.source.shown, _address_line(doc, link), message, hint))
                continue
            message = _broken(_shown(link, address), address, ids, statics, site.config.key,
                              prefix)  # fmt: skip
            if message:
                hint = _link_hint(link, address, page, ids, prefix)
                problems.append(Problem(doc.source.shown, _address_line(doc, link), message, hint))
            elif _past_event(site, address) and key[0] != "event":
                hint = "point to an upcoming event, or to /events/ for the list"
                message = f"link to {_shown(link, address)}: that event is over"
                problems.append(Problem(doc.source.shown, _address_line(doc, link), message, hint,
                                        "warning"))  # fmt: skip
    return problems


def _shown(written: str, address: str) -> str:
    """A link in a message: as written, with what it names when it was relative."""
    return written if written == address or written.startswith("#") else f"{written} ({address})"


ROOT_HINT = "links start at the state site's root, like /training/phone-banking/"
DOMAIN = re.compile(r"(?:www\.|(?:[a-z0-9-]+\.)+[a-z]{2,}/)", re.I)  # 'bit.ly/x', 'www.example.org'


def _link_hint(
    link: str, address: str, page: str, ids: Mapping[str, frozenset[str]], prefix: str
) -> str:
    """What to write instead of a link that names nothing."""
    if link.startswith("#"):
        return "link to a heading of this page: '## Before you call' is #before-you-call"
    path, _, fragment = address.partition("#")
    named = path.removesuffix(".md").removesuffix("/index") + "/"
    if path.endswith(".md") and prefix + named.lstrip("/") in ids:
        return f"link to the page, not its file: {named}" + (f"#{fragment}" if fragment else "")
    if not is_relative(link):
        return ROOT_HINT
    if DOMAIN.match(link):
        return f"for a page of another site, write its whole address: https://{link}"
    return _relative_hint(link, page)


def _relative_hint(link: str, page: str) -> str:
    return (f"{link} is read from this page's address, {page}: write the address from the state "
            "site's root, like /training/phone-banking/")  # fmt: skip


def _past_event(site: StateSite, link: str) -> bool:
    parts = link.split("#")[0].strip("/").split("/")
    if len(parts) != 2 or parts[0] != "events":
        return False
    event = site.get("event", parts[1])
    return event is not None and event.meta["end"] <= site.now


def _broken(
    link: str,
    address: str,
    ids: Mapping[str, frozenset[str]],
    statics: list[Path],
    key: str,
    prefix: str,
) -> str:
    """What is wrong with a link (``link``: as shown, ``address``: what it names), or ''."""
    path, _, fragment = address.partition("#")
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
    pictures: Mapping[Key, tuple[tuple[str, str], ...]],
    images: Mapping[str, ImageInfo],
    hosts: tuple[str, ...] = (),
    lang: str = "",
    reported: Mapping[Key, set[str]] | None = None,
) -> list[Problem]:
    """Every image must exist in an images/ folder, or be on a site in ``hosts``
    (``image_hosts``), and say what it shows."""
    problems = []
    for key, used in pictures.items():
        doc = shown_document(site, key, lang)
        page = doc_url(*key)
        skip = (reported or {}).get(key, set())
        for src, alt in used:
            if src in skip:
                continue
            line = _address_line(doc, src)
            address = site_address(page, src) or src
            name = address.removeprefix("/images/")
            if not address.startswith("/") or address.startswith("//"):
                # from another site (hubgen.markup.markdown.outside_pictures)
                refused = _outside(doc, src, line or _picture_line(doc, src), hosts)
                problems += [refused] if refused else []
            elif name not in images:  # or not in an images/ folder at all
                message = f"image {_shown(src, address)} does not exist"
                problems.append(Problem(doc.source.shown, line, message, _put(doc, src, name)))
            if not alt:
                hint = "describe what the image shows: ![Volunteers at the Eau Claire office](...)"
                problems.append(
                    Problem(doc.source.shown, line, f"image {src} has no alt text", hint)
                )
    return problems


def _put(doc: Document, src: str, name: str) -> str:
    """Where a picture that is not there goes (``name``: its name in images/, or its whole
    address when it is not in an images/ folder)."""
    if not name.startswith("/"):
        return "put the file in content/images/ or content/<state>/images/"
    name = picture_name(src)
    return f"save the picture as {images_folder(doc)}{name} and write /images/{name}"


def _picture_line(doc: Document, src: str) -> int:
    """The line of an image whose address is not written as the HTML has it (with
    entities, backslashes...): its site's name, else the first image there, else the
    text's first line."""
    for text in (escape(src), _host(src), "<img", "<source", "!["):
        line = _line_of(doc, text) if text else None
        if line is not None:
            return line
    return doc.body_line


def _host(src: str) -> str:
    """The site an address is on ('' for none, or an address that cannot be read)."""
    try:
        return urlsplit(src.strip()).hostname or ""
    except ValueError:
        return ""


def _outside(doc: Document, src: str, line: int | None, hosts: tuple[str, ...]) -> Problem | None:
    """An image from another site: refused unless an https address on a site of
    ``image_hosts``, the only ones the page's security policy lets it load."""
    if embed_allowed(src, frozenset(hosts)):
        return None
    host = _host(src)
    name = picture_name(src)
    save = (f"save the picture as {images_folder(doc)}{name} and write /images/{name} "
            "(hubgen then serves it resized)")  # fmt: skip
    shown = shortened(src, 80)
    if host and host in hosts:
        message = (f"image {shown} is not loaded over a secure connection: the page's security "
                   "policy blocks it, so readers would see nothing")  # fmt: skip
        return Problem(doc.source.shown, line, message, f"write it with https://, or {save}")
    message = (f"image {shown} comes from another site: the page's security policy blocks it, "
               "so readers would see nothing")  # fmt: skip
    listed = ", ".join(hosts) or "none"
    allow = (f"if {host} may show pictures on your pages, add it to image_hosts in "
             f"content/site.yaml (now: {listed})" if host else "")  # fmt: skip
    return Problem(doc.source.shown, line, message, f"{save}; or, {allow}" if allow else save)


def check_embeds(
    site: StateSite,
    embeds: Mapping[Key, tuple[Embed, ...]],
    hosts: tuple[str, ...],
    lang: str = "",
) -> list[Problem]:
    """Every frame must load an https page from a host in iframe_hosts, and have a title."""
    problems = []
    allowed = frozenset(hosts)
    for key, framed in embeds.items():
        doc = shown_document(site, key, lang)
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


def _address_line(doc: Document, address: str) -> int | None:
    """The line an address is written on: as a Markdown link's, image's or reference's
    address where it is one, else the first line that has it."""
    for text in (f"]({address}", f"]: {address}", f"<{address}>", address):
        line = _line_of(doc, text)
        if line is not None:
            return line
    return None


def _line_of(doc: Document, text: str) -> int | None:
    lines = doc.body.splitlines()
    return next((doc.body_line + i for i, line in enumerate(lines) if text in line), None)
