"""Relative addresses in Markdown: which links are read from their page, and what they name.

Editors write links from the state site's root (``/training/phone-banking/``), but
pasted material often has relative ones (``../nowhere-else/``, ``img/map.png``). A
relative address is read from the address of its document's own page, in the
language-free form root-relative links are written in: ``../nowhere-else/`` in the body of
the community page /communities/wausau/ names /communities/nowhere-else/, on the English
and the Spanish site alike (where it is /es/communities/nowhere-else/, as a root-relative
link written in a Spanish body would be). The converter writes what it names into the
page, with the base path, and the link check checks that; both read it here, from the same
two things: the document's address and the link as written.
"""

from __future__ import annotations

import re
from html import unescape

SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.I)  # https:, mailto:, tel:...
AROUND = "".join(map(chr, range(33)))  # spaces and control characters


def as_read(address: str) -> str:
    """An address as a browser reads it: entities decoded, tabs and line breaks taken out,
    spaces and control characters around it stripped ('jav&#x09;ascript:' is 'javascript:',
    an e-mail address written as entities is a 'mailto:' one)."""
    return re.sub(r"[\t\n\r]", "", unescape(address)).strip(AROUND)


def is_relative(address: str) -> bool:
    """Whether an address is read from the page it is on: not empty, not from the site's
    root ('/about/'), not on another site ('//example.org/', 'https:', 'mailto:'...).
    A section of the page ('#agenda') and a query ('?page=2') are relative."""
    return bool(address) and not address.startswith("/") and not SCHEME.match(address)


def resolve(page: str, address: str) -> str | None:
    """The root-relative address a relative ``address`` names on the page at ``page`` (an
    address in the site that ends with '/': '/communities/wausau/', '/' for the home
    page), query and fragment kept; None when it climbs above the site's root."""
    cut = min((i for i in (address.find("?"), address.find("#")) if i >= 0), default=len(address))
    path, rest = address[:cut], address[cut:]
    if not path:
        return page + rest
    parts = [part for part in page.split("/") if part]
    pieces = path.split("/")
    for piece in pieces:
        if piece == "..":
            if not parts:
                return None
            parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    folder = pieces[-1] in ("", ".", "..")  # 'x/', '.', '..' name a folder: a page
    joined = "/" + "/".join(parts)
    return (joined + "/" if folder and parts else joined) + rest


def site_address(page: str, written: str) -> str | None:
    """What a link written on the page at ``page`` names in the site: root-relative links
    as written, relative ones resolved (None above the root)."""
    return resolve(page, written) if is_relative(written) else written
