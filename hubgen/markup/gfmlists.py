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
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

QUOTE, ITEM, DOC = 0, 1, 2
# what a container's last child block is (to join or separate lists, quotes and paragraphs)
NONE, UL, OL, BQ, PARA, STASHED, OTHER = range(7)
# the leaf block that is open at the end of the stack
NO_LEAF, IN_PARA, IN_FENCE, IN_CODE, IN_HTML, IN_TABLE = range(6)

SPACES = re.compile(r" *")
LIST_MARKER = re.compile(r"(?:([-+*])|(\d{1,9})([.)]))(?= |$)")
THEMATIC_BREAK = re.compile(r"(?:(?:\* *){3,}|(?:- *){3,}|(?:_ *){3,})$")
ATX_HEADING = re.compile(r"#{1,6}(?: |$)")
FENCE_OPEN = re.compile(r"(`{3,}|~{3,})(.*)$")
SETEXT_UNDERLINE = re.compile(r"(?:=+|-+) *$")
TABLE_DELIMITER = re.compile(r"\|? *:?-+:? *(?:\| *:?-+:? *)*\|? *$")
TABLE_PIPE = re.compile(r"(?<!\\)\|")
BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
    "details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|"
    "h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|"
    "noframes|ol|optgroup|option|p|param|section|source|summary|table|tbody|td|tfoot|th|"
    "thead|title|tr|track|ul"
)
ATTRIBUTE = r"""\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?"""
HTML_STARTS: tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...] = (
    (re.compile(r"<(?:script|pre|style|textarea)(?:\s|>|$)", re.I),
     re.compile(r"</(?:script|pre|style|textarea)>", re.I)),
    (re.compile(r"<!--"), re.compile(r"-->")),
    (re.compile(r"<\?"), re.compile(r"\?>")),
    (re.compile(r"<![A-Za-z]"), re.compile(r">")),
    (re.compile(r"<!\[CDATA\["), re.compile(r"\]\]>")),
    (re.compile(rf"</?(?:{BLOCK_TAGS})(?:\s|/?>|$)", re.I), None),
)  # fmt: skip
HTML_ANY_TAG = re.compile(
    rf"(?:<[A-Za-z][A-Za-z0-9-]*(?:{ATTRIBUTE})*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)\s*$"
)
SIMPLE_ITEM = re.compile(r"( *)(?:([-+*])|(\d{1,9})([.)]))( {1,4})(?! |$)")
# a list item, heading, quote or fence; a setext underline or thematic break
PARA_ESCAPE = re.compile(
    r"[-+*](?: |$)|\d+(?=[.)](?: |$))|#|>|```|~~~|[=-]+ *$|(?:\* *){3,}$|(?:_ *){3,}$"
)
BLOCK_START_CHARS = frozenset("-+*0123456789>#`~<=_| ")
SEPARATOR = "<!-- hubgen: GitHub starts a new list or quote here -->"

Stash = Callable[[str], str]
"""Stores a piece of finished HTML and returns the placeholder line standing for it."""


class Box:
    """An open container (or the document): how its lines are written, and what it holds.

    The defaults are class attributes, so that opening one of the many list items
    of a page sets only what differs.
    """

    used = False  # whether its first line has been written
    width = 0  # list item: the columns its content is indented by
    filled = True  # whether it holds anything yet (false for an item begun by a blank line)
    last = NONE  # the kind of its last child block
    list_key = ""  # the marker character of its last child list
    list_marker_at = -1  # scope.blanks when that list's last marker was written
    list_own_line = True  # whether that list's first marker started its line
    marker_at = -1  # list item: scope.blanks when its marker was written
    own_line = True  # its marker starts its line (not after another one: "- - x")
    blanks = 0  # a quote or the document: the blank lines written inside it
    blank_at = -1  # and where the last one is in the output

    def __init__(self, kind: int, parent: Box | None, marker: str = "", cont: str = "") -> None:
        self.kind = kind
        self.parent = parent
        self.marker = marker  # written on the container's first line
        self.cont = cont  # written on every later line
        if kind == ITEM and parent is not None:
            self.scope: Box = parent.scope
            self.filled = False
        else:
            self.scope = self
            self.used = kind == DOC


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


