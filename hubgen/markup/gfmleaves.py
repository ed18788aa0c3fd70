"""GitHub's leaf blocks in containers: paragraphs, setext headings, tables, fences, HTML.

:class:`LeafBlocks` starts and continues them for :mod:`hubgen.markup.gfmlists`.
A paragraph line that Python-Markdown would read as a block start gets a
backslash (:func:`escape_para`); fenced code, and an HTML block inside a
container, are kept whole as GitHub delimits them, for the stash.
"""

from __future__ import annotations

import re

from hubgen.markup.gfmcontainers import (
    BLOCK_START_CHARS,
    IN_FENCE,
    IN_HTML,
    IN_TABLE,
    ITEM,
    NO_LEAF,
    OTHER,
    SPACES,
    STASHED,
    Writer,
)

FENCE_OPEN = re.compile(r"(`{3,}|~{3,})(.*)$")
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
# a list item, heading, quote or fence; a setext underline or thematic break
PARA_ESCAPE = re.compile(
    r"[-+*](?: |$)|\d+(?=[.)](?: |$))|#|>|```|~~~|[=-]+ *$|(?:\* *){3,}$|(?:_ *){3,}$"
)


class LeafBlocks(Writer):
    """A paragraph's lines, a table's start, and the lines of fenced code and HTML blocks."""

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
