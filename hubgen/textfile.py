"""The bytes of a content or settings file as text, or a clear problem.

Editors save files with all sorts of tools: a byte-order mark is dropped,
Windows (CRLF) and old Mac (CR) line endings become LF, so line numbers are
the ones the editor shows. A file too big to be a page, a binary file (NUL
bytes) and text that is not UTF-8 are problems that say where and what to do.
"""

from __future__ import annotations

from hubgen.errors import Problem

MAX_FILE_BYTES = 1024 * 1024  # a content or settings file; the largest demo page is 4 KiB
BOM = "\ufeff"
SAVE_AS_UTF8 = "save it again as UTF-8 (in the editor's Save As, choose the encoding UTF-8)"


def normalized(text: str) -> str:
    """The text without its byte-order mark, with LF line endings."""
    return text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")


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
