"""The hubgen command's entry point: the command line, or which library is missing.

Importing the command line imports most of hubgen and its libraries (jinja2,
Python-Markdown, nh3...). An installation that lacks one fails at that import,
before the command line's own error handling runs, so it is told here, in one
line with a hint, rather than as a traceback (HUBGEN_DEBUG=1 shows it).
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn


def missing_library(exc: ModuleNotFoundError) -> NoReturn:
    if os.environ.get("HUBGEN_DEBUG"):
        raise exc
    print(f"hubgen: a library it needs is not installed: {exc.name}", file=sys.stderr)
    print("    hint: install hubgen with its dependencies again, e.g. pip install .",
          file=sys.stderr)  # fmt: skip
    sys.exit(1)


def main() -> None:
    try:
        from hubgen.cli.commands import run
    except ModuleNotFoundError as exc:
        missing_library(exc)
    except KeyboardInterrupt:  # Ctrl-C while the libraries load
        print("Stopped.", file=sys.stderr)
        sys.exit(130)
    try:
        run()
    except ModuleNotFoundError as exc:  # a library imported only when a command needs it
        missing_library(exc)
