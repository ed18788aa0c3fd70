"""Markdown as editors write it: one configured converter, sanitized output.

Python-Markdown wants nested lists indented by four spaces and a blank line
before a list; editors type lists the way GitHub shows them (content under an
item's text, two to four spaces, no blank line). :class:`ListIndent` rewrites
lists, block quotes and fenced code by GitHub's rules into Python-Markdown's
form before parsing (:mod:`hubgen.markup.gfmlists`). Links that start with '/' are
made to start at the state site's base path, and so are relative ones, read from the
document's own page. The HTML is then cleaned by an
allow-list sanitizer, so script, event-handler attributes and ``javascript:``
URLs never reach a page (:mod:`hubgen.markup.sanitize`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html import unescape
from typing import ClassVar
from xml.etree.ElementTree import Element, SubElement

import markdown as md
from markdown import util
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from hubgen.content.images import ImageInfo
from hubgen.markup import fastblocks, fastmarkdown
from hubgen.markup.addresses import as_read, is_relative, resolve
from hubgen.markup.gfm import GithubMarkdown
from hubgen.markup.gfmlists import reindent_lists
from hubgen.markup.sanitize import Embed, Sanitizer

IMAGES = "/images/"
STATIC = "/static/"


class ListIndent(Preprocessor):
    """GitHub's lists and quotes in Python-Markdown's four-space form; fenced code goes to
    the HTML stash whole. Runs after whitespace normalization (tabs are spaces by then)."""

    def run(self, lines: list[str]) -> list[str]:
        return reindent_lists(lines, self.md.htmlStash.store)


@dataclass
class LinkState:
    """Set before each conversion: where links start, the images there are; what was seen."""

    base_path: str = "/"
    asset_path: str = "/"  # where shared files start (no language prefix)
    statics: str = "static/"  # where the theme's static files are, under asset_path
    images: Mapping[str, ImageInfo] = field(default_factory=dict)
    page: str | None = None  # the document's own page ('/communities/wausau/'), if known
    links: list[str] = field(default_factory=list)
    pictures: list[tuple[str, str]] = field(default_factory=list)  # (src as written, alt)


class SiteLinks(Treeprocessor):
    """Prefix links in the site with the base path; remember them for checking.

    Root-relative links ('/about/') start at the language's pages; relative ones
    ('../about/', 'img/map.png') are first read from the document's own page
    (:mod:`hubgen.markup.addresses`), when it is known, and written as what they name, so
    they work wherever the body is shown and whatever the base path. A section of the page
    ('#agenda') stays as written, and is remembered too."""

    FOOTNOTES: ClassVar[frozenset[str]] = frozenset({"footnote-ref", "footnote-backref"})

    def __init__(self, md_instance: md.Markdown, state: LinkState) -> None:
        super().__init__(md_instance)
        self.state = state

    def run(self, root: Element) -> None:
        parents: dict[Element, Element] = {}  # built at the first picture, before any change

        def parent_map() -> dict[Element, Element]:
            if not parents:
                parents.update({child: parent for parent in root.iter() for child in parent})
            return parents

        for element in list(root.iter()):
            self.visit(element, parent_map)

    def visit(self, element: Element, parents: Callable[[], dict[Element, Element]]) -> None:
        """One element: an image of the site becomes a <picture>; a link is remembered and
        written from the base path."""
        attr = "href" if element.tag == "a" else "src" if element.tag == "img" else None
        value = element.get(attr) if attr else None
        if not attr or not value:
            return
        if not value.startswith("/"):  # read as a browser would, entities and all
            value = as_read(value.replace(util.AMP_SUBSTITUTE, "&"))
        address = self.address(value, element)
        if address is None:
            return
        if element.tag == "img" and address.startswith(IMAGES):
            self.picture(element, parents()[element], value, address)
            return
        if element.tag == "img" and address.startswith("/") and not address.startswith(STATIC):
            # not in images/: checked as a picture, which says where to put the file
            self.state.pictures.append((value, (element.get("alt") or "").strip()))
        else:
            self.state.links.append(value)
        if not address or address.startswith("#"):  # above the root (an error), or this page
            return
        if address.startswith(STATIC):  # a theme file, shared by every language
            target = self.state.asset_path + self.state.statics + address[len(STATIC) :]
        else:
            target = self.state.base_path + address.lstrip("/")
        element.set(attr, target)

    def address(self, value: str, element: Element) -> str | None:
        """What a link names in the site: '/about/', '#agenda' for a section of the page,
        '' for a relative link that climbs above the root; None for an address elsewhere,
        the footnotes' own links, and relative ones when the page is not known."""
        if value.startswith("/"):
            return None if value.startswith("//") else value
        page = self.state.page
        if page is None or element.get("class") in self.FOOTNOTES or not is_relative(value):
            return None
        return value if value.startswith("#") else resolve(page, value) or ""

    def picture(self, img: Element, parent: Element, src: str, address: str) -> None:
        """<img src="/images/x.jpg"> becomes a <picture> of WebP and JPEG widths (``src``:
        as written, ``address``: what it names, '/images/x.jpg')."""
        alt = (img.get("alt") or "").strip()
        self.state.pictures.append((src, alt))
        info = self.state.images.get(address[len(IMAGES) :])
        if info is None:
            return
        base = self.state.asset_path
        sizes = "(max-width: 46rem) 100vw, 46rem"
        picture = Element("picture")
        SubElement(
            picture, "source", type="image/webp", srcset=info.srcset(base, "webp"), sizes=sizes
        )
        widest = info.widths[-1]
        SubElement(picture, "img", src=base + info.file(min(960, widest), info.fallback),
                   srcset=info.srcset(base, info.fallback), sizes=sizes, alt=alt,
                   width=str(widest), height=str(info.height_at(widest)), loading="lazy",
                   decoding="async")  # fmt: skip
        picture.tail = img.tail
        index = list(parent).index(img)
        parent.remove(img)
        parent.insert(index, picture)


