"""The output folder: which folders hubgen may replace.

hubgen only ever replaces a folder it made itself (it leaves a ``.hubgen``
marker in it), so ``--out`` can never wipe a folder of yours. How a build is
written and swapped in is :mod:`hubgen.buffers`.
"""

from __future__ import annotations

from pathlib import Path

from hubgen.errors import Problem

MARKER = ".hubgen"
MARKER_TEXT = "made by hubgen; replaced on every build\n"


class OutputError(Exception):
    """The output folder cannot be used; carries a problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def check_out_dir(out: Path, root: Path) -> Problem | None:
    """Refuse output folders that would overwrite the project or someone's files."""
    out, root = out.resolve(), root.resolve()
    if out == root or out in root.parents or (root / "content").resolve().is_relative_to(out):
        return Problem(
            str(out),
            None,
            "the output folder would replace the project itself",
            "choose a folder of its own, like --out public",
        )
    if out.exists() and not out.is_dir():
        return Problem(str(out), None, "the output path is a file", "choose a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        return Problem(
            str(out),
            None,
            "the output folder exists and was not made by hubgen",
            "choose another --out, or empty the folder first",
        )
    return None
