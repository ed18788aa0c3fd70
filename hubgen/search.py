"""Offline search: a Pagefind index written into each state's built site.

Pagefind (its command-line program ships in the PyPI package ``pagefind[bin]``)
reads the built HTML, one index per page language, and writes a small
search bundle to ``pagefind/``; the search page loads it from the same site,
so search works on any static host and on a copy of the files, offline.
Only pages marked ``data-pagefind-body`` are indexed (unlisted events are not).
"""

from __future__ import annotations

import sys
from pathlib import Path

from hubgen.errors import Problem

BUNDLE = "pagefind"


def index_site(folder: Path, shown: str) -> Problem | None:
    """Index one built state site in place; a problem if Pagefind is missing or fails."""
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", BUNDLE,
               "--silent"]  # fmt: skip
    import subprocess

    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Problem(shown, None, f"the search index could not be built: {exc}",
                       "install hubgen's dependencies again (pagefind[bin])")  # fmt: skip
    if result.returncode != 0 or not (folder / BUNDLE / "pagefind.js").is_file():
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        return Problem(shown, None, f"the search index could not be built: {detail[0]}",
                       "install hubgen's dependencies again (pagefind[bin])")  # fmt: skip
    return None
