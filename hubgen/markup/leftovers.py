"""Leftovers of other tools in a body: code that hubgen shows as text, and broken addresses.

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
the memo under the body's hash (:func:`found_in`). :func:`problems_of` words
them for the file they were found in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Protocol
from urllib.parse import urlsplit

from hubgen.content.discovery import NATIONAL
from hubgen.content.documents import Document
from hubgen.core.errors import Problem


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


# -- telling them ---------------------------------------------------------------------------

CODE_ON_PURPOSE = "; to show it as code on purpose, put it between backticks: `...`"
LINK_EXAMPLE = "/training/phone-banking/"
ROOT = "hubgen adds the site's own address"
NOTE = (
    "write the note as text: a paragraph that starts with **Note:**, "
    "or a quote (lines that start with >)"
)
PICTURE = (
    "show the picture with ![what it shows](/images/photo.jpg), the file saved in an images/ folder"
)
PAGE_ADDRESS = f"write the page's address instead, like {LINK_EXAMPLE}"
EMBED = (
    "link to the video or post instead, or embed it with an <iframe> "
    "from a site listed in iframe_hosts in content/site.yaml"
)
CODE_FENCE = "show code in a fenced block instead: a line of ``` before it and one after"
TEXT_ITSELF = f"write the text itself, or a link like {LINK_EXAMPLE}"
INCLUDED = "copy in the text it stood for, or delete it"
UNPROTECTED = "delete it: hubgen never runs template code, so nothing needs to be kept from it"
COMMENT = "delete the comment, or write it as <!-- a comment --> (never shown)"
ANCHORS = "every heading gets an anchor made from its words, like #what-to-bring"


def _by_name(*pairs: tuple[str, str]) -> dict[str, str]:
    """{name: hint} from ('name other-name', hint) pairs."""
    return {name: hint for names, hint in pairs for name in names.split()}


LIQUID_HINTS = _by_name(
    ("include include_relative render", INCLUDED),
    ("link post_url", PAGE_ADDRESS),
    ("raw endraw", UNPROTECTED),
    ("highlight endhighlight", CODE_FENCE),
    ("comment endcomment", COMMENT),
)
HUGO_HINTS = _by_name(
    ("youtube vimeo tweet x instagram gist", EMBED),
    ("figure img image", PICTURE),
    ("ref relref", PAGE_ADDRESS),
    ("notice note tip warning alert callout hint admonition info caution important", NOTE),
    ("highlight code", CODE_FENCE),
)
MYST_DIRECTIVE_HINTS = _by_name(
    ("note warning tip important caution danger hint attention error seealso admonition", NOTE),
    (
        "code-block code code-cell sourcecode",
        "start the block with ``` and the language: ```python",
    ),
    ("figure image", PICTURE),
    ("toctree contents", f"delete it, and link to the pages in the text, like {LINK_EXAMPLE}"),
    ("include literalinclude", "copy in the text it stood for"),
)
MYST_ROLE_HINTS = _by_name(
    ("ref doc numref any", f"write a link instead: [the words]({LINK_EXAMPLE}#a-section)"),
    ("download", "link to the file instead: [the words](/static/handout.pdf)"),
)

AS_TEXT = "hubgen shows it as text"
MYST = "(from Jupyter Book or Sphinx)"
# kind: (what it is, how hubgen shows it)
WHAT: dict[str, tuple[str, str]] = {
    "liquid-tag": ("Jekyll's template code", AS_TEXT),
    "liquid-output": ("Jekyll's template code", AS_TEXT),
    "hugo-shortcode": ("a Hugo shortcode", AS_TEXT),
    "hugo-output": ("Hugo's template code", AS_TEXT),
    "kramdown": ("a kramdown attribute list (from Jekyll)", AS_TEXT),
    "kramdown-extension": ("a kramdown extension (from Jekyll)", AS_TEXT),
    "heading-id": ("a heading id from kramdown or Hugo", AS_TEXT),
    "myst-fence": (f"a MyST directive {MYST}", "hubgen shows the block as code"),
    "myst-colon": (f"a MyST directive {MYST}", AS_TEXT),
    "myst-role": (f"a MyST role {MYST}", AS_TEXT),
    "myst-target": (f"a MyST target {MYST}", AS_TEXT),
}


def problems_of(doc: Document, found: Iterable[Leftover]) -> list[Problem]:
    """Each leftover as a problem at its line of the document's file: template code or a
    space in an address is an error, anything else a warning."""
    problems = []
    for leftover in found:
        line = doc.body_line + leftover.line - 1
        if leftover.kind.startswith("address-"):
            message, hint = _address_words(leftover, images_folder(doc))
            problems.append(Problem(doc.source.shown, line, message, hint))
            continue
        what, shown = WHAT[leftover.kind]
        if leftover.kind == "kramdown" and leftover.name == "toc":
            what = "kramdown's table of contents marker (from Jekyll)"
        message = f"'{shortened(leftover.written)}' is {what}: {shown}"
        problems.append(Problem(doc.source.shown, line, message, _hint(leftover), "warning"))
    return problems


def shortened(text: str, most: int = 60) -> str:
    """Text to quote in a message: a long one cut, with '...' to say so."""
    return text if len(text) <= most else text[: most - 3] + "..."


def _hint(leftover: Leftover) -> str:
    """What to write instead, in an organizer's words."""
    kind, name = leftover.kind, leftover.name
    if kind in ("liquid-output", "hugo-output"):
        if name == "baseurl":
            where = f"delete it: write addresses from the site's root, like {LINK_EXAMPLE}"
            return f"{where}, and {ROOT}{CODE_ON_PURPOSE}"
        return TEXT_ITSELF + CODE_ON_PURPOSE
    if kind == "liquid-tag":
        return LIQUID_HINTS.get(name, TEXT_ITSELF) + CODE_ON_PURPOSE
    if kind == "hugo-shortcode":
        return HUGO_HINTS.get(name, TEXT_ITSELF) + CODE_ON_PURPOSE
    if kind == "kramdown":
        if name == "toc":
            return "delete it: hubgen makes no table of contents; " + ANCHORS
        return "delete it: hubgen gives text no classes, ids or styles" + CODE_ON_PURPOSE
    if kind == "kramdown-extension":
        pair = "the {::...} that opens it" if name == "close" else "the {:/...} that closes it"
        return f"delete it, with {pair}{CODE_ON_PURPOSE}"
    if kind == "myst-fence":
        return MYST_DIRECTIVE_HINTS.get(name, "write the text itself, without the ``` lines")
    if kind == "myst-colon":
        return MYST_DIRECTIVE_HINTS.get(name, "write the text itself") + "; delete the ::: lines"
    if kind == "myst-role":
        role = MYST_ROLE_HINTS.get(name, f"delete {{{name}}} and keep the words")
        return role + CODE_ON_PURPOSE
    return "delete it: " + ANCHORS  # a heading id, a MyST target


