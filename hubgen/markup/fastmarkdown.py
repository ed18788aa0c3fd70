"""Faster stand-ins for Python-Markdown's inline and heading-id steps, with the same output.

:class:`SkipInline` replaces the 'inline' treeprocessor. The stock one runs the
regular expression of every inline pattern over every piece of text; most
patterns need a character the text does not have ('`' for code, '[' for links,
'<' for raw HTML...). It skips those patterns and runs the rest exactly as the
stock loop does. The patterns of the extensions hubgen adds (footnote
references, :mod:`hubgen.markup.gfminline`'s) have triggers too
(:data:`EXTENSION_TRIGGERS`): a text without '~' never runs the tilde pattern.

:class:`HeadingIds` replaces toc's treeprocessor where only the heading ids are
wanted: every heading without an id gets the id toc would give it, and the
table of contents itself (``md.toc``, ``md.toc_tokens``) is left empty. A
document with toc's marker (``[TOC]``) in it or a ``data-toc-label``, or a toc
set up for anchors or permalinks, goes to toc's own ``run``.

The block parser's stand-ins are in :mod:`hubgen.markup.fastblocks`.

Both lean on Python-Markdown's internals (3.11's): private methods of
``InlineProcessor`` and toc's helper functions. :data:`INLINE_OK` and
:data:`TOC_OK` say whether those are there; where they are not, callers use the
stock processors.
"""

from __future__ import annotations

import html
import inspect
import re
from types import ModuleType
from typing import Any
from xml.etree.ElementTree import Element

import markdown as md
from markdown import inlinepatterns, postprocessors, util
from markdown.extensions import Extension
from markdown.extensions import footnotes as footnotes_ext
from markdown.extensions import toc as toc_ext
from markdown.treeprocessors import InlineProcessor, Treeprocessor

from hubgen.markup import gfminline, htmlblocks

HANDLE = "_InlineProcessor__handleInline"
APPLY = "_InlineProcessor__applyPattern"

# Stock pattern name -> (name of its regular expression in inlinepatterns, substrings one of
# which every match contains). A pattern is skipped only while it has that regular expression,
# so a different pattern another extension registers under the same name always runs.
TRIGGERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "backtick": ("BACKTICK_RE", ("`",)),
    "escape": ("ESCAPE_RE", ("\\",)),
    "reference": ("REFERENCE_RE", ("[",)),
    "link": ("LINK_RE", ("[",)),
    "image_link": ("IMAGE_LINK_RE", ("![",)),
    "image_reference": ("IMAGE_REFERENCE_RE", ("![",)),
    "short_reference": ("REFERENCE_RE", ("[",)),
    "short_image_ref": ("IMAGE_REFERENCE_RE", ("![",)),
    "autolink": ("AUTOLINK_RE", ("<",)),
    "automail": ("AUTOMAIL_RE", ("<",)),
    "linebreak": ("LINE_BREAK_RE", ("  \n",)),
    "html": ("HTML_RE", ("<",)),
    "entity": ("ENTITY_RE", ("&",)),
}
# With no reference defined, these reject every match and leave the text as it was ("id not
# in md.references"): in a document without references they are never tried.
REFERENCE_CLASSES = {
    "reference": "ReferenceInlineProcessor",
    "short_reference": "ShortReferenceInlineProcessor",
    "image_reference": "ImageReferenceInlineProcessor",
    "short_image_ref": "ShortImageReferenceInlineProcessor",
}
DelimiterProcessor: type | None = getattr(inlinepatterns, "DelimiterProcessor", None)
# The patterns of the extensions hubgen adds, by the name they are registered under: (their
# class, their regular expression, substrings one of which every match contains). Skipped only
# while a pattern is of that class with that expression, like the stock ones above.
ExtensionEntry = tuple[type | None, str, tuple[str, ...]]
FOOTNOTE_RE = r"\[\^([^\]]*)\]"  # footnotes registers it as written, not from a module name
EXTENSION_TRIGGERS: dict[str, ExtensionEntry] = {
    "footnote": (getattr(footnotes_ext, "FootnoteInlineProcessor", None), FOOTNOTE_RE, ("[^",)),
    **{
        name: (pattern, pattern.PATTERN, pattern.TRIGGERS)
        for name, pattern in (
            ("gfm_url", gfminline.BareUrl),
            ("gfm_break", gfminline.BackslashBreak),
            ("gfm_strike", gfminline.Strikethrough),
        )
    },
}

