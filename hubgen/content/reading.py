"""Read every content file, from the build cache where the file has not changed.

A file is known unchanged when its size, inode and change times are those the
cache saw, and it had not been touched for a while when the cache hashed it
(a file changed in the same clock tick as it was hashed is read again, as git
does). Otherwise it is read and hashed; a parsed document is taken from the
cache when its text's hash, its path and the settings it was checked against
are all the same, and parsed (on several cores when there are many) when not.
Documents come back without their bodies, which are read from the files when
a page needs them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from hubgen.content.config import Config
from hubgen.content.discovery import NATIONAL, SourceFile
from hubgen.content.documents import Document, parse
from hubgen.core.cache import Cache, cached_map
from hubgen.core.errors import Problem, errors_in
from hubgen.core.fingerprints import digest
from hubgen.core.parallel import run_chunks
from hubgen.core.textfile import read_regular, size_problem, unreadable

RACY_NS = 2_000_000_000  # a file changed this close to being hashed is hashed again
Parsed = tuple[Document | None, list[Problem]]


@dataclass(frozen=True)
class Seen:
    """What the cache knows of one file."""

    stat: tuple[int, ...]
    hash: bytes
    hashed_at: int  # time.time_ns() when it was hashed


def _stat_key(path: str) -> tuple[int, ...]:
    st = os.stat(path)
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def _trusted(seen: Seen | None, stat: tuple[int, ...]) -> bool:
    return seen is not None and seen.stat == stat and stat[2] < seen.hashed_at - RACY_NS


@dataclass
class _Work:
    config: Config

    def parse_one(self, source: SourceFile, expected: bytes | None) -> tuple[bytes | None, Parsed]:
        """Parse one file from the text whose hash the build saw (``expected``)."""
        states = {s.key: s for s in self.config.states}
        state = states.get(source.state)
        lang = state.languages[0] if state else self.config.site.languages[0]
        try:
            too_big = size_problem(os.stat(source.file).st_size, source.shown)
            if too_big:  # not read at all
                return None, (None, [too_big])
            content = read_regular(source.file)
        except OSError as exc:
            return None, (None, [unreadable(exc, source.shown)])
        if expected is not None and digest(content) != expected:
            hint = "save your changes and build again"
            return None, (None, [Problem(source.shown, None, "the file changed during the build",
                                         hint)])  # fmt: skip
        doc, problems = parse(source, self.config, state if source.state != NATIONAL else None,
                              lang, content)  # fmt: skip
        return digest(content), ((doc.without_body() if doc else None), problems)


def _parse(
    work: _Work, items: Sequence[tuple[SourceFile, bytes | None]]
) -> list[tuple[bytes | None, Parsed]]:
    return [work.parse_one(*item) for item in items]


def _profile(config: Config, state_key: str, code: bytes) -> bytes:
    """Everything besides the file's own text that parsing reads."""
    state = next((s for s in config.states if s.key == state_key), None)
    return digest(("parse", code, repr(config.site), repr(state)))


def scan(sources: Sequence[SourceFile], cache: Cache) -> dict[str, bytes]:
    """The hash of every file's content (files that cannot be read are left out)."""
    seen: dict[str, Seen] = cache.get("files", "seen") or {}
    now = time.time_ns()
    hashes: dict[str, bytes] = {}
    new_seen: dict[str, Seen] = {}
    for source in sources:
        try:
            stat = _stat_key(source.file)
            if size_problem(stat[0], source.shown):
                continue  # reported, without reading it, when it is parsed
            known = seen.get(source.shown)
            if _trusted(known, stat):
                assert known is not None
                new_seen[source.shown] = known
            else:
                new_seen[source.shown] = Seen(stat, digest(read_regular(source.file)), now)
            hashes[source.shown] = new_seen[source.shown].hash
        except OSError:
            continue  # reported when it is parsed
    if new_seen != seen:
        cache.put("files", "seen", new_seen)
    return hashes


def read_all(
    config: Config,
    sources: Sequence[SourceFile],
    hashes: dict[str, bytes],
    cache: Cache,
    code: bytes,
    jobs: int,
) -> tuple[list[Document], set[tuple[str, str, str, str]], list[Problem], int]:
    """Parse every file (``hashes`` from :func:`scan`); return documents, the keys of files
    with errors (those that could not be read at all have no document), problems, and how
    many files were parsed (not taken from the cache).

    A parsed file is kept under the hash of its text, its path and name, the settings
    and the code: the cache wraps parsing by the keys of what it reads."""
    profiles = {key: _profile(config, key, code) for key in {s.state for s in sources}}
    keys = {
        s: digest((profiles[s.state], s.shown, s.type, s.slug, s.lang, hashes.get(s.shown)))
        for s in sources
    }
    results, parsed = cached_map(
        cache, "parsed", keys, lambda missing: _parse_all(config, missing, hashes, jobs)
    )
    documents, broken, problems = [], set(), []
    for source in sources:
        doc, found_problems = results[source]
        problems += [p.of(source.state) for p in found_problems]
        if doc is None or errors_in(found_problems):
            broken.add((source.state, source.type, source.slug, source.lang))
        if doc is not None:
            documents.append(doc)
    return documents, broken, problems, len(parsed)


def _parse_all(
    config: Config, sources: list[SourceFile], hashes: dict[str, bytes], jobs: int
) -> Iterator[tuple[SourceFile, Parsed, bool]]:
    """Each file parsed (on several cores when there are many), and whether its result may
    be kept: only when the text parsed is the text :func:`scan` hashed."""
    items = [(s, hashes.get(s.shown)) for s in sources]
    done = 0
    for chunk in run_chunks(_parse, _Work(config), items, jobs, least=200):
        for (source, expected), (content_hash, result) in zip(items[done:], chunk, strict=False):
            yield source, result, expected is not None and content_hash == expected
        done += len(chunk)
