"""GitHub's block structure, written in the form Python-Markdown reads.

Editors paste Markdown from GitHub and expect the page to look the way GitHub
showed it. GitHub's renderer (cmark-gfm) decides what belongs to a list item by
the item's *content column*: the width of its marker plus the 1-4 spaces after
it. Python-Markdown decides by multiples of four spaces, wants a blank line
before most blocks, and reads some GitHub constructs (``1)`` markers, fences
inside list items, unclosed fences, lazy lines in quotes) differently or not
at all. Content indented by two or three spaces under an item, a fenced block
under a numbered step, bullets right under a number: each came out as a broken
list or a code block.

:func:`reindent_lists` reads the lines once, top to bottom, keeping the stack
of open containers (block quotes and list items) the way the CommonMark spec's
parsing strategy describes: each line first continues the open containers it
can (a ``>``, or enough indentation for the item's content column), may then
open new ones, and the rest is a leaf block: a paragraph (whose lazy
continuation lines keep every container open), fenced or indented code, a
heading, a thematic break, an HTML block or a table. Every line is written
again with the prefix Python-Markdown needs for the same containers: ``> ``
for a quote, four spaces for each list item (its marker on the item's first
line), with blank lines where Python-Markdown needs them to see a block start,
and an invisible separator (an HTML comment, dropped by the sanitizer) between
two lists or two quotes that GitHub keeps apart and Python-Markdown would
join. Fenced code is rendered here, as GitHub delimits it (in any container,
``` or ~~~, closed by a fence at least as long or by the end of its
container), and handed to Python-Markdown's HTML stash, so that nothing inside
it is ever re-indented or parsed; so is an HTML block inside a quote or list
item, as written (Python-Markdown finds none there; at the top level
:mod:`hubgen.markup.htmlblocks` has taken them out before this runs). A paragraph
line that GitHub reads as text but Python-Markdown would take for a block
start (``#tag``, ``2. ...`` under a paragraph) gets a backslash.

Tight and loose lists: where Python-Markdown needs a blank line that GitHub
does not (a quote or code under an item's text), the item comes out loose
(its text in a ``<p>``); the blocks are GitHub's either way.

It runs on every page of every build, so the common lines (blank lines, text,
list items with only list items around them) take shortcuts in
:meth:`Rewriter.rewrite` that do what the general path does in fewer steps;
the tests hold the two to the same output. Tabs must already be spaces
(Python-Markdown's whitespace normalization runs first). Inline syntax is
Python-Markdown's.

The containers, and how a line is written under them, live in
:mod:`hubgen.markup.gfmcontainers`; the leaf blocks in :mod:`hubgen.markup.gfmleaves`.
"""

from __future__ import annotations

import re

from hubgen.markup.gfmcontainers import (
    BLOCK_START_CHARS,
    IN_CODE,
    IN_FENCE,
    IN_HTML,
    IN_PARA,
    IN_TABLE,
    ITEM,
    NO_LEAF,
    NONE,
    OL,
    OTHER,
    PARA,
    QUOTE,
    SPACES,
    UL,
    Box,
    Stash,
)
from hubgen.markup.gfmleaves import FENCE_OPEN, LeafBlocks, escape_para

LIST_MARKER = re.compile(r"(?:([-+*])|(\d{1,9})([.)]))(?= |$)")
THEMATIC_BREAK = re.compile(r"(?:(?:\* *){3,}|(?:- *){3,}|(?:_ *){3,})$")
ATX_HEADING = re.compile(r"#{1,6}(?: |$)")
SETEXT_UNDERLINE = re.compile(r"(?:=+|-+) *$")
SIMPLE_ITEM = re.compile(r"( *)(?:([-+*])|(\d{1,9})([.)]))( {1,4})(?! |$)")


def reindent_lists(lines: list[str], stash: Stash | None = None) -> list[str]:
    """GitHub's lists, quotes and code blocks in ``lines``, rewritten for Python-Markdown.

    Nested content goes four spaces per list item, as Python-Markdown needs,
    wherever GitHub would have put it (two, three or four spaces under an item,
    or lazily unindented). ``stash`` stores the HTML of fenced code blocks and
    of HTML blocks inside containers (Python-Markdown's ``htmlStash.store``);
    without it, fences are written back as fences under their item's new
    indentation, and HTML blocks as they are.
    """
    return Rewriter(stash).rewrite(lines)


