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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hubgen.content.config import Config
from hubgen.content.discovery import NATIONAL, SourceFile
from hubgen.content.documents import Document, parse
from hubgen.core.cache import Cache
from hubgen.core.errors import Problem
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
) -> tuple[list[Document], set[tuple[str, str, str]], list[Problem], int]:
    """Parse every file (``hashes`` from :func:`scan`); return documents, the keys of files
    that failed, problems, and how many files were parsed (not taken from the cache)."""
    profiles = {key: _profile(config, key, code) for key in {s.state for s in sources}}
    keys = {
        s.shown: digest((profiles[s.state], s.shown, s.type, s.slug, s.lang, hashes.get(s.shown)))
        for s in sources
    }
    found: dict[Any, Parsed] = cache.get_many("parsed", keys.values()) if keys else {}
    missing = [(s, hashes.get(s.shown)) for s in sources if keys[s.shown] not in found]
    parsed: dict[str, Parsed] = {}
    done = 0
    for chunk in run_chunks(_parse, _Work(config), missing, jobs, least=200):
        for (source, expected), (content_hash, result) in zip(missing[done:], chunk, strict=False):
            parsed[source.shown] = result
            if content_hash is not None and content_hash == expected:
                found[keys[source.shown]] = result
        done += len(chunk)
    cache.put_many("parsed", [(keys[s.shown], parsed[s.shown]) for s, expected in missing
                              if expected is not None and keys[s.shown] in found])  # fmt: skip
    documents, broken, problems = [], set(), []
    for source in sources:
        doc, found_problems = parsed.get(source.shown) or found[keys[source.shown]]
        problems += [p.of(source.state) for p in found_problems]
        if doc is None:
            broken.add((source.state, source.type, source.slug))
        else:
            documents.append(doc)
    return documents, broken, problems, len(parsed)
