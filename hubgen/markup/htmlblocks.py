"""HTML blocks end where GitHub ends them, so the Markdown between them is Markdown.

In CommonMark (and so on GitHub) an HTML block that starts with a block tag
(``<details>``, ``<div>``, ``<aside>``...) or a tag alone on its line ends at
the next blank line; what follows is Markdown again until the next HTML block,
typically the closing ``</details>``. Organizers paste

    <details>
    <summary>Steps</summary>

    - Knock
    - Listen

    </details>

and expect a list inside the box. Python-Markdown instead takes everything up
to the matching ``</details>`` as one raw block. :class:`SplitHtmlBlocks` finds
the HTML blocks as CommonMark does, in one scan of the lines that leaves fenced
code alone, and replaces each with a marker line between blank lines;
:class:`RestoreHtmlBlocks` turns the markers into Python-Markdown's raw-HTML
placeholders, so each block reaches the page as written (and then the
sanitizer) and everything else is parsed as Markdown.

The split runs before every other preprocessor, on the text as written (the
list re-indentation may add blank lines, which would end a block early); the
placeholders can only go in after whitespace normalization, which deletes the
characters they are made of, hence the marker in between. Only blocks at the
top level are taken out here: one inside a list item or a block quote is
:mod:`hubgen.markup.gfmlists`' to stash, as it knows the containers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import markdown as md
from markdown import util
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

# CommonMark's kind 6: these tags (opening or closing) start a block, which ends at a blank line
BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center",
     "col", "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset",
     "figcaption", "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5",
     "h6", "head", "header", "hr", "html", "iframe", "legend", "li", "link", "main", "menu",
     "menuitem", "nav", "noframes", "ol", "optgroup", "option", "p", "param", "search", "section",
     "source", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "track",
     "ul"}
)  # fmt: skip
BLOCK_START = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:[ \t\r>]|/>|$)")
# kinds 1-5: raw text, a comment, a processing instruction, a declaration, CDATA, each ending
# at the line that holds its end
RAW_START = re.compile(r"<(?:script|pre|style|textarea)(?:[ \t\r>]|$)", re.IGNORECASE)
RAW_END = re.compile(r"</(?:script|pre|style|textarea)>", re.IGNORECASE)
OTHER_STARTS = (("<!--", 2), ("<?", 3), ("<![CDATA[", 5))
OTHER_ENDS = {2: "-->", 3: "?>", 4: ">", 5: "]]>"}
DECLARATION = re.compile(r"<![A-Za-z]")
# kind 7: one complete opening or closing tag (not of kind 1) alone on its line
ATTRIBUTE = r"""\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?"""
LONE_TAG = re.compile(
    rf"(?:<([A-Za-z][A-Za-z0-9-]*)(?:{ATTRIBUTE})*\s*/?>|</([A-Za-z][A-Za-z0-9-]*)\s*>)\s*$"
)
RAW_TAGS = frozenset({"script", "style", "pre", "textarea"})
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
LIST_ITEM = re.compile(r"^[ \t]*([-*+]|\d{1,9}[.)])([ \t]+|$)")
HEADING = re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t]|$)")
MAYBE_HTML = re.compile(r"^[ \t]*<", re.MULTILINE)
SENTINELS = [chr(code) for code in range(0xE000, 0xE100)]  # private use: no text means them
# a raw-HTML placeholder alone in a paragraph
ALONE = re.compile("<p>(" + re.escape(util.HTML_PLACEHOLDER).replace("%s", r"\d+") + ")</p>")


def block_kind(text: str, in_paragraph: bool) -> int:
    """CommonMark's kind (1-7) of the HTML block ``text`` (a line from its '<') starts, or 0.
    Kind 7 cannot interrupt a paragraph."""
    if RAW_START.match(text):
        return 1
    for start, kind in OTHER_STARTS:
        if text.startswith(start):
            return kind
    if DECLARATION.match(text):
        return 4
    tag = BLOCK_START.match(text)
    if tag and tag.group(1).lower() in BLOCK_TAGS:
        return 6
    lone = LONE_TAG.match(text)
    if lone and not in_paragraph and (lone.group(1) or lone.group(2)).lower() not in RAW_TAGS:
        return 7
    return 0


def block_end(lines: list[str], first: int, kind: int, column: int = 0) -> int:
    """The index after the last line of the block of ``kind`` starting at line ``first``,
    in a list item's content ``column``: a line indented less than that has left the item,
    and so the block."""
    for index in range(first, len(lines)):
        line = lines[index]
        if index > first and column and line.strip() and indentation(line) < column:
            return index
        if kind >= 6:
            if not line.strip():
                return index
        elif RAW_END.search(line) if kind == 1 else OTHER_ENDS[kind] in line:
            return index + 1
    return len(lines)


def indentation(line: str) -> int:
    """Columns of leading whitespace, a tab reaching the next multiple of four."""
    lead = len(line) - len(line.lstrip(" \t"))
    return len(line[:lead].expandtabs(4))


def html_blocks(lines: list[str]) -> Iterator[tuple[int, int]]:
    """(first line, line after the last) of each HTML block at the top level, in order, in
    one pass.

    Fenced code is skipped whole (an unclosed fence runs to the end, as in
    CommonMark), and so is an HTML block in a list item (hubgen.markup.gfmlists stashes
    those, as it knows the containers). A block starts at '<' indented by at
    most three spaces past the content column of the list item it is in, if
    any; a line less indented than an item's content after a blank line has
    left that item.
    """
    fence: str | None = None
    in_paragraph = after_blank = False
    columns: list[int] = []  # content columns of the open list items, outermost first
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
            continue
        if not line.strip():
            in_paragraph, after_blank = False, True
            continue
        indent = indentation(line)
        if after_blank:
            while columns and indent < columns[-1]:
                columns.pop()
        opening = FENCE.match(line)
        if opening:
            fence, in_paragraph, after_blank = opening.group(1), False, False
            continue
        item = LIST_ITEM.match(line)
        column = next((c for c in reversed(columns) if c <= indent), 0)
        text = line.lstrip(" \t")
        kind = block_kind(text, in_paragraph) if text[:1] == "<" and not item else 0
        if kind and indent - column <= 3:
            end = block_end(lines, index - 1, kind, column)
            if not column:
                yield index - 1, end
                columns.clear()  # a block at the top level ends every list
            index, in_paragraph, after_blank = end, False, False
            continue
        if item:
            while columns and columns[-1] > indent:
                columns.pop()
            columns.append(item_column(item, indent))
        in_paragraph = not HEADING.match(line) and (in_paragraph or indent - column < 4)
        after_blank = False


def item_column(item: re.Match[str], indent: int) -> int:
    """The column a list item's content starts at: after its marker and one to four spaces
    (more than four: one, the rest make indented code)."""
    spaces = len(item.group(2).expandtabs(4))
    return indent + len(item.group(1)) + (spaces if 1 <= spaces <= 4 else 1)


def sentinel_for(text: str) -> str | None:
    """A character ``text`` does not have, to make markers of; None if it has them all."""
    return next((char for char in SENTINELS if char not in text), None)


class BlockStore:
    """The HTML blocks of the document being converted: marker line -> the block's text,
    and the placeholders they became."""

    def __init__(self) -> None:
        self.blocks: dict[str, str] = {}
        self.placeholders: list[str] = []

    def clear(self) -> None:
        self.blocks.clear()
        self.placeholders.clear()


class SplitHtmlBlocks(Preprocessor):
    """Put every HTML block on a marker line of its own (see :func:`html_blocks`)."""

    def __init__(self, md_instance: md.Markdown, store: BlockStore) -> None:
        super().__init__(md_instance)
        self.store = store

    def run(self, lines: list[str]) -> list[str]:
        self.store.clear()
        source = "\n".join(lines)
        if "<" not in source or not MAYBE_HTML.search(source):
            return lines
        blocks = list(html_blocks(lines))
        sentinel = sentinel_for(source) if blocks else None
        if sentinel is None:
            return lines
        out: list[str] = []
        done = 0
        for number, (first, end) in enumerate(blocks):
            marker = f"{sentinel}{number}{sentinel}"
            raw = "\n".join(lines[first:end]).replace("\r", "")
            self.store.blocks[marker] = raw.replace(util.STX, "").replace(util.ETX, "")
            out.extend([*lines[done:first], "", marker, ""])
            done = end
        out.extend(lines[done:])
        return out


class RestoreHtmlBlocks(Preprocessor):
    """Replace each marker line with a raw-HTML placeholder for its block."""

    def __init__(self, md_instance: md.Markdown, store: BlockStore) -> None:
        super().__init__(md_instance)
        self.store = store

    def run(self, lines: list[str]) -> list[str]:
        if not self.store.blocks:
            return lines
        out = []
        for line in lines:
            marker = line.strip()
            raw = self.store.blocks.get(marker)
            if raw is None:
                out.append(line)
                continue
            placeholder = self.md.htmlStash.store(raw)
            self.store.placeholders.append(placeholder)
            out.append(placeholder)
        return out


class UnwrapHtmlBlocks(Postprocessor):
    """An HTML block is never inside a paragraph on GitHub, but Python-Markdown keeps the
    paragraph around the placeholder of a block whose tag is not a block tag (``<img ...>``
    alone on a line; it removes those of block tags itself). One pass over the text."""

    def __init__(self, store: BlockStore) -> None:
        super().__init__()
        self.store = store

    def run(self, text: str) -> str:
        if not self.store.placeholders:
            return text
        ours = set(self.store.placeholders)
        return ALONE.sub(lambda m: m.group(1) if m.group(1) in ours else m.group(0), text)


class HtmlBlocks(Extension):
    """The split first of all preprocessors; the restore between whitespace normalization
    (30) and fenced code (25); the unwrap just before raw HTML goes in (30)."""

    def extendMarkdown(self, md_instance: md.Markdown) -> None:
        store = BlockStore()
        md_instance.preprocessors.register(SplitHtmlBlocks(md_instance, store), "gfm_html", 40)
        md_instance.preprocessors.register(RestoreHtmlBlocks(md_instance, store),
                                           "gfm_html_restore", 29)  # fmt: skip
        md_instance.postprocessors.register(UnwrapHtmlBlocks(store), "gfm_html_unwrap", 31)
