"""The output folder: which folders hubgen may replace, and who may write them.

hubgen only ever replaces a folder it made itself (it leaves a ``.hubgen``
marker in it), so ``--out`` can never wipe a folder of yours. One build at a
time writes an output folder, whatever path names it (a symbolic link, a
second copy of the project): the lock is a file beside the folder itself.
The folders a build works in beside the output are named so that they are
known as hubgen's from the moment they exist, and the next build removes any
that a killed build left. How a build is written and swapped in is
:mod:`hubgen.build.swap`.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import time
from pathlib import Path, PurePosixPath
from typing import Any

from hubgen.core.errors import Problem

MARKER = ".hubgen"
MARKER_TEXT = "made by hubgen; replaced on every build\n"
LOCK_WAIT = 10.0  # seconds a second build waits for the first (HUBGEN_LOCK_WAIT sets it)


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


def safe_path(folder: Path, relative: str) -> Path:
    """The file for a relative output path; refuses anything leaving the folder."""
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        hint = "use plain names without '..'"
        raise OutputError(Problem(relative, None, "an output path leaves the output folder", hint))
    return folder.joinpath(*pure.parts)


CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def write_file(folder: Path, relative: str, data: bytes) -> None:
    """Write a file as a new file (never into an existing one, which may be shared)."""
    parts = relative.split("/")
    if relative.startswith("/") or ".." in parts or "" in parts or "\\" in relative:
        safe_path(folder, relative)  # raises the problem
    name = os.path.join(folder, *parts)
    try:
        handle = os.open(name, CREATE, 0o644)
    except FileExistsError:
        os.unlink(name)
        handle = os.open(name, CREATE, 0o644)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(name), exist_ok=True)
        handle = os.open(name, CREATE, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
    except OSError as exc:  # a full disk: say which file
        raise OSError(exc.errno, exc.strerror, name) from None
    finally:
        os.close(handle)


def write_marker(folder: Path, name: str = MARKER) -> None:
    """The file that marks a folder as hubgen's (see :func:`check_out_dir`)."""
    write_file(folder, name, MARKER_TEXT.encode())


def temp_name(out: Path, purpose: str) -> Path:
    """A new name beside ``out`` for a folder a build works in (``.public.tmp-…``)."""
    return out.with_name(f".{out.name}.tmp-{purpose}{secrets.token_hex(6)}")


def make_temp(out: Path) -> Path:
    """A new, marked folder beside ``out`` to build into. It is made with the usual
    permissions (as any folder the build makes: 0755 under umask 022), not a private
    temporary folder's 0700, since it becomes the published folder."""
    folder = temp_name(out, "")
    folder.mkdir(parents=True)
    try:
        write_marker(folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
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
    waits up to :data:`LOCK_WAIT` seconds, then refuses. The holder removes the
    file before it lets go, so none is left behind; a build that got the lock
    on a file removed meanwhile tries again on the new one.
    """

    def __init__(self, out: Path, shown: str) -> None:
        self.handle: int | None = None
        self.path = out.with_name(f".{out.name}.lock")
        try:
            import fcntl
        except ImportError:  # not on a POSIX system: no lock
            return
        out.parent.mkdir(parents=True, exist_ok=True)
        wait = lock_wait()
        deadline = time.monotonic() + wait
        while self.handle is None:
            handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                while not _try_lock(fcntl, handle):
                    if time.monotonic() >= deadline:
                        holder = os.pread(handle, 32, 0).decode("ascii", "replace").strip()
                        raise OutputError(_busy(shown, holder, wait))
                    time.sleep(0.1)
                if _same_file(handle, self.path):
                    self.handle = handle
            finally:
                if self.handle is None:
                    os.close(handle)
        with contextlib.suppress(OSError):  # who holds it, for the message of a second build
            os.ftruncate(self.handle, 0)
            os.pwrite(self.handle, f"{os.getpid()}\n".encode(), 0)

    def release(self) -> None:
        if self.handle is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            os.close(self.handle)
            self.handle = None


def _try_lock(fcntl: Any, handle: int) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _same_file(handle: int, path: Path) -> bool:
    """Whether the locked file is still the one at ``path`` (its holder may have removed it
    while this build waited, and another build made a new one)."""
    try:
        here, there = os.fstat(handle), os.stat(path)
    except FileNotFoundError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def lock_wait() -> float:
    """How long a build waits for another writing its output: HUBGEN_LOCK_WAIT seconds (for
    CI jobs that queue on one machine), or :data:`LOCK_WAIT`."""
    try:
        return max(0.0, float(os.environ.get("HUBGEN_LOCK_WAIT", LOCK_WAIT)))
    except ValueError:
        return LOCK_WAIT


def _busy(shown: str, holder: str, wait: float) -> Problem:
    who = f" (process {holder})" if holder.isdigit() else ""
    return Problem(
        shown,
        None,
        f"another hubgen build is writing this output folder{who}; waited {wait:g} s",
        "let it finish, then build again: one build at a time writes a folder "
        "(HUBGEN_LOCK_WAIT=SECONDS waits longer)",
    )
