"""The persistent build cache: ``.hubgen-cache/`` in the project.

One SQLite database holds what earlier builds worked out, each entry under a
key that names every input it was made from, so an entry is either right or
never looked up:

``files``     each content file's size, times and content hash (to skip reading it)
``parsed``    each parsed document, by its file's content hash and the settings
``memo``      pure results: Markdown as HTML, privacy findings, maps, finder data,
              share images, image variants, feeds and calendars
``pages``     per state and language: what each page read and the hash of its HTML
``outputs``   what each output folder holds, file by file (see :mod:`hubgen.build.swap`)
``states``    per state, what its last build was made from (see :mod:`hubgen.build.snapshots`)

SQLite keeps the file whole if a build is killed; only the build's own process
writes to it. Values are pickled (and compressed when large); the cache is
private to the project (delete the folder to start over, or pass
``--no-cache``). A cache made by another version of hubgen is ignored. When
the file grows past ``HUBGEN_CACHE_MAX_MB`` (1 GiB by default), the parsed
documents and the memo start afresh.
"""

from __future__ import annotations

import contextlib
import errno
import os
import pickle
import sqlite3
import zlib
from collections.abc import Callable, Hashable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from hubgen import __version__
from hubgen.core.errors import Problem
from hubgen.core.fingerprints import digest

T = TypeVar("T")

FOLDER = ".hubgen-cache"
SCHEMA = 3
TABLES = ("files", "parsed", "memo", "pages", "outputs", "states")


class Cache:
    """A key-value store per table; ``Cache(None)`` remembers nothing.

    The cache can never stop a build: a database that cannot be opened, read
    or written is set aside (see :func:`_open` and :meth:`_give_up`) with one
    warning in :attr:`notices`, and the build goes on without it.
    """

    def __init__(self, folder: Path | None, worker: bool = False) -> None:
        self.folder = folder
        self.worker = worker
        self._db: sqlite3.Connection | None = None
        self.notices: list[Problem] = []  # warnings for the build's report
        # whether writes were lost after the build began to use the cache: what it holds
        # may then be behind what the build did (see hubgen.build.swap)
        self.lost = False
        if folder is not None:
            self._db, notice = _open_worker(folder) if worker else _open(folder)
            if notice is not None:
                self.notices.append(notice)

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def get(self, table: str, key: bytes | str) -> Any:
        if self._db is None:
            return None
        try:
            row = self._db.execute(f"SELECT value FROM {table} WHERE key = ?", (key,)).fetchone()
        except (sqlite3.Error, OSError) as exc:
            self._give_up(exc)
            return None
        return None if row is None else _loads(row[0])

    def get_many(self, table: str, keys: Iterable[bytes | str]) -> dict[bytes | str, Any]:
        if self._db is None:
            return {}
        found: dict[bytes | str, Any] = {}
        wanted = list(keys)
        try:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT key, value FROM {table} WHERE key IN ({marks})"
                for key, value in self._db.execute(query, chunk):
                    loaded = _loads(value)
                    if loaded is not None:
                        found[key] = loaded
        except (sqlite3.Error, OSError) as exc:
            self._give_up(exc)
            return {}
        return found

    def put(self, table: str, key: bytes | str, value: Any) -> None:
        self.put_many(table, [(key, value)])

    def put_many(self, table: str, items: Iterable[tuple[bytes | str, Any]]) -> None:
        if self._db is None:
            return
        rows = [(key, _dumps(value)) for key, value in items]
        if not rows:
            return
        try:
            with self._db:
                self._db.executemany(
                    f"INSERT OR REPLACE INTO {table} (key, value) VALUES (?, ?)", rows
                )
        except (sqlite3.Error, OSError) as exc:
            self._give_up(exc)

    def _give_up(self, exc: BaseException) -> None:
        """Stop using a cache that failed during the build, and set it aside.

        Whatever it failed at, its records may now be behind what this build
        does (a write that did not land), or damaged: the database is removed,
        so the next build starts a new one, and this build goes on without it.
        A worker only stops using it: the build's own process reports and
        removes it when it fails there too.
        """
        db, self._db = self._db, None
        self.lost = True
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.close()
        if self.worker or self.folder is None:
            return
        _remove_database(self.folder)
        if _damaged(exc):
            message = "the build cache was damaged and has been set aside"
            hint = ("nothing to do: this build goes on without it and the next one starts a new "
                    "cache; if it happens again, check the disk")  # fmt: skip
        else:
            message, hint = _unusable(exc, self.folder)
        self.notices.append(_notice(message, hint))

    def reopen(self) -> Cache:
        """A new connection to the same cache, for a worker process (connections do not
        survive a fork): it only reads, and fails quietly."""
        return Cache(self.folder if self.enabled else None, worker=True)

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
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


DATABASE = "cache.sqlite"
# SQLite's primary result codes (named in the sqlite3 module only from Python 3.11)
BUSY, READONLY, CORRUPT, FULL, CANTOPEN, NOTADB = 5, 8, 11, 13, 14, 26


