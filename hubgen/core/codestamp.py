"""What version of the code made a cached result: hubgen's own source and its libraries.

A cache entry made by other code is never used: every key includes this stamp,
so editing hubgen, upgrading Python-Markdown or Jinja, or switching Python
makes every entry new. Files are known by their path, size and modification
time, which every edit and every upgrade changes, so the stamp is quick to make.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from functools import cache
from pathlib import Path

LIBRARIES = (
    "markdown", "jinja2", "nh3", "yaml", "icalendar", "PIL", "markupsafe", "dateutil", "babel",
)  # fmt: skip


@cache
def code_stamp() -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(sys.version.encode())
    package = Path(__file__).resolve().parent.parent  # hubgen/
    for folder, _, names in sorted(os.walk(package)):
        for name in sorted(names):
            if name.endswith((".py", ".tsv", ".json")):
                st = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name}:{st.st_size}:{st.st_mtime_ns}".encode())
    for module in LIBRARIES:
        spec = importlib.util.find_spec(module)
        origin = spec.origin if spec else None
        st = os.stat(origin) if origin else None
        digest.update(f"{module}:{origin}:{st and st.st_size}:{st and st.st_mtime_ns}".encode())
    return digest.digest()