def _tool_of(address: str) -> str:
    return "Hugo's" if re.search(r"\{\{[<%]|\{\{-?\s*[.$]", address) else "Jekyll's"


def _address_words(leftover: Leftover, folder: str) -> tuple[str, str]:
    """The message and hint for an address that cannot work: what to write instead."""
    image = leftover.name == "image"
    address = leftover.written
    shown = f"image {shortened(address)}" if image else f"link to {shortened(address)}"
    if leftover.kind == "address-template":
        tool = _tool_of(address)
        message = f"{shown}: the address has {tool} template code in it, which hubgen does not run"
        rest = _meant(address)
        if image:
            name = picture_name(rest)
            return message, f"save the picture as {folder}{name} and write /images/{name}"
        if rest.startswith("/") and not rest.startswith("//") and not broken_address(rest):
            return message, f"write the address from the site's root: {rest} ({ROOT})"
        return message, f"{PAGE_ADDRESS} ({ROOT})"
    message = f"{shown}: the address has a space in it"
    if image:
        name = picture_name(address)
        save = f"save it as {folder}{name} and write /images/{name}"
        return message, f"rename the picture without spaces, {save}"
    if re.match(r"[a-z][a-z0-9+.-]*:", address, re.I):  # another site's, an email's
        return message, (
            "copy the address again from the browser's address bar, or write %20 for each "
            'space; a title goes in quotes: [words](https://example.org/ "About us")'
        )
    return message, (
        "write the address without spaces: hyphens for a page of this site, like "
        '/training/door-knocking/, and a title in quotes: [words](/about/ "About us")'
    )


def _meant(address: str) -> str:
    """What an address with template code meant, as far as it says: the text around the
    code (``{{ site.baseurl }}/training/``), or a quoted path inside it
    (``{{ '/training/' | relative_url }}``)."""
    rest = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", address).strip()
    if rest:
        return rest
    quoted = re.search(r"""["']([^"'\s]+)["']""", address)
    return quoted.group(1) if quoted else ""


def images_folder(doc: Document) -> str:
    """Where a picture for this document goes: the state's images/ folder, or the
    national one for national training and partners."""
    if doc.source.state == NATIONAL:
        return "content/images/"
    return f"content/{doc.source.state}/images/"


def picture_name(address: str) -> str:
    """A file name for a picture found at ``address``: its last part, without spaces."""
    try:
        path = urlsplit(address.strip()).path
    except ValueError:
        path = address
    name = re.sub(r"\s+", "-", PurePosixPath(path).name.strip()).lower() if path else ""
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        return "photo.jpg"
    return name if suffix in ("jpg", "jpeg", "png") else f"{stem}.jpg"  # what hubgen reads