def _connect(folder: Path) -> sqlite3.Connection:
    """The database, ready for this build: its tables made and, when it was made by
    another version of hubgen or has grown too big, emptied. Every step writes, so a
    cache that cannot be written fails here, before the build relies on it."""
    folder.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(folder / DATABASE, timeout=60, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA wal_autocheckpoint=16384")  # fewer, larger checkpoints (64 MB)
        db.execute("BEGIN IMMEDIATE")
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
    except BaseException:
        db.close()
        raise


def _open(folder: Path) -> tuple[sqlite3.Connection | None, Problem | None]:
    """The cache's database, or None and why it cannot be used (a warning).

    A damaged database is removed and made anew; one that cannot be written
    (a read-only disk or folder, a full disk) is left as it is, unused.
    """
    try:
        return _connect(folder), None
    except (OSError, sqlite3.Error) as exc:
        if not _damaged(exc):
            return None, _notice(*_unusable(exc, folder))
    _remove_database(folder)
    try:
        db = _connect(folder)
    except (OSError, sqlite3.Error) as exc:
        return None, _notice(*_unusable(exc, folder))
    hint = "nothing to do: this build makes everything afresh; if it happens again, check the disk"
    return db, _notice("the build cache was damaged and has been rebuilt", hint)


def _open_worker(folder: Path) -> tuple[sqlite3.Connection | None, None]:
    """A read-only connection for a worker process; None where it cannot be had."""
    try:
        uri = (folder / DATABASE).absolute().as_uri() + "?mode=ro"
        return sqlite3.connect(uri, uri=True, timeout=60, isolation_level=None), None
    except (OSError, sqlite3.Error):
        return None, None


def _damaged(exc: BaseException) -> bool:
    """Whether SQLite found the database file damaged (rather than out of reach)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (CORRUPT, NOTADB)
    return isinstance(exc, sqlite3.DatabaseError) and any(
        words in str(exc) for words in ("malformed", "not a database")
    )


def _unusable(exc: BaseException, folder: Path) -> tuple[str, str]:
    """Why the cache cannot be used, and what to do, from what failed (SQLite often says
    only "unable to open database file": the folder itself tells more)."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    number = getattr(exc, "errno", None)
    if code == FULL or number in (errno.ENOSPC, errno.EDQUOT) or _no_space(folder):
        why, hint = "the disk is full", "free some space on the disk"
    elif code in (READONLY, CANTOPEN) or number in (errno.EROFS, errno.EACCES, errno.EPERM):
        why, hint = "its folder is read-only", f"make the {FOLDER} folder writable"
    elif code == BUSY:
        why, hint = "another program holds it", "wait for other hubgen commands to finish"
    else:
        why = str(exc) or type(exc).__name__
        hint = f"delete the {FOLDER} folder if it happens again"
    hint += "; builds are slower without the cache, and as right"
    return f"the build cache cannot be written ({why}): building without it", hint


def _no_space(folder: Path) -> bool:
    try:
        return os.statvfs(folder).f_bavail == 0
    except (OSError, AttributeError):
        return False


def _notice(message: str, hint: str) -> Problem:
    return Problem(FOLDER, None, message, hint, "warning")


def _remove_database(folder: Path) -> None:
    """Set a damaged or untrusted database aside: the next build starts a new one."""
    for name in (DATABASE, f"{DATABASE}-wal", f"{DATABASE}-shm", f"{DATABASE}-journal"):
        with contextlib.suppress(OSError):
            (folder / name).unlink()


def open_cache(root: Path, enabled: bool = True) -> Cache:
    """The project's cache (a disabled one with ``enabled`` False or when it cannot be
    used; then :attr:`Cache.notices` says why)."""
    return Cache(root / FOLDER if enabled else None)


class Store:
    """One table of the cache used as a memo: read on demand, written in batches.

    Keys are made from ``stamp`` (what the code that computes the values is:
    see :func:`hubgen.core.codestamp.code_stamp`) and the parts naming the inputs.
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


def cached_map(
    cache: Cache,
    table: str,
    keys: Mapping[T, bytes],
    compute: Callable[[list[T]], Iterable[tuple[T, Any, bool]]],
) -> tuple[dict[T, Any], list[T]]:
    """A stage over many items, wrapped by the cache by the keys of their inputs.

    Each item whose key ``table`` holds gets the value kept there; ``compute`` is given
    the others and yields each with its value and whether that value may be kept (one
    made from an input that changed while it was read may not). Returns the value of
    every item, and the items computed.
    """
    found = cache.get_many(table, keys.values()) if keys else {}
    values = {item: found[key] for item, key in keys.items() if key in found}
    missing = [item for item in keys if item not in values]
    kept: list[tuple[bytes | str, Any]] = []
    for item, value, keep in compute(missing):
        values[item] = value
        if keep:
            kept.append((keys[item], value))
    cache.put_many(table, kept)
    return values, missing