class Rewriter(LeafBlocks):
    """One pass over the lines: each continues the open containers, may open blocks, and is
    written again."""

    def rewrite(self, lines: list[str]) -> list[str]:
        """Every line through :meth:`line`; the most common ones take a shortcut here (the
        same steps, fewer checks): blank lines with no quote open, lines of text, and list
        items whose text is a paragraph (:meth:`item_line`)."""
        if not self.fast:
            for line in lines:
                self.line(line)
            self.close_from(0)
            return self.out
        out = self.out
        doc = self.doc
        stack = self.stack
        general = self.line
        for line in lines:
            leaf = self.leaf
            if leaf > IN_PARA:
                general(line)
            elif not line:
                if stack and self.blank_prefix != "":
                    general(line)  # a quote is open, or an item has not been written yet
                    continue
                self.leaf = NO_LEAF
                out.append("")
                doc.blanks += 1
                doc.blank_at = len(out)
            elif line[0] not in BLOCK_START_CHARS:  # no container goes on: text
                if leaf == IN_PARA:
                    self.para_texts.append(line)  # a lazy continuation line, or not
                    out.append(self.para_cont + line)
                elif stack or (doc.last != NONE and doc.blank_at != len(out)):
                    self.open_leaf(0, False, IN_PARA, PARA)
                    self.start_para(line)
                else:
                    self.leaf = IN_PARA
                    self.para_start = len(out)
                    self.para_texts = [line]
                    self.para_cont = ""
                    doc.last = PARA
                    self.last_owner = doc
                    out.append(line)
            elif (stack and self.blank_prefix != "") or not self.item_line(line):
                general(line)
        self.close_from(0)
        return out

    def item_line(self, line: str) -> bool:
        """A list item whose text is a paragraph, with only list items open (or none): what
        :meth:`line` would do, in fewer steps. False for any other line."""
        match = SIMPLE_ITEM.match(line)
        if match is None:
            return False
        end = match.end()
        char = line[end]
        if char in BLOCK_START_CHARS and not plain_text_at(line, end):
            return False
        lead = match.end(1)
        stack = self.stack
        pos = matched = 0
        for box in stack:
            if lead - pos < box.width:
                break
            pos += box.width
            matched += 1
        if lead - pos > 3:
            return False  # code, or a paragraph's continuation
        number = match.group(3)
        if number is not None and number != "1" and self.leaf and matched == len(stack):
            return False  # it cannot interrupt the paragraph
        bullet = match.group(2)
        if bullet is not None:
            key, marker, tag = bullet, bullet + " ", UL
        else:
            key, marker, tag = match.group(4), str(int(number)) + ". ", OL
        # open_container's steps, for an item in an item (or the document); what it closes
        # is a paragraph (nothing to write) and items already written
        self.leaf = NO_LEAF
        if len(stack) > matched:
            del stack[matched:]
            self.cont_prefix = self.blank_prefix = None
        parent = stack[-1] if stack else self.doc
        same_list = parent.last == tag and parent.list_key == key
        self.separate(parent, tag, parent.last == tag and not same_list, same_list)
        parent.last, parent.list_key, parent.filled = tag, key, True
        if not same_list:
            parent.list_own_line = True
        box = Box(ITEM, parent, marker, "    ")
        box.width = end - pos
        stack.append(box)
        # start_para's, with the prefixes known: four spaces for each item around it
        box.used = box.filled = True
        box.marker_at = parent.list_marker_at = self.doc.blanks
        box.last = PARA
        self.leaf = IN_PARA
        out = self.out
        around = "    " * matched
        text = line[end:]
        self.para_start = len(out)
        self.para_texts = [text]
        out.append(around + marker + (escape_para(text) if char in BLOCK_START_CHARS else text))
        self.last_owner = box
        self.cont_prefix, self.blank_prefix = around + "    ", ""
        self.para_cont = around + " " * len(marker)
        return True

    # -- one line ---------------------------------------------------------------------------

    def line(self, line: str) -> None:
        """Continue the open containers, open new blocks, and write the line again."""
        stack = self.stack
        depth = len(stack)
        lead = len(line) - len(line.lstrip(" "))  # the line's indentation
        pos = 0
        matched = 0
        while matched < depth:
            box = stack[matched]
            first = lead if pos <= lead else SPACES.match(line, pos).end()
            if box.kind == QUOTE:
                if first - pos > 3 or not line.startswith(">", first):
                    break
                pos = first + 2 if line.startswith(" ", first + 1) else first + 1
            elif first == len(line):  # blank from here on
                if not box.filled:
                    break  # an item that began with a blank line ends at a second one
            elif first - pos >= box.width:
                pos += box.width
            else:
                break
            matched += 1
        blank = (lead if pos <= lead else SPACES.match(line, pos).end()) == len(line)
        leaf = self.leaf
        if matched == depth:
            if leaf == IN_FENCE:
                self.fence_line(line, pos)
                return
            if leaf == IN_HTML:
                if not (blank and self.html_end is None):
                    self.html_line(line, pos)
                    return
                self.close_leaf()
            elif leaf == IN_CODE:
                if blank:
                    self.write_blank(depth)
                    return
                if (lead if pos <= lead else SPACES.match(line, pos).end()) - pos >= 4:
                    self.write("    " + line[pos + 4 :], OTHER)
                    return
                self.leaf = NO_LEAF
        elif leaf in (IN_FENCE, IN_HTML, IN_CODE):
            self.close_from(matched)  # their container ended: so do they
        if blank:
            self.close_from(matched)
            self.write_blank(matched)
            return
        self.blocks(line, pos, matched, lead)

    def blocks(self, line: str, pos: int, matched: int, lead: int) -> None:
        """Open the containers and the leaf block starting at ``pos``, or continue a paragraph."""
        continuing = self.leaf == IN_PARA  # a paragraph line here may continue it
        table = self.leaf == IN_TABLE and matched == len(self.stack)
        interrupting = continuing and matched == len(self.stack)
        opened = False
        while True:
            first = lead if pos <= lead else SPACES.match(line, pos).end()
            if first - pos >= 4:
                if continuing and not opened:
                    break
                self.open_leaf(matched, opened, IN_CODE, OTHER)
                self.write("    " + line[pos + 4 :], OTHER)
                return
            if first >= len(line):
                break
            char = line[first]
            if char not in BLOCK_START_CHARS:
                break
            if char == ">":
                self.open_container(matched, opened, QUOTE, "> ", "> ", 0)
                opened, continuing, interrupting, table = True, False, False, False
                pos = first + 2 if line.startswith(" ", first + 1) else first + 1
                continue
            if char == "#" and ATX_HEADING.match(line, first):
                self.open_leaf(matched, opened, NO_LEAF, OTHER)
                self.write(line[first:], OTHER)
                return
            if char in "`~" and self.try_fence(line, pos, first, matched, opened):
                return
            if char == "<" and self.try_html(line, pos, first, matched, opened, interrupting):
                return
            if interrupting and char in "=-" and SETEXT_UNDERLINE.match(line, first):
                self.setext_heading(1 if char == "=" else 2)
                return
            if interrupting and char in "|-:" and self.try_table(line, first):
                return
            if char in "-*_" and THEMATIC_BREAK.match(line, first):
                self.open_leaf(matched, opened, NO_LEAF, OTHER)
                self.write("___", OTHER)
                return
            marker = LIST_MARKER.match(line, first) if char in "-+*0123456789" else None
            if marker is None:
                break
            end = marker.end()
            after = SPACES.match(line, end).end()
            empty = after >= len(line)
            number = marker.group(2)
            if interrupting and (empty or (number is not None and number != "1")):
                break  # such an item cannot interrupt a paragraph: the line continues it
            spaces = 1 if empty or after - end > 4 else after - end
            if number is None:
                key, text = marker.group(1), marker.group(1) + " "
            else:
                key, text = marker.group(3), str(int(number)) + ". "
            self.open_container(matched, opened, ITEM, text, "    ", end - pos + spaces, key)
            opened, continuing, interrupting, table = True, False, False, False
            pos = len(line) if empty else end + spaces
            if empty:
                return
        if first >= len(line):  # only container markers: a blank line inside them
            if not opened:
                self.close_from(matched)
            self.write_blank(len(self.stack))
            return
        if table:
            self.write(line[first:], OTHER)
        elif continuing and not opened:
            self.para_line(line[first:])
        else:
            self.open_leaf(matched, opened, IN_PARA, PARA)
            self.start_para(line[first:])


def plain_text_at(line: str, at: int) -> bool:
    """Whether the text at ``at``, though it starts with a character that can start a block
    (``**bold**``, ``-5 degrees``, ``2025 was``), starts none: only a paragraph."""
    char = line[at]
    if char in "#>=|<":
        return False
    if char in "-+*" and line[at + 1 : at + 2] in (" ", ""):
        return False
    if char in "-*_" and THEMATIC_BREAK.match(line, at):
        return False
    if char in "`~" and FENCE_OPEN.match(line, at):
        return False
    return not (char.isdigit() and LIST_MARKER.match(line, at))
