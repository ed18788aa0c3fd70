"""Other tools' leftovers told to organizers: what each one is, and what to write instead.

:func:`problems_of` turns the :class:`~hubgen.markup.leftovers.Leftover` records
of a body into problems at their lines of the document's file: a broken address
is an error, anything else a warning. Every hint is in an organizer's words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from hubgen.content.discovery import NATIONAL
from hubgen.content.documents import Document
from hubgen.core.errors import Problem
from hubgen.markup.leftovers import Leftover, broken_address

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
