"""Faster stand-ins for Python-Markdown's block parser steps, with the same output.

:class:`PipeTables` is the tables extension's block processor, answering
"not a table" at once for a block without a '|'; :class:`FootnoteBlocks` the
footnotes', answering "no definition" for a block without '[^'.

:class:`BlockLevel` answers ``Markdown.is_block_level`` (asked for every element
by several processors) from a table of the tags seen, instead of searching the
list of block-level tags each time. :class:`BlockLoop` is the block parser's
loop, 3.11's, with the list of block processors made once rather than for every
block (only on Python-Markdown 3.11: :data:`BLOCKS_OK`).
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

import markdown as md
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions import footnotes as footnotes_ext
from markdown.extensions.tables import TableExtension, TableProcessor


class PipeTables(TableProcessor):
    """The stock table processor, ruling out a block without a '|' before its full test.

    A table's header row needs a pipe to have two cells, and a one-cell table
    needs one on every row, so the stock test fails on such a block too.
    """

    def test(self, parent: Element, block: str) -> bool:
        return "|" in block and super().test(parent, block)


FootnoteBlockProcessor: type = getattr(footnotes_ext, "FootnoteBlockProcessor", BlockProcessor)
FOOTNOTE_PRIORITY = 17  # the footnotes extension's
FOOTNOTE_DEFINITION = r"^[ ]{0,3}\[\^([^\]]*)\]:[ ]*(.*)$"


class FootnoteBlocks(FootnoteBlockProcessor):
    """The footnotes' block processor, answering "no definition here" at once for a block
    without '[^'. The stock test says yes to every block; its ``run`` then searches the
    block for a definition (which starts with '[^') and puts it back when there is none."""

    def test(self, parent: Element, block: str) -> bool:
        return "[^" in block and super().test(parent, block)


def is_stock_footnote_blocks(processor: object) -> bool:
    """A stock footnote block processor looking for definitions as 3.11's does."""
    regex = getattr(processor, "RE", None)
    return type(processor) is FootnoteBlockProcessor and getattr(regex, "pattern", None) == (
        FOOTNOTE_DEFINITION
    )


class FootnoteBlocksExtension(Extension):
    """Put :class:`FootnoteBlocks` in the footnotes' block processor's place (register it
    after the footnotes extension)."""

    def extendMarkdown(self, md_instance: md.Markdown) -> None:
        blocks = md_instance.parser.blockprocessors
        if "footnote" in blocks and is_stock_footnote_blocks(blocks["footnote"]):
            footnotes = blocks["footnote"].footnotes
            blocks.register(FootnoteBlocks(footnotes), "footnote", FOOTNOTE_PRIORITY)


class PipeTablesExtension(TableExtension):
    """The tables extension (same settings) with :class:`PipeTables` as its block processor."""

    def extendMarkdown(self, md_instance: md.Markdown) -> None:
        super().extendMarkdown(md_instance)
        blocks = md_instance.parser.blockprocessors
        if "table" in blocks and type(blocks["table"]) is TableProcessor:
            blocks.register(PipeTables(md_instance.parser, self.getConfigs()), "table", 75)


class BlockLevel:
    """``md.is_block_level``: whether a tag is in ``md.block_level_elements``, remembered
    for each tag seen. The stock method searches that list (59 tags) for every element of
    every page; the answers are the same, and forgotten whenever the list changes length
    (an extension adding a tag)."""

    def __init__(self, md_instance: md.Markdown) -> None:
        self.md = md_instance
        self.known: dict[str, bool] = {}
        self.size = -1

    def __call__(self, tag: Any) -> bool:
        if not isinstance(tag, str):
            return False
        names = self.md.block_level_elements
        if len(names) != self.size:
            self.known, self.size = {}, len(names)
        found = self.known.get(tag)
        if found is None:
            found = self.known[tag] = tag.lower().rstrip("/") in names
        return found


# BlockLoop repeats 3.11's BlockParser.parseBlocks; other releases keep their own loop.
BLOCKS_OK = md.__version_info__[:2] == (3, 11)


class BlockLoop:
    """``parser.parseBlocks``: each block to the first block processor that takes it, as
    Python-Markdown 3.11 does it, with the processors listed once (and again whenever
    their number changes) instead of for each of a page's blocks."""

    def __init__(self, parser: Any) -> None:
        self.registry = parser.blockprocessors
        self.listed: list[Any] = []
        self.size = -1

    def __call__(self, parent: Element, blocks: list[str]) -> None:
        if len(self.registry) != self.size:
            self.listed, self.size = list(self.registry), len(self.registry)
        processors = self.listed
        while blocks:
            for processor in processors:
                if processor.test(parent, blocks[0]) and processor.run(parent, blocks) is not False:
                    break


def fast_blocks(md_instance: md.Markdown) -> None:
    """Give a Markdown instance :class:`BlockLevel` and, where :data:`BLOCKS_OK`,
    :class:`BlockLoop`."""
    md_instance.is_block_level = BlockLevel(md_instance)  # type: ignore[method-assign]
    if BLOCKS_OK:
        md_instance.parser.parseBlocks = BlockLoop(md_instance.parser)  # type: ignore[method-assign]
