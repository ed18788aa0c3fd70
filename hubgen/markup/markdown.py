"""Markdown as editors write it: one configured converter, sanitized output.

Python-Markdown wants nested lists indented by four spaces and a blank line
before a list; editors type lists the way GitHub shows them (content under an
item's text, two to four spaces, no blank line). :class:`ListIndent` rewrites
lists, block quotes and fenced code by GitHub's rules into Python-Markdown's
form before parsing (:mod:`hubgen.markup.gfmlists`). Links that start with '/' are
made to start at the state site's base path. The HTML is then cleaned by an
allow-list sanitizer, so script, event-handler attributes and ``javascript:``
URLs never reach a page (:mod:`hubgen.markup.sanitize`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import unescape
from typing import ClassVar
from xml.etree.ElementTree import Element, SubElement

import markdown as md
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from hubgen.content.images import ImageInfo
from hubgen.markup import fastblocks, fastmarkdown
from hubgen.markup.gfm import GithubMarkdown
from hubgen.markup.gfmlists import reindent_lists
from hubgen.markup.sanitize import Embed, Sanitizer

IMAGES = "/images/"


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
    links: list[str] = field(default_factory=list)
    pictures: list[tuple[str, str]] = field(default_factory=list)  # (src as written, alt)


class SiteLinks(Treeprocessor):
    """Prefix root-relative links with the base path; remember them for checking."""

    def __init__(self, md_instance: md.Markdown, state: LinkState) -> None:
        super().__init__(md_instance)
        self.state = state

    def run(self, root: Element) -> None:
        parents: dict[Element, Element] = {}  # built at the first picture, before any change
        for element in list(root.iter()):
            if element.tag == "img" and (element.get("src") or "").startswith(IMAGES):
                if not parents:
                    parents = {child: parent for parent in root.iter() for child in parent}
                self.picture(element, parents[element])
                continue
            attr = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            value = element.get(attr) if attr else None
            if not value or not value.startswith("/") or value.startswith("//"):
                continue
            self.state.links.append(value)
            if value.startswith("/static/"):  # a theme file, shared by every language
                target = self.state.asset_path + self.state.statics + value[len("/static/") :]
            else:
                target = self.state.base_path + value.lstrip("/")
            element.set(attr, target)

    def picture(self, img: Element, parent: Element) -> None:
        """<img src="/images/x.jpg"> becomes a <picture> of WebP and JPEG widths."""
        src, alt = img.get("src") or "", (img.get("alt") or "").strip()
        self.state.pictures.append((src, alt))
        info = self.state.images.get(src[len(IMAGES) :])
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
    links: tuple[str, ...]  # root-relative links as written, before the base path
    # (/images/... as written, alt text), and images from other sites (outside_pictures)
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
    ) -> Rendered:
        """``embed_hosts``: the hosts frames may load from (``iframe_hosts`` in site.yaml);
        ``lang``: the text's language, for the few words hubgen adds to it."""
        self.hubgen.github.speak(lang)
        self.state.base_path = base_path
        self.state.asset_path = asset_path or base_path
        self.state.statics = statics
        self.state.images = images or {}
        self.state.links = []
        self.state.pictures = []
        self.md.reset()
        cleaned = Sanitizer(embed_hosts).clean(self.md.convert(text))
        pictures = (*self.state.pictures, *outside_pictures(cleaned.html))
        return Rendered(cleaned.html, tuple(self.state.links), pictures,
                        cleaned.embeds)  # fmt: skip
