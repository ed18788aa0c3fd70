"""Offline search: a Pagefind index written into each state's built site.

Pagefind (its command-line program ships in the PyPI package ``pagefind[bin]``)
reads the built HTML, one index per page language, and writes a small
search bundle to ``pagefind/``; the search page loads it from the same site,
so search works on any static host and on a copy of the files, offline.
Only pages marked ``data-pagefind-body`` are indexed (unlisted events are not).
Pagefind names its files for their content, and hubgen puts the one table it
writes in no set order into order, so the same pages give the same bundle.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from hubgen.buffers import write_file
from hubgen.errors import Problem

BUNDLE = "pagefind"
ENTRY = "pagefind-entry.json"  # the bundle's table of contents


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
    _languages_in_order(folder / BUNDLE / ENTRY)
    return None


def _languages_in_order(entry: Path) -> None:
    """Pagefind lists the indexes of the languages in any order (its own table's): name
    them in alphabetical order, so one build's bundle is byte for byte the next one's."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data.get("languages", {}).items()))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    write_file(entry.parent, entry.name, text.encode())
