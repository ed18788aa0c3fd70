"""The persistent build cache: ``.hubgen-cache/`` in the project.

One SQLite database holds what earlier builds worked out, each entry under a
key that names every input it was made from, so an entry is either right or
never looked up:

``files``     each content file's size, times and content hash (to skip reading it)
``parsed``    each parsed document, by its file's content hash and the settings
``memo``      pure results: Markdown as HTML, privacy findings, maps, finder data,
              share images, image variants, feeds and calendars
``pages``     per state and language: what each page read and the hash of its HTML
``outputs``   what each output folder holds, file by file (see :mod:`hubgen.buffers`)
``states``    per state, what its last build was made from (see :mod:`hubgen.snapshots`)

SQLite keeps the file whole if a build is killed; only the build's own process
writes to it. Values are pickled (and compressed when large); the cache is
private to the project (delete the folder to start over, or pass
``--no-cache``). A cache made by another version of hubgen is ignored. When
the file grows past ``HUBGEN_CACHE_MAX_MB`` (1 GiB by default), the parsed
documents and the memo start afresh.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import zlib
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

from hubgen import __version__
from hubgen.trace import digest

FOLDER = ".hubgen-cache"
SCHEMA = 3
TABLES = ("files", "parsed", "memo", "pages", "outputs", "states")


class Cache:
    """A key-value store per table; ``Cache(None)`` remembers nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._db: sqlite3.Connection | None = None
        if folder is not None:
            self._db = _open(folder)

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def get(self, table: str, key: bytes | str) -> Any:
        if self._db is None:
            return None
        row = self._db.execute(f"SELECT value FROM {table} WHERE key = ?", (key,)).fetchone()
        return None if row is None else _loads(row[0])

    def get_many(self, table: str, keys: Iterable[bytes | str]) -> dict[bytes | str, Any]:
        if self._db is None:
            return {}
        found: dict[bytes | str, Any] = {}
        wanted = list(keys)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT key, value FROM {table} WHERE key IN ({marks})"
            for key, value in self._db.execute(query, chunk):
                loaded = _loads(value)
                if loaded is not None:
                    found[key] = loaded
        return found

    def put(self, table: str, key: bytes | str, value: Any) -> None:
        self.put_many(table, [(key, value)])

    def put_many(self, table: str, items: Iterable[tuple[bytes | str, Any]]) -> None:
        if self._db is None:
            return
        rows = [(key, _dumps(value)) for key, value in items]
        if rows:
            with self._db:
                self._db.executemany(
                    f"INSERT OR REPLACE INTO {table} (key, value) VALUES (?, ?)", rows
                )

    def reopen(self) -> Cache:
        """A new connection to the same cache, for a worker process (connections do not
        survive a fork)."""
        return Cache(self.folder)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _dumps(value: Any) -> bytes:
    """Pickled, and compressed when large (rendered HTML shrinks to a quarter)."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return b"z" + zlib.compress(data, 1) if len(data) > 2048 else b"p" + data


def _loads(blob: bytes) -> Any:
    try:
        return pickle.loads(zlib.decompress(blob[1:]) if blob[:1] == b"z" else blob[1:])
    except Exception:  # an entry from an older hubgen, or damaged: treat as missing
        return None


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("cache.sqlite*") if p.is_file())


def _limit() -> int:
    """How big the cache may grow: HUBGEN_CACHE_MAX_MB, or 1 GiB."""
    try:
        return int(os.environ.get("HUBGEN_CACHE_MAX_MB", "1024")) * 1024 * 1024
    except ValueError:
        return 1024 * 1024 * 1024


def _open(folder: Path) -> sqlite3.Connection | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(folder / "cache.sqlite", timeout=60, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA wal_autocheckpoint=16384")  # fewer, larger checkpoints (64 MB)
        db.execute("BEGIN")
        db.execute("CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT)")
        stamp = f"{SCHEMA} {__version__}"
        row = db.execute("SELECT value FROM info WHERE key = 'version'").fetchone()
        if row is None or row[0] != stamp:
            for table in TABLES:
                db.execute(f"DROP TABLE IF EXISTS {table}")
            db.execute("INSERT OR REPLACE INTO info VALUES ('version', ?)", (stamp,))
        for table in TABLES:
            db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key PRIMARY KEY, value BLOB)")
        db.execute("COMMIT")
        if _size(folder) > _limit():
            # Entries are never removed one by one; when the cache has grown too big, the
            # parsed documents and the memo (most of it) start afresh: slower, never wrong.
            for table in ("parsed", "memo"):
                db.execute(f"DELETE FROM {table}")
            db.execute("VACUUM")
        db.isolation_level = ""  # "with db:" makes a transaction again
        return db
    except (OSError, sqlite3.Error):
        return None  # a read-only or damaged cache folder: build without it


def open_cache(root: Path, enabled: bool = True) -> Cache:
    cache = Cache(root / FOLDER if enabled else None)
    return cache if cache.enabled else Cache(None)


class Store:
    """One table of the cache used as a memo: read on demand, written in batches.

    Keys are made from ``stamp`` (what the code that computes the values is:
    see :func:`hubgen.stamp.code_stamp`) and the parts naming the inputs.
    """

    def __init__(self, cache: Cache, table: str, stamp: bytes) -> None:
        self.cache, self.table, self.stamp = cache, table, stamp
        self.pending: dict[bytes, Any] = {}

    def key(self, parts: Hashable) -> bytes:
        return digest((self.stamp, parts))

    def get(self, parts: Hashable) -> Any:
        key = self.key(parts)
        if key in self.pending:
            return self.pending[key]
        return self.cache.get(self.table, key)

    def get_many(self, parts: list[Any]) -> dict[Any, Any]:
        """The values found, by their parts."""
        keys = {self.key(p): p for p in parts}
        found = {keys[k]: v for k, v in self.pending.items() if k in keys}
        stored = self.cache.get_many(self.table, [k for k in keys if keys[k] not in found])
        found.update({keys[k]: v for k, v in stored.items()})
        return found

    def put(self, parts: Hashable, value: Any) -> None:
        if self.cache.enabled:
            self.pending[self.key(parts)] = value

    def remember(self, parts: Hashable, compute: Callable[[], Any]) -> Any:
        found = self.get(parts)
        if found is None:
            found = compute()
            self.put(parts, found)
        return found

    def take(self) -> list[tuple[bytes, Any]]:
        """The entries made since the last take (for another process to write)."""
        taken, self.pending = list(self.pending.items()), {}
        return taken

    def flush(self) -> None:
        self.cache.put_many(self.table, self.take())
