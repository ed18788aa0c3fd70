"""The published folder and its spare: whole-folder swaps that write only what changed.

A build never writes into the published folder (``public/``). It writes into a
second folder beside it, ``.public.previous/``, which holds the output of the
build before last, and then swaps the two folders in one atomic step
(``renameat2(RENAME_EXCHANGE)`` on Linux). The build cache records what each
of the two folders holds, file by file, so bringing the spare up to date
means writing only the files that differ from it (copied from the published
folder when they are unchanged there) and removing the ones that are gone.

Before the first write the spare's record marks every file about to be
written as unknown, so a build that fails or is killed part-way leaves a
record that is still true; the published folder is never touched until the
swap. Where folders cannot be exchanged atomically, or nothing is known of
them (no cache, or made by an older hubgen), the build writes a fresh folder
instead and swaps it in whole.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

from hubgen.build.output import (
    MARKER,
    MARKER_TEXT,
    OutputError,
    OutputLock,
    make_temp,
    remove_leftovers,
    safe_path,
    temp_name,
    write_file,
    write_marker,
)
from hubgen.core.cache import Cache
from hubgen.core.errors import Problem

Manifest = dict[str, bytes | None]  # relative path -> content hash (None: unknown)


def content_hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def share_file(source: Path, target: Path, relative: str) -> None:
    """Put ``source``'s file into ``target`` too: a hard link, or a copy where links fail."""
    parts = relative.split("/")
    old, new = os.path.join(source, *parts), os.path.join(target, *parts)
    try:
        os.unlink(new)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(new), exist_ok=True)
    try:
        os.link(old, new)
    except OSError:
        shutil.copyfile(old, new)


def _identity(folder: Path) -> str | None:
    """Which folder this is: its inode, and its marker file's inode and time."""
    try:
        here, marker = os.stat(folder), os.stat(folder / MARKER)
    except OSError:
        return None
    return f"{here.st_dev}:{here.st_ino}:{marker.st_ino}:{marker.st_mtime_ns}"


def _new_folder(path: Path) -> None:
    path.mkdir(parents=True)
    write_marker(path)


def _new_identity(folder: Path) -> None:
    """Give a folder a new identity, so no record of the cache describes it any more: its
    marker is replaced by a new file (made before the old one goes, so its inode differs),
    or where that cannot be written (a full disk), removed: a spare without a marker is
    made anew by the next build."""
    fresh = folder / f"{MARKER}.new"
    try:
        write_marker(folder, fresh.name)
        os.replace(fresh, folder / MARKER)
    except OSError:
        fresh.unlink(missing_ok=True)
        (folder / MARKER).unlink(missing_ok=True)


_LIBC: ctypes.CDLL | None = None


def exchange(first: Path, second: Path) -> None:
    """Swap two folders in one step; OSError where the system cannot."""
    global _LIBC
    if _LIBC is None:
        _LIBC = ctypes.CDLL(None, use_errno=True)  # the C library is loaded already
    try:
        renameat2 = _LIBC.renameat2
    except AttributeError:
        raise OSError("renameat2 is not available") from None
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange):
        error = ctypes.get_errno()
        raise OSError(error, os.strerror(error))


def can_exchange(out: Path) -> bool:
    """Whether folders beside ``out`` can be swapped atomically (tried on two empty ones)."""
    first, second = temp_name(out, "probe-"), temp_name(out, "probe-")
    try:
        for folder in (first, second):
            folder.mkdir()
        exchange(first, second)
        return True
    except OSError:
        return False
    finally:
        for folder in (first, second):
            shutil.rmtree(folder, ignore_errors=True)