IMAGE_TAG = re.compile(r"<(img|source)\s[^>]*>")
ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')  # as the sanitizer writes them: always in "
OUTSIDE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)


def outside_pictures(html: str) -> list[tuple[str, str]]:
    """Images the page would load from another site, Markdown's and raw HTML's alike, as
    (address, alt text): one for each site an <img> or <source> names in ``src`` or
    ``srcset``. The page's security policy blocks them unless the site is in image_hosts,
    so the checks need to see each one (:func:`hubgen.markup.linkcheck.check_pictures`).
    Read from the sanitized HTML: what was removed loads nothing."""
    if "//" not in html:
        return []
    found: list[tuple[str, str]] = []
    for tag in IMAGE_TAG.finditer(html):
        values = {name: unescape(value) for name, value in ATTRIBUTE.findall(tag.group(0))}
        addresses = [values.get("src", ""), *(part.split()[0] for part in
                     values.get("srcset", "").split(",") if part.split())]  # fmt: skip
        sites: dict[str, str] = {}  # the first address of each site
        for address in addresses:
            if OUTSIDE.match(address):
                sites.setdefault(_site_of(address), address)
        if not sites:
            continue
        alt = values.get("alt", "") if tag.group(1) == "img" else _next_alt(html, tag.end())
        found += [(address, alt.strip()) for address in sites.values()]
    return found


def _site_of(address: str) -> str:
    scheme, _, rest = address.strip().partition("//")
    return scheme.lower() + "//" + rest.split("/", 1)[0].lower()


def _next_alt(html: str, start: int) -> str:
    """The alt text of the <img> a <picture>'s <source> stands beside."""
    at = html.find("<img", start)
    img = IMAGE_TAG.match(html, at) if at >= 0 else None
    values = dict(ATTRIBUTE.findall(img.group(0))) if img else {}
    return unescape(values.get("alt", ""))


class TaskItems(Treeprocessor):
    """'- [ ] Bring water' is a checklist item, as on GitHub: a disabled checkbox, ticked for
    '[x]', inside a <label> with the item's text, which gives the box its accessible name.

    The label holds the text up to the item's first block (a nested list, the
    next paragraph); an item with nothing after its box stays as written (a box
    without a name is of no use to a screen reader).
    """

    MARKS: ClassVar[dict[str, bool]] = {"[ ]": False, "[x]": True, "[X]": True}

    def run(self, root: Element) -> None:
        for item in list(root.iter("li")):
            loose = len(item) and item[0].tag == "p" and not (item.text or "").strip()
            holder = item[0] if loose else item
            text = holder.text or ""
            checked = self.MARKS.get(text[:3])
            if checked is None or text[3:4] not in (" ", "\t"):
                continue
            inline = self.leading_inline(holder)
            rest = text[4:].lstrip(" \t")
            if not rest.strip() and not inline:
                continue
            holder.text = None
            holder.insert(0, self.label(checked, rest, inline, holder))
            item.set("class", "task")

    def leading_inline(self, holder: Element) -> list[Element]:
        """The holder's children before its first block-level one: the item's text."""
        inline = []
        for child in holder:
            if self.md.is_block_level(child.tag):
                break
            inline.append(child)
        return inline

    @staticmethod
    def label(checked: bool, text: str, inline: list[Element], holder: Element) -> Element:
        """<label><input type="checkbox" disabled [checked]> text...</label>, taking the
        inline children out of ``holder``."""
        label = Element("label")
        box = SubElement(label, "input", type="checkbox", disabled="disabled")
        if checked:
            box.set("checked", "checked")
        box.tail = " " + text
        label.extend(inline)
        del holder[: len(inline)]  # they lead the holder's children
        return label


