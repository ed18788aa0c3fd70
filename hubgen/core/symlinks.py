"""Symbolic links in content/: followed only while they stay inside it.

A link from one state's page to another's (``pennsylvania/pages/about.md ->
../../wisconsin/pages/about.md``) is followed like the file itself. A link that
leads outside content/ is refused, so a file or folder elsewhere on the machine
(a home folder, a CI runner's secrets) is never read into a site; so is a link
that leads nowhere (a missing file, or links that point at each other).
"""

from __future__ import annotations

import os
from pathlib import Path

from hubgen.core.errors import Problem


def link_problem(path: str | Path, shown: str, content: Path) -> Problem | None:
    """The problem with ``path`` when it is a link that must not be followed."""
    if not os.path.islink(path):
        return None
    target = os.path.realpath(path)
    inside = os.path.realpath(content)
    if not os.path.exists(target):
        hint = "point the link at a file that exists, or replace it with the file"
        return Problem(shown, None, "a link to a file that does not exist (or a loop of links)",
                       hint)  # fmt: skip
    if os.path.commonpath([target, inside]) != inside:
        hint = "copy the file into content/; links may only point at other files in content/"
        return Problem(shown, None, "a link to a place outside content/", hint)
    return None


def links_out(folder: Path, content: Path, root: Path) -> list[Problem]:
    """Every link under ``folder`` (a small one: images/, _templates/), the folder itself
    included, that must not be followed. Links to folders inside content/ are followed,
    each folder once, so links that loop back are read once."""
    shown_root = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else str(folder)
    found = link_problem(folder, shown_root, content)
    if found:
        return [found]
    problems = []
    seen = set()
    for base, dirs, files in os.walk(folder, followlinks=True):
        seen.add(os.path.realpath(base))
        for name in sorted(dirs + files):
            path = os.path.join(base, name)
            shown = f"{shown_root}/{os.path.relpath(path, folder)}"
            problem = link_problem(path, shown, content)
            if problem:
                problems.append(problem)
            if name in dirs and (problem or os.path.realpath(path) in seen):
                dirs.remove(name)
    return problems