Plan = list[tuple[Any, tuple[str, ...] | None]]


def has_inline_internals(processor: type, patterns: ModuleType) -> bool:
    """Whether ``processor`` has the private methods, and ``patterns`` the regular
    expressions, that :class:`SkipInline` builds on (3.11's ``InlineProcessor`` and
    ``inlinepatterns`` do)."""
    return all(hasattr(processor, name) for name in (HANDLE, APPLY)) and all(
        isinstance(getattr(patterns, regex, None), str) for regex, _ in TRIGGERS.values()
    )


INLINE_OK = has_inline_internals(InlineProcessor, inlinepatterns)
"""Whether this Python-Markdown has what :class:`SkipInline` builds on."""


def triggers_for(name: str, pattern: object) -> tuple[str, ...] | None:
    """Substrings one of which a text needs for ``pattern`` (registered as ``name``) to
    match: () for never, None for "always try it" (a pattern this table does not know)."""
    if name == "em_strong" and DelimiterProcessor and type(pattern) is DelimiterProcessor:
        tokens = tuple(pattern.tokens)
        return tokens if pattern.pattern == "|".join(map(re.escape, tokens)) else None
    if name in EXTENSION_TRIGGERS:
        return extension_triggers(name, pattern)
    entry = TRIGGERS.get(name)
    if entry is None or not isinstance(pattern, inlinepatterns.InlineProcessor):
        return None
    regex, triggers = entry
    if pattern.pattern != getattr(inlinepatterns, regex):
        return None
    reference = getattr(inlinepatterns, REFERENCE_CLASSES.get(name, ""), None)
    if reference and type(pattern) is reference and not getattr(pattern.md, "references", True):
        return ()
    return triggers


def extension_triggers(name: str, pattern: object) -> tuple[str, ...] | None:
    """:func:`triggers_for` an extension's pattern: () for footnote references in a document
    that defines no footnote (each is rejected, "id not in footnotes", like references)."""
    kind, regex, triggers = EXTENSION_TRIGGERS[name]
    if kind is None or type(pattern) is not kind or getattr(pattern, "pattern", None) != regex:
        return None
    notes = getattr(getattr(pattern, "footnotes", None), "footnotes", True)
    return triggers if notes else ()


def plan(patterns: util.Registry[Any]) -> Plan:
    """Every inline pattern in the order it runs, with its triggers (see :func:`triggers_for`)."""
    known = (*TRIGGERS, *EXTENSION_TRIGGERS, "em_strong")
    names = {id(patterns[name]): name for name in known if name in patterns}
    return [(pattern, triggers_for(names.get(id(pattern), ""), pattern)) for pattern in patterns]


def any_trigger(triggers: list[tuple[str, ...] | None]) -> re.Pattern[str] | None:
    """A regular expression finding any of the triggers; None if some pattern has none."""
    if any(entry is None for entry in triggers):
        return None
    alternatives = sorted({t for entry in triggers if entry for t in entry}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, alternatives)) or "(?!)")


class SkipInline(InlineProcessor):
    """The stock inline processor, not trying patterns whose trigger the text lacks.

    The pattern loop is the stock one: a pattern that matched is tried again
    after its match, one that did not gives way to the next, which starts at the
    text's beginning. A skipped pattern is one whose regular expression cannot
    match the text as it is then, so it counts as not matched, as it would have.
    """

    def __init__(self, md_instance: md.Markdown) -> None:
        super().__init__(md_instance)
        self.plan: Plan = []
        self.anything: re.Pattern[str] | None = None  # finds any trigger; None: every text runs

    def run(self, tree: Element, ancestors: list[str] | None = None) -> Element:
        self.plan = plan(self.inlinePatterns)
        self.anything = any_trigger([triggers for _, triggers in self.plan])
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        """Put placeholders for the inline patterns' matches in ``data``, from ``patternIndex``."""
        if isinstance(data, util.AtomicString):
            return data
        if self.anything is not None and not self.anything.search(data):
            return data  # the loop below would skip every pattern
        steps = self.plan
        apply = getattr(self, APPLY)
        start = 0
        count = len(steps)
        while patternIndex < count:
            pattern, triggers = steps[patternIndex]
            if triggers is not None:
                for trigger in triggers:
                    if trigger in data:
                        break
                else:
                    patternIndex += 1
                    start = 0
                    continue
            data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