class HubgenMarkdown(Extension):
    def __init__(self, state: LinkState) -> None:
        super().__init__()
        self.state = state
        self.github = GithubMarkdown()

    def extendMarkdown(self, md_instance: md.Markdown) -> None:
        md_instance.preprocessors.register(ListIndent(md_instance), "hubgen_lists", 28)
        md_instance.treeprocessors.register(SiteLinks(md_instance, self.state), "hubgen_links", 5)
        md_instance.treeprocessors.register(TaskItems(md_instance), "hubgen_tasks", 4)
        self.github.extendMarkdown(md_instance)  # GitHub's additions: hubgen.markup.gfm


@dataclass(frozen=True)
class Rendered:
    html: str
    # links in the site as written: root-relative, and relative ones and sections ('#x')
    # where the page was known (hubgen.markup.addresses)
    links: tuple[str, ...]
    # (/images/... or a relative address naming one, as written, alt text), and images from
    # other sites (outside_pictures)
    pictures: tuple[tuple[str, str], ...] = ()
    embeds: tuple[Embed, ...] = ()  # the frames written in the body, kept or refused


TOC_CONFIG: dict[str, object] = {"permalink": False, "toc_depth": "2-4"}


class Converter:
    """One Markdown instance per process, reset between documents.

    The tables, footnote-definition, inline and heading-id processors are the
    faster ones of :mod:`hubgen.markup.fastmarkdown` (the last two where this
    Python-Markdown has the internals they rely on), whose HTML is the stock
    processors'. GitHub's additions come with :class:`HubgenMarkdown`
    (:mod:`hubgen.markup.gfm`). Headings get
    toc's ids, but the table of contents itself is not built: ``md.toc`` and
    ``md.toc_tokens`` stay empty unless a page has toc's ``[TOC]`` marker
    (nothing reads them).
    """

    def __init__(self) -> None:
        self.state = LinkState()
        self.hubgen = HubgenMarkdown(self.state)
        toc = fastmarkdown.HeadingIdsExtension(**TOC_CONFIG) if fastmarkdown.TOC_OK else "toc"
        extensions: list[str | Extension] = [
            fastblocks.PipeTablesExtension(),
            "fenced_code",
            toc,
            "sane_lists",
            self.hubgen,
            fastblocks.FootnoteBlocksExtension(),  # after the footnotes HubgenMarkdown adds
        ]
        if fastmarkdown.INLINE_OK:
            extensions.append(fastmarkdown.FastInline())
        self.md = md.Markdown(
            extensions=extensions, extension_configs={"toc": TOC_CONFIG}, output_format="html"
        )
        fastblocks.fast_blocks(self.md)

    def convert(
        self,
        text: str,
        base_path: str = "/",
        asset_path: str = "",
        images: Mapping[str, ImageInfo] | None = None,
        statics: str = "static/",
        embed_hosts: tuple[str, ...] = (),
        lang: str = "en",
        page: str | None = None,
    ) -> Rendered:
        """``embed_hosts``: the hosts frames may load from (``iframe_hosts`` in site.yaml);
        ``lang``: the text's language, for the few words hubgen adds to it; ``page``: the
        document's own address in the site ('/communities/wausau/'), which relative links
        are read from (without it they stay as written, unchecked)."""
        self.hubgen.github.speak(lang)
        self.state.base_path = base_path
        self.state.asset_path = asset_path or base_path
        self.state.statics = statics
        self.state.images = images or {}
        self.state.page = page
        self.state.links = []
        self.state.pictures = []
        self.md.reset()
        cleaned = Sanitizer(embed_hosts).clean(self.md.convert(text))
        pictures = (*self.state.pictures, *outside_pictures(cleaned.html))
        return Rendered(cleaned.html, tuple(self.state.links), pictures,
                        cleaned.embeds)  # fmt: skip