class Swap:
    """The published folder ``out`` and the folder the build writes, swapped at the end.

    The build writes into the spare (``.public.previous``) when the cache knows
    what it holds and folders can be exchanged; otherwise into a fresh folder
    (``fresh``), which must then be written whole.

    What the cache records of a folder is always true: before a file of the
    spare changes, its record says the file is unknown; a folder whose record
    could not be written (the cache failed during the build) gets a new
    identity, which no record describes. The swap is the commit point: until
    it, the published folder is untouched; after it, nothing can undo it.
    """

    def __init__(self, out: Path, cache: Cache, only: tuple[str, ...] | None = None,
                 shown: str = "") -> None:  # fmt: skip
        """``out``: the published folder (its real path, symbolic links resolved);
        ``only``: the names at the top of the output this build makes (one state's
        folder, or the landing page's files); everything else stays as it is."""
        self.out, self.cache, self.only = out, cache, only
        self.spare = out.parent / f".{out.name}.previous"
        self._lock = OutputLock(out, shown or str(out))  # one build at a time writes it
        try:
            remove_leftovers(out)
            self.live: Manifest | None = None
            if out.exists():
                ident = _identity(out)
                self.live = cache.get("outputs", ident) if ident else None
            self.fresh = not cache.enabled or not out.parent.is_dir() or not can_exchange(out)
            self.fresh = self.fresh or (only is not None and self.live is None)
            known: Manifest | None = None
            if not self.fresh:
                ident = _identity(self.spare)
                known = cache.get("outputs", ident) if ident else None
        except BaseException:
            self.release()
            raise
        self.known_spare = known is not None
        self.has: Manifest = known or {MARKER: content_hash(MARKER_TEXT.encode())}
        self.held: Manifest = {}  # what declared files held before they were declared
        self.files: dict[str, bytes] = {}  # what the new output holds
        self.written = 0
        self.made = False  # whether open() made the folder written into
        self.swapped = False  # whether the new folder is published (then nothing is undone)
        self._folder: Path | None = None

    @property
    def folder(self) -> Path:
        """The folder being written; made (or chosen) by the first call."""
        if self._folder is None:
            self._folder = self._open()
        return self._folder

    def _open(self) -> Path:
        out, only = self.out, self.only
        out.parent.mkdir(parents=True, exist_ok=True)
        if self.fresh:
            folder = make_temp(out)
            self.made = True
            if only is not None and out.exists():  # the other states, as they are
                _copy_all_but(out, folder, (*only, MARKER))
            return folder
        if not self.known_spare:
            shutil.rmtree(self.spare, ignore_errors=True)
            _new_folder(self.spare)
            self.made = True
        return self.spare

    def _record(self, folder: Path, manifest: Manifest | None) -> None:
        """Keep what ``folder`` holds in the cache; where the cache could not take it, no
        record may describe the folder any more."""
        self.cache.put("outputs", _identity(folder), manifest)
        if self.cache.lost:
            _new_identity(folder)

    def available(self, relative: str, digest: bytes) -> bool:
        """Whether a file with this content is already in one of the two folders."""
        return self.has.get(relative) == digest or (self.live or {}).get(relative) == digest

    def declare(self, paths: Iterable[str]) -> None:
        """Record, before writing them, that these files of the spare may change."""
        for relative in paths:
            self.held.setdefault(relative, self.has.get(relative))
            self.has[relative] = None
        if not self.fresh:
            self._record(self.folder, self.has)

    def note(self, relative: str, digest: bytes, written: bool) -> None:
        """A file of the new output, written into the folder now or already there."""
        self.files[relative] = digest
        if written or self.held.get(relative) == digest:
            self.has[relative] = digest
        if (self.live or {}).get(relative) != digest:
            self.written += 1

    def write(self, relative: str, data: bytes) -> None:
        digest = content_hash(data)
        needed = self.has.get(relative) != digest
        shared = needed and (self.live or {}).get(relative) == digest
        if shared:  # unchanged since the last build: the published file itself
            try:
                share_file(self.out, self.folder, relative)
            except OSError:  # not there as its record says: written after all
                shared = False
        if needed and not shared:
            write_file(self.folder, relative, data)
        self.note(relative, digest, needed)

    def keep_files(self, files: Mapping[str, bytes]) -> None:
        """Keep these files as they are in one of the two folders."""
        self.files.update(files)

    def keep_spare(self, prefix: str) -> dict[str, bytes]:
        """Keep the files under ``prefix`` that the folder being written holds, as they are
        unless written again; returns them."""
        kept = {path: digest for path, digest in self.has.items()
                if path.startswith(prefix) and digest is not None}  # fmt: skip
        self.files.update(kept)
        return kept

    def drop(self, paths: Iterable[str]) -> None:
        """These files are not part of the new output after all: :meth:`settle` removes them."""
        for relative in paths:
            self.files.pop(relative, None)

    def keep(self, prefix: str) -> None:
        """Keep the published files under ``prefix`` (a folder, like 'wisconsin/pagefind/')."""
        for relative, digest in (self.live or {}).items():
            if relative.startswith(prefix) and digest is not None:
                self.files[relative] = digest

    def changed(self, prefix: str, besides: str) -> bool:
        """Whether the new output differs from the published one under the folder
        ``prefix``, leaving out what is under ``besides``."""

        def part(files: Mapping[str, bytes | None]) -> dict[str, bytes | None]:
            return {k: v for k, v in files.items() if k.startswith(prefix)
                    and not k.startswith(besides)}  # fmt: skip

        return self.live is None or part(self.live) != part(self.files)

    def settle(self) -> None:
        """Bring every file of the new output into the folder; remove the others."""
        live = self.live or {}
        if self.only is not None:
            for relative, digest in live.items():
                if not self._mine(relative) and digest is not None:
                    self.files.setdefault(relative, digest)
        self.files.setdefault(MARKER, content_hash(MARKER_TEXT.encode()))
        shared: list[str] = []
        for relative, digest in self.files.items():
            if self.has.get(relative) == digest:
                continue
            if self.fresh and not self._mine(relative):
                self.has[relative] = digest  # copied with the other states
                continue
            if live.get(relative) != digest:
                hint = "build again; if it happens again, delete the .hubgen-cache folder"
                raise OutputError(Problem(relative, None, "an output file went missing", hint))
            shared.append(relative)
        gone = [r for r in self.has if r not in self.files]
        if shared or gone:
            self.declare([*shared, *gone])
        for relative in shared:
            share_file(self.out, self.folder, relative)
            self.has[relative] = self.files[relative]
        for relative in gone:
            _remove(self.folder, relative)
            del self.has[relative]

    def _mine(self, relative: str) -> bool:
        """Whether the build makes the file (the others are kept as they are)."""
        return self.only is None or relative.split("/", 1)[0] in self.only

    def commit(self) -> None:
        """Record what the folder holds and swap it in for the published one: the commit
        point. Run it with interrupts held back (see :mod:`hubgen.core.interrupts`): once the
        folders are swapped, the rest only tidies up, and a failure there changes nothing
        the next build relies on."""
        complete = not (self.fresh and self.only is not None)
        folder = self.folder
        self._record(folder, self.has if complete else None)
        if not self.out.exists():
            os.replace(folder, self.out)
            self.swapped = True
            self._tidy(None, remake_spare=True)
            return
        try:
            exchange(folder, self.out)
        except OSError:  # no atomic swap here: two renames, between which out is absent
            old = temp_name(self.out, "old-")
            os.replace(self.out, old)
            os.replace(folder, self.out)
            self.swapped = True
            self._tidy(old, remake_spare=False)
            return
        self.swapped = True
        # the old output is now in the spare's place; kept as the spare when it is known
        unknown = self.fresh or self.live is None
        self._tidy(folder if unknown else None, remake_spare=unknown)

    def _tidy(self, old: Path | None, remake_spare: bool) -> None:
        """After the swap: remove ``old`` (the previous output, when it is not kept) and
        make the spare anew where needed. Nothing here can fail the build: a folder left
        over is removed by the next one."""
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        if remake_spare:
            self._spare_from_output()

    def _spare_from_output(self) -> None:
        """Make the spare a copy of the new output, its files shared with it (hard links),
        so the next build writes only what changes. Files are only ever replaced, never
        written into, so sharing them is safe."""
        if self.fresh or not self.cache.enabled:
            return
        shutil.rmtree(self.spare, ignore_errors=True)
        try:
            _new_folder(self.spare)
            for relative in self.has:
                if relative != MARKER:
                    share_file(self.out, self.spare, relative)
            self._record(self.spare, dict(self.has))
        except OSError:  # no hard links here: the next build makes the spare itself
            shutil.rmtree(self.spare, ignore_errors=True)

    def release(self) -> None:
        """Let another build write this output."""
        self._lock.release()

    def abort(self) -> None:
        """After a failure before the swap: leave a spare that was there as its record
        says (unknown where writes were planned); remove a folder this build made. After
        the swap there is nothing to undo."""
        if self._folder is None or self.swapped:
            return
        if self.made:
            shutil.rmtree(self._folder, ignore_errors=True)
        elif not self.fresh:
            try:
                self._record(self._folder, self.has)
            except OSError:  # the disk that failed the build: the spare is made anew
                shutil.rmtree(self._folder, ignore_errors=True)


def _copy_all_but(source: Path, target: Path, skip: tuple[str, ...]) -> None:
    for entry in source.iterdir():
        if entry.name in skip:
            continue
        if entry.is_dir():
            shutil.copytree(entry, target / entry.name)
        else:
            shutil.copy2(entry, target / entry.name)


def _remove(folder: Path, relative: str) -> None:
    path = safe_path(folder, relative)
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
    parent = path.parent
    while parent != folder:
        try:
            parent.rmdir()
        except OSError:
            break
        parent = parent.parent