class FastInline(Extension):
    """Register :class:`SkipInline` in the stock inline processor's place."""

    def extendMarkdown(self, md_instance: md.Markdown) -> None:
        md_instance.treeprocessors.register(SkipInline(md_instance), "inline", 20)


TOC_NAMES = ("TocExtension", "TocTreeprocessor", "unique", "render_inner_html")
TOC_NAMES += ("remove_fnrefs", "strip_tags")


def has_toc_helpers(module: ModuleType) -> bool:
    """Whether ``module`` (toc) has the classes and helpers :class:`HeadingIds` builds on,
    ``unique`` taking the counters that 3.11's toc passes it."""
    if not all(hasattr(module, name) for name in TOC_NAMES):
        return False
    unique_params = inspect.signature(module.unique).parameters
    return hasattr(module.TocExtension, "TreeProcessorClass") and len(unique_params) == 3


TOC_OK = has_toc_helpers(toc_ext)
"""Whether this Python-Markdown's toc has what :class:`HeadingIds` builds on."""

TocTreeprocessor: type = getattr(toc_ext, "TocTreeprocessor", Treeprocessor)
TocExtension: type = getattr(toc_ext, "TocExtension", Extension)
HEADING_ATTRIBUTES = ("marker", "slugify", "sep", "header_rgx", "set_level")
# Characters the serializer, the unescaper or a stock postprocessor would change: a heading of
# plain text without them renders as that text.
SPECIAL = re.compile("[&<>\x02\x03]")
# The footnotes' postprocessor and hubgen's HTML blocks' too change only placeholders.
PLAIN_POSTPROCESSORS = (
    *(
        getattr(module, name)
        for module, name in (
            (postprocessors, "RawHtmlPostprocessor"),
            (postprocessors, "AndSubstitutePostprocessor"),
            (footnotes_ext, "FootnotePostprocessor"),
        )
        if hasattr(module, name)
    ),
    htmlblocks.UnwrapHtmlBlocks,
)


class HeadingIds(TocTreeprocessor):
    """toc's treeprocessor, only giving headings their ids, the way toc's ``run`` does.

    ``run`` collects every id in the document, then gives each heading (in
    document order, after toc's ``set_level``) that has none the unique slug of
    its text. It hands the document to toc's own ``run`` where that would do
    more: the marker in some text, a ``data-toc-label``, anchors or permalinks.
    """

    def run(self, doc: Element) -> None:
        if (
            getattr(self, "use_anchors", True)
            or getattr(self, "use_permalinks", True) not in (False, None)
            or not all(hasattr(self, name) for name in HEADING_ATTRIBUTES)
        ):
            return super().run(doc)
        marker = self.marker
        is_heading = self.header_rgx.match
        used_ids: set[str] = set()
        headings: list[Element] = []
        for el in doc.iter():
            attrib = el.attrib
            if "id" in attrib:
                used_ids.add(attrib["id"])
            tag = el.tag
            if isinstance(tag, str) and is_heading(tag):
                if "data-toc-label" in attrib:
                    return super().run(doc)
                headings.append(el)
            if marker and el.text and marker in el.text:
                return super().run(doc)  # it may be a [TOC] to replace
        counters: dict[str, int] = {}
        plain = all(type(pp) in PLAIN_POSTPROCESSORS for pp in self.md.postprocessors)
        for el in headings:
            self.set_level(el)
            if "id" not in el.attrib:
                name = self.name(el, plain)
                el.attrib["id"] = toc_ext.unique(
                    self.slugify(html.unescape(name), self.sep), used_ids, counters
                )
        return None

    def name(self, heading: Element, plain: bool) -> str:
        """The heading's text as toc reads it: rendered, tags stripped, whitespace collapsed.

        ``plain``: the postprocessors are the stock ones, which change only text
        with a placeholder in it.
        """
        text = heading.text or ""
        if (
            plain
            and not len(heading)
            and not heading.attrib
            and not SPECIAL.search(text)
            and not SPECIAL.search(heading.tail or "")
        ):
            return " ".join(text.split())
        inner = toc_ext.render_inner_html(toc_ext.remove_fnrefs(heading), self.md)
        return toc_ext.strip_tags(inner)


class HeadingIdsExtension(TocExtension):
    """The toc extension (same settings) with :class:`HeadingIds` as its treeprocessor."""

    TreeProcessorClass = HeadingIds