class Rewriter:
    """One pass over the lines: the open containers, the open leaf block, and the output."""

    def __init__(self, stash: Stash | None = None, fast: bool = True) -> None:
        self.stash = stash
        self.fast = fast  # False: every line the long way (to test that both agree)
        self.doc = Box(DOC, None)
        self.stack: list[Box] = []
        self.out: list[str] = []
        self.leaf = NO_LEAF
        self.last_owner: Box = self.doc
        # the open paragraph: its first line in out, the prefix of its later lines, its texts
        self.para_start = 0
        self.para_cont = ""
        self.para_texts: list[str] = []
        # the open fenced code block: fence character and length, indentation, info, lines
        self.fence = ""
        self.fence_indent = 0
        self.fence_info = ""
        self.fence_lines: list[str] = []
        self.html_end: re.Pattern[str] | None = None
        self.html_lines: list[str] | None = None  # an HTML block being stashed
        # every container's continuation, once all are used; and that for a blank line
        self.cont_prefix: str | None = None
        self.blank_prefix: str | None = None

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

    # -- opening blocks ---------------------------------------------------------------------

    def open_container(self, matched: int, opened: bool, kind: int, marker: str, cont: str,
                       width: int, key: str = "") -> None:  # fmt: skip
        """Open a quote or list item at the end of the stack (closing what this line ended)."""
        if not opened and (self.leaf or len(self.stack) > matched):
            self.close_from(matched)
        parent = self.stack[-1] if self.stack else self.doc
        same_list = False
        if kind == QUOTE:
            if parent.kind == ITEM and not parent.used:
                self.lone_marker()  # Python-Markdown reads a quote under the item's line only
            elif not opened:
                self.separate(parent, BQ, parent.last == BQ)
            parent.last = BQ
        else:
            tag = UL if key in "-+*" else OL
            same_list = parent.last == tag and parent.list_key == key
            if not opened:
                self.separate(parent, tag, parent.last == tag and not same_list, same_list)
            parent.last, parent.list_key = tag, key
        parent.filled = True
        box = Box(kind, parent, marker, cont)
        box.width = width
        box.own_line = not opened and parent.used  # not after a marker on the same line
        if kind == ITEM and not same_list:
            parent.list_own_line = box.own_line
        self.stack.append(box)
        self.cont_prefix = self.blank_prefix = None

    def open_leaf(self, matched: int, opened: bool, leaf: int, kind: int) -> None:
        """Start a leaf block in the innermost container (closing what this line ended)."""
        if not opened and (self.leaf or len(self.stack) > matched):
            self.close_from(matched)
        parent = self.stack[-1] if self.stack else self.doc
        if kind == OTHER and parent.kind == ITEM and not parent.used and leaf != NO_LEAF:
            self.lone_marker()  # code, HTML: under the item's line, not on it
        elif not opened:
            # Python-Markdown puts indented code right after a list into its last item
            self.separate(parent, kind, leaf == IN_CODE and parent.last in (UL, OL))
        parent.last = kind
        parent.filled = True
        self.leaf = leaf

    def separate(
        self, parent: Box, kind: int, apart: bool = False, same_list: bool = False
    ) -> None:
        """Write what Python-Markdown needs before a new block of ``kind`` in ``parent``.

        A blank line, unless the block is the container's first, or Python-Markdown
        keeps reading it in the same run of lines the way GitHub does: the next item
        of a tight list, a list or fenced code right under an item's own text. Two
        lists or quotes that GitHub keeps ``apart`` get a separator between them.
        """
        if not parent.used or parent.last == NONE:
            return
        scope = parent.scope
        after_blank = scope.blank_at == len(self.out)
        if apart:
            if not after_blank:
                self.write_blank(len(self.stack))
            if self.stash is not None:
                self.write(self.stash(SEPARATOR), OTHER)
            else:
                self.write(SEPARATOR, OTHER)
            self.write_blank(len(self.stack))
            return
        if after_blank:
            return
        if same_list:
            if parent.list_marker_at == scope.blanks and parent.list_own_line:
                return  # the list is tight so far: its next item follows at once
        elif (
            parent.kind == ITEM
            and parent.marker_at == scope.blanks
            and self.last_owner is parent
            and (
                (kind == STASHED and parent.last in (PARA, STASHED))
                or (kind in (UL, OL) and parent.last in (PARA, STASHED) and parent.own_line)
                or (kind == PARA and parent.last == STASHED)
            )
        ):
            return
        self.write_blank(len(self.stack))

    def lone_marker(self) -> None:
        """Write an item's marker on a line of its own, and the blank line after it."""
        self.marker_line()
        self.write_blank(len(self.stack))

    def marker_line(self) -> None:
        """The markers of the items not written yet, on a line with nothing else.

        Bullets as ``*``: Python-Markdown takes a line of only ``-`` under a line of
        text for a setext heading's underline (and does not tell bullets apart).
        """
        for box in self.stack:
            if not box.used and box.kind == ITEM and box.marker in ("- ", "+ "):
                box.marker = "* "
        self.write("", OTHER)

    # -- leaf blocks ------------------------------------------------------------------------

    def start_para(self, text: str) -> None:
        """A paragraph's first line; its later lines go under its text (Python-Markdown
        reads them as the same paragraph however far they are indented)."""
        stack = self.stack
        top = stack[-1] if stack else self.doc
        first_line_of_item = not top.used and top.kind == ITEM
        prefix = self.prefix(len(stack))
        self.para_start = len(self.out)
        self.para_texts = [text]
        self.out.append(prefix + escape_para(text))
        self.last_owner = top
        if first_line_of_item:  # every container's continuation is known now
            cont = self.cont_prefix or ""
            self.para_cont = cont[: len(cont) - len(top.cont)] + " " * len(top.marker)
        else:
            self.para_cont = prefix

    def para_line(self, text: str) -> None:
        self.para_texts.append(text)
        if text.startswith("<"):  # not to Python-Markdown's search for HTML blocks
            self.out.append(self.para_cont + "    " + text)
        elif text[0] in "|-:" and TABLE_DELIMITER.match(text):  # not a table's either
            self.out.append(self.para_cont + "\\" + text)
        else:
            self.out.append(self.para_cont + escape_para(text))

    def setext_heading(self, level: int) -> None:
        """A paragraph underlined by = or -: one ATX heading line, which Python-Markdown
        reads in any container and after any number of lines."""
        first = self.out[self.para_start]
        prefix = first[: len(first) - len(escape_para(self.para_texts[0]))]
        text = " ".join(t.strip() for t in self.para_texts)
        if text.endswith("#"):
            text = text[:-1] + "\\#"
        self.out[self.para_start :] = [prefix + "#" * level + " " + text]
        self.leaf = NO_LEAF
        parent = self.stack[-1] if self.stack else self.doc
        parent.last = OTHER

    def try_table(self, line: str, first: int) -> bool:
        """A delimiter row under a one-line header row with as many cells starts a table."""
        row = line[first:]
        if not TABLE_DELIMITER.match(row):
            return False
        header = self.para_texts[-1]
        if "|" not in row and "|" not in header:
            return False
        if len(self.para_texts) > 1 and TABLE_DELIMITER.match(header):
            return False  # cmark-gfm's rule: such a header only on a paragraph's first line
        if cell_count(header) != cell_count(row):
            return False
        header_at = len(self.out) - 1
        if len(self.para_texts) > 1:  # the lines above stay a paragraph
            full = self.prefix(len(self.stack))
            self.out[header_at] = full + header
            self.out.insert(header_at, full.rstrip())
            scope = self.stack[-1].scope if self.stack else self.doc
            scope.blanks += 1
        self.write(row, OTHER)
        self.leaf = IN_TABLE
        parent = self.stack[-1] if self.stack else self.doc
        parent.last = OTHER
        return True

    def try_fence(self, line: str, pos: int, first: int, matched: int, opened: bool) -> bool:
        match = FENCE_OPEN.match(line, first)
        if match is None or (match.group(1)[0] == "`" and "`" in match.group(2)):
            return False
        self.open_leaf(matched, opened, IN_FENCE, STASHED)
        self.fence = match.group(1)
        self.fence_indent = first - pos
        self.fence_info = match.group(2).strip()
        self.fence_lines = []
        if self.stash is None:
            self.write(line[first:], OTHER)
        return True

    def fence_line(self, line: str, pos: int) -> None:
        first = SPACES.match(line, pos).end()
        fence = self.fence
        if first - pos <= 3 and line.startswith(fence, first):
            end = first + len(fence)
            while end < len(line) and line[end] == fence[0]:
                end += 1
            if not line[end:].strip():
                self.close_leaf()
                if self.stash is None:
                    self.write(line[first:].rstrip(), OTHER)
                return
        content = line[min(first, pos + self.fence_indent) :] if line.strip() else ""
        if self.stash is None:
            self.write(content, OTHER)
        else:
            self.fence_lines.append(content)

    def try_html(
        self, line: str, pos: int, first: int, matched: int, opened: bool, interrupting: bool
    ) -> bool:
        for start, ending in HTML_STARTS:
            if start.match(line, first):
                end = ending
                break
        else:
            if interrupting or not HTML_ANY_TAG.match(line, first):
                return False
            end = None
        if not opened and (self.leaf or len(self.stack) > matched):
            self.close_from(matched)
        # inside a quote or list item, the block is stashed whole, as Python-Markdown finds
        # none there; at the top level hubgen.markup.htmlblocks has taken them out already
        self.html_lines = [] if self.stack and self.stash is not None else None
        self.open_leaf(matched, opened, IN_HTML, OTHER if self.html_lines is None else STASHED)
        self.html_end = end
        self.html_line(line, pos)
        return True

    def html_line(self, line: str, pos: int) -> None:
        if self.html_lines is None:
            self.write(line[pos:], OTHER)
        else:
            self.html_lines.append(line[pos:])
        if self.html_end is not None and self.html_end.search(line, pos):
            self.close_leaf()

    def close_leaf(self) -> None:
        """End the open leaf block: a fenced block or stashed HTML block is written now."""
        leaf = self.leaf
        self.leaf = NO_LEAF
        if self.stash is None:
            return
        if leaf == IN_FENCE:
            html_text = code_block_html(self.fence_info, self.fence_lines)
        elif leaf == IN_HTML and self.html_lines is not None:
            html_text = "\n".join(self.html_lines)
        else:
            return
        self.write(self.stash(html_text), STASHED)
        parent = self.stack[-1] if self.stack else self.doc
        parent.last = STASHED

    def close_from(self, depth: int) -> None:
        """Close the open leaf block if the containers from ``depth`` on close, then them."""
        stack = self.stack
        self.close_leaf()
        if len(stack) <= depth:
            return
        while len(stack) > depth:
            box = stack[-1]
            if box.kind == ITEM and not box.used:
                self.marker_line()  # an empty item
            stack.pop()
        self.cont_prefix = self.blank_prefix = None

    # -- writing ----------------------------------------------------------------------------

    def prefix(self, depth: int) -> str:
        """The first ``depth`` containers' prefix for a line: a marker where a container
        starts, else its continuation."""
        stack = self.stack
        whole = depth == len(stack)
        if whole and self.cont_prefix is not None:
            return self.cont_prefix
        parts = []
        for box in stack[:depth]:
            if box.used:
                parts.append(box.cont)
                continue
            parts.append(box.marker)
            box.used = True
            if box.kind == ITEM:
                box.marker_at = box.scope.blanks
                parent = box.parent
                if parent is not None:
                    parent.list_marker_at = box.marker_at
        if whole:  # every container is used now
            cont = "".join(box.cont for box in stack)
            self.cont_prefix, self.blank_prefix = cont, cont.rstrip()
        return "".join(parts)

    def write(self, text: str, kind: int) -> None:
        self.out.append(self.prefix(len(self.stack)) + text)
        self.last_owner = self.stack[-1] if self.stack else self.doc

    def write_blank(self, depth: int) -> None:
        """A blank line inside the first ``depth`` containers (``>`` for each quote)."""
        for box in self.stack[:depth]:
            if not box.used and box.kind == ITEM:
                self.marker_line()  # an item begun by a blank line: its marker first
                break
        self.out.append(self.prefix(depth).rstrip())
        scope = self.stack[depth - 1].scope if depth else self.doc
        scope.blanks += 1
        scope.blank_at = len(self.out)


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


def escape_para(text: str) -> str:
    """A paragraph line that Python-Markdown would read as a block start gets a backslash."""
    if not text or text[0] not in BLOCK_START_CHARS:
        return text
    match = PARA_ESCAPE.match(text)
    if match is None:
        return text
    if text[0].isdigit():
        return text[: match.end()] + "\\" + text[match.end() :]
    return "\\" + text


def cell_count(row: str) -> int:
    """The cells of a table row: its unescaped pipes, less a leading and a trailing one."""
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return len(TABLE_PIPE.split(row))


def code_block_html(info: str, lines: list[str]) -> str:
    """A fenced code block as Python-Markdown's fenced_code writes it."""
    code = "".join(line + "\n" for line in lines)
    code = code.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    code = code.replace('"', "&quot;")
    language = info.split()[0] if info else ""
    attribute = f' class="language-{html.escape(language)}"' if language else ""
    return f"<pre><code{attribute}>{code}</code></pre>"
