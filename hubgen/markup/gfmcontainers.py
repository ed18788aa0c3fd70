"""The containers open while :mod:`hubgen.markup.gfmlists` rewrites a page, and their lines.

A block quote or list item is a :class:`Box`. :class:`Writer` holds the
state of one pass over a page's lines (the stack of open boxes, the open leaf
block, the output) and does what lines of every kind need: opening a
container, or a leaf block in the innermost one, with the blank line or
separator Python-Markdown needs before it; closing blocks (a fenced code
block or an HTML block is stashed then); and writing a line under its
containers' prefixes: ``> `` for a quote, four spaces for a list item, its
marker on the item's first line.
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


class Writer:
    """One pass's state: the open containers, the open leaf block, and the output."""

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

    # -- closing blocks ---------------------------------------------------------------------

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


def code_block_html(info: str, lines: list[str]) -> str:
    """A fenced code block as Python-Markdown's fenced_code writes it."""
    code = "".join(line + "\n" for line in lines)
    code = code.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    code = code.replace('"', "&quot;")
    language = info.split()[0] if info else ""
    attribute = f' class="language-{html.escape(language)}"' if language else ""
    return f"<pre><code{attribute}>{code}</code></pre>"
