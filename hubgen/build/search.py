"""Offline search: a Pagefind index of each state's built site, in its ``pagefind/`` folder.

Pagefind (its program ships in the PyPI package ``pagefind[bin]``) reads the built
HTML, one index per page language, and makes a small search bundle; the search
page loads it from the same site, so search works on any static host and on a
copy of the files, offline. Only pages marked ``data-pagefind-body`` are indexed
(unlisted events are not).

hubgen runs Pagefind in its service mode and hands it the pages itself rather
than running its command line over the folder, for three reasons:

- Order. The command line reads the pages in the order the file system lists
  them, and the bundle depends on that order, so the same pages on two kinds of
  disk (tmpfs and ext4, say) gave different bundles. hubgen sends the pages
  sorted by their path, so a state built alone on one CI runner is byte for byte
  the same as in a full build on another.
- Checks. The command line wrote the bundle itself and still exited 0 when the
  disk was full, leaving empty files. hubgen takes the bundle back in memory,
  checks it (no empty file, the script and the table of contents there and
  readable) and only then writes it into the output with the other files, so a
  write that fails is hubgen's to report and a bad bundle is never published.
- Speed. The ``pagefind`` package's own client is asynchronous and waits 0.1 s
  before reading each answer: 7 s for the demo's 67 pages, 400 s for a state of
  4,000. :class:`Pagefind` is a small synchronous client: it sends one request,
  reads its answer, then sends the next, so neither side can be left waiting for
  the other with a full pipe, and the pages go in exactly in the order sent. A
  Pagefind that stops, or gives no answer for :data:`TIMEOUT` seconds, is a
  problem reported to the organizer, never a build that hangs. The service
  reads one page at a time where the command line used every core, so states
  are indexed side by side (:func:`index_sites`), one Pagefind each.

Pagefind names its files for their content, and hubgen puts the one table it
writes in no set order (the languages of the table of contents) into order, so
the same pages give the same bundle.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Generator
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from hubgen.core.errors import Problem

BUNDLE = "pagefind"
ENTRY = "pagefind-entry.json"  # the bundle's table of contents
SCRIPT = "pagefind.js"  # what the search page loads first
TIMEOUT = 300.0  # seconds Pagefind may take to answer one request
Bundle = dict[str, bytes]  # path inside pagefind/ -> content
Made = tuple[str, Bundle | Problem]  # a state, and its bundle or why there is none

PROGRAM = "the search program (Pagefind)"
REINSTALL = (
    "install hubgen again with its dependencies (they include pagefind[bin]), or set "
    "'search: false' in content/site.yaml to build the sites without search"
)
AGAIN = (
    "build again (the sites published before are unchanged); if it happens again, "
    "install hubgen again with its dependencies (they include pagefind[bin])"
)
BUSY = (
    "build again when the computer is less busy (the sites published before are "
    "unchanged); if it happens again, install hubgen again with its dependencies"
)


class SearchFailed(Exception):
    """The search bundle could not be made: a message and a hint for the organizer."""

    def __init__(self, message: str, hint: str = AGAIN) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def index_site(folder: Path, shown: str) -> Bundle | Problem:
    """The search bundle of one built state site (path inside ``pagefind/`` -> content),
    checked; or a problem at ``shown`` (the state's content folder) if it failed."""
    try:
        with tempfile.TemporaryFile() as said, Pagefind(_program(), said, TIMEOUT) as service:
            files = _index(service, folder)
        return checked(files)
    except SearchFailed as failed:
        return Problem(shown, None, failed.message, failed.hint)


def index_sites(output: Path, keys: list[str], jobs: int) -> Generator[Made, None, None]:
    """:func:`index_site` of each state's folder in ``output``, yielded in the order of
    ``keys``, up to ``jobs`` states at once: Pagefind's service reads one page at a time
    (on one core), so states indexed side by side use the others. Each state's bundle
    is made the same way whatever the number; only the waiting is shared."""

    def index(key: str) -> Bundle | Problem:
        return index_site(output / key, f"content/{key}")

    if jobs < 2 or len(keys) < 2:
        yield from ((key, index(key)) for key in keys)
        return
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(min(jobs, len(keys)), thread_name_prefix="pagefind")
    try:
        yield from zip(keys, pool.map(index, keys), strict=True)
    finally:  # closed early (a write failed): start no more states
        pool.shutdown(cancel_futures=True)


def site_pages(folder: Path) -> list[str]:
    """The HTML pages of a built site by path relative to it, sorted (never in the order the
    file system lists them, which differs from disk to disk); not the search bundle's."""
    pages = []
    for base, folders, names in os.walk(folder):
        if base == str(folder):
            folders[:] = [name for name in folders if name != BUNDLE]
        inside = os.path.relpath(base, folder).replace(os.sep, "/")
        prefix = "" if inside == "." else f"{inside}/"
        pages += [prefix + name for name in names if name.endswith(".html")]
    return sorted(pages)


def _index(service: Pagefind, folder: Path) -> dict[str, bytes]:
    """Hand Pagefind every page of the site in order; the bundle it makes of them."""
    index = service.ask({"type": "NewIndex", "config": None}, "NewIndex").get("index_id")
    if not isinstance(index, int):  # (a request naming no index would get no answer)
        raise SearchFailed(f"{PROGRAM} gave an answer hubgen does not understand")
    for page in site_pages(folder):
        text = (folder / page).read_bytes().decode("utf-8", "replace")
        service.ask({"type": "AddFile", "index_id": index, "file_path": page, "url": None,
                     "file_contents": text}, "IndexedFile", page)  # fmt: skip
    listed = service.ask({"type": "GetFiles", "index_id": index}, "GetFiles").get("files")
    files = {}
    for item in listed if isinstance(listed, list) else [None]:
        try:
            files[str(item["path"])] = base64.b64decode(item["content"], validate=True)
        except (TypeError, KeyError, ValueError):  # binascii.Error is a ValueError
            raise SearchFailed(f"{PROGRAM} sent back a search index hubgen cannot read") from None
    return files


def checked(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle, once it is known to be whole, with its table of contents in order."""
    for name, data in sorted(files.items()):
        if "\\" in name or any(part in ("", ".", "..") for part in name.split("/")):
            raise SearchFailed(f"{PROGRAM} made a search index file with a strange name: {name!r}")
        if not data:
            raise SearchFailed(f"the search index came out incomplete: {BUNDLE}/{name} is empty")
    for name in (SCRIPT, ENTRY):
        if name not in files:
            raise SearchFailed(f"the search index came out incomplete: {BUNDLE}/{name} is missing")
    return {**files, ENTRY: languages_in_order(files[ENTRY])}


def languages_in_order(entry: bytes) -> bytes:
    """Pagefind lists the indexes of the languages in any order (its own table's): name
    them in alphabetical order, so one build's bundle is byte for byte the next one's."""
    try:
        data = json.loads(entry)
    except ValueError:  # not UTF-8 is a ValueError too
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("languages"), dict):
        raise SearchFailed(f"the search index came out damaged: {BUNDLE}/{ENTRY}, its table "
                           "of contents, cannot be read")  # fmt: skip
    data["languages"] = dict(sorted(data["languages"].items()))
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _program() -> Path:
    """Pagefind's program, found the way the ``pagefind`` package finds it (its setting
    ``PAGEFIND_BINARY_PATH`` first, then the installed ``pagefind[bin]``, then PATH)."""
    try:
        from pagefind.service import get_executable  # imports asyncio: only when indexing
    except ImportError:
        raise SearchFailed(f"{PROGRAM} is not installed", REINSTALL) from None
    program = get_executable()
    if program is None:
        raise SearchFailed(f"{PROGRAM} is not installed", REINSTALL)
    return program


class Pagefind:
    """Pagefind's service mode (``pagefind --service``), asked one thing at a time.

    A request is base64 of a JSON object ``{"message_id", "payload"}`` and a comma,
    written to Pagefind's input; its answer is the same on Pagefind's output, with
    ``payload["type"] == "Error"`` for a request it could not do. Each request waits
    for its answer before the next is sent, so the pipes never fill up both ways.
    """

    def __init__(self, program: Path, said: IO[bytes], timeout: float = TIMEOUT) -> None:
        """``said``: a file for what Pagefind prints (about a failure, if it fails)."""
        self.timeout, self._said = timeout, said
        try:
            self.process = subprocess.Popen([str(program), "--service"], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=self._said)  # fmt: skip
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise SearchFailed(f"{PROGRAM} could not be started ({reason}: {program})",
                               REINSTALL) from None  # fmt: skip
        self._deadline = _Deadline(self.process, timeout)
        self._unread = bytearray()
        self._sent = 0

    def __enter__(self) -> Pagefind:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:  # fmt: skip
        self.close()

    def ask(self, payload: dict[str, Any], expected: str, page: str = "") -> dict[str, Any]:
        """Send one request and wait for its answer (of type ``expected``)."""
        self._sent += 1
        request = json.dumps({"message_id": self._sent, "payload": payload}, ensure_ascii=False)
        self._deadline.renew()
        stdin = self.process.stdin
        assert stdin is not None
        try:
            stdin.write(base64.b64encode(request.encode()) + b",")
            stdin.flush()
        except (OSError, ValueError):  # it has stopped reading: it ended
            raise self._stopped() from None
        answer = self._answer()
        reply = answer.get("payload") if isinstance(answer, dict) else None
        if not isinstance(reply, dict) or answer.get("message_id") not in (self._sent, None):
            raise SearchFailed(f"{PROGRAM} gave an answer hubgen does not understand")
        if reply.get("type") == "Error":
            what = f"could not read the page {page}" if page else "could not make the index"
            raise SearchFailed(f"{PROGRAM} {what}: {reply.get('message') or 'no reason given'}")
        if reply.get("type") != expected:
            raise SearchFailed(f"{PROGRAM} gave an answer hubgen does not understand")
        return reply

    def _answer(self) -> Any:
        """The next answer: everything up to the next comma, decoded."""
        stdout = self.process.stdout
        assert stdout is not None
        start = 0
        while (end := self._unread.find(b",", start)) < 0:
            start = len(self._unread)
            chunk = stdout.read1(1 << 20)
            if not chunk:
                raise self._stopped()
            self._unread += chunk
        text = bytes(self._unread[:end])
        del self._unread[: end + 1]
        try:
            return json.loads(base64.b64decode(text, validate=True))
        except ValueError:  # binascii.Error is a ValueError
            raise SearchFailed(f"{PROGRAM} gave an answer hubgen cannot read") from None

    def _stopped(self) -> SearchFailed:
        """Why Pagefind gave no answer: it took too long, or it ended (and what it said)."""
        if self._deadline.passed:
            return SearchFailed(f"{PROGRAM} gave no answer for {self.timeout:g} seconds and "
                                "was stopped", BUSY)  # fmt: skip
        try:
            status = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            status = self.process.wait()
        self._said.seek(0)
        lines = self._said.read().decode("utf-8", "replace").splitlines()
        said = [line.strip() for line in lines if line.strip() and not line.startswith("note: ")]
        why = said[-1] if said else f"exit status {status}"  # (a crash ends with a "note:")
        return SearchFailed(f"{PROGRAM} stopped before the search index was made ({why})")

    def close(self) -> None:
        """Let Pagefind end (it does when its input closes); stop it if it does not."""
        self._deadline.stop()
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):  # what was left to send: it has ended
                self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


class _Deadline:
    """Stops a process that has not answered in ``seconds`` (a thread that sleeps until
    the time is up, or until it is renewed or stopped): a Pagefind that stalls, or stops
    reading what is sent to it, becomes a problem to report instead of a build that hangs."""

    def __init__(self, process: subprocess.Popen[bytes], seconds: float) -> None:
        self.process, self.seconds = process, seconds
        self.due = time.monotonic() + seconds
        self.passed = False
        self._stop = threading.Event()
        threading.Thread(target=self._watch, name="pagefind-deadline", daemon=True).start()

    def renew(self) -> None:
        self.due = time.monotonic() + self.seconds

    def stop(self) -> None:
        self._stop.set()

    def _watch(self) -> None:
        while not self._stop.wait(max(self.due - time.monotonic(), 0.0)):
            if time.monotonic() >= self.due:
                self.passed = True
                self.process.kill()
                return
