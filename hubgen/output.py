"""Write a build into a staging folder, then swap it in whole.

Nothing is written into the published folder until every page rendered; a
failed build removes its staging folder and leaves the previous output as it
was. A full build replaces ``public/``; ``--state KEY`` replaces only
``public/KEY/``. hubgen only ever replaces a folder it made itself (it leaves
a ``.hubgen`` marker in it), so ``--out`` can never wipe a folder of yours.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

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


class Staging:
    """A folder beside the target, filled by the build and swapped in by :meth:`commit`."""

    def __init__(self, target: Path, scratch: Path) -> None:
        """``scratch`` holds the staging folder: on the target's file system, outside it."""
        self.target = target
        scratch.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=scratch))
        (self.folder / MARKER).write_text(MARKER_TEXT)

    def path_for(self, relative: str) -> Path:
        """The file for a site-relative path; refuses anything leaving the folder."""
        pure = PurePosixPath(relative)
        if pure.is_absolute() or ".." in pure.parts:
            raise OutputError(
                Problem(
                    relative,
                    None,
                    "an output path leaves the output folder",
                    "use plain names without '..'",
                )
            )
        return self.folder.joinpath(*pure.parts)

    def write(self, relative: str, content: str | bytes) -> None:
        path = self.path_for(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    def copy_tree(self, source: Path, relative: str) -> None:
        destination = self.path_for(relative)
        shutil.copytree(
            source,
            destination,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(".*", "*~", "__pycache__", "*.py"),
        )

    def commit(self) -> None:
        """Swap the staging folder in for the target, then remove the old one."""
        if not self.target.parent.is_dir():
            self.target.parent.mkdir(parents=True)
            (self.target.parent / MARKER).write_text(MARKER_TEXT)
        old = None
        if self.target.exists():
            old = self.target.with_name(f".{self.target.name}.old-{os.getpid()}")
            if old.exists():
                shutil.rmtree(old)
            os.replace(self.target, old)
        os.replace(self.folder, self.target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
