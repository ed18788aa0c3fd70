"""The output folder: which folders hubgen may replace, and who may write them.

hubgen only ever replaces a folder it made itself (it leaves a ``.hubgen``
marker in it), so ``--out`` can never wipe a folder of yours. One build at a
time writes an output folder, whatever path names it (a symbolic link, a
second copy of the project): the lock is a file beside the folder itself.
The folders a build works in beside the output are named so that they are
known as hubgen's from the moment they exist, and the next build removes any
that a killed build left. How a build is written and swapped in is
:mod:`hubgen.buffers`.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import time
from pathlib import Path

from hubgen.errors import Problem

MARKER = ".hubgen"
MARKER_TEXT = "made by hubgen; replaced on every build\n"
LOCK_WAIT = 10.0  # seconds a second build waits for the first to finish


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


def temp_name(out: Path, purpose: str) -> Path:
    """A new name beside ``out`` for a folder a build works in (``.public.tmp-…``)."""
    return out.with_name(f".{out.name}.tmp-{purpose}{secrets.token_hex(6)}")


def make_temp(out: Path) -> Path:
    """A new, marked folder beside ``out`` to build into. It is made with the usual
    permissions (as any folder the build makes: 0755 under umask 022), not a private
    temporary folder's 0700, since it becomes the published folder."""
    folder = temp_name(out, "")
    folder.mkdir(parents=True)
    (folder / MARKER).write_text(MARKER_TEXT)
    return folder


def remove_leftovers(out: Path) -> None:
    """Remove the working folders that killed builds left beside ``out``: the ones named
    by :func:`temp_name`, and those of older versions of hubgen (``.public.XXXXXXXX``
    holding a marker, ``.public.old-PID``). Called with the output's lock held."""
    prefix = f".{out.name}."
    try:
        entries = list(out.parent.iterdir())
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not name.startswith(prefix) or entry.is_symlink() or not entry.is_dir():
            continue
        rest = name[len(prefix) :]
        older = len(rest) == 8 and rest != "previous" and (entry / MARKER).exists()
        ours = rest.startswith(("tmp-", "old-")) or older
        if ours:
            shutil.rmtree(entry, ignore_errors=True)


class OutputLock:
    """The right to write one output folder, held from the start of a build to its end.

    The lock is a file beside the folder (``.public.lock``) in the folder's real
    parent, so every path that names the folder (through symbolic links, or
    from another copy of the project) takes the same lock. A second build
    waits up to :data:`LOCK_WAIT` seconds, then refuses.
    """

    def __init__(self, out: Path, shown: str) -> None:
        self.handle: int | None = None
        try:
            import fcntl
        except ImportError:  # not on a POSIX system: no lock
            return
        out.parent.mkdir(parents=True, exist_ok=True)
        path = out.with_name(f".{out.name}.lock")
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(handle, 32, 0).decode("ascii", "replace").strip()
                    os.close(handle)
                    raise OutputError(_busy(shown, holder)) from None
                time.sleep(0.1)
        with contextlib.suppress(OSError):  # who holds it, for the message of a second build
            os.ftruncate(handle, 0)
            os.pwrite(handle, f"{os.getpid()}\n".encode(), 0)
        self.handle = handle

    def release(self) -> None:
        if self.handle is not None:
            os.close(self.handle)
            self.handle = None


def _busy(shown: str, holder: str) -> Problem:
    who = f" (process {holder})" if holder.isdigit() else ""
    return Problem(
        shown,
        None,
        f"another hubgen build is writing this output folder{who}",
        f"wait until it has finished, then build again; one build at a time writes a folder "
        f"(it waited {LOCK_WAIT:.0f} s)",
    )
