"""The bytes of a content, settings or theme file as text, or a clear problem.

Editors save files with all sorts of tools: a byte-order mark is dropped,
Windows (CRLF) and old Mac (CR) line endings become LF, so line numbers are
the ones the editor shows. A file too big to be a page, a binary file (NUL
bytes) and text that is not UTF-8 are problems that say where and what to do.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from hubgen.core.errors import Problem, machine_words

MAX_FILE_BYTES = 1024 * 1024  # a content or settings file; the largest demo page is 4 KiB
BOM = "\ufeff"
SAVE_AS_UTF8 = "save it again as UTF-8 (in the editor's Save As, choose the encoding UTF-8)"


def normalized(text: str) -> str:
    """The text without its byte-order mark, with LF line endings."""
    return text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")


def unreadable(exc: OSError, shown: str) -> Problem:
    """A file that exists but cannot be read (no permission, a disk error), at its path."""
    return Problem(shown, None, *machine_words(exc))


def size_problem(size: int, shown: str) -> Problem | None:
    """A file over the limit, told before it is read."""
    if size <= MAX_FILE_BYTES:
        return None
    return Problem(
        shown,
        None,
        f"the file is {_size(size)}, more than the {_size(MAX_FILE_BYTES)} hubgen reads",
        "split it into several pages; put images in an images/ folder, not in the text",
    )


def decode(raw: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """The file's text (see :func:`normalized`), or None with the problem."""
    too_big = size_problem(len(raw), shown)
    if too_big:
        return None, [too_big]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(shown, 1, "the file is saved as UTF-16, not UTF-8", SAVE_AS_UTF8)]
    nul = raw.find(b"\0")
    if nul >= 0:
        message = f"the file holds a NUL byte (byte {nul}): it looks like a binary file, not text"
        hint = "a content file is text: save it as UTF-8 text, or move it out of content/"
        return None, [Problem(shown, line_at(raw, nul), message, hint)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        byte = raw[exc.start : exc.start + 1].hex().upper()
        message = f"the file is not UTF-8 text: byte 0x{byte} (byte {exc.start}) cannot be read"
        return None, [Problem(shown, line_at(raw, exc.start), message, SAVE_AS_UTF8)]
    return normalized(text), []


def line_at(raw: bytes, offset: int) -> int:
    """The line an editor shows for a byte offset (CR, LF and CRLF each end one line)."""
    head = raw[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MiB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KiB"


class NotAFile(OSError):
    """A path that is no regular file (a named pipe, a socket, a device)."""

    hint = "hubgen reads only regular files there: remove it, or move it elsewhere"


def special_kind(mode: int) -> tuple[str, str]:
    """What a file that is neither a regular file nor a folder is, and what it is for, in
    plain words; ('', '') for a regular file or a folder."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return "", ""
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)", "which programs use to pass data to each other"
    if stat.S_ISSOCK(mode):
        return "socket", "which programs use to talk to each other"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device file", "which stands for a disk or another device"
    return "special file", "which the system uses"


def read_regular(path: str | Path) -> bytes:
    """The bytes of a regular file, or :class:`NotAFile`.

    Opened without waiting for a writer (O_NONBLOCK), then checked: opening a named pipe
    the usual way waits until some program writes to it, which may be never, so a pipe put
    where a page was (between finding the files and reading them) would hang the build.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    handle = os.open(path, flags)
    with os.fdopen(handle, "rb") as file:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            what = f"it is a {special_kind(mode)[0] or 'folder'}, not a file hubgen can read"
            raise NotAFile(errno.EINVAL, what, os.fspath(path))
        return file.read()
