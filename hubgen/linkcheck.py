"""Check the links editors write in Markdown against the pages a build made.

A root-relative link (``/training/phone-banking/#before-you-call``) must name
a page or static file of the same state's site, and its anchor must exist on
that page. Broken links are errors with the file and line they were written on.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from hubgen.errors import Problem
from hubgen.site import StateSite


def check_links(
    site: StateSite,
    links: Mapping[tuple[str, str], tuple[str, ...]],
    ids: Mapping[str, frozenset[str]],
    statics: list[Path],
    prefix: str = "/",
) -> list[Problem]:
    """``prefix`` is where the checked pages' language starts: '/' or '/es/'."""
    problems = []
    for key, written in links.items():
        doc = site.documents[key]
        for link in written:
            message = _broken(link, ids, statics, site.config.key, prefix)
            if message:
                line = next(
                    (
                        doc.body_line + i
                        for i, text in enumerate(doc.body.splitlines())
                        if link in text
                    ),
                    None,
                )
                hint = "links start at the state site's root, like /training/phone-banking/"
                problems.append(Problem(doc.source.shown, line, message, hint))
    return problems


def _broken(
    link: str, ids: Mapping[str, frozenset[str]], statics: list[Path], key: str, prefix: str
) -> str:
    path, _, fragment = link.partition("#")
    path = path.split("?", 1)[0]
    if path.startswith("/static/"):
        relative = path[len("/static/") :]
        if any((folder / relative).is_file() for folder in statics):
            return ""
        return f"link to {link}: no such static file"
    url = prefix + (path if path.endswith("/") else path + "/").lstrip("/")
    if url not in ids:
        return f"link to {link}: no such page in the {key} site"
    if fragment and fragment not in ids[url]:
        return f"link to {link}: the page has no section '#{fragment}'"
    return ""
