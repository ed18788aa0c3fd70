"""Finding other tools' leftovers in a body: code that hubgen shows as text, and broken addresses.

Organizers paste training material from Jekyll and Hugo sites, GitHub and
Jupyter Book. What those tools ran or hid shows on a hubgen page as it was
written: ``{% include toc.html %}`` at the top of a page, ``{:toc}`` under a
list, a ``{{< youtube … >}}`` where the video was. hubgen never runs content
as a template (that stays so); it says where each leftover is, which tool it
comes from, and what to write instead, as a warning.

An address that holds template code or a space (``{{ site.baseurl }}/img/x.png``)
is broken whatever the tool, so it is an error. Code spans, fenced and indented
code, HTML comments and raw ``<pre>``/``<code>`` are left alone: a training
module may show template code on purpose.

:func:`scan` reads a body and gives :class:`Leftover` records, each with its
line inside the body; it depends on the text alone, so its result is kept in
the memo under the body's hash (:func:`found_in`).
:mod:`hubgen.markup.leftoverhints` words them for the file they were found in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Protocol

from hubgen.content.documents import Document


@dataclass(frozen=True)
class Leftover:
    """One leftover: its line in the body (1 = the body's first), what kind it is, the
    name inside it that decides the advice (``include``, ``youtube``, ``note``...), and
    the text as written."""

    line: int
    kind: str
    name: str
    written: str


class Memo(Protocol):
    def remember(self, parts: Hashable, compute: Callable[[], Any]) -> Any: ...


def found_in(doc: Document, memo: Memo) -> tuple[Leftover, ...]:
    """The leftovers of a document's body, kept under the body's hash."""
    found: tuple[Leftover, ...] = memo.remember(
        ("leftovers", doc.body_hash), lambda: scan(doc.body)
    )
    return found


# -- finding them ---------------------------------------------------------------------------

FENCE_OPEN = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$")
LIST_ITEM = re.compile(r"^[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
HIDDEN = re.compile(r"<!--.*?-->|<(pre|code|script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)
CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
MYST_INFO = re.compile(r"^\s*\{([\w-]+(?::[\w-]+)?)\}")
TEMPLATE = ("{{", "}}", "{%", "%}")
SPACE = re.compile(r"\s")
CODE_BLOCKS = ("```", "~~~", "\n    ", "\n\t")  # where a body may have a code block

# What shows as text, in the order they are looked for (a later one never matches inside
# an earlier one's text).
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("hugo-shortcode", re.compile(r"\{\{([<%])\s*/?\s*([\w./-]*).*?[>%]\}\}")),
    ("liquid-tag", re.compile(r"\{%-?\s*(\w*).*?-?%\}")),
    ("output", re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}")),
    ("kramdown", re.compile(r"\{:([:/]?)\s*([^{}\n]*?)\s*\}")),
    ("myst-role", re.compile(r"\{([a-z][\w-]*(?::[\w-]+)?)\}(?=`)")),
)
HEADING_ID = re.compile(r"^#{1,6}\s.*?(\{\s*[#.][\w-]+[^{}\n]*\})\s*#*\s*$")
MYST_COLON = re.compile(r"^\s*(:{3,}\s*\{([\w-]+)\}.*?)\s*$")
MYST_TARGET = re.compile(r"^\s*(\(([\w.:-]+)\)=)\s*$")

# Addresses: Markdown's [words](address) and ![alt](address), reference definitions, and
# href/src in raw HTML.
REFERENCE = re.compile(r"^ {0,3}\[[^\]^][^\]]*\]:\s*(.+?)\s*$")  # not a footnote's [^1]:
HTML_TAG = re.compile(r"<(a|img)\b[^>]*>", re.I)
HTML_ADDRESS = re.compile(
    r"""(?<![\w-])(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I
)
PLAIN_ADDRESS = re.compile(r"[^()\s{}%]*\)")
TITLE_AT_END = re.compile(r"""\s+("[^"]*"|'[^']*'|\([^()]*\))\s*$""")


def scan(body: str) -> tuple[Leftover, ...]:
    """Every leftover in a body, by line; nothing inside code or comments."""
    if not _may_hold_any(body):
        return ()  # most bodies: no need to tell code from text
    fences: list[Leftover] = []
    lines = _without_code(body.split("\n"), fences)
    found = [(f.line, 0, f) for f in fences]
    for index, line in enumerate(lines):  # a line without any of these has nothing to find
        if "{" in line or "](" in line or "]:" in line or "=" in line:
            found += [(index + 1, column, f) for column, f in _in_line(line, index + 1)]
    return tuple(f for _, _, f in sorted(found, key=lambda item: item[:2]))


def _may_hold_any(body: str) -> bool:
    """Whether a pattern could match anywhere in the body, code or not: every one of them
    needs a brace, a raw HTML tag, a MyST target's ')=', or a Markdown link whose address
    is not plain (a space, brace or parenthesis in it)."""
    if "{" in body or "}" in body or "<" in body or ")=" in body:
        return True
    start = body.find("](")
    while start >= 0:
        if not PLAIN_ADDRESS.match(body, start + 2):
            return True
        start = body.find("](", start + 2)
    return False


def _without_code(lines: list[str], found: list[Leftover]) -> list[str]:
    """The lines as a reader sees them as text: code blocks, code spans, comments and
    raw <pre>, <code>, <script> and <style> blanked out (line numbers kept). A fence
    opened as a MyST directive is a finding of its own."""
    text = "\n".join(lines)
    if not any(mark in text for mark in CODE_BLOCKS) and not text.startswith((" " * 4, "\t")):
        return _without_inline_code(text).split("\n")
    shown: list[str] = []
    fence: tuple[str, int] | None = None
    in_list = in_code = False
    blank_before = True
    for number, line in enumerate(lines, 1):
        if fence is not None:
            shown.append("")
            stripped = line.strip()
            if stripped.startswith(fence[0] * fence[1]) and not stripped.strip(fence[0]):
                fence = None
            continue
        opened = FENCE_OPEN.match(line)
        if opened and not (opened.group(1)[0] == "`" and "`" in opened.group(2)):
            fence = (opened.group(1)[0], len(opened.group(1)))
            directive = MYST_INFO.match(opened.group(2))
            if directive:
                written = line.strip()
                found.append(Leftover(number, "myst-fence", directive.group(1), written))
            shown.append("")
            blank_before, in_code = False, False
            continue
        if not line.strip():
            shown.append(line)
            blank_before = True
            continue
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        if LIST_ITEM.match(line):
            in_list = True
        elif indent == 0 and blank_before:
            in_list = False  # a paragraph at the margin after a blank line ends the list
        if indent >= 4 and not in_list and (blank_before or in_code):
            in_code = True  # an indented code block
            shown.append("")
        else:
            in_code = False
            shown.append(line)
        blank_before = False
    return _without_inline_code("\n".join(shown)).split("\n")


def _without_inline_code(text: str) -> str:
    """The text with comments, raw <pre>, <code>, <script> and <style>, and code spans
    blanked out."""
    if "<" in text:
        text = HIDDEN.sub(_blank, text)
    if "`" in text:
        text = "\n\n".join(_without_spans(part) for part in text.split("\n\n"))
    return text


def _blank(match: re.Match[str]) -> str:
    """The match as spaces, its line breaks kept."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _without_spans(paragraph: str) -> str:
    """Code spans' insides blanked, their backticks kept (a MyST role is known by the
    backtick after it)."""
    if "`" not in paragraph:
        return paragraph

    def blank_inside(match: re.Match[str]) -> str:
        ticks = match.group(1)
        return ticks + re.sub(r"[^\n]", " ", match.group(2)) + ticks

    return CODE_SPAN.sub(blank_inside, paragraph)


def _in_line(line: str, number: int) -> list[tuple[int, Leftover]]:
    """The leftovers of one line (code already blanked), each with its column."""
    found, line = _addresses(line, number)
    if "{" not in line and "(" not in line:
        return found
    heading = HEADING_ID.match(line)
    if heading:
        found.append((heading.start(1), Leftover(number, "heading-id", "", heading.group(1))))
        line = _cut(line, heading.start(1), heading.end(1))
    for kind, pattern in (("myst-colon", MYST_COLON), ("myst-target", MYST_TARGET)):
        whole = pattern.match(line)
        if whole:
            found.append((whole.start(1), Leftover(number, kind, whole.group(2), whole.group(1))))
            return found
    for kind, pattern in PATTERNS:
        if "{" not in line:
            break
        for match in pattern.finditer(line):
            found.append((match.start(), _leftover(kind, match, number)))
            line = _cut(line, match.start(), match.end())
    return found


def _cut(line: str, start: int, end: int) -> str:
    return line[:start] + " " * (end - start) + line[end:]


def _leftover(kind: str, match: re.Match[str], number: int) -> Leftover:
    written = match.group(0)
    if kind == "hugo-shortcode":
        return Leftover(number, kind, match.group(2).lower(), written)
    if kind == "liquid-tag":
        return Leftover(number, kind, match.group(1).lower(), written)
    if kind == "output":
        inside = match.group(1)
        hugo = inside.startswith((".", "$"))
        name = "baseurl" if _is_base_url(inside) else ""
        return Leftover(number, "hugo-output" if hugo else "liquid-output", name, written)
    if kind == "kramdown":
        special = match.group(1)
        name = "toc" if not special and match.group(2).lower() == "toc" else ""
        name = "close" if special == "/" else name
        return Leftover(number, "kramdown-extension" if special else "kramdown", name, written)
    return Leftover(number, kind, match.group(1).lower(), written)


def _is_base_url(inside: str) -> bool:
    return bool(re.search(r"site\.(base_?url|url)\b|relative_url|absolute_url|"
                          r"\.Site\.BaseURL|\b(?:rel|abs)URL\b", inside, re.I))  # fmt: skip


def _addresses(line: str, number: int) -> tuple[list[tuple[int, Leftover]], str]:
    """Addresses with template code or a space (with their columns), and the line with
    those addresses blanked (their template code is told once, as the address's error)."""
    found: list[tuple[int, Leftover]] = []
    spans: list[tuple[int, int, str, bool]] = []  # (start, end, address, is an image)
    if "](" in line:
        spans += _markdown_addresses(line)
    reference = REFERENCE.match(line) if "]:" in line else None
    if reference and any(mark in reference.group(1) for mark in TEMPLATE):
        # with a space and no template code it is likely text ('[Update]: we moved')
        spans.append((reference.start(1), reference.end(1), reference.group(1), False))
    if "=" in line and "<" in line:
        spans += _html_addresses(line)
    for start, end, written, image in spans:
        address = _without_title(written)
        why = broken_address(address)
        if why:
            role = "image" if image else "link"
            found.append((start, Leftover(number, f"address-{why}", role, address)))
            line = _cut(line, start, end)
    return found, line


def _markdown_addresses(line: str) -> list[tuple[int, int, str, bool]]:
    spans = []
    for opening in re.finditer(r"\]\(", line):
        start = opening.end()
        if PLAIN_ADDRESS.match(line, start):
            continue  # no space, brace or parenthesis: nothing to tell (most links)
        depth, end = 1, start
        while end < len(line) and depth:
            depth += {"(": 1, ")": -1}.get(line[end], 0)
            end += 1
        if depth:
            continue  # never closed: not a link
        image = _opening_bracket(line, opening.start()) is True
        spans.append((start, end - 1, line[start : end - 1], image))
    return spans


def _opening_bracket(line: str, close: int) -> bool | None:
    """Whether the [ that the ] at ``close`` closes is an image's ``![``; None if none."""
    depth = 0
    for index in range(close, -1, -1):
        char = line[index]
        if char == "]":
            depth += 1
        elif char == "[":
            depth -= 1
            if depth == 0:
                return index > 0 and line[index - 1] == "!"
    return None


def _html_addresses(line: str) -> list[tuple[int, int, str, bool]]:
    spans = []
    for tag in HTML_TAG.finditer(line):
        image = tag.group(1).lower() == "img"
        for attribute in HTML_ADDRESS.finditer(tag.group(0)):
            if attribute.group(1).lower() != ("src" if image else "href"):
                continue
            group = next(g for g in (2, 3, 4) if attribute.group(g) is not None)
            start = tag.start() + attribute.start(group)
            spans.append((start, start + len(attribute.group(group)), attribute.group(group),
                          image))  # fmt: skip
    return spans


def _without_title(written: str) -> str:
    """A Markdown address without its title (``/about/ "About us"``) or angle brackets."""
    address = written.strip()
    if address.startswith("<") and ">" in address:
        return address[1 : address.index(">")].strip()
    return TITLE_AT_END.sub("", address).strip() if " " in address else address


def broken_address(address: str) -> str:
    """'template' or 'space' when an address (a link's or an image's) cannot work as
    written; '' when it may."""
    stripped = address.strip()
    if any(mark in stripped for mark in TEMPLATE):
        return "template"
    return "space" if SPACE.search(stripped) else ""
